// The lease model, explored exhaustively: `correct` is clean within small
// bounds, and each mutant has a short counterexample breaking its property.
#include "lease/lease_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "lease/lease_explore.h"

namespace catsim::lease {
namespace {

constexpr uint64_t kStatesMax = 2'000'000;

LeaseExploreReport explore_within(const ModelConfig& config) {
  model::ExploreOptions options;
  options.states_max = kStatesMax;
  options.symmetry = false;
  options.liveness = false;
  return explore_lease(LeaseModel(config), options);
}

// Bounds chosen to keep the search to a few seconds: the state space grows
// fast with the third holder.
TEST(LeaseModel, CorrectIsCleanWithinSmallBounds) {
  const ModelConfig bounds[] = {
      {.holders = 1, .writes_per_lease = 2, .boots_max = 3, .crashes_max = 2, .faults_max = 2},
      {.holders = 2, .writes_per_lease = 2, .boots_max = 2, .crashes_max = 2, .faults_max = 2},
      {.holders = 3, .writes_per_lease = 1, .boots_max = 2, .crashes_max = 1, .faults_max = 1},
  };
  for (const ModelConfig& config : bounds) {
    const LeaseExploreReport result = explore_within(config);
    EXPECT_EQ(result.verdict, model::Verdict::kClean)
        << config.holders << " holders: " << model::verdict_name(result.verdict);
    std::printf("correct, %u holders: %lu states, %lu transitions, depth %u\n", config.holders,
                result.states, result.transitions, result.max_depth);
  }
}

TEST(LeaseModel, EveryMutantHasAShortCounterexample) {
  for (const Variant& variant : all_variants()) {
    if (!variant.expected) continue;
    SCOPED_TRACE(variant.name);
    ModelConfig config{.holders = 2, .switches = variant.switches};
    const LeaseExploreReport result = explore_within(config);
    ASSERT_EQ(result.verdict, model::Verdict::kViolation);
    ASSERT_TRUE(result.counterexample.has_value());
    const auto& found = *result.counterexample;
    EXPECT_EQ(found.property, *variant.expected) << found.summary;
    EXPECT_FALSE(found.steps.empty());
    EXPECT_LE(found.length, 4u);
    EXPECT_EQ(found.path.size(), found.length);
    std::printf("%s: %s in %u steps: %s\n", variant.name.c_str(),
                std::string(property_name(found.property)).c_str(), found.length,
                found.summary.c_str());
    for (const std::string& line : found.steps) std::printf("  %s\n", line.c_str());
  }
}

TEST(LeaseModel, StepsArePureAndEnabledIsOrdered) {
  LeaseModel model(ModelConfig{.holders = 2});
  ModelState state = model.initial();
  std::vector<ModelAction> actions;
  model.enabled(state, actions);
  ASSERT_FALSE(actions.empty());
  EXPECT_TRUE(std::is_sorted(actions.begin(), actions.end()));
  ModelStep once = model.step(state, actions.front());
  ModelStep twice = model.step(state, actions.front());
  EXPECT_EQ(once.state, twice.state);
  EXPECT_EQ(once.state.epoch, 1u);
  EXPECT_EQ(once.state.holders[0].pc, Pc::kWrite);
}

TEST(LeaseModel, ATakeoverFencesTheStaleHolder) {
  LeaseModel model(ModelConfig{.holders = 2, .crashes_max = 0, .faults_max = 0});
  ModelState state = model.initial();
  state = model.step(state, {0, ActionKind::kCall}).state;  // holder 0 acquires epoch 1
  state = model.step(state, {1, ActionKind::kCall}).state;  // holder 1 takes over: epoch 2
  ModelStep fenced = model.step(state, {0, ActionKind::kCall});
  EXPECT_FALSE(fenced.violation.has_value());
  EXPECT_EQ(fenced.state.holders[0].pc, Pc::kDown);
  EXPECT_EQ(fenced.state.log_size, 0u);
  ModelStep restarted = model.step(fenced.state, {0, ActionKind::kRestart});
  EXPECT_EQ(restarted.state.holders[0].pc, Pc::kAcquire);
  EXPECT_EQ(restarted.state.holders[0].incarnation, 2u);
}

}  // namespace
}  // namespace catsim::lease
