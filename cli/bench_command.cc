// `catsim bench`: the speed and bug-finding figures, measured in one run.
//
// Everything is reported as measured here, in this process (or, for peak
// memory, in child processes of this binary), so ratios compare like with
// like. Wall-clock time is used only here, outside the simulated world.
#include <fmt/format.h>
#include <boost/context/fiber.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>

#include "cli/commands.h"
#include "harness/campaign.h"
#include "sim/scheduler.h"

namespace catsim::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct BenchOptions {
  uint64_t switches = 2'000'000;
  uint64_t campaign_seeds = 20'000;
  uint64_t memory_seeds_small = 10'000;
  uint64_t memory_seeds_large = 1'000'000;
  uint64_t coverage_seeds = 100'000;
  uint32_t detection_campaigns = 20;
  uint64_t detection_seeds_max = 10'000;
  uint32_t jobs = 1;
  bool skip_memory = false;
  bool skip_detection = false;
  bool skip_coverage = false;
};

// One round trip: into a fiber and back out.
double bare_switch_ns(uint64_t round_trips) {
  namespace ctx = boost::context;
  ctx::fiber partner{[](ctx::fiber&& back) {
    for (;;) back = std::move(back).resume();
    return std::move(back);
  }};
  auto start = Clock::now();
  for (uint64_t i = 0; i < round_trips; ++i) partner = std::move(partner).resume();
  return seconds_since(start) * 1e9 / static_cast<double>(round_trips);
}

// One scheduler step of a process that only yields: pick, log, switch in and
// out. Timed in runs of 4096 steps (a long run's log growth is not a step's
// cost: real runs are a few hundred steps).
double scheduler_step_ns(uint64_t steps) {
  const uint64_t batch = 4096;
  double seconds = 0;
  uint64_t timed = 0;
  while (timed < steps) {
    Decider decider(1, StrategyKind::kRandom);
    Scheduler scheduler(decider);
    scheduler.spawn({"spinner",
                     [](ProcessContext& context) {
                       for (;;) context.yield("spin");
                       return ProcessExit::kDone;
                     },
                     0, false});
    auto start = Clock::now();
    scheduler.run(batch);
    seconds += seconds_since(start);
    timed += batch;
  }
  return seconds * 1e9 / static_cast<double>(timed);
}

struct CampaignSpeed {
  double seconds = 0;
  uint64_t steps = 0;
};

CampaignSpeed time_campaign(uint64_t seeds, bool check_properties, uint32_t jobs = 1,
                            bool count_abstract_states = true) {
  CampaignOptions options{.seeds = seeds,
                          .keep_going = true,
                          .run_options = RunOptions{false, check_properties},
                          .jobs = jobs,
                          .count_abstract_states = count_abstract_states};
  auto start = Clock::now();
  CampaignResult result = run_campaign(options);
  return CampaignSpeed{seconds_since(start), result.stats.get(Counter::kSteps)};
}

