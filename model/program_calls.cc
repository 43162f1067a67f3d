// What each call of a migrator's program does to the model's state, and
// where the program goes next (impl/migrator.cc and impl/catalog_store.cc,
// call by call). Every switch is read at a place marked as in impl/.
#include <algorithm>

#include "impl/source_of_truth.h"
#include "model/catalog_value.h"
#include "model/migration_model.h"
#include "sim/check.h"

namespace catsim::model {

uint32_t MigrationModel::stash_lower_bound(const ProcState& proc) const {
  if (target_of(proc) == Target::kEmergencyStash) return 0;
  // MUTANT persist_fenced_first: the stash comes second, bounded by the
  // persist epoch read in step 1 and the one the persist open returned.
  if (variant_->switches.persist_fenced_first) {
    return std::max<uint32_t>(proc.persist_epoch_read + 1u, proc.persist_handle);
  }
  // MUTANT no_epoch_lower_bound: opens ignore the other store's epoch.
  return variant_->switches.no_epoch_lower_bound ? 0 : proc.persist_epoch_read + 1u;
}

uint32_t MigrationModel::persist_lower_bound(const ProcState& proc) const {
  // The emergency's fence_only is bounded by the epoch its stash open returned.
  if (target_of(proc) == Target::kEmergencyStash) return proc.stash_handle;
  // MUTANT persist_fenced_first: persist comes first, bounded by step 1's read.
  if (variant_->switches.persist_fenced_first) return proc.stash_epoch_read + 1u;
  if (variant_->switches.no_epoch_lower_bound) return 0;
  // FIX fix_persist_bound_from_fenced_stash: the epoch the stash open
  // returned, not the stash epoch read in step 1.
  if (variant_->switches.fix_persist_bound_from_fenced_stash) return proc.stash_handle;
  return proc.stash_epoch_read + 1u;
}

namespace {

// What a copy destination's open snapshot saw: kept only where a broken
// variant acts on it (elsewhere a dead local, which would split states).
void note_destination(const Variant& variant, ProcState& proc, uint32_t contents) {
  // MUTANT copy_requires_empty_destination: the copy refuses to overwrite data.
  if (variant.switches.copy_requires_empty_destination) {
    proc.dest_fresh = change_count(contents) == 0 ? 1 : 0;
  }
}

// Whether the tombstones a program read stay needed after the step that
// read them: only the two-tombstone rollback that copies first reads both
// before deciding and skips persist's mark on what it read.
bool tombstones_kept(const Variant& variant, Target target) {
  return variant.protocol == Protocol::kTwoTombstone &&
         variant.switches.fix_rollback_copies_first && target == Target::kRollbackToStash;
}

}  // namespace

void MigrationModel::drop_persist_handle(ProcState& proc) {
  proc.persist_handle = 0;
  proc.persist_in_sync = 0;
}

MigrationModel::Flow MigrationModel::call_flow(CallStatus status) const {
  if (status == CallStatus::kOk) return {FlowKind::kNext};
  // MUTANT retry_indeterminate_write: a lost reply is retried like a failure
  // (CatalogStore::with_retries): the same call again, at the next step.
  if (status == CallStatus::kIndeterminate && variant_->switches.retry_indeterminate_write) {
    return {FlowKind::kRetry};
  }
  return {FlowKind::kFail};
}

MigrationModel::Flow MigrationModel::write_flow(StepContext& ctx, const DataWrite& write) const {
  return call_flow(data_write(ctx, write).status);
}

// Step 6: replace the destination's contents with the source snapshot.
MigrationModel::Flow MigrationModel::copy(StepContext& ctx, Op op) const {
  ProcState& proc = ctx.proc();
  const bool to_persist = op == Op::kCopyToPersist;
  const bool single = variant_->protocol == Protocol::kSingleTombstone;
  DataWrite write{to_persist ? StoreId::kPersist : StoreId::kStash, Intent::kCopy, proc.snap, 0,
                  std::nullopt};
  // The rollback's copy (both protocols) and the two-tombstone migration's
  // set the destination's tombstone to false in the same call.
  if (!to_persist || !single) write.tombstone = Tomb::kFalse;
  // MUTANT merge_not_replace: rows the destination has beyond contents stay
  // (MigratorBase::copy_into, which only the single-tombstone protocol uses).
  if (single && variant_->switches.merge_not_replace) {
    write.replace = std::nullopt;
    write.added = proc.snap;
  }
  Flow flow = write_flow(ctx, write);
  if (flow.kind != FlowKind::kRetry) proc.snap = 0;
  return flow;
}

MigrationModel::Flow MigrationModel::execute(StepContext& ctx, Op op) const {
  ProcState& proc = ctx.proc();
  const Target target = target_of(proc);
  State& state = ctx.state;
  const Flow next{FlowKind::kNext}, fail{FlowKind::kFail};
  switch (op) {
    case Op::kReadStashEpoch:
      if (keeps_stash_epoch_read(variant_->switches)) proc.stash_epoch_read = state.stash.epoch;
      return next;
    case Op::kReadPersistEpoch:
      proc.persist_epoch_read = state.persist.epoch;
      return next;
    case Op::kStashReadTombstoneEarly:
      // The unopened handle adopted the epoch at its first read (step 1).
      if (state.stash.epoch != proc.stash_epoch_read) return fail;
      proc.tombstones_read = static_cast<uint8_t>((proc.tombstones_read & ~3u) |
                                                  static_cast<uint32_t>(state.stash.tombstone));
      return next;
    case Op::kStashConnect: {
      Flow flow = call_flow(stash_connect(ctx, stash_lower_bound(proc)));
      if (flow.kind != FlowKind::kRetry) proc.persist_epoch_read = 0;
      return flow;
    }
    case Op::kStashOpenSnapshot:
      if (stash_read_check(ctx) != CallStatus::kOk) return fail;
      proc.need_init = initialized(state.stash.contents) ? 0 : 1;
      if (target == Target::kRollbackToStash)
        note_destination(*variant_, proc, state.stash.contents);
      return next;
    case Op::kStashInit:
      proc.need_init = 0;
      return write_flow(ctx,
                        {StoreId::kStash, Intent::kInit, std::nullopt, kInitBit, std::nullopt});
    case Op::kPersistSync:
      proc.persist_handle = state.persist.epoch;
      proc.persist_in_sync = 1;
      return next;
    case Op::kPersistFence: {
      Flow flow = call_flow(persist_fence(ctx, persist_lower_bound(proc)));
      if (flow.kind == FlowKind::kRetry) return flow;
      proc.stash_epoch_read = 0;
      // fence_only's handle is dropped (after the stash raise, which reads it).
      if (target == Target::kEmergencyStash && !variant_->switches.fix_stash_raised_to_persist) {
        drop_persist_handle(proc);
      }
      return flow;
    }
    case Op::kStashRaiseEpoch: {
      Flow flow = call_flow(stash_raise_epoch(ctx, proc.persist_handle));
      if (flow.kind != FlowKind::kRetry && target == Target::kEmergencyStash) {
        drop_persist_handle(proc);
      }
      return flow;
    }
    case Op::kPersistOpenSnapshot:
      if (persist_read_check(ctx) != CallStatus::kOk) return fail;
      proc.need_init = initialized(state.persist.contents) ? 0 : 1;
      if (target == Target::kMigrateToPersist)
        note_destination(*variant_, proc, state.persist.contents);
      return next;
    case Op::kPersistInit:
      proc.need_init = 0;
      return write_flow(ctx,
                        {StoreId::kPersist, Intent::kInit, std::nullopt, kInitBit, std::nullopt});
    case Op::kStashReadTombstone:
      if (stash_read_check(ctx) != CallStatus::kOk) return fail;
      proc.tombstones_read = static_cast<uint8_t>((proc.tombstones_read & ~3u) |
                                                  static_cast<uint32_t>(state.stash.tombstone));
      return decide_on_tombstones(ctx, op);
    case Op::kPersistReadTombstone:
      if (persist_read_check(ctx) != CallStatus::kOk) return fail;
      proc.tombstones_read = static_cast<uint8_t>(
          (proc.tombstones_read & 3u) | (static_cast<uint32_t>(state.persist.tombstone) << 2));
      return decide_on_tombstones(ctx, op);
    case Op::kStashSetTombstoneTrue:
      return write_flow(ctx, {StoreId::kStash, Intent::kTombstone, std::nullopt, 0, Tomb::kTrue});
    case Op::kStashSetTombstoneFalse:
      return write_flow(ctx, {StoreId::kStash, Intent::kEmergency, std::nullopt, 0, Tomb::kFalse});
    case Op::kPersistSetTombstoneTrue:
      return write_flow(ctx, {StoreId::kPersist, Intent::kTombstone, std::nullopt, 0, Tomb::kTrue});
    case Op::kStashSnapshotSource:
      if (stash_read_check(ctx) != CallStatus::kOk) return fail;
      proc.snap = state.stash.contents;
      return next;
    case Op::kPersistSnapshotSource:
      if (persist_read_check(ctx) != CallStatus::kOk) return fail;
      proc.snap = state.persist.contents;
      return next;
    case Op::kStashMarkTombstoneFalse:
      return write_flow(ctx, {StoreId::kStash, Intent::kTombstone, std::nullopt, 0, Tomb::kFalse});
    case Op::kCopyToPersist:
    case Op::kCopyToStash:
      return copy(ctx, op);
    case Op::kSpStashConnect:  // adopt the epoch and nonce, bump nothing
      proc.stash_handle = state.stash.epoch;
      return next;
    case Op::kSpStashSnapshot:
      if (stash_read_check(ctx) != CallStatus::kOk) return fail;
      if (!initialized(state.stash.contents)) {  // NotWritable: the handle stays unopened
        proc.stash_handle = 0;
        return next;
      }
      proc.need_init |= 1u;
      if (target == Target::kRollbackToStash)
        note_destination(*variant_, proc, state.stash.contents);
      return next;
    case Op::kSpPersistSync:
      proc.persist_handle = state.persist.epoch;
      proc.persist_in_sync = 1;
      return next;
    case Op::kSpPersistSnapshot:
      if (persist_read_check(ctx) != CallStatus::kOk) return fail;
      if (!initialized(state.persist.contents)) {
        drop_persist_handle(proc);
        return next;
      }
      proc.need_init |= 2u;
      if (target == Target::kMigrateToPersist)
        note_destination(*variant_, proc, state.persist.contents);
      return next;
    case Op::kDecideOnEarlyTombstone:  // no call: MigrationModel::advance decides
    case Op::kSpVerdict:
    case Op::kCommitChange:
      break;
  }
  CATSIM_CHECK(false);
  return fail;
}

// After a tombstone read through the fenced handle: where the program goes,
// and the tombstones read forgotten unless a later step needs them.
MigrationModel::Flow MigrationModel::decide_on_tombstones(StepContext& ctx, Op op) const {
  const Flow flow = after_tombstone_read(ctx, op);
  if (!tombstones_kept(*variant_, target_of(ctx.proc()))) ctx.proc().tombstones_read = 0;
  return flow;
}

// Where a program goes after it read a tombstone (impl/migrator.cc's
// migrate() and rollback() of each protocol).
MigrationModel::Flow MigrationModel::after_tombstone_read(StepContext& ctx, Op op) const {
  const ProcState& proc = ctx.proc();
  const Target target = target_of(proc);
  const Tomb stash = stash_tomb_read(proc), persist = persist_tomb_read(proc);
  const Flow next{FlowKind::kNext}, done{FlowKind::kReturn};
  if (variant_->protocol == Protocol::kSingleTombstone) {
    if (target == Target::kMigrateToPersist) {
      // MUTANT always_copy: copy even when the migration already completed.
      return stash == Tomb::kTrue && !variant_->switches.always_copy ? done : next;
    }
    return stash == Tomb::kTrue ? next : done;  // rollback and emergency
  }
  if (target == Target::kMigrateToPersist) return persist == Tomb::kFalse ? done : next;
  if (!variant_->switches.fix_rollback_copies_first) return stash == Tomb::kTrue ? next : done;
  if (op == Op::kStashReadTombstone) return next;
  // FIX fix_rollback_copies_first: copy only if the table says persist holds the truth.
  auto source = source_of_truth(*variant_, Tombstones{tomb_value(stash), tomb_value(persist)});
  if (!source) return {FlowKind::kNotWritable};
  if (*source == StoreId::kPersist) return next;
  return {FlowKind::kJump, Op::kPersistSetTombstoneTrue};
}

}  // namespace catsim::model
