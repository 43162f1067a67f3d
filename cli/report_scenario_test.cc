// catsim report end to end on generated nights: one night gives a page with
// its campaign, seeds per second, the coverage chart with every mark, and
// the failures linked to their shrunk traces by working relative links;
// three nights add the trend and each failure's first-seen night. A
// malformed summary is exit 2 with one line, and nothing is written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/report_test_nights.h"

namespace catsim {
namespace {

namespace fs = std::filesystem;
using report_test::read_file;
using report_test::run_catsim_in;
using ::testing::HasSubstr;
using ::testing::Not;

size_t count_rows(const std::string& page) {
  const std::regex row(R"re(<tr><td class="property">)re");
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(page.begin(), page.end(), row), {}));
}

TEST(ReportCommand, OneNightLinksItsShrunkTracesAndChartsEveryMark) {
  const std::string base = report_test::make_temp_dir("catsim_report_");
  const std::vector<std::string> nights = report_test::make_nights(base, 1);
  fs::create_directories(base + "/site");
  const auto done = run_catsim_in(base, "report night-1 -o site/report.html");
  ASSERT_EQ(done.status, 0) << done.err;
  const std::string page = read_file(base + "/site/report.html");
  const nlohmann::json summary = nlohmann::json::parse(read_file(nights[0] + "/summary.json"));
  EXPECT_THAT(page, HasSubstr("1 night, oldest first: night-1"));
  EXPECT_THAT(page, HasSubstr("single-tombstone tombstone-before-copy"));
  EXPECT_THAT(page, HasSubstr("<th>seeds/s</th>"));
  EXPECT_THAT(page, Not(HasSubstr("Trend over")));
  for (const auto& [mark, count] : summary["coverage_marks"].items()) {
    EXPECT_THAT(page, HasSubstr("<td class=\"mark\">" + mark + "</td>"));
  }
  ASSERT_FALSE(summary["failures"].empty());
  EXPECT_THAT(page,
              HasSubstr("Failures: " + std::to_string(summary["failures"].size()) + " distinct"));
  const std::regex link(R"re(<a href="([^"]+)">)re");
  size_t links = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator();
       ++it, ++links) {
    const std::string target = (*it)[1];
    EXPECT_THAT(target, HasSubstr("../night-1/failures/"));
    EXPECT_THAT(target, HasSubstr(".shrunk.trace.jsonl"));
    EXPECT_TRUE(fs::is_regular_file(base + "/site/" + target)) << target;
  }
  EXPECT_EQ(links, summary["failures"].size());
  fs::remove_all(base);
}

TEST(ReportCommand, ThreeNightsShowTheTrendAndWhenEachFailureWasFirstSeen) {
  const std::string base = report_test::make_temp_dir("catsim_report_");
  report_test::make_nights(base, 3);
  const auto done = run_catsim_in(base, "report night-1 night-2 night-3 -o report.html");
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_EQ(done.out, "wrote report.html (3 nights)\n");
  const std::string page = read_file(base + "/report.html");
  EXPECT_THAT(page, HasSubstr("3 nights, oldest first: night-1, night-2, night-3"));
  EXPECT_THAT(page, HasSubstr("Trend over 3 nights"));
  EXPECT_THAT(page, HasSubstr("<figcaption>seeds per second</figcaption>"));
  EXPECT_THAT(page, HasSubstr("<th>per night, oldest first</th>"));
  // Every failure row names its first-seen night; the earliest night is among them.
  const std::regex first_seen(R"re(<td>(night-[123])( <strong>new</strong>)?</td><td>night-)re");
  std::set<std::string> firsts;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), first_seen);
       it != std::sregex_iterator(); ++it) {
    firsts.insert((*it)[1]);
  }
  EXPECT_TRUE(firsts.count("night-1")) << page;
  // Each group links the newest trace of its signature, relative to the page.
  const std::regex link(R"re(<a href="(night-[123]/failures/[^"]+)">)re");
  size_t links = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator();
       ++it, ++links) {
    EXPECT_TRUE(fs::is_regular_file(base + "/" + (*it)[1].str())) << (*it)[1];
  }
  EXPECT_GT(links, 0u);
  EXPECT_EQ(links, count_rows(page));
  // The same page twice: deterministic.
  ASSERT_EQ(run_catsim_in(base, "report night-1 night-2 night-3 -o again.html").status, 0);
  EXPECT_EQ(read_file(base + "/again.html"), page);
  fs::remove_all(base);
}

TEST(ReportCommand, MalformedInputIsExit2WithOneLineAndWritesNothing) {
  const std::string base = report_test::make_temp_dir("catsim_report_");
  fs::create_directories(base + "/bad");
  std::ofstream(base + "/bad/summary.json") << "{\"seeds_run\": 3}";
  std::ofstream(base + "/report.html") << "old";
  for (std::string nights : {"bad", "missing", "bad/summary.json:bad"}) {
    const auto failed = run_catsim_in(base, "report " + nights + " -o report.html");
    EXPECT_EQ(failed.status, 2) << nights;
    EXPECT_THAT(failed.err, HasSubstr("catsim: "));
    EXPECT_EQ(std::count(failed.err.begin(), failed.err.end(), '\n'), 1) << failed.err;
    EXPECT_EQ(failed.out, "");
    EXPECT_EQ(read_file(base + "/report.html"), "old");
  }
  EXPECT_EQ(run_catsim_in(base, "report -o report.html").status, 2) << "no night";
  EXPECT_EQ(run_catsim_in(base, "report bad").status, 2) << "no output";
  for (const auto& entry : fs::directory_iterator(base)) {
    EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".tmp"))) << "a temp file left";
  }
  fs::remove_all(base);
}

}  // namespace
}  // namespace catsim
