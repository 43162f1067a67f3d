// The catsim binary end to end: exit statuses (0 clean, 1 violation or failed
// check, 2 bad usage with one line on stderr and nothing on stdout), the
// campaign summary, replay commands that reproduce, and the determinism check.
// Seed counts stay small: these also run under AddressSanitizer.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/catsim_invocation.h"
#include "traces/shrink.h"

namespace {

using catsim::cli::Invocation;
using catsim::cli::run_catsim;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Runs the built binary with args (shell words), capturing stdout and stderr.

// Bad usage: exit 2, exactly one line on stderr, nothing on stdout.
void expect_usage_error(const std::string& args) {
  SCOPED_TRACE("catsim " + args);
  Invocation run = run_catsim(args);
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.out, "");
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
  EXPECT_EQ(run.err.back(), '\n');
  EXPECT_TRUE(starts_with(run.err, "catsim: ")) << run.err;
}

// The first line of text starting with prefix, or "".
std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const std::string& line : lines_of(text)) {
    if (starts_with(line, prefix)) return line;
  }
  return "";
}

// --version prints the version on stdout and exits 0.
TEST(Cli, VersionExitsZero) {
  Invocation run = run_catsim("--version");
  EXPECT_EQ(run.status, 0);
  EXPECT_TRUE(starts_with(run.out, "catsim " CATSIM_VERSION)) << run.out;
  EXPECT_EQ(run.err, "");
}

// An out-of-range value is bad usage.
TEST(Cli, ProcsZeroIsAUsageError) {
  expect_usage_error("run --procs 0");
}

// An unknown flag is bad usage.
TEST(Cli, UnknownFlagIsAUsageError) {
  expect_usage_error("run --bogus");
}

// An unknown variant name is bad usage.
TEST(Cli, UnknownVariantIsAUsageError) {
  expect_usage_error("run --variant nope");
}

// Weights that no seed could run are bad usage: malformed, all zero, or an
// emergency weight for the two-tombstone protocol, which has no emergency open.
TEST(Cli, ImpossibleWeightsAreAUsageError) {
  expect_usage_error("run --weights 1:2");
  expect_usage_error("run --weights 0:0:0");
  expect_usage_error("run --protocol two-tombstone --weights 5:3:1");
}

// Listing something that is not listable is bad usage.
TEST(Cli, ListThingsIsAUsageError) {
  expect_usage_error("list things");
}

// The explorer's limits: a memory cap it passes ends the search with what
// it covered and exit 3, as --max-states does; a size it cannot read is bad
// usage.
TEST(Cli, ExploreStopsAtTheMemoryCapWithExitThree) {
  Invocation run =
      run_catsim("explore --procs 2 --crashes 2 --changes 2 --no-por --memory-max 8MiB");
  EXPECT_EQ(run.status, 3) << run.out << run.err;
  EXPECT_NE(line_starting(run.out, "verdict: incomplete (stopped at --memory-max)"), "") << run.out;
  EXPECT_NE(line_starting(run.out, "states "), "") << run.out;
  expect_usage_error("explore --memory-max lots");
  Invocation whole = run_catsim("explore --procs 2 --crashes 0 --changes 1 --memory-max 1GiB");
  EXPECT_EQ(whole.status, 0) << whole.out << whole.err;
}

// --jobs changes only the speed: the same states line; depth-first search
// runs on one thread with 64-bit fingerprints.
TEST(Cli, ExploreOnTwoJobsPrintsTheSameCounts) {
  Invocation one = run_catsim("explore --procs 2 --crashes 1 --changes 1");
  Invocation two = run_catsim("explore --procs 2 --crashes 1 --changes 1 --jobs 2");
  EXPECT_EQ(one.status, 0) << one.out << one.err;
  EXPECT_EQ(two.status, 0) << two.out << two.err;
  const std::string counts = line_starting(one.out, "states ");
  EXPECT_EQ(counts.substr(0, counts.find(" max depth")),
            line_starting(two.out, "states ").substr(0, counts.find(" max depth")));
  Invocation wide = run_catsim("explore --procs 2 --crashes 0 --changes 1 --fingerprint-bits 128");
  EXPECT_NE(line_starting(wide.out, "fingerprints: the chance that a 128-bit"), "") << wide.out;
  expect_usage_error("explore --dfs --jobs 2");
  expect_usage_error("explore --fingerprint-bits 96");
}

