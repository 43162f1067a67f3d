// ProtocolModel: what the explorer needs of a pure, explicit-state model of
// a protocol.
//
// A model has a State (a plain value) and an Action (one step: a store call
// of a process, a crash, a restart). It is pure: initial(), enabled() and
// step() depend only on their arguments and the model's fixed configuration;
// no clock, no randomness, no hidden state. step() returns the next state
// and the first property the step violated, in the same order as the
// implementation's checker reports them (P3, P6, P2 during the call, then P1
// on the state after it). canonical() maps a state to the representative of
// its symmetry class (and says how processes moved), fingerprint() hashes a
// canonical state. Models of both protocols live in model/migration_model.h.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/property.h"

namespace catsim::model {

struct ModelViolation {
  Property property = Property::kP1;
  std::string summary;  // one line
  // Found in the liveness phase: the lone opener's target (an impl Target,
  // as a number: this header names no protocol); nullopt for the others.
  std::optional<uint32_t> live_target;
  // P6's liveness failure: the lone opener did not converge (a safety
  // property broken on its way has live_target set but is no liveness failure).
  bool liveness = false;
  bool operator==(const ModelViolation&) const = default;
};

template <class State>
struct StepResult {
  State state;
  std::optional<ModelViolation> violation;
  bool acknowledged = false;  // a client was told a change committed
  // The step leaves the model's bounds (a read window longer than it keeps):
  // the explorer does not follow it, and counts it.
  bool pruned = false;
};

// perm[new_slot] = old_slot: where each process of a canonical state came from.
using Permutation = std::array<uint8_t, 8>;

template <class M>
concept ProtocolModel = requires(const M& model, const typename M::State& state,
                                 const typename M::Action& action,
                                 std::vector<typename M::Action>& actions, Permutation& perm) {
  { model.initial() } -> std::same_as<typename M::State>;
  { model.enabled(state, actions) } -> std::same_as<void>;
  { model.step(state, action) } -> std::same_as<StepResult<typename M::State>>;
  { model.check(state) } -> std::same_as<std::optional<ModelViolation>>;
  { model.canonical(state, perm) } -> std::same_as<typename M::State>;
  { model.fingerprint(state) } -> std::same_as<uint64_t>;
  { model.describe_action(state, action) } -> std::same_as<std::string>;
  { model.describe_state(state) } -> std::same_as<std::string>;
};

// A ProtocolModel that can also check P6 liveness of a state: liveness()
// returns {violation, converged}, where converged false is a liveness
// failure and a violation with converged true is a safety property broken on
// the way; liveness_key() hashes everything the answer depends on.
template <class M>
concept LivenessModel = ProtocolModel<M> &&
    requires(const M& model, const typename M::State& state, std::vector<std::string>* trace) {
  { model.liveness(state, trace).violation } -> std::convertible_to<std::optional<ModelViolation>>;
  { model.liveness(state, trace).converged } -> std::convertible_to<bool>;
  { model.liveness_key(state) } -> std::same_as<uint64_t>;
};

// A ProtocolModel with a partial-order reduction: reduce() narrows the
// actions enabled() listed to the ones a reduced search follows (liveness:
// whether the search checks P6 liveness on every state).
template <class M>
concept ReducibleModel = ProtocolModel<M> &&
    requires(const M& model, const typename M::State& state,
             std::vector<typename M::Action>& actions, bool liveness) {
  { model.reduce(state, actions, liveness) } -> std::same_as<void>;
};

}  // namespace catsim::model