// Peak resident memory (MiB) of `catsim run --seeds N` in a child process.
double child_peak_mib(uint64_t seeds) {
  char self[4096];
  ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length <= 0) return -1;
  self[length] = '\0';
  std::string seeds_text = std::to_string(seeds);
  pid_t child = fork();
  if (child == 0) {
    FILE* devnull = std::freopen("/dev/null", "w", stdout);
    (void)devnull;
    execl(self, self, "run", "--keep-going", "--seeds", seeds_text.c_str(), "--no-shrink", "--out",
          "/dev/null", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (child < 0 || wait4(child, &status, 0, &usage) != child) return -1;
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

uint64_t median(std::vector<uint64_t> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// Seeds until the first violation, in campaign c (its own seed range).
// strategy nullopt: the default campaign's per-seed mix (guided or not).
uint64_t seeds_to_detection(const Variant& variant, std::optional<StrategyKind> strategy,
                            uint32_t campaign, uint64_t seeds_max, bool guided = false) {
  RunConfig config;
  config.protocol = variant.protocol;
  config.variant = variant.name;
  config.strategy = strategy;
  SavedCorpus corpus;
  CampaignOptions options{
      .config = config, .seed_start = 1 + uint64_t{campaign} * 1'000'000, .seeds = seeds_max};
  if (guided) options.corpus = &corpus;
  CampaignResult result = run_campaign(options);
  return result.failures.empty() ? seeds_max + 1 : result.seeds_run;
}

// The abstract states (harness/abstract_state.h) that seeds of each
// strategy reach, on the default single-tombstone configuration.
void print_coverage(uint64_t seeds) {
  fmt::print("abstract states reached in {} seeds (transitions between them):\n", seeds);
  for (const char* name : {"default", "random", "skewed", "pct", "guided"}) {
    const std::string_view strategy = name;
    RunConfig config;
    if (strategy == "random") config.strategy = StrategyKind::kRandom;
    if (strategy == "skewed") config.strategy = StrategyKind::kSkewed;
    if (strategy == "pct") config.strategy = StrategyKind::kPct;
    SavedCorpus corpus;
    CampaignOptions options{.config = config, .seeds = seeds, .keep_going = true};
    if (strategy == "guided") options.corpus = &corpus;
    auto start = Clock::now();
    CampaignResult result = run_campaign(options);
    fmt::print("  {:<8} {:>8} ({:>8})  {:.1f} s\n", name, result.abstract_states,
               result.abstract_transitions, seconds_since(start));
  }
}

int bench(const BenchOptions& o) {
  fmt::print("catsim bench (one process; times are wall clock on this machine)\n");
  double switch_ns = bare_switch_ns(o.switches);
  double step_ns = scheduler_step_ns(o.switches / 2);
  fmt::print("bare fiber switch round trip      {:8.1f} ns\n", switch_ns);
  fmt::print("scheduler step (yield only)       {:8.1f} ns   {:5.1f}x a bare switch\n", step_ns,
             step_ns / switch_ns);

  CampaignSpeed checked = time_campaign(o.campaign_seeds, true);
  CampaignSpeed unchecked = time_campaign(o.campaign_seeds, false);
  double campaign_step_ns = checked.seconds * 1e9 / static_cast<double>(checked.steps);
  fmt::print("default campaign, {} seeds: {:.0f} seeds/s, {:.0f} steps/s\n", o.campaign_seeds,
             static_cast<double>(o.campaign_seeds) / checked.seconds,
             static_cast<double>(checked.steps) / checked.seconds);
  fmt::print("campaign step (fakes, protocol, checks) {:8.1f} ns   {:5.1f}x a bare switch\n",
             campaign_step_ns, campaign_step_ns / switch_ns);
  if (o.jobs > 1) {
    CampaignSpeed parallel = time_campaign(o.campaign_seeds, true, o.jobs);
    fmt::print("--jobs {}: {:.0f} seeds/s, {:.2f}x the seeds/s of --jobs 1\n", o.jobs,
               static_cast<double>(o.campaign_seeds) / parallel.seconds,
               checked.seconds / parallel.seconds);
  }
  fmt::print("invariant checks' share of the campaign: {:.1f}% ({:.2f} s with, {:.2f} s without)\n",
             100.0 * (1.0 - unchecked.seconds / checked.seconds), checked.seconds,
             unchecked.seconds);
  CampaignSpeed uncounted = time_campaign(o.campaign_seeds, true, 1, false);
  fmt::print(
      "abstract-state counting's share of the campaign: {:.1f}% ({:.2f} s with, {:.2f} s "
      "without)\n",
      100.0 * (1.0 - uncounted.seconds / checked.seconds), checked.seconds, uncounted.seconds);

  if (!o.skip_coverage) print_coverage(o.coverage_seeds);

  if (!o.skip_memory) {
    double small = child_peak_mib(o.memory_seeds_small);
    double large = child_peak_mib(o.memory_seeds_large);
    fmt::print("peak memory: {} seeds {:.1f} MiB, {} seeds {:.1f} MiB ({:+.1f}%)\n",
               o.memory_seeds_small, small, o.memory_seeds_large, large,
               100.0 * (large - small) / small);
  }

  if (!o.skip_detection) {
    fmt::print(
        "seeds to first detection, median over {} campaigns of at most {} seeds "
        "(\"missed\": the median campaign found nothing; found: campaigns that did):\n",
        o.detection_campaigns, o.detection_seeds_max);
    fmt::print("  {:<17} {:<32} {:>8} {:>6} {:>8} {:>6} {:>8} {:>6} {:>8} {:>6}\n", "protocol",
               "variant", "default", "found", "random", "found", "pct", "found", "guided", "found");
    for (const Variant& variant : all_variants()) {
      // Finding variants too: a measure shows what the tool misses.
      if (variant.kind == VariantKind::kCorrect) continue;
      std::vector<uint64_t> mix, random, pct, guided;
      for (uint32_t c = 0; c < o.detection_campaigns; ++c) {
        mix.push_back(seeds_to_detection(variant, std::nullopt, c, o.detection_seeds_max));
        guided.push_back(seeds_to_detection(variant, std::nullopt, c, o.detection_seeds_max, true));
        random.push_back(
            seeds_to_detection(variant, StrategyKind::kRandom, c, o.detection_seeds_max));
        pct.push_back(seeds_to_detection(variant, StrategyKind::kPct, c, o.detection_seeds_max));
      }
      auto shown = [&](const std::vector<uint64_t>& seeds) {
        uint64_t m = median(seeds);
        return m > o.detection_seeds_max ? std::string("missed") : std::to_string(m);
      };
      auto found = [&](const std::vector<uint64_t>& seeds) {
        return std::count_if(seeds.begin(), seeds.end(),
                             [&](uint64_t n) { return n <= o.detection_seeds_max; });
      };
      fmt::print("  {:<17} {:<32} {:>8} {:>6} {:>8} {:>6} {:>8} {:>6} {:>8} {:>6}{}\n",
                 protocol_name(variant.protocol), variant.name, shown(mix), found(mix),
                 shown(random), found(random), shown(pct), found(pct), shown(guided), found(guided),
                 variant.kind == VariantKind::kFixLeftOut ? "  (finding variant)" : "");
    }
  }
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand("bench", "measure speed and bug-finding power");
  auto o = std::make_shared<BenchOptions>();
  sub->add_option("--switches", o->switches, "fiber round trips to time")
      ->check(CLI::Range(uint64_t{1000}, uint64_t{1'000'000'000}));
  sub->add_option("--campaign-seeds", o->campaign_seeds, "seeds of the timed campaign")
      ->check(CLI::Range(uint64_t{100}, uint64_t{100'000'000}));
  sub->add_option("--memory-seeds-small", o->memory_seeds_small)
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  sub->add_option("--memory-seeds-large", o->memory_seeds_large)
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  sub->add_option("--detection-campaigns", o->detection_campaigns)->check(CLI::Range(1, 1000));
  sub->add_option("--detection-seeds-max", o->detection_seeds_max)
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}));
  sub->add_option("--jobs", o->jobs, "also time the campaign on this many worker threads")
      ->check(CLI::Range(1, 256));
  sub->add_flag("--skip-memory", o->skip_memory, "skip the peak-memory children");
  sub->add_flag("--skip-detection", o->skip_detection, "skip seeds-to-detection");
  sub->add_option("--coverage-seeds", o->coverage_seeds,
                  "seeds per strategy for the abstract states reached")
      ->check(CLI::Range(uint64_t{32}, uint64_t{100'000'000}));
  sub->add_flag("--skip-coverage", o->skip_coverage, "skip the abstract states per strategy");
  sub->callback([&action, o] { action = [o] { return bench(*o); }; });
}

}  // namespace catsim::cli
