#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/run_flags.h"
#include "harness/campaign.h"
#include "harness/timeline.h"
#include "traces/shrink.h"

#include <filesystem>

namespace catsim::cli {

namespace {

struct RunCommand {
  RunFlags flags;
  uint64_t seeds = 500'000;  // about a minute on one core of the reference machine
  uint64_t seed_start = 1;
  bool keep_going = false;
  bool check_determinism = false;
  bool emit_hashes = false;  // internal: the child of --check-determinism
  bool inject_nondeterminism = false;  // internal: proves the check can fail
  std::string out_dir = "catsim-out";
  std::string trace_path;  // record the first seed's trace here
  bool no_shrink = false;
};

std::string replay_command(const RunConfig& config, uint64_t seed) {
  return fmt::format("catsim replay --seed {} {}", seed, run_flags_text(config));
}

void print_summary(const RunCommand& command, const CampaignResult& result, double seconds) {
  uint64_t steps = result.stats.get(Counter::kSteps);
  fmt::print("seeds {} ({} violating), steps {}, {:.1f} s, {:.0f} seeds/s, {:.0f} steps/s\n",
             result.seeds_run, result.failures.size(), steps, seconds,
             static_cast<double>(result.seeds_run) / std::max(seconds, 1e-9),
             static_cast<double>(steps) / std::max(seconds, 1e-9));
  for (bool marks : {false, true}) {
    fmt::print("{}", marks ? "coverage marks (rare states the campaign must reach):\n" : "counts:\n");
    for (size_t i = 0; i < kCounterCount; ++i) {
      auto counter = static_cast<Counter>(i);
      if (is_coverage_mark(counter) != marks) continue;
      uint64_t value = result.stats.get(counter);
      bool flagged = value == 0 && counter_expected(counter, result.causes, command.flags.config);
      fmt::print("  {:<36} {:>12}{}\n", counter_name(counter), value,
                 flagged ? (marks ? "   <- MISSED" : "   <- zero although enabled") : "");
    }
  }
}

// Writes a trace; returns false (after saying why) if it could not.
bool save_trace(const std::string& path, const Trace& trace) {
  std::string error = write_file_atomically(path, write_trace(trace));
  if (error.empty()) return true;
  std::fprintf(stderr, "catsim: %s\n", error.c_str());
  return false;
}

Trace recorded_trace(uint64_t seed, const RunConfig& config) {
  return make_trace(run_seed(seed, config, RunOptions{true}), config);
}

void print_failure(const RunCommand& command, const RunReport& report) {
  const RunConfig& config = command.flags.config;
  const Violation& violation = *report.violation;
  fmt::print("VIOLATION seed {}: {} {}\n", report.seed, violation.property, violation.summary);
  fmt::print("{}", describe_violation(violation));
  fmt::print("replay: {}\n", replay_command(config, report.seed));
  std::error_code error;
  std::filesystem::create_directories(command.out_dir, error);
  if (error) {
    std::fprintf(stderr, "catsim: %s: cannot create: %s\n", command.out_dir.c_str(),
                 error.message().c_str());
    return;
  }
  Trace trace = recorded_trace(report.seed, config);
  std::string base = fmt::format("{}/seed-{}", command.out_dir, report.seed);
  if (!save_trace(base + ".trace.jsonl", trace)) return;
  fmt::print("trace: {}.trace.jsonl ({} steps)\n", base, trace.steps);
  if (command.no_shrink) return;
  ShrinkStats stats;
  Trace shrunk = shrink_trace(trace, ShrinkOptions{}, &stats);
  if (!save_trace(base + ".shrunk.trace.jsonl", shrunk)) return;
  fmt::print("shrunk: {}.shrunk.trace.jsonl ({} -> {} steps); replay: catsim replay {}.shrunk.trace.jsonl\n",
             base, stats.steps_before, stats.steps_after, base);
}

// Runs the same seeds in a child process and compares trace hashes.
int check_determinism(const RunCommand& command, const std::map<uint64_t, uint64_t>& hashes) {
  char self[4096];
  ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length <= 0) {
    std::fprintf(stderr, "catsim: cannot find my own executable for --check-determinism\n");
    return 2;
  }
  self[length] = '\0';
  std::string child = fmt::format("'{}' run --emit-hashes --keep-going --seeds {} --seed-start {} {}{}",
                                  self, command.seeds, command.seed_start,
                                  run_flags_text(command.flags.config),
                                  command.inject_nondeterminism ? " --inject-nondeterminism" : "");
  FILE* pipe = popen(child.c_str(), "r");
  if (pipe == nullptr) {
    std::fprintf(stderr, "catsim: cannot start the determinism child\n");
    return 2;
  }
  uint64_t seed = 0, hash = 0, compared = 0, mismatched = 0;
  char line[256];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) {
    if (std::sscanf(line, "hash %lu %lx", &seed, &hash) != 2) continue;
    auto it = hashes.find(seed);
    if (it == hashes.end()) continue;
    ++compared;
    if (it->second != hash) {
      ++mismatched;
      if (mismatched <= 5) {
        fmt::print("NONDETERMINISM seed {}: trace hash {:016x} here, {:016x} in a second process\n",
                   seed, it->second, hash);
      }
    }
  }
  int child_status = pclose(pipe);
  if (compared != hashes.size()) {
    fmt::print("determinism check: the child reported {} of {} seeds (exit status {})\n",
               compared, hashes.size(), child_status);
    return 1;
  }
  fmt::print("determinism check: {} seeds re-run in a second process, {} mismatched\n", compared,
             mismatched);
  return mismatched == 0 ? 0 : 1;
}

