// FingerprintTable: the explorer's visited set, an open-addressing hash set
// of 64-bit state fingerprints, optionally with the smallest depth each was
// reached at (for depth-bounded depth-first search).
//
// Guarantees:
//  1. Membership only: nobody iterates it for results, so its layout cannot
//     make a search depend on anything but the fingerprints inserted.
//  2. Linear probing, capacity a power of two, grown (doubled) before the
//     load passes one half; fingerprint 0 is stored as 1 (0 marks empty).
//  3. bytes() is what its arrays hold; peak_bytes() includes the moment of a
//     rehash, when the old and the new arrays both exist.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace catsim::model {

// An upper bound on the probability that some state was never explored
// because its fingerprint (bits: 64 or 128) equalled an earlier state's,
// after states distinct states: the k-th new state collides with
// probability at most k / 2^bits, so the sum is below states^2 / 2^(bits+1)
// (about 0.5% at 416 million with 64 bits).
double fingerprint_omission_bound(uint64_t states, uint32_t bits = 64);

class FingerprintTable {
 public:
  explicit FingerprintTable(bool with_depth = false, size_t capacity = 1u << 16);

  // Inserts fingerprint; true if it was not there.
  bool insert(uint64_t fingerprint);
  bool contains(uint64_t fingerprint) const {
    const uint64_t key = fingerprint == 0 ? 1 : fingerprint;
    return keys_[slot_of(key)] == key;
  }
  // Inserts fingerprint at depth; true if it was not there or was there at
  // a larger depth (which is then lowered): the caller should (re)visit it.
  bool insert_at_depth(uint64_t fingerprint, uint16_t depth);

  // Hints that fingerprint will be looked up soon (a cache prefetch).
  void prefetch(uint64_t fingerprint) const {
    __builtin_prefetch(&keys_[slot_start(fingerprint == 0 ? 1 : fingerprint)]);
  }

  size_t size() const { return size_; }
  size_t bytes() const;
  size_t peak_bytes() const { return peak_bytes_; }

 private:
  size_t slot_start(uint64_t key) const {
    return static_cast<size_t>(key ^ (key >> 29)) & (keys_.size() - 1);
  }
  size_t slot_of(uint64_t key) const;
  void grow();

  bool with_depth_;
  std::vector<uint64_t> keys_;
  std::vector<uint16_t> depths_;
  size_t size_ = 0;
  size_t peak_bytes_ = 0;
};

}  // namespace catsim::model