// A swarm shard (`explore --swarm --shard I/N`): without a violation it
// exits 0 and says plainly it was not exhaustive; with one it exits 1 and
// writes a trace that `catsim replay` runs to the same property; the lease
// protocol takes it too; misuse is a one-line usage error.
TEST(Cli, ExploreSwarmShard) {
  Invocation clean = run_catsim(
      "explore --procs 2 --crashes 0 --changes 1 --swarm --shard 2/3 --bitstate-bytes 1MiB");
  EXPECT_EQ(clean.status, 0) << clean.out << clean.err;
  EXPECT_NE(line_starting(clean.out, "swarm shard 2/3 (swarm seed 1, "), "") << clean.out;
  EXPECT_NE(line_starting(clean.out,
                          "no violation found in 31175 states (swarm shard 2/3, not "
                          "exhaustive; omission probability "),
            "")
      << clean.out;
  EXPECT_EQ(line_starting(clean.out, "verdict: clean"), "") << clean.out;

  const std::string trace = ::testing::TempDir() + "catsim_swarm_shard.trace";
  Invocation found = run_catsim(
      "explore --protocol two-tombstone --variant without-stash-raise --procs 3 --crashes 0 "
      "--changes 0 --targets migrate,migrate,rollback --swarm --shard 4/8 --bitstate-bytes 1MiB "
      "--trace '" +
      trace + "'");
  EXPECT_EQ(found.status, 1) << found.out << found.err;
  EXPECT_NE(line_starting(found.out, "VIOLATION P3: "), "") << found.out;
  EXPECT_NE(line_starting(found.out, "trace: " + trace), "") << found.out;
  Invocation replayed = run_catsim("replay '" + trace + "'");
  EXPECT_EQ(replayed.status, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("VIOLATION P3"), std::string::npos) << replayed.out;
  std::remove(trace.c_str());

  Invocation lease =
      run_catsim("explore --protocol lease --swarm --shard 1/2 --bitstate-bytes 64KiB");
  EXPECT_EQ(lease.status, 0) << lease.out << lease.err;
  EXPECT_NE(lease.out.find("(swarm shard 1/2, not exhaustive;"), std::string::npos) << lease.out;

  expect_usage_error("explore --swarm --bfs");
  expect_usage_error("explore --swarm --jobs 2");
  expect_usage_error("explore --swarm --shard 5/4");
  expect_usage_error("explore --swarm --shard 0/4");
  expect_usage_error("explore --shard 1/4");
  expect_usage_error("explore --swarm --bitstate-bytes 1GiB --memory-max 512MiB");
}

// A clean campaign over the correct variant exits 0 and says so.
TEST(Cli, CleanCampaignExitsZero) {
  Invocation run = run_catsim("run --seeds 50");
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("seeds 50 (0 violating, 0 distinct)"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("VIOLATION"), std::string::npos) << run.out;
}

