// libFuzzer target: parse_trace on arbitrary bytes must return a Trace or a
// one-line error, never crash; a parsed trace must survive write_trace (and
// parse back equal) and all three renderers.
//
// Build with the fuzz preset (clang, AddressSanitizer + UBSan):
//   cmake --preset fuzz && cmake --build build/fuzz --target trace_parser_fuzz
//   build/fuzz/bin/trace_parser_fuzz -runs=1000000 CORPUS_DIR
// A good seed corpus is a few short real traces (catsim run --trace).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "traces/render_columns.h"
#include "traces/render_html.h"
#include "traces/render_perfetto.h"
#include "traces/trace.h"

namespace {

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "trace_parser_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = catsim::parse_trace(text);
  if (const auto* error = std::get_if<catsim::TraceError>(&parsed)) {
    check(!error->message.empty(), "an empty error message");
    check(error->message.find('\n') == std::string::npos, "a multi-line error message");
    return 0;
  }
  const catsim::Trace& trace = std::get<catsim::Trace>(parsed);
  const std::string written = catsim::write_trace(trace);
  auto reparsed = catsim::parse_trace(written);
  check(std::holds_alternative<catsim::Trace>(reparsed), "a written trace does not parse");
  check(std::get<catsim::Trace>(reparsed) == trace, "a written trace parses back different");
  check(catsim::write_trace(std::get<catsim::Trace>(reparsed)) == written,
        "a written trace is not a fixed point");
  check(!catsim::render_columns(trace).empty(), "an empty column timeline");
  check(!catsim::render_html(trace).empty(), "an empty HTML page");
  check(!catsim::render_perfetto(trace).empty(), "an empty Perfetto trace");
  return 0;
}
