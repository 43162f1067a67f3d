// Column timeline: a trace as text, one column per process and one row per
// step, with the stores' state on the right and the violation at the end.
//
// Each row shows, in the acting process's column only, a short description
// of the step ("stash.connect ok", "CRASH at persist.fence", "restart #2",
// followed by what the process said, "open migrate -> ok"), then the stash
// and persist epochs, the tombstone(s) and the source of truth after it.
//
// Guarantees:
//  1. Every process in the header has a column, in header order, headed by
//     its name; every step has exactly one row.
//  2. Rows fit width_max columns whenever every process column can shrink to
//     kCellWidthMin; a cell that does not fit ends with an ellipsis ("…").
//     Widths count code points (a wide character counts as one).
//  3. Text from the trace is printed with control characters (C0, DEL, C1)
//     replaced by '?', so a hostile trace cannot drive the terminal.
//  4. Total on any Trace, including one whose violation names a process or a
//     step that does not exist.
//
// The step descriptions are shared with the HTML and Perfetto renderers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "traces/trace.h"

namespace catsim {

inline constexpr size_t kColumnsWidthMax = 160;
inline constexpr size_t kCellWidthMin = 8;

std::string render_columns(const Trace& trace, size_t width_max = kColumnsWidthMax);

// The name of a process, or "process N" if the header has no such process.
std::string process_name_or_index(const Trace& trace, uint64_t process);
// One line: the calls with their status (or the crash/restart), then the notes.
std::string step_summary(const StepEvent& event);
// Several lines: who took the step, each call in full, the notes, the stores.
std::string step_description(const Trace& trace, const StepEvent& event);
// "stash e3, persist e2, tombstone true, truth persist".
std::string stores_summary(const StoresState& after, Protocol protocol);
// Whether one of the step's calls failed (any status but ok).
bool step_failed(const StepEvent& event);

// Text with control characters replaced by '?' and invalid UTF-8 bytes too.
std::string printable(std::string_view text);
// text cut to at most width code points, the last one "…" if it was cut.
std::string fit(std::string_view text, size_t width);

}  // namespace catsim
