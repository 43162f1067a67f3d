#include "sim/bitstate_set.h"

#include <bit>
#include <cmath>

#include "sim/check.h"
#include "sim/hash.h"
#include "sim/rng.h"

namespace catsim::model {

double bitstate_omission_probability(uint64_t inserted, uint32_t log2_bits, uint32_t hashes) {
  CATSIM_CHECK(hashes >= 1 && hashes <= kBitstateHashesMax);
  const double bits = std::ldexp(1.0, static_cast<int>(log2_bits));
  const double fill = 1.0 - std::exp(-static_cast<double>(hashes) * inserted / bits);
  return std::pow(fill, hashes);
}

uint32_t bitstate_log2_bits_for(uint64_t bytes) {
  if (bytes == 0) return kBitstateLog2BitsMin;
  const auto log2_bytes = static_cast<uint32_t>(std::bit_width(bytes) - 1);
  const uint32_t log2_bits = log2_bytes + 3;
  if (log2_bits < kBitstateLog2BitsMin) return kBitstateLog2BitsMin;
  return log2_bits > kBitstateLog2BitsMax ? kBitstateLog2BitsMax : log2_bits;
}

BitstateSet::BitstateSet(uint32_t log2_bits, uint32_t hashes, uint64_t seed)
    : pages_(size_t{1} << (log2_bits - 3)), log2_bits_(log2_bits), hashes_(hashes) {
  CATSIM_CHECK(log2_bits >= kBitstateLog2BitsMin && log2_bits <= kBitstateLog2BitsMax);
  CATSIM_CHECK(hashes >= 1 && hashes <= kBitstateHashesMax);
  words_ = pages_.as<uint64_t>();
  uint64_t state = seed;
  for (uint32_t h = 0; h < hashes_; ++h) seeds_[h] = splitmix64(state);
}

// Hash h of key: the top log2_bits bits of a strong mix of key and seed h.
uint64_t BitstateSet::bit_index(uint64_t key, uint32_t hash) const {
  return mix64(key ^ seeds_[hash]) >> (64 - log2_bits_);
}

bool BitstateSet::insert(uint64_t key) {
  bool fresh = false;
  for (uint32_t h = 0; h < hashes_; ++h) {
    const uint64_t bit = bit_index(key, h);
    uint64_t& word = words_[bit >> 6];
    const uint64_t mask = uint64_t{1} << (bit & 63);
    if ((word & mask) != 0) continue;
    word |= mask;
    ++bits_set_;
    fresh = true;
  }
  return fresh;
}

bool BitstateSet::contains(uint64_t key) const {
  for (uint32_t h = 0; h < hashes_; ++h) {
    const uint64_t bit = bit_index(key, h);
    if ((words_[bit >> 6] & (uint64_t{1} << (bit & 63))) == 0) return false;
  }
  return true;
}

double BitstateSet::fill_ratio() const {
  return static_cast<double>(bits_set_) / std::ldexp(1.0, static_cast<int>(log2_bits_));
}

}  // namespace catsim::model
