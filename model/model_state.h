// ModelState: one explicit state of the protocol model, and the bounds that
// keep the state space finite.
//
// A state is a plain value: both stores (epoch, tombstone, contents), the
// reference catalog, the largest epoch a successful open returned, the
// fault budgets spent, and each writer process's program counter and locals.
// What is abstracted away, and why it is exact for the properties checked:
//  1. Catalog contents are a CatalogValue (initialized or not, plus the set
//     of workload changes present); see model/catalog_value.h.
//  2. Persist's upper is not a number: each process keeps `persist_in_sync`
//     (its cached upper equals the shard's). The fakes only ever compare the
//     two for equality, and an upper only grows, so the flag is exact.
//  3. The stash's nonce and version are dropped: every writable connect
//     raises the epoch strictly, and a raise (finding 4's fix) keeps the
//     nonce but only the row's holder can make it, so (epoch, nonce) equal
//     iff epochs equal; nobody reads the version.
//  4. Persist's tombstone is kept only by the two-tombstone protocol (the
//     single-tombstone protocol copies it along but never reads it).
// Guarantees: the struct has no padding (has_unique_object_representations),
// so equal states have equal bytes and hash alike; locals that are dead at a
// process's program counter are kept zero, so they never split states.
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

namespace catsim::model {

inline constexpr uint32_t kProcsMax = 4;

enum class Tomb : uint8_t { kNone = 0, kFalse = 1, kTrue = 2 };

struct StoreState {
  uint32_t contents = 0;  // a CatalogValue
  uint8_t epoch = 1;      // a store never opened has epoch 1
  Tomb tombstone = Tomb::kNone;
  uint8_t spare[2] = {0, 0};
  bool operator==(const StoreState&) const = default;
};

// Program counters: kDown (crashed, fenced or finished; may restart while
// boots remain), kStart (a fresh incarnation, target not chosen yet),
// kChanges (the open returned; making changes), then kFirstOp + i = the i-th
// call of the target's program (model/program.h).
inline constexpr uint8_t kPcDown = 0;
inline constexpr uint8_t kPcStart = 1;
inline constexpr uint8_t kPcChanges = 2;
inline constexpr uint8_t kPcFirstOp = 3;

struct ProcState {
  uint32_t snap = 0;  // the source snapshot, a CatalogValue, until the copy
  uint8_t pc = kPcStart;
  uint8_t target = 0;              // 1 + impl Target; 0 before the first call
  uint8_t boots = 1;               // incarnations started
  uint8_t changes = 0;             // changes committed in this incarnation
  uint8_t stash_epoch_read = 0;    // step 1, until the persist fence
  uint8_t persist_epoch_read = 0;  // step 1, until the stash connect
  uint8_t stash_handle = 0;        // epoch of the writable stash handle (0: none)
  uint8_t persist_handle = 0;      // epoch the persist handle holds (0: none)
  uint8_t persist_in_sync = 0;     // the handle's cached upper equals the shard's
  uint8_t need_init = 0;           // the open's snapshot saw an uninitialized store
  uint8_t dest_fresh = 0;          // the copy destination's cache holds only defaults
  uint8_t tombstones_read = 0;     // stash Tomb in bits 0-1, persist Tomb in bits 2-3
  bool operator==(const ProcState&) const = default;
};

inline Tomb stash_tomb_read(const ProcState& proc) {
  return static_cast<Tomb>(proc.tombstones_read & 3u);
}
inline Tomb persist_tomb_read(const ProcState& proc) {
  return static_cast<Tomb>((proc.tombstones_read >> 2) & 3u);
}

struct ModelState {
  StoreState stash;
  StoreState persist;
  uint32_t reference = 0;      // the reference catalog, a CatalogValue
  uint8_t open_epoch_max = 0;  // largest epoch a successful open returned
  uint8_t crashes = 0;         // crash budget spent
  uint8_t indeterminates = 0;  // indeterminate-outcome budget spent
  uint8_t procs = 0;
  std::array<ProcState, kProcsMax> proc{};
  bool operator==(const ModelState&) const = default;
};
static_assert(std::has_unique_object_representations_v<ModelState>);

// Whether proc's writable stash handle still holds the fence row: the stash
// compares (epoch, nonce), and in the model equal epochs mean equal rows.
inline bool holds_stash_fence(const ModelState& state, const ProcState& proc) {
  return proc.stash_handle == state.stash.epoch;
}
static_assert(sizeof(ModelState) == 88);

enum class ActionKind : uint8_t { kCall, kCrash, kRestart };
// How a write call ends: as its checks say, or indeterminate (the caller is
// told it does not know) with the write applied or lost.
enum class CallOutcome : uint8_t { kNormal, kIndeterminateApplied, kIndeterminateLost };

// One step: a store call of a process (at kStart it also picks the target),
// a crash of a process, or a restart of a down process.
struct Action {
  uint8_t process = 0;
  ActionKind kind = ActionKind::kCall;
  uint8_t target = 0;  // at kStart: 1 + impl Target; else 0
  CallOutcome outcome = CallOutcome::kNormal;
  bool operator==(const Action&) const = default;
};
static_assert(sizeof(Action) == 4);

// The bounds of one exploration. targets[p] is a bit mask of impl Targets
// process p may pick at each boot (0: every target of the protocol);
// processes with equal masks are interchangeable (symmetry reduction).
struct ModelBounds {
  uint32_t procs = 2;
  uint32_t crashes = 1;         // global crash budget
  uint32_t changes = 1;         // changes per successful open (K)
  uint32_t boots = 2;           // incarnations per process
  uint32_t indeterminates = 0;  // global budget of indeterminate write outcomes
  std::array<uint8_t, kProcsMax> targets{};
};

}  // namespace catsim::model
