#include "lease/lease_run.h"

#include <stdexcept>

#include "sim/check.h"

namespace catsim::lease {

namespace {

const Variant& variant_of(const LeaseConfig& config) {
  const Variant* variant = find_variant(config.variant);
  if (variant == nullptr) {
    throw std::invalid_argument("unknown lease variant '" + config.variant + "'");
  }
  return *variant;
}

LeaseReport execute(uint64_t seed, const LeaseConfig& config, const LeaseSwarm& swarm,
                    Decider& decider, LeaseRunOptions options) {
  const Variant& variant = variant_of(config);
  CheckContext& check = check_context();
  check = CheckContext{seed, 0, true};
  LeaseReport report;
  report.seed = seed;
  report.config = pinned(config, swarm);
  report.swarm = swarm;
  {
    LeaseWorld world(variant, report.config, swarm, decider, options.record_events);
    world.spawn_holders();
    report.end = world.run();
    report.violation = world.violation();
    report.stats = world.stats();
    report.trace_hash = world.trace_hash();
    report.steps = world.scheduler().steps();
    report.events = world.events();
    report.process_names = world.scheduler().process_names();
  }
  report.decisions = decider.log();
  report.divergence = decider.divergence();
  check.active = false;
  return report;
}

}  // namespace

LeaseReport run_seed(uint64_t seed, const LeaseConfig& config, LeaseRunOptions options) {
  LeaseSwarm swarm = derive_swarm(seed, config);
  Decider decider(seed, swarm.strategy, config.pct);
  return execute(seed, config, swarm, decider, options);
}

LeaseReport replay_run(const std::vector<Decision>& decisions, const LeaseConfig& config,
                       LeaseRunOptions options, ReplayMode mode, uint64_t seed) {
  std::optional<LeaseSwarm> swarm = pinned_swarm(config);
  if (!swarm) throw std::invalid_argument("a lease replay needs a pinned config");
  Decider decider(decisions, mode, seed);
  return execute(seed, config, *swarm, decider, options);
}

}  // namespace catsim::lease
