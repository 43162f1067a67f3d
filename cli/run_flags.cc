#include "cli/run_flags.h"

#include <fmt/format.h>

#include <cstdio>

namespace catsim::cli {

void add_run_flags(CLI::App& command, RunFlags& flags) {
  RunConfig& c = flags.config;
  command.add_option("--protocol", flags.protocol, "single-tombstone, two-tombstone or lease")
      ->check(CLI::IsMember({"single-tombstone", "two-tombstone", "lease"}));
  command.add_option("--variant", c.variant, "protocol variant (catsim list variants)");
  command
      .add_option("--strategy", flags.strategy,
                  "scheduling strategy: random, skewed (per-process speeds) or pct (over racy "
                  "events); default: random or skewed, per seed; `catsim run` also takes guided "
                  "(seeds extend the runs that first reached rare abstract states)")
      ->check(CLI::IsMember({"random", "pct", "skewed", "guided"}));
  command.add_option("--pct-depth", c.pct.depth, "PCT bug depth d")->check(CLI::Range(1, 10));
  command
      .add_option("--pct-racy-events", c.pct.steps_estimate,
                  "PCT's k: the racy events a run is expected to have")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}));
  command.add_option("--procs", c.procs, "competing writer processes (default: per seed)")
      ->check(CLI::Range(1, 16));
  command.add_option("--readers", c.readers, "reader processes (default: per seed)")
      ->check(CLI::Range(0, 8));
  command
      .add_option("--changes-max", c.changes_max, "catalog changes per open (default: per seed)")
      ->check(CLI::Range(0, 50));
  command.add_option("--boots-max", c.boots_max, "boots per writer (default: per seed)")
      ->check(CLI::Range(1, 50));
  command.add_option("--retries-max", c.retries_max, "retries of a transient failure")
      ->check(CLI::Range(0, 20));
  command.add_option("--safety-steps-max", c.safety_steps_max, "steps in the safety phase")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10000000}));
  command.add_option("--liveness-steps-max", c.liveness_steps_max, "steps in the liveness phase")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10000000}));
  command
      .add_option("--crash-percent", c.crash_percent,
                  "crash chance at each yield point (default: per seed)")
      ->check(CLI::Range(0, 100));
  command
      .add_option("--crash-placement", flags.crash_placement,
                  "where crashes may fall: any-step, or racy-events (only where the crashed "
                  "call races with another process's; default: per seed)")
      ->check(CLI::IsMember({"any-step", "racy-events"}));
  command
      .add_option("--transient-percent", c.transient_percent,
                  "transient failure chance per call (default: per seed)")
      ->check(CLI::Range(0, 100));
  command
      .add_option("--indeterminate-percent", c.indeterminate_percent,
                  "indeterminate chance per write (default: per seed)")
      ->check(CLI::Range(0, 100));
  command.add_option("--weights", flags.weights,
                     "target weights migrate:rollback:emergency, e.g. 5:3:1 (default: per seed)");
  command
      .add_option("--savepoint-percent", c.savepoint_percent,
                  "chance a boot runs the savepoint pre-flight (default: per seed)")
      ->check(CLI::Range(0, 100));
  command.add_flag("--creates-only", c.creates_only,
                   "every change is a create (the model's only kind; catsim conform)");
}

void resolve_run_flags(RunFlags& flags) {
  flags.config.protocol = *protocol_from_name(flags.protocol);
  if (flags.strategy == "random") flags.config.strategy = StrategyKind::kRandom;
  if (flags.strategy == "skewed") flags.config.strategy = StrategyKind::kSkewed;
  if (flags.strategy == "pct") flags.config.strategy = StrategyKind::kPct;
  if (!flags.crash_placement.empty()) {
    flags.config.crash_placement = crash_placement_from_name(flags.crash_placement);
  }
  if (flags.strategy == "guided") {
    throw CLI::ValidationError("--strategy",
                               "guided is a campaign strategy: only `catsim run` takes it");
  }
  if (!flags.weights.empty()) {
    TargetWeights weights;
    char tail = 0;
    if (std::sscanf(flags.weights.c_str(), "%u:%u:%u%c", &weights.migrate, &weights.rollback,
                    &weights.emergency, &tail) != 3 ||
        weights.migrate + weights.rollback + weights.emergency == 0 || weights.migrate > 1000 ||
        weights.rollback > 1000 || weights.emergency > 1000) {
      throw CLI::ValidationError("--weights",
                                 "expected M:R:E, three whole numbers up to 1000 "
                                 "with a positive sum, e.g. 5:3:1");
    }
    if (flags.config.protocol == Protocol::kTwoTombstone && weights.emergency != 0) {
      throw CLI::ValidationError("--weights",
                                 "the two-tombstone protocol has no emergency open: E must be 0");
    }
    flags.config.weights = weights;
  }
  if (find_variant(flags.config.protocol, flags.config.variant) == nullptr) {
    throw CLI::ValidationError("--variant", fmt::format("unknown variant '{}' for protocol {} "
                                                        "(see: catsim list variants)",
                                                        flags.config.variant, flags.protocol));
  }
}

std::string run_flags_text(const RunConfig& c) {
  std::string text = fmt::format(
      "--protocol {} --variant {} --retries-max {} --safety-steps-max {} --liveness-steps-max {}",
      protocol_name(c.protocol), c.variant, c.retries_max, c.safety_steps_max,
      c.liveness_steps_max);
  if (c.strategy) text += fmt::format(" --strategy {}", strategy_name(*c.strategy));
  if (c.procs) text += fmt::format(" --procs {}", *c.procs);
  if (c.readers) text += fmt::format(" --readers {}", *c.readers);
  if (c.changes_max) text += fmt::format(" --changes-max {}", *c.changes_max);
  if (c.boots_max) text += fmt::format(" --boots-max {}", *c.boots_max);
  if (c.strategy == StrategyKind::kPct) {
    text += fmt::format(" --pct-depth {} --pct-racy-events {}", c.pct.depth, c.pct.steps_estimate);
  }
  if (c.crash_percent) text += fmt::format(" --crash-percent {}", *c.crash_percent);
  if (c.crash_placement) {
    text += fmt::format(" --crash-placement {}", crash_placement_name(*c.crash_placement));
  }
  if (c.transient_percent) text += fmt::format(" --transient-percent {}", *c.transient_percent);
  if (c.indeterminate_percent) {
    text += fmt::format(" --indeterminate-percent {}", *c.indeterminate_percent);
  }
  if (c.weights) {
    text += fmt::format(" --weights {}:{}:{}", c.weights->migrate, c.weights->rollback,
                        c.weights->emergency);
  }
  if (c.savepoint_percent) text += fmt::format(" --savepoint-percent {}", *c.savepoint_percent);
  if (c.creates_only) text += " --creates-only";
  return text;
}

Shard parse_shard(const std::string& text) {
  Shard shard;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%lu/%lu%c", &shard.index, &shard.count, &tail) != 2 ||
      shard.count == 0 || shard.count > 1'000'000 || shard.index == 0 ||
      shard.index > shard.count) {
    throw CLI::ValidationError("--shard", "expected I/N with 1 <= I <= N, e.g. 3/8");
  }
  return shard;
}

std::string setting_text(const std::optional<uint32_t>& value) {
  return value ? std::to_string(*value) : std::string("per seed");
}

std::string strategy_text(const std::optional<StrategyKind>& strategy) {
  return strategy ? std::string(strategy_name(*strategy))
                  : std::string("random or skewed per seed");
}

}  // namespace catsim::cli
