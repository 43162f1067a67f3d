// A model counterexample as an ordinary implementation run: the decision
// log that makes the normal workload (harness/workload.cc) take exactly the
// model's path, and the trace of replaying it, which `catsim show` renders
// and `catsim replay` runs like any other (no new trace fields).
//
// The run's configuration pins everything the model fixes: the model's
// processes are the writers w0..wN-1 and the model's reader r0 (reads_max
// its sessions), savepoints at 1% when the model has pre-flights, no transient
// faults, creates only, changes_max = the model's changes per open (each open
// is logged to make that many), boots_max = its boots; crash and
// indeterminate rates are 1% when the path crashes or has an indeterminate
// outcome (only so those decisions are logged; their values come from the
// log), else 0. Each model step becomes that step's decisions, in the order
// the code asks for them: the schedule pick (labelled with the yield point
// of the process's next call, from model/conformance_calls.h), the crash
// choice, the fault choices of a write, and the workload choices the step
// makes (a new boot's target and savepoint choice, the number of changes
// once an open or a pre-flight returns, a reader session's kind, getter and
// rereads, each pause of none). A liveness counterexample ends the safety phase
// after its path (safety_steps_max) and scripts the fresh opener's steps
// the same way, up to its commit or liveness_steps_max.
// Guarantees: counterexample_trace() replays the log strictly and returns
// the trace only if the implementation took the whole log without a
// divergence and broke the counterexample's property at its last step (a
// liveness failure: after the liveness phase); otherwise one line saying
// where it parted, never a trace that does not reproduce.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "harness/run.h"
#include "model/explorer.h"
#include "traces/trace.h"

namespace catsim::model {

// What one model incarnation does, read off a counterexample's path: a
// writer's target, whether it runs the pre-flight first and how many
// dry-run changes it makes; a reader's sessions (ReadKind * 8 + rereads).
struct IncarnationPlan {
  Target target = Target::kMigrateToPersist;
  bool preflight = false;
  uint32_t dry_changes = 0;
  std::vector<uint8_t> sessions;
};

// Each process's incarnations, in order (the reader is kReaderProcess).
std::map<uint32_t, std::vector<IncarnationPlan>> plan_incarnations(const Variant& variant,
                                                                   const ModelBounds& bounds,
                                                                   const std::vector<Action>& path);

struct ScriptedRun {
  RunConfig config;  // swarm settings pinned
  Swarm swarm;
  std::vector<Decision> decisions;
  uint64_t violation_step = 0;  // the step the property must break at (safety)
};

// The decision log for cx (found under bounds for variant); an error line if
// the path needs what a run cannot do (more than kProcsMax - 1 processes
// with a liveness tail, more than 3 changes per open).
std::variant<ScriptedRun, std::string> scripted_run(const Variant& variant,
                                                    const ModelBounds& bounds,
                                                    const Counterexample& cx);

// Replays the scripted run on the implementation and returns its trace.
std::variant<Trace, std::string> counterexample_trace(const Variant& variant,
                                                      const ModelBounds& bounds,
                                                      const Counterexample& cx);

}  // namespace catsim::model
