// JSON Lines encoding of a Trace. One object per line, each with a "type":
// header, decision, step, violation, end (in that order; see
// docs/trace-format.md).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/json_fields.h"
#include "traces/trace.h"

namespace catsim {

using nlohmann::json;

namespace {

using Malformed = MalformedJson;

constexpr std::array<StepAction, 3> kActions = {StepAction::kRun, StepAction::kCrash,
                                                StepAction::kRestart};
constexpr std::array<StoreId, 2> kStores = {StoreId::kStash, StoreId::kPersist};
constexpr std::array<HandleMode, 4> kModes = {HandleMode::kUnopened, HandleMode::kWritable,
                                              HandleMode::kSavepoint, HandleMode::kReadOnly};
constexpr std::array<Intent, 7> kIntents = {Intent::kRead,     Intent::kFence, Intent::kInit,
                                            Intent::kWorkload, Intent::kCopy,  Intent::kTombstone,
                                            Intent::kEmergency};
constexpr std::array<Status, 5> kStatuses = {Status::kOk, Status::kFence, Status::kTransient,
                                             Status::kIndeterminate, Status::kNotWritable};
constexpr std::array<CrashPlacement, 2> kCrashPlacements = {CrashPlacement::kAnyStep,
                                                            CrashPlacement::kRacyEvents};
constexpr std::array<StrategyKind, 3> kStrategies = {StrategyKind::kRandom, StrategyKind::kPct,
                                                     StrategyKind::kSkewed};

// Optional (added without a version bump): absent reads as nullopt.
json contents_json(const std::optional<ContentsSummary>& contents) {
  if (!contents) return json(nullptr);
  return json{{"init", contents->initialized}, {"objects", contents->objects}};
}

std::optional<ContentsSummary> read_contents(const json& object, const char* name) {
  if (!object.contains(name) || object.at(name).is_null()) return std::nullopt;
  const json& value = object.at(name);
  return ContentsSummary{field<bool>(value, "init"), field<uint64_t>(value, "objects")};
}

json config_json(const RunConfig& c, const Swarm& s) {
  json config{{"protocol", protocol_name(c.protocol)},
              {"variant", c.variant},
              {"strategy", strategy_name(s.strategy)},
              {"pct_depth", c.pct.depth},
              {"pct_steps_estimate", c.pct.steps_estimate},
              {"procs", s.procs},
              {"readers", s.readers},
              {"changes_max", s.changes_max},
              {"boots_max", s.boots_max},
              {"reads_max", c.reads_max},
              {"retries_max", c.retries_max},
              {"safety_steps_max", c.safety_steps_max},
              {"liveness_steps_max", c.liveness_steps_max},
              {"crash_percent", s.crash_percent},
              {"transient_percent", s.faults.transient_percent},
              {"indeterminate_percent", s.faults.indeterminate_percent},
              {"savepoint_percent", s.savepoint_percent},
              {"weights", {s.weights.migrate, s.weights.rollback, s.weights.emergency}}};
  // Optional: written only when set, so traces of ordinary runs are unchanged.
  if (c.creates_only) config["creates_only"] = true;
  if (s.crash_placement != CrashPlacement::kAnyStep) {
    config["crash_placement"] = crash_placement_name(s.crash_placement);
  }
  return config;
}

void read_config(const json& j, RunConfig& c, Swarm& s) {
  auto protocol = protocol_from_name(field<std::string>(j, "protocol"));
  if (!protocol) throw Malformed("unknown protocol");
  c.protocol = *protocol;
  c.variant = field<std::string>(j, "variant");
  if (find_variant(c.protocol, c.variant) == nullptr) {
    throw Malformed(fmt::format("unknown variant {}", echoed(c.variant)));
  }
  s.strategy = enum_field(j, "strategy", kStrategies, strategy_name);
  c.pct.depth = static_cast<uint32_t>(bounded(j, "pct_depth", 1, 10));
  c.pct.steps_estimate = bounded(j, "pct_steps_estimate", 1, 10'000'000);
  s.procs = static_cast<uint32_t>(bounded(j, "procs", 1, 16));
  s.readers = static_cast<uint32_t>(bounded(j, "readers", 0, 8));
  s.changes_max = static_cast<uint32_t>(bounded(j, "changes_max", 0, 50));
  s.boots_max = static_cast<uint32_t>(bounded(j, "boots_max", 1, 50));
  c.reads_max = static_cast<uint32_t>(bounded(j, "reads_max", 0, 50));
  c.retries_max = static_cast<uint32_t>(bounded(j, "retries_max", 0, 20));
  c.safety_steps_max = bounded(j, "safety_steps_max", 1, 10'000'000);
  c.liveness_steps_max = bounded(j, "liveness_steps_max", 1, 10'000'000);
  s.crash_percent = static_cast<uint32_t>(bounded(j, "crash_percent", 0, 100));
  s.faults.transient_percent = static_cast<uint32_t>(bounded(j, "transient_percent", 0, 100));
  s.faults.indeterminate_percent =
      static_cast<uint32_t>(bounded(j, "indeterminate_percent", 0, 100));
  s.savepoint_percent = static_cast<uint32_t>(bounded(j, "savepoint_percent", 0, 100));
  const json weights_json = field<json>(j, "weights");
  if (!weights_json.is_array() || weights_json.size() != 3) {
    throw Malformed("field 'weights' must be three numbers up to 1000");
  }
  std::vector<uint32_t> weights;
  for (const json& weight : weights_json) {
    if (!weight.is_number_unsigned() || weight.get<uint64_t>() > 1000) {
      throw Malformed("field 'weights' must be three numbers up to 1000");
    }
    weights.push_back(weight.get<uint32_t>());
  }
  s.weights = TargetWeights{weights[0], weights[1], weights[2]};
  c.creates_only = j.contains("creates_only") && field<bool>(j, "creates_only");
  s.crash_placement = j.contains("crash_placement")
                          ? enum_field(j, "crash_placement", kCrashPlacements, crash_placement_name)
                          : CrashPlacement::kAnyStep;
  // A replay uses the recorded swarm; keep the config consistent with it.
  c = pinned(c, s);
}

json step_json(const StepEvent& e) {
  json calls = json::array();
  for (const CallRecord& call : e.calls) {
    calls.push_back({{"store", store_name(call.store)},
                     {"call", call.call},
                     {"mode", handle_mode_name(call.mode)},
                     {"intent", intent_name(call.intent)},
                     {"epoch", call.handle_epoch},
                     {"status", status_name(call.status)},
                     {"applied", call.took_effect}});
  }
  json after{{"stash_epoch", e.after.stash_epoch},
             {"persist_epoch", e.after.persist_epoch},
             {"stash_tombstone", optional_u64(e.after.stash_tombstone)},
             {"persist_tombstone", optional_u64(e.after.persist_tombstone)},
             {"truth", e.after.source_of_truth ? json(store_name(*e.after.source_of_truth))
                                               : json(nullptr)}};
  if (e.after.stash_contents) after["stash_contents"] = contents_json(e.after.stash_contents);
  if (e.after.persist_contents) after["persist_contents"] = contents_json(e.after.persist_contents);
  json step{{"type", "step"},       {"step", e.step},
            {"process", e.process}, {"incarnation", e.incarnation},
            {"label", e.label},     {"action", step_action_name(e.action)},
            {"calls", calls},       {"notes", e.notes},
            {"after", after}};
  if (e.change) step["change"] = change_kind_name(*e.change);
  return step;
}

StepEvent read_step(const json& j, size_t process_count) {
  StepEvent e;
  e.step = field<uint64_t>(j, "step");
  e.process = static_cast<uint32_t>(bounded(j, "process", 0, process_count - 1));
  e.incarnation = static_cast<uint32_t>(bounded(j, "incarnation", 0, 1'000'000));
  e.label = field<std::string>(j, "label");
  e.action = enum_field(j, "action", kActions, step_action_name);
  for (const json& c : field<json>(j, "calls")) {
    CallRecord call;
    call.store = enum_field(c, "store", kStores, store_name);
    call.call = field<std::string>(c, "call");
    call.mode = enum_field(c, "mode", kModes, handle_mode_name);
    call.intent = enum_field(c, "intent", kIntents, intent_name);
    call.handle_epoch = field<uint64_t>(c, "epoch");
    call.status = enum_field(c, "status", kStatuses, status_name);
    call.took_effect = field<bool>(c, "applied");
    e.calls.push_back(std::move(call));
  }
  e.notes = field<std::vector<std::string>>(j, "notes");
  if (j.contains("change")) e.change = enum_field(j, "change", kEveryChangeKind, change_kind_name);
  const json after = field<json>(j, "after");
  e.after.stash_epoch = field<uint64_t>(after, "stash_epoch");
  e.after.persist_epoch = field<uint64_t>(after, "persist_epoch");
  e.after.stash_tombstone = read_optional_u64(after, "stash_tombstone");
  e.after.persist_tombstone = read_optional_u64(after, "persist_tombstone");
  if (after.contains("truth") && !after.at("truth").is_null()) {
    e.after.source_of_truth = enum_field(after, "truth", kStores, store_name);
  }
  e.after.stash_contents = read_contents(after, "stash_contents");
  e.after.persist_contents = read_contents(after, "persist_contents");
  return e;
}

// Reads the header into trace; returns its process count.
size_t read_header(const json& j, Trace& trace) {
  const int version = static_cast<int>(bounded(j, "format_version", 0, 1'000'000));
  if (version < kTraceFormatVersionMin || version > kTraceFormatVersion) {
    throw Malformed(
        fmt::format("trace format version {} is not supported (this catsim reads "
                    "{} to {})",
                    version, kTraceFormatVersionMin, kTraceFormatVersion));
  }
  TraceHeader& h = trace.header;
  h.format_version = version;
  h.catsim_version = field<std::string>(j, "catsim_version");
  h.git_commit = field<std::string>(j, "git_commit");
  h.seed = field<uint64_t>(j, "seed");
  read_config(field<json>(j, "config"), h.config, h.swarm);
  h.process_names = field<std::vector<std::string>>(j, "processes");
  if (h.process_names.empty() || h.process_names.size() > 64) {
    throw Malformed("field 'processes' must name 1 to 64 processes");
  }
  return h.process_names.size();
}

// Reads a step or violation line into trace; false for another type.
bool read_line(std::string_view type, const json& j, Trace& trace) {
  if (type == "step") {
    trace.events.push_back(read_step(j, trace.header.process_names.size()));
    return true;
  }
  if (type != "violation") return false;
  if (trace.violation) throw Malformed("a second violation");
  Violation v;
  const std::string property = field<std::string>(j, "property");
  if (!parse_property(property)) throw Malformed("unknown property '" + property + "'");
  v.property = *parse_property(property);
  v.summary = field<std::string>(j, "summary");
  v.details = field<std::vector<std::string>>(j, "details");
  v.step = field<uint64_t>(j, "step");
  v.process =
      static_cast<uint32_t>(bounded(j, "process", 0, trace.header.process_names.size() - 1));
  v.liveness = j.contains("liveness") && field<bool>(j, "liveness");  // absent: false
  if (v.liveness && v.property != Property::kP6) {
    throw Malformed("a liveness failure of " + property);
  }
  trace.violation = std::move(v);
  return true;
}

}  // namespace

std::string write_trace(const Trace& trace) {
  const TraceHeader& h = trace.header;
  std::string out;
  out += json{{"type", "header"},
              {"format_version", h.format_version},
              {"catsim_version", h.catsim_version},
              {"git_commit", h.git_commit},
              {"seed", h.seed},
              {"config", config_json(h.config, h.swarm)},
              {"processes", h.process_names}}
             .dump();
  out += '\n';
  for (const Decision& d : trace.decisions) {
    out += decision_line(d).dump();
    out += '\n';
  }
  for (const StepEvent& e : trace.events) {
    out += step_json(e).dump();
    out += '\n';
  }
  if (trace.violation) {
    const Violation& v = *trace.violation;
    out += json{{"type", "violation"},   {"property", std::string(property_name(v.property))},
                {"summary", v.summary},  {"details", v.details},
                {"step", v.step},        {"process", v.process},
                {"liveness", v.liveness}}
               .dump();
    out += '\n';
  }
  out += end_line(TraceEnd{trace.steps, trace.trace_hash}).dump();
  out += '\n';
  return out;
}

std::variant<Trace, TraceError> parse_trace(std::string_view text) {
  Trace trace;
  auto frame = parse_trace_frame(
      text, kTraceLinesMax,
      {[&](const json& header) { return read_header(header, trace); },
       [&](std::string_view type, const json& line) { return read_line(type, line, trace); }});
  if (auto* error = std::get_if<std::string>(&frame)) return TraceError{*error};
  TraceFrame& read = std::get<TraceFrame>(frame);
  trace.decisions = std::move(read.decisions);
  trace.steps = read.end.steps;
  trace.trace_hash = read.end.trace_hash;
  return trace;
}

}  // namespace catsim
