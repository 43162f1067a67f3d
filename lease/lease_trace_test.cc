// Lease traces: a run written as a trace file parses back to the same pinned config,
// decisions and violation; malformed text is an error naming its line; and
// the regression traces in lease/regressions/ replay to their violation
// forever, while `correct` on the same schedule stays clean.
#include "lease/lease_trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace catsim::lease {
namespace {

TEST(LeaseTrace, AReportRoundTripsThroughText) {
  for (const char* variant : {"correct", "ack-indeterminate-as-success"}) {
    LeaseConfig config;
    config.variant = variant;
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      LeaseReport report = run_seed(seed, config);
      ParsedTrace parsed = parse_trace(format_trace(report));
      ASSERT_TRUE(parsed.trace.has_value()) << parsed.error;
      EXPECT_EQ(parsed.trace->seed, report.seed);
      EXPECT_EQ(parsed.trace->config, report.config);
      EXPECT_EQ(parsed.trace->process_names, report.process_names);
      EXPECT_EQ(parsed.trace->decisions, report.decisions);
      EXPECT_EQ(parsed.trace->violation, report.violation);
      EXPECT_EQ(parsed.trace->steps, report.steps);
      EXPECT_EQ(parsed.trace->trace_hash, report.trace_hash);
      EXPECT_TRUE(is_lease_trace(format_trace(report)));
      LeaseReport replayed = replay_run(parsed.trace->decisions, parsed.trace->config);
      EXPECT_EQ(replayed.trace_hash, report.trace_hash) << variant << " seed " << seed;
    }
  }
}

TEST(LeaseTrace, MalformedTextIsAnErrorNamingItsLine) {
  const std::string good = format_trace(run_seed(1, LeaseConfig{}));
  const std::string header = good.substr(0, good.find('\n') + 1);
  EXPECT_EQ(parse_trace("").error, "empty trace: no header line");
  EXPECT_EQ(parse_trace("hello\n").error, "line 1: not valid JSON");
  EXPECT_EQ(parse_trace(header).error, "truncated trace: no end line");
  EXPECT_NE(parse_trace(good + header).error.find("content after the end line"), std::string::npos);
  std::string catalog = header;
  catalog.replace(catalog.find("\"lease\""), 7, "\"other\"");
  EXPECT_EQ(parse_trace(catalog).error, "line 1: not a lease trace");
  EXPECT_FALSE(is_lease_trace(catalog));
  std::string bad_holders = header;
  bad_holders.replace(bad_holders.find("\"holders\":"), 11, "\"holders\":9");
  EXPECT_NE(parse_trace(bad_holders).error.find("'holders'"), std::string::npos);
  const std::string bad_property =
      header + R"({"type":"violation","property":"P1","step":3,"summary":"x"})" + "\n";
  EXPECT_NE(parse_trace(bad_property).error.find("line 2: field 'property'"), std::string::npos);
}

std::vector<std::filesystem::path> regression_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(CATSIM_SOURCE_DIR "/lease/regressions")) {
    if (entry.path().string().ends_with(".trace.jsonl")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(LeaseTrace, RegressionTracesReplayToTheirViolation) {
  auto files = regression_files();
  ASSERT_EQ(files.size(), 3u);  // one per mutant
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    ParsedTrace parsed = parse_trace(text.str());
    ASSERT_TRUE(parsed.trace.has_value()) << parsed.error;
    ASSERT_TRUE(parsed.trace->violation.has_value());
    LeaseReport replayed = replay_run(parsed.trace->decisions, parsed.trace->config);
    ASSERT_FALSE(replayed.divergence.has_value()) << replayed.divergence->found;
    ASSERT_TRUE(replayed.violation.has_value());
    EXPECT_EQ(replayed.violation, parsed.trace->violation);
    EXPECT_EQ(replayed.trace_hash, parsed.trace->trace_hash);
    // The same schedule, as closely as the correct protocol allows: clean.
    LeaseConfig fixed = parsed.trace->config;
    fixed.variant = "correct";
    LeaseReport correct = replay_run(parsed.trace->decisions, fixed, {}, ReplayMode::kLoose);
    EXPECT_FALSE(correct.violation.has_value()) << correct.violation->summary;
  }
}

}  // namespace
}  // namespace catsim::lease
