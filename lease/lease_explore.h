// A breadth-first search over LeaseModel's states: exhaustive within the
// model's bounds (holders, writes, incarnations, crash and fault budgets).
//
// Self-contained on purpose: model/model.h's ProtocolModel names the catalog
// protocol's properties, which lease/ may not include; this small search is
// to be unified with the generic explorer later.
// Guarantees: deterministic (states kept in an ordered set, actions taken in
// enabled()'s order); it visits at most states_max distinct states; the
// counterexample it returns is a shortest one (BFS: every state at depth d
// is expanded before any at depth d + 1), from the initial state to the
// first violating step or state, one line per step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lease/lease_model.h"

namespace catsim::lease {

struct ExploreResult {
  uint64_t states = 0;       // distinct states reached
  uint64_t transitions = 0;  // steps taken
  uint32_t depth = 0;        // the deepest layer expanded
  bool complete = false;     // every reachable state expanded (no violation, not cut)
  std::optional<ModelViolation> violation;
  std::vector<std::string> counterexample;  // one line per step, shortest
};

ExploreResult explore(const LeaseModel& model, uint64_t states_max);

}  // namespace catsim::lease
