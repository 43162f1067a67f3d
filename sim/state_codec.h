// State codec: the explorer's compact form of a state in a BFS frontier.
//
// A state is a plain value whose bytes are mostly zero (processes and the
// reader that do not exist, dead locals, small counters). The encoding is a
// bit mask of the nonzero bytes (one mask byte per 8-byte word), then those
// bytes in order: about 50 bytes for a 120-byte ModelState.
// Guarantees:
//  1. decode(encode(s)) == s, byte for byte (the type has no padding).
//  2. The encoding depends only on the state's bytes: equal states encode
//     alike, so a layer's bytes depend on its states and their order only.
//  3. encode appends at most encoded_size_max<T>() bytes.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace catsim::model {

// The number of bits set in each byte value.
inline constexpr auto kBitsIn = [] {
  std::array<uint8_t, 256> bits{};
  for (size_t i = 0; i < bits.size(); ++i) bits[i] = static_cast<uint8_t>(std::popcount(i));
  return bits;
}();

template <class T>
constexpr size_t encoded_size_max() {
  return (sizeof(T) + 7) / 8 + sizeof(T);
}

// Bit i set iff byte i of word is nonzero.
inline uint8_t nonzero_bytes(uint64_t word) {
  uint64_t bits = word | (word >> 4);
  bits |= bits >> 2;
  bits |= bits >> 1;
  bits &= 0x0101010101010101ULL;
  return static_cast<uint8_t>((bits * 0x0102040810204080ULL) >> 56);
}

template <class T>
void encode_state(const T& state, std::vector<uint8_t>& out) {
  static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>);
  static_assert(sizeof(T) % 8 == 0);
  constexpr size_t kWords = sizeof(T) / 8;
  uint8_t raw[sizeof(T)];
  std::memcpy(raw, &state, sizeof(T));
  uint8_t buffer[encoded_size_max<T>()];
  uint8_t* next = buffer + kWords;
  for (size_t w = 0; w < kWords; ++w) {
    uint64_t word;
    std::memcpy(&word, raw + 8 * w, 8);
    const uint8_t mask = nonzero_bytes(word);
    buffer[w] = mask;
    for (uint32_t bits = mask; bits != 0; bits &= bits - 1) {
      *next++ = raw[8 * w + static_cast<size_t>(std::countr_zero(bits))];
    }
  }
  out.insert(out.end(), buffer, next);
}

// The size of the encoding at in.
template <class T>
size_t encoded_size(const uint8_t* in) {
  constexpr size_t kWords = sizeof(T) / 8;
  size_t size = kWords;
  for (size_t w = 0; w < kWords; ++w) size += kBitsIn[in[w]];
  return size;
}

// Decodes the state at in; returns where the next encoding begins.
template <class T>
const uint8_t* decode_state(const uint8_t* in, T& state) {
  constexpr size_t kWords = sizeof(T) / 8;
  uint8_t raw[sizeof(T)] = {};
  const uint8_t* next = in + kWords;
  for (size_t w = 0; w < kWords; ++w) {
    for (uint32_t bits = in[w]; bits != 0; bits &= bits - 1) {
      raw[8 * w + static_cast<size_t>(std::countr_zero(bits))] = *next++;
    }
  }
  std::memcpy(&state, raw, sizeof(T));
  return next;
}

}  // namespace catsim::model
