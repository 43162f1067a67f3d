#include "sim/fingerprint_table.h"

#include <algorithm>
#include <cmath>

#include "sim/check.h"

namespace catsim::model {

double fingerprint_omission_bound(uint64_t states, uint32_t bits) {
  CATSIM_CHECK(bits == 64 || bits == 128);
  const double n = static_cast<double>(states);
  return std::min(1.0, n * n / std::ldexp(1.0, static_cast<int>(bits) + 1));
}

FingerprintTable::FingerprintTable(bool with_depth, size_t capacity) : with_depth_(with_depth) {
  CATSIM_CHECK(capacity >= 16 && (capacity & (capacity - 1)) == 0);
  keys_.assign(capacity, 0);
  if (with_depth_) depths_.assign(capacity, 0);
  peak_bytes_ = bytes();
}

size_t FingerprintTable::bytes() const {
  return keys_.capacity() * sizeof(uint64_t) + depths_.capacity() * sizeof(uint16_t);
}

// The slot holding key, or the empty slot where it would go.
size_t FingerprintTable::slot_of(uint64_t key) const {
  const size_t mask = keys_.size() - 1;
  size_t slot = slot_start(key);
  while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask;
  return slot;
}

void FingerprintTable::grow() {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint16_t> old_depths = std::move(depths_);
  keys_.assign(old_keys.size() * 2, 0);
  if (with_depth_) depths_.assign(old_keys.size() * 2, 0);
  peak_bytes_ = std::max(peak_bytes_, bytes() + old_keys.capacity() * sizeof(uint64_t) +
                                          old_depths.capacity() * sizeof(uint16_t));
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == 0) continue;
    size_t slot = slot_of(old_keys[i]);
    keys_[slot] = old_keys[i];
    if (with_depth_) depths_[slot] = old_depths[i];
  }
}

bool FingerprintTable::insert(uint64_t fingerprint) {
  CATSIM_CHECK(!with_depth_);
  const uint64_t key = fingerprint == 0 ? 1 : fingerprint;
  size_t slot = slot_of(key);
  if (keys_[slot] == key) return false;
  if (2 * (size_ + 1) > keys_.size()) {
    grow();
    slot = slot_of(key);
  }
  keys_[slot] = key;
  ++size_;
  return true;
}

bool FingerprintTable::insert_at_depth(uint64_t fingerprint, uint16_t depth) {
  CATSIM_CHECK(with_depth_);
  const uint64_t key = fingerprint == 0 ? 1 : fingerprint;
  size_t slot = slot_of(key);
  if (keys_[slot] == key) {
    if (depths_[slot] <= depth) return false;
    depths_[slot] = depth;
    return true;
  }
  if (2 * (size_ + 1) > keys_.size()) {
    grow();
    slot = slot_of(key);
  }
  keys_[slot] = key;
  depths_[slot] = depth;
  ++size_;
  return true;
}

}  // namespace catsim::model
