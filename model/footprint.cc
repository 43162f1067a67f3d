#include "model/footprint.h"

#include "sim/check.h"

namespace catsim::model {

namespace {

constexpr uint16_t kBothData = kStashData | kPersistData;  // what names the source of truth

Footprint reads(uint16_t objects) {
  return {objects, 0};
}

// A data write to store (store_calls.cc's data_write): its fence check, the
// source of truth before and after (both tombstones), the P6 re-run check
// (contents), the store's data, the reference (init, workload, the
// emergency's declared loss) and, on persist, the upper.
Footprint data_write(StoreId store) {
  if (store == StoreId::kStash) {
    return {static_cast<uint16_t>(kStashFence | kBothData),
            static_cast<uint16_t>(kStashData | kReference)};
  }
  return {static_cast<uint16_t>(kPersistUpper | kBothData),
          static_cast<uint16_t>(kPersistData | kPersistUpper | kReference)};
}

// Whether the step that calls op index of program may end with the open
// returning: a tombstone read decides so, and so may a free op or the
// program's end reached past ops the step may skip (model/migration_model.cc's
// advance and after_tombstone_read).
bool may_return(const Program& program, uint32_t index) {
  const Op op = program.ops[index];
  if (op == Op::kStashReadTombstone || op == Op::kPersistReadTombstone) return true;
  for (uint32_t next = index + 1; next < program.size; ++next) {
    const Op later = program.ops[next];
    if (op_is_free(later)) return true;
    const bool skippable = later == Op::kStashInit || later == Op::kPersistInit ||
                           later == Op::kPersistSetTombstoneTrue;
    if (!skippable) return false;
  }
  return true;
}

}  // namespace

Footprint op_footprint(Op op, StoreId commit_store) {
  switch (op) {
    case Op::kReadStashEpoch:
    case Op::kSpStashConnect:
      return reads(kStashFence);
    case Op::kReadPersistEpoch:
      return reads(kPersistEpoch);
    case Op::kStashConnect:
    case Op::kStashRaiseEpoch:
      return {kStashFence, kStashFence};
    case Op::kStashOpenSnapshot:
    case Op::kStashReadTombstone:
    case Op::kStashSnapshotSource:
    case Op::kStashReadTombstoneEarly:
    case Op::kSpStashSnapshot:
      return reads(kStashFence | kStashData);
    case Op::kPersistSync:
    case Op::kSpPersistSync:
      return reads(kPersistEpoch | kPersistUpper);
    case Op::kPersistFence:
      return {static_cast<uint16_t>(kPersistUpper | kPersistEpoch),
              static_cast<uint16_t>(kPersistEpoch | kPersistUpper)};
    case Op::kPersistOpenSnapshot:
    case Op::kPersistReadTombstone:
    case Op::kPersistSnapshotSource:
    case Op::kSpPersistSnapshot:
      return reads(kPersistUpper | kPersistData);
    case Op::kStashInit:
    case Op::kStashSetTombstoneTrue:
    case Op::kStashSetTombstoneFalse:
    case Op::kStashMarkTombstoneFalse:
    case Op::kCopyToStash:
      return data_write(StoreId::kStash);
    case Op::kPersistInit:
    case Op::kPersistSetTombstoneTrue:
    case Op::kCopyToPersist:
      return data_write(StoreId::kPersist);
    case Op::kCommitChange:
      return data_write(commit_store);
    case Op::kDecideOnEarlyTombstone:
    case Op::kSpVerdict:
      return {};  // no call: the step that reaches it carries what it decides
  }
  CATSIM_CHECK(false);
  return {};
}

ProgramFootprints::ProgramFootprints(const Programs& programs, const VariantSwitches& switches,
                                     uint8_t targets_offered, bool dry_runs) {
  const bool epoch_read_kept = keeps_stash_epoch_read(switches);
  // Writable programs first: a dry run's rest runs into its writable open.
  for (uint32_t dry = 0; dry <= (dry_runs ? 1u : 0u); ++dry) {
    for (uint32_t t = 0; t < kDryRunTargets; ++t) {
      if (((targets_offered >> t) & 1u) == 0) continue;
      const auto target = static_cast<uint8_t>(1 + t + dry * kDryRunTargets);
      const Program& program = programs.of(target);
      Of& mine = of_[target - 1u];
      mine.offered = true;
      const StoreId store = returned_store(static_cast<Target>(t));
      mine.change = op_footprint(Op::kCommitChange, store);
      Footprint rest = mine.change;
      if (dry == 1) rest |= of_[t].rest[0];
      CATSIM_CHECK(program.size <= kProgramOpsMax);
      mine.rest[program.size] = rest;
      for (uint32_t i = program.size; i-- > 0;) {
        const Op op = program.ops[i];
        Footprint step =
            op == Op::kReadStashEpoch && !epoch_read_kept ? Footprint{} : op_footprint(op, store);
        // The open's return reads and raises the largest open epoch (a dry
        // run's verdict returns nothing durable).
        if (dry == 0 && may_return(program, i)) step |= {kOpenEpochMax, kOpenEpochMax};
        // A pre-flight's first step also notes whether its target store is
        // initialized (what P6 judges a NotWritable against).
        if (dry == 1 && i == 0) step |= reads(kBothData);
        mine.step[i] = step;
        rest |= step;
        mine.rest[i] = rest;
      }
    }
  }
}

const ProgramFootprints::Of& ProgramFootprints::of(uint8_t target) const {
  CATSIM_CHECK(target >= 1 && target <= of_.size());
  const Of& mine = of_[target - 1u];
  CATSIM_CHECK(mine.offered);
  return mine;
}

Footprint ProgramFootprints::incarnation(uint8_t targets) const {
  Footprint all;
  for (uint32_t t = 0; t < kDryRunTargets; ++t) {
    if (((targets >> t) & 1u) == 0) continue;
    all |= of_[t].rest[0];
    if (of_[kDryRunTargets + t].offered) all |= of_[kDryRunTargets + t].rest[0];
  }
  return all;
}

}  // namespace catsim::model
