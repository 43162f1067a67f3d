// Partial-order reduction (model/reduction.h) keeps every verdict: each
// variant (catsim list variants) explored at small bounds, with and without
// the reduction, breadth-first and depth-first (and breadth-first without
// liveness), gives the same verdict, and the same property when only the
// variant's own property is checked; the reduced search visits fewer states
// when clean. Each reduced counterexample is a real path (the explorer
// re-executes it, sim/counterexample.h; model_vs_impl_scenario_test.cc
// replays them on the implementation). About 20 s in release.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/explorer.h"

namespace catsim::model {
namespace {

// Small bounds at which the model sees the variant's switches: two writers
// with a crash (and an indeterminate outcome where the variant acts on one),
// or one writer with a reader or pre-flights, where the variant acts on those.
ModelBounds small_bounds(const Variant& variant) {
  const VariantSwitches& s = variant.switches;
  const uint32_t indeterminates = s.indeterminate_as_success || s.retry_indeterminate_write;
  ModelBounds bounds{2, 1, 1, 2, indeterminates, {}};
  const ModelBounds seeing = bounds_that_see(variant, bounds);
  if (seeing.readers == 0 && !seeing.savepoints) return seeing;
  ModelBounds one{1, 1, 1, 3, indeterminates, {}};
  one = bounds_that_see(variant, one);
  if (one.readers > 0) {
    one.reads = 2;
    one.rereads = 1;
  }
  return one;
}

std::string show(const ExploreReport& report) {
  std::string text(verdict_name(report.verdict));
  if (report.counterexample) {
    text += fmt::format(" {} in {} steps", report.counterexample->property,
                        report.counterexample->length);
  }
  return text;
}

ExploreReport explore_with(const Variant& variant, const ModelBounds& bounds, bool partial_order,
                           SearchOrder order, bool liveness, uint32_t properties) {
  ExploreOptions options;
  options.partial_order = partial_order;
  options.order = order;
  options.liveness = liveness;
  return explore_variant(variant, bounds, options, properties);
}

TEST(Reduction, EveryVariantKeepsItsVerdictAndProperty) {
  for (const Variant& variant : all_variants()) {
    const ModelBounds bounds = small_bounds(variant);
    SCOPED_TRACE(fmt::format("{} {}", protocol_name(variant.protocol), variant.name));
    std::vector<uint32_t> masks = {kAllProperties};
    for (Property property : variant.expected_properties) masks.push_back(property_bit(property));
    for (uint32_t mask : masks) {
      for (bool liveness : {true, false}) {
        for (SearchOrder order : {SearchOrder::kBreadthFirst, SearchOrder::kDepthFirst}) {
          if (!liveness && order == SearchOrder::kDepthFirst) continue;
          SCOPED_TRACE(fmt::format("properties {:#x}, liveness {}, {}", mask, liveness,
                                   order == SearchOrder::kBreadthFirst ? "bfs" : "dfs"));
          const ExploreReport plain = explore_with(variant, bounds, false, order, liveness, mask);
          const ExploreReport reduced = explore_with(variant, bounds, true, order, liveness, mask);
          ASSERT_NE(plain.verdict, Verdict::kIncomplete);
          EXPECT_EQ(reduced.verdict, plain.verdict) << show(plain) << " vs " << show(reduced);
          if (plain.verdict == Verdict::kClean) {
            EXPECT_LT(reduced.states, plain.states);
            continue;
          }
          ASSERT_TRUE(reduced.counterexample);
          if (mask != kAllProperties) {
            EXPECT_EQ(reduced.counterexample->property, plain.counterexample->property);
          }
          if (order == SearchOrder::kBreadthFirst) {
            EXPECT_GE(reduced.counterexample->length, plain.counterexample->length);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace catsim::model
