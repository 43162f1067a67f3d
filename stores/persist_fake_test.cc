// PersistFake outside a scheduler: the epoch as an update in the shard, the
// fence at the cached upper, compare-and-append commits, and what each handle
// mode sees once the upper moved (spec section 2).
#include "stores/persist_fake.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace catsim {
namespace {

// Records every call the fake reports (its pointers live as long as the call's
// arguments and the fake).
struct Recorder : StoreObserver {
  std::vector<CallEffect> calls;
  void on_call(const CallEffect& effect) override { calls.push_back(effect); }
};

PersistTxn workload(std::string key, std::string value) {
  PersistTxn txn;
  txn.writes = {Write{Collection::kItems, std::move(key), std::move(value)}};
  return txn;
}

struct PersistTest : ::testing::Test {
  FaultInjector faults;
  Recorder recorder;
  PersistFake persist{faults, &recorder};

  PersistHandle synced(HandleMode mode) {
    PersistHandle handle{mode};
    Result<uint64_t> epoch = persist.sync(handle);
    EXPECT_TRUE(epoch.ok()) << status_name(epoch.status());
    return handle;
  }
  // A writable open: sync, then fence at the cached upper.
  PersistHandle open_writable(uint64_t lower_bound = 0) {
    PersistHandle handle = synced(HandleMode::kWritable);
    Result<uint64_t> epoch = persist.fence(handle, lower_bound);
    EXPECT_TRUE(epoch.ok()) << status_name(epoch.status());
    return handle;
  }
  void commit_ok(PersistHandle& handle, std::string key, std::string value) {
    Outcome outcome = persist.commit(handle, workload(std::move(key), std::move(value)));
    EXPECT_TRUE(outcome.ok()) << status_name(outcome.status());
  }
};

// A shard never fenced reads as epoch 1 with no epoch update and upper 0.
TEST_F(PersistTest, EpochIsOneUntilTheFirstFence) {
  EXPECT_EQ(persist.epoch(), 1u);
  EXPECT_FALSE(persist.epoch_written());
  EXPECT_EQ(persist.upper(), 0u);
  PersistHandle unopened;
  Result<uint64_t> epoch = persist.read_epoch(unopened);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch.value(), 1u);
  PersistHandle handle = synced(HandleMode::kWritable);
  EXPECT_EQ(handle.epoch, 1u);
  EXPECT_EQ(persist.epoch(), 1u);  // a sync fences nothing
  EXPECT_FALSE(persist.epoch_written());
}

// sync caches the shard's upper and adopts its epoch.
TEST_F(PersistTest, SyncCachesTheUpper) {
  PersistHandle writer = open_writable(5);
  commit_ok(writer, "a", "1");
  commit_ok(writer, "b", "2");
  ASSERT_EQ(persist.upper(), 3u);
  PersistHandle handle{HandleMode::kSavepoint};
  Result<uint64_t> epoch = persist.sync(handle);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch.value(), 5u);
  EXPECT_EQ(handle.epoch, 5u);
  EXPECT_EQ(handle.cached_upper, 3u);
  EXPECT_TRUE(handle.adopted);
  EXPECT_EQ(persist.upper(), 3u);
}

// The first fence writes epoch 2 and appends once.
TEST_F(PersistTest, FirstFenceYieldsTwoAndAdvancesTheUpper) {
  PersistHandle handle = synced(HandleMode::kWritable);
  Result<uint64_t> epoch = persist.fence(handle, 0);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch.value(), 2u);
  EXPECT_EQ(persist.epoch(), 2u);
  EXPECT_TRUE(persist.epoch_written());
  EXPECT_EQ(persist.upper(), 1u);
  EXPECT_EQ(handle.epoch, 2u);
  EXPECT_EQ(handle.cached_upper, 1u);
  EXPECT_TRUE(persist.contents().empty());  // the epoch is not catalog contents
  const CallEffect& effect = recorder.calls.back();
  EXPECT_EQ(effect.intent, Intent::kFence);
  EXPECT_TRUE(effect.took_effect);
  EXPECT_EQ(effect.handle_epoch, 2u);
  EXPECT_EQ(effect.store_epoch_max, 2u);
}

// A fence chooses max(prev + 1, lower_bound).
TEST_F(PersistTest, FenceChoosesTheMaxOfNextEpochAndLowerBound) {
  EXPECT_EQ(open_writable(9).epoch, 9u);
  EXPECT_EQ(persist.epoch(), 9u);
  EXPECT_EQ(open_writable(4).epoch, 10u);
  EXPECT_EQ(open_writable(11).epoch, 11u);
  EXPECT_EQ(open_writable(0).epoch, 12u);
  EXPECT_EQ(persist.epoch(), 12u);
  EXPECT_EQ(persist.upper(), 4u);
}

