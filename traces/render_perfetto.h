// Perfetto view: a trace in the Chrome Trace Event Format (JSON), which
// Perfetto (ui.perfetto.dev, "Open trace file") and chrome://tracing open.
//
// Layout: one process (pid 1) named after the seed; one thread per simulated
// process (tid = index + 1, named by a thread_name metadata event, kept in
// header order by thread_sort_index); one complete event ("ph":"X") per step
// on the acting process's thread, at ts = the step's position in the trace
// times 1000 (µs; in a recorded trace the position is the step number), dur
// 900, named by its call label ("crash at LABEL" for a crash, "restart" for a
// restart), with the calls, the notes and the stores' state in args; counter
// events ("ph":"C") for the stash and persist epochs whenever they change; a
// global instant event ("ph":"i") for the violation at the end of its step,
// and one on the violating process's thread if the header names it.
//
// Guarantees:
//  1. The output is valid JSON (invalid UTF-8 in the trace is replaced).
//  2. Total on any Trace (processes or steps the header does not know: such
//     a step goes to a thread of its own, named "process N").
#pragma once

#include <string>

#include "traces/trace.h"

namespace catsim {

inline constexpr uint64_t kPerfettoStepUs = 1000;
inline constexpr uint64_t kPerfettoStepDurationUs = 900;

std::string render_perfetto(const Trace& trace);

}  // namespace catsim
