// BitstateSet: Holzmann's bitstate ("supertrace") visited set: an array of
// 2^log2_bits bits, and k independent hash functions of a 64-bit key
// derived from a hash seed. A key is taken as present when all k of its
// bits are set; inserting sets them.
//
// Guarantees:
//  1. No false negatives: a key once inserted is present for ever after
//     (insert() of it again returns false).
//  2. False positives are possible: a new key whose k bits all happen to be
//     set already is taken as present. For a key hashed independently of
//     what was inserted, that chance is fill_ratio()^k, which only grows as
//     keys go in; omission_probability(n) is its usual estimate after n
//     insertions, (1 - exp(-k n / m))^k, so the value at the end bounds the
//     per-key chance at every earlier point (it is an estimate, not a proof:
//     it assumes the hashes behave as random).
//  3. Deterministic: the bits a key sets depend only on the key, the seed,
//     log2_bits and k; different seeds give different (independent) hashes.
//  4. Memory: exactly 2^log2_bits / 8 bytes, zero pages from the kernel
//     (sim/zeroed_pages.h), resident as they are touched.
#pragma once

#include <cstdint>

#include "sim/zeroed_pages.h"

namespace catsim::model {

inline constexpr uint32_t kBitstateLog2BitsMin = 10;
inline constexpr uint32_t kBitstateLog2BitsMax = 40;  // 128 GiB
inline constexpr uint32_t kBitstateHashesMax = 4;

// The estimate of guarantee 2: the chance that a new key is taken as
// present after inserted keys went into 2^log2_bits bits with hashes bits each.
double bitstate_omission_probability(uint64_t inserted, uint32_t log2_bits, uint32_t hashes);

// The largest log2_bits whose array fits in bytes (at least kBitstateLog2BitsMin).
uint32_t bitstate_log2_bits_for(uint64_t bytes);

class BitstateSet {
 public:
  BitstateSet(uint32_t log2_bits, uint32_t hashes, uint64_t seed);

  // Sets key's bits; true if at least one was clear (the key is new).
  bool insert(uint64_t key);
  bool contains(uint64_t key) const;

  uint32_t log2_bits() const { return log2_bits_; }
  uint32_t hashes() const { return hashes_; }
  uint64_t bits_set() const { return bits_set_; }
  double fill_ratio() const;
  uint64_t bytes() const { return pages_.bytes(); }

 private:
  uint64_t bit_index(uint64_t key, uint32_t hash) const;

  ZeroedPages pages_;
  uint64_t* words_ = nullptr;
  uint32_t log2_bits_;
  uint32_t hashes_;
  uint64_t seeds_[kBitstateHashesMax] = {};
  uint64_t bits_set_ = 0;
};

}  // namespace catsim::model
