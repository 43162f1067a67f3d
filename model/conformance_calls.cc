#include "model/conformance_calls.h"

#include <fmt/format.h>

#include "model/store_calls.h"

namespace catsim::model {

namespace {

constexpr StoreId kStash = StoreId::kStash;
constexpr StoreId kPersist = StoreId::kPersist;

std::string_view write_label(StoreId store) {
  return store == kStash ? "stash.transact" : "persist.append";
}

}  // namespace

std::optional<ExpectedCall> expected_call(Op op, StoreId commit_store) {
  const OpRow& row = op_row(op);
  switch (row.store) {
    case OpStore::kNone:  // decides without a call
      return std::nullopt;
    case OpStore::kOpened:
      return ExpectedCall{commit_store, write_label(commit_store), row.intent, row.mode};
    case OpStore::kStash:
      return ExpectedCall{kStash, row.call, row.intent, row.mode};
    case OpStore::kPersist:
      return ExpectedCall{kPersist, row.call, row.intent, row.mode};
  }
  return std::nullopt;
}

CallPrediction predict_call(const Variant& variant, const ModelState& state, uint32_t process,
                            Op op, StoreId commit_store, CallOutcome outcome) {
  const ProcState& proc = state.proc[process];
  const bool ok = call_check_passes(variant, state, process, op, commit_store);
  const std::optional<ExpectedCall> call = expected_call(op, commit_store);
  CallPrediction prediction;
  const bool reads = call && call->intent == Intent::kRead;
  const bool epoch_call = call && call->intent == Intent::kFence;
  if (reads || outcome == CallOutcome::kNormal) {
    prediction.status = ok ? Status::kOk : Status::kFence;
  } else {
    prediction.status = Status::kIndeterminate;
  }
  if (reads) {
    prediction.took_effect = false;
  } else if (!epoch_call) {
    prediction.took_effect = ok && outcome != CallOutcome::kIndeterminateLost;
    // MUTANT savepoint_durable: a dry run's write is committed.
    if (in_dry_run(proc) && !variant.switches.savepoint_durable) prediction.took_effect = false;
  }
  switch (op) {
    case Op::kReadStashEpoch:
    case Op::kSpStashConnect:
      prediction.handle_epoch = state.stash.epoch;  // adopted at this first read
      break;
    case Op::kReadPersistEpoch:
    case Op::kPersistSync:
    case Op::kSpPersistSync:
      prediction.handle_epoch = state.persist.epoch;
      break;
    case Op::kStashReadTombstoneEarly:
      prediction.handle_epoch = proc.stash_epoch_read;
      break;
    case Op::kStashConnect:
    case Op::kPersistFence:
    case Op::kStashRaiseEpoch:
      break;  // the new epoch: compared after the step
    default:
      if (call) {
        prediction.handle_epoch = call->store == kStash ? proc.stash_handle : proc.persist_handle;
      }
      break;
  }
  return prediction;
}

std::string describe_call(const CallRecord& call) {
  return fmt::format("{}[{}] {} epoch {} -> {}, {}", call.call, intent_name(call.intent),
                     handle_mode_name(call.mode), call.handle_epoch, status_name(call.status),
                     call.took_effect ? "applied" : "not applied");
}

std::string describe_event(const StepEvent& event, std::string_view process_name) {
  std::string who = fmt::format("{}#{}", process_name, event.incarnation);
  switch (event.action) {
    case StepAction::kCrash:
      return fmt::format("{} crash at {}", who, event.label);
    case StepAction::kRestart:
      return fmt::format("{} restart", who);
    case StepAction::kRun:
      break;
  }
  if (event.calls.empty()) return fmt::format("{} run at {} (no call)", who, event.label);
  std::string text = fmt::format("{} {}", who, describe_call(event.calls[0]));
  for (size_t i = 1; i < event.calls.size(); ++i) text += "; " + describe_call(event.calls[i]);
  return text;
}

std::string describe_contents(const std::optional<ContentsSummary>& contents) {
  if (!contents) return "?";
  return fmt::format("{}+{}", contents->initialized ? "init" : "empty", contents->objects);
}

}  // namespace catsim::model
