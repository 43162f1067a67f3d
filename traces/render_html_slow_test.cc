// The HTML page as a real browser sees it: headless Chromium loads the page
// from a file (with every network feature off) at 1400x900, runs its script,
// and dumps the DOM it built and a screenshot. The DOM must hold one lane
// per process and one mark per step; the timeline must span at least 80% of
// the window, for a short trace (the P2 regression) and for a long one
// (300+ steps, which scrolls), and every mark must show its label uncut.
// Skipped when /usr/bin/chromium is not installed (./dev installs it with
// the slow packages).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "harness/run.h"
#include "traces/headless_chromium.h"
#include "traces/render_html.h"

namespace catsim {
namespace {

constexpr double kTimelineShareMin = 0.8;

#define SKIP_WITHOUT_CHROMIUM()                                                                \
  if (!chromium::installed()) {                                                                \
    GTEST_SKIP() << chromium::kBinary << " is not installed (apt-get install -y chromium, or " \
                 << "./dev test --slow); skipping the headless browser check";                 \
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

Trace long_trace() {
  RunConfig config;  // many writers with many changes, crashing often: long runs
  config.procs = 8;
  config.readers = 3;
  config.changes_max = 20;
  config.boots_max = 10;
  config.crash_percent = 10;
  config.transient_percent = 5;
  config.indeterminate_percent = 3;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Trace trace = make_trace(run_seed(seed, config, RunOptions{true}), config);
    if (trace.events.size() >= 300) return trace;
  }
  ADD_FAILURE() << "no run of 300 steps within 20 seeds";
  return {};
}

Trace regression_trace(const std::string& name) {
  auto parsed = read_trace_file(std::string(CATSIM_SOURCE_DIR) + "/traces/regressions/" + name);
  if (auto* error = std::get_if<TraceError>(&parsed)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<Trace>(parsed);
}

struct Rendered {
  std::string dir, page, dom;
};

Rendered render_in_chromium(const Trace& trace) {
  Rendered out;
  out.dir = chromium::make_temp_dir("catsim_html_");
  out.page = out.dir + "/trace.html";
  std::ofstream(out.page) << render_html(trace);
  out.dom = chromium::dump_dom(out.page, out.dir);
  return out;
}

// The timeline spans most of the window, and every mark shows its label uncut.
void expect_readable_layout(const Trace& trace, const Rendered& rendered) {
  const long viewport = chromium::attribute_number(rendered.dom, "data-viewport-width");
  const long timeline = chromium::attribute_number(rendered.dom, "data-timeline-width");
  ASSERT_GT(viewport, 0) << "the page's script did not record its layout";
  EXPECT_EQ(viewport, chromium::kWidth);
  EXPECT_GE(static_cast<double>(timeline), kTimelineShareMin * static_cast<double>(viewport))
      << "the timeline spans " << timeline << " of " << viewport << " pixels";
  EXPECT_EQ(chromium::attribute_number(rendered.dom, "data-marks"),
            static_cast<long>(trace.events.size()));
  EXPECT_EQ(chromium::attribute_number(rendered.dom, "data-labelled-marks"),
            static_cast<long>(trace.events.size()))
      << "some marks show no label or a cut one";
  const std::regex labelled(
      R"re(class="step[^"]*" data-step="\d+"[^>]*>(<span class="store"[^>]*>[a-z]+</span>)?<span class="op">[^<]+</span>)re");
  EXPECT_EQ(count_matches(rendered.dom, labelled), trace.events.size());
}

TEST(RenderHtmlInChromium, DomHasOneLanePerProcessAndOneMarkPerStep) {
  SKIP_WITHOUT_CHROMIUM();
  const Trace trace = violating_trace();
  ASSERT_TRUE(trace.violation.has_value());
  const Rendered rendered = render_in_chromium(trace);
  const std::string& dom = rendered.dom;
  ASSERT_FALSE(dom.empty());
  const std::regex lane(R"re(<div class="row lane" data-process="([^"]*)")re");
  std::vector<std::string> lanes;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), lane); it != std::sregex_iterator();
       ++it) {
    lanes.push_back((*it)[1]);
  }
  EXPECT_EQ(lanes, trace.header.process_names);

  const std::regex mark(R"re(class="step[^"]*" data-step="(\d+)")re");
  std::map<std::string, int> marks;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), mark); it != std::sregex_iterator();
       ++it) {
    ++marks[(*it)[1]];
  }
  std::map<std::string, int> expected;
  for (const StepEvent& event : trace.events) ++expected[std::to_string(event.step)];
  EXPECT_EQ(marks, expected);
  EXPECT_EQ(count_matches(dom, std::regex(R"(data-violation="true" data-related)")), 1u);
  EXPECT_NE(dom.find(trace.violation->summary), std::string::npos);
  // The script selected the violating step and filled the panel with its stores.
  EXPECT_NE(dom.find("<h2 id=\"details-title\">Step " + std::to_string(trace.violation->step)),
            std::string::npos);
  EXPECT_NE(dom.find("<table class=\"stores\">"), std::string::npos);
  std::filesystem::remove_all(rendered.dir);
}

TEST(RenderHtmlInChromium, RegressionTraceFillsTheWindowWithLabelledMarks) {
  SKIP_WITHOUT_CHROMIUM();
  const Trace trace = regression_trace("single-tombstone--as-designed--P2.trace.jsonl");
  ASSERT_TRUE(trace.violation.has_value());
  const Rendered rendered = render_in_chromium(trace);
  ASSERT_FALSE(rendered.dom.empty());
  expect_readable_layout(trace, rendered);
  // The lost acknowledged commit and the flip that lost it are marked.
  EXPECT_NE(rendered.dom.find("the acknowledged commit that was lost"), std::string::npos);
  EXPECT_NE(rendered.dom.find("the source of truth moved to stash"), std::string::npos);
  EXPECT_TRUE(chromium::screenshot(rendered.page, rendered.dir + "/trace.png", rendered.dir));
  std::filesystem::remove_all(rendered.dir);
}

TEST(RenderHtmlInChromium, LongTraceScrollsWithLabelledMarks) {
  SKIP_WITHOUT_CHROMIUM();
  const Trace trace = long_trace();
  ASSERT_GE(trace.events.size(), 300u);
  const Rendered rendered = render_in_chromium(trace);
  ASSERT_FALSE(rendered.dom.empty());
  expect_readable_layout(trace, rendered);
  EXPECT_NE(rendered.dom.find("class=\"timeline narrow\""), std::string::npos)
      << "a long trace should use the narrow (vertical label) layout";
  EXPECT_TRUE(chromium::screenshot(rendered.page, rendered.dir + "/trace.png", rendered.dir));
  std::filesystem::remove_all(rendered.dir);
}

}  // namespace
}  // namespace catsim
