// Reading a night: a well-formed summary with its traces found where the run
// wrote them (DIR form) or by name (SUMMARY:FAILURES form), and a one-line
// error naming the file for each way a summary can be malformed.
#include "cli/night_summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace catsim::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

nlohmann::json summary() {
  return {{"configuration", {{"protocol", "single-tombstone"}, {"variant", "as-designed"}}},
          {"seeds_run", 300},
          {"seeds_planned", 300},
          {"stopped_early", false},
          {"seconds", 1.5},
          {"counts", {{"steps", 9000}, {"crashes", 12}}},
          {"coverage_marks", {{"rereads_checked", 0}, {"reads_checked", 40}}},
          {"failures",
           {{{"property", "P2"},
             {"summary", "an acknowledged change is not on the source of truth"},
             {"signature", "P2 p1:persist.append"},
             {"count", 3},
             {"seeds", {4, 9, 17}},
             {"trace", "failures/seed-4.trace.jsonl"},
             {"shrunk_trace", "failures/seed-4.shrunk.trace.jsonl"},
             {"steps", 40},
             {"shrunk_steps", 18}}}}};
}

class NightSummary : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "night_summary_XXXXXX";
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    fs::create_directories(dir_ / "2024-05-01" / "failures");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path night() const { return dir_ / "2024-05-01"; }
  void write(const fs::path& path, const std::string& text) const { std::ofstream(path) << text; }

  fs::path dir_;
};

TEST_F(NightSummary, ReadsADirectoryAndFindsTheShrunkTrace) {
  write(night() / "summary.json", summary().dump());
  write(night() / "failures" / "seed-4.shrunk.trace.jsonl", "{}\n");
  auto loaded = load_night(night().string());
  ASSERT_TRUE(std::holds_alternative<Night>(loaded)) << std::get<NightError>(loaded).message;
  const Night& n = std::get<Night>(loaded);
  EXPECT_EQ(n.label, "2024-05-01");
  EXPECT_EQ(n.variant, "as-designed");
  EXPECT_EQ(n.seeds_run, 300u);
  EXPECT_DOUBLE_EQ(n.seconds, 1.5);
  ASSERT_EQ(n.coverage_marks.size(), 2u);
  EXPECT_EQ(n.coverage_marks[0].first, "reads_checked");
  ASSERT_EQ(n.failures.size(), 1u);
  EXPECT_TRUE(n.failures[0].shrunk);
  EXPECT_EQ(n.failures[0].trace_file,
            (night() / "failures" / "seed-4.shrunk.trace.jsonl").string());
  EXPECT_EQ(n.failures[0].seeds, (std::vector<uint64_t>{4, 9, 17}));
}

TEST_F(NightSummary, FindsTracesByNameInAGivenFolderAndToleratesMissingOnes) {
  write(dir_ / "summary.json", summary().dump());
  write(night() / "failures" / "seed-4.trace.jsonl", "{}\n");
  auto loaded =
      load_night((dir_ / "summary.json").string() + ":" + (night() / "failures").string());
  ASSERT_TRUE(std::holds_alternative<Night>(loaded)) << std::get<NightError>(loaded).message;
  const NightFailure& f = std::get<Night>(loaded).failures.at(0);
  EXPECT_FALSE(f.shrunk) << "only the unshrunk trace is there";
  EXPECT_EQ(f.trace_file, (night() / "failures" / "seed-4.trace.jsonl").string());
  fs::remove(night() / "failures" / "seed-4.trace.jsonl");
  loaded = load_night((dir_ / "summary.json").string() + ":" + (night() / "failures").string());
  ASSERT_TRUE(std::holds_alternative<Night>(loaded));
  EXPECT_EQ(std::get<Night>(loaded).failures.at(0).trace_file, "");
}

TEST_F(NightSummary, RejectsMalformedSummariesWithOneLineNamingTheFile) {
  const fs::path path = night() / "summary.json";
  const auto error_for = [&](const std::string& text) {
    write(path, text);
    auto loaded = load_night(night().string());
    if (!std::holds_alternative<NightError>(loaded)) return std::string("accepted");
    return std::get<NightError>(loaded).message;
  };
  nlohmann::json no_seeds = summary(), bad_mark = summary(), bad_failure = summary(),
                 negative = summary();
  no_seeds.erase("seeds_run");
  bad_mark["coverage_marks"]["reads_checked"] = "many";
  bad_failure["failures"][0]["seeds"] = {"x"};
  negative["seconds"] = -1;
  for (const std::string& text : {std::string("{not json"), std::string("[1, 2]"), no_seeds.dump(),
                                  bad_mark.dump(), bad_failure.dump(), negative.dump()}) {
    const std::string message = error_for(text);
    EXPECT_THAT(message, HasSubstr(path.string() + ": ")) << text;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_THAT(error_for(no_seeds.dump()), HasSubstr("missing \"seeds_run\""));
  fs::remove(path);
  auto missing = load_night(night().string());
  ASSERT_TRUE(std::holds_alternative<NightError>(missing));
  EXPECT_THAT(std::get<NightError>(missing).message, HasSubstr("cannot read"));
}

}  // namespace
}  // namespace catsim::cli
