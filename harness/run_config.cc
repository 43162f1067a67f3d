#include "harness/run_config.h"

#include "sim/rng.h"

namespace catsim {

namespace {
// A rate that is off half the time, else uniform in [1, max_percent].
uint32_t swarm_rate(Rng& rng, uint32_t max_percent) {
  if (!rng.chance_percent(50)) return 0;
  return static_cast<uint32_t>(rng.between(1, max_percent));
}

// The shape of a seed's world. Writers: 1 in 10 seeds has one (the
// single-writer mistakes), the rest 2 to 4 (the bugs that need three
// writers, finding 4, need them often). A reader in 3 of 5 seeds (the
// reader mistakes need one; writers race faster without). No changes in 3
// of 10 seeds: openers racing with nothing between their opens (finding 4).
struct Shape {
  uint32_t procs;
  uint32_t readers;
  uint32_t changes_max;
  uint32_t boots_max;
  StrategyKind strategy;
};

Shape swarm_shape(Rng& rng) {
  Shape shape{};
  shape.procs = rng.chance_percent(10) ? 1 : static_cast<uint32_t>(rng.between(2, 4));
  shape.readers = rng.chance_percent(60) ? 1 : 0;
  shape.changes_max = rng.chance_percent(30) ? 0 : static_cast<uint32_t>(rng.between(1, 3));
  shape.boots_max = static_cast<uint32_t>(rng.between(2, 4));
  shape.strategy = rng.chance_percent(50) ? StrategyKind::kSkewed : StrategyKind::kRandom;
  return shape;
}
}  // namespace

std::string_view crash_placement_name(CrashPlacement placement) {
  return placement == CrashPlacement::kRacyEvents ? "racy-events" : "any-step";
}

std::optional<CrashPlacement> crash_placement_from_name(std::string_view name) {
  if (name == "any-step") return CrashPlacement::kAnyStep;
  if (name == "racy-events") return CrashPlacement::kRacyEvents;
  return std::nullopt;
}

Swarm derive_swarm(uint64_t seed, const RunConfig& config) {
  Rng rng(seed ^ 0x5357524d43464731ULL);  // its own stream: "SWRMCFG1"
  Swarm swarm;
  uint32_t crash = swarm_rate(rng, 12);
  uint32_t transient = swarm_rate(rng, 10);
  uint32_t indeterminate = swarm_rate(rng, 8);
  uint32_t savepoint = static_cast<uint32_t>(rng.below(60));
  TargetWeights weights{static_cast<uint32_t>(rng.between(1, 8)),
                        static_cast<uint32_t>(rng.between(0, 6)),
                        static_cast<uint32_t>(rng.between(0, 3))};
  if (config.protocol == Protocol::kTwoTombstone) weights.emergency = 0;
  Shape shape = swarm_shape(rng);
  swarm.strategy = config.strategy.value_or(shape.strategy);
  swarm.procs = config.procs.value_or(shape.procs);
  swarm.readers = config.readers.value_or(shape.readers);
  swarm.changes_max = config.changes_max.value_or(shape.changes_max);
  swarm.boots_max = config.boots_max.value_or(shape.boots_max);
  swarm.crash_percent = config.crash_percent.value_or(crash);
  swarm.faults.transient_percent = config.transient_percent.value_or(transient);
  swarm.faults.indeterminate_percent = config.indeterminate_percent.value_or(indeterminate);
  swarm.savepoint_percent = config.savepoint_percent.value_or(savepoint);
  swarm.weights = config.weights.value_or(weights);
  // Drawn last, so that every earlier draw keeps its value. Half the seeds
  // with two processes or more crash only at racy events (a lone process
  // has none: it would never crash).
  const bool racy = rng.chance_percent(50) && swarm.procs + swarm.readers >= 2;
  const CrashPlacement placement = racy ? CrashPlacement::kRacyEvents : CrashPlacement::kAnyStep;
  swarm.crash_placement = config.crash_placement.value_or(placement);
  return swarm;
}

RunConfig pinned(const RunConfig& config, const Swarm& swarm) {
  RunConfig c = config;
  c.strategy = swarm.strategy;
  c.procs = swarm.procs;
  c.readers = swarm.readers;
  c.changes_max = swarm.changes_max;
  c.boots_max = swarm.boots_max;
  c.crash_percent = swarm.crash_percent;
  c.crash_placement = swarm.crash_placement;
  c.transient_percent = swarm.faults.transient_percent;
  c.indeterminate_percent = swarm.faults.indeterminate_percent;
  c.savepoint_percent = swarm.savepoint_percent;
  c.weights = swarm.weights;
  return c;
}

}  // namespace catsim
