// One nightly output, as catsim report reads it: the JSON summary written by
// `catsim run --json` (schema: cli/campaign_report.cc write_json) and the
// folder of failure traces written by `catsim run --out`.
//
// A night is named on the command line as DIR (DIR/summary.json; a trace
// path the summary records relative to where the run was started is looked
// up under DIR, so `--out failures` lands in DIR/failures) or as
// SUMMARY.json[:FAILURES_DIR] (traces looked up in FAILURES_DIR by file
// name; without it, next to SUMMARY.json as for DIR).
//
// Guarantees:
//  1. load_night() either returns a Night whose every field was present and
//     of the right type in the summary, or a one-line error naming the file;
//     it never throws and never crashes on malformed JSON.
//  2. A trace that cannot be found is not an error: its path is left empty.
//  3. Coverage marks and counts keep the summary's order of keys (sorted by
//     name, as nlohmann::json writes them).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace catsim::cli {

struct NightFailure {
  std::string property, summary, signature;
  uint64_t count = 0;
  std::vector<uint64_t> seeds;
  uint64_t steps = 0, shrunk_steps = 0;
  std::string trace_file;  // found on disk: the shrunk trace if it was written, else the trace
  bool shrunk = false;     // trace_file is the shrunk one
};

struct Night {
  std::string label;  // the night's directory (or summary file) name
  std::string summary_path;
  std::string protocol, variant;
  uint64_t seeds_run = 0, seeds_planned = 0;
  bool stopped_early = false;
  double seconds = 0;
  std::vector<std::pair<std::string, uint64_t>> counts, coverage_marks;
  std::vector<NightFailure> failures;
};

struct NightError {
  std::string message;  // one line: "PATH: what is wrong"
};

std::variant<Night, NightError> load_night(const std::string& spec);

}  // namespace catsim::cli
