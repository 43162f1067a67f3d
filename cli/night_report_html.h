// The nightly report page: one or more nights (cli/night_summary.h), oldest
// first, as one self-contained HTML page: per night its campaign, seeds run
// and seeds per second; with several nights, a trend of each; the coverage
// marks of the last night as a bar chart (log scale, a zero flagged), with
// every night's value beside it; and the failures grouped by signature
// across the nights, with their first-seen night and a relative link to
// their (shrunk) trace.
//
// Guarantees:
//  1. Self-contained: inline CSS and inline SVG, no script, no URL but the
//     relative links to trace files.
//  2. Every text from the inputs is HTML-escaped; the output is well-formed
//     XML.
//  3. Deterministic: a function of the nights and page_dir only (no clock).
#pragma once

#include <string>
#include <vector>

#include "cli/night_summary.h"

namespace catsim::cli {

// page_dir: the directory the page will be written to; trace links are
// relative to it.
std::string render_night_report(const std::vector<Night>& nights, const std::string& page_dir);

}  // namespace catsim::cli
