// ModelState: one explicit state of the protocol model, and the bounds that
// keep the state space finite.
//
// A state is a plain value: both stores (epoch, tombstone, contents), the
// reference catalog, the largest epoch a successful open returned, the
// fault budgets spent, each writer process's program counter and locals, and
// the reader's (a pre-open getter or a read-only open and its rereads).
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
//  5. A read's window (the reference values P5 accepts) is kept as at most
//     kSeenMax values; a step that would add one more is cut (the explorer
//     counts it), which bounds how far other processes run during one read.
// Guarantees: the struct has no padding (has_unique_object_representations),
// so equal states have equal bytes and hash alike; locals that are dead at a
// process's program counter, or that the variant never reads, are kept zero,
// so they never split states.
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
// call of the target's program (model/program.h). A boot that runs the
// savepoint pre-flight first has target 4..6 (kDryRunTargets + 1 + Target)
// until its dry run ends; during it need_init holds which stores the
// savepoint open found initialized (bit 0 stash, bit 1 persist) and
// stash_epoch_read whether the target store was initialized when the
// pre-flight began (what P6 judges a NotWritable against).
inline constexpr uint8_t kPcDown = 0;
inline constexpr uint8_t kPcStart = 1;
inline constexpr uint8_t kPcChanges = 2;
inline constexpr uint8_t kPcFirstOp = 3;
inline constexpr uint8_t kDryRunTargets = 3;

struct ProcState {
  uint32_t snap = 0;  // the source snapshot, a CatalogValue, until the copy
  uint8_t pc = kPcStart;
  uint8_t target = 0;              // 1 + impl Target; 0 before the first call
  uint8_t boots = 1;               // incarnations started
  uint8_t changes = 0;             // changes committed in this incarnation
  uint8_t stash_epoch_read = 0;    // step 1, until the persist fence, where it is used
  uint8_t persist_epoch_read = 0;  // step 1, until the stash connect
  uint8_t stash_handle = 0;        // epoch of the writable stash handle (0: none)
  uint8_t persist_handle = 0;      // epoch the persist handle holds (0: none)
  uint8_t persist_in_sync = 0;     // the handle's cached upper equals the shard's
  uint8_t need_init = 0;           // the open's snapshot saw an uninitialized store
  uint8_t dest_fresh = 0;          // the copy destination's cache holds only defaults (if used)
  uint8_t tombstones_read = 0;     // stash Tomb in bits 0-1, persist Tomb in bits 2-3, while used
  bool operator==(const ProcState&) const = default;
};

inline Tomb stash_tomb_read(const ProcState& proc) {
  return static_cast<Tomb>(proc.tombstones_read & 3u);
}
inline Tomb persist_tomb_read(const ProcState& proc) {
  return static_cast<Tomb>((proc.tombstones_read >> 2) & 3u);
}

// What a reader session does: a pre-open getter (is_initialized, which is
// also what user_version tells in the model, or epoch), or a read-only open
// and up to `rereads` later reads through its handle.
// kSetting, the getter of a config value, is never picked by the explorer:
// the model's catalog has no config value (its changes are creates), so the
// read has nothing to judge; the conformance check maps the workload's
// setting getter to it, for its calls.
enum class ReadKind : uint8_t { kIsInitialized = 0, kEpoch = 1, kReadOnly = 2, kSetting = 3 };
inline constexpr uint8_t kReadKinds = 3;  // the kinds the explorer picks

// Reader program counters.
inline constexpr uint8_t kRdIdle = 0;              // no reader, or its reads are done (all passed)
inline constexpr uint8_t kRdStart = 1;             // a session begins: kind not chosen
inline constexpr uint8_t kRdTombstone = 2;         // read the stash tombstone (unopened handle)
inline constexpr uint8_t kRdPersistTombstone = 3;  // two tombstones: then persist's
inline constexpr uint8_t kRdPrefetch = 4;          // MUTANT preopen_prefetches_persist's first read
inline constexpr uint8_t kRdValue = 5;             // the getter's read of the named store
inline constexpr uint8_t kRdConnect = 6;           // read-only connect (stash) or sync (persist)
inline constexpr uint8_t kRdSnapshot = 7;          // the open's snapshot
inline constexpr uint8_t kRdReread = 8;            // a later snapshot through the same handle
inline constexpr uint8_t kRdDown = 9;  // a read failed or it crashed; restarts while reads remain

inline constexpr uint32_t kSeenMax = 3;

struct ReaderState {
  std::array<uint32_t, kSeenMax> seen{};  // reference values during the window
  uint32_t cached = 0;                    // the open's snapshot (what a cache would serve)
  uint8_t pc = kRdIdle;
  uint8_t kind = 0;   // a ReadKind
  uint8_t reads = 0;  // sessions started
  uint8_t seen_count = 0;
  uint8_t store = 0;          // 1 + the StoreId the tombstone named; 0 before
  uint8_t handle_epoch = 0;   // 1 + epoch the stash (unopened or read-only) handle adopted
  uint8_t persist_epoch = 0;  // 1 + epoch the persist handle adopted (0: none yet)
  uint8_t rereads_left = 0;
  uint8_t epoch_floor = 0;  // largest epoch an open returned before the session
  uint8_t prefetched = 0;   // 1 + is_initialized the prefetch read (0: none)
  uint8_t remembered = 0;   // 1 + StoreId of the incarnation's first answer
  uint8_t stash_tomb = 0;   // two tombstones: the stash Tomb read first
  bool operator==(const ReaderState&) const = default;
};
static_assert(sizeof(ReaderState) == 28);

struct ModelState {
  StoreState stash;
  StoreState persist;
  uint32_t reference = 0;      // the reference catalog, a CatalogValue
  uint8_t open_epoch_max = 0;  // largest epoch a successful open returned
  uint8_t crashes = 0;         // crash budget spent
  uint8_t indeterminates = 0;  // indeterminate-outcome budget spent
  uint8_t procs = 0;
  std::array<ProcState, kProcsMax> proc{};
  ReaderState reader;
  uint32_t spare = 0;  // keeps the size a multiple of 8 (fingerprint_of hashes words)
  bool operator==(const ModelState&) const = default;
};
static_assert(std::has_unique_object_representations_v<ModelState>);

// Whether proc's writable stash handle still holds the fence row: the stash
// compares (epoch, nonce), and in the model equal epochs mean equal rows.
inline bool holds_stash_fence(const ModelState& state, const ProcState& proc) {
  return proc.stash_handle == state.stash.epoch;
}
static_assert(sizeof(ModelState) == 120);

enum class ActionKind : uint8_t { kCall, kCrash, kRestart };
// Action::process of the reader (writers are 0..procs-1).
inline constexpr uint8_t kReaderProcess = kProcsMax;
// Action::target of a dry run's last step that starts the writable open
// (instead of another dry-run change).
inline constexpr uint8_t kStartOpen = 0xff;
// How a write call ends: as its checks say, or indeterminate (the caller is
// told it does not know) with the write applied or lost.
enum class CallOutcome : uint8_t { kNormal, kIndeterminateApplied, kIndeterminateLost };

// One step: a store call of a process (at kStart it also picks the target,
// 4..6 for a pre-flight first; at a reader's kRdStart, kind * 8 + rereads),
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
  uint32_t readers = 0;     // 0 or 1 reader process
  uint32_t reads = 1;       // reader sessions (pre-open getters or read-only opens)
  uint32_t rereads = 1;     // later reads through one read-only handle, at most
  bool savepoints = false;  // a boot may run the savepoint pre-flight first
};

}  // namespace catsim::model
