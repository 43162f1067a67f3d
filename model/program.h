// Program: the store calls one migrator open makes, in order, for a
// (protocol, target, variant), exactly as impl/migrator.cc and
// impl/catalog_store.cc make them.
//
// Each Op is one call to a fake, hence one step. Some ops are conditional
// (an init only when the open's snapshot saw an uninitialized store), and
// the ops that read a tombstone decide where the program goes next; that
// control flow lives in the model (model/migration_model.cc), the sequence
// here. Every variant switch that changes the sequence is read here, at the
// place marked as in impl/migrator.cc.
// Guarantees: a program has at most kProgramOpsMax ops; it ends with the
// open returning the target's store (persist for migrate, else the stash).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "impl/migrator.h"
#include "impl/variant.h"
#include "model/model_state.h"
#include "stores/store_call.h"

namespace catsim::model {

enum class Op : uint8_t {
  kReadStashEpoch,     // step 1, through the unopened stash handle
  kReadPersistEpoch,   // step 1, through the unopened persist handle
  kStashConnect,       // writable connect: the stash fence
  kStashOpenSnapshot,  // the open's snapshot (finish_open)
  kStashInit,          // only if that snapshot saw no catalog
  kPersistSync,        // cache the upper, adopt the epoch
  kPersistFence,       // compare-and-append of the new epoch
  kPersistOpenSnapshot,
  kPersistInit,
  kStashRaiseEpoch,  // fix_stash_raised_to_persist: to persist's new epoch
  kStashReadTombstone,
  kPersistReadTombstone,  // two tombstones only
  kStashSetTombstoneTrue,
  kStashSetTombstoneFalse,   // the emergency flip
  kPersistSetTombstoneTrue,  // two tombstones only
  kStashSnapshotSource,      // the migration's read of the stash
  kPersistSnapshotSource,    // the rollback's read of persist
  kCopyToPersist,            // replace persist's contents (two: + tombstone false)
  kCopyToStash,              // replace the stash's contents + tombstone false
  kCommitChange,             // a workload change through the open store
  // Ops of broken variants only.
  kStashReadTombstoneEarly,  // tombstone_read_before_fence: through the unopened handle
  kDecideOnEarlyTombstone,   // ... and step 4 acts on it: no call, no step
  kStashMarkTombstoneFalse,  // rollback_tombstone_first: the flip before the copy
  // The savepoint pre-flight (MigratorBase::open_savepoints, or the emergency's
  // savepoint open): savepoint handles adopt the epochs, bump nothing.
  kSpStashConnect,
  kSpStashSnapshot,  // an uninitialized stash is a NotWritable, not a failure
  kSpPersistSync,
  kSpPersistSnapshot,  // likewise for persist
  kSpVerdict,          // no call: target and other store ready or not
};
// Which store an op calls: none (it decides without a call), one of the
// two, or the one the open returned (a change).
enum class OpStore : uint8_t { kNone, kStash, kPersist, kOpened };

// What an op is, in one row: its name in counterexamples, the fake call it
// makes (store, call label, intent, handle mode; a dry run's are savepoint
// handles, see model/conformance.cc) and whether it writes (so its outcome
// may be indeterminate). A change's call label is its store's write.
struct OpRow {
  Op op;
  std::string_view name;
  OpStore store;
  std::string_view call;
  Intent intent;
  HandleMode mode;
  bool writes;
};
const OpRow& op_row(Op op);

inline std::string_view op_name(Op op) {
  return op_row(op).name;
}
inline bool op_writes(Op op) {
  return op_row(op).writes;
}
// Whether the op makes no call (the model passes it without a step).
inline bool op_is_free(Op op) {
  return op_row(op).store == OpStore::kNone;
}

inline constexpr uint32_t kProgramOpsMax = 16;

struct Program {
  std::array<Op, kProgramOpsMax> ops{};
  uint8_t size = 0;
  void add(Op op);
  // The index of the first op at or after from that is op; size if none.
  uint8_t find(Op op, uint8_t from = 0) const;
};

Program build_program(Protocol protocol, Target target, const VariantSwitches& switches);
// The savepoint pre-flight's dry run of the same open (spec section 4,
// "Savepoint open through the migrator"): the savepoint opens and their
// verdict, then the target's steps after the fences, every write buffered.
Program build_dry_run_program(Protocol protocol, Target target, const VariantSwitches& switches);

// The targets a protocol offers, as a mask of impl Targets (two tombstones
// have no emergency open).
uint8_t protocol_targets(Protocol protocol);

// The programs of one protocol variant, by ProcState::target - 1: each
// offered target's writable open and, with dry_runs, its pre-flight's dry
// run; and which op a process calls next. The model, the conformance check
// and the counterexample scripts all find a process's next call here.
class Programs {
 public:
  Programs(Protocol protocol, const VariantSwitches& switches, bool dry_runs);
  // target: a ProcState::target (1 + impl Target, or a dry run's).
  const Program& of(uint8_t target) const;
  // The op proc's next call makes: at kStart the first of the program
  // action_target picks; at kChanges a change, or with kStartOpen after a
  // dry run the writable open's first; otherwise the op at its pc.
  Op next_op(const ProcState& proc, uint8_t action_target = 0) const;

 private:
  std::array<Program, 2 * kDryRunTargets> programs_{};
};

// The target a process picked (proc.target is 1 + the impl Target, or
// kDryRunTargets + 1 + it during the pre-flight's dry run).
Target target_of(const ProcState& proc);
inline bool in_dry_run(const ProcState& proc) {
  return proc.target > kDryRunTargets;
}

// The store a successful open of target returns.
StoreId returned_store(Target target);

// Whether step 1's read of the stash epoch is used later (as persist's lower
// bound, or by the early tombstone read's fence check); where it is not, the
// model does not keep it (a dead local), and the read changes nothing but
// the program counter.
bool keeps_stash_epoch_read(const VariantSwitches& switches);

}  // namespace catsim::model
