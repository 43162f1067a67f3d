// catsim report: nightly outputs (cli/night_summary.h) to one HTML page
// (cli/night_report_html.h). Every night is read and checked before
// anything is written; the page is written atomically.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cli/commands.h"
#include "cli/night_report_html.h"
#include "cli/night_summary.h"
#include "traces/trace.h"

namespace catsim::cli {

namespace {

struct ReportCommand {
  std::vector<std::string> nights;
  std::string out_path;
};

int report(const ReportCommand& command) {
  std::vector<Night> nights;
  for (const std::string& spec : command.nights) {
    auto loaded = load_night(spec);
    if (auto* error = std::get_if<NightError>(&loaded)) {
      std::fprintf(stderr, "catsim: %s\n", error->message.c_str());
      return 2;
    }
    nights.push_back(std::move(std::get<Night>(loaded)));
  }
  const std::filesystem::path out = command.out_path;
  const std::string page_dir = out.parent_path().empty() ? "." : out.parent_path().string();
  const std::string error =
      write_file_atomically(command.out_path, render_night_report(nights, page_dir));
  if (!error.empty()) {
    std::fprintf(stderr, "catsim: %s\n", error.c_str());
    return 2;
  }
  std::printf("wrote %s (%zu night%s)\n", command.out_path.c_str(), nights.size(),
              nights.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  CLI::App* report_app = app.add_subcommand(
      "report", "turn nightly outputs (summary JSON and failure traces) into one HTML page");
  auto command = std::make_shared<ReportCommand>();
  report_app
      ->add_option("nights", command->nights,
                   "nights, oldest first: DIR (DIR/summary.json, traces under DIR as the run "
                   "recorded them) or SUMMARY.json[:FAILURES_DIR] (traces in FAILURES_DIR by name)")
      ->required();
  report_app->add_option("-o,--out", command->out_path, "the HTML page to write")->required();
  report_app->callback([&action, command] { action = [command] { return report(*command); }; });
}

}  // namespace catsim::cli
