#include "model/reduction.h"

#include <array>

#include "model/footprint.h"
#include "sim/check.h"

namespace catsim::model {

namespace {

constexpr Footprint kCrash{kCrashBudget, kCrashBudget};
constexpr Footprint kIndeterminate{kIndeterminateBudget, kIndeterminateBudget};

// Whether process p's call of action fails its fence check: a doomed call
// only ends the incarnation (or a dry run's changes), and stays doomed.
bool doomed(const MigrationModel& model, const ModelState& state, uint32_t p,
            const Action& action) {
  const ProcState& proc = state.proc[p];
  const Op op = model.programs().next_op(proc, action.target);
  CATSIM_CHECK(!op_is_free(op));
  const StoreId commit = proc.target == 0 ? StoreId::kStash : returned_store(target_of(proc));
  return !call_check_passes(model.variant(), state, p, op, commit);
}

// What a writer's action reads and writes (model/footprint.h).
Footprint action_footprint(const MigrationModel& model, const ModelState& state, uint32_t p,
                           const Action& action) {
  const ProcState& proc = state.proc[p];
  if (action.kind == ActionKind::kRestart) return {};
  if (action.kind == ActionKind::kCrash) return kCrash;
  const ProgramFootprints& footprints = model.footprints();
  Footprint step;
  if (proc.pc == kPcStart) {
    step = footprints.step(action.target, 0);
  } else if (proc.pc == kPcChanges && in_dry_run(proc) && action.target == kStartOpen) {
    step = footprints.step(static_cast<uint8_t>(proc.target - kDryRunTargets), 0);
  } else if (proc.pc == kPcChanges) {
    step = footprints.change(proc.target);
  } else {
    step = footprints.step(proc.target, proc.pc - kPcFirstOp);
  }
  if (action.outcome != CallOutcome::kNormal) {
    step |= kIndeterminate;
  } else if (doomed(model, state, p, action)) {
    return {};
  }
  return step;
}

// Every step process p may still take, over all interleavings.
Footprint future_of(const MigrationModel& model, const ModelState& state, uint32_t p) {
  const ProcState& proc = state.proc[p];
  const ModelBounds& bounds = model.bounds();
  const bool boots_left = proc.boots < bounds.boots;
  if (proc.pc == kPcDown && !boots_left) return {};
  Footprint all;
  if (boots_left || proc.pc == kPcStart) all |= model.footprints().incarnation(bounds.targets[p]);
  if (proc.pc >= kPcChanges) {
    const uint32_t size = model.programs().of(proc.target).size;
    all |=
        model.footprints().rest(proc.target, proc.pc == kPcChanges ? size : proc.pc - kPcFirstOp);
  }
  if (state.crashes < bounds.crashes) all |= kCrash;
  if (state.indeterminates < bounds.indeterminates) all |= kIndeterminate;
  return all;
}

// Crash placement (model/reduction.h, 1): a crash right after a read-only
// call, or before a doomed call, is redundant.
bool crash_redundant(const MigrationModel& model, const ModelState& state, uint32_t p) {
  const ProcState& proc = state.proc[p];
  // (A retried write stays at its op: its crash follows a write.)
  if (proc.pc >= kPcFirstOp && !model.variant().switches.retry_indeterminate_write) {
    const Program& program = model.programs().of(proc.target);
    const uint32_t index = proc.pc - kPcFirstOp;
    CATSIM_CHECK(index < program.size);
    if (index > 0) {
      const Op before = program.ops[index - 1];
      const bool after_read = !op_is_free(before) && !op_writes(before);
      // The only jump lands on persist's tombstone write.
      if (after_read && program.ops[index] != Op::kPersistSetTombstoneTrue) return true;
    }
  }
  // A failed dry-run change does not end the incarnation.
  if (proc.pc == kPcChanges && in_dry_run(proc)) return false;
  return doomed(model, state, p, Action{static_cast<uint8_t>(p), ActionKind::kCall, 0});
}

}  // namespace

void reduce_actions(const MigrationModel& model, const ModelState& state,
                    std::vector<Action>& actions, bool liveness) {
  CATSIM_CHECK(!actions.empty());
  std::erase_if(actions, [&](const Action& action) {
    return action.kind == ActionKind::kCrash && action.process != kReaderProcess &&
           crash_redundant(model, state, action.process);
  });
  CATSIM_CHECK(!actions.empty());
  if (state.reader.pc != kRdIdle) return;
  const uint32_t procs = state.procs;
  std::array<Footprint, kProcsMax> now{}, future{};
  std::array<uint32_t, kProcsMax> count{};
  for (const Action& action : actions) {
    CATSIM_CHECK(action.process < procs);
    ++count[action.process];
    now[action.process] |= action_footprint(model, state, action.process, action);
  }
  for (uint32_t p = 0; p < procs; ++p) {
    future[p] = future_of(model, state, p);
    future[p] |= now[p];
    CATSIM_CHECK(count[p] > 0 || future[p].empty());
  }
  const uint16_t visible =
      static_cast<uint16_t>(kStashData | kPersistData | kReference |
                            (liveness ? kStashFence | kPersistEpoch | kOpenEpochMax : 0));
  uint32_t best = 0;
  size_t best_size = actions.size();
  for (uint32_t seed = 0; seed < procs; ++seed) {
    if (count[seed] == 0) continue;
    uint32_t members = 1u << seed;
    Footprint current = now[seed];
    bool grew = true;
    for (uint32_t round = 0; grew && round < procs; ++round) {
      grew = false;
      for (uint32_t r = 0; r < procs; ++r) {
        if (((members >> r) & 1u) != 0 || !conflict(current, future[r])) continue;
        members |= 1u << r;
        current |= now[r];
        grew = true;
      }
    }
    if ((current.writes & visible) != 0) continue;
    size_t size = 0;
    for (uint32_t r = 0; r < procs; ++r) size += ((members >> r) & 1u) != 0 ? count[r] : 0;
    if (size < best_size) {
      best_size = size;
      best = members;
    }
  }
  if (best == 0) return;
  std::erase_if(actions,
                [&](const Action& action) { return ((best >> action.process) & 1u) == 0; });
  CATSIM_CHECK(actions.size() == best_size);
}

void MigrationModel::reduce(const State& state, std::vector<Action>& actions, bool liveness) const {
  reduce_actions(*this, state, actions, liveness);
}

}  // namespace catsim::model
