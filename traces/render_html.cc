#include "traces/render_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "impl/source_of_truth.h"
#include "traces/render_columns.h"

namespace catsim {

namespace {

// Geometry of the swimlane, in SVG user units (pixels).
constexpr int kNameWidth = 150;  // the column of lane names
constexpr int kStepWidth = 12;   // one step along the x axis
constexpr int kAxisHeight = 22;
constexpr int kLaneHeight = 28;
constexpr int kTrackHeight = 20;
constexpr int kTickEvery = 10;  // steps between two labelled ticks
constexpr size_t kLaneNameChars = 20;

constexpr std::string_view kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1em; color: #222; background: #fff; }
h1 { font-size: 1.3em; margin: 0 0 .3em 0; }
h2 { font-size: 1.1em; margin: 0 0 .3em 0; }
.meta { color: #555; margin: 0 0 .8em 0; }
.violation { border: 2px solid #c00; background: #fff0f0; padding: .5em 1em; margin-bottom: 1em; }
.violation ul { margin: .3em 0; font-family: monospace; }
.clean { border: 2px solid #4a7; background: #f0fff4; padding: .5em 1em; margin-bottom: 1em; }
.legend span { display: inline-block; margin-right: 1.2em; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: .3em; vertical-align: -1px; }
.scroll { overflow-x: auto; border: 1px solid #ccc; margin: .8em 0; }
svg text { font: 11px monospace; fill: #222; }
.lane-bg { fill: #f6f6f6; }
.lane:nth-of-type(even) .lane-bg { fill: #ececec; }
.step { cursor: pointer; }
.step[data-kind=run] { fill: #5b9; }
.step[data-applied=true] { fill: #286; }
.step[data-failed=true] { fill: #f90; stroke: #a50; stroke-width: 1.5; }
.step[data-kind=crash] { fill: #d00; }
.step[data-kind=restart] { fill: #36c; }
.step[data-violation=true] { stroke: #c00; stroke-width: 3; }
.violation-marker { fill: #f33; fill-opacity: .25; }
.tick { stroke: #ccc; }
.segment { fill: #dde; stroke: #fff; }
.segment[data-parity=odd] { fill: #ccd; }
.segment[data-value=stash] { fill: #9bd; }
.segment[data-value=persist] { fill: #db8; }
.segment[data-value=NONE] { fill: #f66; }
#selected { background: #f6f6f6; padding: .5em; min-height: 3em; white-space: pre-wrap; }
)";

// Shows the clicked mark's tooltip in the panel; reads the DOM only.
constexpr std::string_view kScript = R"(
(function () {
  var panel = document.getElementById('selected');
  document.querySelectorAll('.step').forEach(function (mark) {
    mark.addEventListener('click', function () {
      var title = mark.querySelector('title');
      panel.textContent = title ? title.textContent : '';
    });
  });
})();
)";

int step_x(size_t index) {
  return kNameWidth + static_cast<int>(index) * kStepWidth;
}

std::optional<size_t> violation_index(const Trace& trace) {
  if (!trace.violation) return std::nullopt;
  for (size_t i = 0; i < trace.events.size(); ++i) {
    if (trace.events[i].step == trace.violation->step) return i;
  }
  return std::nullopt;
}

// A bar for a run, a downward red triangle for a crash, a blue dot for a restart.
std::string mark_shape(StepAction action, int x) {
  const int middle = kLaneHeight / 2, half = kStepWidth / 2 - 1;
  switch (action) {
    case StepAction::kCrash:
      return fmt::format(R"(polygon points="{},{} {},{} {},{}")", x, 5, x + 2 * half, 5, x + half,
                         kLaneHeight - 5);
    case StepAction::kRestart:
      return fmt::format(R"(circle cx="{}" cy="{}" r="{}")", x + half, middle, half);
    case StepAction::kRun:
      break;
  }
  return fmt::format(R"(rect x="{}" y="{}" width="{}" height="{}" rx="2")", x, 6, kStepWidth - 2,
                     kLaneHeight - 12);
}

std::string render_mark(const Trace& trace, size_t index, bool violated) {
  const StepEvent& event = trace.events[index];
  const bool applied = std::any_of(event.calls.begin(), event.calls.end(),
                                   [](const CallRecord& call) { return call.took_effect; });
  const std::string shape = mark_shape(event.action, step_x(index) + 1);
  const std::string tag = shape.substr(0, shape.find(' '));
  return fmt::format(
      R"(<{} class="step" data-step="{}" data-kind="{}" data-failed="{}" data-applied="{}" )"
      R"(data-violation="{}"><title>{}</title></{}>)"
      "\n",
      shape, event.step, step_action_name(event.action), step_failed(event), applied, violated,
      html_escape(step_description(trace, event)), tag);
}

std::string render_lanes(const Trace& trace, std::optional<size_t> violated, int width) {
  const std::vector<std::string>& names = trace.header.process_names;
  std::vector<std::string> lanes(names.size());
  for (size_t p = 0; p < names.size(); ++p) {
    lanes[p] = fmt::format(
        "<g class=\"lane\" data-process=\"{0}\" transform=\"translate(0,{1})\">\n"
        "<rect class=\"lane-bg\" x=\"0\" y=\"0\" width=\"{2}\" height=\"{3}\"></rect>\n"
        "<text x=\"4\" y=\"{4}\">{5}<title>{0}</title></text>\n",
        html_escape(names[p]), kAxisHeight + static_cast<int>(p) * kLaneHeight, width, kLaneHeight,
        kLaneHeight / 2 + 4, html_escape(fit(printable(names[p]), kLaneNameChars)));
  }
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const uint32_t process = trace.events[i].process;
    if (process < lanes.size()) lanes[process] += render_mark(trace, i, violated == i);
  }
  std::string out;
  for (const std::string& lane : lanes) out += lane + "</g>\n";
  return out;
}

std::string render_axis(const Trace& trace, int height) {
  std::string out = "<g class=\"axis\">\n";
  for (size_t i = 0; i < trace.events.size(); i += kTickEvery) {
    const int x = step_x(i) + kStepWidth / 2;
    out += fmt::format(
        "<line class=\"tick\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"></line>"
        "<text x=\"{3}\" y=\"{4}\">{5}</text>\n",
        x, kAxisHeight - 4, height, x - 3, kAxisHeight - 8, trace.events[i].step);
  }
  return out + "</g>\n";
}

// One track: runs of steps with an equal value, each one segment.
std::string render_track(const Trace& trace, int y, std::string_view title,
                         std::string (*value_of)(const StepEvent&, Protocol)) {
  const Protocol protocol = trace.header.config.protocol;
  std::string out = fmt::format(
      "<g class=\"track\" data-track=\"{0}\" transform=\"translate(0,{1})\">\n"
      "<text x=\"4\" y=\"{2}\">{0}</text>\n",
      title, y, kTrackHeight / 2 + 4);
  size_t begin = 0, parity = 0;
  std::string value = trace.events.empty() ? "" : value_of(trace.events[0], protocol);
  for (size_t i = 1; i <= trace.events.size(); ++i) {
    std::string next = i < trace.events.size() ? value_of(trace.events[i], protocol) : "";
    if (i < trace.events.size() && next == value) continue;
    const int x = step_x(begin), width = static_cast<int>(i - begin) * kStepWidth;
    const std::string shown = html_escape(fit(printable(value), static_cast<size_t>(width / 7)));
    out += fmt::format(
        "<rect class=\"segment\" data-value=\"{0}\" data-parity=\"{1}\" x=\"{2}\" y=\"2\" "
        "width=\"{3}\" height=\"{4}\"><title>{5}: {0} (steps {6} to {7})</title></rect>"
        "<text x=\"{8}\" y=\"{9}\">{10}</text>\n",
        html_escape(value), parity++ % 2 == 0 ? "even" : "odd", x, width, kTrackHeight - 4, title,
        trace.events[begin].step, trace.events[i - 1].step, x + 2, kTrackHeight / 2 + 4, shown);
    begin = i;
    value = std::move(next);
  }
  return out + "</g>\n";
}

std::string stash_epoch(const StepEvent& e, Protocol) {
  return fmt::format("e{}", e.after.stash_epoch);
}
std::string persist_epoch(const StepEvent& e, Protocol) {
  return fmt::format("e{}", e.after.persist_epoch);
}
std::string tombstones(const StepEvent& e, Protocol protocol) {
  return describe(Tombstones{e.after.stash_tombstone, e.after.persist_tombstone}, protocol);
}
std::string truth(const StepEvent& e, Protocol) {
  return e.after.source_of_truth ? std::string(store_name(*e.after.source_of_truth)) : "NONE";
}

std::string render_svg(const Trace& trace) {
  const std::optional<size_t> violated = violation_index(trace);
  const int width = step_x(trace.events.size()) + kStepWidth;
  const int lanes_height = static_cast<int>(trace.header.process_names.size()) * kLaneHeight;
  const int tracks_y = kAxisHeight + lanes_height + 6;
  const int height = tracks_y + 4 * kTrackHeight + 4;
  std::string out = fmt::format(
      "<svg class=\"swimlane\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"swimlane of the trace\">\n",
      width, height);
  out += render_axis(trace, kAxisHeight + lanes_height);
  out += render_lanes(trace, violated, width);
  if (violated) {
    out += fmt::format(
        "<rect class=\"violation-marker\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">"
        "<title>{} violated at step {}</title></rect>\n",
        step_x(*violated), kAxisHeight, kStepWidth, height - kAxisHeight,
        html_escape(trace.violation->property), trace.violation->step);
  }
  out += render_track(trace, tracks_y, "stash epoch", stash_epoch);
  out += render_track(trace, tracks_y + kTrackHeight, "persist epoch", persist_epoch);
  out += render_track(trace, tracks_y + 2 * kTrackHeight, "tombstone", tombstones);
  out += render_track(trace, tracks_y + 3 * kTrackHeight, "truth", truth);
  return out + "</svg>\n";
}

std::string render_verdict(const Trace& trace) {
  if (!trace.violation) {
    return "<section class=\"clean\" id=\"verdict\"><p>No violation recorded.</p></section>\n";
  }
  const Violation& v = *trace.violation;
  std::string out = fmt::format(
      "<section class=\"violation\" id=\"violation\">\n<h2>Violation of {} at step {} "
      "(process {})</h2>\n<p class=\"summary\">{}</p>\n<ul>\n",
      html_escape(v.property), v.step, html_escape(process_name_or_index(trace, v.process)),
      html_escape(v.summary));
  for (const std::string& line : v.details) out += fmt::format("<li>{}</li>\n", html_escape(line));
  return out + "</ul>\n</section>\n";
}

std::string render_legend() {
  constexpr std::string_view kItems[][2] = {{"#5b9", "step"},        {"#286", "call took effect"},
                                            {"#f90", "call failed"}, {"#d00", "crash"},
                                            {"#36c", "restart"},     {"#f33", "violation"}};
  std::string out = "<p class=\"legend\">";
  for (const auto& item : kItems) {
    out += fmt::format("<span><span class=\"swatch\" style=\"background: {}\"></span>{}</span>",
                       item[0], item[1]);
  }
  return out + "</p>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    if (start > 0) out += '\n';
    for (char c : printable(text.substr(start, end - start))) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out += c;
      }
    }
    start = end + 1;
  }
  return out;
}

std::string render_html(const Trace& trace) {
  const TraceHeader& h = trace.header;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<title>catsim trace: seed {0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
      "<h1>catsim trace: seed {0}</h1>\n"
      "<p class=\"meta\">{2} {3}, {4} steps, trace hash {5:016x}; "
      "recorded by catsim {6} ({7})</p>\n",
      h.seed, kStyle, protocol_name(h.config.protocol), html_escape(h.config.variant), trace.steps,
      trace.trace_hash, html_escape(h.catsim_version), html_escape(h.git_commit));
  out += render_verdict(trace);
  out += render_legend();
  out += "<div class=\"scroll\">\n" + render_svg(trace) + "</div>\n";
  out +=
      "<h2>Selected step</h2>\n<pre id=\"selected\">Click a mark to show its step here."
      "</pre>\n";
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return out;
}

}  // namespace catsim
