// ShortestShrink: the one shrink policy that `catsim mutants` and the
// regression traces (`catsim regression`, traces/regressions/rerecord) share.
//
// The shrinker ends in a local minimum that depends on where it starts, so a
// single shrink is a poor measure of how short a bug's trace can be. The
// policy: run the campaign until failures_max seeds have failed (in seed
// order, the same for any jobs), take the first starts_max of them that broke
// the wanted property, shrink each, and keep the shortest (the earliest seed
// among equals).
//
// Guarantees:
//   1. The result is a pure function of the request (campaigns are
//      deterministic for any jobs; ties go to the earliest seed).
//   2. The shrunk trace replays to the wanted property, strictly (shrink_trace
//      checks it), and is never longer than its original.
//   3. nullopt exactly when no failure among the first failures_max broke
//      the wanted property.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "harness/run_config.h"
#include "impl/property.h"
#include "traces/trace.h"

namespace catsim {

struct ShortestShrinkRequest {
  RunConfig config;
  uint64_t seeds = 10'000;  // the campaign's budget, from seed 1
  uint32_t jobs = 1;
  std::optional<Property> property;  // nullopt: the first failure's
  size_t failures_max = 8;           // failing seeds the campaign collects
  size_t starts_max = 8;             // of those, how many are shrunk
};

struct ShortestShrink {
  Property property = Property::kP1;
  Trace original;
  Trace shrunk;       // the shortest shrink, of original
  size_t starts = 0;  // how many failures were shrunk
};

std::optional<ShortestShrink> shortest_shrink(const ShortestShrinkRequest& request);

}  // namespace catsim
