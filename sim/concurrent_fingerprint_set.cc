#include "sim/concurrent_fingerprint_set.h"

#include <algorithm>
#include <bit>

#include "sim/check.h"

namespace catsim::model {

namespace {
constexpr std::memory_order kRelaxed = std::memory_order_relaxed;
}  // namespace

ConcurrentFingerprintSet::ConcurrentFingerprintSet(uint32_t key_bits, bool with_values,
                                                   size_t capacity)
    : words_per_key_(key_bits / 64), with_values_(with_values) {
  CATSIM_CHECK(key_bits == 64 || key_bits == 128);
  CATSIM_CHECK(capacity >= 16 && (capacity & (capacity - 1)) == 0);
  allocate(capacity);
  peak_bytes_ = bytes();
}

void ConcurrentFingerprintSet::allocate(size_t capacity) {
  capacity_ = capacity;
  shift_ = static_cast<uint32_t>(64 - std::countr_zero(capacity));
  words_ = ZeroedPages(capacity * words_per_key_ * sizeof(uint64_t));
  if (with_values_) values_ = ZeroedPages(capacity);
}

size_t ConcurrentFingerprintSet::bytes() const {
  return capacity_ * (words_per_key_ * sizeof(uint64_t) + (with_values_ ? 1 : 0));
}

size_t ConcurrentFingerprintSet::size() const {
  size_t total = 0;
  for (const InsertCount& count : inserted_) total += count.value.load(kRelaxed);
  return total;
}

bool ConcurrentFingerprintSet::reserve(size_t more, size_t bytes_max) {
  const size_t size_now = size();
  CATSIM_CHECK_MSG(size_now <= load_max(capacity_), "a fingerprint set past its reserve()");
  size_t capacity = capacity_;
  while (size_now + more > load_max(capacity)) capacity *= 2;
  if (capacity == capacity_) return true;
  const size_t bytes_per_slot = words_per_key_ * sizeof(uint64_t) + (with_values_ ? 1 : 0);
  if (capacity * bytes_per_slot > bytes_max) {
    if (size_now + more > capacity_ / 8 * 7) return false;
    dense_ = true;
    return true;
  }
  const size_t old_capacity = capacity_;
  ZeroedPages old_words = std::move(words_);
  ZeroedPages old_values = std::move(values_);
  const uint64_t* old_word = old_words.as<uint64_t>();
  const uint8_t* old_value = old_values.as<uint8_t>();
  allocate(capacity);
  // Drained a chunk at a time: at most a chunk of the old arrays stays
  // resident beside the new ones' touched pages.
  constexpr size_t kDrainSlots = size_t{1} << 16;
  for (size_t slot = 0; slot < old_capacity; ++slot) {
    if (slot % kDrainSlots == 0) {
      old_words.release_prefix(slot * words_per_key_ * sizeof(uint64_t));
      if (with_values_) old_values.release_prefix(slot);
    }
    const uint64_t high = old_word[slot * words_per_key_];
    if (high == 0) continue;
    const uint64_t low = words_per_key_ == 2 ? old_word[slot * 2 + 1] : 0;
    bool found = false;
    const size_t to = probe({high, low}, found);
    CATSIM_CHECK(!found);
    word(to * words_per_key_).store(high, kRelaxed);
    if (words_per_key_ == 2) word(to * 2 + 1).store(low, kRelaxed);
    if (with_values_) value(to).store(old_value[slot], kRelaxed);
  }
  peak_bytes_ = std::max(peak_bytes_, bytes() + kDrainSlots * (words_per_key_ * 8 + 1));
  return true;
}

bool ConcurrentFingerprintSet::low_matches(size_t slot, uint64_t low) const {
  if (words_per_key_ == 1) return true;
  const std::atomic_ref<uint64_t> low_word = word(slot * 2 + 1);
  uint64_t seen = low_word.load(std::memory_order_acquire);
  while (seen == 0) seen = low_word.load(std::memory_order_acquire);  // being published
  return seen == low;
}

size_t ConcurrentFingerprintSet::probe(Fingerprint fp, bool& found) const {
  const uint64_t high = key_high(fp), low = key_low(fp);
  const size_t mask = capacity_ - 1;
  for (size_t slot = slot_start(high), probes = 0; probes < capacity_;
       slot = (slot + 1) & mask, ++probes) {
    const uint64_t seen = word(slot * words_per_key_).load(std::memory_order_acquire);
    if (seen == 0) {
      found = false;
      return slot;
    }
    if (seen == high && low_matches(slot, low)) {
      found = true;
      return slot;
    }
  }
  CATSIM_CHECK_MSG(false, "a full fingerprint set (reserve() was not called)");
  return 0;
}

bool ConcurrentFingerprintSet::contains(Fingerprint fp) const {
  bool found = false;
  probe(fp, found);
  return found;
}

size_t ConcurrentFingerprintSet::claim(Fingerprint fp, bool& inserted, uint32_t worker) {
  CATSIM_CHECK(worker < kWorkersMax);
  const uint64_t high = key_high(fp), low = key_low(fp);
  for (;;) {
    bool found = false;
    size_t slot = probe(fp, found);
    if (found) {
      inserted = false;
      return slot;
    }
    uint64_t expected = 0;
    if (word(slot * words_per_key_)
            .compare_exchange_strong(expected, high, std::memory_order_acq_rel)) {
      if (words_per_key_ == 2) word(slot * 2 + 1).store(low, std::memory_order_release);
      std::atomic<size_t>& count = inserted_[worker].value;
      count.store(count.load(kRelaxed) + 1, kRelaxed);
      inserted = true;
      return slot;
    }
    // Another thread took the slot: its key may be ours; probe again.
  }
}

bool ConcurrentFingerprintSet::insert(Fingerprint fp, uint32_t worker) {
  bool inserted = false;
  claim(fp, inserted, worker);
  return inserted;
}

uint8_t ConcurrentFingerprintSet::find_value(Fingerprint fp) const {
  CATSIM_CHECK(with_values_);
  bool found = false;
  const size_t slot = probe(fp, found);
  return found ? value(slot).load(std::memory_order_acquire) : 0;
}

void ConcurrentFingerprintSet::store_value(Fingerprint fp, uint8_t stored, uint32_t worker) {
  CATSIM_CHECK(with_values_ && stored != 0);
  bool inserted = false;
  const size_t slot = claim(fp, inserted, worker);
  value(slot).store(stored, std::memory_order_release);
}

}  // namespace catsim::model
