// Holder: the lease protocol's process. One incarnation acquires the lease
// (bumping the epoch), then makes writes_per_lease writes fenced by that
// epoch, then reads the log back and is done.
//
// A Fenced reply means another holder took the lease over: the incarnation
// ends and restarts (its next incarnation acquires again, taking the lease
// over in turn). A crash (the scheduler unwinding the fiber) restarts it the
// same way. A transient or indeterminate reply is retried up to retries_max
// times, then the incarnation gives up and restarts. An incarnation past
// boots_max ends at once, so every holder finishes.
// Guarantees: the holder reaches the store only through LeaseStore; what it
// was told (a grant, an acknowledged write) reaches the world only through
// HolderListener, before its next yield point; it names one crash point,
// kPostAcquire, reached right after a granted acquire.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "lease/lease_store.h"
#include "sim/crash_points.h"
#include "sim/scheduler.h"

namespace catsim::lease {

inline constexpr std::string_view kPostAcquire = "post_acquire";

class HolderListener {
 public:
  virtual ~HolderListener() = default;
  // holder was granted the lease at epoch.
  virtual void acquired(uint32_t holder, uint64_t epoch) = 0;
  // holder was told its write of value committed.
  virtual void acknowledged(uint32_t holder, uint64_t value) = 0;
  // holder made all its writes and read the log back (own_records: its
  // records in the log; nullopt when the read failed).
  virtual void finished(uint32_t holder, std::optional<uint64_t> own_records) = 0;
};

struct HolderOptions {
  uint32_t writes_per_lease = 3;
  uint32_t retries_max = 2;                   // retries of a failed call, per call
  uint32_t boots_max = 3;                     // incarnations that do work
  bool ack_indeterminate_as_success = false;  // the variant's mutant switch
};

// The value of a holder's index-th write in an incarnation: unique in a run.
uint64_t write_value(uint32_t holder, uint32_t incarnation, uint32_t index);

// The process body; store, crash_points and listener must outlive it.
ProcessBody make_holder(LeaseStore& store, CrashPoints& crash_points, HolderListener& listener,
                        HolderOptions options);

}  // namespace catsim::lease
