// `catsim run`: a fuzz campaign over many seeds, on one machine or as one
// shard of many, with everything a nightly CI job needs.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "cli/campaign_report.h"
#include "cli/commands.h"
#include "cli/lease_commands.h"
#include "cli/progress.h"
#include "cli/run_flags.h"
#include "cli/stop_signal.h"
#include "lease/variant.h"
#include "sim/determinism_check.h"
#include "traces/failure_sink.h"
#include "traces/shrink.h"

namespace catsim::cli {

namespace {

struct RunCommand {
  RunFlags flags;
  uint64_t seeds = 500'000;  // about a minute on one core of the reference machine
  uint64_t seed_start = 1;
  bool keep_going = false;
  uint64_t failures_max = 0;
  bool check_determinism = false;
  bool emit_hashes = false;            // internal: the child of --check-determinism
  bool inject_nondeterminism = false;  // internal: proves the check can fail
  std::string out_dir = "catsim-out";
  std::string trace_path;  // record the first seed's trace here
  bool no_shrink = false;
  size_t shrink_replays_max = ShrinkOptions{}.replays_max;
  uint32_t jobs = 1;
  std::string shard = "1/1";
  std::string duration;
  std::string junit_path;
  std::string json_path;
  bool progress = true;
  bool guided = false;     // --strategy guided
  std::string corpus_dir;  // --corpus
  GuidedOptions guided_options;
};

// Runs the same seeds in a child process and compares trace hashes.
int check_determinism(const RunCommand& command, const std::map<uint64_t, uint64_t>& hashes) {
  const std::optional<std::string> self = own_executable();
  if (!self) {
    std::fprintf(stderr, "catsim: cannot find my own executable for --check-determinism\n");
    return 2;
  }
  const std::string child = fmt::format(
      "'{}' run --emit-hashes --keep-going --no-progress --seeds {} --seed-start {} --shard {} "
      "{}{}{}",
      *self, command.seeds, command.seed_start, command.shard, run_flags_text(command.flags.config),
      command.guided
          ? fmt::format(" --strategy guided --guided-round-seeds {} "
                        "--guided-fresh-percent {}{}",
                        command.guided_options.round_seeds, command.guided_options.fresh_percent,
                        command.guided_options.transition_entries ? " --guided-transitions" : "")
          : "",
      command.inject_nondeterminism ? " --inject-nondeterminism" : "");
  DeterminismReport report;
  if (auto error = compare_with_child(child, hashes, report)) {
    std::fprintf(stderr, "catsim: %s\n", error->c_str());
    return 2;
  }
  for (const HashMismatch& mismatch : report.first_mismatches) {
    fmt::print("NONDETERMINISM seed {}: trace hash {:016x} here, {:016x} in a second process\n",
               mismatch.seed, mismatch.here, mismatch.there);
  }
  if (report.compared != hashes.size()) {
    fmt::print("determinism check: the child reported {} of {} seeds (exit status {})\n",
               report.compared, hashes.size(), report.child_status);
    return 1;
  }
  fmt::print("determinism check: {} seeds re-run in a second process, {} mismatched\n",
             report.compared, report.mismatched);
  return report.passed(hashes.size()) ? 0 : 1;
}

int run(RunCommand& command) {
  const RunConfig& config = command.flags.config;
  std::optional<std::chrono::seconds> duration;
  if (!command.duration.empty()) duration = parse_duration(command.duration);
  CampaignOptions options{
      .config = config,
      .seed_start = command.seed_start,
      .seeds = duration ? UINT64_MAX - command.seed_start : command.seeds,
      .keep_going = command.keep_going || duration.has_value() || command.failures_max > 0,
      .failures_max = command.failures_max,
      .jobs = command.jobs,
      .shard = parse_shard(command.shard),
      .stop = &install_stop_signals()};
  SavedCorpus corpus{GuidedCorpus(command.guided_options)};
  if (command.guided) {
    corpus.dir = command.corpus_dir;
    corpus.context = corpus_context(config);
    if (!corpus.dir.empty()) {
      size_t loaded = 0;
      if (auto error = load_corpus(corpus.dir, corpus.context, corpus.corpus, &loaded)) {
        std::fprintf(stderr, "catsim: --corpus: %s\n", error->c_str());
        return 2;
      }
      corpus.loaded = loaded;
    }
    options.corpus = &corpus;
  }
  if (!command.emit_hashes) {
    fmt::print(
        "catsim run: seeds {}..{} shard {} {} variant {} strategy {} procs {} readers {} "
        "jobs {}{}\n",
        command.seed_start,
        duration ? std::string("(time box)")
                 : std::to_string(command.seed_start + command.seeds - 1),
        command.shard, protocol_name(config.protocol), config.variant,
        command.guided ? "guided" : strategy_text(config.strategy), setting_text(config.procs),
        setting_text(config.readers), command.jobs,
        duration ? fmt::format(" for {}", command.duration) : "");
    if (config.strategy == StrategyKind::kPct) {
      // The most processes a seed can have: writers (at most 4 when drawn),
      // readers (at most 1), and the liveness opener.
      const uint32_t processes = config.procs.value_or(4) + config.readers.value_or(1) + 1;
      fmt::print(
          "PCT depth {} over k = {} racy events, {} processes: each run finds a bug of "
          "that depth with probability at least 1/(n*k^(d-1)) = {:.3g}\n",
          config.pct.depth, config.pct.steps_estimate, processes,
          pct_bound(processes, config.pct.steps_estimate, config.pct.depth));
    }
    std::fflush(stdout);
  }
  FailureSink sink(config, command.out_dir, !command.no_shrink, command.shrink_replays_max);
  std::map<uint64_t, uint64_t> hashes;
  Progress progress(duration);
  bool show_progress = command.progress && !command.emit_hashes;
  CampaignCallbacks callbacks;
  callbacks.on_seed = [&](uint64_t seed, uint64_t hash) {
    if (command.inject_nondeterminism) {
      // Deliberately depends on the address space layout: differs per process.
      auto probe = std::make_unique<int>(0);
      hash ^= reinterpret_cast<uintptr_t>(probe.get()) ^ reinterpret_cast<uintptr_t>(&probe);
    }
    if (command.emit_hashes) fmt::print("{}\n", hash_line(seed, hash));
    if (command.check_determinism) hashes[seed] = hash;
  };
  callbacks.on_failure = [&](const RunReport& failure) {
    if (command.emit_hashes) return;
    if (show_progress) progress.finish();
    for (const std::string& line : sink.add(failure)) fmt::print("{}\n", line);
    if (failure.guided_origin) {
      fmt::print(
          "guided: seed {} extended a corpus prefix (configuration of seed {}); replay its trace\n",
          failure.seed, *failure.guided_origin);
    } else {
      fmt::print("replay: catsim replay --seed {} {}\n", failure.seed, run_flags_text(config));
    }
    std::fflush(stdout);
  };
  if (show_progress) callbacks.on_progress = [&](const CampaignProgress& p) { progress.update(p); };
  auto start = std::chrono::steady_clock::now();
  std::optional<TimeBox> time_box;
  if (duration) time_box.emplace(install_stop_signals(), *duration);
  CampaignResult result = run_campaign(options, callbacks);
  time_box.reset();
  if (show_progress) progress.finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (command.emit_hashes) return 0;
  CampaignReportInput report{config, options, result, sink.groups(), seconds};
  int status = result.failures.empty() ? 0 : 1;
  for (const auto& [path, writer] :
       {std::pair{command.junit_path, &write_junit}, std::pair{command.json_path, &write_json}}) {
    if (path.empty()) continue;
    std::string error = writer(path, report);
    if (!error.empty()) {
      std::fprintf(stderr, "catsim: %s\n", error.c_str());
      status = 2;
    }
  }
  if (!command.trace_path.empty()) {
    Trace trace = make_trace(run_seed(command.seed_start, config, RunOptions{true}), config);
    std::string error = write_file_atomically(command.trace_path, write_trace(trace));
    if (!error.empty()) {
      std::fprintf(stderr, "catsim: %s\n", error.c_str());
      return 2;
    }
    fmt::print("trace of seed {}: {}\n", command.seed_start, command.trace_path);
  }
  print_summary(report);
  if (!corpus.error.empty()) {
    std::fprintf(stderr, "catsim: --corpus: %s\n", corpus.error.c_str());
    status = 2;
  }
  if (command.check_determinism && check_determinism(command, hashes) != 0) status = 1;
  return status;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand("run", "run a fuzz campaign over many seeds");
  auto command = std::make_shared<RunCommand>();
  sub->add_option("--seeds", command->seeds, "how many seeds")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))
      ->capture_default_str();
  sub->add_option("--seed-start", command->seed_start, "the first seed")->capture_default_str();
  sub->add_flag("--keep-going", command->keep_going, "do not stop at the first violating seed");
  sub->add_option("--failures-max", command->failures_max,
                  "stop once this many seeds failed, after the rest of their chunk of 32 seeds "
                  "(implies --keep-going)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  sub->add_option("--jobs", command->jobs, "worker threads (results are the same for any number)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--shard", command->shard, "run shard I of N of the seed space, e.g. 3/8");
  sub->add_option("--duration", command->duration,
                  "time box, e.g. 90s, 30m, 2h, 1h30m (implies --keep-going; --seeds is ignored)")
      ->check([](const std::string& text) {
        return parse_duration(text) ? std::string() : "expected a duration such as 90s, 30m, 2h";
      });
  sub->add_option("--junit", command->junit_path, "write a JUnit XML report");
  sub->add_option("--json", command->json_path, "write a JSON report");
  sub->add_flag("!--no-progress", command->progress, "no progress output on stderr");
  sub->add_flag("--check-determinism", command->check_determinism,
                "re-run every seed in a child process and compare trace hashes");
  sub->add_flag("--emit-hashes", command->emit_hashes)->group("");
  sub->add_flag("--inject-nondeterminism", command->inject_nondeterminism)->group("");
  sub->add_option("--out", command->out_dir, "where failing traces are written")
      ->capture_default_str();
  sub->add_option("--trace", command->trace_path, "record the first seed's trace to this file");
  sub->add_flag("--no-shrink", command->no_shrink, "do not shrink failing traces");
  sub->add_option("--corpus", command->corpus_dir,
                  "with --strategy guided: load the corpus of prefixes from DIR and save each "
                  "new entry there as it is found (successive nights build on each other)");
  sub->add_option("--shrink-replays-max", command->shrink_replays_max,
                  "replays the shrinker may spend per failure")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  sub->add_option("--guided-round-seeds", command->guided_options.round_seeds,
                  "seeds per round of a guided campaign (a multiple of 32)")
      ->check(CLI::Range(uint64_t{32}, uint64_t{1} << 20))
      ->check([](const std::string& text) {
        return std::stoull(text) % kSeedCampaignChunkSeeds == 0 ? std::string()
                                                                : "must be a multiple of 32";
      })
      ->group("");
  sub->add_option("--guided-fresh-percent", command->guided_options.fresh_percent,
                  "seeds of a guided campaign that run fresh")
      ->check(CLI::Range(0, 100))
      ->group("");
  sub->add_flag("--guided-transitions", command->guided_options.transition_entries,
                "transitions between abstract states get corpus entries too")
      ->group("");
  add_run_flags(*sub, command->flags);
  sub->callback([&action, command, sub] {
    if (command->flags.protocol == kLeaseProtocol) {
      require_only_lease_flags(
          *sub, {"--protocol", "--variant", "--seeds", "--seed-start", "--keep-going",
                 "--failures-max", "--jobs", "--shard", "--out", "--no-progress"});
      LeaseRunRequest request;
      if (sub->get_option("--variant")->count() > 0)
        request.config.variant = command->flags.config.variant;
      if (lease::find_variant(request.config.variant) == nullptr) {
        throw CLI::ValidationError(
            "--variant", fmt::format("unknown lease variant '{}'", request.config.variant));
      }
      request.seeds =
          SeedCampaignOptions{.seed_start = command->seed_start,
                              .seeds = command->seeds,
                              .keep_going = command->keep_going || command->failures_max > 0,
                              .failures_max = command->failures_max,
                              .jobs = command->jobs,
                              .shard = parse_shard(command->shard)};
      request.out_dir = command->out_dir;
      action = [request] { return run_lease(request); };
      return;
    }
    command->guided = command->flags.strategy == "guided";
    if (command->guided) command->flags.strategy.clear();
    if (!command->corpus_dir.empty() && !command->guided) {
      throw CLI::ValidationError("--corpus", "needs --strategy guided");
    }
    if (command->guided && command->check_determinism && !command->corpus_dir.empty()) {
      throw CLI::ValidationError("--check-determinism",
                                 "cannot re-run a guided campaign whose --corpus it changes");
    }
    resolve_run_flags(command->flags);
    parse_shard(command->shard);
    action = [command] { return run(*command); };
  });
}

}  // namespace catsim::cli