// A fence at a stale cached upper fails with kFence and changes nothing.
TEST_F(PersistTest, FenceAtAStaleUpperFails) {
  PersistHandle slow = synced(HandleMode::kWritable);
  PersistHandle fast = open_writable();
  ASSERT_EQ(persist.epoch(), 2u);
  EXPECT_EQ(persist.fence(slow, 0).status(), Status::kFence);
  EXPECT_EQ(persist.epoch(), 2u);
  EXPECT_EQ(persist.upper(), 1u);
  EXPECT_EQ(slow.epoch, 1u);  // the failed fence left the handle as it was
  EXPECT_FALSE(recorder.calls.back().took_effect);
  // The winner goes on committing.
  commit_ok(fast, "a", "1");
}

// A fence is also stale after a plain commit moved the upper.
TEST_F(PersistTest, FenceAfterACommitMovedTheUpperFails) {
  PersistHandle writer = open_writable();
  PersistHandle late = synced(HandleMode::kWritable);
  commit_ok(writer, "a", "1");
  EXPECT_EQ(persist.fence(late, 0).status(), Status::kFence);
  EXPECT_EQ(persist.epoch(), 2u);
}

// Each commit appends once: upper advances by one and the handle follows.
TEST_F(PersistTest, CommitsAdvanceTheUpperByOne) {
  PersistHandle writer = open_writable();
  ASSERT_EQ(persist.upper(), 1u);
  for (uint64_t i = 1; i <= 3; ++i) {
    commit_ok(writer, "k" + std::to_string(i), "v");
    EXPECT_EQ(persist.upper(), 1u + i);
    EXPECT_EQ(writer.cached_upper, persist.upper());
  }
  PersistTxn last = workload("k4", "v");  // outlives the recorded effect's pointers
  ASSERT_TRUE(persist.commit(writer, last).ok());
  EXPECT_EQ(persist.upper(), 5u);
  EXPECT_EQ(writer.cached_upper, 5u);
  EXPECT_EQ(persist.contents().rows(Collection::kItems).size(), 4u);
  EXPECT_EQ(persist.epoch(), 2u);  // commits never move the epoch
  const CallEffect& effect = recorder.calls.back();
  EXPECT_TRUE(effect.took_effect);
  EXPECT_EQ(effect.writes, &last.writes);
}

// A commit at a stale cached upper fails with kFence and appends nothing.
TEST_F(PersistTest, CommitAtAStaleUpperFails) {
  PersistHandle old = open_writable();
  PersistHandle newer = open_writable();
  Catalog before = persist.contents();
  EXPECT_EQ(persist.commit(old, workload("stale", "1")).status(), Status::kFence);
  EXPECT_EQ(persist.upper(), 2u);
  EXPECT_EQ(persist.contents(), before);
  EXPECT_FALSE(recorder.calls.back().took_effect);
  commit_ok(newer, "fresh", "1");
  EXPECT_EQ(persist.commit(old, workload("stale", "2")).status(), Status::kFence);
  EXPECT_FALSE(persist.contents().get(Collection::kItems, "stale").has_value());
}

// Writable and savepoint handles' reads fail with kFence once the upper moved, same epoch.
TEST_F(PersistTest, WritableAndSavepointReadsFailOnceTheUpperMoved) {
  PersistHandle writer = open_writable();
  for (HandleMode mode : {HandleMode::kWritable, HandleMode::kSavepoint}) {
    SCOPED_TRACE(handle_mode_name(mode));
    PersistHandle handle = synced(mode);
    ASSERT_TRUE(persist.snapshot(handle).ok());
    commit_ok(writer, "moved", std::string(handle_mode_name(mode)));
    EXPECT_EQ(persist.snapshot(handle).status(), Status::kFence);
    EXPECT_EQ(persist.read_config(handle, kUserVersionKey).status(), Status::kFence);
    EXPECT_EQ(persist.read_epoch(handle).status(), Status::kFence);
    EXPECT_EQ(persist.epoch(), 2u);
  }
}

// A read-only handle syncs forward across commits at its epoch and sees them.
TEST_F(PersistTest, ReadOnlyHandleSyncsForward) {
  PersistHandle writer = open_writable();
  PersistHandle reader = synced(HandleMode::kReadOnly);
  ASSERT_EQ(reader.epoch, 2u);
  commit_ok(writer, "a", "1");
  commit_ok(writer, "b", "2");
  Result<Catalog> snapshot = persist.snapshot(reader);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot.value().get(Collection::kItems, "b"), "2");
  EXPECT_EQ(reader.cached_upper, persist.upper());
  commit_ok(writer, "c", "3");
  EXPECT_TRUE(persist.read_config(reader, kUserVersionKey).ok());
  EXPECT_EQ(reader.cached_upper, persist.upper());
}

// A read-only handle fails with kFence once it sees a newer epoch.
TEST_F(PersistTest, ReadOnlyHandleFailsAfterANewerEpoch) {
  open_writable();
  PersistHandle reader = synced(HandleMode::kReadOnly);
  ASSERT_TRUE(persist.snapshot(reader).ok());
  open_writable();
  EXPECT_EQ(persist.snapshot(reader).status(), Status::kFence);
  EXPECT_EQ(persist.read_epoch(reader).status(), Status::kFence);
  EXPECT_EQ(persist.read_config(reader, kUserVersionKey).status(), Status::kFence);
}

