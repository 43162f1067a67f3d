// The implementation against the model, the other way round from
// model_vs_impl_scenario_test.cc: seeded implementation runs of the
// conformance campaign (model/conformance.h) must take a path of the model
// step by step: `correct` on 10,000 seeds of each protocol, and broken
// variants up to their violation, which both must find at the same step.
// The checker must catch a run altered in one place, at that step, and
// report what the model does not cover as such, never as a divergence.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "harness/test_params.h"
#include "model/conformance.h"

namespace catsim::model {
namespace {

using V = ConformanceVerdict;

struct Campaign {
  uint64_t runs = 0;
  uint64_t steps = 0;
  std::map<Property, uint64_t> agreed;  // violations both found, by property
  std::map<std::string, uint64_t> verdicts;
  std::string first_line;  // of the first seed that did not conform
};

Campaign check_seeds(const RunConfig& config, uint64_t seeds) {
  Campaign campaign;
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    RunReport run = run_seed(seed, config, RunOptions{true, true});
    ConformanceReport report = check_conformance(run, config);
    ++campaign.runs;
    ++campaign.verdicts[std::string(conformance_verdict_name(report.verdict))];
    campaign.steps += report.steps_checked;
    if (report.verdict != V::kConforms) {
      if (campaign.first_line.empty()) campaign.first_line = report.line;
      continue;
    }
    if (run.violation) {
      EXPECT_EQ(report.property, run.violation->property) << "seed " << seed;
      ++campaign.agreed[run.violation->property];
    }
  }
  return campaign;
}

TEST(Conformance, CorrectConformsOnTenThousandSeedsOfEachProtocol) {
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    SCOPED_TRACE(protocol_name(protocol));
    Campaign campaign = check_seeds(conformance_config(protocol, "correct"), 10'000);
    EXPECT_EQ(campaign.verdicts["conforms"], 10'000u) << campaign.first_line;
    EXPECT_TRUE(campaign.agreed.empty());
    EXPECT_GT(campaign.steps, 700'000u);  // about 80 steps a run, every one checked
  }
}

// A broken variant: model and implementation agree step by step up to the
// violation, and on the violation.
struct Broken {
  Protocol protocol;
  const char* variant;
  Property property;
};

class ConformanceOfBrokenVariants : public ::testing::TestWithParam<Broken> {};

TEST_P(ConformanceOfBrokenVariants, AgreeUpToAndOnTheViolation) {
  const Broken& b = GetParam();
  Campaign campaign = check_seeds(conformance_config(b.protocol, b.variant), 1000);
  EXPECT_EQ(campaign.verdicts["conforms"], 1000u) << campaign.first_line;
  EXPECT_GT(campaign.agreed[b.property], 0u);
}

const Broken kBroken[] = {
    {Protocol::kSingleTombstone, "tombstone-before-copy", Property::kP1},
    {Protocol::kSingleTombstone, "stash-skip-fence", Property::kP3},
    {Protocol::kSingleTombstone, "persist-blind-append", Property::kP3},
    {Protocol::kSingleTombstone, "no-epoch-lower-bound", Property::kP3},
    {Protocol::kSingleTombstone, "always-copy", Property::kP6},
    {Protocol::kSingleTombstone, "copy-requires-empty-destination", Property::kP6},  // liveness
    {Protocol::kSingleTombstone, "rollback-tombstone-first", Property::kP1},
    {Protocol::kSingleTombstone, "example-forget-tombstone", Property::kP2},
    {Protocol::kSingleTombstone, "tombstone-read-before-fence", Property::kP6},
    {Protocol::kTwoTombstone, "as-designed", Property::kP1},
    {Protocol::kTwoTombstone, "early-draft", Property::kP1},
    {Protocol::kSingleTombstone, "savepoint-durable", Property::kP4},
    {Protocol::kSingleTombstone, "savepoint-needs-both-stores", Property::kP6},
    {Protocol::kSingleTombstone, "read-only-serves-cache", Property::kP5},
    {Protocol::kSingleTombstone, "tombstone-presence-as-truth", Property::kP5},
    {Protocol::kSingleTombstone, "reader-ignores-tombstone", Property::kP5},
    {Protocol::kSingleTombstone, "reader-trusts-old-tombstone", Property::kP5},
    // preopen-prefetches-persist is not here: with creates only, its P5 needs
    // a whole migration between the prefetch and the tombstone read, which
    // 5,000 seeds of this campaign never schedule; its explorer
    // counterexample is checked step by step in model_vs_impl_scenario_test.cc.
};

std::string broken_name(const ::testing::TestParamInfo<Broken>& info) {
  return test_name(info.param.protocol, info.param.variant);
}

void PrintTo(const Broken& b, std::ostream* os) {
  *os << protocol_name(b.protocol) << " " << b.variant << ", expects " << b.property;
}

INSTANTIATE_TEST_SUITE_P(Variants, ConformanceOfBrokenVariants, ::testing::ValuesIn(kBroken),
                         broken_name);

// A real disagreement, kept visible: indeterminate_as_success acknowledges a
// commit whose reply was lost, so the writer's cache never learns it; if it
// was applied, the next create reuses its object id (P2 in the
// implementation). The model's changes are labels without ids
// (model/catalog_value.h), so it sees nothing at that step.
TEST(Conformance, KnownDisagreementIndeterminateAsSuccessReusesAnId) {
  Campaign campaign =
      check_seeds(conformance_config(Protocol::kSingleTombstone, "indeterminate-as-success"), 1000);
  EXPECT_EQ(campaign.verdicts["not modelled"], 0u);
  EXPECT_GT(campaign.verdicts["diverged"], 0u);
  EXPECT_NE(campaign.first_line.find("the implementation breaks P2 (id u"), std::string::npos)
      << campaign.first_line;
  EXPECT_NE(campaign.first_line.find("handed out twice), the model does not"), std::string::npos)
      << campaign.first_line;
  EXPECT_GT(campaign.agreed[Property::kP2], 0u);  // a lost commit acknowledged: both see it
}

// The model retries a lost reply for as long as replies are lost; the
// implementation gives up after retries_max: outside the model, said so.
TEST(Conformance, RetriesPastRetriesMaxAreNotModelled) {
  Campaign campaign = check_seeds(
      conformance_config(Protocol::kSingleTombstone, "retry-indeterminate-write"), 5000);
  EXPECT_EQ(campaign.verdicts["diverged"], 0u) << campaign.first_line;
  ASSERT_GT(campaign.verdicts["not modelled"], 0u) << "no run gave up: the case is not exercised";
  EXPECT_NE(campaign.first_line.find("given up after retries_max"), std::string::npos)
      << campaign.first_line;
}

// The default campaign does what the model does not: transient faults,
// drops, alters and config changes, the setting getter. Each is reported
// where it happens; its readers and savepoint pre-flights are modelled, and
// the steps before agree.
TEST(Conformance, TheDefaultCampaignLeavesTheModelAndSaysWhere) {
  RunConfig config;  // readers, savepoints, transient faults, every change kind
  config.procs = 3;  // the model's writers at most (a seed may draw four)
  std::map<std::string, uint64_t> reasons;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    RunReport run = run_seed(seed, config, RunOptions{true, true});
    ConformanceReport report = check_conformance(run, config);
    ASSERT_NE(report.verdict, V::kDiverged) << "seed " << seed << ": " << report.line;
    if (report.verdict == V::kNotModelled) {
      ++reasons[report.reason];
    }
  }
  EXPECT_GT(reasons["a transient fault"], 0u);
  EXPECT_EQ(reasons.size(), reasons.count("a transient fault") + reasons.count("a drop change") +
                                reasons.count("an alter change") +
                                reasons.count("a config setting change"))
      << "the reader and the pre-flights are modelled: nothing else leaves the model";
  config.readers = 0;
  config.savepoint_percent = 0;
  config.transient_percent = 0;
  bool change_kinds = false;
  for (uint64_t seed = 1; seed <= 100 && !change_kinds; ++seed) {
    ConformanceReport report =
        check_conformance(run_seed(seed, config, RunOptions{true, true}), config);
    change_kinds = report.reason == "a drop change" || report.reason == "an alter change";
  }
  EXPECT_TRUE(change_kinds);
}

}  // namespace
}  // namespace catsim::model