// A broken variant exits 1 with seed, property and a replay command that reproduces it.
TEST(Cli, ViolationPrintsAReplayThatReproduces) {
  Invocation run = run_catsim("run --seeds 100 --variant tombstone-before-copy");
  ASSERT_EQ(run.status, 1) << run.out << run.err;
  std::string violation = line_starting(run.out, "VIOLATION seed ");
  ASSERT_FALSE(violation.empty()) << run.out;
  // "VIOLATION seed <n>: <property> <summary>"
  size_t colon = violation.find(": ");
  ASSERT_NE(colon, std::string::npos) << violation;
  std::string property = violation.substr(colon + 2, violation.find(' ', colon + 2) - colon - 2);
  EXPECT_EQ(property, "P1") << violation;
  std::string replay = line_starting(run.out, "replay: catsim replay --seed");
  ASSERT_FALSE(replay.empty()) << run.out;
  std::string seed = violation.substr(15, colon - 15);
  EXPECT_TRUE(starts_with(replay, "replay: catsim replay --seed " + seed + " ")) << replay;

  const std::string prefix = "replay: catsim ";
  Invocation again = run_catsim(replay.substr(prefix.size()));
  EXPECT_EQ(again.status, 1) << again.out << again.err;
  EXPECT_NE(again.out.find(property + " violated"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("VIOLATION"), std::string::npos) << again.out;
}

// Re-running the seeds in a second process finds the same trace hashes.
TEST(Cli, DeterminismCheckPasses) {
  Invocation run = run_catsim("run --seeds 20 --check-determinism");
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("20 seeds re-run in a second process, 0 mismatched"), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("NONDETERMINISM"), std::string::npos) << run.out;
}

// The determinism check can fail: injected nondeterminism is caught.
TEST(Cli, DeterminismCheckCatchesInjectedNondeterminism) {
  Invocation run = run_catsim("run --seeds 5 --check-determinism --inject-nondeterminism");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("NONDETERMINISM seed"), std::string::npos) << run.out;
}

// list variants names as-designed and correct for both protocols.
// catsim mutants gates on its rows: 0 when every selected broken variant is
// found with a property it declares, 1 when one survives its budget.
TEST(Cli, MutantsExitsZeroWhenEveryVariantIsFound) {
  Invocation run = run_catsim(
      "mutants --protocol single-tombstone --variant stash-skip-fence --variant as-designed");
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(line_starting(run.out, "single-tombstone  stash-skip-fence"), "") << run.out;
  EXPECT_NE(line_starting(run.out, "single-tombstone  as-designed"), "") << run.out;
}

TEST(Cli, MutantsExitsOneWhenAVariantSurvives) {
  // Seed 1 alone does not find persist-fenced-first (hundreds of seeds do).
  Invocation run = run_catsim(
      "mutants --protocol single-tombstone --variant persist-fenced-first --budget-seeds 1");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("(missed: expected P3)"), std::string::npos) << run.out;
}

// A finding variant gates too: the default campaign must find it.
TEST(Cli, MutantsExitsOneWhenAFindingVariantSurvives) {
  Invocation run =
      run_catsim("mutants --protocol two-tombstone --variant without-stash-raise --budget-seeds 1");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("(missed: expected P3)"), std::string::npos) << run.out;
}

TEST(Cli, MutantsSelectionErrorsAreUsageErrors) {
  expect_usage_error("mutants --variant no-such-variant");
  expect_usage_error("mutants --protocol two-tombstone --variant stash-skip-fence");
}

// catsim regression writes the shortest shrink of the first failures of the
// property, which replays strictly to that property; it writes nothing when
// the campaign finds no such failure (exit 1), and bad names are usage errors.
TEST(Cli, RegressionWritesTheShortestShrinkOfTheFirstFailures) {
  using catsim::Property;
  using catsim::Trace;
  const std::string path = ::testing::TempDir() + "catsim_regression_test.trace.jsonl";
  std::remove(path.c_str());
  Invocation run =
      run_catsim("regression --variant stash-skip-fence --seeds 2000 -o '" + path + "'");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  auto parsed = catsim::read_trace_file(path);
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed))
      << std::get<catsim::TraceError>(parsed).message;
  const Trace& trace = std::get<Trace>(parsed);
  ASSERT_TRUE(trace.violation.has_value());
  EXPECT_EQ(trace.violation->property, Property::kP3);
  EXPECT_TRUE(starts_with(run.out, fmt::format("single-tombstone stash-skip-fence: P3, {} steps, "
                                               "shrunk from ",
                                               trace.steps)))
      << run.out;
  std::optional<catsim::Divergence> divergence;
  Trace replayed = catsim::replay_trace(trace, catsim::ReplayMode::kStrict, &divergence);
  EXPECT_FALSE(divergence.has_value());
  ASSERT_TRUE(replayed.violation.has_value());
  EXPECT_EQ(replayed.violation->property, Property::kP3);
  std::remove(path.c_str());

  run = run_catsim("regression --variant correct --seeds 20 -o '" + path + "'");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_EQ(run.out, "single-tombstone correct: no failure in 20 seeds\n");
  EXPECT_FALSE(std::filesystem::exists(path));
  expect_usage_error("regression --variant no-such-variant -o x.trace.jsonl");
  expect_usage_error("regression --variant stash-skip-fence --property P7 -o x.trace.jsonl");
  expect_usage_error("regression --variant stash-skip-fence");
  expect_usage_error("regression --variant stash-skip-fence --failures-max 4 -o x.trace.jsonl");
}

