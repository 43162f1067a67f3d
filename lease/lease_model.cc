#include "lease/lease_model.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "sim/check.h"
#include "sim/hash.h"

namespace catsim::lease {

namespace {
std::string_view pc_name(Pc pc) {
  switch (pc) {
    case Pc::kAcquire:
      return "acquire";
    case Pc::kWrite:
      return "write";
    case Pc::kRead:
      return "read";
    case Pc::kDown:
      return "down";
    case Pc::kFinished:
      return "finished";
  }
  return "?";
}

bool at_call(Pc pc) {
  return pc == Pc::kAcquire || pc == Pc::kWrite || pc == Pc::kRead;
}
}  // namespace

LeaseModel::LeaseModel(ModelConfig config) : config_(config) {
  CATSIM_CHECK(config_.holders >= 1);
  CATSIM_CHECK(config_.holders <= kModelHoldersMax);
  CATSIM_CHECK(config_.writes_per_lease >= 1);
  CATSIM_CHECK(config_.writes_per_lease <= 4);
  CATSIM_CHECK(config_.boots_max >= 1);
  CATSIM_CHECK(config_.boots_max <= 4);
  CATSIM_CHECK(config_.crashes_max <= 8);
  CATSIM_CHECK(config_.faults_max <= 8);
}

ModelState LeaseModel::initial() const {
  ModelState state;
  state.crashes_left = static_cast<uint8_t>(config_.crashes_max);
  state.faults_left = static_cast<uint8_t>(config_.faults_max);
  for (uint32_t h = config_.holders; h < kModelHoldersMax; ++h) {
    state.holders[h].pc = Pc::kFinished;
  }
  return state;
}

void LeaseModel::enabled(const ModelState& state, std::vector<ModelAction>& actions) const {
  actions.clear();
  for (uint8_t h = 0; h < config_.holders; ++h) {
    Pc pc = state.holders[h].pc;
    if (pc == Pc::kDown) actions.push_back({h, ActionKind::kRestart});
    if (!at_call(pc)) continue;
    actions.push_back({h, ActionKind::kCall});
    if (pc != Pc::kRead && state.faults_left > 0) {
      actions.push_back({h, ActionKind::kCallIndeterminateApplied});
      actions.push_back({h, ActionKind::kCallIndeterminateLost});
    }
    if (state.crashes_left > 0) actions.push_back({h, ActionKind::kCrash});
  }
}

void LeaseModel::acquire(ModelState& state, uint8_t holder, ActionKind kind) const {
  uint8_t granted = static_cast<uint8_t>(state.epoch + 1);
  // MUTANT acquire-without-bump: the current epoch is granted again.
  if (config_.switches.acquire_without_bump) granted = state.epoch;
  if (kind != ActionKind::kCallIndeterminateLost && granted != state.epoch) {
    state.epoch = granted;
    state.grant = 0;  // a bump: the lease belongs to nobody until told
  }
  if (kind != ActionKind::kCall) return;  // told indeterminate: it retries
  state.grant = static_cast<uint8_t>(holder + 1);
  state.grant_epoch = granted;
  HolderState& self = state.holders[holder];
  self.held_epoch = granted;
  self.pc = Pc::kWrite;
}

void LeaseModel::apply_write(ModelStep& result, uint8_t holder) const {
  ModelState& state = result.state;
  HolderState& self = state.holders[holder];
  bool current = self.held_epoch == state.epoch && state.grant == holder + 1 &&
                 state.grant_epoch == self.held_epoch;
  if (!current && !result.violation) {
    result.violation = ModelViolation{
        LeaseProperty::kL1Fencing,
        fmt::format(
            "holder {} wrote under epoch {} while the lease is epoch {}, granted to {}", holder,
            self.held_epoch, state.epoch,
            state.grant == 0 ? std::string("nobody") : fmt::format("holder {}", state.grant - 1))};
  }
  CATSIM_CHECK(state.log_size < 255);
  ++state.log_size;
  state.log_last_epoch = self.held_epoch;
  self.applied_at = state.log_size;
}

void LeaseModel::acknowledge(ModelStep& result, uint8_t holder) const {
  ModelState& state = result.state;
  HolderState& self = state.holders[holder];
  if (self.applied_at == 0 && !result.violation) {
    result.violation =
        ModelViolation{LeaseProperty::kL2Durability,
                       fmt::format("holder {} was acknowledged write {}, which is not in the log",
                                   holder, self.written)};
  } else if (self.applied_at <= state.acked_at && !result.violation) {
    result.violation =
        ModelViolation{LeaseProperty::kL2Durability,
                       fmt::format("holder {} was acknowledged log index {}, not after index {}",
                                   holder, self.applied_at - 1, state.acked_at - 1)};
  }
  if (self.applied_at != 0) state.acked_at = self.applied_at;
  self.applied_at = 0;
  ++self.written;
  if (self.written == config_.writes_per_lease) self.pc = Pc::kRead;
}

void LeaseModel::write(ModelStep& result, uint8_t holder, ActionKind kind) const {
  ModelState& state = result.state;
  HolderState& self = state.holders[holder];
  bool fenced = self.held_epoch != state.epoch;
  // MUTANT unfenced-write: the epoch is not compared.
  if (config_.switches.unfenced_write) fenced = false;
  if (!fenced && kind != ActionKind::kCallIndeterminateLost) apply_write(result, holder);
  if (kind == ActionKind::kCall) {
    if (fenced) {
      self.pc = Pc::kDown;  // the incarnation ends; a restart takes the lease over
      return;
    }
    acknowledge(result, holder);
    return;
  }
  // MUTANT ack-indeterminate-as-success: an unknown outcome is taken as a commit.
  if (config_.switches.ack_indeterminate_as_success) acknowledge(result, holder);
}

ModelStep LeaseModel::call(const ModelState& state, uint8_t holder, ActionKind kind) const {
  ModelStep result{state, std::nullopt, false, false};
  if (kind != ActionKind::kCall) {
    CATSIM_CHECK(result.state.faults_left > 0);
    --result.state.faults_left;
  }
  switch (state.holders[holder].pc) {
    case Pc::kAcquire:
      acquire(result.state, holder, kind);
      break;
    case Pc::kWrite:
      write(result, holder, kind);
      break;
    case Pc::kRead:
      CATSIM_CHECK(kind == ActionKind::kCall);
      result.state.holders[holder].pc = Pc::kFinished;
      break;
    case Pc::kDown:
    case Pc::kFinished:
      CATSIM_CHECK_MSG(false, "a call of a holder that is not at a call");
  }
  return result;
}

ModelStep LeaseModel::step(const ModelState& state, const ModelAction& action) const {
  CATSIM_CHECK(action.process < config_.holders);
  const HolderState& self = state.holders[action.process];
  if (action.kind == ActionKind::kRestart) {
    CATSIM_CHECK(self.pc == Pc::kDown);
    ModelStep result{state, std::nullopt, false, false};
    HolderState next;
    next.incarnation = static_cast<uint8_t>(self.incarnation + 1);
    // An incarnation past boots_max ends at once (lease/holder.h).
    next.pc = next.incarnation > config_.boots_max ? Pc::kFinished : Pc::kAcquire;
    result.state.holders[action.process] = next;
    return result;
  }
  CATSIM_CHECK(at_call(self.pc));
  if (action.kind == ActionKind::kCrash) {
    CATSIM_CHECK(state.crashes_left > 0);
    ModelStep result{state, std::nullopt, false, false};
    --result.state.crashes_left;
    result.state.holders[action.process].pc = Pc::kDown;
    return result;
  }
  return call(state, action.process, action.kind);
}

std::optional<ModelViolation> LeaseModel::check(const ModelState& state) const {
  auto broken = [](std::string summary) {
    return ModelViolation{LeaseProperty::kL1Fencing, std::move(summary)};
  };
  if (state.grant != 0 && state.grant_epoch > state.epoch) {
    return broken("a grant is ahead of the store's epoch");
  }
  if (state.log_last_epoch > state.epoch) return broken("a record is ahead of the store's epoch");
  for (uint32_t h = 0; h < config_.holders; ++h) {
    if (state.holders[h].held_epoch > state.epoch) {
      return broken(fmt::format("holder {} holds an epoch the store never reached", h));
    }
  }
  if (state.acked_at > state.log_size) {
    return ModelViolation{LeaseProperty::kL2Durability, "an acknowledged record is past the log"};
  }
  return std::nullopt;
}

std::string LeaseModel::describe_action(const ModelState& state, const ModelAction& action) const {
  const HolderState& self = state.holders[action.process];
  switch (action.kind) {
    case ActionKind::kCall:
      return fmt::format("holder {} {} (held epoch {})", action.process, pc_name(self.pc),
                         self.held_epoch);
    case ActionKind::kCallIndeterminateApplied:
      return fmt::format("holder {} {} (held epoch {}): indeterminate, applied", action.process,
                         pc_name(self.pc), self.held_epoch);
    case ActionKind::kCallIndeterminateLost:
      return fmt::format("holder {} {} (held epoch {}): indeterminate, lost", action.process,
                         pc_name(self.pc), self.held_epoch);
    case ActionKind::kCrash:
      return fmt::format("holder {} crashes before {}", action.process, pc_name(self.pc));
    case ActionKind::kRestart:
      return fmt::format("holder {} restarts", action.process);
  }
  return "?";
}

std::string LeaseModel::describe_state(const ModelState& state) const {
  std::string text =
      fmt::format("epoch {}, log {}, lease {}", state.epoch, state.log_size,
                  state.grant == 0
                      ? std::string("nobody's")
                      : fmt::format("holder {}'s at epoch {}", state.grant - 1, state.grant_epoch));
  for (uint32_t h = 0; h < config_.holders; ++h) {
    const HolderState& holder = state.holders[h];
    text += fmt::format("; h{} {} #{} e{} w{}", h, pc_name(holder.pc), holder.incarnation,
                        holder.held_epoch, holder.written);
  }
  return text;
}

ModelState LeaseModel::canonical(const ModelState& state, model::Permutation& perm) const {
  for (size_t slot = 0; slot < perm.size(); ++slot) perm[slot] = static_cast<uint8_t>(slot);
  return state;
}

uint64_t LeaseModel::fingerprint(const ModelState& state) const {
  std::array<uint64_t, sizeof(ModelState) / 8> words{};
  std::memcpy(words.data(), &state, sizeof(ModelState));
  uint64_t hash = 0x9e3779b97f4a7c15ULL;
  for (uint64_t word : words) hash = mix64(hash ^ word);
  return hash;
}

}  // namespace catsim::lease
