// Counterexample replay: turns the explorer's path (actions taken from
// canonical states) into a readable trace of the original processes.
//
// The explorer's states are canonical, so an action names a process slot
// of a canonical state, and slots move as states are canonicalized. The
// replay re-runs the path through canonical states to map every action back
// to the process that took it, then runs those actions from the initial
// state without any reduction, describing each step.
// Guarantees: the described path is a real execution of the model; the
// replay checks (CATSIM_CHECK) that no step before the last violates a
// property and that the last one violates the one the search found (or,
// for a liveness counterexample, that the final state fails liveness).
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/check.h"
#include "sim/explorer.h"

namespace catsim::model {

// path: the actions from the initial state as the search took them.
// liveness: the violation is a liveness failure of the path's final state.
template <ProtocolModel M>
CounterexampleOf<typename M::Property, typename M::Action> replay_counterexample(
    const M& model, bool symmetry, const std::vector<typename M::Action>& path,
    const ModelViolationOf<typename M::Property>& found, bool liveness) {
  using State = typename M::State;
  Permutation perm{};
  std::vector<typename M::Action> original;
  State state = model.initial();
  std::array<uint8_t, 8> who{0, 1, 2, 3, 4, 5, 6, 7};  // canonical slot -> original process
  if (symmetry) {
    state = model.canonical(state, perm);
    std::array<uint8_t, 8> moved = who;
    for (size_t slot = 0; slot < who.size(); ++slot) moved[slot] = who[perm[slot]];
    who = moved;
  }
  for (const auto& action : path) {
    auto mapped = action;
    mapped.process = who[action.process];
    original.push_back(mapped);
    state = model.step(state, action).state;
    if (!symmetry) continue;
    state = model.canonical(state, perm);
    std::array<uint8_t, 8> moved = who;
    for (size_t slot = 0; slot < who.size(); ++slot) moved[slot] = who[perm[slot]];
    who = moved;
  }
  CounterexampleOf<typename M::Property, typename M::Action> trace{
      found.property, found.summary, {}, {}, found.live_target, found.liveness, 0, {}};
  State raw = model.initial();
  for (size_t i = 0; i < original.size(); ++i) {
    StepResultOf<State, typename M::Property> result = model.step(raw, original[i]);
    trace.steps.push_back(fmt::format("{:>3}. {} => {}", i + 1,
                                      model.describe_action(raw, original[i]),
                                      model.describe_state(result.state)));
    const bool last = i + 1 == original.size();
    CATSIM_CHECK_MSG(!result.violation || (last && !liveness),
                     "a counterexample step violates a property before its end");
    if (last && !liveness) {
      CATSIM_CHECK_MSG(
          result.violation && result.violation->property == found.property,
          fmt::format("the replayed counterexample does not violate {}", found.property));
      trace.summary = result.violation->summary;
    }
    raw = result.state;
  }
  if constexpr (LivenessModel<M>) {
    if (liveness) {
      auto again = model.liveness(raw, &trace.liveness_tail);
      CATSIM_CHECK_MSG(again.violation && again.violation->property == found.property,
                       "the replayed counterexample's final state passes liveness");
      trace.summary = again.violation->summary;
    }
  } else {
    CATSIM_CHECK(!liveness);
  }
  trace.length = static_cast<uint32_t>(trace.steps.size());
  trace.path = original;
  return trace;
}

}  // namespace catsim::model
