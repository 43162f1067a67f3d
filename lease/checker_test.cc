// The lease checker on hand-made histories: each property fires on a bad
// one, with the step it was found at, and neither fires on a good one.
#include "lease/checker.h"

#include <gtest/gtest.h>

#include <vector>

namespace catsim::lease {
namespace {

// Builders of ground truth, as the store would report it.
LeaseEffect acquire(uint32_t writer, uint64_t before, uint64_t granted, bool bumped = true,
                    LeaseStatus status = LeaseStatus::kOk) {
  return LeaseEffect{.call = LeaseCall::kAcquire,
                     .writer = writer,
                     .epoch = granted,
                     .status = status,
                     .took_effect = bumped,
                     .epoch_before = before,
                     .epoch_after = bumped ? granted : before};
}

LeaseEffect write(uint32_t writer, uint64_t epoch, uint64_t value, std::optional<uint64_t> index,
                  LeaseStatus status = LeaseStatus::kOk) {
  return LeaseEffect{.call = LeaseCall::kWrite,
                     .writer = writer,
                     .epoch = epoch,
                     .value = value,
                     .status = status,
                     .took_effect = index.has_value(),
                     .log_index = index.value_or(0)};
}

TEST(LeaseChecker, AGoodHistoryWithATakeoverIsClean) {
  LeaseChecker checker;
  std::vector<LogRecord> log;
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(write(0, 1, 10, 0), 1);
  log.push_back({1, 0, 10});
  checker.on_acknowledged(0, 10, 1);
  checker.after_step(1, log);
  checker.on_call(acquire(1, 1, 2), 2);
  checker.on_call(write(0, 1, 11, std::nullopt, LeaseStatus::kFenced), 3);
  checker.on_call(write(1, 2, 20, std::nullopt, LeaseStatus::kIndeterminate), 4);
  checker.on_call(write(1, 2, 20, 1), 5);  // the retry lands
  log.push_back({2, 1, 20});
  checker.on_acknowledged(1, 20, 5);
  checker.after_step(5, log);
  EXPECT_FALSE(checker.violation().has_value());
  EXPECT_EQ(checker.acknowledged(), 2u);
}

TEST(LeaseChecker, L1FiresOnAStaleWriteAfterATakeover) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(acquire(1, 1, 2), 1);
  checker.on_call(write(0, 1, 10, 0), 2);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL1Fencing);
  EXPECT_EQ(checker.violation()->step, 2u);
  EXPECT_NE(checker.violation()->summary.find("holder 0"), std::string::npos);
}

TEST(LeaseChecker, L1FiresWhenTwoHoldersShareAnEpoch) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 0, /*bumped=*/false), 0);
  checker.on_call(acquire(1, 0, 0, /*bumped=*/false), 1);
  checker.on_call(write(1, 0, 20, 0), 2);
  EXPECT_FALSE(checker.violation().has_value());
  checker.on_call(write(0, 0, 10, 1), 3);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL1Fencing);
  EXPECT_EQ(checker.violation()->step, 3u);
}

TEST(LeaseChecker, L1FiresOnAWriteUnderAnEpochNobodyWasGranted) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 1, true, LeaseStatus::kIndeterminate), 0);
  checker.on_call(write(1, 1, 10, 0), 1);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL1Fencing);
}

TEST(LeaseChecker, L2FiresOnAnAcknowledgedWriteThatWasLost) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(write(0, 1, 10, std::nullopt, LeaseStatus::kIndeterminate), 1);
  checker.on_acknowledged(0, 10, 1);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL2Durability);
  EXPECT_EQ(checker.violation()->step, 1u);
}

TEST(LeaseChecker, L2FiresWhenAnAcknowledgedRecordLeavesTheLog) {
  LeaseChecker checker;
  std::vector<LogRecord> log = {{1, 0, 10}};
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(write(0, 1, 10, 0), 1);
  checker.on_acknowledged(0, 10, 1);
  checker.after_step(1, log);
  EXPECT_FALSE(checker.violation().has_value());
  log.clear();
  checker.after_step(2, log);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL2Durability);
  EXPECT_EQ(checker.violation()->step, 2u);
}

// Holder 0's value 10 landed at index 0 under an indeterminate fault; holder
// 1 took the lease over and its 20 was acknowledged at index 1; holder 0's
// retry of 10 was fenced (told indeterminate) and acknowledged all the same:
// after 20, though its record is before.
TEST(LeaseChecker, L2FiresOnAcknowledgementsOutOfLogOrder) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(write(0, 1, 10, 0, LeaseStatus::kIndeterminate), 1);
  checker.on_call(acquire(1, 1, 2), 2);
  checker.on_call(write(1, 2, 20, 1), 3);
  checker.on_acknowledged(1, 20, 3);
  checker.on_call(write(0, 1, 10, std::nullopt, LeaseStatus::kIndeterminate), 4);
  EXPECT_FALSE(checker.violation().has_value());
  checker.on_acknowledged(0, 10, 4);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL2Durability);
  EXPECT_NE(checker.violation()->summary.find("not after"), std::string::npos);
}

TEST(LeaseChecker, TheFirstViolationIsKept) {
  LeaseChecker checker;
  checker.on_call(acquire(0, 0, 1), 0);
  checker.on_call(acquire(1, 1, 2), 1);
  checker.on_call(write(0, 1, 10, 0), 2);
  checker.on_acknowledged(1, 99, 3);
  ASSERT_TRUE(checker.violation().has_value());
  EXPECT_EQ(checker.violation()->property, LeaseProperty::kL1Fencing);
  EXPECT_EQ(checker.violation()->step, 2u);
}

TEST(LeaseProperty, NamesRoundTrip) {
  for (LeaseProperty property : {LeaseProperty::kL1Fencing, LeaseProperty::kL2Durability}) {
    EXPECT_EQ(parse_property(property_name(property)), property);
  }
  EXPECT_FALSE(parse_property("P1").has_value());
  EXPECT_FALSE(parse_property("l1").has_value());
}

}  // namespace
}  // namespace catsim::lease
