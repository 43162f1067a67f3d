#include "stores/store_call.h"

namespace catsim {

std::string_view store_name(StoreId store) {
  return store == StoreId::kStash ? "stash" : "persist";
}

std::string_view handle_mode_name(HandleMode mode) {
  switch (mode) {
    case HandleMode::kUnopened:
      return "unopened";
    case HandleMode::kWritable:
      return "writable";
    case HandleMode::kSavepoint:
      return "savepoint";
    case HandleMode::kReadOnly:
      return "read-only";
  }
  return "?";
}

std::string_view intent_name(Intent intent) {
  switch (intent) {
    case Intent::kRead:
      return "read";
    case Intent::kFence:
      return "fence";
    case Intent::kInit:
      return "init";
    case Intent::kWorkload:
      return "workload";
    case Intent::kCopy:
      return "copy";
    case Intent::kTombstone:
      return "tombstone";
    case Intent::kEmergency:
      return "emergency";
  }
  return "?";
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kFence:
      return "fence";
    case Status::kTransient:
      return "transient";
    case Status::kIndeterminate:
      return "indeterminate";
    case Status::kNotWritable:
      return "not-writable";
  }
  return "?";
}

}  // namespace catsim