// A read-only handle refuses writes with kNotWritable.
TEST_F(PersistTest, ReadOnlyCommitWithWritesFailsNotWritable) {
  open_writable();
  PersistHandle reader = synced(HandleMode::kReadOnly);
  EXPECT_EQ(persist.commit(reader, workload("a", "1")).status(), Status::kNotWritable);
  EXPECT_EQ(persist.upper(), 1u);
  EXPECT_TRUE(persist.contents().empty());
}

// An unopened handle adopts the epoch at its first read and fails with kFence after a fence.
TEST_F(PersistTest, UnopenedHandleAdoptsThenFailsAfterAFence) {
  PersistHandle unopened;
  ASSERT_TRUE(persist.read_config(unopened, kUserVersionKey).ok());
  EXPECT_TRUE(unopened.adopted);
  EXPECT_EQ(unopened.epoch, 1u);
  PersistHandle writer = open_writable();
  commit_ok(writer, "a", "1");
  EXPECT_EQ(persist.read_epoch(unopened).status(), Status::kFence);
  EXPECT_EQ(persist.snapshot(unopened).status(), Status::kFence);
}

// An unopened handle is not fenced by commits at the epoch it adopted.
TEST_F(PersistTest, UnopenedHandleSurvivesCommitsAtItsEpoch) {
  PersistHandle writer = open_writable();
  PersistHandle unopened;
  ASSERT_TRUE(persist.read_epoch(unopened).ok());
  commit_ok(writer, "a", "1");
  Result<Catalog> snapshot = persist.snapshot(unopened);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot.value().get(Collection::kItems, "a"), "1");
}

// A commit with commit=false (a savepoint's) appends nothing, whatever the handle.
TEST_F(PersistTest, SavepointCommitsAppendNothing) {
  PersistHandle writer = open_writable();
  commit_ok(writer, "kept", "1");
  PersistHandle savepoint = synced(HandleMode::kSavepoint);
  Catalog before = persist.contents();
  for (PersistHandle* handle : {&savepoint, &writer}) {
    PersistTxn txn = workload("dropped", "1");
    txn.commit = false;
    txn.replace_with = Catalog{};
    EXPECT_TRUE(persist.commit(*handle, txn).ok());
    EXPECT_EQ(persist.upper(), 2u);
    EXPECT_EQ(persist.contents(), before);
    EXPECT_FALSE(recorder.calls.back().took_effect);
  }
  commit_ok(writer, "after", "1");  // the writer's cached upper is still current
}

// check_upper=false (the persist-blind-append hook) appends from a fenced handle.
TEST_F(PersistTest, UncheckedUpperAppendsBlindly) {
  PersistHandle stale = open_writable();
  PersistHandle newer = open_writable();
  commit_ok(newer, "fresh", "1");
  PersistTxn txn = workload("blind", "1");
  txn.check_upper = false;
  EXPECT_TRUE(persist.commit(stale, txn).ok());
  EXPECT_EQ(persist.upper(), 4u);
  EXPECT_EQ(persist.contents().get(Collection::kItems, "blind"), "1");
  EXPECT_EQ(persist.epoch(), 3u);
  EXPECT_TRUE(recorder.calls.back().took_effect);
}

// replace_with retracts every row, then the writes apply on top.
TEST_F(PersistTest, ReplaceWithRetractsEverything) {
  PersistHandle writer = open_writable();
  commit_ok(writer, "old", "1");
  Catalog replacement;
  replacement.put(Collection::kIdAlloc, "user", "3");
  replacement.put(Collection::kConfig, kTombstoneKey, "1");
  PersistTxn txn = workload("extra", "2");
  txn.intent = Intent::kCopy;
  txn.replace_with = replacement;
  ASSERT_TRUE(persist.commit(writer, txn).ok());
  Catalog expected = replacement;
  expected.put(Collection::kItems, "extra", "2");
  EXPECT_EQ(persist.contents(), expected);
  EXPECT_EQ(persist.tombstone(), 1u);
  EXPECT_EQ(persist.upper(), 3u);
  ASSERT_NE(recorder.calls.back().replaced_with, nullptr);
  EXPECT_EQ(*recorder.calls.back().replaced_with, replacement);
}

// Outside a scheduler no fault fires, whatever the rates.
TEST(PersistFakeFaults, NoFaultsOutsideAScheduler) {
  FaultInjector faults(FaultRates{100, 100});
  PersistFake persist(faults, nullptr);
  PersistHandle writer{HandleMode::kWritable};
  ASSERT_TRUE(persist.sync(writer).ok());
  ASSERT_TRUE(persist.fence(writer, 0).ok());
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(persist.commit(writer, workload("k", std::to_string(i))).ok());
    EXPECT_TRUE(persist.snapshot(writer).ok());
  }
  EXPECT_EQ(persist.upper(), 11u);
  EXPECT_EQ(faults.counts().transient, 0u);
  EXPECT_EQ(faults.counts().indeterminate_applied + faults.counts().indeterminate_lost, 0u);
}

}  // namespace
}  // namespace catsim
