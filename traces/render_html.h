// HTML swimlane: a trace as one self-contained page.
//
// One horizontal lane per process (an SVG <g class="lane" data-process=NAME>),
// one mark per step in the acting process's lane (an SVG element with
// class="step" and data-step=N; data-kind is run, crash or restart, drawn as a
// bar, a red triangle and a blue circle; data-failed="true" when a call did
// not return ok), a <title> tooltip per mark with the step in full, a track
// per store value (stash epoch, persist epoch, tombstone(s), source of
// truth), and the violation highlighted at its step with its text in a panel.
//
// Guarantees:
//  1. Self-contained: inline CSS, inline SVG and one small inline script; no
//     URL, no external resource.
//  2. Every text taken from the trace is HTML-escaped (& < > " ') with
//     control characters replaced, so a hostile trace cannot inject markup.
//  3. The output is also well-formed XML: every element is closed, in order,
//     and every attribute value is double-quoted.
//  4. Total on any Trace (processes or steps the header does not know).
#pragma once

#include <string>
#include <string_view>

#include "traces/trace.h"

namespace catsim {

std::string render_html(const Trace& trace);

// text with & < > " ' escaped, control characters but '\n' replaced by '?'.
std::string html_escape(std::string_view text);

}  // namespace catsim
