// The guided campaign's kernel parts: per-run state coverage, the coverage
// tally's seed-order merge, the corpus's plans and energy, and corpus files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim/corpus_files.h"
#include "sim/coverage_tally.h"
#include "sim/guided_corpus.h"
#include "sim/state_coverage.h"

namespace catsim {
namespace {

std::shared_ptr<const std::vector<Decision>> toy_log(size_t length) {
  auto log = std::make_shared<std::vector<Decision>>();
  for (size_t i = 0; i < length; ++i) {
    log->push_back(i % 2 == 0
                       ? Decision{Stream::kSchedule, static_cast<uint32_t>(i % 3), "step", 0, 0}
                       : Decision{Stream::kFault, 0, "write", 4, i % 4});
  }
  return log;
}

TEST(StateCoverage, ListsStatesAndTransitionsOnceInFirstReachedOrder) {
  StateCoverage coverage;
  coverage.visit(10, 1);
  coverage.visit(10, 2);  // no change: nothing new
  coverage.visit(20, 3);
  coverage.visit(10, 4);  // a new transition back, a known state
  coverage.visit(20, 5);  // both known
  const std::vector<ReachedFeature> expected{{state_feature(10), 1, false},
                                             {transition_feature(10, 20), 3, true},
                                             {state_feature(20), 3, false},
                                             {transition_feature(20, 10), 4, true}};
  EXPECT_EQ(coverage.reached(), expected);
  EXPECT_EQ(coverage.dropped(), 0u);
}

TEST(StateCoverage, IsBounded) {
  StateCoverage coverage;
  for (uint64_t state = 0; state < StateCoverage::kFeaturesMax; ++state)
    coverage.visit(state, state);
  EXPECT_EQ(coverage.reached().size(), StateCoverage::kFeaturesMax);
  EXPECT_GT(coverage.dropped(), 0u);
}

TEST(CoverageTally, MergeCountsRunsAndKeepsCandidatesInSeedOrder) {
  const std::vector<ReachedFeature> reached{{2, 3, false}, {5, 5, true}};
  FreshFeatures fresh{toy_log(8), {2, 5}, 7};
  CoverageTally early, late;
  early.add_run(std::span(reached).first(1), 100, &fresh);
  late.add_run(reached, 101, &fresh);
  late.add_run(reached, 102, nullptr);
  early.merge(late);
  ASSERT_EQ(early.candidates().size(), 3u);
  EXPECT_EQ(early.candidates()[0].seed, 100u);
  EXPECT_EQ(early.candidates()[1].seed, 101u);
  EXPECT_EQ(early.candidates()[2].feature, 5u);
  EXPECT_EQ(early.candidates()[2].decisions, 5u);
  EXPECT_EQ(early.runs_of(2), 3u);
  EXPECT_EQ(early.runs_of(5), 2u);
  EXPECT_EQ(early.runs_of(9), 0u);
  EXPECT_EQ(early.states(), 1u);
  EXPECT_EQ(early.transitions(), 1u);
  // The corpus takes the first (lowest seed's) candidate of each feature.
  GuidedOptions options;
  options.transition_entries = true;
  GuidedCorpus corpus(options);
  corpus.absorb(early);
  ASSERT_EQ(corpus.entries().size(), 2u);
  EXPECT_EQ(corpus.entries()[0].seed, 100u);
  EXPECT_EQ(corpus.entries()[1].seed, 101u);
}

GuidedCorpus corpus_of(size_t entries, GuidedOptions options = {}) {
  GuidedCorpus corpus(options);
  for (size_t i = 0; i < entries; ++i) {
    EXPECT_TRUE(corpus.add(CorpusEntry{1000 + 2 * i, false, i, 50 + i, toy_log(20 + i), 20}));
  }
  return corpus;
}

TEST(GuidedCorpus, PlansArePureFunctionsOfTheSeed) {
  GuidedCorpus corpus = corpus_of(5);
  size_t extended = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    GuidedPlan a = corpus.plan(seed), b = corpus.plan(seed);
    EXPECT_EQ(a.entry, b.entry);
    EXPECT_EQ(a.decisions, b.decisions);
    EXPECT_EQ(a.origin, b.origin);
    if (a.entry == nullptr) {
      EXPECT_EQ(a.origin, seed);
      continue;
    }
    ++extended;
    EXPECT_EQ(a.origin, a.entry->origin);
    EXPECT_LE(a.decisions.size(), a.entry->decisions);
  }
  // About 60% extend an entry, 40% run fresh.
  EXPECT_GT(extended, 90u);
  EXPECT_LT(extended, 150u);
  EXPECT_EQ(corpus_of(0).plan(3).entry, nullptr);  // an empty corpus: always fresh
}

TEST(GuidedCorpus, RarerFeaturesGetMoreEnergy) {
  GuidedCorpus corpus = corpus_of(2);
  CoverageTally tally;
  const std::vector<ReachedFeature> often{{1000, 1, false}}, once{{1002, 1, false}};
  for (uint64_t run = 0; run < 1000; ++run) tally.add_run(often, run, nullptr);
  tally.add_run(once, 1000, nullptr);
  corpus.absorb(tally);
  size_t rare = 0, common = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    GuidedPlan plan = corpus.plan(seed);
    if (plan.entry == nullptr) continue;
    (plan.entry->feature == 1002 ? rare : common) += 1;
  }
  EXPECT_GT(rare, 20 * std::max<size_t>(common, 1));
}