TEST(Cli, ListVariantsCoversBothProtocols) {
  Invocation run = run_catsim("list variants");
  EXPECT_EQ(run.status, 0) << run.err;
  std::set<std::pair<std::string, std::string>> listed;
  for (const std::string& line : lines_of(run.out)) {
    std::istringstream words(line);
    std::string protocol, variant;
    words >> protocol >> variant;
    listed.insert({protocol, variant});
  }
  for (const char* protocol : {"single-tombstone", "two-tombstone"}) {
    for (const char* variant : {"as-designed", "correct"}) {
      EXPECT_TRUE(listed.contains({protocol, variant})) << protocol << " " << variant << "\n"
                                                        << run.out;
    }
  }
  EXPECT_TRUE(listed.contains({"single-tombstone", "tombstone-before-copy"})) << run.out;
}

// The lease protocol (lease/) under the same commands: a clean run, a
// mutant's failure with its trace and replay command, the trace replayed to
// the same violation, its model explored, its mutants gated.
TEST(Cli, LeaseRunsUnderRunReplayExploreAndMutants) {
  const std::string out_dir = ::testing::TempDir() + "catsim_lease_cli";
  Invocation clean =
      run_catsim("run --protocol lease --seeds 300 --jobs 2 --out '" + out_dir + "'");
  EXPECT_EQ(clean.status, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("300 seeds run, 0 failed"), std::string::npos) << clean.out;

  Invocation failing = run_catsim(
      "run --protocol lease --variant unfenced-write --seeds 50 --out '" + out_dir + "'");
  EXPECT_EQ(failing.status, 1) << failing.out << failing.err;
  EXPECT_TRUE(starts_with(line_starting(failing.out, "seed "), "seed 1: VIOLATION L1 at step "))
      << failing.out;
  const std::string replay = line_starting(failing.out, "replay: ");
  ASSERT_FALSE(replay.empty()) << failing.out;
  Invocation replayed = run_catsim(replay.substr(std::string("replay: catsim ").size()));
  EXPECT_EQ(replayed.status, 1) << replayed.out << replayed.err;
  EXPECT_NE(line_starting(replayed.out, "VIOLATION L1 at step "), "") << replayed.out;

  Invocation explored = run_catsim("explore --protocol lease --variant acquire-without-bump");
  EXPECT_EQ(explored.status, 1) << explored.out;
  EXPECT_NE(line_starting(explored.out, "VIOLATION L1 in "), "") << explored.out;
  EXPECT_EQ(run_catsim("explore --protocol lease --procs 2 --crashes 1").status, 0);

  Invocation mutants = run_catsim("mutants --protocol lease --budget-seeds 500");
  EXPECT_EQ(mutants.status, 0) << mutants.out;
  EXPECT_EQ(lines_of(mutants.out).size(), 4u) << "a header and three mutants: " << mutants.out;
}

TEST(Cli, CatalogOnlyFlagsAreUsageErrorsForTheLease) {
  expect_usage_error("run --protocol lease --weights 1:1:0");
  expect_usage_error("run --protocol lease --variant as-designed");
  expect_usage_error("explore --protocol lease --readers 1");
  expect_usage_error("explore --protocol lease --procs 4");
  expect_usage_error("mutants --protocol lease --variant correct");
  expect_usage_error("replay --protocol lease some.trace.jsonl");
}

}  // namespace
