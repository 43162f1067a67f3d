#include "traces/step_marks.h"

#include <algorithm>
#include <utility>

#include "traces/render_columns.h"

namespace catsim {

namespace {

// The method part of a call label ("persist.append" -> "append"), shortened.
std::string method_short(std::string_view call) {
  constexpr std::pair<std::string_view, std::string_view> kShort[] = {
      {"snapshot", "snap"}, {"read_epoch", "epoch?"}, {"read_config", "config?"},
      {"transact", "txn"},  {"raise_epoch", "raise"},
  };
  const size_t dot = call.find('.');
  const std::string_view method = dot == std::string_view::npos ? call : call.substr(dot + 1);
  for (const auto& [name, shown] : kShort) {
    if (method == name) return std::string(shown);
  }
  return std::string(method);
}

std::string tombstone_written(const CallRecord& call, const StoresState& after) {
  if (!call.took_effect) return "tomb";
  const std::optional<uint64_t>& value =
      call.store == StoreId::kStash ? after.stash_tombstone : after.persist_tombstone;
  return value ? "tomb=" + std::to_string(*value) : "tomb=-";
}

std::string call_label(const CallRecord& call, const StoresState& after) {
  switch (call.intent) {
    case Intent::kInit:
      return "init";
    case Intent::kCopy:
      return "copy";
    case Intent::kTombstone:
      return tombstone_written(call, after);
    case Intent::kEmergency:
      return tombstone_written(call, after) + "!";
    case Intent::kRead:
    case Intent::kFence:
    case Intent::kWorkload:
      break;
  }
  return method_short(call.call);
}

bool any_status(const StepEvent& event, Status status) {
  return std::any_of(event.calls.begin(), event.calls.end(),
                     [status](const CallRecord& call) { return call.status == status; });
}

}  // namespace

std::string_view mark_result_name(MarkResult result) {
  switch (result) {
    case MarkResult::kOk:
      return "ok";
    case MarkResult::kTookEffect:
      return "took-effect";
    case MarkResult::kFailed:
      return "failed";
    case MarkResult::kFenced:
      return "fenced";
    case MarkResult::kIndeterminate:
      return "indeterminate";
    case MarkResult::kCrash:
      return "crash";
    case MarkResult::kRestart:
      return "restart";
  }
  return "ok";
}

std::string_view mark_result_meaning(MarkResult result) {
  switch (result) {
    case MarkResult::kOk:
      return "ok, no durable change";
    case MarkResult::kTookEffect:
      return "ok, took effect";
    case MarkResult::kFailed:
      return "failed (transient, not writable)";
    case MarkResult::kFenced:
      return "fenced by a newer epoch";
    case MarkResult::kIndeterminate:
      return "indeterminate";
    case MarkResult::kCrash:
      return "crash";
    case MarkResult::kRestart:
      return "restart";
  }
  return "";
}

MarkResult mark_result(const StepEvent& event) {
  if (event.action == StepAction::kCrash) return MarkResult::kCrash;
  if (event.action == StepAction::kRestart) return MarkResult::kRestart;
  if (any_status(event, Status::kFence)) return MarkResult::kFenced;
  if (any_status(event, Status::kIndeterminate)) return MarkResult::kIndeterminate;
  if (step_failed(event)) return MarkResult::kFailed;
  const bool applied = std::any_of(event.calls.begin(), event.calls.end(),
                                   [](const CallRecord& call) { return call.took_effect; });
  return applied ? MarkResult::kTookEffect : MarkResult::kOk;
}

std::string mark_label(const StepEvent& event) {
  std::string label;
  if (event.action == StepAction::kCrash) label = "crash";
  if (event.action == StepAction::kRestart) label = "restart";
  for (const CallRecord& call : event.calls) {
    label += (label.empty() ? "" : "+") + call_label(call, event.after);
  }
  if (label.empty()) label = method_short(event.label);
  label = fit(printable(label), kMarkLabelMax);
  return label.empty() ? "?" : label;
}

}  // namespace catsim
