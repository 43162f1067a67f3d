// StepEvent: what one step did, as the timeline and the trace record it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/catalog_changes.h"
#include "sim/scheduler.h"
#include "stores/store_call.h"

namespace catsim {

struct CallRecord {
  StoreId store = StoreId::kStash;
  std::string call;
  HandleMode mode = HandleMode::kUnopened;
  Intent intent = Intent::kRead;
  uint64_t handle_epoch = 0;
  Status status = Status::kOk;
  bool took_effect = false;
  bool operator==(const CallRecord&) const = default;
};

// A store's contents as the model sees them: whether it holds an initialized
// catalog, and how many user objects (model/conformance.h compares them).
struct ContentsSummary {
  bool initialized = false;
  uint64_t objects = 0;
  bool operator==(const ContentsSummary&) const = default;
};

// The stores as they stood after the step. The contents summaries are
// recorded with events (absent in traces written before they were added).
struct StoresState {
  uint64_t stash_epoch = 1;
  uint64_t persist_epoch = 1;
  std::optional<uint64_t> stash_tombstone;
  std::optional<uint64_t> persist_tombstone;
  std::optional<StoreId> source_of_truth;
  std::optional<ContentsSummary> stash_contents;
  std::optional<ContentsSummary> persist_contents;
  bool operator==(const StoresState&) const = default;
};

struct StepEvent {
  uint64_t step = 0;
  uint32_t process = 0;
  uint32_t incarnation = 0;
  std::string label;
  StepAction action = StepAction::kRun;
  std::vector<CallRecord> calls;
  std::vector<std::string> notes;  // what the process said (open returned, ack, ...)
  // The kind of the workload change whose commit's final attempt this step
  // made (whether or not it took effect); nullopt on every other step.
  std::optional<ChangeKind> change;
  StoresState after;
  bool operator==(const StepEvent&) const = default;
};

}  // namespace catsim
