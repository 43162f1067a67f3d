// The HTML trace page's inline stylesheet and script (traces/render_html.h).
//
// The script reads the page's JSON (<script id="trace-data">, see
// trace_page_data.h) and the marks' data attributes; it inserts text with
// textContent only and fetches nothing. It sizes a step to fill the
// timeline's width (at least kStepReadable pixels: long traces scroll),
// zooms on the buttons and on + - 0, shows the full step on hover, selects a
// step on a click or with the arrow keys (the violating step at first), and
// records what it laid out on <body> for tests: data-viewport-width,
// data-timeline-width (the visible width the steps span) and
// data-labelled-marks (marks whose label is shown uncut).
#pragma once

#include <string_view>

namespace catsim {

std::string_view trace_page_style();
std::string_view trace_page_script();

}  // namespace catsim
