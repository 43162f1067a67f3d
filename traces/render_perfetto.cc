#include "traces/render_perfetto.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "impl/source_of_truth.h"
#include "traces/render_columns.h"

namespace catsim {

using nlohmann::json;

namespace {

constexpr int kPid = 1;

uint64_t tid_of(uint64_t process) {
  return process + 1;
}

json optional_u64(const std::optional<uint64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json thread_metadata(uint64_t process, const std::string& name) {
  return {{"ph", "M"},
          {"name", "thread_name"},
          {"pid", kPid},
          {"tid", tid_of(process)},
          {"args", {{"name", name}}}};
}

json sort_metadata(uint64_t process) {
  return {{"ph", "M"},
          {"name", "thread_sort_index"},
          {"pid", kPid},
          {"tid", tid_of(process)},
          {"args", {{"sort_index", process}}}};
}

json step_args(const StepEvent& event, Protocol protocol) {
  json calls = json::array();
  for (const CallRecord& call : event.calls) {
    calls.push_back({{"store", store_name(call.store)},
                     {"call", call.call},
                     {"mode", handle_mode_name(call.mode)},
                     {"intent", intent_name(call.intent)},
                     {"handle_epoch", call.handle_epoch},
                     {"status", status_name(call.status)},
                     {"applied", call.took_effect}});
  }
  const StoresState& after = event.after;
  json stores{
      {"stash_epoch", after.stash_epoch},
      {"persist_epoch", after.persist_epoch},
      {"stash_tombstone", optional_u64(after.stash_tombstone)},
      {"persist_tombstone", optional_u64(after.persist_tombstone)},
      {"tombstone", describe(Tombstones{after.stash_tombstone, after.persist_tombstone}, protocol)},
      {"truth", after.source_of_truth ? json(store_name(*after.source_of_truth)) : json("NONE")}};
  return {{"step", event.step},   {"incarnation", event.incarnation},
          {"label", event.label}, {"action", step_action_name(event.action)},
          {"calls", calls},       {"notes", event.notes},
          {"after", stores},      {"summary", step_summary(event)}};
}

std::string step_name(const StepEvent& event) {
  if (event.action == StepAction::kCrash) return "crash at " + event.label;
  if (event.action == StepAction::kRestart) return "restart";
  return event.label;
}

std::string_view step_category(const StepEvent& event) {
  if (event.action != StepAction::kRun) return step_action_name(event.action);
  return step_failed(event) ? "run,failed" : "run";
}

json counter(std::string_view name, uint64_t ts, uint64_t value) {
  return {{"ph", "C"}, {"name", name}, {"pid", kPid}, {"ts", ts}, {"args", {{"epoch", value}}}};
}

// The step events, the epoch counters, and the names of unknown processes.
void add_steps(const Trace& trace, json& events) {
  const Protocol protocol = trace.header.config.protocol;
  std::set<uint64_t> unknown_processes;
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const StepEvent& event = trace.events[i];
    const uint64_t ts = i * kPerfettoStepUs;
    if (event.process >= trace.header.process_names.size() &&
        unknown_processes.insert(event.process).second) {
      events.push_back(thread_metadata(event.process, process_name_or_index(trace, event.process)));
    }
    events.push_back({{"ph", "X"},
                      {"name", step_name(event)},
                      {"cat", step_category(event)},
                      {"pid", kPid},
                      {"tid", tid_of(event.process)},
                      {"ts", ts},
                      {"dur", kPerfettoStepDurationUs},
                      {"args", step_args(event, protocol)}});
    const StoresState* before = i == 0 ? nullptr : &trace.events[i - 1].after;
    if (!before || before->stash_epoch != event.after.stash_epoch) {
      events.push_back(counter("stash epoch", ts, event.after.stash_epoch));
    }
    if (!before || before->persist_epoch != event.after.persist_epoch) {
      events.push_back(counter("persist epoch", ts, event.after.persist_epoch));
    }
  }
}

void add_violation(const Trace& trace, json& events) {
  const Violation& v = *trace.violation;
  size_t index = trace.events.size();
  for (size_t i = 0; i < trace.events.size(); ++i) {
    if (trace.events[i].step == v.step) {
      index = i;
      break;
    }
  }
  const uint64_t ts = index * kPerfettoStepUs + kPerfettoStepDurationUs;
  const json args{{"property", std::string(property_name(v.property))},
                  {"summary", v.summary},
                  {"details", v.details},
                  {"step", v.step},
                  {"process", process_name_or_index(trace, v.process)}};
  const std::string name = fmt::format("{} violated", v.property);
  events.push_back({{"ph", "i"},
                    {"s", "g"},
                    {"name", name},
                    {"cat", "violation"},
                    {"pid", kPid},
                    {"tid", 0},
                    {"ts", ts},
                    {"args", args}});
  if (v.process >= trace.header.process_names.size()) return;
  events.push_back({{"ph", "i"},
                    {"s", "t"},
                    {"name", name},
                    {"cat", "violation"},
                    {"pid", kPid},
                    {"tid", tid_of(v.process)},
                    {"ts", ts},
                    {"args", args}});
}

}  // namespace

std::string render_perfetto(const Trace& trace) {
  const TraceHeader& h = trace.header;
  json events = json::array();
  events.push_back({{"ph", "M"},
                    {"name", "process_name"},
                    {"pid", kPid},
                    {"args",
                     {{"name", fmt::format("catsim seed {} ({} {})", h.seed,
                                           protocol_name(h.config.protocol), h.config.variant)}}}});
  for (size_t p = 0; p < h.process_names.size(); ++p) {
    events.push_back(thread_metadata(p, h.process_names[p]));
    events.push_back(sort_metadata(p));
  }
  add_steps(trace, events);
  if (trace.violation) add_violation(trace, events);
  const json document{{"displayTimeUnit", "ms"},
                      {"otherData",
                       {{"seed", h.seed},
                        {"protocol", protocol_name(h.config.protocol)},
                        {"variant", h.config.variant},
                        {"steps", trace.steps},
                        {"trace_hash", fmt::format("{:016x}", trace.trace_hash)},
                        {"catsim_version", h.catsim_version},
                        {"git_commit", h.git_commit}}},
                      {"traceEvents", events}};
  return document.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace catsim
