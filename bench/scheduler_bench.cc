// Micro-benchmarks: one scheduler step next to a bare Boost.Context switch
// round trip, measured in the same process, and their ratio.
//
//   build/release/bin/catsim_bench [--benchmark_min_time=1]
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <boost/context/fiber.hpp>

#include <map>
#include <string>

#include "harness/run.h"
#include "sim/scheduler.h"

namespace {

namespace ctx = boost::context;

// Into a fiber and back out: the floor any fiber scheduler pays per step.
void BM_BareFiberSwitchRoundTrip(benchmark::State& state) {
  ctx::fiber partner{[](ctx::fiber&& back) {
    for (;;) back = std::move(back).resume();
    return std::move(back);
  }};
  for (auto _ : state) partner = std::move(partner).resume();
}
BENCHMARK(BM_BareFiberSwitchRoundTrip);

// One scheduler step of a process that only yields: pick a process through
// the Decider (logged), switch in, switch out, notify the listener.
void BM_SchedulerStep(benchmark::State& state) {
  const uint64_t batch = 4096;
  for (auto _ : state) {
    state.PauseTiming();
    catsim::Decider decider(1, catsim::StrategyKind::kRandom);
    catsim::Scheduler scheduler(decider);
    scheduler.spawn({"spinner",
                     [](catsim::ProcessContext& context) {
                       for (;;) context.yield("spin");
                       return catsim::ProcessExit::kDone;
                     },
                     0, false});
    state.ResumeTiming();
    scheduler.run(batch);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_SchedulerStep);

// One whole seed of the default campaign (fakes, protocol, checks).
void BM_DefaultSeed(benchmark::State& state) {
  catsim::RunConfig config;
  uint64_t seed = 1;
  uint64_t steps = 0;
  for (auto _ : state) steps += catsim::run_seed(seed++, config).steps;
  state.counters["steps_per_seed"] =
      static_cast<double>(steps) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DefaultSeed);

// Keeps each benchmark's time per item, to print ratios after the table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      double per = run.GetAdjustedRealTime();
      auto items = run.counters.find("items_per_second");
      if (items != run.counters.end() && items->second.value > 0) per = 1e9 / items->second.value;
      nanoseconds_[run.benchmark_name()] = per;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double get(const std::string& name) const {
    auto it = nanoseconds_.find(name);
    return it == nanoseconds_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> nanoseconds_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  double bare = reporter.get("BM_BareFiberSwitchRoundTrip");
  double step = reporter.get("BM_SchedulerStep");
  if (bare > 0 && step > 0) {
    fmt::print("scheduler step {:.1f} ns = {:.1f}x a bare fiber switch round trip ({:.1f} ns)\n",
               step, step / bare, bare);
  }
  benchmark::Shutdown();
  return 0;
}
