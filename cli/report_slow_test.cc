// The nightly report as a browser sees it: headless Chromium loads the page
// of one night and of three nights at 1400x900 with every network feature
// off; the DOM it builds holds the coverage bars (one per mark, zeros
// flagged), the failures with their trace links, and with three nights the
// four trend charts of three bars each; a screenshot is taken. Skipped when
// /usr/bin/chromium is not installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <string>

#include "cli/report_test_nights.h"
#include "traces/headless_chromium.h"

namespace catsim {
namespace {

using ::testing::HasSubstr;

size_t count_matches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), {}));
}

void check_report_in_chromium(int night_count) {
  const std::string base = report_test::make_temp_dir("catsim_report_slow_");
  const std::vector<std::string> nights = report_test::make_nights(base, night_count);
  std::string args = "report";
  for (int n = 1; n <= night_count; ++n) args += " night-" + std::to_string(n);
  ASSERT_EQ(report_test::run_catsim_in(base, args + " -o report.html").status, 0);
  const std::string page = base + "/report.html";
  const std::string dom = chromium::dump_dom(page, base);
  ASSERT_FALSE(dom.empty());
  const nlohmann::json last =
      nlohmann::json::parse(report_test::read_file(nights.back() + "/summary.json"));
  size_t zeros = 0;
  for (const auto& [mark, count] : last["coverage_marks"].items()) zeros += count == 0;
  EXPECT_EQ(count_matches(dom, R"(<span class="fill" style="width:[0-9.]+%")"),
            last["coverage_marks"].size());
  EXPECT_EQ(count_matches(dom, "ZERO: never reached"), zeros);
  EXPECT_GE(
      count_matches(dom, R"(<a href="[^"]*night-\d/failures/seed-\d+\.shrunk\.trace\.jsonl")"),
      last["failures"].size());
  EXPECT_EQ(count_matches(dom, "<figure class=\"trend\">"), night_count > 1 ? 4u : 0u);
  EXPECT_EQ(count_matches(dom, "<rect "), night_count > 1 ? 4u * night_count : 0u);
  EXPECT_TRUE(chromium::screenshot(page, base + "/report.png", base));
  std::filesystem::remove_all(base);
}

TEST(ReportInChromium, OneNight) {
  if (!chromium::installed()) GTEST_SKIP() << chromium::kBinary << " is not installed";
  check_report_in_chromium(1);
}

TEST(ReportInChromium, ThreeNights) {
  if (!chromium::installed()) GTEST_SKIP() << chromium::kBinary << " is not installed";
  check_report_in_chromium(3);
}

}  // namespace
}  // namespace catsim
