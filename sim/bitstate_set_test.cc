// The bitstate set (sim/bitstate_set.h): no false negatives, the fill ratio
// it reports is the share of bits set, its omission estimate follows the
// fill, and its hashes depend on the seed.
#include "sim/bitstate_set.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/hash.h"

namespace catsim::model {
namespace {

TEST(BitstateSet, EveryInsertedKeyIsPresent) {
  BitstateSet set(16, 3, 7);
  uint64_t fresh = 0;
  for (uint64_t key = 1; key <= 5000; ++key) fresh += set.insert(mix64(key)) ? 1 : 0;
  for (uint64_t key = 1; key <= 5000; ++key) {
    ASSERT_TRUE(set.contains(mix64(key))) << key;
    ASSERT_FALSE(set.insert(mix64(key))) << key;
  }
  // 5000 keys in 65536 bits with k = 3: a few are taken as present already.
  EXPECT_GT(fresh, 4900u);
  EXPECT_LE(fresh, 5000u);
}

TEST(BitstateSet, FillRatioIsTheShareOfBitsSet) {
  BitstateSet set(12, 2, 1);
  EXPECT_EQ(set.fill_ratio(), 0.0);
  EXPECT_EQ(set.bytes(), 512u);
  set.insert(42);
  EXPECT_GE(set.bits_set(), 1u);
  EXPECT_LE(set.bits_set(), 2u);
  for (uint64_t key = 0; key < 100000; ++key) set.insert(mix64(key + 1000));
  EXPECT_DOUBLE_EQ(set.fill_ratio(), static_cast<double>(set.bits_set()) / 4096.0);
  EXPECT_GT(set.fill_ratio(), 0.999);
}

TEST(BitstateSet, OmissionEstimateFollowsTheExpectedFill) {
  EXPECT_EQ(bitstate_omission_probability(0, 20, 3), 0.0);
  // n = m / k: the expected fill is 1 - 1/e.
  const double fill = 1.0 - std::exp(-1.0);
  EXPECT_NEAR(bitstate_omission_probability((1u << 20) / 2, 20, 2), fill * fill, 1e-12);
  EXPECT_LT(bitstate_omission_probability(1000, 30, 3), 1e-15);
  EXPECT_GT(bitstate_omission_probability(uint64_t{1} << 32, 20, 3), 0.999);
  // Measured: after n random keys the fill is close to the estimate's.
  BitstateSet set(20, 3, 99);
  const uint64_t n = 200000;
  for (uint64_t key = 0; key < n; ++key) set.insert(mix64(key * 31 + 5));
  const double expected_fill = 1.0 - std::exp(-3.0 * n / (1u << 20));
  EXPECT_NEAR(set.fill_ratio(), expected_fill, 0.005);
}

TEST(BitstateSet, SeedsGiveDifferentHashes) {
  BitstateSet one(12, 1, 1), other(12, 1, 2);
  // Fill one a third; a different seed sets other bits, so the same keys
  // collide in other where they did not in one (and the other way round).
  uint64_t disagree = 0;
  for (uint64_t key = 1; key <= 1500; ++key) {
    disagree += one.insert(mix64(key)) != other.insert(mix64(key)) ? 1 : 0;
  }
  EXPECT_GT(disagree, 50u);
}

TEST(BitstateSet, SizeFromBytesIsThePowerOfTwoBelow) {
  EXPECT_EQ(bitstate_log2_bits_for(uint64_t{1} << 30), 33u);
  EXPECT_EQ(bitstate_log2_bits_for((uint64_t{1} << 30) + 12345), 33u);
  EXPECT_EQ(bitstate_log2_bits_for((uint64_t{1} << 31) - 1), 33u);
  EXPECT_EQ(bitstate_log2_bits_for(1), kBitstateLog2BitsMin);
  EXPECT_EQ(bitstate_log2_bits_for(uint64_t{1} << 60), kBitstateLog2BitsMax);
}

}  // namespace
}  // namespace catsim::model
