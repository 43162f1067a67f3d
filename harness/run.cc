#include "harness/run.h"

#include <stdexcept>

#include "harness/world.h"
#include "sim/check.h"

namespace catsim {

namespace {

const Variant& variant_of(const RunConfig& config) {
  const Variant* variant = find_variant(config.protocol, config.variant);
  if (variant == nullptr) {
    throw std::invalid_argument("unknown variant '" + config.variant + "' for protocol " +
                                std::string(protocol_name(config.protocol)));
  }
  return *variant;
}

RunReport execute(uint64_t seed, const RunConfig& config, const Swarm& swarm, Decider& decider,
                  RunOptions options) {
  const Variant& variant = variant_of(config);
  CheckContext& check = check_context();
  check = CheckContext{seed, 0, true};
  RunReport report;
  report.seed = seed;
  report.swarm = swarm;
  std::optional<StateCoverage> coverage;
  if (options.record_coverage) coverage.emplace();
  {
    World world(variant, config, swarm, decider,
                WorldOptions{options.record_events, options.check_properties,
                             coverage ? &*coverage : nullptr});
    world.spawn_workload();
    world.run_phases();
    report.violation = world.violation();
    report.stats = world.stats();
    const FaultCounts& faults = world.faults().counts();
    report.stats.add(Counter::kFaultTransient, faults.transient);
    report.stats.add(Counter::kFaultIndeterminateApplied, faults.indeterminate_applied);
    report.stats.add(Counter::kFaultIndeterminateLost, faults.indeterminate_lost);
    report.trace_hash = world.trace_hash();
    report.steps = world.scheduler().steps();
    report.safety_end = world.safety_end();
    report.events = world.events();
    report.process_names = world.scheduler().process_names();
  }
  report.decisions = decider.log();
  report.divergence = decider.divergence();
  if (coverage) report.reached = coverage->reached();
  check.active = false;
  return report;
}

}  // namespace

RunReport run_seed(uint64_t seed, const RunConfig& config, RunOptions options) {
  Swarm swarm = derive_swarm(seed, config);
  Decider decider(seed, swarm.strategy, config.pct);
  return execute(seed, config, swarm, decider, options);
}

RunReport run_bytes(ChoiceBytes bytes, const RunConfig& config, const Swarm& swarm,
                    RunOptions options) {
  Decider decider(std::move(bytes));
  return execute(0, config, swarm, decider, options);
}

RunReport replay_run(const ReplayInput& input, RunOptions options) {
  Decider decider(input.decisions, input.mode, input.seed);
  return execute(input.seed, input.config, input.swarm, decider, options);
}

}  // namespace catsim
