#include "lease/lease_trace.h"

#include <fmt/format.h>

#include <array>

#include "sim/check.h"
#include "sim/json_fields.h"
#include "sim/trace_lines.h"

namespace catsim::lease {

using nlohmann::json;

namespace {

constexpr size_t kLeaseTraceLinesMax = 200'000;
constexpr std::array<StrategyKind, 3> kStrategies = {StrategyKind::kRandom, StrategyKind::kPct,
                                                     StrategyKind::kSkewed};
constexpr std::array<LeaseProperty, 2> kProperties = {LeaseProperty::kL1Fencing,
                                                      LeaseProperty::kL2Durability};

json config_json(const LeaseConfig& c) {
  return json{{"variant", c.variant},
              {"steps_max", c.steps_max},
              {"writes_per_lease", c.writes_per_lease},
              {"boots_max", c.boots_max},
              {"retries_max", c.retries_max},
              {"pct_depth", c.pct.depth},
              {"pct_steps", c.pct.steps_estimate},
              {"strategy", strategy_name(*c.strategy)},
              {"holders", *c.holders},
              {"crash_percent", *c.crash_percent},
              {"transient_percent", *c.transient_percent},
              {"indeterminate_percent", *c.indeterminate_percent}};
}

LeaseConfig read_config(const json& j) {
  LeaseConfig c;
  c.variant = field<std::string>(j, "variant");
  c.steps_max = bounded(j, "steps_max", 1, 1'000'000);
  c.writes_per_lease = static_cast<uint32_t>(bounded(j, "writes_per_lease", 1, 64));
  c.boots_max = static_cast<uint32_t>(bounded(j, "boots_max", 1, 64));
  c.retries_max = static_cast<uint32_t>(bounded(j, "retries_max", 0, 64));
  c.pct.depth = static_cast<uint32_t>(bounded(j, "pct_depth", 1, 16));
  c.pct.steps_estimate = bounded(j, "pct_steps", 1, 1'000'000);
  c.strategy = enum_field(j, "strategy", kStrategies, strategy_name);
  c.holders = static_cast<uint32_t>(bounded(j, "holders", kHoldersMin, kHoldersMax));
  c.crash_percent = static_cast<uint32_t>(bounded(j, "crash_percent", 0, 100));
  c.transient_percent = static_cast<uint32_t>(bounded(j, "transient_percent", 0, 100));
  c.indeterminate_percent = static_cast<uint32_t>(bounded(j, "indeterminate_percent", 0, 100));
  return c;
}

// Reads the header into trace; returns its process count.
size_t read_header(const json& j, LeaseTrace& trace) {
  if (field<std::string>(j, "protocol") != kLeaseProtocolName) {
    throw MalformedJson("not a lease trace");
  }
  const uint64_t version = bounded(j, "format_version", 0, 1'000'000);
  if (version != kLeaseTraceFormatVersion) {
    throw MalformedJson(
        fmt::format("lease trace format version {} is not supported (this "
                    "catsim reads {})",
                    version, kLeaseTraceFormatVersion));
  }
  trace.seed = field<uint64_t>(j, "seed");
  trace.config = read_config(field<json>(j, "config"));
  trace.process_names = field<std::vector<std::string>>(j, "processes");
  if (trace.process_names.size() != *trace.config.holders) {
    throw MalformedJson("field 'processes' must name one process per holder");
  }
  return trace.process_names.size();
}

// Reads a violation line into trace; false for another type.
bool read_line(std::string_view type, const json& j, LeaseTrace& trace) {
  if (type != "violation") return false;
  if (trace.violation) throw MalformedJson("a second violation");
  trace.violation = LeaseViolation{enum_field(j, "property", kProperties, property_name),
                                   field<uint64_t>(j, "step"), field<std::string>(j, "summary")};
  return true;
}

}  // namespace

std::string format_trace(const LeaseReport& report) {
  CATSIM_CHECK_MSG(pinned_swarm(report.config).has_value(), "a trace needs a pinned config");
  std::string out = json{{"type", "header"},
                         {"protocol", kLeaseProtocolName},
                         {"format_version", kLeaseTraceFormatVersion},
                         {"seed", report.seed},
                         {"config", config_json(report.config)},
                         {"processes", report.process_names}}
                        .dump();
  out += '\n';
  for (const Decision& decision : report.decisions) {
    out += decision_line(decision).dump();
    out += '\n';
  }
  if (report.violation) {
    const LeaseViolation& v = *report.violation;
    out += json{{"type", "violation"},
                {"property", property_name(v.property)},
                {"step", v.step},
                {"summary", v.summary}}
               .dump();
    out += '\n';
  }
  out += end_line(TraceEnd{report.steps, report.trace_hash}).dump();
  out += '\n';
  return out;
}

ParsedTrace parse_trace(std::string_view text) {
  LeaseTrace trace;
  auto frame = parse_trace_frame(
      text, kLeaseTraceLinesMax,
      {[&](const json& header) { return read_header(header, trace); },
       [&](std::string_view type, const json& line) { return read_line(type, line, trace); }});
  if (auto* error = std::get_if<std::string>(&frame)) return ParsedTrace{std::nullopt, *error};
  TraceFrame& read = std::get<TraceFrame>(frame);
  trace.decisions = std::move(read.decisions);
  trace.steps = read.end.steps;
  trace.trace_hash = read.end.trace_hash;
  return ParsedTrace{std::move(trace), ""};
}

bool is_lease_trace(std::string_view text) {
  const std::string_view first = text.substr(0, text.find('\n'));
  const json header = json::parse(first, nullptr, /*allow_exceptions=*/false);
  return header.is_object() && header.contains("protocol") &&
         header.at("protocol") == kLeaseProtocolName;
}

}  // namespace catsim::lease