int run(RunCommand& command) {
  const RunConfig& config = command.flags.config;
  if (!command.emit_hashes) {
    fmt::print("catsim run: seeds {}..{} {} variant {} strategy {} procs {} readers {}\n",
               command.seed_start, command.seed_start + command.seeds - 1,
               protocol_name(config.protocol), config.variant, strategy_name(config.strategy),
               config.procs, config.readers);
    std::fflush(stdout);
  }
  CampaignOptions options{config, command.seed_start, command.seeds, command.keep_going, {}};
  std::map<uint64_t, uint64_t> hashes;
  auto start = std::chrono::steady_clock::now();
  CampaignResult result = run_campaign(options, [&](const RunReport& report) {
    uint64_t hash = report.trace_hash;
    if (command.inject_nondeterminism) {
      // Deliberately depends on the address space layout: differs per process.
      auto probe = std::make_unique<int>(0);
      hash ^= reinterpret_cast<uintptr_t>(probe.get()) ^ reinterpret_cast<uintptr_t>(&probe);
    }
    hashes[report.seed] = hash;
    if (command.emit_hashes) fmt::print("hash {} {:x}\n", report.seed, hash);
    if (report.violation && !command.emit_hashes) print_failure(command, report);
  });
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (command.emit_hashes) return 0;
  if (!command.trace_path.empty()) {
    if (!save_trace(command.trace_path, recorded_trace(command.seed_start, config))) return 2;
    fmt::print("trace of seed {}: {}\n", command.seed_start, command.trace_path);
  }
  print_summary(command, result, seconds);
  int status = result.failures.empty() ? 0 : 1;
  if (command.check_determinism && check_determinism(command, hashes) != 0) status = 1;
  return status;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand("run", "run a fuzz campaign over many seeds");
  auto command = std::make_shared<RunCommand>();
  sub->add_option("--seeds", command->seeds, "how many seeds")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  sub->add_option("--seed-start", command->seed_start, "the first seed");
  sub->add_flag("--keep-going", command->keep_going, "do not stop at the first violating seed");
  sub->add_flag("--check-determinism", command->check_determinism,
                "re-run every seed in a child process and compare trace hashes");
  sub->add_flag("--emit-hashes", command->emit_hashes)->group("");
  sub->add_flag("--inject-nondeterminism", command->inject_nondeterminism)->group("");
  sub->add_option("--out", command->out_dir, "where failing traces are written")
      ->capture_default_str();
  sub->add_option("--trace", command->trace_path, "record the first seed's trace to this file");
  sub->add_flag("--no-shrink", command->no_shrink, "do not shrink failing traces");
  add_run_flags(*sub, command->flags);
  sub->callback([&action, command] {
    resolve_run_flags(command->flags);
    action = [command] { return run(*command); };
  });
}

}  // namespace catsim::cli
