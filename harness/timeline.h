// Timeline: a run's steps as readable text, one row per step.
//
// Each row: the step, the process and its incarnation, what the scheduler
// did (run, crash, restart), the store calls the step made with their
// results, and the stores' epochs, tombstone(s) and source of truth after it.
// What the process said (open results, changes) follows on indented lines.
#pragma once

#include <string>

#include "harness/run.h"

namespace catsim {

std::string render_timeline(const RunReport& report, Protocol protocol);
std::string describe_violation(const Violation& violation);

}  // namespace catsim
