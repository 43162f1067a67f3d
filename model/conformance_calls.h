// The call-level half of the conformance check (model/conformance.h): which
// fake call each program op makes, and what the model says the call returns
// before it is applied (its status, whether it took effect, its handle's
// epoch), from the model's own store semantics (model/store_calls.h).
// Guarantees: pure; an op with no call mapping (one added to the model after
// this file) yields nullopt, which the checker reports as a divergence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/step_event.h"
#include "impl/variant.h"
#include "model/model_state.h"
#include "model/program.h"

namespace catsim::model {

// The fake call an op makes: store, call label, intent and handle mode.
struct ExpectedCall {
  StoreId store = StoreId::kStash;
  std::string_view call;
  Intent intent = Intent::kRead;
  HandleMode mode = HandleMode::kWritable;
};
// commit_store: the store a kCommitChange goes to (the one the open returned).
std::optional<ExpectedCall> expected_call(Op op, StoreId commit_store);

// What the model expects of the call before applying it. took_effect is
// known beforehand for data writes; for the epoch calls (connect, fence,
// raise) it is whether the model's epoch moved, filled in after the step.
struct CallPrediction {
  Status status = Status::kOk;
  std::optional<bool> took_effect;
  std::optional<uint64_t> handle_epoch;  // nullopt: not compared before the step
};
CallPrediction predict_call(const Variant& variant, const ModelState& state, uint32_t process,
                            Op op, StoreId commit_store, CallOutcome outcome);

// "stash.transact[tombstone] writable epoch 3 -> fence, not applied"
std::string describe_call(const CallRecord& call);
// "w1#2 crash at stash.connect", "w0#1 stash.read_epoch[read] ... -> ok"
std::string describe_event(const StepEvent& event, std::string_view process_name);
std::string describe_contents(const std::optional<ContentsSummary>& contents);

}  // namespace catsim::model
