// The HTML page as a real browser sees it: headless Chromium loads the page
// from a file (with every network feature off) and dumps the DOM it built;
// the DOM must hold one lane per process and one step mark per step.
// Skipped when /usr/bin/chromium is not installed (./dev installs it with
// the slow packages).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "harness/run.h"
#include "traces/render_html.h"

namespace catsim {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr int kChromiumSecondsMax = 120;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string make_temp_dir(const std::string& prefix) {
  std::string dir = ::testing::TempDir() + prefix + "XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << dir;
    return "";
  }
  return dir;
}

// The DOM Chromium built from the page, or "" (with a failure) if it failed.
std::string dump_dom(const std::string& page_path, const std::string& work_dir) {
  const std::string profile = make_temp_dir("catsim_chromium_profile_");
  const std::string out = work_dir + "/dom.html", err = work_dir + "/chromium.log";
  const std::string command =
      "timeout " + std::to_string(kChromiumSecondsMax) + " " + kChromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" +
      profile + "' --dump-dom 'file://" + page_path + "' >'" + out + "' 2>'" + err + "' </dev/null";
  const int raw = std::system(command.c_str());
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  const bool exited = raw != -1 && WIFEXITED(raw) && WEXITSTATUS(raw) == 0;
  std::string dom = read_file(out);
  EXPECT_TRUE(exited) << "chromium failed (status " << raw << "):\n" << read_file(err);
  return exited ? dom : "";
}

size_t count_matches(const std::string& text, const std::regex& pattern) {
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), {}));
}

Trace violating_trace() {
  RunConfig config;
  config.variant = "tombstone-before-copy";
  config.crash_percent = 5;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Trace trace = make_trace(run_seed(seed, config, RunOptions{true}), config);
    if (trace.violation) return trace;
  }
  ADD_FAILURE() << "tombstone-before-copy did not violate within 50 seeds";
  return {};
}

TEST(RenderHtmlInChromium, DomHasOneLanePerProcessAndOneMarkPerStep) {
  if (access(kChromium, X_OK) != 0) {
    GTEST_SKIP() << kChromium << " is not installed (apt-get install -y chromium, or ./dev "
                 << "test --slow); skipping the headless browser check";
  }
  const Trace trace = violating_trace();
  ASSERT_TRUE(trace.violation.has_value());
  const std::string dir = make_temp_dir("catsim_html_");
  ASSERT_FALSE(dir.empty());
  const std::string page = dir + "/trace.html";
  std::ofstream(page) << render_html(trace);

  const std::string dom = dump_dom(page, dir);
  ASSERT_FALSE(dom.empty());
  const std::regex lane(R"re(<g class="lane" data-process="([^"]*)")re");
  std::vector<std::string> lanes;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), lane); it != std::sregex_iterator();
       ++it) {
    lanes.push_back((*it)[1]);
  }
  EXPECT_EQ(lanes, trace.header.process_names);

  const std::regex mark(R"re(class="step" data-step="(\d+)")re");
  std::map<std::string, int> marks;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), mark); it != std::sregex_iterator();
       ++it) {
    ++marks[(*it)[1]];
  }
  std::map<std::string, int> expected;
  for (const StepEvent& event : trace.events) ++expected[std::to_string(event.step)];
  EXPECT_EQ(marks, expected);
  EXPECT_EQ(count_matches(dom, std::regex(R"(data-violation="true")")), 1u);
  EXPECT_NE(dom.find(trace.violation->summary), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace catsim
