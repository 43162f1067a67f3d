#include "cli/app.h"

#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "catsim_git_commit.h"  // generated: CATSIM_GIT_COMMIT
#include "cli/commands.h"

namespace catsim::cli {

int main(int argc, char** argv) {
  CLI::App app{"catsim: deterministic simulation and model checking of the catalog migration"};
  app.set_version_flag("--version",
                       fmt::format("catsim {} ({})", CATSIM_VERSION, CATSIM_GIT_COMMIT));
  app.require_subcommand(1);
  Action action;
  add_run_command(app, action);
  add_replay_command(app, action);
  add_list_command(app, action);
  add_shrink_command(app, action);
  add_bench_command(app, action);
  add_mutants_command(app, action);
  add_show_command(app, action);
  add_explore_command(app, action);
  add_conform_command(app, action);
  add_report_command(app, action);
  add_regression_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "catsim: %s\n", e.what());
    return 2;
  }
  try {
    return action ? action() : 2;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "catsim: %s\n", e.what());
    return 2;
  }
}

}  // namespace catsim::cli
