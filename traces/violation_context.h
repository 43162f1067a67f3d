// The steps a violation depends on, found from what the trace records, so
// the HTML page can mark them next to the violating step.
//
// Rules, each giving a reason shown to the reader (only steps at or before
// the violating one count):
//  - the violating step itself;
//  - the last step that moved the source of truth;
//  - acknowledged changes ("create t0_1_0 -> ok" notes) whose object the
//    violation names, and for P2 the violating process's last one: the
//    acknowledged commit that was lost;
//  - the violating process's last successful open (the handle it used);
//  - each epoch the violation names: the open that returned it and the step
//    that first fenced a store at it;
//  - a read the violation places "during steps A..B": its first step.
//
// Guarantees: sorted by step index, one entry per step (reasons joined with
// "; "), total on any Trace (empty when there is no violation or its step is
// not in the trace).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace catsim {

struct RelatedStep {
  size_t index = 0;  // into trace.events
  std::string reason;
  bool operator==(const RelatedStep&) const = default;
};

std::vector<RelatedStep> violation_context(const Trace& trace);

}  // namespace catsim
