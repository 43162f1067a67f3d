// Lease traces: a run written as text parses back to the same pinned config,
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
      EXPECT_EQ(parsed.trace->config, report.config);
      EXPECT_EQ(parsed.trace->decisions, report.decisions);
      EXPECT_EQ(parsed.trace->expected.has_value(), report.violation.has_value());
      LeaseReport replayed = replay_run(parsed.trace->decisions, parsed.trace->config);
      EXPECT_EQ(replayed.trace_hash, report.trace_hash) << variant << " seed " << seed;
    }
  }
}

TEST(LeaseTrace, MalformedTextIsAnErrorNamingItsLine) {
  std::string good = format_trace(run_seed(1, LeaseConfig{}));
  EXPECT_EQ(parse_trace("").error, "an empty trace");
  EXPECT_EQ(parse_trace("hello\n").error, "line 1: not a lease trace");
  EXPECT_NE(parse_trace(good + "holders 3\n").error.find("a setting given twice"),
            std::string::npos);
  EXPECT_NE(parse_trace(good + "decision schedule x lease.write 0 0\n").error.find("a malformed"),
            std::string::npos);
  EXPECT_NE(parse_trace(good + "expect P1 3\n").error.find("expect"), std::string::npos);
  EXPECT_EQ(parse_trace("lease-trace 1\nvariant correct\n").error, "no 'steps_max' setting");
}

std::vector<std::filesystem::path> regression_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(CATSIM_SOURCE_DIR "/lease/regressions")) {
    if (entry.path().extension() == ".trace") files.push_back(entry.path());
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
    ASSERT_TRUE(parsed.trace->expected.has_value());
    LeaseReport replayed = replay_run(parsed.trace->decisions, parsed.trace->config);
    ASSERT_FALSE(replayed.divergence.has_value()) << replayed.divergence->found;
    ASSERT_TRUE(replayed.violation.has_value());
    EXPECT_EQ(replayed.violation->property, parsed.trace->expected->property);
    EXPECT_EQ(replayed.violation->step, parsed.trace->expected->step);
    // The same schedule, as closely as the correct protocol allows: clean.
    LeaseConfig fixed = parsed.trace->config;
    fixed.variant = "correct";
    LeaseReport correct = replay_run(parsed.trace->decisions, fixed, {}, ReplayMode::kLoose);
    EXPECT_FALSE(correct.violation.has_value()) << correct.violation->summary;
  }
}

}  // namespace
}  // namespace catsim::lease
