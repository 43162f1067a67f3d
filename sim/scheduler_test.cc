#include "sim/scheduler.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "sim/hash.h"

namespace catsim {
namespace {

// A toy world: each process makes calls_per_process "calls", each behind a
// yield point, and records them; a Guard on its stack counts live frames.
struct Toy {
  std::vector<std::string> events;
  int live_guards = 0;
  int guards_destroyed = 0;
  int incarnations_started = 0;
};

struct Guard {
  explicit Guard(Toy& toy) : toy(toy) { ++toy.live_guards; }
  ~Guard() {
    --toy.live_guards;
    ++toy.guards_destroyed;
  }
  Toy& toy;
};

ProcessBody toy_body(Toy& toy, int calls) {
  return [&toy, calls](ProcessContext& context) {
    Guard guard(toy);
    ++toy.incarnations_started;
    for (int i = 0; i < calls; ++i) {
      context.yield("call");
      toy.events.push_back(fmt::format("{}#{}:{}", context.name(), context.incarnation(), i));
    }
    return ProcessExit::kDone;
  };
}

struct ToyRun {
  Toy toy;
  std::vector<Decision> log;
  RunEnd end = RunEnd::kAllDone;
  uint64_t steps = 0;
};

void run_toy(Decider& decider, ToyRun& out, uint32_t crash_percent, int calls = 4) {
  Scheduler scheduler(decider);
  for (int p = 0; p < 3; ++p) {
    scheduler.spawn({fmt::format("p{}", p), toy_body(out.toy, calls), crash_percent, true});
  }
  out.end = scheduler.run(1000);
  out.steps = scheduler.steps();
  out.log = decider.log();
}

TEST(Scheduler, RunsEveryProcessToCompletion) {
  Decider decider(1, StrategyKind::kRandom);
  ToyRun run;
  run_toy(decider, run, 0);
  EXPECT_EQ(run.end, RunEnd::kAllDone);
  EXPECT_EQ(run.toy.events.size(), 12u);
  EXPECT_EQ(run.steps, 12u);
  EXPECT_EQ(run.toy.live_guards, 0);
}

TEST(Scheduler, ReplayOfTheDecisionLogReproducesTheRunExactly) {
  Decider seeded(99, StrategyKind::kRandom);
  ToyRun original;
  run_toy(seeded, original, 20);
  ASSERT_GT(original.log.size(), 12u);

  Decider replay(original.log, ReplayMode::kStrict, 0);
  ToyRun replayed;
  run_toy(replay, replayed, 20);
  EXPECT_FALSE(replay.divergence().has_value());
  EXPECT_EQ(replayed.toy.events, original.toy.events);
  EXPECT_EQ(replayed.log, original.log);
}

TEST(Scheduler, CrashAtEveryYieldPointUnwindsAndRestarts) {
  // Record a run where every yield point asks "crash here?" (answer: no).
  Decider seeded(5, StrategyKind::kRandom);
  ToyRun base;
  run_toy(seeded, base, 0);
  std::vector<size_t> crash_points;
  {
    Decider asking(5, StrategyKind::kRandom);
    ToyRun probe;
    run_toy(asking, probe, 1);  // 1%: crash decisions are logged
    for (size_t i = 0; i < probe.log.size(); ++i) {
      if (probe.log[i].stream == Stream::kCrash) crash_points.push_back(i);
    }
    base.log = probe.log;
  }
  ASSERT_GE(crash_points.size(), 12u);
  for (size_t point : crash_points) {
    std::vector<Decision> log = base.log;
    for (size_t i : crash_points) log[i].value = 0;
    log[point].value = 1;  // crash exactly here
    Decider replay(log, ReplayMode::kContinueSeeded, 17);
    ToyRun run;
    run_toy(replay, run, 1);
    SCOPED_TRACE(fmt::format("crash at decision {} ({})", point, describe(log[point])));
    EXPECT_EQ(run.end, RunEnd::kAllDone);
    EXPECT_EQ(run.toy.live_guards, 0) << "a crashed fiber's destructors did not run";
    EXPECT_GE(run.toy.incarnations_started, 4) << "the crashed process never restarted";
    EXPECT_EQ(run.toy.guards_destroyed, run.toy.incarnations_started);
    bool restarted = false;
    for (const Decision& d : run.log) restarted |= d.label == "restart";
    EXPECT_TRUE(restarted);
  }
}

TEST(Scheduler, StepBudgetEndsAnInfiniteLoop) {
  Decider decider(3, StrategyKind::kRandom);
  Scheduler scheduler(decider);
  uint64_t iterations = 0;
  scheduler.spawn({"spinner",
                   [&](ProcessContext& context) {
                     for (;;) {
                       context.yield("spin");
                       ++iterations;
                     }
                     return ProcessExit::kDone;
                   },
                   0, true});
  EXPECT_EQ(scheduler.run(500), RunEnd::kStepBudget);
  EXPECT_EQ(scheduler.steps(), 500u);
  EXPECT_EQ(iterations, 500u);
}

TEST(Scheduler, RestartExitStartsANewIncarnation) {
  Decider decider(4, StrategyKind::kRandom);
  Scheduler scheduler(decider);
  std::vector<uint32_t> seen;
  scheduler.spawn({"again",
                   [&](ProcessContext& context) {
                     context.yield("once");
                     seen.push_back(context.incarnation());
                     return seen.size() < 3 ? ProcessExit::kRestart : ProcessExit::kDone;
                   },
                   0, true});
  EXPECT_EQ(scheduler.run(100), RunEnd::kAllDone);
  EXPECT_EQ(seen, (std::vector<uint32_t>{1, 2, 3}));
}

// With crash_at_racy_events_only, a process is crashed only where its
// pending call races with another runnable process's: here p0 and p1 write
// resource 1 at their first yield point and p2 writes only resource 2, so
// even at 100% every crash is p0's or p1's at "shared", while both still run.
TEST(Scheduler, CrashesOnlyAtRacyEventsWhenAsked) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Decider decider(seed, StrategyKind::kRandom);
    Scheduler scheduler(decider);
    std::vector<std::string> crashed_at;
    struct Listener final : StepListener {
      std::vector<std::string>* crashed_at;
      Scheduler* scheduler;
      void after_step(const StepRecord& record) override {
        if (record.action == StepAction::kCrash) {
          crashed_at->push_back(
              fmt::format("{}@{}", scheduler->process_name(record.process), record.label));
        }
      }
    } listener;
    listener.crashed_at = &crashed_at;
    listener.scheduler = &scheduler;
    scheduler.set_listener(&listener);
    for (uint32_t p = 0; p < 3; ++p) {
      const uint8_t resource = p < 2 ? 1 : 2;
      ProcessOptions options{fmt::format("p{}", p),
                             [resource](ProcessContext& context) {
                               context.yield("shared", Access{resource, true});
                               context.yield("private", Access{0, false});
                               return ProcessExit::kDone;
                             },
                             100, false};
      options.crash_at_racy_events_only = true;
      scheduler.spawn(std::move(options));
    }
    EXPECT_EQ(scheduler.run(100), RunEnd::kAllDone);
    for (const std::string& at : crashed_at) {
      EXPECT_TRUE(at == "p0@shared" || at == "p1@shared") << "seed " << seed << ": " << at;
    }
    // The first of p0 and p1 to step races with the other and crashes; the
    // second then races with nobody.
    EXPECT_EQ(crashed_at.size(), 1u) << "seed " << seed;
  }
}

TEST(Scheduler, YieldOutsideASchedulerIsANoOp) {
  EXPECT_EQ(Scheduler::current(), nullptr);
  yield_point("nowhere");
}

TEST(Scheduler, ReplayReportsTheFirstDivergentDecision) {
  Decider seeded(11, StrategyKind::kRandom);
  ToyRun original;
  run_toy(seeded, original, 0, 4);
  Decider replay(original.log, ReplayMode::kStrict, 0);
  ToyRun shorter;
  run_toy(replay, shorter, 0, 3);  // the code changed: fewer calls per process
  ASSERT_TRUE(replay.divergence().has_value());
  EXPECT_EQ(shorter.end, RunEnd::kDiverged);
  EXPECT_LT(replay.divergence()->index, original.log.size());
}

}  // namespace
}  // namespace catsim
