#include "harness/run_config.h"

#include "sim/rng.h"

namespace catsim {

namespace {
// A rate that is off half the time, else uniform in [1, max_percent].
uint32_t swarm_rate(Rng& rng, uint32_t max_percent) {
  if (!rng.chance_percent(50)) return 0;
  return static_cast<uint32_t>(rng.between(1, max_percent));
}
}  // namespace

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
  swarm.crash_percent = config.crash_percent.value_or(crash);
  swarm.faults.transient_percent = config.transient_percent.value_or(transient);
  swarm.faults.indeterminate_percent = config.indeterminate_percent.value_or(indeterminate);
  swarm.savepoint_percent = config.savepoint_percent.value_or(savepoint);
  swarm.weights = config.weights.value_or(weights);
  return swarm;
}

}  // namespace catsim
