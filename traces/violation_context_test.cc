// The steps a violation depends on, on the regression traces (whatever their
// length after a re-recording): P2's lost acknowledged commit and the flip
// that lost it, the opens whose epochs P3 compares.
#include "traces/violation_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
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

// The last step before `last` that moved the source of truth, read off the trace.
size_t last_truth_move(const Trace& trace, size_t last) {
  for (size_t i = last; i > 0; --i) {
    if (trace.events[i].after.source_of_truth != trace.events[i - 1].after.source_of_truth) {
      return i;
    }
  }
  return 0;
}

size_t violating_index(const Trace& trace) {
  for (size_t i = 0; i < trace.events.size(); ++i) {
    if (trace.events[i].step == trace.violation->step) return i;
  }
  ADD_FAILURE() << "the violating step is not in the trace";
  return 0;
}

TEST(ViolationContext, P2MarksTheLostCommitAndTheFlipThatLostIt) {
  const Trace trace = regression("single-tombstone--as-designed--P2.trace.jsonl");
  ASSERT_TRUE(trace.violation.has_value());
  const size_t violated = violating_index(trace);
  const std::vector<RelatedStep> related = violation_context(trace);
  EXPECT_THAT(reason_at(related, violated), HasSubstr("P2 violated here"));
  // The violating process's last acknowledged change at or before the violation.
  size_t acknowledged = trace.events.size();
  for (size_t i = 0; i <= violated; ++i) {
    for (const std::string& note : trace.events[i].notes) {
      if (trace.events[i].process == trace.violation->process && note.ends_with(" -> ok") &&
          !note.starts_with("open ")) {
        acknowledged = i;
      }
    }
  }
  ASSERT_LT(acknowledged, trace.events.size()) << "no acknowledged change in the trace";
  EXPECT_THAT(reason_at(related, acknowledged), HasSubstr("the acknowledged commit that was lost"));
  const size_t flip = last_truth_move(trace, violated);
  ASSERT_GT(flip, 0u);
  EXPECT_THAT(reason_at(related, flip), HasSubstr("the source of truth moved to stash"));
  for (size_t i = 1; i < related.size(); ++i) EXPECT_LT(related[i - 1].index, related[i].index);
}

TEST(ViolationContext, P3MarksTheOpensWhoseEpochsItCompares) {
  const Trace trace = regression("single-tombstone--as-designed--P3.trace.jsonl");
  ASSERT_TRUE(trace.violation.has_value());
  std::string reasons;
  for (const RelatedStep& step : violation_context(trace)) reasons += step.reason + "\n";
  const std::regex epoch(R"(epoch (\d+))");
  const std::string& details = trace.violation->details.at(0);
  size_t epochs = 0;
  for (auto it = std::sregex_iterator(details.begin(), details.end(), epoch);
       it != std::sregex_iterator(); ++it, ++epochs) {
    EXPECT_THAT(reasons, HasSubstr("an open returned epoch " + (*it)[1].str()));
  }
  EXPECT_EQ(epochs, 2u) << details;
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
