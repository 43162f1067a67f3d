#include "sim/determinism_check.h"

#include <gtest/gtest.h>

#include <map>

namespace catsim {
namespace {

TEST(DeterminismCheck, HashLinesRoundTripAndOtherLinesAreIgnored) {
  EXPECT_EQ(parse_hash_line(hash_line(42, 0xabcdef0123456789ULL) + "\n"),
            (std::pair<uint64_t, uint64_t>{42, 0xabcdef0123456789ULL}));
  EXPECT_EQ(parse_hash_line("catsim run: seeds 1..5"), std::nullopt);
  EXPECT_EQ(parse_hash_line("hash 12"), std::nullopt);
  EXPECT_EQ(parse_hash_line("hash 12 zz"), std::nullopt);
  EXPECT_EQ(parse_hash_line("hash 12 ab trailing"), std::nullopt);
  EXPECT_EQ(parse_hash_line("hash -1 ab"), std::nullopt);
}

TEST(DeterminismCheck, AChildThatAgreesPassesOneThatDiffersOrStopsEarlyFails) {
  const std::map<uint64_t, uint64_t> hashes{{1, 0xa}, {2, 0xb}};
  DeterminismReport report;
  ASSERT_EQ(compare_with_child("printf 'noise\\nhash 1 a\\nhash 2 b\\n'", hashes, report),
            std::nullopt);
  EXPECT_TRUE(report.passed(hashes.size()));
  ASSERT_EQ(compare_with_child("printf 'hash 1 a\\nhash 2 c\\n'", hashes, report), std::nullopt);
  EXPECT_FALSE(report.passed(hashes.size()));
  ASSERT_EQ(report.first_mismatches.size(), 1u);
  EXPECT_EQ(report.first_mismatches[0].seed, 2u);
  EXPECT_EQ(report.first_mismatches[0].there, 0xcu);
  ASSERT_EQ(compare_with_child("printf 'hash 1 a\\n'; exit 3", hashes, report), std::nullopt);
  EXPECT_EQ(report.compared, 1u);
  EXPECT_FALSE(report.passed(hashes.size())) << "a child that stops early never passes";
  EXPECT_NE(report.child_status, 0);
}

}  // namespace
}  // namespace catsim
