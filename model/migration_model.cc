// MigrationModel's construction, enabled actions and step function: crashes,
// restarts, a program's control flow between calls, the open's return and
// the changes after it. The calls themselves are in model/program_calls.cc.
#include "model/migration_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "model/catalog_value.h"
#include "sim/check.h"

namespace catsim::model {

namespace {

const Variant& of_protocol(const Variant& variant, Protocol protocol) {
  CATSIM_CHECK(variant.protocol == protocol);
  return variant;
}

uint32_t used_labels(const ModelState& state) {
  uint32_t used = state.stash.contents | state.persist.contents | state.reference;
  for (uint32_t p = 0; p < state.procs; ++p) used |= state.proc[p].snap;
  for (uint32_t value : state.reader.seen) used |= value;
  used |= state.reader.cached;
  return labels(used);
}

}  // namespace

MigrationModel::MigrationModel(const Variant& variant, const ModelBounds& bounds,
                               uint32_t properties, bool with_liveness)
    : variant_(&variant),
      bounds_(bounds),
      properties_(properties),
      programs_(variant.protocol, variant.switches, bounds.savepoints),
      footprints_(programs_, variant.switches, protocol_targets(variant.protocol),
                  bounds.savepoints) {
  CATSIM_CHECK(bounds_.procs >= 1 && bounds_.procs <= kProcsMax);
  CATSIM_CHECK(bounds_.boots >= 1 && bounds_.boots <= 20);
  CATSIM_CHECK(bounds_.crashes <= 20 && bounds_.indeterminates <= 20);
  // (A dry-run change holds its label for no step: it is never applied.)
  CATSIM_CHECK(bounds_.procs * bounds_.boots * bounds_.changes < kLabelsMax);
  CATSIM_CHECK(bounds_.readers <= 1 && bounds_.reads <= 20 && bounds_.rereads <= 7);
  const uint8_t offered = protocol_targets(variant.protocol);
  for (uint32_t p = 0; p < kProcsMax; ++p) {
    uint8_t& mask = bounds_.targets[p];
    mask = p < bounds_.procs ? (mask == 0 ? offered : static_cast<uint8_t>(mask & offered)) : 0;
    CATSIM_CHECK(p >= bounds_.procs || mask != 0);
  }
  if (!with_liveness) return;
  for (Target target : {Target::kMigrateToPersist, Target::kRollbackToStash}) {
    ModelBounds lone{1, 0, 1, 3, 0, {}};
    lone.targets[0] = static_cast<uint8_t>(1u << static_cast<uint32_t>(target));
    lone.savepoints = bounds_.savepoints;
    live_models_.emplace_back(variant, lone, properties, false);
    // The fresh opener boots like a writer: with pre-flights in the run, it
    // runs one at every boot, and makes no dry-run change.
    live_models_.back().preflight_always_ = bounds_.savepoints;
  }
}

MigrationModel::State MigrationModel::initial() const {
  State state;
  state.procs = static_cast<uint8_t>(bounds_.procs);
  if (bounds_.readers > 0 && bounds_.reads > 0) state.reader.pc = kRdStart;
  return state;
}

Op MigrationModel::current_op(const ProcState& proc) const {
  CATSIM_CHECK(proc.pc >= kPcChanges);
  return programs_.next_op(proc);
}

void MigrationModel::add_call_actions(const State& state, uint32_t process, Op op, uint8_t target,
                                      std::vector<Action>& actions) const {
  const auto p = static_cast<uint8_t>(process);
  actions.push_back({p, ActionKind::kCall, target, CallOutcome::kNormal});
  // A dry run's writes are never committed: no outcome is in doubt.
  const bool dry_run = target > kDryRunTargets || in_dry_run(state.proc[process]);
  if (!op_writes(op) || dry_run || state.indeterminates >= bounds_.indeterminates) return;
  const StoreId commit_store =
      op == Op::kCommitChange ? returned_store(target_of(state.proc[process])) : StoreId::kStash;
  const bool passes = call_check_passes(*variant_, state, process, op, commit_store);
  if (passes) actions.push_back({p, ActionKind::kCall, target, CallOutcome::kIndeterminateApplied});
  actions.push_back({p, ActionKind::kCall, target, CallOutcome::kIndeterminateLost});
}

void MigrationModel::enabled(const State& state, std::vector<Action>& actions) const {
  actions.clear();
  for (uint32_t p = 0; p < state.procs; ++p) {
    const ProcState& proc = state.proc[p];
    if (proc.pc == kPcDown) {
      if (proc.boots < bounds_.boots) {
        actions.push_back({static_cast<uint8_t>(p), ActionKind::kRestart, 0, CallOutcome::kNormal});
      }
      continue;
    }
    if (proc.pc == kPcStart) {
      for (uint32_t t = 0; t < kAllTargets.size(); ++t) {
        if (((bounds_.targets[p] >> t) & 1) == 0) continue;
        if (!preflight_always_) {
          const auto target = static_cast<uint8_t>(t + 1);
          add_call_actions(state, p, programs_.of(target).ops[0], target, actions);
        }
        if (!bounds_.savepoints) continue;
        const auto dry = static_cast<uint8_t>(kDryRunTargets + t + 1);
        add_call_actions(state, p, programs_.of(dry).ops[0], dry, actions);
      }
      continue;
    }
    if (in_dry_run(proc) && proc.pc == kPcChanges) {
      const auto w = static_cast<uint8_t>(p);
      if (proc.changes < bounds_.changes && !preflight_always_) {
        actions.push_back({w, ActionKind::kCall, 0});
      }
      actions.push_back({w, ActionKind::kCall, kStartOpen});
    } else {
      add_call_actions(state, p, current_op(proc), 0, actions);
    }
    if (state.crashes < bounds_.crashes) {
      actions.push_back({static_cast<uint8_t>(p), ActionKind::kCrash, 0, CallOutcome::kNormal});
    }
  }
  reader_actions(state, actions);
}

StepResult<MigrationModel::State> MigrationModel::step(const State& state,
                                                       const Action& action) const {
  CATSIM_CHECK(action.process < state.procs || action.process == kReaderProcess);
  StepResult<State> result{state, std::nullopt, false};
  StepContext ctx{*variant_,      properties_,  result.state, action.process,
                  action.outcome, std::nullopt, false};
  if (action.process == kReaderProcess) {
    reader_step(ctx, action);
  } else {
    writer_step(ctx, action);
  }
  result.violation = std::move(ctx.violation);
  result.acknowledged = ctx.acknowledged;
  if (!result.violation && (properties_ & property_bit(Property::kP1)) != 0) {
    result.violation = check(result.state);
  }
  result.pruned = !update_read_window(result.state);
  return result;
}

void MigrationModel::writer_step(StepContext& ctx, const Action& action) const {
  ProcState& proc = ctx.proc();
  switch (action.kind) {
    case ActionKind::kRestart: {
      CATSIM_CHECK(proc.pc == kPcDown && proc.boots < bounds_.boots);
      const uint8_t boots = proc.boots;
      proc = ProcState{};
      proc.boots = static_cast<uint8_t>(boots + 1);
      break;
    }
    case ActionKind::kCrash:
      CATSIM_CHECK(proc.pc >= kPcChanges && ctx.state.crashes < bounds_.crashes);
      ++ctx.state.crashes;
      end_incarnation(proc);
      break;
    case ActionKind::kCall:
      if (action.outcome != CallOutcome::kNormal) ++ctx.state.indeterminates;
      run_call(ctx, action);
      break;
  }
}

std::optional<ModelViolation> MigrationModel::check(const State& state) const {
  return check_one_source_of_truth(*variant_, state);
}

void MigrationModel::run_call(StepContext& ctx, const Action& action) const {
  ProcState& proc = ctx.proc();
  if (proc.pc == kPcStart) {
    CATSIM_CHECK(action.target >= 1 && action.target <= 2 * kDryRunTargets);
    proc.target = action.target;
    proc.pc = kPcFirstOp;
    // What the checker's begin_preflight notes: is the target store initialized?
    if (in_dry_run(proc)) {
      const StoreId target_store = returned_store(target_of(proc));
      proc.stash_epoch_read = initialized(store_of(ctx.state, target_store).contents) ? 1 : 0;
    }
  }
  if (proc.pc == kPcChanges && in_dry_run(proc)) {
    if (action.target == kStartOpen) {
      start_writable_open(ctx, true);
    } else {
      commit_dry_change(ctx);
    }
    return;
  }
  if (proc.pc == kPcChanges) {
    commit_change(ctx);
    return;
  }
  apply_flow(ctx, execute(ctx, current_op(proc)));
}

void MigrationModel::apply_flow(StepContext& ctx, Flow flow) const {
  ProcState& proc = ctx.proc();
  const Op done = current_op(proc);
  switch (flow.kind) {
    case FlowKind::kNext:
      // MUTANT copy_requires_empty_destination: refuse to overwrite data (a
      // NotWritable decided right after the source snapshot, without a call).
      if ((done == Op::kStashSnapshotSource || done == Op::kPersistSnapshotSource) &&
          variant_->switches.copy_requires_empty_destination && proc.dest_fresh == 0) {
        apply_flow(ctx, {FlowKind::kNotWritable});
        return;
      }
      advance(ctx, static_cast<uint8_t>(proc.pc - kPcFirstOp + 1));
      return;
    case FlowKind::kJump:
      advance(ctx, program_of(proc).find(flow.jump_to));
      return;
    case FlowKind::kReturn:
      open_returned(ctx);
      return;
    case FlowKind::kFail:
      end_incarnation(proc);
      return;
    case FlowKind::kNotWritable:
      if (in_dry_run(proc)) {
        preflight_refused(ctx);
      } else {
        end_incarnation(proc);
      }
      return;
    case FlowKind::kRetry:
      return;
  }
}

bool MigrationModel::skipped(const ProcState& proc, Op op) const {
  if (op == Op::kStashInit || op == Op::kPersistInit) return proc.need_init == 0;
  if (op == Op::kPersistSetTombstoneTrue && variant_->switches.fix_rollback_copies_first) {
    return persist_tomb_read(proc) == Tomb::kTrue;
  }
  return false;
}

// Moves to op index: past conditional calls not needed and free ops (which
// decide without a call), returning past the last op.
void MigrationModel::advance(StepContext& ctx, uint8_t index) const {
  ProcState& proc = ctx.proc();
  const Program& program = program_of(proc);
  for (; index < program.size; ++index) {
    const Op op = program.ops[index];
    if (skipped(proc, op)) continue;
    if (!op_is_free(op)) break;
    const Flow flow = op == Op::kSpVerdict ? preflight_verdict(ctx)
                                           : after_tombstone_read(ctx, Op::kStashReadTombstone);
    if (flow.kind == FlowKind::kNext) continue;
    CATSIM_CHECK(flow.kind == FlowKind::kReturn || flow.kind == FlowKind::kNotWritable);
    apply_flow(ctx, flow);
    return;
  }
  if (index >= program.size) {
    open_returned(ctx);
    return;
  }
  proc.pc = static_cast<uint8_t>(kPcFirstOp + index);
}

void MigrationModel::open_returned(StepContext& ctx) const {
  ProcState& proc = ctx.proc();
  const StoreId store = returned_store(target_of(proc));
  const uint32_t epoch = store == StoreId::kPersist ? proc.persist_handle : proc.stash_handle;
  // A pre-flight that passed goes on to its dry-run changes, then the open.
  if (!in_dry_run(proc)) {
    // P3, strict: a fencing token two opens share fences nothing.
    if (epoch <= ctx.state.open_epoch_max) {
      ctx.fail(Property::kP3,
               fmt::format("a successful open returned an epoch no newer than an earlier one: "
                           "{} handle at epoch {}, after an open returned epoch {}",
                           store_name(store), epoch, ctx.state.open_epoch_max));
    }
    ctx.state.open_epoch_max =
        static_cast<uint8_t>(std::max<uint32_t>(ctx.state.open_epoch_max, epoch));
  }
  // The returned store's handle is all the process keeps.
  const uint8_t boots = proc.boots, target = proc.target;
  const uint8_t in_sync = proc.persist_in_sync;
  proc = ProcState{};
  proc.boots = boots;
  proc.target = target;
  proc.pc = kPcChanges;
  if (store == StoreId::kPersist) {
    proc.persist_handle = static_cast<uint8_t>(epoch);
    proc.persist_in_sync = in_sync;
  } else {
    proc.stash_handle = static_cast<uint8_t>(epoch);
  }
  if (bounds_.changes == 0 && !in_dry_run(proc)) end_incarnation(proc);
}

void MigrationModel::commit_change(StepContext& ctx) const {
  ProcState& proc = ctx.proc();
  // A retried commit re-sends the same change (its label waits in snap).
  uint32_t change = labels(proc.snap);
  if (change == 0) {
    const uint32_t label = fresh_label(used_labels(ctx.state));
    CATSIM_CHECK(label < kLabelsMax);
    change = 1u << label;
  }
  const StoreId store = returned_store(target_of(proc));
  WriteResult result =
      data_write(ctx, {store, Intent::kWorkload, std::nullopt, change, std::nullopt});
  if (call_flow(result.status).kind == FlowKind::kRetry) {
    proc.snap = change;
    return;
  }
  proc.snap = 0;
  bool told_ok = result.status == CallStatus::kOk;
  // MUTANT indeterminate_as_success: a lost reply is taken for a commit.
  if (result.status == CallStatus::kIndeterminate && variant_->switches.indeterminate_as_success) {
    told_ok = true;
  }
  if (!told_ok) {
    end_incarnation(proc);
    return;
  }
  ctx.acknowledged = true;
  if (!result.on_source) {
    ctx.fail(
        Property::kP2,
        fmt::format("an acknowledged change is not on the source of truth: c{} {} the {}",
                    std::countr_zero(change),
                    result.took_effect ? "took effect on" : "never reached", store_name(store)));
  }
  if (++proc.changes >= bounds_.changes) end_incarnation(proc);
}

void MigrationModel::commit_dry_change(StepContext& ctx) const {
  ProcState& proc = ctx.proc();
  const uint32_t label = fresh_label(used_labels(ctx.state));
  CATSIM_CHECK(label < kLabelsMax);
  const StoreId store = returned_store(target_of(proc));
  WriteResult result =
      data_write(ctx, {store, Intent::kWorkload, std::nullopt, 1u << label, std::nullopt});
  // A dry-run change that fails says nothing about the upgrade: the boot
  // makes no more of them and goes on to its open (harness/workload.cc).
  proc.changes = result.status == CallStatus::kOk ? static_cast<uint8_t>(proc.changes + 1)
                                                  : static_cast<uint8_t>(bounds_.changes);
}

MigrationModel::Flow MigrationModel::preflight_verdict(StepContext& ctx) const {
  ProcState& proc = ctx.proc();
  const Target target = target_of(proc);
  const bool stash_ready = (proc.need_init & 1u) != 0, persist_ready = (proc.need_init & 2u) != 0;
  proc.need_init = 0;
  const bool to_persist = target == Target::kMigrateToPersist;
  const bool target_ready = to_persist ? persist_ready : stash_ready;
  if (!target_ready) return {FlowKind::kNotWritable};
  if (target == Target::kEmergencyStash) return {FlowKind::kNext};
  const bool other_ready = to_persist ? stash_ready : persist_ready;
  // MUTANT savepoint_needs_both_stores: an uninitialized other store fails it.
  if (!other_ready && variant_->switches.savepoint_needs_both_stores) {
    return {FlowKind::kNotWritable};
  }
  return other_ready ? Flow{FlowKind::kNext} : Flow{FlowKind::kReturn};
}

void MigrationModel::preflight_refused(StepContext& ctx) const {
  ProcState& proc = ctx.proc();
  if (proc.stash_epoch_read != 0) {
    const StoreId store = returned_store(target_of(proc));
    ctx.fail(Property::kP6,
             fmt::format("a savepoint pre-flight refused an initialized target store: the "
                         "{} was initialized when the pre-flight began",
                         store_name(store)));
  }
  start_writable_open(ctx, false);
}

void MigrationModel::start_writable_open(StepContext& ctx, bool first_call) const {
  ProcState& proc = ctx.proc();
  CATSIM_CHECK(in_dry_run(proc));
  const uint8_t boots = proc.boots;
  const auto target = static_cast<uint8_t>(proc.target - kDryRunTargets);
  proc = ProcState{};
  proc.boots = boots;
  proc.target = target;
  proc.pc = kPcFirstOp;
  if (first_call) apply_flow(ctx, execute(ctx, current_op(proc)));
}

void MigrationModel::end_incarnation(ProcState& proc) const {
  const uint8_t boots = proc.boots;
  proc = ProcState{};
  proc.boots = boots;
  proc.pc = kPcDown;
}

SingleTombstoneModel::SingleTombstoneModel(const Variant& variant, const ModelBounds& bounds,
                                           uint32_t properties)
    : MigrationModel(of_protocol(variant, Protocol::kSingleTombstone), bounds, properties) {}

TwoTombstoneModel::TwoTombstoneModel(const Variant& variant, const ModelBounds& bounds,
                                     uint32_t properties)
    : MigrationModel(of_protocol(variant, Protocol::kTwoTombstone), bounds, properties) {}

}  // namespace catsim::model
