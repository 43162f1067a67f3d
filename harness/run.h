// One simulated run, from a seed or from a decision log.
//
// run_seed() derives the swarm from the seed, builds a World, runs both
// phases and reports. replay_run() drives the same run from a decision log
// (no seed needed) and reports the first divergence if the code changed.
// Both are pure functions of their inputs: same inputs, same report, same
// trace hash.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/run_config.h"
#include "harness/step_event.h"
#include "impl/run_counters.h"
#include "properties/violation.h"
#include "sim/coverage_tally.h"
#include "sim/decision.h"
#include "sim/state_coverage.h"

namespace catsim {

struct RunReport {
  uint64_t seed = 0;
  Swarm swarm;
  std::optional<Violation> violation;
  RunStats stats;
  uint64_t trace_hash = 0;
  uint64_t steps = 0;
  RunEnd safety_end = RunEnd::kAllDone;
  std::vector<Decision> decisions;
  std::vector<StepEvent> events;  // only when recorded
  std::vector<std::string> process_names;
  std::optional<Divergence> divergence;
  // With record_coverage: the abstract-state features reached, in order.
  std::vector<ReachedFeature> reached;
  // Set when the run replayed a guided corpus prefix: its configuration is
  // that of this seed, not of `seed` (only decisions reproduce the run).
  std::optional<uint64_t> guided_origin;
  FreshFeatures fresh;  // guided: the features the corpus did not know
};

struct RunOptions {
  bool record_events = false;
  bool check_properties = true;  // false only to measure what the checks cost
  bool record_coverage = false;  // fill RunReport::reached
};

// Throws std::invalid_argument if config names an unknown variant.
RunReport run_seed(uint64_t seed, const RunConfig& config, RunOptions options = {});

struct ReplayInput {
  uint64_t seed = 0;  // only labels the report, and seeds choices past a divergence
  RunConfig config;
  Swarm swarm;
  std::vector<Decision> decisions;
  ReplayMode mode = ReplayMode::kStrict;
};
RunReport replay_run(const ReplayInput& input, RunOptions options = {});

// A run whose every choice is read from bytes (coverage-guided fuzzing).
RunReport run_bytes(ChoiceBytes bytes, const RunConfig& config, const Swarm& swarm,
                    RunOptions options = {});

}  // namespace catsim
