// Hashing for determinism checks and incremental state fingerprints.
//
// Hasher is a rolling FNV-1a-64 over a canonical byte encoding: feeding the
// same values in the same order gives the same hash on every platform.
// mix64 is a strong 64-bit mixer (SplitMix64's finalizer); set_hash combines
// per-element hashes into an order-independent multiset hash by addition, so
// a collection's fingerprint updates in O(1) per insert or erase.
//
// Speed without a different hash: every add gives exactly the state the
// byte-at-a-time FNV-1a would. add(uint64_t) folds the value's zero high
// bytes into one multiplication; add_label() (a string from a small
// vocabulary that repeats, such as a call label) looks up what FNV-1a over
// the whole string does to a state (sim/hash.cc) instead of stepping
// byte by byte.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>

namespace catsim {

inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

// kFnvPrimePowers[n] = kFnvPrime^n (mod 2^64): n zero bytes fed to FNV-1a.
inline constexpr std::array<uint64_t, 9> kFnvPrimePowers = [] {
  std::array<uint64_t, 9> powers{};
  powers[0] = 1;
  for (size_t n = 1; n < powers.size(); ++n) powers[n] = powers[n - 1] * kFnvPrime;
  return powers;
}();

// FNV-1a's step for one byte.
inline uint64_t fnv_byte(uint64_t state, uint8_t b) {
  return (state ^ b) * kFnvPrime;
}

class Hasher {
 public:
  // The 8 bytes of value, least significant first.
  void add(uint64_t value) {
    // A zero byte only multiplies by the prime: the high zero bytes at once.
    const int bytes = (std::bit_width(value) + 7) / 8;
    for (int i = 0; i < bytes; ++i)
      state_ = fnv_byte(state_, static_cast<uint8_t>(value >> (8 * i)));
    state_ *= kFnvPrimePowers[8 - bytes];
  }
  // The size as add(uint64_t), then the bytes.
  void add(std::string_view text) {
    add(static_cast<uint64_t>(text.size()));
    for (char c : text) state_ = fnv_byte(state_, static_cast<uint8_t>(c));
  }
  // The same state as add(text), faster for a text hashed many times (a
  // label): at most a few hundred distinct such texts per thread are sped up.
  void add_label(std::string_view text);
  uint64_t value() const { return state_; }

 private:
  uint64_t state_ = kFnvOffset;
};

}  // namespace catsim
