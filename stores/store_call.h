// The vocabulary of a store call: who made it, what it meant, what happened.
//
// Every call a process makes to a fake yields first (a step boundary), may
// be failed by the fault injector, and is then reported to the StoreObserver
// with the ground truth: whether it took effect, what it wrote, what it read.
// Checkers never have to guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "sim/check.h"
#include "sim/dependence.h"
#include "stores/catalog.h"

namespace catsim {

enum class StoreId : uint8_t { kStash = 0, kPersist = 1 };
std::string_view store_name(StoreId store);

// The shared resource a call on store touches, as its yield point declares
// it (sim/dependence.h): each store is one resource. writes: the call may
// change the store durably.
constexpr Access store_access(StoreId store, bool writes) {
  return Access{static_cast<uint8_t>(static_cast<uint8_t>(store) + 1), writes};
}

enum class HandleMode : uint8_t { kUnopened, kWritable, kSavepoint, kReadOnly };
std::string_view handle_mode_name(HandleMode mode);

// What a call was for, declared by the client making it.
enum class Intent : uint8_t {
  kRead,       // a read: epoch, config, snapshot
  kFence,      // a connect/open that may bump the epoch
  kInit,       // writing the default catalog into an empty store
  kWorkload,   // a client's catalog change (create, drop, alter)
  kCopy,       // the migrator replacing a store's contents
  kTombstone,  // the migrator setting a tombstone
  kEmergency,  // the emergency escape hatch flipping the tombstone
};
std::string_view intent_name(Intent intent);

enum class Status : uint8_t {
  kOk,
  kFence,          // a newer writer owns the store; never retried
  kTransient,      // failed before taking effect; may be retried
  kIndeterminate,  // may or may not have taken effect
  kNotWritable,    // recoverable: uninitialized store, or a write through a read-only handle
};
std::string_view status_name(Status status);

// A status with a value on success.
template <class T>
class Result {
 public:
  Result(T value) : status_(Status::kOk), value_(std::move(value)) {}  // NOLINT: implicit
  Result(Status status) : status_(status) {}                           // NOLINT: implicit
  bool ok() const { return status_ == Status::kOk; }
  Status status() const { return status_; }
  // The value of a successful result; calling it on a failed one is a bug.
  const T& value() const& {
    CATSIM_CHECK_MSG(ok(), "value() of a failed result");
    return *value_;
  }
  T& value() & {
    CATSIM_CHECK_MSG(ok(), "value() of a failed result");
    return *value_;
  }
  T&& value() && {
    CATSIM_CHECK_MSG(ok(), "value() of a failed result");
    return std::move(*value_);
  }

 private:
  Status status_;
  std::optional<T> value_;
};

struct Unit {};
using Outcome = Result<Unit>;

// The ground truth of one call, as the fake saw it.
struct CallEffect {
  StoreId store = StoreId::kStash;
  std::string_view call;  // the call label (a string literal)
  HandleMode mode = HandleMode::kUnopened;
  Intent intent = Intent::kRead;
  uint64_t handle_epoch = 0;               // the epoch the handle holds (0: none yet)
  uint64_t store_epoch_max = 0;            // the highest epoch this store was ever fenced at
  Status status = Status::kOk;             // what the caller was told
  bool took_effect = false;                // a durable change happened
  const WriteSet* writes = nullptr;        // the data rows written, if it took effect
  const Catalog* replaced_with = nullptr;  // set when the call replaced all contents
  const Catalog* read = nullptr;           // a snapshot returned to the caller
  uint64_t commit_token = 0;               // the client's id for a workload commit, else 0
};

class StoreObserver {
 public:
  virtual ~StoreObserver() = default;
  // Called after the call was applied (or not), before the caller sees the result.
  virtual void on_call(const CallEffect& effect) = 0;
};

}  // namespace catsim