TEST(GuidedCorpus, AbsorbAddsOnlyNewFeaturesUpToTheBound) {
  GuidedOptions options;
  options.entries_max = 2;
  options.transition_entries = true;
  GuidedCorpus corpus(options);
  CoverageTally tally;
  const std::vector<ReachedFeature> reached{{2, 2, false}, {3, 4, true}, {4, 6, false}};
  FreshFeatures fresh{toy_log(8), {2, 3, 4}, 9};
  tally.add_run(reached, 5, &fresh);
  EXPECT_EQ(corpus.absorb(tally), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(corpus.entries().size(), 2u);
  EXPECT_TRUE(corpus.known(4));  // known, though kept without a prefix
  EXPECT_TRUE(corpus.absorb(tally).empty());
}

struct TempDir {
  std::string path;
  TempDir() {
    path = ::testing::TempDir() + "catsim_corpus_XXXXXX";
    EXPECT_NE(mkdtemp(path.data()), nullptr);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(CorpusFiles, SaveThenLoadRoundTrips) {
  TempDir dir;
  GuidedCorpus saved = corpus_of(3);
  // Two files, as two rounds would write them.
  EXPECT_EQ(save_corpus_entries(dir.path, std::span(saved.entries()).first(2), "toy"), "");
  EXPECT_EQ(save_corpus_entries(dir.path, std::span(saved.entries()).subspan(2), "toy"), "");
  GuidedCorpus loaded;
  size_t count = 0;
  EXPECT_EQ(load_corpus(dir.path, "toy", loaded, &count), std::nullopt);
  ASSERT_EQ(count, 3u);
  for (size_t i = 0; i < 3; ++i) {
    const CorpusEntry& a = saved.entries()[i];
    auto found = std::find_if(loaded.entries().begin(), loaded.entries().end(),
                              [&](const CorpusEntry& e) { return e.feature == a.feature; });
    ASSERT_NE(found, loaded.entries().end());
    const CorpusEntry& b = *found;
    EXPECT_EQ(a.feature, b.feature);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.origin, b.origin);
    ASSERT_EQ(a.decisions, b.decisions);
    EXPECT_TRUE(std::equal(a.log->begin(), a.log->begin() + a.decisions, b.log->begin()));
  }
  GuidedCorpus again;
  EXPECT_EQ(load_corpus(dir.path, "toy", again), std::nullopt);
  for (uint64_t seed = 1; seed < 20; ++seed) {
    EXPECT_EQ(loaded.plan(seed).decisions, again.plan(seed).decisions);  // file name order
  }
}

TEST(CorpusFiles, MalformedOrForeignEntriesAreOneLineErrors) {
  TempDir dir;
  GuidedCorpus saved = corpus_of(1);
  EXPECT_EQ(save_corpus_entries(dir.path, saved.entries(), "toy"), "");
  GuidedCorpus other;
  auto foreign = load_corpus(dir.path, "another protocol", other);
  ASSERT_TRUE(foreign.has_value());
  EXPECT_NE(foreign->find("saved for \"toy\""), std::string::npos) << *foreign;
  std::ofstream(dir.path + "/00000000000000aa.corpus.jsonl") << "{\"type\": \"corpus-entry\"\n";
  auto broken = load_corpus(dir.path, "toy", other);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->find('\n'), std::string::npos) << *broken;
  EXPECT_NE(broken->find("00000000000000aa.corpus.jsonl: line 1"), std::string::npos) << *broken;
}

}  // namespace
}  // namespace catsim
