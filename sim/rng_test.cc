#include "sim/rng.h"

#include <gtest/gtest.h>

#include <array>
#include <map>

namespace catsim {
namespace {

TEST(Rng, GoldenValuesPinTheStream) {
  Rng rng(42);
  std::array<uint64_t, 4> got{rng.next(), rng.next(), rng.next(), rng.next()};
  std::array<uint64_t, 4> want{0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL, 0xae17533239e499a1ULL,
                               0xecb8ad4703b360a1ULL};
  EXPECT_EQ(got, want);
}

TEST(Rng, GoldenBoundedValues) {
  Rng rng(7);
  std::array<uint64_t, 6> got{rng.below(10), rng.below(10),     rng.below(1000),
                              rng.below(3),  rng.between(5, 9), rng.below(1ULL << 40)};
  std::array<uint64_t, 6> want{7, 2, 839, 2, 9, 959625094070ULL};
  EXPECT_EQ(got, want);
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(1), b(1), c(2);
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
}

TEST(Rng, SplitStreamsAreIndependentOfLaterDraws) {
  Rng parent_a(9), parent_b(9);
  Rng child_a = parent_a.split();
  Rng child_b = parent_b.split();
  parent_a.next();  // drawing more from the parent does not shift the child
  EXPECT_EQ(child_a.next(), child_b.next());
  EXPECT_NE(child_a.next(), parent_a.next());
}

TEST(Rng, BelowIsUniformEnough) {
  Rng rng(123);
  std::map<uint64_t, int> counts;
  const int draws = 60000;
  for (int i = 0; i < draws; ++i) ++counts[rng.below(6)];
  ASSERT_EQ(counts.size(), 6u);
  for (auto [value, count] : counts) {
    EXPECT_LT(value, 6u);
    EXPECT_NEAR(count, draws / 6, 500) << "value " << value;
  }
}

TEST(Rng, ChancePercentEdges) {
  Rng rng(5);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.chance_percent(0));
    EXPECT_TRUE(rng.chance_percent(100));
  }
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += rng.chance_percent(25) ? 1 : 0;
  EXPECT_NEAR(hits, 2500, 200);
}

TEST(Rng, BetweenCoversBothEnds) {
  Rng rng(77);
  bool low = false, high = false;
  for (int i = 0; i < 1000; ++i) {
    uint64_t v = rng.between(3, 5);
    ASSERT_GE(v, 3u);
    ASSERT_LE(v, 5u);
    low |= v == 3;
    high |= v == 5;
  }
  EXPECT_TRUE(low && high);
}

}  // namespace
}  // namespace catsim
