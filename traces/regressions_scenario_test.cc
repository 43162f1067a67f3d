// Every bug the harness ever found stays found: each trace in
// traces/regressions/ replays to the same violation on its variant, and the
// correct protocol, replayed on the same decisions (continuing with seeded
// choices past any divergence), stays clean.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "traces/shrink.h"

namespace catsim {
namespace {

std::vector<std::filesystem::path> regression_traces() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CATSIM_SOURCE_DIR) +
                                                               "/traces/regressions")) {
    if (entry.path().string().ends_with(".trace.jsonl")) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(Regressions, EveryTraceStillFailsOnItsVariantAndNotOnCorrect) {
  std::vector<std::filesystem::path> paths = regression_traces();
  ASSERT_GE(paths.size(), 10u);
  for (const auto& path : paths) {
    SCOPED_TRACE(path.filename().string());
    auto parsed = read_trace_file(path.string());
    ASSERT_TRUE(std::holds_alternative<Trace>(parsed)) << std::get<TraceError>(parsed).message;
    const Trace& trace = std::get<Trace>(parsed);
    ASSERT_TRUE(trace.violation.has_value());
    // The file name ends with the property: <protocol>--<variant>--<P>.trace.jsonl.
    std::string name = path.filename().string();
    EXPECT_NE(name.find(fmt::format("--{}.trace.jsonl", trace.violation->property)),
              std::string::npos);

    std::optional<Divergence> divergence;
    Trace replayed = replay_trace(trace, ReplayMode::kStrict, &divergence);
    EXPECT_FALSE(divergence.has_value()) << divergence->expected << " vs " << divergence->found;
    ASSERT_TRUE(replayed.violation.has_value());
    EXPECT_EQ(replayed.violation->property, trace.violation->property);
    EXPECT_EQ(replayed.violation->step, trace.violation->step);
    EXPECT_EQ(replayed.trace_hash, trace.trace_hash);

    Trace on_correct = trace;
    on_correct.header.config.variant = "correct";
    Trace fixed = replay_trace(on_correct, ReplayMode::kContinueSeeded);
    EXPECT_FALSE(fixed.violation.has_value())
        << "correct fails too: " << fixed.violation->property << " " << fixed.violation->summary;
  }
}

}  // namespace
}  // namespace catsim
