// Conformance: does an implementation run take, step by step, a path of the
// model? The opposite direction of model/impl_replay.h (a model path run on
// the implementation), and free of gtest.
//
// check_conformance() walks a run's recorded events (run_seed or replay_run
// with record_events, or a trace file) and maps each step to the model
// action that corresponds: a store call to the call of the process's
// program at its program counter (its store, call label, intent and handle
// mode must match the op's), with an indeterminate status as the model's
// indeterminate outcome (applied or lost, the fake's ground truth); a crash
// to a crash; a restart that starts a working boot to a restart. It applies
// the action with the model's pure step function, and compares, at every
// step: the call's status, whether it took effect and its handle's epoch;
// after the step, both stores' epochs, the stash tombstone (and persist's,
// for two tombstones), the source of truth, whether each store holds an
// initialized catalog and how many changes (if the events carry contents);
// whether the process's incarnation ended (seen from its next step); and
// the first property violated, at the same step. The first disagreement is
// reported in one line: the step, the implementation's event, and what the
// model expected.
//
// How implementation steps that have no model action of their own map:
//  - a crash before an incarnation's first call, and the restart after it,
//    change nothing the model sees: the model's process stays fresh;
//  - a restart with no boots left ends the process: no model action;
//  - an incarnation that stops after fewer changes than the model's bound
//    (the workload's changes.count decision) is a model crash of that
//    process at its change loop: the same state, the crash budget aside;
//  - the liveness phase's fresh opener is one more model process (so runs
//    have at most kProcsMax - 1 writers); halting the others is no step.
// Budgets (crashes, indeterminate outcomes, boots) are the explorer's
// bounds, not semantics: the checker follows one given path and clears them
// before each step.
//
// What the model does not cover, reported as kNotModelled at the first step
// that needs it (never skipped): transient faults and their retries, drop,
// alter and config changes (the model's changes are creates), emergency
// opens under two tombstones (the swarm never picks them, --weights can),
// more than kProcsMax - 1 writers or more than one reader, a retry of a lost
// reply past retries_max (retry_indeterminate_write), a read whose window
// spans more reference values than the model keeps, variant switches the
// model does not read, and more changes or epochs than the model's encoding
// holds. Readers map to the model's reader (the setting getter to a kind
// the explorer never picks, for its calls), savepoint pre-flights to the
// model's dry run, a reader's pause to no model step.
// conformance_config() is a campaign that stays inside: 3 writers of at
// most 3 boots and 3 changes and one reader, creates only, no transient
// faults; crash and indeterminate rates, savepoints and target weights stay
// derived per seed (swarm).
// Guarantees: pure (same input, same report); never aborts on a run it was
// given, however altered: whatever the model cannot take is reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/run.h"
#include "harness/run_config.h"
#include "traces/trace.h"

namespace catsim::model {

enum class ConformanceVerdict : uint8_t {
  kConforms,     // every step matched (a violation, if any, on both sides at the same step)
  kDiverged,     // the model and the implementation disagree at `step`
  kNotModelled,  // the run left what the model covers at `step`
};
std::string_view conformance_verdict_name(ConformanceVerdict verdict);

struct ConformanceReport {
  ConformanceVerdict verdict = ConformanceVerdict::kConforms;
  uint64_t step = 0;   // where it diverged or left the model
  std::string line;    // one readable line ("" when it conforms)
  std::string reason;  // what diverged or left the model, without the step ("" when it conforms)
  uint64_t steps_checked = 0;
  std::optional<Property> property;  // the property both broke
};

// A campaign that stays inside the model (see above).
RunConfig conformance_config(Protocol protocol, const std::string& variant);

// report must carry its events (RunOptions::record_events) and decisions;
// config is the run's (its variant is looked up; unknown: kNotModelled).
ConformanceReport check_conformance(const RunReport& report, const RunConfig& config);
ConformanceReport check_conformance(const Trace& trace);

}  // namespace catsim::model
