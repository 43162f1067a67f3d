// `catsim conform`: checks that implementation runs take, step by step, a
// path of the model (model/conformance.h). Either one trace file, or a
// campaign of seeds under the conformance configuration (no readers, no
// savepoints, no transient faults, creates only; run flags may change it,
// and whatever leaves the model is then reported as not modelled).
// Exit status: 0 every run conformed (runs that left the model are counted
// and named), 1 a run diverged (its first divergence and the command that
// re-runs it are printed; the campaign stops there), 2 bad usage.
#include <fmt/format.h>

#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/run_flags.h"
#include "model/conformance.h"

namespace catsim::cli {

namespace {

struct ConformCommand {
  RunFlags flags;
  std::string trace_path;
  uint64_t seeds = 10'000;
  uint64_t seed_start = 1;
};

int conform_trace(const ConformCommand& command) {
  auto parsed = read_trace_file(command.trace_path);
  if (auto* error = std::get_if<TraceError>(&parsed)) {
    std::fprintf(stderr, "catsim: %s\n", error->message.c_str());
    return 2;
  }
  model::ConformanceReport report = model::check_conformance(std::get<Trace>(parsed));
  fmt::print("{}: {} ({} steps checked){}\n", command.trace_path,
             model::conformance_verdict_name(report.verdict), report.steps_checked,
             report.line.empty() ? "" : "\n  " + report.line);
  return report.verdict == model::ConformanceVerdict::kDiverged ? 1 : 0;
}

int conform_seeds(const ConformCommand& command) {
  const RunConfig& config = command.flags.config;
  uint64_t runs = 0, steps = 0;
  std::map<Property, uint64_t> agreed;
  std::map<std::string, uint64_t> outside;
  for (uint64_t i = 0; i < command.seeds; ++i) {  // no overflow near UINT64_MAX
    const uint64_t seed = command.seed_start + i;
    RunReport run = run_seed(seed, config, RunOptions{true, true});
    model::ConformanceReport report = model::check_conformance(run, config);
    ++runs;
    steps += report.steps_checked;
    if (report.verdict == model::ConformanceVerdict::kDiverged) {
      fmt::print("seed {}: DIVERGED at {}\n  re-run: catsim replay --seed {} {}\n", seed,
                 report.line, seed, run_flags_text(config));
      return 1;
    }
    if (report.verdict == model::ConformanceVerdict::kNotModelled) {
      ++outside[report.reason];
    } else if (report.property) {
      ++agreed[*report.property];
    }
  }
  fmt::print("{} {}: {} runs, {} steps checked against the model, no divergence\n",
             protocol_name(config.protocol), config.variant, runs, steps);
  for (const auto& [property, count] : agreed) {
    fmt::print("  {} runs broke {} in both, at the same step\n", count, property);
  }
  for (const auto& [reason, count] : outside) {
    fmt::print("  {} runs left the model (not modelled): {}\n", count, reason);
  }
  return 0;
}

}  // namespace

void add_conform_command(CLI::App& app, Action& action) {
  CLI::App* conform = app.add_subcommand(
      "conform", "check implementation runs (seeds or a trace) against the model, step by step");
  auto command = std::make_shared<ConformCommand>();
  command->flags.config = model::conformance_config(Protocol::kSingleTombstone, "correct");
  conform->add_option("trace", command->trace_path, "a trace file (.trace.jsonl) to check");
  conform->add_option("--seeds", command->seeds, "seeds to run (default 10000)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  conform->add_option("--seed-start", command->seed_start, "first seed (default 1)");
  add_run_flags(*conform, command->flags);
  conform->callback([&action, command] {
    resolve_run_flags(command->flags);
    action = [command] {
      return command->trace_path.empty() ? conform_seeds(*command) : conform_trace(*command);
    };
  });
}

}  // namespace catsim::cli
