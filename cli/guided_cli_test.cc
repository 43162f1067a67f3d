// `catsim run --strategy guided` end to end: a guided failure's trace
// replays, the corpus directory is saved and a later run resumes from it, a
// malformed corpus or a misplaced flag is a usage error (exit 2, one line),
// and the JSON report counts abstract states. Seeds stay few (asan).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/catsim_invocation.h"

namespace {

using catsim::cli::Invocation;
using catsim::cli::read_file;
using catsim::cli::run_catsim;

struct TempDir {
  std::string path;
  TempDir() {
    path = ::testing::TempDir() + "catsim_guided_XXXXXX";
    EXPECT_NE(mkdtemp(path.data()), nullptr);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::string line_with(const std::string& text, const std::string& part) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(part) != std::string::npos) return line;
  }
  return "";
}

// The entries saved in dir's corpus files (one header line each).
size_t corpus_entries(const std::string& dir) {
  size_t count = 0;
  for (const auto& item : std::filesystem::directory_iterator(dir)) {
    if (!item.path().string().ends_with(".corpus.jsonl")) continue;
    std::istringstream in(read_file(item.path().string()));
    for (std::string line; std::getline(in, line);)
      count += line.find("\"type\":\"corpus-entry\"") != std::string::npos ? 1 : 0;
  }
  return count;
}

void expect_usage_error(const std::string& args, const std::string& mentions) {
  SCOPED_TRACE("catsim " + args);
  Invocation run = run_catsim(args);
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find(mentions), std::string::npos) << run.err;
}

const std::string kGuided = "run --strategy guided --guided-round-seeds 128 --no-progress ";

// From seed 4,000,001 the first round (fresh seeds) misses the mutant and a
// seed that extends a corpus prefix finds it (seed 4,000,158).
TEST(GuidedCli, AGuidedFailureWritesATraceThatReplays) {
  TempDir out;
  Invocation run =
      run_catsim(kGuided +
                 "--seed-start 4000001 --seeds 300 --variant reader-trusts-old-tombstone "
                 "--failures-max 1 "
                 "--no-shrink --out " +
                 out.path);
  ASSERT_EQ(run.status, 1) << run.out << run.err;
  const std::string guided = line_with(run.out, "guided: seed ");
  ASSERT_FALSE(guided.empty()) << "no failure extended a prefix:\n" << run.out;
  const std::string seed = guided.substr(13, guided.find(' ', 13) - 13);
  const std::string trace = out.path + "/seed-" + seed + ".trace.jsonl";
  ASSERT_TRUE(std::filesystem::exists(trace)) << run.out;
  Invocation replay = run_catsim("replay " + trace);
  EXPECT_EQ(replay.status, 1) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("VIOLATION P5"), std::string::npos) << replay.out;
}

TEST(GuidedCli, TheCorpusIsSavedAndAResumedRunBuildsOnIt) {
  TempDir corpus, report;
  Invocation first = run_catsim(kGuided + "--seeds 256 --corpus " + corpus.path);
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  const size_t saved = corpus_entries(corpus.path);
  EXPECT_GT(saved, 50u);
  EXPECT_NE(
      first.out.find(fmt::format("guided corpus: {} entries (0 loaded, {} added)", saved, saved)),
      std::string::npos)
      << first.out;
  const std::string json = report.path + "/run.json";
  Invocation second = run_catsim(kGuided + "--seeds 256 --seed-start 5000 --json " + json +
                                 " --corpus " + corpus.path);
  ASSERT_EQ(second.status, 0) << second.out << second.err;
  const size_t total = corpus_entries(corpus.path);
  EXPECT_GT(total, saved);
  EXPECT_NE(second.out.find(fmt::format("guided corpus: {} entries ({} loaded, {} added)", total,
                                        saved, total - saved)),
            std::string::npos)
      << second.out;
  nlohmann::json document = nlohmann::json::parse(read_file(json));
  EXPECT_GT(document.at("abstract_states").get<uint64_t>(), 100u);
  EXPECT_EQ(document.at("corpus").at("loaded").get<uint64_t>(), saved);
  EXPECT_EQ(document.at("configuration").at("strategy"), "guided");
  // The resumed run's first round already extends loaded prefixes: it is
  // not the run a fresh corpus gives.
  Invocation fresh = run_catsim(kGuided + "--seeds 256 --seed-start 5000");
  EXPECT_NE(line_with(fresh.out, "abstract states"), "");
  EXPECT_NE(line_with(fresh.out, "seeds 256"), line_with(second.out, "seeds 256"));
}

TEST(GuidedCli, AMalformedCorpusIsAOneLineError) {
  TempDir corpus;
  std::ofstream(corpus.path + "/0123456789abcdef.corpus.jsonl") << "{\"type\": \"decision\"}\n";
  expect_usage_error(kGuided + "--seeds 10 --corpus " + corpus.path,
                     "0123456789abcdef.corpus.jsonl: line 1");
}

TEST(GuidedCli, MisplacedGuidedFlagsAreUsageErrors) {
  expect_usage_error("run --seeds 10 --corpus /tmp/x", "needs --strategy guided");
  expect_usage_error("run --protocol lease --strategy guided --seeds 10", "--strategy");
  expect_usage_error("replay --seed 1 --strategy guided", "only `catsim run`");
}

TEST(GuidedCli, EveryCampaignCountsAbstractStates) {
  Invocation run = run_catsim("run --seeds 40 --no-progress --strategy pct");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(line_with(run.out, "abstract states: "), "") << run.out;
}

}  // namespace
