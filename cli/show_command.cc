#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "traces/render_columns.h"
#include "traces/render_html.h"
#include "traces/render_perfetto.h"

namespace catsim::cli {

namespace {

struct ShowCommand {
  std::string trace_path;
  std::string html_path;
  std::string perfetto_path;
};

// Prints the column timeline, then writes the requested views; a malformed
// trace writes nothing.
int show(const ShowCommand& command) {
  auto parsed = read_trace_file(command.trace_path);
  if (auto* error = std::get_if<TraceError>(&parsed)) {
    std::fprintf(stderr, "catsim: %s\n", error->message.c_str());
    return 2;
  }
  const Trace& trace = std::get<Trace>(parsed);
  std::vector<std::pair<std::string, std::string>> files;  // path, contents
  if (!command.html_path.empty()) files.emplace_back(command.html_path, render_html(trace));
  if (!command.perfetto_path.empty()) {
    files.emplace_back(command.perfetto_path, render_perfetto(trace));
  }
  fmt::print("{}", render_columns(trace));
  std::fflush(stdout);
  for (const auto& [path, contents] : files) {
    std::string error = write_file_atomically(path, contents);
    if (!error.empty()) {
      std::fprintf(stderr, "catsim: %s\n", error.c_str());
      return 2;
    }
  }
  return 0;
}

}  // namespace

void add_show_command(CLI::App& app, Action& action) {
  CLI::App* show_app = app.add_subcommand(
      "show", "print a trace as a column timeline; optionally write HTML and Perfetto views");
  auto command = std::make_shared<ShowCommand>();
  show_app->add_option("trace", command->trace_path, "a trace file (.trace.jsonl)")->required();
  show_app->add_option("--html", command->html_path,
                       "write a self-contained HTML swimlane page to this file");
  show_app->add_option("--perfetto", command->perfetto_path,
                       "write Chrome Trace Event JSON (Perfetto, chrome://tracing) to this file");
  show_app->callback([&action, command] { action = [command] { return show(*command); }; });
}

}  // namespace catsim::cli
