// The lease store fake: acquire bumps, writes are fenced, reads change
// nothing, and every call's ground truth reaches the observer, faults
// included (applied or not, the caller told only "indeterminate").
#include "lease/lease_store.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "sim/decision.h"
#include "sim/dependence.h"
#include "sim/scheduler.h"

namespace catsim::lease {
namespace {

class Recorder final : public LeaseObserver {
 public:
  void on_call(const LeaseEffect& effect) override { effects.push_back(effect); }
  std::vector<LeaseEffect> effects;
};

// Runs body as one process under a scheduler, so the fault injector decides.
void in_scheduler(uint64_t seed, const std::function<void()>& body) {
  Decider decider(seed, StrategyKind::kRandom);
  Scheduler scheduler(decider);
  scheduler.spawn({"p", [&body](ProcessContext&) {
                     body();
                     return ProcessExit::kDone;
                   }});
  EXPECT_EQ(scheduler.run(1000), RunEnd::kAllDone);
}

TEST(LeaseStore, AcquireBumpsTheEpochAndGrantsIt) {
  FaultInjector faults;
  Recorder recorder;
  LeaseStore store(faults, Switches{}, &recorder);
  EXPECT_EQ(store.epoch(), 0u);
  EXPECT_EQ(store.acquire(0).value(), 1u);
  EXPECT_EQ(store.acquire(1).value(), 2u);
  EXPECT_EQ(store.epoch(), 2u);
  ASSERT_EQ(recorder.effects.size(), 2u);
  EXPECT_TRUE(recorder.effects[1].took_effect);
  EXPECT_EQ(recorder.effects[1].epoch_before, 1u);
  EXPECT_EQ(recorder.effects[1].epoch_after, 2u);
  EXPECT_EQ(recorder.effects[1].writer, 1u);
}

TEST(LeaseStore, AWriteUnderAStaleEpochIsFencedAndChangesNothing) {
  FaultInjector faults;
  Recorder recorder;
  LeaseStore store(faults, Switches{}, &recorder);
  uint64_t first = store.acquire(0).value();
  EXPECT_EQ(store.write(0, first, 10), LeaseStatus::kOk);
  uint64_t second = store.acquire(1).value();
  EXPECT_EQ(store.write(0, first, 11), LeaseStatus::kFenced);
  EXPECT_FALSE(recorder.effects.back().took_effect);
  EXPECT_EQ(store.write(1, second, 12), LeaseStatus::kOk);
  EXPECT_EQ(recorder.effects.back().log_index, 1u);
  std::vector<LogRecord> expected = {{first, 0, 10}, {second, 1, 12}};
  EXPECT_EQ(store.log(), expected);
  Reply<LeaseView> read = store.read(2);
  EXPECT_EQ(read.value().epoch, second);
  EXPECT_EQ(read.value().log, expected);
  EXPECT_EQ(store.log(), expected);
}

TEST(LeaseStore, MutantUnfencedWriteAppliesAStaleWrite) {
  FaultInjector faults;
  LeaseStore store(faults, Switches{.unfenced_write = true}, nullptr);
  uint64_t first = store.acquire(0).value();
  store.acquire(1);
  EXPECT_EQ(store.write(0, first, 10), LeaseStatus::kOk);
  EXPECT_EQ(store.log().size(), 1u);
}

TEST(LeaseStore, MutantAcquireWithoutBumpGrantsTheSameEpochTwice) {
  FaultInjector faults;
  Recorder recorder;
  LeaseStore store(faults, Switches{.acquire_without_bump = true}, &recorder);
  EXPECT_EQ(store.acquire(0).value(), store.acquire(1).value());
  EXPECT_FALSE(recorder.effects.back().took_effect);
}

TEST(LeaseStore, ATransientFaultFailsBeforeTakingEffect) {
  FaultInjector faults(FaultRates{.transient_percent = 100});
  Recorder recorder;
  LeaseStore store(faults, Switches{}, &recorder);
  in_scheduler(1, [&] {
    EXPECT_EQ(store.acquire(0).status(), LeaseStatus::kTransient);
    EXPECT_EQ(store.write(0, 0, 5), LeaseStatus::kTransient);
    EXPECT_EQ(store.read(0).status(), LeaseStatus::kTransient);
  });
  EXPECT_EQ(store.epoch(), 0u);
  EXPECT_TRUE(store.log().empty());
  for (const LeaseEffect& effect : recorder.effects) EXPECT_FALSE(effect.took_effect);
}

// Over many indeterminate calls, the observer's took_effect is exactly what
// happened to the store, and both outcomes occur.
TEST(LeaseStore, AnIndeterminateFaultReportsItsGroundTruth) {
  FaultInjector faults(FaultRates{.indeterminate_percent = 100});
  Recorder recorder;
  LeaseStore store(faults, Switches{}, &recorder);
  constexpr int kCallsMax = 40;
  in_scheduler(7, [&] {
    for (int call = 0; call < kCallsMax; ++call) {
      uint64_t epoch_before = store.epoch();
      EXPECT_EQ(store.acquire(0).status(), LeaseStatus::kIndeterminate);
      EXPECT_EQ(store.epoch() != epoch_before, recorder.effects.back().took_effect);
      size_t log_before = store.log().size();
      EXPECT_EQ(store.write(0, store.epoch(), 100 + call), LeaseStatus::kIndeterminate);
      EXPECT_EQ(store.log().size() != log_before, recorder.effects.back().took_effect);
    }
  });
  EXPECT_GT(faults.counts().indeterminate_applied, 0u);
  EXPECT_GT(faults.counts().indeterminate_lost, 0u);
  for (const LeaseEffect& effect : recorder.effects) {
    EXPECT_EQ(effect.status, LeaseStatus::kIndeterminate);
  }
}

TEST(LeaseStore, FencedUnderAnIndeterminateFaultStaysUnapplied) {
  FaultInjector faults(FaultRates{.indeterminate_percent = 100});
  LeaseStore store(faults, Switches{}, nullptr);
  store.acquire(0);  // outside the scheduler: no fault
  store.acquire(1);
  in_scheduler(3, [&] {
    for (int call = 0; call < 10; ++call) {
      EXPECT_EQ(store.write(0, 1, 7), LeaseStatus::kIndeterminate);
    }
  });
  EXPECT_TRUE(store.log().empty());
}

TEST(LeaseStore, EveryCallIsAStepAtItsOwnYieldPoint) {
  FaultInjector faults;
  LeaseStore store(faults, Switches{}, nullptr);
  Decider decider(1, StrategyKind::kRandom);
  Scheduler scheduler(decider);
  scheduler.spawn({"p", [&store](ProcessContext&) {
                     store.acquire(0);
                     store.read(0);
                     return ProcessExit::kDone;
                   }});
  scheduler.run(10);
  ASSERT_GE(decider.log().size(), 2u);
  EXPECT_EQ(decider.log()[0].label, "lease.acquire");
  EXPECT_EQ(decider.log()[1].label, "lease.read");
}

// The kernel's PCT counts racy events from these declarations: two reads
// of the lease commute, a read and a write (or two writes) race.
TEST(LeaseStore, DeclaredAccessesOrderOnlyTheRacingCalls) {
  const Access read{kLeaseResource, false};
  const Access write{kLeaseResource, true};
  const PendingCall two_reads[] = {{"lease.read", read}, {"lease.read", read}};
  EXPECT_FALSE(races_with_another(two_reads, 0));
  const PendingCall read_and_write[] = {{"lease.read", read}, {"lease.write", write}};
  EXPECT_TRUE(races_with_another(read_and_write, 0));
  const PendingCall write_and_restart[] = {{"lease.acquire", write}, {kRestartLabel, {}}};
  EXPECT_FALSE(races_with_another(write_and_restart, 0));
}

}  // namespace
}  // namespace catsim::lease
