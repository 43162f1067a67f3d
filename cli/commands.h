// Registration of each catsim subcommand. Each add_* adds its subcommand to
// app and sets action (when the subcommand is chosen) to the function that
// runs it and returns the exit status.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace catsim::cli {

using Action = std::function<int()>;

void add_run_command(CLI::App& app, Action& action);
void add_replay_command(CLI::App& app, Action& action);
void add_list_command(CLI::App& app, Action& action);
void add_shrink_command(CLI::App& app, Action& action);
void add_bench_command(CLI::App& app, Action& action);
void add_mutants_command(CLI::App& app, Action& action);
void add_show_command(CLI::App& app, Action& action);
void add_explore_command(CLI::App& app, Action& action);
void add_conform_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_regression_command(CLI::App& app, Action& action);

}  // namespace catsim::cli
