// `catsim explore`: exhaustive bounded model checking of a variant's model
// (model/explorer.h), or with --swarm one shard of a swarm verification
// (cli/explore_swarm.h). Exit status: 0 the bounded space holds no violation
// (a swarm shard: found none), 1 it does (a counterexample is printed: the
// shortest under --bfs --no-por), 2 bad usage, 3 the search stopped at
// --max-states or --memory-max, or by SIGINT or SIGTERM, before it finished
// (what it covered is printed).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <sstream>

#include "cli/commands.h"
#include "cli/explore_swarm.h"
#include "cli/lease_commands.h"
#include "cli/stop_signal.h"
#include "lease/variant.h"
#include "model/counterexample_run.h"
#include "model/explorer.h"
#include "sim/fingerprint_table.h"
#include "sim/worker_threads.h"

namespace catsim::cli {

namespace {

struct ExploreCommand {
  std::string protocol = "single-tombstone";
  std::string variant = "correct";
  model::ModelBounds bounds;
  std::string targets;     // per process, comma-separated; '+' joins a process's targets
  std::string properties;  // comma-separated P1..P6; empty = all
  model::ExploreOptions options;
  bool dfs = false;
  bool bfs = false;
  bool no_symmetry = false;
  bool no_liveness = false;
  bool no_por = false;
  std::string trace_path;  // --trace: the counterexample as an implementation trace
  SwarmFlags swarm;
};

uint8_t parse_target_set(const std::string& text) {
  uint8_t mask = 0;
  std::stringstream parts(text);
  std::string name;
  while (std::getline(parts, name, '+')) {
    auto target = target_from_name(name);
    if (!target) {
      throw CLI::ValidationError("--targets", fmt::format("unknown target '{}' (migrate, "
                                                          "rollback, emergency-stash)",
                                                          name));
    }
    mask |= static_cast<uint8_t>(1u << static_cast<uint32_t>(*target));
  }
  return mask;
}

void resolve_targets(ExploreCommand& command, Protocol protocol) {
  if (command.targets.empty()) return;
  std::stringstream entries(command.targets);
  std::string entry;
  uint32_t p = 0;
  uint8_t last = 0;
  while (std::getline(entries, entry, ',')) {
    if (p >= command.bounds.procs)
      throw CLI::ValidationError("--targets", "more entries than --procs");
    last = parse_target_set(entry);
    if ((last & model::protocol_targets(protocol)) != last) {
      throw CLI::ValidationError(
          "--targets", fmt::format("'{}' is not a target of {}", entry, protocol_name(protocol)));
    }
    command.bounds.targets[p++] = last;
  }
  for (; p < command.bounds.procs; ++p) command.bounds.targets[p] = last;
}

uint32_t parse_properties(const std::string& text) {
  if (text.empty()) return kAllProperties;
  uint32_t mask = 0;
  std::stringstream parts(text);
  std::string name;
  while (std::getline(parts, name, ',')) {
    const std::optional<Property> property = parse_property(name);
    if (!property) {
      throw CLI::ValidationError("--properties", fmt::format("unknown property '{}'", name));
    }
    mask |= property_bit(*property);
  }
  return mask;
}

std::string megabytes(uint64_t bytes) {
  return fmt::format("{:.1f} MB", bytes / 1048576.0);
}

// --trace: the counterexample run on the implementation, as a trace file.
void write_counterexample(const ExploreCommand& command, const Variant& variant,
                          const model::Counterexample& cx) {
  const std::string& path = command.trace_path;
  auto trace = model::counterexample_trace(variant, command.bounds, cx);
  if (auto* error = std::get_if<std::string>(&trace)) {
    fmt::print("no trace written: {}\n", *error);
    return;
  }
  const Trace& written = std::get<Trace>(trace);
  std::string failed = write_file_atomically(path, write_trace(written));
  if (!failed.empty()) {
    fmt::print("no trace written: {}\n", failed);
    return;
  }
  fmt::print("trace: {} ({} steps; the implementation breaks {} there too; catsim replay {})\n",
             path, written.steps, written.violation->property, path);
}

int run(ExploreCommand& command, const Variant& variant, uint32_t properties) {
  const model::ModelBounds& b = command.bounds;
  const bool bfs = command.options.order == model::SearchOrder::kBreadthFirst;
  const std::optional<model::SwarmOptions>& swarm = command.options.swarm;
  fmt::print(
      "catsim explore: {} variant {}, {}, procs {} crashes {} changes {} boots {} "
      "indeterminates {} readers {} (reads {} rereads {}) savepoints {} depth {}; symmetry {}, "
      "liveness {}, partial-order reduction {}, jobs {}\n",
      protocol_name(variant.protocol), variant.name, bfs ? "bfs" : "dfs", b.procs, b.crashes,
      b.changes, b.boots, b.indeterminates, b.readers, b.reads, b.rereads,
      b.savepoints ? "on" : "off",
      command.options.depth_max == 0 ? std::string("-") : std::to_string(command.options.depth_max),
      command.options.symmetry ? "on" : "off", command.options.liveness ? "on" : "off",
      command.options.partial_order ? "on" : "off", command.options.jobs);
  if (swarm) fmt::print("{}\n", swarm_setup_line(*swarm));
  const std::vector<std::string> notes =
      model::unmodelled_switches(variant, b, command.options.liveness);
  for (const std::string& note : notes) fmt::print("note: {}\n", note);
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  command.options.progress = [&](const model::ExploreProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(3)) return;
    last = now;
    double seconds = std::chrono::duration<double>(now - start).count();
    fmt::print(stderr, "explore: {} states, {:.0f} states/s, depth {}, frontier {}, {}\n", p.states,
               p.states / seconds, p.depth, p.frontier, megabytes(p.memory_bytes));
  };
  command.options.stop = &install_stop_signals();  // SIGINT, SIGTERM: the summary so far
  model::ExploreReport report = model::explore_variant(variant, b, command.options, properties);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!swarm) {
    fmt::print("verdict: {}{}{}\n", model::verdict_name(report.verdict),
               report.depth_capped    ? " (depth bound reached)"
               : report.memory_capped ? " (stopped at --memory-max)"
               : report.stopped       ? " (stopped by a signal)"
                                      : "",
               notes.empty() ? "" : " (see the notes: this run cannot see everything)");
  }
  fmt::print("states {}, transitions {}, max depth {}, {:.2f} s, {:.0f} states/s, peak memory {}\n",
             report.states, report.transitions, report.max_depth, seconds,
             report.states / std::max(seconds, 1e-9), megabytes(report.peak_memory_bytes));
  if (report.pruned != 0) {
    fmt::print(
        "read windows: {} steps not followed (a read's window keeps at most {} reference "
        "values)\n",
        report.pruned, model::kSeenMax);
  }
  if (swarm) {
    print_swarm_result(*swarm, *report.swarm, report.states, report.verdict, report.stopped);
  } else {
    fmt::print("fingerprints: the chance that a {}-bit collision hid a state is below {:.2g}\n",
               command.options.fingerprint_bits,
               model::fingerprint_omission_bound(report.states, command.options.fingerprint_bits));
  }
  if (report.counterexample) {
    const model::Counterexample& cx = *report.counterexample;
    fmt::print("VIOLATION {}: {}\n", cx.property, cx.summary);
    const bool shortest = bfs && !command.options.partial_order;
    fmt::print("counterexample, {} steps{}:\n", cx.length,
               shortest ? " (shortest)"
               : bfs    ? " (not always the shortest with partial-order reduction: --no-por)"
                        : "");
    for (const std::string& step : cx.steps) fmt::print("{}\n", step);
    if (!cx.liveness_tail.empty()) {
      fmt::print("then every process halts, faults stop, and a fresh opener runs alone:\n");
      for (const std::string& step : cx.liveness_tail) fmt::print("     {}\n", step);
    }
    if (swarm && command.trace_path.empty()) command.trace_path = swarm_trace_path(*swarm);
    if (!command.trace_path.empty()) write_counterexample(command, variant, cx);
  }
  return model::verdict_exit_status(report.verdict);
}

}  // namespace

