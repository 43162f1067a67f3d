// The model against the implementation: every mutant's and the
// as-designed protocols' shortest counterexample, replayed step for step on
// the implementation (model/impl_replay.h), must break the same property
// there at the same step, with the stores agreeing after every step, and so
// must the counterexample written as a trace (what `catsim explore --trace`
// writes) when `catsim replay` runs it. The
// findings on the correct variants are cross-checked the same way in
// explorer_slow_test.cc.
#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "model/conformance.h"
#include "model/counterexample_run.h"
#include "model/explorer.h"
#include "model/impl_replay.h"
#include "model/test_params.h"

namespace catsim::model {
namespace {

using testing::replay_on_implementation;

struct Case {
  Protocol protocol;
  const char* variant;
  ModelBounds bounds;
  uint32_t properties;
};

class ModelVsImplementation : public ::testing::TestWithParam<Case> {};
class CounterexampleTrace : public ::testing::TestWithParam<Case> {};

TEST_P(ModelVsImplementation, TheCounterexampleReplaysOnTheImplementation) {
  const Case& c = GetParam();
  const Variant* variant = find_variant(c.protocol, c.variant);
  ASSERT_NE(variant, nullptr);
  // The shortest counterexample, and the one the reduced search finds.
  for (bool partial_order : {false, true}) {
    SCOPED_TRACE(partial_order ? "partial-order reduction" : "plain search");
    ExploreOptions options;
    options.partial_order = partial_order;
    ExploreReport report = explore_variant(*variant, c.bounds, options, c.properties);
    ASSERT_EQ(report.verdict, Verdict::kViolation);
    ASSERT_TRUE(report.counterexample);
    ASSERT_EQ(report.counterexample->path.size(), report.counterexample->length);
    replay_on_implementation(*variant, c.bounds, *report.counterexample);
  }
}

// The same counterexample as an implementation trace
// (model/counterexample_run.h): written, read back, replayed strictly from
// its decision log, the same property breaks at the same step, and the trace
// passes the conformance check (model/conformance.h) step by step.
TEST_P(CounterexampleTrace, ReplaysOnTheImplementationToTheSameViolation) {
  const Case& c = GetParam();
  const Variant* variant = find_variant(c.protocol, c.variant);
  ASSERT_NE(variant, nullptr);
  ExploreReport explored = explore_variant(*variant, c.bounds, {}, c.properties);
  ASSERT_TRUE(explored.counterexample);
  const Counterexample& cx = *explored.counterexample;
  auto built = counterexample_trace(*variant, c.bounds, cx);
  ASSERT_TRUE(std::holds_alternative<Trace>(built)) << std::get<std::string>(built);
  // What catsim replay reads: the file, parsed back.
  auto parsed = parse_trace(write_trace(std::get<Trace>(built)));
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed));
  const Trace& trace = std::get<Trace>(parsed);
  ReplayInput input{trace.header.seed, trace.header.config, trace.header.swarm, trace.decisions,
                    ReplayMode::kStrict};
  RunReport replayed = replay_run(input, RunOptions{true, true});
  EXPECT_FALSE(replayed.divergence);
  ASSERT_TRUE(replayed.violation);
  EXPECT_EQ(replayed.violation->property, cx.property);
  EXPECT_EQ(replayed.trace_hash, trace.trace_hash);
  if (cx.liveness_tail.empty()) {
    EXPECT_EQ(replayed.violation->step + 1, cx.length);
    EXPECT_EQ(replayed.steps, cx.length);
  }
  ConformanceReport conformance = check_conformance(trace);
  EXPECT_EQ(conformance.verdict, ConformanceVerdict::kConforms) << conformance.line;
  EXPECT_EQ(conformance.property, cx.property);
}

