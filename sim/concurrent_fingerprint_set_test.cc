// The parallel explorer's building blocks: the lock-free fingerprint set
// (each fingerprint inserted once, by exactly one of racing threads, 64 or
// 128 bits, values), and the frontier's state codec (lossless).
#include "sim/concurrent_fingerprint_set.h"

#include <gtest/gtest.h>

#include <atomic>

#include "sim/worker_threads.h"

namespace catsim::model {
namespace {

Fingerprint nth(uint64_t i, bool wide) {
  return {i * 0x9e3779b97f4a7c15ULL, wide ? (i * 0xc2b2ae3d27d4eb4fULL) | 1 : 0};
}

TEST(ConcurrentFingerprintSet, InsertsEachFingerprintOnceAcrossThreads) {
  for (uint32_t bits : {64u, 128u}) {
    ConcurrentFingerprintSet set(bits, false, 16);
    constexpr uint64_t kKeys = 20000;
    set.reserve(kKeys);
    std::atomic<uint64_t> inserted{0};
    // Every thread inserts every key: each key is won exactly once.
    run_on_workers(4, [&](uint32_t worker) {
      for (uint64_t i = 0; i < kKeys; ++i) {
        if (set.insert(nth(i, bits == 128), worker)) inserted.fetch_add(1);
      }
    });
    EXPECT_EQ(inserted.load(), kKeys);
    EXPECT_EQ(set.size(), kKeys);
    for (uint64_t i = 0; i < kKeys; ++i) EXPECT_TRUE(set.contains(nth(i, bits == 128)));
    EXPECT_FALSE(set.contains(nth(kKeys, bits == 128)));
    EXPECT_GE(set.bytes(), kKeys * bits / 8);
  }
}

// 128-bit keys that share their high word are different keys.
TEST(ConcurrentFingerprintSet, WideKeysDifferInTheirLowWord) {
  ConcurrentFingerprintSet set(128, false, 16);
  set.reserve(3);
  EXPECT_TRUE(set.insert({42, 2}));
  EXPECT_TRUE(set.insert({42, 4}));
  EXPECT_FALSE(set.insert({42, 2}));
  EXPECT_FALSE(set.contains({42, 8}));
  EXPECT_TRUE(set.insert({0, 0}));  // zero words are stored, not taken for empty
  EXPECT_TRUE(set.contains({0, 0}));
}

// Under a byte budget the table stops doubling and fills up to 7/8, then
// refuses (changing nothing); without one it grows again.
TEST(ConcurrentFingerprintSet, FillsToSevenEighthsWhenGrowingWouldPassTheBudget) {
  ConcurrentFingerprintSet set(64, false, 16);
  const size_t budget = 16 * sizeof(uint64_t);  // the 16 slots it has
  uint64_t key = 1;
  ASSERT_TRUE(set.reserve(12, budget));
  for (int i = 0; i < 12; ++i) EXPECT_TRUE(set.insert({key++ * 0x9e3779b97f4a7c15ULL, 0}));
  EXPECT_EQ(set.bytes(), budget);
  EXPECT_TRUE(set.reserve(2, budget));  // 14 of 16: 7/8, in place
  EXPECT_EQ(set.bytes(), budget);
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(set.insert({key++ * 0x9e3779b97f4a7c15ULL, 0}));
  EXPECT_FALSE(set.reserve(1, budget));
  EXPECT_EQ(set.bytes(), budget);
  EXPECT_TRUE(set.reserve(1));  // no budget: it doubles
  EXPECT_GT(set.bytes(), budget);
  for (uint64_t k = 1; k < key; ++k) EXPECT_TRUE(set.contains({k * 0x9e3779b97f4a7c15ULL, 0}));
  EXPECT_EQ(set.size(), 14u);
}

TEST(ConcurrentFingerprintSet, KeepsValuesAndGrowsOnReserve) {
  ConcurrentFingerprintSet set(64, true, 16);
  for (uint64_t i = 0; i < 1000; ++i) {
    set.reserve(1);
    EXPECT_EQ(set.find_value({i + 1, 0}), 0);
    set.store_value({i + 1, 0}, static_cast<uint8_t>(1 + i % 3));
  }
  for (uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(set.find_value({i + 1, 0}), 1 + i % 3);
  EXPECT_GE(set.peak_bytes(), set.bytes());
}

}  // namespace
}  // namespace catsim::model
