#include "sim/decision_edits.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace catsim {
namespace {

Decision decision(uint32_t process, std::string_view label, uint64_t bound = 0,
                  uint64_t value = 0) {
  Stream stream = bound == 0 ? Stream::kSchedule : Stream::kWorkload;
  return Decision{stream, process, label, bound, value};
}

TEST(DecisionEdits, WithoutProcessRenumbersTheRest) {
  std::vector<Decision> log = {decision(0, "a"), decision(1, "b"), decision(2, "c")};
  std::vector<Decision> kept = without_process(log, 1);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].process, 0u);
  EXPECT_EQ(kept[1].process, 1u);
  EXPECT_EQ(kept[1].label, "c");
}

TEST(DecisionEdits, IncarnationsSplitAtRestarts) {
  std::vector<Decision> log = {decision(0, "choice", 3, 0), decision(0, "a"), decision(1, "b"),
                               decision(0, "restart"), decision(0, "choice", 3, 2)};
  auto incarnations = incarnation_positions(log, 0);
  ASSERT_EQ(incarnations.size(), 2u);
  EXPECT_EQ(incarnations[0], (std::vector<size_t>{0, 1}));
  EXPECT_EQ(incarnations[1], (std::vector<size_t>{3, 4}));
  EXPECT_EQ(without_positions(log, incarnations[1]).size(), 3u);
}

TEST(DecisionEdits, SwapsNeighbouringRuns) {
  std::vector<Decision> log = {decision(0, "a"), decision(0, "b"), decision(1, "c")};
  auto runs = process_runs(log);
  ASSERT_EQ(runs.size(), 2u);
  std::vector<Decision> swapped = swapped_ranges(log, 0, 2, 3);
  EXPECT_EQ(swapped[0].label, "c");
  EXPECT_EQ(swapped[2].label, "b");
}

TEST(DecisionEdits, OtherValuesTryLowerFirstAndOnlyAllowedOnes) {
  EXPECT_EQ(other_values(decision(0, "choice", 4, 2), {}), (std::vector<uint64_t>{0, 1, 3}));
  EXPECT_EQ(other_values(decision(0, "choice", 4, 2), [](uint64_t v) { return v != 1; }),
            (std::vector<uint64_t>{0, 3}));
  EXPECT_EQ(other_values(decision(0, "choice", 1000, 7), {}), (std::vector<uint64_t>{0}));
  EXPECT_TRUE(other_values(decision(0, "a.call"), {}).empty()) << "schedule decisions stay";
  EXPECT_EQ(restarts_of(std::vector<Decision>{decision(0, "restart"), decision(1, "restart"),
                                              decision(0, "restart")},
                        0),
            2u);
}

}  // namespace
}  // namespace catsim
