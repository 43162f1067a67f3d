#include "cli/lease_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/explore_swarm.h"
#include "cli/stop_signal.h"
#include "lease/counters.h"
#include "lease/lease_campaign.h"
#include "lease/lease_explore.h"
#include "lease/lease_run.h"
#include "lease/lease_trace.h"
#include "lease/variant.h"
#include "sim/trace_lines.h"

namespace catsim::cli {

namespace {

void print_timeline(const lease::LeaseReport& report) {
  for (const lease::LeaseStepEvent& event : report.events) {
    fmt::print("{:>4}  {:<4} #{} {:<7} {:<16} epoch {} log {}\n", event.step,
               report.process_names.at(event.process), event.incarnation,
               step_action_name(event.action), event.label, event.epoch_after,
               event.log_size_after);
    for (const std::string& note : event.notes) fmt::print("        {}\n", note);
  }
}

int verdict(const lease::LeaseReport& report, bool quiet) {
  if (!quiet) print_timeline(report);
  if (report.violation) {
    fmt::print("VIOLATION {} at step {}: {}\n", report.violation->property, report.violation->step,
               report.violation->summary);
  }
  fmt::print("{} steps, trace hash {:016x}, {}\n", report.steps, report.trace_hash,
             report.violation ? fmt::format("VIOLATION {}", report.violation->property) : "clean");
  return report.violation ? 1 : 0;
}

std::string option_name(const CLI::Option& option) {
  return option.get_name(/*positional=*/false, /*all_options=*/false);
}

}  // namespace

void require_only_lease_flags(const CLI::App& command,
                              std::initializer_list<std::string_view> allowed) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0) continue;
    const std::string name = option_name(*option);
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    throw CLI::ValidationError(name, "does not apply to --protocol lease");
  }
}

int run_lease(const LeaseRunRequest& request) {
  const lease::LeaseConfig& config = request.config;
  fmt::print("catsim run: seeds {}..{} shard {}/{} lease variant {} jobs {}\n",
             request.seeds.seed_start, request.seeds.seed_start + request.seeds.seeds - 1,
             request.seeds.shard.index, request.seeds.shard.count, config.variant,
             request.seeds.jobs);
  std::fflush(stdout);
  std::error_code error;
  std::filesystem::create_directories(request.out_dir, error);
  if (error) {
    std::fprintf(stderr, "catsim: %s: cannot create: %s\n", request.out_dir.c_str(),
                 error.message().c_str());
    return 2;
  }
  SeedCampaignOptions seeds = request.seeds;
  seeds.stop = &install_stop_signals();
  int status = 0;
  SeedCampaignCallbacks<lease::LeaseReport> callbacks;
  callbacks.on_failure = [&](const lease::LeaseReport& failure) {
    const std::string path =
        fmt::format("{}/lease-seed-{}.trace.jsonl", request.out_dir, failure.seed);
    const std::string written = write_file_atomically(path, lease::format_trace(failure));
    fmt::print("seed {}: VIOLATION {} at step {}: {}\n", failure.seed, failure.violation->property,
               failure.violation->step, failure.violation->summary);
    if (!written.empty()) {
      std::fprintf(stderr, "catsim: %s\n", written.c_str());
      status = 2;
      return;
    }
    fmt::print("trace: {}\nreplay: catsim replay {}\n", path, path);
    std::fflush(stdout);
  };
  const lease::LeaseCampaignResult result = lease::run_campaign(config, seeds, callbacks);
  fmt::print("{} seeds run{}, {} failed\n", result.seeds_run,
             result.stopped_early ? " (stopped early)" : "", result.failures.size());
  for (size_t i = 0; i < lease::kCounterCount; ++i) {
    const auto counter = static_cast<lease::Counter>(i);
    const uint64_t value = result.tally.get(counter);
    const bool unreached_mark = lease::is_coverage_mark(counter) && value == 0;
    fmt::print("  {:<32} {:>12}{}\n", lease::counter_name(counter), value,
               unreached_mark ? "  <- coverage mark never reached" : "");
  }
  if (status != 0) return status;
  return result.failures.empty() ? 0 : 1;
}

