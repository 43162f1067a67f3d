#include "traces/trace_page_data.h"

#include <algorithm>

#include "impl/source_of_truth.h"
#include "traces/render_columns.h"
#include "traces/step_marks.h"
#include "traces/violation_context.h"

namespace catsim {

namespace {

using nlohmann::json;

// printable() line by line: the line breaks stay.
std::string printable_lines(std::string_view text) {
  std::string out;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    out += (start > 0 ? "\n" : "") + printable(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

json tombstone_json(const std::optional<uint64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json contents_json(const std::optional<ContentsSummary>& contents) {
  if (!contents) return nullptr;
  return {{"init", contents->initialized}, {"objects", contents->objects}};
}

json state_json(const StoresState& after, Protocol protocol) {
  return {
      {"stash",
       {{"epoch", after.stash_epoch},
        {"tombstone", tombstone_json(after.stash_tombstone)},
        {"contents", contents_json(after.stash_contents)}}},
      {"persist",
       {{"epoch", after.persist_epoch},
        {"tombstone", tombstone_json(after.persist_tombstone)},
        {"contents", contents_json(after.persist_contents)}}},
      {"tombstones",
       describe(Tombstones{after.stash_tombstone, after.persist_tombstone}, protocol)},
      {"truth", after.source_of_truth ? json(store_name(*after.source_of_truth)) : json(nullptr)}};
}

json step_json(const Trace& trace, size_t index) {
  const StepEvent& event = trace.events[index];
  json notes = json::array();
  for (const std::string& note : event.notes) notes.push_back(printable(note));
  return {{"index", index},
          {"step", event.step},
          {"process", printable(process_name_or_index(trace, event.process))},
          {"incarnation", event.incarnation},
          {"action", step_action_name(event.action)},
          {"label", mark_label(event)},
          {"result", mark_result_name(mark_result(event))},
          {"summary", printable(step_summary(event))},
          {"description", printable_lines(step_description(trace, event))},
          {"notes", notes},
          {"after", state_json(event.after, trace.header.config.protocol)}};
}

}  // namespace

json trace_page_data(const Trace& trace) {
  json steps = json::array();
  for (size_t i = 0; i < trace.events.size(); ++i) steps.push_back(step_json(trace, i));
  json related = json::array();
  for (const RelatedStep& step : violation_context(trace)) {
    related.push_back({{"index", step.index}, {"reason", printable(step.reason)}});
  }
  json violation = nullptr;
  if (trace.violation) {
    violation = {{"property", std::string(property_name(trace.violation->property))},
                 {"summary", printable(trace.violation->summary)},
                 {"step", trace.violation->step}};
  }
  return {{"steps", steps}, {"violation", violation}, {"related", related}};
}

std::string embed_json(const nlohmann::json& json) {
  const std::string text = json.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace catsim
