// One simulated run of the lease protocol, from a seed or from a decision
// log: the entry points a command-line tool calls.
//
// run_seed() derives the swarm from the seed (lease/lease_config.h), seeds
// a Decider with the swarm's strategy, builds a LeaseWorld, spawns the
// holders and runs them for at most config.steps_max steps, stopping after
// the first violating step. replay_run() drives the same run from a
// decision log alone (the Decider's replay mode), given the pinned config
// the report carries; in strict mode a log that no longer fits the code
// ends the run with RunEnd::kDiverged and the divergence reported.
// Guarantees: both are pure functions of their inputs (same inputs, same
// report, same trace hash); replay_run(report.decisions, report.config)
// reproduces run_seed's report, trace hash included. Unknown variant, or a
// replay config that is not pinned: std::invalid_argument. Each run is
// confined to the calling thread (runs on different threads are independent).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lease/checker.h"
#include "lease/lease_config.h"
#include "lease/lease_world.h"
#include "sim/decision.h"
#include "sim/run_stats.h"
#include "sim/scheduler.h"

namespace catsim::lease {

struct LeaseRunOptions {
  bool record_events = false;  // fill LeaseReport::events (a campaign leaves them out)
};

struct LeaseReport {
  uint64_t seed = 0;
  LeaseConfig config;  // pinned: replay_run(decisions, config) runs it again
  LeaseSwarm swarm;
  std::optional<LeaseViolation> violation;  // the first one
  RunStats stats;                           // of lease::Counter
  uint64_t trace_hash = 0;
  uint64_t steps = 0;
  RunEnd end = RunEnd::kAllDone;
  std::vector<Decision> decisions;
  std::vector<LeaseStepEvent> events;  // only when recorded
  std::vector<std::string> process_names;
  std::optional<Divergence> divergence;  // replay only
};

LeaseReport run_seed(uint64_t seed, const LeaseConfig& config, LeaseRunOptions options = {});

// config: pinned (LeaseReport::config). seed only labels the report.
LeaseReport replay_run(const std::vector<Decision>& decisions, const LeaseConfig& config,
                       LeaseRunOptions options = {}, ReplayMode mode = ReplayMode::kStrict,
                       uint64_t seed = 0);

}  // namespace catsim::lease