// Finding 4, fast: three writers through the emergency hatch (the explorer's
// smaller witness; explorer_slow_test.cc has the rollback one). Without the
// stash raise the shortest counterexample breaks P3 and replays on the
// implementation; with it, the same space is clean.
TEST(FindingFour, ThreeWritersThroughTheEmergencyHatch) {
  constexpr uint8_t kMigrate = 1, kEmergency = 4;
  const ModelBounds bounds{3, 0, 0, 2, 0, {kEmergency, kEmergency, kMigrate | kEmergency}};
  const Variant* unraised = find_variant(Protocol::kSingleTombstone, "without-stash-raise");
  const Variant* correct = find_variant(Protocol::kSingleTombstone, "correct");
  ASSERT_NE(unraised, nullptr);
  ASSERT_NE(correct, nullptr);
  ExploreOptions plain;  // the shortest counterexample
  plain.partial_order = false;
  ExploreReport broken = explore_variant(*unraised, bounds, plain);
  ASSERT_EQ(broken.verdict, Verdict::kViolation);
  EXPECT_EQ(broken.counterexample->property, Property::kP3);
  EXPECT_EQ(broken.counterexample->length, 28u);
  replay_on_implementation(*unraised, bounds, *broken.counterexample);
  ExploreReport reduced = explore_variant(*unraised, bounds, {});
  ASSERT_EQ(reduced.verdict, Verdict::kViolation);
  EXPECT_EQ(reduced.counterexample->property, Property::kP3);
  replay_on_implementation(*unraised, bounds, *reduced.counterexample);
  ExploreReport fixed = explore_variant(*correct, bounds, plain);
  EXPECT_EQ(fixed.verdict, Verdict::kClean);
  EXPECT_GT(fixed.states, 1'000'000u);
  EXPECT_EQ(explore_variant(*correct, bounds, {}).verdict, Verdict::kClean);
}

const Protocol kSingle = Protocol::kSingleTombstone;
const Protocol kTwo = Protocol::kTwoTombstone;

const ModelBounds kWithReader{1, 1, 1, 3, 0, {}, 1, 2, 1, false};
const ModelBounds kWithSavepoints{2, 1, 1, 2, 0, {}, 0, 1, 1, true};

const Case kCases[] = {
    {kSingle, "as-designed", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "as-designed", {2, 1, 1, 2, 0, {}}, property_bit(Property::kP3)},
    {kTwo, "as-designed", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-before-copy", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "stash-skip-fence", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "persist-blind-append", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "no-epoch-lower-bound", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "always-copy", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "copy-requires-empty-destination", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kTwo, "early-draft", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "rollback-tombstone-first", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "merge-not-replace", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "persist-fenced-first", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-read-before-fence", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-read-before-fence", {2, 1, 1, 2, 0, {}}, property_bit(Property::kP6)},
    {kSingle, "example-forget-tombstone", {2, 1, 1, 2, 0, {}}, kAllProperties},
    // A reader (2 sessions, a reread each) or the savepoint pre-flight.
    {kSingle, "read-only-serves-cache", kWithReader, kAllProperties},
    {kSingle, "preopen-prefetches-persist", kWithReader, kAllProperties},
    {kSingle, "tombstone-presence-as-truth", kWithReader, kAllProperties},
    {kSingle, "reader-ignores-tombstone", kWithReader, kAllProperties},
    {kSingle, "reader-trusts-old-tombstone", kWithReader, kAllProperties},
    {kSingle, "savepoint-durable", kWithSavepoints, kAllProperties},
    {kSingle, "savepoint-needs-both-stores", kWithSavepoints, kAllProperties},
};

// Step-by-step replay has no indeterminate outcomes; a trace has.
std::vector<Case> trace_cases() {
  std::vector<Case> cases(std::begin(kCases), std::end(kCases));
  cases.push_back({kSingle, "indeterminate-as-success", {2, 0, 1, 1, 1, {}}, kAllProperties});
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return test_name(info.param.protocol, info.param.variant, info.param.properties);
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << protocol_name(c.protocol) << " " << c.variant << ", ";
  PrintTo(c.bounds, os);
  *os << ", checks " << property_names(c.properties, ' ');
}

INSTANTIATE_TEST_SUITE_P(Counterexamples, ModelVsImplementation, ::testing::ValuesIn(kCases),
                         case_name);
INSTANTIATE_TEST_SUITE_P(Counterexamples, CounterexampleTrace, ::testing::ValuesIn(trace_cases()),
                         case_name);

}  // namespace
}  // namespace catsim::model
