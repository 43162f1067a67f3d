// ConcurrentFingerprintSet: the breadth-first explorer's visited set, a
// lock-free open-addressing hash set of 64- or 128-bit state fingerprints
// that several threads insert into at once (compare-and-swap), optionally
// with a small value per fingerprint (the liveness cache).
//
// Guarantees:
//  1. Membership only: nobody iterates it, so its layout (which thread won
//     a slot) cannot make a search depend on anything but the fingerprints.
//  2. insert() and find_value()/store_value() are safe to call from many
//     threads at once, each thread passing its own worker index (inserts
//     are counted per worker, on separate cache lines, so racing inserters
//     share no counter); contains() is safe with other contains() calls
//     (and, for 64-bit keys, with inserts). reserve() must run alone.
//  3. Linear probing over a power-of-two capacity from the fingerprint's top
//     bits; the table never grows by itself: reserve(n) before up to n
//     inserts keeps the load at most 3/4 (CATSIM_CHECK'd by the next
//     reserve(); a probe that meets no empty slot fails a check). When
//     doubling would pass a byte budget, reserve() fills the table up to
//     7/8 instead (slower probes, no more memory), and says so if even that
//     cannot hold the inserts.
//  4. A 128-bit key claims its slot by its high word, then publishes its low
//     word (never 0); a reader of a claimed slot waits for the low word, so
//     it never mistakes a half-written key for another.
//  5. bytes() is what its arrays hold; peak_bytes() the most they held at
//     once: a rehash drains the old arrays page by page into the new ones
//     (sim/zeroed_pages.h), in slot order, which the top-bit slots keep,
//     so growing costs about the new arrays only.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "sim/zeroed_pages.h"

namespace catsim::model {

struct Fingerprint {
  uint64_t high = 0;
  uint64_t low = 0;  // 0 unless the set keeps 128-bit fingerprints
};

class ConcurrentFingerprintSet {
 public:
  // key_bits: 64 or 128. with_values: keep a byte per fingerprint.
  explicit ConcurrentFingerprintSet(uint32_t key_bits = 64, bool with_values = false,
                                    size_t capacity = 1u << 16);

  // Grows (alone) so that `more` further inserts keep the load at most 3/4;
  // if the grown arrays would pass bytes_max, keeps them and allows a load
  // of 7/8 from then on. False (nothing changed) when neither holds them.
  bool reserve(size_t more, size_t bytes_max = std::numeric_limits<size_t>::max());

  // Worker indexes: [0, kWorkersMax); one thread at a time per index.
  static constexpr uint32_t kWorkersMax = 64;

  bool contains(Fingerprint fp) const;
  // Inserts fp; true if it was not there.
  bool insert(Fingerprint fp, uint32_t worker = 0);

  // With values: the value stored with fp, 0 if fp is absent or has none yet.
  uint8_t find_value(Fingerprint fp) const;
  // With values: inserts fp if absent and stores value (nonzero) with it.
  void store_value(Fingerprint fp, uint8_t stored, uint32_t worker = 0);

  void prefetch(Fingerprint fp) const {
    __builtin_prefetch(words_.as<uint64_t>() + slot_start(key_high(fp)) * words_per_key_);
  }

  // The fingerprints inserted (exact once the inserting threads are joined).
  size_t size() const;
  size_t bytes() const;
  size_t peak_bytes() const { return peak_bytes_; }

 private:
  static uint64_t key_high(Fingerprint fp) { return fp.high == 0 ? 1 : fp.high; }
  static uint64_t key_low(Fingerprint fp) { return fp.low | 1; }
  // The top bits: a rehash then moves keys front to back (see reserve()).
  size_t slot_start(uint64_t high) const { return static_cast<size_t>(high >> shift_); }
  // The slot holding fp, or the first empty slot of its probe sequence;
  // sets found.
  size_t probe(Fingerprint fp, bool& found) const;
  bool low_matches(size_t slot, uint64_t low) const;
  // Claims a slot for fp; returns it, and whether it was already there.
  size_t claim(Fingerprint fp, bool& inserted, uint32_t worker);
  void allocate(size_t capacity);
  std::atomic_ref<uint64_t> word(size_t index) const {
    return std::atomic_ref<uint64_t>(words_.as<uint64_t>()[index]);
  }
  std::atomic_ref<uint8_t> value(size_t slot) const {
    return std::atomic_ref<uint8_t>(values_.as<uint8_t>()[slot]);
  }

  // The most fingerprints capacity slots may hold.
  size_t load_max(size_t capacity) const { return dense_ ? capacity / 8 * 7 : capacity / 4 * 3; }

  uint32_t words_per_key_;
  bool with_values_;
  bool dense_ = false;  // a byte budget stopped the growth: load up to 7/8
  size_t capacity_ = 0;
  uint32_t shift_ = 64;  // 64 - log2(capacity_)
  ZeroedPages words_;    // uint64_t[capacity * words_per_key_], 0: empty
  ZeroedPages values_;   // uint8_t[capacity] with values
  // Inserts per worker, each on its own cache line; written only by the
  // worker's thread (a plain load and store, no locked instruction).
  struct alignas(64) InsertCount {
    std::atomic<size_t> value{0};
  };
  std::array<InsertCount, kWorkersMax> inserted_{};
  size_t peak_bytes_ = 0;
};

}  // namespace catsim::model