void add_explore_command(CLI::App& app, Action& action) {
  CLI::App* sub =
      app.add_subcommand("explore",
                         "exhaustively explore the protocol model within bounds, or run one swarm "
                         "shard of it with --swarm (exit 0 clean or none found, 1 violation, 2 bad "
                         "usage, 3 stopped at --max-states or --memory-max)");
  auto command = std::make_shared<ExploreCommand>();
  model::ModelBounds& b = command->bounds;
  sub->add_option("--protocol", command->protocol,
                  "single-tombstone, two-tombstone or lease (lease: --procs are holders, "
                  "--changes writes per lease, --indeterminates the fault budget)")
      ->check(CLI::IsMember({"single-tombstone", "two-tombstone", "lease"}));
  sub->add_option("--variant", command->variant, "protocol variant (catsim list variants)");
  sub->add_option("--procs", b.procs, "writer processes")->check(CLI::Range(1u, model::kProcsMax));
  sub->add_option("--crashes", b.crashes, "global crash budget")->check(CLI::Range(0, 20));
  sub->add_option("--changes", b.changes, "changes per successful open")->check(CLI::Range(0, 7));
  sub->add_option("--boots", b.boots, "incarnations per process")->check(CLI::Range(1, 20));
  sub->add_option("--indeterminates", b.indeterminates,
                  "global budget of indeterminate write outcomes")
      ->check(CLI::Range(0, 20));
  sub->add_option("--readers", b.readers, "reader processes (pre-open getters, read-only opens)")
      ->check(CLI::Range(0, 1));
  sub->add_option("--reads", b.reads, "sessions per reader")->check(CLI::Range(1, 20));
  sub->add_option("--rereads", b.rereads, "later reads through one read-only handle, at most")
      ->check(CLI::Range(0, 7));
  sub->add_flag("--savepoints", b.savepoints, "a boot may run the savepoint pre-flight first");
  sub->add_option("--targets", command->targets,
                  "targets per process, e.g. migrate+rollback,emergency-stash (default: all; "
                  "the last entry repeats)");
  sub->add_option("--properties", command->properties, "properties to check, e.g. P1,P3");
  sub->add_option("--depth", command->options.depth_max, "depth bound (0: none)")
      ->check(CLI::Range(0, 10000));
  sub->add_option("--max-states", command->options.states_max, "stop after this many states");
  sub->add_option("--memory-max", command->options.memory_max_bytes,
                  "stop once the explorer's tables pass this size (e.g. 4GiB, 512MB)")
      ->transform(CLI::AsSizeValue(false));
  auto* bfs = sub->add_flag("--bfs", command->bfs,
                            "breadth-first: shortest counterexample "
                            "(default)");
  sub->add_flag("--dfs", command->dfs, "depth-first: memory in proportion to depth")->excludes(bfs);
  sub->add_option("--jobs,-j", command->options.jobs,
                  "threads of breadth-first search (verdicts and counts are the same for any)")
      ->check(CLI::Range(1u, model::kExploreJobsMax));
  sub->add_option("--fingerprint-bits", command->options.fingerprint_bits,
                  "64 or 128 (breadth-first): a wider fingerprint makes an omission less likely")
      ->check(CLI::IsMember({64u, 128u}));
  sub->add_flag("--no-symmetry", command->no_symmetry, "do not merge symmetric states");
  sub->add_flag("--no-liveness", command->no_liveness, "do not check P6 liveness");
  sub->add_flag("--no-por", command->no_por,
                "no partial-order reduction: the plain search (breadth-first: the shortest "
                "counterexample; implied by --depth)");
  sub->add_option("--trace,-o", command->trace_path,
                  "write a counterexample as an implementation trace (catsim show / replay; "
                  "with --swarm by default catsim-swarm-I-of-N.trace)");
  add_swarm_flags(*sub, command->swarm);
  sub->callback([&action, command, sub] {
    if (command->protocol == kLeaseProtocol) {
      require_only_lease_flags(
          *sub, {"--protocol", "--variant", "--procs", "--crashes", "--changes", "--boots",
                 "--indeterminates", "--max-states", "--memory-max", "--bfs", "--dfs", "--jobs",
                 "--swarm", "--shard", "--swarm-seed", "--bitstate-bytes", "--bitstate-hashes"});
      const lease::Variant* variant = lease::find_variant(
          sub->get_option("--variant")->count() > 0 ? command->variant : "correct");
      if (variant == nullptr) {
        throw CLI::ValidationError("--variant",
                                   fmt::format("unknown lease variant '{}'", command->variant));
      }
      const model::ModelBounds& b = command->bounds;
      const lease::ModelConfig bounds{.holders = b.procs,
                                      .writes_per_lease = std::max<uint32_t>(b.changes, 1),
                                      .boots_max = b.boots,
                                      .crashes_max = b.crashes,
                                      .faults_max = b.indeterminates,
                                      .switches = variant->switches};
      if (bounds.holders > lease::kModelHoldersMax || bounds.writes_per_lease > 4 ||
          bounds.boots_max > 4 || bounds.crashes_max > 8 || bounds.faults_max > 8) {
        throw CLI::ValidationError(
            "--procs",
            "the lease model takes at most 3 holders, 4 writes and 4 boots, and "
            "budgets of at most 8 crashes and 8 indeterminates");
      }
      command->options.order =
          command->dfs ? model::SearchOrder::kDepthFirst : model::SearchOrder::kBreadthFirst;
      if (command->dfs && command->options.jobs != 1) {
        throw CLI::ValidationError("--dfs", "depth-first search runs on one thread");
      }
      resolve_swarm_flags(*sub, command->swarm, command->bfs, command->options);
      command->options.symmetry = false;
      command->options.liveness = false;
      action = [command, bounds, variant] {
        command->options.stop = &install_stop_signals();
        return explore_lease(bounds, variant->name, command->options);
      };
      return;
    }
    const Protocol protocol = *protocol_from_name(command->protocol);
    const Variant* variant = find_variant(protocol, command->variant);
    if (variant == nullptr) {
      throw CLI::ValidationError("--variant", fmt::format("unknown variant '{}' for protocol {} "
                                                          "(see: catsim list variants)",
                                                          command->variant, command->protocol));
    }
    if (command->bounds.procs * command->bounds.boots * command->bounds.changes >= 31) {
      throw CLI::ValidationError("--changes", "procs x boots x changes must stay below 31");
    }
    resolve_targets(*command, protocol);
    const uint32_t properties = parse_properties(command->properties);
    command->options.order =
        command->dfs ? model::SearchOrder::kDepthFirst : model::SearchOrder::kBreadthFirst;
    if (command->dfs && (command->options.jobs != 1 || command->options.fingerprint_bits != 64)) {
      throw CLI::ValidationError("--dfs", "depth-first search runs on one thread, 64-bit");
    }
    resolve_swarm_flags(*sub, command->swarm, command->bfs, command->options);
    command->options.symmetry = !command->no_symmetry;
    command->options.liveness = !command->no_liveness;
    // (The explorer does not reduce under a depth bound either.)
    command->options.partial_order = !command->no_por && command->options.depth_max == 0;
    action = [command, variant, properties] { return run(*command, *variant, properties); };
  });
}

}  // namespace catsim::cli
