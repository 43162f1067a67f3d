// LeaseTrace: a lease run as a trace file, so a failing run can be kept as
// a regression and replayed with no seed.
//
// The kernel's trace frame (sim/trace_lines.h: JSON Lines), with the lease
// protocol's header and violation lines:
//   {"type":"header","protocol":"lease","format_version":1,"seed":S,
//    "config":{every setting of a pinned LeaseConfig},"processes":[...]}
//   {"type":"decision",...}                     (the kernel's, in log order)
//   {"type":"violation","property":"L1","step":N,"summary":"..."}  (optional)
//   {"type":"end","steps":N,"trace_hash":"..."}
// Guarantees: parse_trace(format_trace(report)) gives back the report's
// seed, pinned config, decisions, violation, steps and trace hash; a
// malformed trace is an error value naming its line, never an exception or
// a crash; is_lease_trace() tells a lease trace from another protocol's by
// its first line alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lease/checker.h"
#include "lease/lease_config.h"
#include "lease/lease_run.h"
#include "sim/decision.h"

namespace catsim::lease {

inline constexpr int kLeaseTraceFormatVersion = 1;
inline constexpr std::string_view kLeaseProtocolName = "lease";

struct LeaseTrace {
  uint64_t seed = 0;
  LeaseConfig config;  // pinned
  std::vector<std::string> process_names;
  std::vector<Decision> decisions;
  std::optional<LeaseViolation> violation;
  uint64_t steps = 0;
  uint64_t trace_hash = 0;
};

struct ParsedTrace {
  std::optional<LeaseTrace> trace;
  std::string error;  // "line N: what", when trace is nullopt
};

std::string format_trace(const LeaseReport& report);
ParsedTrace parse_trace(std::string_view text);

// Whether text's first line is a lease trace's header.
bool is_lease_trace(std::string_view text);

}  // namespace catsim::lease
