// TraceLines: the protocol-neutral frame of a trace file: JSON Lines, one
// object a line, each with a "type".
//
// A trace is a header line (the protocol's own fields), the decision log
// ("decision" lines: stream, process, label, bound, value), the protocol's
// own lines (steps, a violation), and an "end" line (steps, trace hash in
// hex). This file owns the framing, the decision and end lines and atomic
// writes; a protocol owns its header and its other lines.
// Guarantees: parse_json_lines() reads at most lines_max lines, each valid
// JSON, and turns every MalformedJson thrown by the protocol's reader into
// a one-line "line N: reason" error; read_decision_line() of
// decision_line(d) gives d back (its label interned); write_file_atomically
// leaves either the old file or the whole new one.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/decision.h"

namespace catsim {

nlohmann::json decision_line(const Decision& decision);
// Throws MalformedJson (sim/json_fields.h); process must be below process_count.
Decision read_decision_line(const nlohmann::json& line, size_t process_count);

struct TraceEnd {
  uint64_t steps = 0;
  uint64_t trace_hash = 0;
};
nlohmann::json end_line(TraceEnd end);
TraceEnd read_end_line(const nlohmann::json& line);

// Calls read_line(object) for each non-empty line of text, in order. Returns
// the first error as "line N: reason" (not JSON, more than lines_max lines,
// or a MalformedJson from read_line), or nullopt.
std::optional<std::string> parse_json_lines(
    std::string_view text, size_t lines_max,
    const std::function<void(const nlohmann::json&)>& read_line);

// A protocol's part of reading a trace: its header line, and its own lines
// (all but header, decision and end), in file order.
struct TraceFrameReader {
  // Reads the header; returns how many processes it names (at least 1).
  std::function<size_t(const nlohmann::json& header)> header;
  // Reads a line of type; returns false for a type the protocol does not know.
  std::function<bool(std::string_view type, const nlohmann::json& line)> line;
};

struct TraceFrame {
  std::vector<Decision> decisions;
  TraceEnd end;
};

// Parses text as a trace: the header first and once, then decisions and
// the protocol's lines, the end line last. Returns the frame, or a
// one-line error ("line N: ...", "empty trace: ...", "truncated trace: ...").
std::variant<TraceFrame, std::string> parse_trace_frame(std::string_view text, size_t lines_max,
                                                        const TraceFrameReader& reader);

// Reads path whole; an error names the file.
std::optional<std::string> read_whole_file(const std::string& path, std::string& contents);

// Returns an error message, or "" on success: writes a temporary file,
// fsyncs it, then renames it over path.
std::string write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace catsim
