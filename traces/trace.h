// Trace: everything needed to replay, inspect and render one run, and its
// on-disk form, versioned JSON Lines (docs/trace-format.md).
//
// Guarantees:
//  1. write_trace() then parse_trace() gives back an equal Trace.
//  2. parse_trace() accepts every trace written by a format version from
//     kTraceFormatVersionMin to kTraceFormatVersion, and rejects anything
//     else with a one-line reason naming the line; it never crashes and
//     bounds what it reads (lines, decisions, steps).
//  3. The frame (JSON Lines, decision and end lines, atomic writes) is the
//     kernel's (sim/trace_lines.h); the header's config, the steps and the
//     violation are the catalog protocol's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/run.h"
#include "sim/trace_lines.h"

namespace catsim {

inline constexpr int kTraceFormatVersion = 2;
// Version 2 added the change kind of a workload commit's step (StepEvent::change).
inline constexpr int kTraceFormatWithChangeKinds = 2;
inline constexpr int kTraceFormatVersionMin = 1;
inline constexpr size_t kTraceLinesMax = 2'000'000;

struct TraceHeader {
  int format_version = kTraceFormatVersion;
  std::string catsim_version;
  std::string git_commit;
  uint64_t seed = 0;
  RunConfig config;
  Swarm swarm;
  std::vector<std::string> process_names;
};

struct Trace {
  TraceHeader header;
  std::vector<Decision> decisions;
  std::vector<StepEvent> events;
  std::optional<Violation> violation;
  uint64_t steps = 0;
  uint64_t trace_hash = 0;
  bool operator==(const Trace& other) const;
};

// The trace of report, run under config (its swarm choices are pinned into
// the header's config).
Trace make_trace(const RunReport& report, const RunConfig& config);
// A report-shaped view of a trace, for the renderers.
RunReport report_of(const Trace& trace);

std::string write_trace(const Trace& trace);

struct TraceError {
  std::string message;  // one line: "line N: what is wrong"
};
std::variant<Trace, TraceError> parse_trace(std::string_view text);

// Reads and parses path; errors name the file.
std::variant<Trace, TraceError> read_trace_file(const std::string& path);

}  // namespace catsim
