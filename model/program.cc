#include "model/program.h"

#include <array>

#include "sim/check.h"

namespace catsim::model {

namespace {

// Steps 1-3 of spec section 4, as MigratorBase::fence_both calls them, with
// each store's open (connect or sync + fence, snapshot, init if empty).
void add_fence_both(Program& program, const VariantSwitches& switches) {
  program.add(Op::kReadStashEpoch);
  program.add(Op::kReadPersistEpoch);
  // MUTANT tombstone_read_before_fence: the tombstone step 4 acts on is read
  // here, through the unopened handle, before anything is fenced.
  if (switches.tombstone_read_before_fence) program.add(Op::kStashReadTombstoneEarly);
  const std::array<Op, 3> stash = {Op::kStashConnect, Op::kStashOpenSnapshot, Op::kStashInit};
  const std::array<Op, 4> persist = {Op::kPersistSync, Op::kPersistFence, Op::kPersistOpenSnapshot,
                                     Op::kPersistInit};
  // MUTANT persist_fenced_first: persist is fenced before the stash.
  if (switches.persist_fenced_first) {
    for (Op op : persist) program.add(op);
    for (Op op : stash) program.add(op);
    return;
  }
  for (Op op : stash) program.add(op);
  for (Op op : persist) program.add(op);
  // FIX fix_stash_raised_to_persist: the stash follows persist's new epoch.
  if (switches.fix_stash_raised_to_persist) program.add(Op::kStashRaiseEpoch);
}

// The savepoint shape (MigratorBase::open_savepoints): both stores opened
// as savepoints, then the verdict.
void add_savepoint_opens(Program& program) {
  for (Op op : {Op::kSpStashConnect, Op::kSpStashSnapshot, Op::kSpPersistSync,
                Op::kSpPersistSnapshot, Op::kSpVerdict}) {
    program.add(op);
  }
}

// Steps 1-3 of a writable open, or the savepoint shape of a dry run.
void add_opens(Program& program, const VariantSwitches& switches, bool dry_run) {
  if (dry_run) {
    add_savepoint_opens(program);
  } else {
    add_fence_both(program, switches);
  }
}

// Step 4's tombstone: read through the fenced stash handle, or, in a broken
// variant, the one read before fencing (MigratorBase::fenced_tombstone; a
// savepoint open reads nothing early).
void add_step_four(Program& program, const VariantSwitches& switches, bool dry_run) {
  program.add(switches.tombstone_read_before_fence && !dry_run ? Op::kDecideOnEarlyTombstone
                                                               : Op::kStashReadTombstone);
}

void add_single_tombstone(Program& program, Target target, const VariantSwitches& switches,
                          bool dry_run) {
  if (target == Target::kEmergencyStash && dry_run) {  // MigratorBase::emergency(kSavepoint)
    for (Op op : {Op::kSpStashConnect, Op::kSpStashSnapshot, Op::kSpVerdict,
                  Op::kStashReadTombstone, Op::kStashSetTombstoneFalse}) {
      program.add(op);
    }
    return;
  }
  if (target == Target::kEmergencyStash) {
    for (Op op : {Op::kStashConnect, Op::kStashOpenSnapshot, Op::kStashInit}) program.add(op);
    // FIX fix_emergency_fences_persist: persist fence_only (sync + fence).
    if (switches.fix_emergency_fences_persist) {
      program.add(Op::kPersistSync);
      program.add(Op::kPersistFence);
      // FIX fix_stash_raised_to_persist: the stash follows persist's new epoch.
      if (switches.fix_stash_raised_to_persist) program.add(Op::kStashRaiseEpoch);
    }
    program.add(Op::kStashReadTombstone);
    program.add(Op::kStashSetTombstoneFalse);
    return;
  }
  add_opens(program, switches, dry_run);
  add_step_four(program, switches, dry_run);
  if (target == Target::kMigrateToPersist) {
    // MUTANT tombstone_before_copy: the commit point moves before the copy.
    if (switches.tombstone_before_copy) program.add(Op::kStashSetTombstoneTrue);
    program.add(Op::kStashSnapshotSource);  // step 5
    program.add(Op::kCopyToPersist);        // step 6
    // MUTANT example_forget_tombstone: step 7 is left out.
    if (!switches.tombstone_before_copy && !switches.example_forget_tombstone) {
      program.add(Op::kStashSetTombstoneTrue);  // step 7
    }
    return;
  }
  program.add(Op::kPersistSnapshotSource);  // step 5
  // MUTANT rollback_tombstone_first: the commit point moves before the copy.
  if (switches.rollback_tombstone_first) program.add(Op::kStashMarkTombstoneFalse);
  program.add(Op::kCopyToStash);  // step 6
}

void add_two_tombstone(Program& program, Target target, const VariantSwitches& switches,
                       bool dry_run) {
  CATSIM_CHECK(target != Target::kEmergencyStash);
  add_opens(program, switches, dry_run);
  if (target == Target::kMigrateToPersist) {
    for (Op op : {Op::kStashSetTombstoneTrue, Op::kPersistReadTombstone, Op::kStashSnapshotSource,
                  Op::kCopyToPersist}) {
      program.add(op);
    }
    return;
  }
  // FIX fix_rollback_copies_first: read both, copy if persist holds the
  // truth, mark persist last.
  if (switches.fix_rollback_copies_first) {
    for (Op op : {Op::kStashReadTombstone, Op::kPersistReadTombstone, Op::kPersistSnapshotSource,
                  Op::kCopyToStash, Op::kPersistSetTombstoneTrue}) {
      program.add(op);
    }
    return;
  }
  for (Op op : {Op::kPersistSetTombstoneTrue, Op::kStashReadTombstone, Op::kPersistSnapshotSource,
                Op::kCopyToStash}) {
    program.add(op);
  }
}

}  // namespace

namespace {

// One row per Op, in enum order (op_row checks it).
constexpr std::array<OpRow, 28> kOpRows = {{
    {Op::kReadStashEpoch, "stash.read_epoch", OpStore::kStash, "stash.read_epoch", Intent::kRead,
     HandleMode::kUnopened, false},
    {Op::kReadPersistEpoch, "persist.read_epoch", OpStore::kPersist, "persist.read_epoch",
     Intent::kRead, HandleMode::kUnopened, false},
    {Op::kStashConnect, "stash.connect", OpStore::kStash, "stash.connect", Intent::kFence,
     HandleMode::kWritable, true},
    {Op::kStashOpenSnapshot, "stash.snapshot(open)", OpStore::kStash, "stash.snapshot",
     Intent::kRead, HandleMode::kWritable, false},
    {Op::kStashInit, "stash.transact(init)", OpStore::kStash, "stash.transact", Intent::kInit,
     HandleMode::kWritable, true},
    {Op::kPersistSync, "persist.sync", OpStore::kPersist, "persist.sync", Intent::kRead,
     HandleMode::kWritable, false},
    {Op::kPersistFence, "persist.fence", OpStore::kPersist, "persist.fence", Intent::kFence,
     HandleMode::kWritable, true},
    {Op::kPersistOpenSnapshot, "persist.snapshot(open)", OpStore::kPersist, "persist.snapshot",
     Intent::kRead, HandleMode::kWritable, false},
    {Op::kPersistInit, "persist.append(init)", OpStore::kPersist, "persist.append", Intent::kInit,
     HandleMode::kWritable, true},
    {Op::kStashRaiseEpoch, "stash.raise_epoch", OpStore::kStash, "stash.raise_epoch",
     Intent::kFence, HandleMode::kWritable, true},
    {Op::kStashReadTombstone, "stash.read_config(tombstone)", OpStore::kStash, "stash.read_config",
     Intent::kRead, HandleMode::kWritable, false},
    {Op::kPersistReadTombstone, "persist.read_config(tombstone)", OpStore::kPersist,
     "persist.read_config", Intent::kRead, HandleMode::kWritable, false},
    {Op::kStashSetTombstoneTrue, "stash.transact(tombstone=true)", OpStore::kStash,
     "stash.transact", Intent::kTombstone, HandleMode::kWritable, true},
    {Op::kStashSetTombstoneFalse, "stash.transact(tombstone=false, emergency)", OpStore::kStash,
     "stash.transact", Intent::kEmergency, HandleMode::kWritable, true},
    {Op::kPersistSetTombstoneTrue, "persist.append(tombstone=true)", OpStore::kPersist,
     "persist.append", Intent::kTombstone, HandleMode::kWritable, true},
    {Op::kStashSnapshotSource, "stash.snapshot", OpStore::kStash, "stash.snapshot", Intent::kRead,
     HandleMode::kWritable, false},
    {Op::kPersistSnapshotSource, "persist.snapshot", OpStore::kPersist, "persist.snapshot",
     Intent::kRead, HandleMode::kWritable, false},
    {Op::kCopyToPersist, "persist.append(replace all)", OpStore::kPersist, "persist.append",
     Intent::kCopy, HandleMode::kWritable, true},
    {Op::kCopyToStash, "stash.transact(replace all, tombstone=false)", OpStore::kStash,
     "stash.transact", Intent::kCopy, HandleMode::kWritable, true},
    {Op::kCommitChange, "commit(change)", OpStore::kOpened, "", Intent::kWorkload,
     HandleMode::kWritable, true},
    {Op::kStashReadTombstoneEarly, "stash.read_config(tombstone, unopened)", OpStore::kStash,
     "stash.read_config", Intent::kRead, HandleMode::kUnopened, false},
    {Op::kDecideOnEarlyTombstone, "(step 4 on the early tombstone)", OpStore::kNone, "",
     Intent::kRead, HandleMode::kUnopened, false},
    {Op::kStashMarkTombstoneFalse, "stash.transact(tombstone=false)", OpStore::kStash,
     "stash.transact", Intent::kTombstone, HandleMode::kWritable, true},
    {Op::kSpStashConnect, "stash.connect(savepoint)", OpStore::kStash, "stash.connect",
     Intent::kRead, HandleMode::kSavepoint, false},
    {Op::kSpStashSnapshot, "stash.snapshot(savepoint open)", OpStore::kStash, "stash.snapshot",
     Intent::kRead, HandleMode::kSavepoint, false},
    {Op::kSpPersistSync, "persist.sync(savepoint)", OpStore::kPersist, "persist.sync",
     Intent::kRead, HandleMode::kSavepoint, false},
    {Op::kSpPersistSnapshot, "persist.snapshot(savepoint open)", OpStore::kPersist,
     "persist.snapshot", Intent::kRead, HandleMode::kSavepoint, false},
    {Op::kSpVerdict, "(the pre-flight's verdict)", OpStore::kNone, "", Intent::kRead,
     HandleMode::kUnopened, false},
}};

}  // namespace

const OpRow& op_row(Op op) {
  const auto index = static_cast<size_t>(op);
  CATSIM_CHECK(index < kOpRows.size() && kOpRows[index].op == op);
  return kOpRows[index];
}

void Program::add(Op op) {
  CATSIM_CHECK(size < kProgramOpsMax);
  ops[size++] = op;
}

uint8_t Program::find(Op op, uint8_t from) const {
  for (uint8_t i = from; i < size; ++i) {
    if (ops[i] == op) return i;
  }
  return size;
}

namespace {
Program build(Protocol protocol, Target target, const VariantSwitches& switches, bool dry_run) {
  Program program;
  if (protocol == Protocol::kSingleTombstone) {
    add_single_tombstone(program, target, switches, dry_run);
  } else {
    add_two_tombstone(program, target, switches, dry_run);
  }
  CATSIM_CHECK(program.size > 0);
  return program;
}
}  // namespace

Program build_program(Protocol protocol, Target target, const VariantSwitches& switches) {
  return build(protocol, target, switches, false);
}

Program build_dry_run_program(Protocol protocol, Target target, const VariantSwitches& switches) {
  return build(protocol, target, switches, true);
}

uint8_t protocol_targets(Protocol protocol) {
  return protocol == Protocol::kSingleTombstone ? 0b111 : 0b011;
}

Programs::Programs(Protocol protocol, const VariantSwitches& switches, bool dry_runs) {
  for (size_t t = 0; t < kAllTargets.size(); ++t) {
    if (((protocol_targets(protocol) >> t) & 1) == 0) continue;
    programs_[t] = build_program(protocol, kAllTargets[t], switches);
    if (dry_runs)
      programs_[kDryRunTargets + t] = build_dry_run_program(protocol, kAllTargets[t], switches);
  }
}

const Program& Programs::of(uint8_t target) const {
  CATSIM_CHECK(target >= 1 && target <= programs_.size());
  const Program& program = programs_[target - 1u];
  CATSIM_CHECK_MSG(program.size > 0, "a target this protocol or these bounds do not offer");
  return program;
}

Op Programs::next_op(const ProcState& proc, uint8_t action_target) const {
  if (proc.pc == kPcStart) return of(action_target).ops[0];
  if (proc.pc == kPcChanges && in_dry_run(proc) && action_target == kStartOpen) {
    return of(static_cast<uint8_t>(proc.target - kDryRunTargets)).ops[0];
  }
  if (proc.pc == kPcChanges) return Op::kCommitChange;
  CATSIM_CHECK(proc.pc >= kPcFirstOp);
  return of(proc.target).ops[proc.pc - kPcFirstOp];
}

bool keeps_stash_epoch_read(const VariantSwitches& s) {
  // Read by the early tombstone read's fence check, and by persist's lower
  // bound as model/program_calls.cc's persist_lower_bound picks it (in its order).
  if (s.tombstone_read_before_fence || s.persist_fenced_first) return true;
  return !s.no_epoch_lower_bound && !s.fix_persist_bound_from_fenced_stash;
}

Target target_of(const ProcState& proc) {
  CATSIM_CHECK(proc.target >= 1 && proc.target <= 2 * kDryRunTargets);
  return static_cast<Target>((proc.target - 1u) % kDryRunTargets);
}

StoreId returned_store(Target target) {
  return target == Target::kMigrateToPersist ? StoreId::kPersist : StoreId::kStash;
}

}  // namespace catsim::model
