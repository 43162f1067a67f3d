// The CI reports: --json carries the configuration, counts, coverage marks
// and one entry per distinct failure; --junit has a test case for the
// campaign and one per distinct failure.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

std::string read(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Reports, JsonAndJunitDescribeTheCampaignAndEachDistinctFailure) {
  auto dir =
      std::filesystem::temp_directory_path() / ("catsim-reports-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string command = std::string("'") + CATSIM_BINARY +
                        "' run --variant reader-ignores-tombstone --keep-going --seeds 400 "
                        "--no-progress --shrink-replays-max 200 --out '" +
                        (dir / "out").string() + "' --json '" + (dir / "r.json").string() +
                        "' --junit '" + (dir / "r.xml").string() + "' > /dev/null";
  int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  nlohmann::json report = nlohmann::json::parse(read((dir / "r.json").string()));
  EXPECT_EQ(report["seeds_run"], 400);
  EXPECT_EQ(report["configuration"]["variant"], "reader-ignores-tombstone");
  EXPECT_TRUE(report["coverage_marks"].contains("crash_at_post_stash_fence"));
  ASSERT_GE(report["failures"].size(), 1u);
  uint64_t seen = 0;
  for (const auto& failure : report["failures"]) {
    EXPECT_EQ(failure["property"], "P5");
    EXPECT_TRUE(std::filesystem::exists(failure["trace"].get<std::string>()));
    seen += failure["count"].get<uint64_t>();
  }
  EXPECT_GE(seen, report["failures"].size());
  std::string junit = read((dir / "r.xml").string());
  EXPECT_EQ(junit.rfind("<?xml", 0), 0u);
  EXPECT_EQ(count(junit, "<testcase "), report["failures"].size() + 1);
  EXPECT_EQ(count(junit, "<testsuite "), 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
