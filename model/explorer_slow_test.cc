// Nightly-sized explorations: the correct variants at bigger bounds, every
// modelled mutant at the default bounds, and the model's findings, pinned on
// the variants that leave their fix out, with `correct` proved clean there.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "harness/test_params.h"
#include "model/explorer.h"
#include "model/impl_replay.h"

namespace catsim::model {
namespace {

constexpr uint8_t kMigrate = 1, kRollback = 2;

const Variant& variant_of(Protocol protocol, const char* name) {
  const Variant* variant = find_variant(protocol, name);
  EXPECT_NE(variant, nullptr) << name;
  return *variant;
}

std::string show(const ExploreReport& report) {
  std::string text = std::string(verdict_name(report.verdict));
  if (!report.counterexample) return text;
  text += fmt::format(" {}: {}\n", report.counterexample->property, report.counterexample->summary);
  for (const std::string& step : report.counterexample->steps) text += step + "\n";
  return text;
}

class CorrectVariant : public ::testing::TestWithParam<Protocol> {};

TEST_P(CorrectVariant, IsCleanWithTwoProcessesTwoCrashesTwoChangesBothWays) {
  const Variant& correct = variant_of(GetParam(), "correct");
  const ModelBounds bounds{2, 2, 2, 2, 0, {}};
  ExploreOptions bfs, dfs, parallel;
  dfs.order = SearchOrder::kDepthFirst;
  parallel.jobs = 2;
  parallel.fingerprint_bits = 128;
  ExploreReport breadth = explore_variant(correct, bounds, bfs);
  ExploreReport depth = explore_variant(correct, bounds, dfs);
  ExploreReport two_jobs = explore_variant(correct, bounds, parallel);
  EXPECT_EQ(breadth.verdict, Verdict::kClean) << show(breadth);
  EXPECT_EQ(depth.verdict, Verdict::kClean) << show(depth);
  EXPECT_EQ(two_jobs.verdict, Verdict::kClean) << show(two_jobs);
  EXPECT_EQ(breadth.states, depth.states);
  EXPECT_EQ(two_jobs.states, breadth.states);
  EXPECT_EQ(two_jobs.transitions, breadth.transitions);
  EXPECT_GT(breadth.states, 300000u);
}

TEST_P(CorrectVariant, IsCleanWithOneIndeterminateOutcome) {
  const Variant& correct = variant_of(GetParam(), "correct");
  ExploreReport report = explore_variant(correct, ModelBounds{2, 1, 1, 2, 1, {}}, {});
  EXPECT_EQ(report.verdict, Verdict::kClean) << show(report);
}

// With the reader and the savepoint pre-flight: P4 and P5 proved at two
// writers (the 2/2/2 figures are in the README: minutes, several GB).
TEST_P(CorrectVariant, IsCleanWithTwoWritersAReaderAndPreflights) {
  const Variant& correct = variant_of(GetParam(), "correct");
  ModelBounds bounds{2, 0, 1, 2, 0, {}};
  bounds.readers = 1;
  bounds.savepoints = true;
  ExploreReport report = explore_variant(correct, bounds, {});
  EXPECT_EQ(report.verdict, Verdict::kClean) << show(report);
  EXPECT_EQ(report.pruned, 0u);
  EXPECT_GT(report.states, 5'000'000u);
}

INSTANTIATE_TEST_SUITE_P(Protocols, CorrectVariant,
                         ::testing::Values(Protocol::kSingleTombstone, Protocol::kTwoTombstone),
                         [](const ::testing::TestParamInfo<Protocol>& info) {
                           return test_name(protocol_name(info.param));
                         });

TEST(ExplorerSlow, EveryModelledMutantBreaksItsPropertyAtTheDefaultBounds) {
  for (const Variant& variant : all_variants()) {
    if (variant.kind != VariantKind::kMutant) continue;
    SCOPED_TRACE(variant.name);
    ModelBounds bounds{2, 1, 1, 2, 0, {}};
    const VariantSwitches& s = variant.switches;
    if (s.indeterminate_as_success || s.retry_indeterminate_write) bounds.indeterminates = 1;
    bounds = bounds_that_see(variant, bounds);  // a reader, pre-flights, where they act
    if (!unmodelled_switches(variant, bounds, true).empty()) {
      // Not modelled: the model runs the rest of the variant, which is clean here.
      EXPECT_EQ(explore_variant(variant, bounds, {}).verdict, Verdict::kClean);
      continue;
    }
    if (variant.expected_properties.empty()) {  // believed harmless: must be clean
      ExploreReport report = explore_variant(variant, bounds, {});
      EXPECT_EQ(report.verdict, Verdict::kClean) << show(report);
      continue;
    }
    EXPECT_EQ(explore_variant(variant, bounds, {}).verdict, Verdict::kViolation);
    const uint32_t only = property_bit(variant.expected_properties.front());
    ExploreReport report = explore_variant(variant, bounds, {}, only);
    ASSERT_EQ(report.verdict, Verdict::kViolation) << show(report);
    EXPECT_TRUE(variant.expects(report.counterexample->property)) << show(report);
  }
}

// Finding 4: with three writers, a writer whose stash handle is already
// fenced still fences persist (step 3 does not re-check the stash), so
// persist's epoch ran ahead of the stash's; a migrate then returned persist at
// that epoch, and a later rollback (or emergency) open returned the stash
// below it, breaking P3. `correct` now raises the stash to persist's epoch
// under the stash's fence (fix_stash_raised_to_persist); `without-stash-raise`
// is `correct` with that fix left out, and keeps the finding reproducible on
// the model and, replayed, on the implementation. (The witness through the
// emergency hatch is fast: model_vs_impl_scenario_test.cc.)
const ModelBounds kThreeWritersRollback{3, 0, 0, 2, 0, {kMigrate, kMigrate, kRollback}};

// The plain search: its breadth-first counterexamples are the shortest.
ExploreOptions plain() {
  ExploreOptions options;
  options.partial_order = false;
  return options;
}

TEST(ExplorerSlow, FindingFourEpochWentBackwardsWithThreeWritersWithoutTheStashRaise) {
  const Variant& unraised = variant_of(Protocol::kSingleTombstone, "without-stash-raise");
  ExploreReport via_rollback = explore_variant(unraised, kThreeWritersRollback, plain());
  ASSERT_EQ(via_rollback.verdict, Verdict::kViolation);
  ExploreOptions two_jobs = plain();
  two_jobs.jobs = 2;
  ExploreReport parallel = explore_variant(unraised, kThreeWritersRollback, two_jobs);
  EXPECT_EQ(show(parallel), show(via_rollback)) << "the same counterexample on two threads";
  EXPECT_EQ(parallel.states, via_rollback.states);
  EXPECT_EQ(via_rollback.counterexample->property, Property::kP3) << show(via_rollback);
  EXPECT_EQ(via_rollback.counterexample->length, 37u);  // 47 before P3 was strict
  testing::replay_on_implementation(unraised, kThreeWritersRollback, *via_rollback.counterexample);
  // With partial-order reduction: found too, and a real path.
  ExploreReport reduced = explore_variant(unraised, kThreeWritersRollback, {});
  ASSERT_EQ(reduced.verdict, Verdict::kViolation);
  EXPECT_EQ(reduced.counterexample->property, Property::kP3) << show(reduced);
  testing::replay_on_implementation(unraised, kThreeWritersRollback, *reduced.counterexample);
  // With P3 strict, two writers suffice (through the emergency hatch, a
  // repeated epoch in 30 steps); a smaller epoch needed three. `correct` is
  // clean at the same bounds.
  const ModelBounds two_writers{2, 0, 0, 4, 0, {}};
  ExploreReport two = explore_variant(unraised, two_writers, plain());
  ASSERT_EQ(two.verdict, Verdict::kViolation) << show(two);
  EXPECT_EQ(two.counterexample->length, 30u);
  testing::replay_on_implementation(unraised, two_writers, *two.counterexample);
  const Variant& correct = variant_of(Protocol::kSingleTombstone, "correct");
  EXPECT_EQ(explore_variant(correct, two_writers, {}).verdict, Verdict::kClean);
}

TEST(ExplorerSlow, FindingFourIsFixedInCorrectWithThreeWriters) {
  const Variant& correct = variant_of(Protocol::kSingleTombstone, "correct");
  ExploreReport via_rollback = explore_variant(correct, kThreeWritersRollback, {});
  EXPECT_EQ(via_rollback.verdict, Verdict::kClean) << show(via_rollback);
  EXPECT_GT(via_rollback.states, 3000000u);
}

// The two-tombstone protocol had finding 4 too, and finding 2 (persist
// bounded by a stale stash read); `correct` now takes both fixes there.
TEST(ExplorerSlow, TwoTombstoneCorrectIsCleanWithThreeWritersAndACrash) {
  const ModelBounds bounds{3, 1, 0, 2, 0, {kMigrate, kMigrate, kRollback}};
  const Variant& correct = variant_of(Protocol::kTwoTombstone, "correct");
  ExploreReport clean = explore_variant(correct, bounds, {});
  EXPECT_EQ(clean.verdict, Verdict::kClean) << show(clean);
  const Variant& unraised = variant_of(Protocol::kTwoTombstone, "without-stash-raise");
  ExploreReport report = explore_variant(unraised, bounds, plain());
  ASSERT_EQ(report.verdict, Verdict::kViolation);
  EXPECT_EQ(report.counterexample->property, Property::kP3) << show(report);
  EXPECT_EQ(report.counterexample->length, 39u);  // 48 before P3 was strict
  testing::replay_on_implementation(unraised, bounds, *report.counterexample);
  ExploreReport reduced = explore_variant(unraised, bounds, {});
  ASSERT_EQ(reduced.verdict, Verdict::kViolation);
  EXPECT_EQ(reduced.counterexample->property, Property::kP3) << show(reduced);
  testing::replay_on_implementation(unraised, bounds, *reduced.counterexample);
}

}  // namespace
}  // namespace catsim::model
