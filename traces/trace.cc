#include "traces/trace.h"

#include <fmt/format.h>

#include "catsim_git_commit.h"  // generated: CATSIM_GIT_COMMIT

namespace catsim {

namespace {
bool same_violation(const std::optional<Violation>& a, const std::optional<Violation>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->property == b->property && a->summary == b->summary && a->details == b->details &&
         a->step == b->step && a->process == b->process && a->liveness == b->liveness;
}
}  // namespace

bool Trace::operator==(const Trace& other) const {
  return header.format_version == other.header.format_version &&
         header.catsim_version == other.header.catsim_version &&
         header.git_commit == other.header.git_commit && header.config == other.header.config &&
         header.swarm == other.header.swarm && header.seed == other.header.seed &&
         header.process_names == other.header.process_names && decisions == other.decisions &&
         events == other.events && same_violation(violation, other.violation) &&
         steps == other.steps && trace_hash == other.trace_hash;
}

Trace make_trace(const RunReport& report, const RunConfig& config) {
  Trace trace;
  // The header records the configuration with the seed's swarm choices
  // resolved, so a replay needs nothing but the file.
  trace.header.catsim_version = CATSIM_VERSION;
  trace.header.git_commit = CATSIM_GIT_COMMIT;
  trace.header.seed = report.seed;
  trace.header.config = pinned(config, report.swarm);
  trace.header.swarm = report.swarm;
  trace.header.process_names = report.process_names;
  trace.decisions = report.decisions;
  trace.events = report.events;
  trace.violation = report.violation;
  trace.steps = report.steps;
  trace.trace_hash = report.trace_hash;
  return trace;
}

RunReport report_of(const Trace& trace) {
  RunReport report;
  report.seed = trace.header.seed;
  report.swarm = trace.header.swarm;
  report.violation = trace.violation;
  report.trace_hash = trace.trace_hash;
  report.steps = trace.steps;
  report.decisions = trace.decisions;
  report.events = trace.events;
  report.process_names = trace.header.process_names;
  return report;
}

std::variant<Trace, TraceError> read_trace_file(const std::string& path) {
  std::string contents;
  if (auto error = read_whole_file(path, contents)) return TraceError{*error};
  auto parsed = parse_trace(contents);
  if (auto* error = std::get_if<TraceError>(&parsed)) {
    return TraceError{fmt::format("{}: {}", path, error->message)};
  }
  return parsed;
}

}  // namespace catsim
