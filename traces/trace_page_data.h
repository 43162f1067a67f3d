// The data the HTML trace page's script reads: one JSON document with, per
// step, its mark (label, result), its full description, what the process
// said, and the stores after it, plus the violation and the steps it depends
// on. Built with nlohmann::json; embed_json() makes it safe inside <script>.
//
// Guarantees:
//  1. One entry per trace event, in trace order; "index" is the position.
//  2. Text from the trace passes through printable() (control characters
//     and invalid UTF-8 replaced; a description keeps its line breaks).
//  3. embed_json() output contains no '<', '>' or '&' (each is a \u escape,
//     which JSON reads back as the same character) and only ASCII, so it
//     can neither close the <script> element nor open a comment in it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "traces/trace.h"

namespace catsim {

nlohmann::json trace_page_data(const Trace& trace);

// json as ASCII text safe to place between <script ...> and </script>.
std::string embed_json(const nlohmann::json& json);

}  // namespace catsim
