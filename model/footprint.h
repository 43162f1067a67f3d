// Footprint: which shared parts of a model state a step reads and writes;
// the static independence relation of the partial-order reduction
// (model/reduction.h).
//
// The shared objects are the parts of a ModelState that more than one process
// reaches: each store's fence (its epoch), data (contents and tombstone) and,
// for persist, the upper (every persist handle's sync flag), the reference,
// the largest epoch an open returned, and the two fault budgets. A writer's
// own ProcState is not shared: no step of another process reads it, with two
// exceptions that are objects here or no dependence at all:
//  - a persist write moves the upper past every other handle (it clears their
//    persist_in_sync): that is kPersistUpper, which every persist handle's
//    sync and check reads;
//  - a change takes the lowest label no catalog of the state holds, so which
//    label it gets depends on the others' snapshots; but a label is only a
//    name, and states that differ in it are equal up to the label renaming of
//    model/canonical.h, which every property and every step respects.
// The reader's window reads the reference after every step, so the
// reduction never reduces while a reader runs (model/reduction.h).
// Guarantees:
//  1. op_footprint(op) covers every object the op's call reads or writes,
//     for every outcome, whether its checks pass or not, including what the
//     model judges on the call (P2, P3, P4, P6 read only objects listed).
//  2. A ProgramFootprints step also covers what the model does after the
//     call in the same step: free ops and the open's return, which reads and
//     writes the largest open epoch (strict P3). Step 1's stash epoch read
//     reads nothing where the variant does not keep its value
//     (keeps_stash_epoch_read): it then only moves the program counter.
//  3. Two steps of different processes whose footprints do not conflict
//     commute (either order reaches the same state, up to label renaming)
//     and neither enables nor disables the other.
#pragma once

#include <array>
#include <cstdint>

#include "model/program.h"

namespace catsim::model {

// The shared objects, one bit each.
enum Object : uint16_t {
  kStashFence = 1u << 0,           // the stash's epoch (its fence row)
  kStashData = 1u << 1,            // the stash's contents and tombstone
  kPersistEpoch = 1u << 2,         // persist's epoch
  kPersistUpper = 1u << 3,         // persist's upper: whether each handle is in sync
  kPersistData = 1u << 4,          // persist's contents and tombstone
  kReference = 1u << 5,            // the reference catalog
  kOpenEpochMax = 1u << 6,         // the largest epoch a successful open returned
  kCrashBudget = 1u << 7,          // crashes spent
  kIndeterminateBudget = 1u << 8,  // indeterminate outcomes spent
};

struct Footprint {
  uint16_t reads = 0;
  uint16_t writes = 0;
  Footprint& operator|=(const Footprint& other) {
    reads |= other.reads;
    writes |= other.writes;
    return *this;
  }
  bool empty() const { return reads == 0 && writes == 0; }
};

// Whether two steps with these footprints may not commute: one writes what
// the other reads or writes.
inline bool conflict(const Footprint& a, const Footprint& b) {
  return (a.writes & (b.reads | b.writes)) != 0 || (b.writes & a.reads) != 0;
}

// The call of op (a change: to commit_store), as store_calls.cc makes it.
Footprint op_footprint(Op op, StoreId commit_store);

// Footprints of every program of one protocol variant (model/program.h), by
// ProcState::target and op index: one op's step (the call, then what follows
// it in the same step) and every step from an index to the program's end.
class ProgramFootprints {
 public:
  ProgramFootprints(const Programs& programs, const VariantSwitches& switches,
                    uint8_t targets_offered, bool dry_runs);
  // The step that calls op index of target's program.
  const Footprint& step(uint8_t target, uint32_t index) const { return of(target).step[index]; }
  // Every step from op index of target's program to its end, and the
  // changes through the store the open returns.
  const Footprint& rest(uint8_t target, uint32_t index) const { return of(target).rest[index]; }
  // A change through the store target's open returns.
  const Footprint& change(uint8_t target) const { return of(target).change; }
  // Every step a new incarnation of a process allowed targets (a mask of
  // impl Targets) may take, pre-flight dry runs included.
  Footprint incarnation(uint8_t targets) const;

 private:
  struct Of {
    std::array<Footprint, kProgramOpsMax + 1> step{};
    std::array<Footprint, kProgramOpsMax + 1> rest{};
    Footprint change;
    bool offered = false;
  };
  const Of& of(uint8_t target) const;

  std::array<Of, 2 * kDryRunTargets> of_{};
};

}  // namespace catsim::model
