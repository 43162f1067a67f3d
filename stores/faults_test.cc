// FaultInjector under a Scheduler: each rate's effect, the fault stream of
// the decision log, and how the fakes report a fault's ground truth.
#include "sim/faults.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "sim/scheduler.h"
#include "stores/persist_fake.h"
#include "stores/stash_fake.h"

namespace catsim {
namespace {

constexpr uint64_t kStepsMax = 1000;
constexpr std::string_view kLabel = "test.call";

// Records every call the fake reports (its pointers live as long as the call's
// arguments and the fake).
struct Recorder : StoreObserver {
  std::vector<CallEffect> calls;
  void on_call(const CallEffect& effect) override { calls.push_back(effect); }
};

// Runs body as the only process (slot 0) of a scheduler driven by decider,
// to its end, and returns the decision log.
std::vector<Decision> run_alone(Decider& decider,
                                const std::function<void(ProcessContext&)>& body) {
  Scheduler scheduler(decider);
  scheduler.spawn({"solo",
                   [&body](ProcessContext& context) {
                     body(context);
                     return ProcessExit::kDone;
                   },
                   0, false});
  EXPECT_EQ(scheduler.run(kStepsMax), RunEnd::kAllDone);
  return decider.log();
}

std::vector<Decision> run_alone(uint64_t seed, const std::function<void(ProcessContext&)>& body) {
  Decider decider(seed, StrategyKind::kRandom);
  return run_alone(decider, body);
}

std::vector<Decision> fault_decisions(const std::vector<Decision>& log) {
  std::vector<Decision> faults;
  for (const Decision& decision : log) {
    if (decision.stream == Stream::kFault) faults.push_back(decision);
  }
  return faults;
}

// Makes `calls` decisions, each behind its own yield point, like store calls.
std::function<void(ProcessContext&)> decide_n(FaultInjector& faults, int calls, bool is_write,
                                              std::vector<FaultKind>& kinds) {
  return [&faults, calls, is_write, &kinds](ProcessContext& context) {
    for (int i = 0; i < calls; ++i) {
      context.yield(kLabel);
      kinds.push_back(faults.decide(kLabel, is_write));
    }
  };
}

// At 100% transient every call fails, each decision logged on the fault stream.
TEST(FaultInjector, TransientHundredPercentAlwaysFails) {
  for (bool is_write : {false, true}) {
    SCOPED_TRACE(is_write ? "writes" : "reads");
    FaultInjector faults(FaultRates{100, 0});
    std::vector<FaultKind> kinds;
    std::vector<Decision> log = run_alone(7, decide_n(faults, 20, is_write, kinds));
    ASSERT_EQ(kinds.size(), 20u);
    for (FaultKind kind : kinds) EXPECT_EQ(kind, FaultKind::kTransient);
    EXPECT_EQ(faults.counts().transient, 20u);
    std::vector<Decision> logged = fault_decisions(log);
    ASSERT_EQ(logged.size(), 20u);
    for (const Decision& decision : logged) {
      EXPECT_EQ(decision.label, kLabel);
      EXPECT_EQ(decision.process, 0u);
      EXPECT_EQ(decision.bound, 2u);
      EXPECT_EQ(decision.value, 1u);
    }
  }
}

// Transient is decided first: at 100%/100% a write is transient, with no second draw.
TEST(FaultInjector, TransientPreemptsIndeterminate) {
  FaultInjector faults(FaultRates{100, 100});
  std::vector<FaultKind> kinds;
  std::vector<Decision> log = run_alone(3, decide_n(faults, 10, true, kinds));
  for (FaultKind kind : kinds) EXPECT_EQ(kind, FaultKind::kTransient);
  EXPECT_EQ(fault_decisions(log).size(), 10u);
  EXPECT_EQ(faults.counts().indeterminate_applied + faults.counts().indeterminate_lost, 0u);
}

// With every rate at 0% no call fails and nothing is drawn or logged.
TEST(FaultInjector, ZeroRatesDrawNothing) {
  FaultInjector faults(FaultRates{0, 0});
  std::vector<FaultKind> kinds;
  std::vector<Decision> log = run_alone(11, decide_n(faults, 20, true, kinds));
  ASSERT_EQ(kinds.size(), 20u);
  for (FaultKind kind : kinds) EXPECT_EQ(kind, FaultKind::kNone);
  EXPECT_TRUE(fault_decisions(log).empty());
  EXPECT_EQ(log.size(), 20u);  // one schedule decision per step, nothing else
  EXPECT_EQ(faults.counts().transient, 0u);
}

// A disabled injector (the liveness phase) draws nothing, whatever its rates.
TEST(FaultInjector, DisabledDrawsNothing) {
  FaultInjector faults(FaultRates{100, 100});
  faults.set_enabled(false);
  std::vector<FaultKind> kinds;
  std::vector<Decision> log = run_alone(11, decide_n(faults, 10, true, kinds));
  for (FaultKind kind : kinds) EXPECT_EQ(kind, FaultKind::kNone);
  EXPECT_TRUE(fault_decisions(log).empty());
}

// Indeterminate faults hit writes only: a read draws nothing.
TEST(FaultInjector, IndeterminateSparesReads) {
  FaultInjector faults(FaultRates{0, 100});
  std::vector<FaultKind> kinds;
  std::vector<Decision> log = run_alone(5, decide_n(faults, 10, false, kinds));
  for (FaultKind kind : kinds) EXPECT_EQ(kind, FaultKind::kNone);
  EXPECT_TRUE(fault_decisions(log).empty());
}

// At 100% indeterminate each write is applied or lost by a logged coin; both occur.
TEST(FaultInjector, IndeterminateSplitsIntoAppliedAndLost) {
  FaultInjector faults(FaultRates{0, 100});
  std::vector<FaultKind> kinds;
  std::vector<Decision> log = run_alone(13, decide_n(faults, 64, true, kinds));
  ASSERT_EQ(kinds.size(), 64u);
  std::vector<Decision> logged = fault_decisions(log);
  ASSERT_EQ(logged.size(), 128u);  // the 100% draw, then the coin
  uint64_t applied = 0, lost = 0;
  for (size_t i = 0; i < kinds.size(); ++i) {
    ASSERT_TRUE(kinds[i] == FaultKind::kIndeterminateApplied ||
                kinds[i] == FaultKind::kIndeterminateLost);
    EXPECT_EQ(logged[2 * i].value, 1u);
    EXPECT_EQ(logged[2 * i + 1].value == 1, kinds[i] == FaultKind::kIndeterminateApplied);
    (kinds[i] == FaultKind::kIndeterminateApplied ? applied : lost) += 1;
  }
  EXPECT_GT(applied, 0u);
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(faults.counts().indeterminate_applied, applied);
  EXPECT_EQ(faults.counts().indeterminate_lost, lost);
  EXPECT_EQ(faults.counts().transient, 0u);
}

// Replaying the log repeats every fault; flipping one logged coin flips that call alone.
TEST(FaultInjector, ReplayedLogDecidesTheFaults) {
  FaultInjector seeded_faults(FaultRates{0, 100});
  std::vector<FaultKind> original;
  std::vector<Decision> log = run_alone(17, decide_n(seeded_faults, 8, true, original));

  Decider replay(log, ReplayMode::kStrict, 0);
  FaultInjector replay_faults(FaultRates{0, 100});
  std::vector<FaultKind> replayed;
  run_alone(replay, decide_n(replay_faults, 8, true, replayed));
  EXPECT_FALSE(replay.divergence().has_value());
  EXPECT_EQ(replayed, original);

  std::vector<Decision> flipped = log;
  size_t coin = 0;
  while (!(flipped[coin].stream == Stream::kFault && flipped[coin + 1].stream == Stream::kFault)) {
    ++coin;
  }
  ++coin;  // the first call's coin follows its 100% draw
  flipped[coin].value ^= 1;
  Decider flip_replay(flipped, ReplayMode::kStrict, 0);
  FaultInjector flip_faults(FaultRates{0, 100});
  std::vector<FaultKind> changed;
  run_alone(flip_replay, decide_n(flip_faults, 8, true, changed));
  EXPECT_FALSE(flip_replay.divergence().has_value());
  ASSERT_EQ(changed.size(), original.size());
  EXPECT_NE(changed[0], original[0]);
  for (size_t i = 1; i < changed.size(); ++i) EXPECT_EQ(changed[i], original[i]);
}

// An indeterminate stash transaction reports kIndeterminate; applied ones took effect.
TEST(FaultInjector, StashTransactionUnderIndeterminateFault) {
  FaultInjector faults(FaultRates{0, 100});
  Recorder recorder;
  StashFake stash(faults, &recorder);
  Result<StashHandle> connected =
      stash.connect(HandleMode::kWritable, 0);  // no scheduler: no fault
  ASSERT_TRUE(connected.ok());
  StashHandle writer = connected.value();
  uint64_t applied = 0, lost = 0;
  run_alone(19, [&](ProcessContext&) {
    for (int i = 0; i < 32; ++i) {
      std::string key = "k" + std::to_string(i);
      uint64_t applied_before = faults.counts().indeterminate_applied;
      uint64_t version_before = stash.fence().version;
      StashTxn txn;
      txn.writes = {Write{Collection::kItems, key, "v"}};
      txn.commit_token = 100 + i;
      Outcome outcome = stash.transact(writer, txn);
      bool was_applied = faults.counts().indeterminate_applied > applied_before;
      SCOPED_TRACE(key + (was_applied ? " applied" : " lost"));
      EXPECT_EQ(outcome.status(), Status::kIndeterminate);
      const CallEffect& effect = recorder.calls.back();
      EXPECT_EQ(effect.call, "stash.transact");
      EXPECT_EQ(effect.commit_token, 100u + i);
      EXPECT_EQ(effect.status, Status::kIndeterminate);
      EXPECT_EQ(effect.took_effect, was_applied);
      EXPECT_EQ(effect.writes != nullptr, was_applied);
      EXPECT_EQ(stash.contents().get(Collection::kItems, key).has_value(), was_applied);
      EXPECT_EQ(stash.fence().version, version_before + (was_applied ? 1 : 0));
      (was_applied ? applied : lost) += 1;
    }
  });
  EXPECT_GT(applied, 0u);
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(stash.fence().version, applied);
  EXPECT_EQ(stash.contents().rows(Collection::kItems).size(), applied);
}

// An indeterminate fault hides a fence (kIndeterminate) but a fenced write never applies.
TEST(FaultInjector, IndeterminateHidesAFenceButNeverApplies) {
  FaultInjector faults(FaultRates{0, 100});
  Recorder recorder;
  StashFake stash(faults, &recorder);
  StashHandle stale = stash.connect(HandleMode::kWritable, 0).value();
  ASSERT_TRUE(stash.connect(HandleMode::kWritable, 0).ok());
  run_alone(23, [&](ProcessContext&) {
    for (int i = 0; i < 16; ++i) {
      StashTxn txn;
      txn.writes = {Write{Collection::kItems, "stale", "v"}};
      EXPECT_EQ(stash.transact(stale, txn).status(), Status::kIndeterminate);
      EXPECT_FALSE(recorder.calls.back().took_effect);
    }
  });
  EXPECT_GT(faults.counts().indeterminate_applied, 0u);
  EXPECT_TRUE(stash.contents().empty());
  EXPECT_EQ(stash.fence().version, 0u);
}

// A transient fault takes no effect: no epoch bump, no adoption by an unopened handle.
TEST(FaultInjector, StashTransientTakesNoEffect) {
  FaultInjector faults(FaultRates{100, 0});
  Recorder recorder;
  StashFake stash(faults, &recorder);
  StashHandle unopened;
  run_alone(29, [&](ProcessContext&) {
    EXPECT_EQ(stash.connect(HandleMode::kWritable, 9).status(), Status::kTransient);
    EXPECT_FALSE(recorder.calls.back().took_effect);
    EXPECT_EQ(stash.read_epoch(unopened).status(), Status::kTransient);
  });
  EXPECT_EQ(stash.fence().epoch, 1u);
  EXPECT_EQ(stash.fence().nonce, 0u);
  EXPECT_FALSE(unopened.adopted);
}

// An indeterminate persist commit reports kIndeterminate; applied ones moved the upper.
TEST(FaultInjector, PersistCommitUnderIndeterminateFault) {
  FaultInjector faults(FaultRates{0, 100});
  Recorder recorder;
  PersistFake persist(faults, &recorder);
  uint64_t applied = 0, lost = 0;
  run_alone(31, [&](ProcessContext&) {
    for (int i = 0; i < 32; ++i) {
      PersistHandle writer{HandleMode::kWritable};
      faults.set_enabled(false);  // open cleanly, then fault the commit alone
      ASSERT_TRUE(persist.sync(writer).ok());
      ASSERT_TRUE(persist.fence(writer, 0).ok());
      faults.set_enabled(true);
      uint64_t upper_before = persist.upper();
      uint64_t applied_before = faults.counts().indeterminate_applied;
      std::string key = "k" + std::to_string(i);
      PersistTxn txn;
      txn.writes = {Write{Collection::kItems, key, "v"}};
      EXPECT_EQ(persist.commit(writer, txn).status(), Status::kIndeterminate);
      bool was_applied = faults.counts().indeterminate_applied > applied_before;
      EXPECT_EQ(recorder.calls.back().took_effect, was_applied);
      EXPECT_EQ(persist.upper(), upper_before + (was_applied ? 1 : 0));
      EXPECT_EQ(persist.contents().get(Collection::kItems, key).has_value(), was_applied);
      (was_applied ? applied : lost) += 1;
    }
  });
  EXPECT_GT(applied, 0u);
  EXPECT_GT(lost, 0u);
}

}  // namespace
}  // namespace catsim
