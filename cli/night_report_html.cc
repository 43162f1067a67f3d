#include "cli/night_report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "traces/render_html.h"

namespace catsim::cli {

namespace {

constexpr size_t kSeedsShown = 5;
constexpr int kChartWidth = 360, kChartHeight = 90;

double seeds_per_second(const Night& night) {
  return night.seconds > 0 ? static_cast<double>(night.seeds_run) / night.seconds : 0;
}

uint64_t count_of(const Night& night, const std::string& name) {
  for (const auto& [key, value] : night.counts) {
    if (key == name) return value;
  }
  return 0;
}

size_t marks_missed(const Night& night) {
  return static_cast<size_t>(std::count_if(night.coverage_marks.begin(), night.coverage_marks.end(),
                                           [](const auto& mark) { return mark.second == 0; }));
}

std::string relative_link(const std::string& file, const std::string& page_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path target = fs::absolute(file, error), base = fs::absolute(page_dir, error);
  const fs::path relative = target.lexically_normal().lexically_relative(base.lexically_normal());
  return (relative.empty() ? target : relative).generic_string();
}

uint64_t violating_seeds(const Night& night) {
  uint64_t total = 0;
  for (const NightFailure& failure : night.failures) total += failure.count;
  return total;
}

std::string render_nights_table(const std::vector<Night>& nights) {
  std::string rows;
  for (const Night& night : nights) {
    rows += fmt::format(
        "<tr><td>{}</td><td>{} {}</td><td class=\"n\">{}{}</td><td class=\"n\">{:.1f}</td>"
        "<td class=\"n\">{:.1f}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n{}\">{}</td></tr>\n",
        html_escape(night.label), html_escape(night.protocol), html_escape(night.variant),
        night.seeds_run,
        night.stopped_early ? fmt::format(" of {} (stopped early)", night.seeds_planned) : "",
        night.seconds, seeds_per_second(night), count_of(night, "steps"), violating_seeds(night),
        night.failures.size(), marks_missed(night) > 0 ? " zero" : "", marks_missed(night));
  }
  return "<table class=\"nights\">\n<tr><th>night</th><th>campaign</th><th>seeds run</th>"
         "<th>seconds</th><th>seeds/s</th><th>steps</th><th>violating seeds</th>"
         "<th>distinct failures</th><th>coverage marks at zero</th></tr>\n" +
         rows + "</table>\n";
}

// A bar per night, labelled with its value and the night.
std::string render_trend(const std::vector<Night>& nights, std::string_view title,
                         double (*value_of)(const Night&)) {
  double top = 0;
  for (const Night& night : nights) top = std::max(top, value_of(night));
  const double slot = static_cast<double>(kChartWidth) / static_cast<double>(nights.size());
  std::string bars;
  for (size_t i = 0; i < nights.size(); ++i) {
    const double value = value_of(nights[i]);
    const double height = top > 0 ? value / top * (kChartHeight - 30) : 0;
    const double x = slot * static_cast<double>(i), y = kChartHeight - 16 - height;
    bars += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"></rect>"
        "<text class=\"value\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>"
        "<text class=\"night\" x=\"{:.1f}\" y=\"{}\">{}</text>\n",
        x + slot * 0.15, y, slot * 0.7, std::max(height, 1.0), x + slot / 2, y - 3,
        value == std::floor(value) ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value),
        x + slot / 2, kChartHeight - 3, html_escape(nights[i].label));
  }
  return fmt::format(
      "<figure class=\"trend\"><figcaption>{0}</figcaption><svg width=\"{1}\" height=\"{2}\" "
      "viewBox=\"0 0 {1} {2}\" role=\"img\" aria-label=\"{0} per night\">\n{3}</svg></figure>\n",
      title, kChartWidth, kChartHeight, bars);
}

std::string render_trends(const std::vector<Night>& nights) {
  if (nights.size() < 2) return "";
  return "<h2>Trend over " + std::to_string(nights.size()) +
         " nights</h2>\n<div class=\"trends\">\n" +
         render_trend(nights, "seeds per second", seeds_per_second) +
         render_trend(nights, "seeds run",
                      [](const Night& n) { return static_cast<double>(n.seeds_run); }) +
         render_trend(nights, "distinct failures",
                      [](const Night& n) { return static_cast<double>(n.failures.size()); }) +
         render_trend(nights, "coverage marks at zero",
                      [](const Night& n) { return static_cast<double>(marks_missed(n)); }) +
         "</div>\n";
}

// The last night's marks as bars on a log scale; every night's value beside it.
std::string render_coverage(const std::vector<Night>& nights) {
  const Night& last = nights.back();
  uint64_t top = 1;
  for (const auto& [name, value] : last.coverage_marks) top = std::max(top, value);
  std::string rows;
  for (const auto& [name, value] : last.coverage_marks) {
    const double share =
        std::log10(static_cast<double>(value) + 1) / std::log10(static_cast<double>(top) + 1) * 100;
    std::string history;
    if (nights.size() > 1) {
      for (const Night& night : nights) {
        uint64_t then = 0;
        for (const auto& [key, count] : night.coverage_marks) {
          if (key == name) then = count;
        }
        history += fmt::format("<span class=\"{}\">{}</span> ", then == 0 ? "zero" : "", then);
      }
      history = "<td class=\"history\">" + history + "</td>";
    }
    rows += fmt::format(
        "<tr class=\"{0}\"><td class=\"mark\">{1}</td><td class=\"bar\"><span class=\"fill\" "
        "style=\"width:{2:.1f}%\"></span></td><td class=\"n\">{3}{4}</td>{5}</tr>\n",
        value == 0 ? "zero" : "", html_escape(name), share, value,
        value == 0 ? " <strong>ZERO: never reached</strong>" : "", history);
  }
  return fmt::format(
      "<h2>Coverage marks, {}</h2>\n<p class=\"hint\">Rare states the campaign must reach; "
      "bar length on a log scale; a zero is flagged.</p>\n<table class=\"coverage\">\n<tr><th>mark"
      "</th><th>count (log scale)</th><th>count</th>{}</tr>\n{}</table>\n",
      html_escape(last.label), nights.size() > 1 ? "<th>per night, oldest first</th>" : "", rows);
}