int replay_lease_file(const std::string& path, std::string_view text, bool quiet) {
  const lease::ParsedTrace parsed = lease::parse_trace(text);
  if (!parsed.trace) {
    std::fprintf(stderr, "catsim: %s: %s\n", path.c_str(), parsed.error.c_str());
    return 2;
  }
  const lease::LeaseTrace& trace = *parsed.trace;
  if (lease::find_variant(trace.config.variant) == nullptr) {
    std::fprintf(stderr, "catsim: %s: unknown lease variant '%s'\n", path.c_str(),
                 trace.config.variant.c_str());
    return 2;
  }
  fmt::print("lease trace of seed {}: variant {}, {} holders\n", trace.seed, trace.config.variant,
             *trace.config.holders);
  const lease::LeaseReport report = lease::replay_run(
      trace.decisions, trace.config, lease::LeaseRunOptions{true}, ReplayMode::kStrict, trace.seed);
  const int status = verdict(report, quiet);
  if (report.divergence) {
    fmt::print("DIVERGED at decision {}: the log has {}, the code asked for {}\n",
               report.divergence->index, report.divergence->expected, report.divergence->found);
    return 1;
  }
  if (trace.violation != report.violation) {
    fmt::print("the trace recorded {}; the replay {}\n",
               trace.violation ? fmt::format("a {} violation", trace.violation->property)
                               : std::string("no violation"),
               report.violation ? fmt::format("violated {}", report.violation->property)
                                : std::string("found none"));
  }
  return status;
}

int replay_lease_seed(uint64_t seed, const lease::LeaseConfig& config, bool quiet) {
  const lease::LeaseReport report = lease::run_seed(seed, config, lease::LeaseRunOptions{true});
  fmt::print("lease seed {}: variant {}, {} holders\n", seed, config.variant, report.swarm.holders);
  return verdict(report, quiet);
}

int explore_lease(const lease::ModelConfig& bounds, const std::string& variant,
                  const model::ExploreOptions& options) {
  fmt::print(
      "catsim explore: lease variant {} holders {} writes {} boots {} crashes {} "
      "indeterminates {}\n",
      variant, bounds.holders, bounds.writes_per_lease, bounds.boots_max, bounds.crashes_max,
      bounds.faults_max);
  if (options.swarm) fmt::print("{}\n", swarm_setup_line(*options.swarm));
  const lease::LeaseExploreReport report = lease::explore_lease(lease::LeaseModel(bounds), options);
  fmt::print("{}: {} states, {} transitions, depth {}\n",
             options.swarm ? "searched" : model::verdict_name(report.verdict), report.states,
             report.transitions, report.max_depth);
  if (options.swarm) {
    print_swarm_result(*options.swarm, *report.swarm, report.states, report.verdict,
                       report.stopped);
  }
  if (report.counterexample) {
    const auto& found = *report.counterexample;
    fmt::print("VIOLATION {} in {} steps: {}\n", found.property, found.length, found.summary);
    for (const std::string& step : found.steps) fmt::print("{}\n", step);
  }
  return model::verdict_exit_status(report.verdict);
}

int lease_mutants(uint64_t budget_seeds, uint32_t jobs, const std::vector<std::string>& variants) {
  fmt::print("{:<10} {:<32} {:<9} {:<8} {:>10}  {}\n", "protocol", "variant", "detected",
             "property", "seed", "summary");
  int status = 0;
  for (const lease::Variant& variant : lease::all_variants()) {
    if (!variant.expected) continue;
    if (!variants.empty() &&
        std::find(variants.begin(), variants.end(), variant.name) == variants.end()) {
      continue;
    }
    lease::LeaseConfig config;
    config.variant = variant.name;
    const lease::LeaseCampaignResult result =
        lease::run_campaign(config, {.seed_start = 1, .seeds = budget_seeds, .jobs = jobs});
    if (result.failures.empty()) {
      fmt::print("{:<10} {:<32} {:<9} {:<8} {:>10}  expected {}\n", kLeaseProtocol, variant.name,
                 "NO", "-", "-", *variant.expected);
      status = 1;
      continue;
    }
    const lease::LeaseReport& first = result.failures.front();
    const bool declared = first.violation->property == *variant.expected;
    if (!declared) status = 1;
    fmt::print("{:<10} {:<32} {:<9} {:<8} {:>10}  {}{}\n", kLeaseProtocol, variant.name, "yes",
               first.violation->property, first.seed, first.violation->summary,
               declared ? "" : fmt::format(" (expected {})", *variant.expected));
  }
  return status;
}

}  // namespace catsim::cli
