// The Decider's loose replay (sim/decision.h, guarantee 2b): what a choice
// takes from the log, what it skips and keeps for later, and what it drops.
#include "sim/decision.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace catsim {
namespace {

Decision fault(uint32_t process, std::string_view label, uint64_t value) {
  return Decision{Stream::kFault, process, label, 2, value};
}

Decision schedule(uint32_t process, std::string_view label) {
  return Decision{Stream::kSchedule, process, label, 0, 0};
}

TEST(LooseReplay, KeepsAnotherProcesssSkippedDecisionForLater) {
  Decider decider({fault(1, "a", 1), fault(0, "b", 1)}, ReplayMode::kLoose, 7);
  EXPECT_EQ(decider.choose(Stream::kFault, 0, "b", 2), 1u);
  EXPECT_EQ(decider.choose(Stream::kFault, 1, "a", 2), 1u) << "p1's decision was kept";
}

TEST(LooseReplay, DropsTheSameProcesssSkippedDecision) {
  Decider decider({fault(0, "x", 1), fault(0, "b", 1)}, ReplayMode::kLoose, 7);
  EXPECT_EQ(decider.choose(Stream::kFault, 0, "b", 2), 1u);
  EXPECT_EQ(decider.choose(Stream::kFault, 0, "x", 2), 0u) << "p0 moved past it";
}

TEST(LooseReplay, WithNoMatchTakesZeroAndTheLowestRunnable) {
  Decider decider({fault(0, "b", 1)}, ReplayMode::kLoose, 7);
  EXPECT_EQ(decider.choose(Stream::kFault, 0, "other", 2), 0u);
  const std::vector<uint32_t> runnable = {2, 3};
  const std::vector<PendingCall> labels = {{"l2", {}}, {"l3", {}}};
  EXPECT_EQ(decider.pick_process(runnable, labels, 0), 2u);
  EXPECT_EQ(decider.choose(Stream::kFault, 0, "b", 2), 1u) << "still there";
  EXPECT_FALSE(decider.divergence().has_value());
}

TEST(LooseReplay, AScheduleChoiceDropsTheInterleavingItSkipped) {
  Decider decider({schedule(1, "l1"), schedule(0, "l0")}, ReplayMode::kLoose, 7);
  const std::vector<uint32_t> only_zero = {0};
  const std::vector<PendingCall> zero_label = {{"l0", {}}};
  EXPECT_EQ(decider.pick_process(only_zero, zero_label, 0), 0u);
  const std::vector<uint32_t> both = {0, 1};
  const std::vector<PendingCall> labels = {{"l0", {}}, {"l1", {}}};
  EXPECT_EQ(decider.pick_process(both, labels, 1), 0u) << "p1's turn was dropped: lowest runnable";
}

// Decisions kept for a process that never asks again must not crowd the
// window: long after them, the log ahead still matches.
TEST(LooseReplay, KeptDecisionsNeverBlockTheLogAhead) {
  std::vector<Decision> log;
  for (int i = 0; i < 200; ++i) {
    log.push_back(fault(5, "never-asked", 1));
    log.push_back(fault(0, "b", 1));
  }
  Decider decider(log, ReplayMode::kLoose, 7);
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(decider.choose(Stream::kFault, 0, "b", 2), 1u) << "choice " << i;
  }
}

}  // namespace
}  // namespace catsim
