// LeaseModel: a pure, explicit-state model of the lease protocol, a
// ProtocolModel (sim/protocol_model.h) that the kernel's explorer searches
// exhaustively (lease/lease_explore.h).
//
// The state is the store (epoch, log size and the epoch of its last record),
// the checker's account (the latest grant, the log index of the latest
// acknowledged record), each holder's program counter, incarnation, held
// epoch, writes acknowledged and where its pending value last landed, and
// the crash and fault budgets. An action is one step of one holder, as the
// scheduler takes it: its pending call (acquire, write or read) with a
// normal outcome or, for acquire and write, an indeterminate one (applied
// or lost); a crash at its yield point; a restart of a down holder.
// Abstractions, each sound for L1 and L2: transient faults are left out (a
// call that fails before taking effect only uses up a retry), and a holder
// retries an indeterminate call without limit (the budget of indeterminate
// outcomes bounds it), which equals the implementation when retries_max is
// at least faults_max. The variants' switches act exactly as in the
// implementation (each read at one `// MUTANT name` place).
// Guarantees: initial(), enabled(), step() and check() are pure functions of
// their arguments and the fixed configuration; enabled() lists actions in a
// fixed order (holder, then kind); step() judges L1 at an applied write and
// L2 at an acknowledgement, as the implementation's checker does; check()
// judges the invariants every reachable state keeps. No symmetry reduction:
// canonical() is the identity (the grant names a holder).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "lease/property.h"
#include "lease/variant.h"
#include "sim/protocol_model.h"

namespace catsim::lease {

inline constexpr uint32_t kModelHoldersMax = 3;

struct ModelConfig {
  uint32_t holders = 2;           // 1..kModelHoldersMax
  uint32_t writes_per_lease = 2;  // 1..4
  uint32_t boots_max = 2;         // incarnations per holder, 1..4
  uint32_t crashes_max = 1;       // crashes in the whole run, at most 8
  uint32_t faults_max = 1;        // indeterminate outcomes in the whole run, at most 8
  Switches switches;
};

enum class Pc : uint8_t { kAcquire, kWrite, kRead, kDown, kFinished };

struct HolderState {
  Pc pc = Pc::kAcquire;
  uint8_t incarnation = 1;
  uint8_t held_epoch = 0;
  uint8_t written = 0;     // writes acknowledged in this incarnation
  uint8_t applied_at = 0;  // the pending value's latest applied log index + 1; 0: none
  auto operator<=>(const HolderState&) const = default;
};

struct ModelState {
  uint8_t epoch = 0;
  uint8_t log_size = 0;
  uint8_t log_last_epoch = 0;
  uint8_t grant = 0;  // holder + 1 of the latest grant still current; 0: nobody
  uint8_t grant_epoch = 0;
  uint8_t acked_at = 0;  // the latest acknowledged record's log index + 1; 0: none
  uint8_t crashes_left = 0;
  uint8_t faults_left = 0;
  std::array<HolderState, kModelHoldersMax> holders{};
  uint8_t unused = 0;  // the explorer's codec takes whole 8-byte words
  auto operator<=>(const ModelState&) const = default;
};
static_assert(sizeof(ModelState) % 8 == 0 && std::is_trivially_copyable_v<ModelState>);

enum class ActionKind : uint8_t {
  kCall,
  kCallIndeterminateApplied,
  kCallIndeterminateLost,
  kCrash,
  kRestart
};

struct ModelAction {
  uint8_t process = 0;  // the holder
  ActionKind kind = ActionKind::kCall;
  auto operator<=>(const ModelAction&) const = default;
};

using ModelViolation = model::ModelViolationOf<LeaseProperty>;
using ModelStep = model::StepResultOf<ModelState, LeaseProperty>;  // its first violation

class LeaseModel {
 public:
  using State = ModelState;
  using Action = ModelAction;
  using Property = LeaseProperty;

  explicit LeaseModel(ModelConfig config);

  ModelState initial() const;
  // Replaces actions with the actions enabled in state.
  void enabled(const ModelState& state, std::vector<ModelAction>& actions) const;
  // action must be enabled in state.
  ModelStep step(const ModelState& state, const ModelAction& action) const;
  std::optional<ModelViolation> check(const ModelState& state) const;
  std::string describe_action(const ModelState& state, const ModelAction& action) const;
  std::string describe_state(const ModelState& state) const;
  ModelState canonical(const ModelState& state, model::Permutation& perm) const;
  uint64_t fingerprint(const ModelState& state) const;

 private:
  ModelStep call(const ModelState& state, uint8_t holder, ActionKind kind) const;
  void acquire(ModelState& state, uint8_t holder, ActionKind kind) const;
  void write(ModelStep& result, uint8_t holder, ActionKind kind) const;
  void apply_write(ModelStep& result, uint8_t holder) const;
  void acknowledge(ModelStep& result, uint8_t holder) const;

  ModelConfig config_;
};

}  // namespace catsim::lease
