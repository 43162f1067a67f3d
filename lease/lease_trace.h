// LeaseTrace: a lease run as text, one line per setting and per decision,
// so a failing run can be kept as a regression and replayed with no seed.
//
// The format (version 1), line by line; '#' starts a comment line:
//   lease-trace 1
//   variant NAME | steps_max N | writes_per_lease N | boots_max N |
//   retries_max N | pct DEPTH STEPS | strategy NAME | holders N |
//   crash_percent N | transient_percent N | indeterminate_percent N
//   expect PROPERTY STEP            (optional: the violation the run ends in)
//   decision STREAM PROCESS LABEL BOUND VALUE   (in log order)
// Every setting of a pinned LeaseConfig must appear exactly once, so the
// trace alone replays the run (replay_run(trace.decisions, trace.config)).
// Guarantees: parse_trace(format_trace(report)) gives back the report's
// pinned config, decisions and violation (property and step); a malformed
// trace is an error value naming its line, never an exception or a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lease/lease_config.h"
#include "lease/lease_run.h"
#include "lease/property.h"
#include "sim/decision.h"

namespace catsim::lease {

struct ExpectedViolation {
  LeaseProperty property = LeaseProperty::kL1Fencing;
  uint64_t step = 0;
  bool operator==(const ExpectedViolation&) const = default;
};

struct LeaseTrace {
  LeaseConfig config;  // pinned
  std::vector<Decision> decisions;
  std::optional<ExpectedViolation> expected;
};

struct ParsedTrace {
  std::optional<LeaseTrace> trace;
  std::string error;  // "line N: what", when trace is nullopt
};

std::string format_trace(const LeaseReport& report);
ParsedTrace parse_trace(std::string_view text);

}  // namespace catsim::lease
