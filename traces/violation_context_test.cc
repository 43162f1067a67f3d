// The steps a violation depends on, on the regression traces: P2's lost
// acknowledged commit and the flip that lost it, P3's two opens.
#include "traces/violation_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace catsim {
namespace {

using ::testing::HasSubstr;

Trace regression(const std::string& name) {
  auto parsed = read_trace_file(std::string(CATSIM_SOURCE_DIR) + "/traces/regressions/" + name);
  if (auto* error = std::get_if<TraceError>(&parsed)) ADD_FAILURE() << error->message;
  return std::get_if<Trace>(&parsed) ? std::get<Trace>(parsed) : Trace{};
}

std::string reason_at(const std::vector<RelatedStep>& related, size_t index) {
  for (const RelatedStep& step : related) {
    if (step.index == index) return step.reason;
  }
  return "";
}

TEST(ViolationContext, P2MarksTheLostCommitAndTheFlipThatLostIt) {
  const Trace trace = regression("single-tombstone--as-designed--P2.trace.jsonl");
  ASSERT_EQ(trace.events.size(), 18u);
  const std::vector<RelatedStep> related = violation_context(trace);
  EXPECT_THAT(reason_at(related, 17), HasSubstr("P2 violated here"));
  EXPECT_THAT(reason_at(related, 17), HasSubstr("the acknowledged commit that was lost"));
  EXPECT_THAT(reason_at(related, 16), HasSubstr("the source of truth moved to stash"));
  EXPECT_THAT(reason_at(related, 12), HasSubstr("this process's open: opened persist at epoch 2"));
  for (size_t i = 1; i < related.size(); ++i) EXPECT_LT(related[i - 1].index, related[i].index);
}

TEST(ViolationContext, P3MarksBothOpensItCompares) {
  const Trace trace = regression("single-tombstone--as-designed--P3.trace.jsonl");
  ASSERT_TRUE(trace.violation.has_value());
  std::string reasons;
  for (const RelatedStep& step : violation_context(trace)) reasons += step.reason + "\n";
  EXPECT_THAT(reasons, HasSubstr("an open returned epoch 4"));
  EXPECT_THAT(reasons, HasSubstr("an open returned epoch 5"));
}

TEST(ViolationContext, EmptyWithoutAViolationOrItsStep) {
  Trace trace = regression("single-tombstone--as-designed--P2.trace.jsonl");
  trace.violation->step = 1000;
  EXPECT_TRUE(violation_context(trace).empty());
  trace.violation.reset();
  EXPECT_TRUE(violation_context(trace).empty());
}

}  // namespace
}  // namespace catsim
