#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/lease_commands.h"
#include "cli/run_flags.h"
#include "harness/timeline.h"
#include "lease/lease_trace.h"
#include "lease/variant.h"
#include "traces/shrink.h"

namespace catsim::cli {

namespace {

struct ReplayCommand {
  RunFlags flags;
  std::string trace_path;
  uint64_t seed = 0;
  bool continue_after_divergence = false;
  bool quiet = false;
};

void print_header(uint64_t seed, const RunConfig& config, const Swarm& swarm) {
  fmt::print(
      "seed {} ({} {}): crash {}%, transient {}%, indeterminate {}%, savepoint {}%, "
      "targets migrate:rollback:emergency {}:{}:{}\n",
      seed, protocol_name(config.protocol), config.variant, swarm.crash_percent,
      swarm.faults.transient_percent, swarm.faults.indeterminate_percent, swarm.savepoint_percent,
      swarm.weights.migrate, swarm.weights.rollback, swarm.weights.emergency);
}

int finish(const RunReport& report, const RunConfig& config, bool quiet) {
  if (!quiet) fmt::print("{}", render_timeline(report, config.protocol));
  if (quiet && report.violation) fmt::print("{}", describe_violation(*report.violation));
  fmt::print("{} steps, trace hash {:016x}, {}\n", report.steps, report.trace_hash,
             report.violation ? fmt::format("VIOLATION {}", report.violation->property) : "clean");
  return report.violation ? 1 : 0;
}

int replay_file(const ReplayCommand& command) {
  std::string text;
  if (auto error = read_whole_file(command.trace_path, text)) {
    std::fprintf(stderr, "catsim: %s\n", error->c_str());
    return 2;
  }
  if (lease::is_lease_trace(text))
    return replay_lease_file(command.trace_path, text, command.quiet);
  auto parsed = parse_trace(text);
  if (auto* error = std::get_if<TraceError>(&parsed)) {
    std::fprintf(stderr, "catsim: %s: %s\n", command.trace_path.c_str(), error->message.c_str());
    return 2;
  }
  const Trace& trace = std::get<Trace>(parsed);
  print_header(trace.header.seed, trace.header.config, trace.header.swarm);
  std::optional<Divergence> divergence;
  Trace replayed = replay_trace(
      trace, command.continue_after_divergence ? ReplayMode::kContinueSeeded : ReplayMode::kStrict,
      &divergence);
  RunReport report = report_of(replayed);
  int status = finish(report, trace.header.config, command.quiet);
  if (divergence) {
    fmt::print("DIVERGED at decision {} (after step {}): the log has {}, the code asked for {}{}\n",
               divergence->index, replayed.events.empty() ? 0 : replayed.events.back().step,
               divergence->expected, divergence->found,
               command.continue_after_divergence ? "; continued with seeded choices"
                                                 : "; rerun with --continue to go on");
    if (!command.continue_after_divergence) return 1;
  }
  if (trace.violation &&
      (!report.violation || report.violation->property != trace.violation->property)) {
    fmt::print(
        "the trace recorded a {} violation; the replay {}\n", trace.violation->property,
        report.violation ? fmt::format("violated {}", report.violation->property) : "found none");
  }
  return status;
}

}  // namespace

void add_replay_command(CLI::App& app, Action& action) {
  CLI::App* replay =
      app.add_subcommand("replay", "replay a trace file (or re-run a seed) and print its timeline");
  auto command = std::make_shared<ReplayCommand>();
  replay->add_option("trace", command->trace_path, "a trace file (.trace.jsonl)");
  auto* seed = replay->add_option("--seed", command->seed, "re-run this seed instead of a trace");
  replay->add_flag("--continue", command->continue_after_divergence,
                   "past a divergence, go on with seeded choices");
  replay->add_flag("--quiet", command->quiet, "print the verdict, not the timeline");
  add_run_flags(*replay, command->flags);
  replay->callback([&action, command, seed, replay] {
    bool from_trace = !command->trace_path.empty();
    if (from_trace == (seed->count() > 0)) {
      throw CLI::ValidationError("replay", "give either a trace file or --seed, not both");
    }
    if (command->flags.protocol == kLeaseProtocol) {
      if (from_trace) {
        throw CLI::ValidationError("--protocol", "a trace file names its own protocol");
      }
      require_only_lease_flags(*replay, {"--protocol", "--variant", "--seed", "--quiet"});
      lease::LeaseConfig config;
      if (replay->get_option("--variant")->count() > 0)
        config.variant = command->flags.config.variant;
      if (lease::find_variant(config.variant) == nullptr) {
        throw CLI::ValidationError("--variant",
                                   fmt::format("unknown lease variant '{}'", config.variant));
      }
      action = [command, config] {
        return replay_lease_seed(command->seed, config, command->quiet);
      };
      return;
    }
    resolve_run_flags(command->flags);
    action = [command, from_trace] {
      if (from_trace) return replay_file(*command);
      RunReport report = run_seed(command->seed, command->flags.config, RunOptions{true});
      print_header(report.seed, command->flags.config, report.swarm);
      return finish(report, command->flags.config, command->quiet);
    };
  });
}

}  // namespace catsim::cli
