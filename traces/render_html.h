// HTML trace page: a trace as one self-contained page for reading.
//
// A timeline as wide as the window: one lane per process (<div class="lane"
// data-process=NAME>), one mark per step in the acting process's lane
// (<div class="step" data-step=N data-index=I data-result=R>) carrying its
// call in short form ("fence", "snap", "tomb=1") with the result (ok, took
// effect, failed, fenced, indeterminate, crash, restart) drawn by colour and
// shape, then state tracks aligned under the steps (epochs, tombstone(s),
// source of truth, contents summaries). The violating step and the steps it
// depends on (traces/violation_context.h) are banded; a legend explains it
// all. The page's script sizes the steps to the window (long traces scroll;
// + and - zoom), shows the full call on hover, and on a click (or the arrow
// keys) shows the step's stores and the reference with what changed.
//
// Guarantees:
//  1. Self-contained: inline CSS, the trace's data as inline JSON
//     (trace_page_data.h) and one inline script; no URL, no external resource.
//  2. Every text taken from the trace is HTML-escaped (& < > " ') with
//     control characters replaced, so a hostile trace cannot inject markup;
//     the script inserts text with textContent only.
//  3. The output is also well-formed XML: every element is closed, in order,
//     and every attribute value is double-quoted.
//  4. Deterministic and total on any Trace (processes or steps the header
//     does not know); marks and labels are in the markup, readable without
//     the script.
#pragma once

#include <string>
#include <string_view>

#include "traces/trace.h"

namespace catsim {

std::string render_html(const Trace& trace);

// text with & < > " ' escaped, control characters but '\n' replaced by '?'.
std::string html_escape(std::string_view text);

}  // namespace catsim
