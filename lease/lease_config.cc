#include "lease/lease_config.h"

#include "sim/check.h"
#include "sim/rng.h"

namespace catsim::lease {

namespace {
// A rate that is off half the time, else uniform in [1, max_percent].
uint32_t swarm_rate(Rng& rng, uint32_t max_percent) {
  if (!rng.chance_percent(50)) return 0;
  return static_cast<uint32_t>(rng.between(1, max_percent));
}

StrategyKind swarm_strategy(Rng& rng) {
  switch (rng.below(3)) {
    case 0:
      return StrategyKind::kRandom;
    case 1:
      return StrategyKind::kSkewed;
    default:
      return StrategyKind::kPct;
  }
}
}  // namespace

LeaseSwarm derive_swarm(uint64_t seed, const LeaseConfig& config) {
  Rng rng(seed ^ 0x4c53574d43464731ULL);  // its own stream: "LSWMCFG1"
  uint32_t crash = swarm_rate(rng, 12);
  uint32_t transient = swarm_rate(rng, 10);
  uint32_t indeterminate = swarm_rate(rng, 8);
  uint32_t holders = static_cast<uint32_t>(rng.between(kHoldersMin, kHoldersMax));
  StrategyKind strategy = swarm_strategy(rng);
  LeaseSwarm swarm;
  swarm.strategy = config.strategy.value_or(strategy);
  swarm.holders = config.holders.value_or(holders);
  swarm.crash_percent = config.crash_percent.value_or(crash);
  swarm.faults.transient_percent = config.transient_percent.value_or(transient);
  swarm.faults.indeterminate_percent = config.indeterminate_percent.value_or(indeterminate);
  CATSIM_CHECK(swarm.holders >= 1);
  CATSIM_CHECK(swarm.crash_percent <= 100);
  return swarm;
}

LeaseConfig pinned(const LeaseConfig& config, const LeaseSwarm& swarm) {
  LeaseConfig c = config;
  c.strategy = swarm.strategy;
  c.holders = swarm.holders;
  c.crash_percent = swarm.crash_percent;
  c.transient_percent = swarm.faults.transient_percent;
  c.indeterminate_percent = swarm.faults.indeterminate_percent;
  return c;
}

std::optional<LeaseSwarm> pinned_swarm(const LeaseConfig& config) {
  if (!config.strategy || !config.holders || !config.crash_percent || !config.transient_percent ||
      !config.indeterminate_percent) {
    return std::nullopt;
  }
  return LeaseSwarm{*config.strategy, *config.holders, *config.crash_percent,
                    FaultRates{*config.transient_percent, *config.indeterminate_percent}};
}

}  // namespace catsim::lease
