#include "traces/render_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "impl/source_of_truth.h"
#include "traces/render_columns.h"
#include "traces/render_html_assets.h"
#include "traces/step_marks.h"
#include "traces/trace_page_data.h"
#include "traces/violation_context.h"

namespace catsim {

namespace {

constexpr size_t kLaneNameChars = 18;

std::string bool_attribute(bool value) {
  return value ? "true" : "false";
}

std::string render_mark(const Trace& trace, size_t index, const std::string& related) {
  const StepEvent& event = trace.events[index];
  const bool violated = trace.violation && trace.violation->step == event.step;
  std::string store;
  if (event.action == StepAction::kRun && !event.calls.empty()) {
    const std::string_view name = store_name(event.calls[0].store);
    store = fmt::format("<span class=\"store\" data-letter=\"{}\">{}</span>",
                        name == "stash" ? "S" : "P", name);
  }
  return fmt::format(
      "<div class=\"step\" data-step=\"{}\" data-index=\"{}\" data-kind=\"{}\" "
      "data-result=\"{}\" data-failed=\"{}\" data-noted=\"{}\" data-violation=\"{}\" "
      "data-related=\"{}\" aria-label=\"step {}: {}\" style=\"--i:{}\">{}"
      "<span class=\"op\">{}</span></div>\n",
      event.step, index, step_action_name(event.action), mark_result_name(mark_result(event)),
      bool_attribute(step_failed(event)), bool_attribute(!event.notes.empty()),
      bool_attribute(violated), html_escape(related), event.step, html_escape(step_summary(event)),
      index, store, html_escape(mark_label(event)));
}

std::string render_row(std::string_view kind, std::string_view key, const std::string& name,
                       const std::string& title, const std::string& cells) {
  return fmt::format(
      "<div class=\"row {0}\" {1}=\"{2}\"><div class=\"name\" title=\"{3}\">{4}</div>"
      "<div class=\"cells\">\n{5}</div></div>\n",
      kind, key, html_escape(title), html_escape(title), html_escape(name), cells);
}

std::string render_lanes(const Trace& trace, const std::map<size_t, std::string>& related) {
  const std::vector<std::string>& names = trace.header.process_names;
  std::vector<std::string> cells(names.size());
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const uint32_t process = trace.events[i].process;
    auto reason = related.find(i);
    if (process < cells.size()) {
      cells[process] += render_mark(trace, i, reason == related.end() ? "" : reason->second);
    }
  }
  std::string out;
  for (size_t p = 0; p < names.size(); ++p) {
    out += render_row("lane", "data-process", fit(printable(names[p]), kLaneNameChars), names[p],
                      cells[p]);
  }
  return out;
}

std::string render_axis(const Trace& trace) {
  std::string cells;
  for (size_t i = 0; i < trace.events.size(); ++i) {
    cells += fmt::format("<span class=\"tick{}\" style=\"--i:{}\">{}</span>",
                         i % 10 == 0  ? " t10"
                         : i % 5 == 0 ? " t5"
                                      : "",
                         i, trace.events[i].step);
  }
  return render_row("axis", "data-axis", "step", "step", cells + "\n");
}

using ValueOf = std::string (*)(const StepEvent&, Protocol);

// One track: runs of steps with an equal value, each one segment.
std::string render_track(const Trace& trace, std::string_view title, ValueOf value_of) {
  const Protocol protocol = trace.header.config.protocol;
  std::string cells;
  size_t begin = 0, parity = 0;
  for (size_t i = 1; i <= trace.events.size(); ++i) {
    const std::string value = value_of(trace.events[begin], protocol);
    if (i < trace.events.size() && value_of(trace.events[i], protocol) == value) continue;
    cells += fmt::format(
        "<span class=\"segment\" data-value=\"{0}\" data-parity=\"{1}\" data-first=\"{2}\" "
        "data-last=\"{3}\" style=\"--i:{4};--n:{5}\">{0}</span>\n",
        html_escape(value), parity++ % 2 == 0 ? "even" : "odd", trace.events[begin].step,
        trace.events[i - 1].step, begin, i - begin);
    begin = i;
  }
  return render_row("track", "data-track", std::string(title), std::string(title), cells);
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
std::string contents(const std::optional<ContentsSummary>& summary) {
  if (!summary) return "not recorded";
  if (!summary->initialized) return "empty";
  return fmt::format("{} object{}", summary->objects, summary->objects == 1 ? "" : "s");
}
std::string stash_contents(const StepEvent& e, Protocol) {
  return contents(e.after.stash_contents);
}
std::string persist_contents(const StepEvent& e, Protocol) {
  return contents(e.after.persist_contents);
}

std::string render_bands(const Trace& trace, const std::vector<RelatedStep>& related) {
  std::string out = "<div class=\"bands\">\n";
  for (const RelatedStep& step : related) {
    const bool violated = trace.events[step.index].step == trace.violation->step;
    out += fmt::format(
        "<span class=\"band {}\" data-index=\"{}\" data-label=\"{}\" style=\"--i:{}\"></span>\n",
        violated ? "violation-band" : "related-band", step.index,
        violated ? std::string(property_name(trace.violation->property)) : "dep", step.index);
  }
  return out + "<span class=\"band cursor\" id=\"cursor\"></span>\n</div>\n";
}

std::string render_timeline(const Trace& trace, const std::vector<RelatedStep>& related) {
  std::map<size_t, std::string> reasons;
  for (const RelatedStep& step : related) reasons[step.index] = step.reason;
  std::string rows = render_axis(trace) + render_lanes(trace, reasons);
  rows += render_track(trace, "stash epoch", stash_epoch);
  rows += render_track(trace, "persist epoch", persist_epoch);
  rows += render_track(
      trace, trace.header.config.protocol == Protocol::kTwoTombstone ? "tombstones" : "tombstone",
      tombstones);
  rows += render_track(trace, "source of truth", truth);
  rows += render_track(trace, "stash contents", stash_contents);
  rows += render_track(trace, "persist contents", persist_contents);
  return fmt::format(
      "<div class=\"timeline\" id=\"timeline\" tabindex=\"0\" data-steps=\"{0}\" "
      "style=\"--steps:{0}\">\n<div class=\"sheet\">\n{1}{2}</div>\n</div>\n",
      trace.events.size(), rows, render_bands(trace, related));
}

std::string render_verdict(const Trace& trace, const std::vector<RelatedStep>& related) {
  if (!trace.violation) {
    return "<section class=\"clean\" id=\"verdict\"><p>No violation recorded.</p></section>\n";
  }
  const Violation& v = *trace.violation;
  std::string out = fmt::format(
      "<section class=\"violation\" id=\"violation\">\n<h2>{} violated at step {} by {}: "
      "<span class=\"summary\">{}</span></h2>\n<ul>\n",
      v.property, v.step, html_escape(process_name_or_index(trace, v.process)),
      html_escape(v.summary));
  for (const std::string& line : v.details) out += fmt::format("<li>{}</li>\n", html_escape(line));
  out += "</ul>\n<p class=\"related\">Steps involved:";
  for (const RelatedStep& step : related) {
    const StepEvent& event = trace.events[step.index];
    out += fmt::format(
        " <button class=\"goto\" type=\"button\" data-index=\"{}\" data-violation=\"{}\">"
        "step {} ({}): {}</button>",
        step.index, bool_attribute(event.step == v.step), event.step,
        html_escape(process_name_or_index(trace, event.process)), html_escape(step.reason));
  }
  return out + "</p>\n</section>\n";
}

std::string render_legend() {
  std::string out = "<div class=\"legend\">";
  for (MarkResult result : kAllMarkResults) {
    const std::string_view name = mark_result_name(result);
    out += fmt::format(
        "<span class=\"item\"><span class=\"step sample\" data-result=\"{}\">"
        "<span class=\"op\">{}</span></span>{}</span>",
        name,
        name == "took-effect"     ? "write"
        : name == "indeterminate" ? "?"
                                  : name.substr(0, 7),
        mark_result_meaning(result));
  }
  return out +
         "<span class=\"item\"><span class=\"band-sample violation-band\"></span>violating "
         "step</span><span class=\"item\"><span class=\"band-sample related-band\"></span>a step "
         "it depends on</span><span class=\"item\">* the process said something (hover)</span>"
         "</div>\n";
}

constexpr std::string_view kControls =
    "<div class=\"controls\"><button type=\"button\" id=\"zoom-out\" title=\"zoom out (-)\">"
    "−</button><button type=\"button\" id=\"zoom-fit\" title=\"the whole trace (0)\">fit"
    "</button><button type=\"button\" id=\"zoom-in\" title=\"zoom in (+)\">+</button>"
    "<span class=\"hint\">click a step; ← → step through; hover for the full "
    "call</span></div>\n";

constexpr std::string_view kDetails =
    "<section class=\"details\" id=\"details\">\n<h2 id=\"details-title\">Click a step to see "
    "its stores here.</h2>\n<div id=\"details-body\"></div>\n"
    "<p class=\"note\">The trace records each store's contents as a summary (initialized, "
    "how many user objects), not its rows. The reference catalog is not recorded: before the "
    "violation, P1 held after every step, so it equals the source of truth's contents; from the "
    "violating step on, the violation's details say how it differs.</p>\n</section>\n";

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
  const std::vector<RelatedStep> related = violation_context(trace);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<meta name=\"viewport\" content=\"width=device-width\" />\n"
      "<title>catsim trace: seed {0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
      "<header class=\"top\">\n<h1>catsim trace: seed {0} <span class=\"meta\">{2} {3}, "
      "{4} steps, trace hash {5:016x}; recorded by catsim {6} ({7})</span></h1>\n",
      h.seed, trace_page_style(), protocol_name(h.config.protocol), html_escape(h.config.variant),
      trace.steps, trace.trace_hash, html_escape(h.catsim_version), html_escape(h.git_commit));
  out += render_verdict(trace, related) + "</header>\n";
  out += "<div class=\"toolbar\">\n" + render_legend() + std::string(kControls) + "</div>\n";
  out += render_timeline(trace, related);
  out += kDetails;
  out += fmt::format(
      "<div class=\"tip\" id=\"tip\" hidden=\"hidden\"></div>\n"
      "<script type=\"application/json\" id=\"trace-data\">{}</script>\n"
      "<script>{}</script>\n</body>\n</html>\n",
      embed_json(trace_page_data(trace)), trace_page_script());
  return out;
}

}  // namespace catsim
