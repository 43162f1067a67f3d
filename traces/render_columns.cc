#include "traces/render_columns.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "impl/source_of_truth.h"

namespace catsim {

namespace {

constexpr size_t kStoreCellWidthMax = 24;
constexpr std::string_view kEllipsis = "…";

// The length of the valid UTF-8 sequence at text[i], or 0 if it is invalid.
size_t utf8_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (lead > 0xF4 || length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates, and code points past U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) >= 0x90) return 0;
  return length;
}

// Whether the two-byte sequence at text[i] encodes a C1 control (U+0080-U+009F).
bool is_c1(std::string_view text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 &&
         static_cast<unsigned char>(text[i + 1]) < 0xA0;
}

size_t code_points(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(std::string_view text, size_t width) {
  std::string out(text);
  size_t length = code_points(text);
  if (length < width) out.append(width - length, ' ');
  return out;
}

std::string padded_left(std::string_view text, size_t width) {
  size_t length = code_points(text);
  return std::string(length < width ? width - length : 0, ' ') + std::string(text);
}

std::string describe_call_in_full(const CallRecord& call) {
  return fmt::format("{} on {} [{} handle, epoch {}, intent {}] -> {}{}", call.call,
                     store_name(call.store), handle_mode_name(call.mode), call.handle_epoch,
                     intent_name(call.intent), status_name(call.status),
                     call.took_effect ? ", applied" : ", no effect");
}

std::string truth_name(const StoresState& after) {
  return after.source_of_truth ? std::string(store_name(*after.source_of_truth)) : "NONE";
}

// The right-hand columns of one row (or of the header, given the titles).
struct StoreCells {
  std::string stash, persist, tombstone, truth;
};

StoreCells store_cells(const StoresState& after, Protocol protocol) {
  return {fmt::format("e{}", after.stash_epoch), fmt::format("e{}", after.persist_epoch),
          describe(Tombstones{after.stash_tombstone, after.persist_tombstone}, protocol),
          truth_name(after)};
}

struct Layout {
  size_t step_width = 4;
  std::vector<size_t> process_widths;
  size_t stash = 5, persist = 7, tombstone = 9, truth = 5;
};

size_t capped_width(size_t current, std::string_view text) {
  return std::max(current, std::min(code_points(text), kStoreCellWidthMax));
}

// The process columns shrink, widest first, until the row fits width_max.
void shrink_to_fit(Layout& layout, size_t width_max) {
  const size_t fixed = layout.step_width + 2 + 2 + layout.stash + 1 + layout.persist + 1 +
                       layout.tombstone + 1 + layout.truth;
  std::vector<size_t>& widths = layout.process_widths;
  size_t total = fixed;
  for (size_t width : widths) total += width + 1;
  while (total > width_max) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (widest == widths.end() || *widest <= kCellWidthMin) break;
    --*widest;
    --total;
  }
}

Layout plan_layout(const Trace& trace, const std::vector<std::string>& cells,
                   const std::vector<std::string>& names, size_t width_max) {
  Layout layout;
  layout.process_widths.assign(names.size(), 0);
  for (size_t p = 0; p < names.size(); ++p) {
    layout.process_widths[p] = std::min(code_points(names[p]), width_max);
  }
  const Protocol protocol = trace.header.config.protocol;
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const StepEvent& event = trace.events[i];
    layout.step_width = std::max(layout.step_width, fmt::formatted_size("{}", event.step));
    if (event.process < names.size()) {
      size_t& width = layout.process_widths[event.process];
      width = std::max(width, std::min(code_points(cells[i]), width_max));
    }
    StoreCells row = store_cells(event.after, protocol);
    layout.stash = capped_width(layout.stash, row.stash);
    layout.persist = capped_width(layout.persist, row.persist);
    layout.tombstone = capped_width(layout.tombstone, row.tombstone);
    layout.truth = capped_width(layout.truth, row.truth);
  }
  for (size_t& width : layout.process_widths) width = std::max(width, size_t{4});
  shrink_to_fit(layout, width_max);
  return layout;
}

std::string render_row(const Layout& layout, std::string_view step, bool marked,
                       const std::vector<std::string>& process_cells, const StoreCells& stores) {
  std::string row = padded_left(step, layout.step_width) + (marked ? "! " : "  ");
  for (size_t p = 0; p < process_cells.size(); ++p) {
    row += pad(fit(process_cells[p], layout.process_widths[p]), layout.process_widths[p]);
    row += ' ';
  }
  row += "| ";
  row += padded_left(fit(stores.stash, layout.stash), layout.stash) + ' ';
  row += padded_left(fit(stores.persist, layout.persist), layout.persist) + ' ';
  row += pad(fit(stores.tombstone, layout.tombstone), layout.tombstone) + ' ';
  row += fit(stores.truth, layout.truth);
  while (!row.empty() && row.back() == ' ') row.pop_back();
  return row + '\n';
}

