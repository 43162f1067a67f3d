// State codec: the explorer's compact form of a state in a BFS frontier.
//
// A state is a plain value whose bytes are mostly zero (processes and the
// reader that do not exist, dead locals, small counters). The encoding is a
// bit mask of the nonzero bytes (one mask byte per 8 state bytes), then
// those bytes in order: about 50 bytes for a 120-byte ModelState.
// Guarantees:
//  1. decode(encode(s)) == s, byte for byte (the type has no padding).
//  2. The encoding depends only on the state's bytes: equal states encode
//     alike, so a layer's bytes depend on its states and their order only.
//  3. encode appends at most encoded_size_max<T>() bytes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace catsim::model {

template <class T>
constexpr size_t encoded_size_max() {
  return (sizeof(T) + 7) / 8 + sizeof(T);
}

template <class T>
void encode_state(const T& state, std::vector<uint8_t>& out) {
  static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>);
  constexpr size_t kBytes = sizeof(T), kMasks = (kBytes + 7) / 8;
  uint8_t raw[kBytes];
  std::memcpy(raw, &state, kBytes);
  const size_t at = out.size();
  out.resize(at + encoded_size_max<T>());
  uint8_t* mask = out.data() + at;
  uint8_t* next = mask + kMasks;
  for (size_t i = 0; i < kBytes; ++i) {
    if (i % 8 == 0) mask[i / 8] = 0;
    const bool nonzero = raw[i] != 0;
    mask[i / 8] = static_cast<uint8_t>(mask[i / 8] | (nonzero ? 1u << (i % 8) : 0u));
    *next = raw[i];
    next += nonzero ? 1 : 0;
  }
  out.resize(static_cast<size_t>(next - out.data()));
}

// The size of the encoding at in.
template <class T>
size_t encoded_size(const uint8_t* in) {
  constexpr size_t kMasks = (sizeof(T) + 7) / 8;
  size_t size = kMasks;
  for (size_t i = 0; i < kMasks; ++i) size += static_cast<size_t>(std::popcount(in[i]));
  return size;
}

// Decodes the state at in; returns where the next encoding begins.
template <class T>
const uint8_t* decode_state(const uint8_t* in, T& state) {
  constexpr size_t kBytes = sizeof(T), kMasks = (kBytes + 7) / 8;
  uint8_t raw[kBytes];
  const uint8_t* next = in + kMasks;
  for (size_t i = 0; i < kBytes; ++i) {
    raw[i] = ((in[i / 8] >> (i % 8)) & 1u) != 0 ? *next++ : 0;
  }
  std::memcpy(&state, raw, kBytes);
  return next;
}

}  // namespace catsim::model
