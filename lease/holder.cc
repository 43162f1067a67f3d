#include "lease/holder.h"

#include "sim/check.h"

namespace catsim::lease {

namespace {

enum class WriteEnd : uint8_t { kAcknowledged, kFenced, kGaveUp };

class Holder {
 public:
  Holder(LeaseStore& store, HolderListener& listener, const HolderOptions& options, uint32_t id)
      : store_(store), listener_(listener), options_(options), id_(id) {}

  // The granted epoch, or nullopt after retries_max failed retries.
  std::optional<uint64_t> acquire() {
    for (uint32_t attempt = 0; attempt <= options_.retries_max; ++attempt) {
      Reply<uint64_t> reply = store_.acquire(id_);
      CATSIM_CHECK(reply.status() != LeaseStatus::kFenced);
      if (reply.ok()) {
        listener_.acquired(id_, reply.value());
        return reply.value();
      }
    }
    return std::nullopt;
  }

  WriteEnd write(uint64_t epoch, uint64_t value) {
    for (uint32_t attempt = 0; attempt <= options_.retries_max; ++attempt) {
      switch (store_.write(id_, epoch, value)) {
        case LeaseStatus::kOk:
          listener_.acknowledged(id_, value);
          return WriteEnd::kAcknowledged;
        case LeaseStatus::kFenced:
          return WriteEnd::kFenced;
        case LeaseStatus::kTransient:
          break;
        case LeaseStatus::kIndeterminate:
          // MUTANT ack-indeterminate-as-success: an unknown outcome is taken as a commit.
          if (options_.ack_indeterminate_as_success) {
            listener_.acknowledged(id_, value);
            return WriteEnd::kAcknowledged;
          }
          break;
      }
    }
    return WriteEnd::kGaveUp;
  }

  void read_back() {
    for (uint32_t attempt = 0; attempt <= options_.retries_max; ++attempt) {
      Reply<LeaseView> reply = store_.read(id_);
      if (!reply.ok()) continue;
      uint64_t own = 0;
      for (const LogRecord& record : reply.value().log) own += record.writer == id_ ? 1 : 0;
      listener_.finished(id_, own);
      return;
    }
    listener_.finished(id_, std::nullopt);
  }

 private:
  LeaseStore& store_;
  HolderListener& listener_;
  const HolderOptions& options_;
  uint32_t id_;
};

}  // namespace

uint64_t write_value(uint32_t holder, uint32_t incarnation, uint32_t index) {
  CATSIM_CHECK(incarnation < (1u << 20));
  CATSIM_CHECK(index < (1u << 20));
  return static_cast<uint64_t>(holder) << 40 | static_cast<uint64_t>(incarnation) << 20 | index;
}

ProcessBody make_holder(LeaseStore& store, CrashPoints& crash_points, HolderListener& listener,
                        HolderOptions options) {
  CATSIM_CHECK(options.writes_per_lease >= 1);
  CATSIM_CHECK(options.boots_max >= 1);
  return [&store, &crash_points, &listener, options](ProcessContext& context) {
    if (context.incarnation() > options.boots_max) return ProcessExit::kDone;
    Holder holder(store, listener, options, context.process());
    std::optional<uint64_t> epoch = holder.acquire();
    if (!epoch) return ProcessExit::kRestart;
    crash_points.reached(kPostAcquire);
    for (uint32_t index = 0; index < options.writes_per_lease; ++index) {
      uint64_t value = write_value(context.process(), context.incarnation(), index);
      if (holder.write(*epoch, value) != WriteEnd::kAcknowledged) return ProcessExit::kRestart;
    }
    holder.read_back();
    return ProcessExit::kDone;
  };
}

}  // namespace catsim::lease