std::string render_violation(const Trace& trace, const Violation& violation) {
  std::string out = fmt::format(
      "VIOLATION {} at step {} ({}): {}\n", violation.property, violation.step,
      printable(process_name_or_index(trace, violation.process)), printable(violation.summary));
  for (const std::string& line : violation.details) out += "    " + printable(line) + '\n';
  return out;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = utf8_length(text, i);
    if (length == 0 || c < 0x20 || c == 0x7F || (length == 2 && is_c1(text, i))) {
      out += '?';
      i += std::max<size_t>(length, 1);
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string fit(std::string_view text, size_t width) {
  if (code_points(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::string out;
  size_t kept = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_code_point = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_code_point && ++kept == width) break;
    out += text[i];
  }
  return out + std::string(kEllipsis);
}

std::string process_name_or_index(const Trace& trace, uint64_t process) {
  const std::vector<std::string>& names = trace.header.process_names;
  if (process < names.size()) return names[process];
  return fmt::format("process {}", process);
}

bool step_failed(const StepEvent& event) {
  return std::any_of(event.calls.begin(), event.calls.end(),
                     [](const CallRecord& call) { return call.status != Status::kOk; });
}

std::string step_summary(const StepEvent& event) {
  std::string text;
  if (event.action == StepAction::kCrash) text = "CRASH at " + event.label;
  if (event.action == StepAction::kRestart) text = fmt::format("restart #{}", event.incarnation);
  for (const CallRecord& call : event.calls) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} {}", call.call, status_name(call.status));
  }
  if (text.empty()) text = event.label;
  for (const std::string& note : event.notes) text += "; " + note;
  return text;
}

std::string stores_summary(const StoresState& after, Protocol protocol) {
  return fmt::format("stash e{}, persist e{}, tombstone {}, truth {}", after.stash_epoch,
                     after.persist_epoch,
                     describe(Tombstones{after.stash_tombstone, after.persist_tombstone}, protocol),
                     truth_name(after));
}

std::string step_description(const Trace& trace, const StepEvent& event) {
  std::string text = fmt::format("step {}: {}#{} {} at {}", event.step,
                                 process_name_or_index(trace, event.process), event.incarnation,
                                 step_action_name(event.action), event.label);
  for (const CallRecord& call : event.calls) text += "\n" + describe_call_in_full(call);
  for (const std::string& note : event.notes) text += "\nsaid: " + note;
  text += "\nafter: " + stores_summary(event.after, trace.header.config.protocol);
  return text;
}

std::string render_columns(const Trace& trace, size_t width_max) {
  const TraceHeader& header = trace.header;
  std::vector<std::string> names;
  for (const std::string& name : header.process_names) names.push_back(printable(name));
  std::vector<std::string> cells;
  for (const StepEvent& event : trace.events) cells.push_back(printable(step_summary(event)));
  const Layout layout = plan_layout(trace, cells, names, width_max);

  std::string out =
      fmt::format("seed {} ({} {}), {} steps, trace hash {:016x}, {}\n", header.seed,
                  protocol_name(header.config.protocol), printable(header.config.variant),
                  trace.steps, trace.trace_hash,
                  trace.violation ? fmt::format("VIOLATION {}", trace.violation->property)
                                  : std::string("clean"));
  out += render_row(layout, "step", false, names, {"stash", "persist", "tombstone", "truth"});
  std::vector<std::string> row_cells(names.size());
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const StepEvent& event = trace.events[i];
    std::fill(row_cells.begin(), row_cells.end(), std::string());
    if (event.process < row_cells.size()) row_cells[event.process] = cells[i];
    const bool marked = trace.violation && trace.violation->step == event.step;
    std::string row = render_row(layout, fmt::format("{}", event.step), marked, row_cells,
                                 store_cells(event.after, header.config.protocol));
    if (event.process >= row_cells.size()) {
      row.insert(row.size() - 1, fmt::format("  [process {}: {}]", event.process, cells[i]));
    }
    out += row;
  }
  if (trace.violation) out += render_violation(trace, *trace.violation);
  return out;
}

}  // namespace catsim