struct Group {
  const NightFailure* latest = nullptr;  // the newest night's entry
  size_t first_seen = 0;
  std::vector<size_t> nights;
  uint64_t count = 0;
};

std::string render_failures(const std::vector<Night>& nights, const std::string& page_dir) {
  std::map<std::string, Group> groups;
  std::vector<std::string> order;  // signatures by first-seen night
  for (size_t n = 0; n < nights.size(); ++n) {
    for (const NightFailure& failure : nights[n].failures) {
      auto [it, added] = groups.try_emplace(failure.signature, Group{&failure, n});
      if (added) order.push_back(failure.signature);
      Group& group = it->second;
      if (!failure.trace_file.empty() || group.latest->trace_file.empty()) group.latest = &failure;
      group.nights.push_back(n);
      group.count += failure.count;
    }
  }
  if (order.empty()) return "<h2>Failures</h2>\n<p class=\"clean\">No failures.</p>\n";
  std::string rows;
  for (const std::string& signature : order) {
    const Group& group = groups.at(signature);
    const NightFailure& f = *group.latest;
    std::string seeds;
    for (size_t i = 0; i < std::min(f.seeds.size(), kSeedsShown); ++i) {
      seeds += (i ? " " : "") + std::to_string(f.seeds[i]);
    }
    if (f.seeds.size() > kSeedsShown) seeds += " ...";
    const std::string trace =
        f.trace_file.empty()
            ? "<span class=\"missing\">trace not found</span>"
            : fmt::format("<a href=\"{}\">{}</a> ({} steps{})",
                          html_escape(relative_link(f.trace_file, page_dir)),
                          html_escape(std::filesystem::path(f.trace_file).filename().string()),
                          f.shrunk ? f.shrunk_steps : f.steps,
                          f.shrunk ? fmt::format(", shrunk from {}", f.steps) : "");
    std::string seen;
    for (size_t n : group.nights) seen += (seen.empty() ? "" : ", ") + html_escape(nights[n].label);
    const bool fresh = nights.size() > 1 && group.first_seen + 1 == nights.size();
    rows += fmt::format(
        "<tr><td class=\"property\">{}</td><td>{}<div class=\"signature\">{}</div></td>"
        "<td>{}{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"seeds\">{}</td>"
        "<td>{}</td></tr>\n",
        html_escape(f.property), html_escape(f.summary), html_escape(signature),
        html_escape(nights[group.first_seen].label), fresh ? " <strong>new</strong>" : "", seen,
        group.count, seeds, trace);
  }
  return fmt::format(
      "<h2>Failures: {} distinct</h2>\n<table class=\"failures\">\n<tr><th>property</th>"
      "<th>summary and signature</th><th>first seen</th><th>nights seen</th><th>seeds</th>"
      "<th>example seeds</th><th>trace (catsim show TRACE --html page.html)</th></tr>\n{}"
      "</table>\n",
      order.size(), rows);
}

constexpr std::string_view kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 20px; color: #1d232a; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 22px 0 6px; }
.hint { color: #5a6570; font-size: 12px; margin: 0 0 6px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #dde2e6; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1f4f7; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.zero, tr.zero td { color: #b71c1c; font-weight: 700; }
tr.zero td { background: #fdecec; }
.coverage td.mark { font-family: ui-monospace, monospace; font-size: 12px; }
.coverage td.bar { width: 420px; }
.coverage .fill { display: block; height: 12px; background: #3f7fd0; border-radius: 2px;
  min-width: 0; }
.coverage td.history { font: 12px ui-monospace, monospace; }
.coverage td.history .zero { color: #b71c1c; font-weight: 700; }
.trends { display: flex; flex-wrap: wrap; gap: 12px 28px; }
figure.trend { margin: 0; }
figcaption { font-size: 12px; font-weight: 600; color: #3a4550; }
svg rect { fill: #3f7fd0; }
svg text { font: 11px system-ui, sans-serif; fill: #3a4550; text-anchor: middle; }
svg text.value { font-weight: 600; }
.failures .property { font-weight: 700; color: #a01818; }
.signature { font: 11px ui-monospace, monospace; color: #5a6570; word-break: break-all; }
.seeds { font: 12px ui-monospace, monospace; }
.missing { color: #b71c1c; }
p.clean { color: #2e7d32; font-weight: 600; }
)";

}  // namespace

std::string render_night_report(const std::vector<Night>& nights, const std::string& page_dir) {
  std::string labels;
  for (const Night& night : nights) labels += (labels.empty() ? "" : ", ") + night.label;
  std::string body = render_nights_table(nights) + render_trends(nights);
  if (!nights.empty()) body += render_coverage(nights);
  body += render_failures(nights, page_dir);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<title>catsim nightly report</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<h1>catsim nightly report</h1>\n<p class=\"hint\">{} night{}, oldest first: {}</p>\n{}"
      "</body>\n</html>\n",
      kStyle, nights.size(), nights.size() == 1 ? "" : "s", html_escape(labels), body);
}

}  // namespace catsim::cli
