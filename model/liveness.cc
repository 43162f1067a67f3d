// P6 liveness on the model, as the implementation's liveness phase checks
// it (harness/workload.cc, World::run_phases): faults stop, every process
// halts, and a fresh opener must open and commit one change. The safety
// phase may end at any step, so the explorer asks this of every reachable
// state; the answer depends only on the stores, the reference and the
// largest open epoch, which is what liveness_key() hashes.
#include <fmt/format.h>

#include <bit>

#include "model/canonical.h"
#include "model/migration_model.h"
#include "sim/check.h"

namespace catsim::model {

namespace {

// Three boots of at most kProgramOpsMax calls and one change each.
constexpr uint32_t kLivenessStepsMax = 3 * (kProgramOpsMax + 2);

// The state the liveness phase starts from: the stores as they are, one
// fresh process, no fault budget.
ModelState live_start(const ModelState& state) {
  ModelState live;
  live.stash = state.stash;
  live.persist = state.persist;
  live.reference = state.reference;
  live.open_epoch_max = state.open_epoch_max;
  live.procs = 1;
  return live;
}

}  // namespace

uint64_t MigrationModel::liveness_key(const State& state) const {
  Permutation perm{};
  return fingerprint_of(canonicalize(live_start(state), {}, perm));
}

LivenessResult MigrationModel::liveness(const State& state, std::vector<std::string>* trace) const {
  std::vector<Action> actions;
  std::vector<std::string> lines;
  LivenessResult first_safety;  // a safety violation on a converging run
  for (const MigrationModel& live : live_models_) {
    lines.clear();
    State current = live_start(state);
    const uint8_t target = live.bounds().targets[0];
    const std::string who = fmt::format("a fresh {} opener",
                                        target_name(static_cast<Target>(std::countr_zero(target))));
    LivenessResult result{std::nullopt, false};
    for (uint32_t steps = 0; steps < kLivenessStepsMax && !result.converged; ++steps) {
      live.enabled(current, actions);
      if (actions.empty()) break;
      CATSIM_CHECK(actions.size() == 1);
      StepResult<State> step = live.step(current, actions[0]);
      lines.push_back(fmt::format("live {} => {}", live.describe_action(current, actions[0]),
                                  live.describe_state(step.state)));
      result.converged = step.acknowledged;
      if (step.violation && !result.violation) {
        result.violation = std::move(step.violation);
        result.violation->summary += fmt::format(" (in the liveness phase, {})", who);
        result.violation->live_target = static_cast<uint32_t>(std::countr_zero(target));
      }
      current = step.state;
    }
    if (!result.converged && (properties_ & property_bit(Property::kP6)) != 0) {
      result.violation = ModelViolation{
          Property::kP6,
          fmt::format("liveness: every process halted, faults off, {} alone did not open "
                      "and commit a change within {} boots",
                      who, live.bounds().boots),
          static_cast<uint32_t>(std::countr_zero(target)), true};
      if (trace != nullptr) *trace = lines;
      return result;
    }
    if (result.violation && !first_safety.violation) {
      first_safety = LivenessResult{std::move(result.violation), true};
      if (trace != nullptr) *trace = lines;
    }
  }
  return first_safety;
}

}  // namespace catsim::model
