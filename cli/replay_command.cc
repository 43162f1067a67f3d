#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_flags.h"
#include "harness/timeline.h"

namespace catsim::cli {

void add_replay_command(CLI::App& app, Action& action) {
  CLI::App* replay = app.add_subcommand("replay", "re-run one seed and print its timeline");
  auto flags = std::make_shared<RunFlags>();
  auto seed = std::make_shared<uint64_t>(0);
  replay->add_option("--seed", *seed, "the seed to replay")->required();
  add_run_flags(*replay, *flags);
  replay->callback([&action, flags, seed] {
    resolve_run_flags(*flags);
    action = [flags, seed] {
      RunReport report = run_seed(*seed, flags->config, RunOptions{true});
      const Swarm& swarm = report.swarm;
      fmt::print("seed {} ({} {}): crash {}%, transient {}%, indeterminate {}%, savepoint {}%, "
                 "targets migrate:rollback:emergency {}:{}:{}\n",
                 report.seed, protocol_name(flags->config.protocol), flags->config.variant,
                 swarm.crash_percent, swarm.faults.transient_percent,
                 swarm.faults.indeterminate_percent, swarm.savepoint_percent,
                 swarm.weights.migrate, swarm.weights.rollback, swarm.weights.emergency);
      fmt::print("{}", render_timeline(report, flags->config.protocol));
      fmt::print("{} steps, trace hash {:016x}, {}\n", report.steps, report.trace_hash,
                 report.violation ? "VIOLATION" : "clean");
      return report.violation ? 1 : 0;
    };
  });
}

}  // namespace catsim::cli
