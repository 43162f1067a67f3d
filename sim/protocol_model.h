// ProtocolModel: what the explorer needs of a pure, explicit-state model of
// a protocol.
//
// A model has a State (a plain value), an Action (one step of a process:
// a call, a crash, a restart; it names the process in `process`) and a
// Property (its own enum of the properties it judges, with a fmt formatter
// that names one). It is pure:
// initial(), enabled() and step() depend only on their arguments and the
// model's fixed configuration; no clock, no randomness, no hidden state.
// step() returns the next state and the first property the step violated,
// in the order the protocol's implementation checker reports them.
// canonical() maps a state to the representative of its symmetry class (and
// says how processes moved), fingerprint() hashes a canonical state.
#pragma once

#include <fmt/format.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace catsim::model {

template <class Property>
struct ModelViolationOf {
  Property property{};
  std::string summary;  // one line
  // Found in the liveness phase: the lone process's goal (a protocol's own
  // value, as a number); nullopt for the others.
  std::optional<uint32_t> live_target;
  // A liveness failure: the lone process did not converge (a safety
  // property broken on its way has live_target set but is no liveness failure).
  bool liveness = false;
  bool operator==(const ModelViolationOf&) const = default;
};

template <class State, class Property>
struct StepResultOf {
  State state;
  std::optional<ModelViolationOf<Property>> violation;
  bool acknowledged = false;  // a client was told a change committed
  // The step leaves the model's bounds (a read window longer than it keeps):
  // the explorer does not follow it, and counts it.
  bool pruned = false;
};

// perm[new_slot] = old_slot: where each process of a canonical state came from.
using Permutation = std::array<uint8_t, 8>;

template <class M>
concept ProtocolModel = fmt::is_formattable<typename M::Property>::value &&
    requires(const M& model, const typename M::State& state, const typename M::Action& action,
             std::vector<typename M::Action>& actions, Permutation& perm) {
  typename M::Property;
  { action.process } -> std::convertible_to<uint32_t>;
  { model.initial() } -> std::same_as<typename M::State>;
  { model.enabled(state, actions) } -> std::same_as<void>;
  {
    model.step(state, action)
    } -> std::same_as<StepResultOf<typename M::State, typename M::Property>>;
  { model.check(state) } -> std::same_as<std::optional<ModelViolationOf<typename M::Property>>>;
  { model.canonical(state, perm) } -> std::same_as<typename M::State>;
  { model.fingerprint(state) } -> std::same_as<uint64_t>;
  { model.describe_action(state, action) } -> std::same_as<std::string>;
  { model.describe_state(state) } -> std::same_as<std::string>;
};

// A ProtocolModel that can also check the liveness of a state: liveness()
// returns {violation, converged}, where converged false is a liveness
// failure and a violation with converged true is a safety property broken on
// the way; liveness_key() hashes everything the answer depends on.
template <class M>
concept LivenessModel = ProtocolModel<M> &&
    requires(const M& model, const typename M::State& state, std::vector<std::string>* trace) {
  {
    model.liveness(state, trace).violation
    } -> std::convertible_to<std::optional<ModelViolationOf<typename M::Property>>>;
  { model.liveness(state, trace).converged } -> std::convertible_to<bool>;
  { model.liveness_key(state) } -> std::same_as<uint64_t>;
};

// A ProtocolModel with a partial-order reduction: reduce() narrows the
// actions enabled() listed to the ones a reduced search follows (liveness:
// whether the search checks liveness on every state). It must keep every
// verdict; a reduced breadth-first search need not find a shortest path.
template <class M>
concept ReducibleModel = ProtocolModel<M> &&
    requires(const M& model, const typename M::State& state,
             std::vector<typename M::Action>& actions, bool liveness) {
  { model.reduce(state, actions, liveness) } -> std::same_as<void>;
};

}  // namespace catsim::model
