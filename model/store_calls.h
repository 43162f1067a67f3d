// Store calls on the model's state: the fakes' semantics (stores/stash_fake.h,
// stores/persist_fake.h) on abstract stores, with the checker's per-call
// property checks (properties/checker.cc) applied to every write that takes
// effect.
//
// A StepContext is one step in progress: the state being changed, the
// process making the call, the outcome the explorer chose for it, and the
// first violation found. Guarantees:
//  1. A call either takes effect atomically or not at all; the fence checks
//     are the fakes' (stash: the handle's epoch equals the store's; persist:
//     the handle's cached upper equals the shard's), and the two P3 mutants
//     skip exactly the check the implementation's switch skips.
//  2. An applied write to persist moves the upper: every other process's
//     persist handle falls out of sync; the writer's stays in sync only if
//     it was told kOk.
//  3. A write of a dry run (the savepoint pre-flight) passes or fails its
//     fence check like any other and is buffered, never applied; applied
//     anyway (MUTANT savepoint_durable) it is a P4 violation.
//  4. Checked per write, in the checker's order: P4, P3 (a handle older than the
//     store's epoch wrote), then the reference update (init or workload on
//     the source of truth), P6 (a copy that re-runs a completed direction
//     changed data), the declared loss of the emergency flip. A property
//     outside the context's mask is not recorded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/variant.h"
#include "model/model_state.h"
#include "model/model_violation.h"
#include "model/program.h"
#include "sim/check.h"
#include "stores/store_call.h"

namespace catsim::model {

enum class CallStatus : uint8_t { kOk, kFence, kIndeterminate };

struct StepContext {
  const Variant& variant;
  uint32_t properties;  // mask of properties to record
  ModelState& state;
  uint32_t process;
  CallOutcome outcome;
  std::optional<ModelViolation> violation;
  bool acknowledged = false;

  ProcState& proc() {
    CATSIM_CHECK(process < kProcsMax);
    return state.proc[process];
  }
  // Records the first violation of a property in the mask.
  void fail(Property property, std::string summary);
};

std::optional<uint64_t> tomb_value(Tomb tomb);
// The source of truth of a state, by the spec's table as the checker keeps it
// (properties/spec_tables.h), not the migrator's (impl/source_of_truth.h).
std::optional<StoreId> source_of(const Variant& variant, const ModelState& state);
StoreState& store_of(ModelState& state, StoreId store);
const StoreState& store_of(const ModelState& state, StoreId store);

// Whether a write by ctx's process to store would pass its fence check.
bool write_check_passes(const Variant& variant, const ModelState& state, uint32_t process,
                        StoreId store);
// Whether op's call by process would pass its checks in state (before the
// call): what the call decides when applied, and what the model's
// indeterminate outcomes and the conformance check's predictions start
// from. commit_store: the store a change goes to.
bool call_check_passes(const Variant& variant, ModelState state, uint32_t process, Op op,
                       StoreId commit_store);

// stash.connect(writable, lower_bound): returns the epoch in the handle.
CallStatus stash_connect(StepContext& ctx, uint32_t lower_bound);
// persist.fence(lower_bound) at the handle's cached upper.
CallStatus persist_fence(StepContext& ctx, uint32_t lower_bound);
// stash.raise_epoch(target): under the process's stash fence, epoch =
// max(epoch, target); the handle follows when the caller hears back.
CallStatus stash_raise_epoch(StepContext& ctx, uint32_t target);
// A read through the process's opened handle: kOk or kFence.
CallStatus stash_read_check(StepContext& ctx);
CallStatus persist_read_check(StepContext& ctx);

// A data write: contents := replace (if given), then |= added; tombstone :=
// tombstone (if given). reference_added is what the reference gains if the
// store was the source of truth (init and workload intents).
struct DataWrite {
  StoreId store = StoreId::kStash;
  Intent intent = Intent::kWorkload;
  std::optional<uint32_t> replace;
  uint32_t added = 0;
  std::optional<Tomb> tombstone;
};
struct WriteResult {
  CallStatus status = CallStatus::kOk;
  bool took_effect = false;
  bool on_source = false;  // took effect on the store that was the source of truth
};
WriteResult data_write(StepContext& ctx, const DataWrite& write);

// P1 on a state: the tombstones map to a store whose contents equal the reference.
std::optional<ModelViolation> check_one_source_of_truth(const Variant& variant,
                                                        const ModelState& state);

}  // namespace catsim::model
