// StashFake outside a scheduler: the fence row, the three connect modes, the
// unopened handle's adopt-then-check reads, and transactions (spec section 2).
#include "stores/stash_fake.h"

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

WriteSet put_item(std::string key, std::string value) {
  return {Write{Collection::kItems, std::move(key), std::move(value)}};
}

StashTxn workload(WriteSet writes) {
  StashTxn txn;
  txn.writes = std::move(writes);
  return txn;
}

struct StashTest : ::testing::Test {
  FaultInjector faults;
  Recorder recorder;
  StashFake stash{faults, &recorder};

  StashHandle connect(HandleMode mode, uint64_t lower_bound = 0) {
    Result<StashHandle> handle = stash.connect(mode, lower_bound);
    EXPECT_TRUE(handle.ok()) << status_name(handle.status());
    return handle.ok() ? handle.value() : StashHandle{};
  }
};

// A never-opened store has epoch 1, nonce 0, version 0 and no contents.
TEST_F(StashTest, NeverOpenedStoreHasEpochOne) {
  EXPECT_EQ(stash.fence().epoch, 1u);
  EXPECT_EQ(stash.fence().nonce, 0u);
  EXPECT_EQ(stash.fence().version, 0u);
  EXPECT_TRUE(stash.contents().empty());
  EXPECT_FALSE(stash.tombstone().has_value());
}

// The first writable connect yields epoch 2, in the store and in the handle.
TEST_F(StashTest, FirstWritableConnectYieldsTwo) {
  StashHandle handle = connect(HandleMode::kWritable);
  EXPECT_EQ(handle.epoch, 2u);
  EXPECT_EQ(handle.mode, HandleMode::kWritable);
  EXPECT_TRUE(handle.adopted);
  EXPECT_EQ(stash.fence().epoch, 2u);
  EXPECT_EQ(handle.nonce, stash.fence().nonce);
}

// A writable connect stores max(epoch + 1, lower_bound).
TEST_F(StashTest, WritableConnectTakesTheMaxOfNextEpochAndLowerBound) {
  EXPECT_EQ(connect(HandleMode::kWritable, 10).epoch, 10u);
  EXPECT_EQ(stash.fence().epoch, 10u);
  EXPECT_EQ(connect(HandleMode::kWritable, 5).epoch, 11u);
  EXPECT_EQ(connect(HandleMode::kWritable, 12).epoch, 12u);
  EXPECT_EQ(connect(HandleMode::kWritable, 12).epoch, 13u);
  EXPECT_EQ(stash.fence().epoch, 13u);
}

// Every writable connect issues a nonce never seen before.
TEST_F(StashTest, WritableConnectIssuesAFreshNonce) {
  std::vector<uint64_t> nonces;
  for (int i = 0; i < 5; ++i) {
    StashHandle handle = connect(HandleMode::kWritable);
    EXPECT_EQ(handle.nonce, stash.fence().nonce);
    for (uint64_t seen : nonces) EXPECT_NE(handle.nonce, seen);
    nonces.push_back(handle.nonce);
  }
}

// Read-only and savepoint connects adopt (epoch, nonce) and bump nothing, whatever the bound.
TEST_F(StashTest, ReadOnlyAndSavepointConnectsAdoptAndBumpNothing) {
  StashHandle writer = connect(HandleMode::kWritable, 4);
  ASSERT_EQ(stash.fence().epoch, 4u);
  for (HandleMode mode : {HandleMode::kReadOnly, HandleMode::kSavepoint}) {
    SCOPED_TRACE(handle_mode_name(mode));
    StashHandle handle = connect(mode, 100);
    EXPECT_EQ(handle.mode, mode);
    EXPECT_EQ(handle.epoch, 4u);
    EXPECT_EQ(handle.nonce, writer.nonce);
    EXPECT_TRUE(handle.adopted);
    EXPECT_EQ(stash.fence().epoch, 4u);
    EXPECT_EQ(stash.fence().nonce, writer.nonce);
    EXPECT_EQ(stash.fence().version, 0u);
  }
  // ...so the writer is not fenced by them.
  EXPECT_TRUE(stash.transact(writer, workload(put_item("a", "1"))).ok());
}

// Read-only and savepoint connects on a never-opened store adopt epoch 1.
TEST_F(StashTest, NonWritableConnectOnAFreshStoreAdoptsEpochOne) {
  EXPECT_EQ(connect(HandleMode::kReadOnly).epoch, 1u);
  EXPECT_EQ(connect(HandleMode::kSavepoint).epoch, 1u);
  EXPECT_EQ(stash.fence().epoch, 1u);
}

// The observer sees a writable connect take effect as a fence, a read-only one not.
TEST_F(StashTest, ObserverSeesConnectEffects) {
  connect(HandleMode::kWritable, 7);
  connect(HandleMode::kReadOnly);
  ASSERT_EQ(recorder.calls.size(), 2u);
  const CallEffect& fence = recorder.calls[0];
  EXPECT_EQ(fence.store, StoreId::kStash);
  EXPECT_EQ(fence.intent, Intent::kFence);
  EXPECT_TRUE(fence.took_effect);
  EXPECT_EQ(fence.handle_epoch, 7u);
  EXPECT_EQ(fence.store_epoch_max, 7u);
  EXPECT_EQ(fence.status, Status::kOk);
  const CallEffect& read = recorder.calls[1];
  EXPECT_EQ(read.intent, Intent::kRead);
  EXPECT_FALSE(read.took_effect);
  EXPECT_EQ(read.mode, HandleMode::kReadOnly);
}

// An unopened handle adopts the epoch at its first read and reads on while it holds.
TEST_F(StashTest, UnopenedHandleAdoptsTheEpochAtItsFirstRead) {
  connect(HandleMode::kWritable, 3);
  StashHandle unopened;
  ASSERT_FALSE(unopened.adopted);
  Result<uint64_t> epoch = stash.read_epoch(unopened);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch.value(), 3u);
  EXPECT_TRUE(unopened.adopted);
  EXPECT_EQ(unopened.epoch, 3u);
  EXPECT_TRUE(stash.read_config(unopened, kTombstoneKey).ok());
  EXPECT_TRUE(stash.snapshot(unopened).ok());
  EXPECT_TRUE(stash.read_epoch(unopened).ok());
}

// An unopened handle's reads fail with kFence once a writable connect moved the epoch.
TEST_F(StashTest, UnopenedHandleFailsWithFenceAfterTheEpochMoved) {
  StashHandle unopened;
  ASSERT_TRUE(stash.read_config(unopened, kTombstoneKey).ok());
  EXPECT_EQ(unopened.epoch, 1u);
  connect(HandleMode::kWritable);
  EXPECT_EQ(stash.read_epoch(unopened).status(), Status::kFence);
  EXPECT_EQ(stash.read_config(unopened, kTombstoneKey).status(), Status::kFence);
  EXPECT_EQ(stash.snapshot(unopened).status(), Status::kFence);
  EXPECT_EQ(recorder.calls.back().status, Status::kFence);
  // A fresh unopened handle adopts the new epoch.
  StashHandle fresh;
  Result<uint64_t> epoch = stash.read_epoch(fresh);
  ASSERT_TRUE(epoch.ok());
  EXPECT_EQ(epoch.value(), 2u);
}

// Read-only and savepoint connects do not fence an unopened handle.
TEST_F(StashTest, NonWritableConnectDoesNotFenceAnUnopenedHandle) {
  StashHandle unopened;
  ASSERT_TRUE(stash.read_epoch(unopened).ok());
  connect(HandleMode::kReadOnly);
  connect(HandleMode::kSavepoint);
  EXPECT_TRUE(stash.read_epoch(unopened).ok());
}

// Every opened handle's reads and transactions fail with kFence after a newer writable connect.
TEST_F(StashTest, OpenedHandlesAreFencedByALaterWritableConnect) {
  for (HandleMode mode : {HandleMode::kWritable, HandleMode::kSavepoint, HandleMode::kReadOnly}) {
    SCOPED_TRACE(handle_mode_name(mode));
    StashHandle old = connect(mode);
    StashHandle newer = connect(HandleMode::kWritable);
    ASSERT_TRUE(
        stash.transact(newer, workload(put_item("k", std::string(handle_mode_name(mode))))).ok());
    Catalog before = stash.contents();
    StashFence fence_before = stash.fence();
    EXPECT_EQ(stash.read_epoch(old).status(), Status::kFence);
    EXPECT_EQ(stash.read_config(old, kTombstoneKey).status(), Status::kFence);
    EXPECT_EQ(stash.snapshot(old).status(), Status::kFence);
    EXPECT_EQ(stash.transact(old, StashTxn{}).status(), Status::kFence);
    if (mode != HandleMode::kReadOnly) {
      EXPECT_EQ(stash.transact(old, workload(put_item("stale", "x"))).status(), Status::kFence);
    }
    EXPECT_EQ(stash.contents(), before);
    EXPECT_EQ(stash.fence().epoch, fence_before.epoch);
    EXPECT_EQ(stash.fence().version, fence_before.version);
  }
}

// Finding 4's fix: raising the epoch under the fence moves it up to the
// target (never down), keeps the nonce, and the handle follows; the observer
// sees a fence-intent call that took effect only if the epoch moved.
TEST_F(StashTest, RaiseEpochMovesTheEpochUpUnderTheFence) {
  StashHandle handle = connect(HandleMode::kWritable);
  const uint64_t nonce = stash.fence().nonce;
  ASSERT_TRUE(stash.raise_epoch(handle, 5).ok());
  EXPECT_EQ(stash.fence().epoch, 5u);
  EXPECT_EQ(stash.fence().nonce, nonce);
  EXPECT_EQ(handle.epoch, 5u);
  ASSERT_FALSE(recorder.calls.empty());
  EXPECT_EQ(recorder.calls.back().call, "stash.raise_epoch");
  EXPECT_EQ(recorder.calls.back().intent, Intent::kFence);
  EXPECT_TRUE(recorder.calls.back().took_effect);
  // A target at or below the epoch changes nothing and still succeeds.
  ASSERT_TRUE(stash.raise_epoch(handle, 3).ok());
  EXPECT_EQ(stash.fence().epoch, 5u);
  EXPECT_EQ(handle.epoch, 5u);
  EXPECT_FALSE(recorder.calls.back().took_effect);
  // The raised handle still commits; a connect after it goes above.
  EXPECT_TRUE(stash.transact(handle, workload(put_item("k", "v"))).ok());
  EXPECT_EQ(connect(HandleMode::kWritable).epoch, 6u);
}

// A writer fenced out of the stash cannot raise it: the raise is a
// compare-and-set on (epoch, nonce), which every writable connect changes.
TEST_F(StashTest, RaiseEpochByAFencedOutWriterFailsWithFence) {
  StashHandle old = connect(HandleMode::kWritable);
  StashHandle newer = connect(HandleMode::kWritable);
  const StashFence before = stash.fence();
  EXPECT_EQ(stash.raise_epoch(old, 9).status(), Status::kFence);
  EXPECT_EQ(stash.fence().epoch, before.epoch);
  EXPECT_EQ(stash.fence().nonce, before.nonce);
  EXPECT_EQ(old.epoch, 2u);
  EXPECT_FALSE(recorder.calls.back().took_effect);
  EXPECT_EQ(recorder.calls.back().status, Status::kFence);
  EXPECT_TRUE(stash.raise_epoch(newer, 9).ok());
  EXPECT_EQ(stash.fence().epoch, 9u);
}

// A fenced transaction is reported to the observer as not having taken effect.
TEST_F(StashTest, ObserverSeesAFencedTransactionWithoutEffect) {
  StashHandle old = connect(HandleMode::kWritable);
  connect(HandleMode::kWritable);
  StashTxn txn = workload(put_item("a", "1"));
  txn.commit_token = 42;
  EXPECT_EQ(stash.transact(old, txn).status(), Status::kFence);
  const CallEffect& effect = recorder.calls.back();
  EXPECT_EQ(effect.status, Status::kFence);
  EXPECT_FALSE(effect.took_effect);
  EXPECT_EQ(effect.writes, nullptr);
  EXPECT_EQ(effect.commit_token, 42u);
  EXPECT_EQ(effect.handle_epoch, 2u);
  EXPECT_EQ(effect.store_epoch_max, 3u);
}

// A committed writable transaction applies its writes and bumps version.
TEST_F(StashTest, WritableTransactionsApplyAndBumpVersion) {
  StashHandle writer = connect(HandleMode::kWritable);
  ASSERT_TRUE(stash.transact(writer, workload(put_item("a", "1"))).ok());
  EXPECT_EQ(stash.fence().version, 1u);
  EXPECT_EQ(stash.contents().get(Collection::kItems, "a"), "1");
  StashTxn second =
      workload({Write{Collection::kItems, "a", std::nullopt}, Write{Collection::kItems, "b", "2"}});
  ASSERT_TRUE(stash.transact(writer, second).ok());
  EXPECT_EQ(stash.fence().version, 2u);
  EXPECT_FALSE(stash.contents().get(Collection::kItems, "a").has_value());
  EXPECT_EQ(stash.contents().get(Collection::kItems, "b"), "2");
  EXPECT_EQ(stash.fence().epoch, 2u);  // transactions never move the epoch
  const CallEffect& effect = recorder.calls.back();
  EXPECT_TRUE(effect.took_effect);
  EXPECT_EQ(effect.writes, &second.writes);
}

// A transaction with commit=false (a savepoint's) changes nothing, whatever the handle.
TEST_F(StashTest, UncommittedTransactionsChangeNothing) {
  StashHandle writer = connect(HandleMode::kWritable);
  ASSERT_TRUE(stash.transact(writer, workload(put_item("kept", "1"))).ok());
  StashHandle savepoint = connect(HandleMode::kSavepoint);
  Catalog before = stash.contents();
  StashFence fence_before = stash.fence();
  for (StashHandle* handle : {&savepoint, &writer}) {
    StashTxn txn = workload(put_item("dropped", "1"));
    txn.commit = false;
    txn.replace_with = Catalog{};
    EXPECT_TRUE(stash.transact(*handle, txn).ok());
    EXPECT_FALSE(recorder.calls.back().took_effect);
    EXPECT_EQ(stash.contents(), before);
    EXPECT_EQ(stash.fence().version, fence_before.version);
    EXPECT_EQ(stash.fence().epoch, fence_before.epoch);
    EXPECT_EQ(stash.fence().nonce, fence_before.nonce);
  }
}

// A read-only handle's writes fail with kNotWritable; an empty transaction is fine.
TEST_F(StashTest, ReadOnlyTransactionsWithWritesFailNotWritable) {
  StashHandle reader = connect(HandleMode::kReadOnly);
  EXPECT_EQ(stash.transact(reader, workload(put_item("a", "1"))).status(), Status::kNotWritable);
  StashTxn replace;
  replace.replace_with = Catalog{};
  EXPECT_EQ(stash.transact(reader, replace).status(), Status::kNotWritable);
  EXPECT_TRUE(stash.contents().empty());
  EXPECT_EQ(stash.fence().version, 0u);
  EXPECT_TRUE(stash.transact(reader, StashTxn{}).ok());
}

// check_fence=false (the stash-skip-fence hook) lets a fenced handle commit.
TEST_F(StashTest, UncheckedFenceLetsAStaleWriterCommit) {
  StashHandle stale = connect(HandleMode::kWritable);
  connect(HandleMode::kWritable);
  StashTxn txn = workload(put_item("blind", "1"));
  txn.check_fence = false;
  EXPECT_TRUE(stash.transact(stale, txn).ok());
  EXPECT_EQ(stash.contents().get(Collection::kItems, "blind"), "1");
  EXPECT_EQ(stash.fence().version, 1u);
  EXPECT_EQ(stash.fence().epoch, 3u);
  EXPECT_TRUE(recorder.calls.back().took_effect);
}

// replace_with replaces every row, tombstone included, then the writes apply on top.
TEST_F(StashTest, ReplaceWithReplacesAllRows) {
  StashHandle writer = connect(HandleMode::kWritable);
  WriteSet initial = {Write{Collection::kItems, "old", "1"},
                      Write{Collection::kConfig, std::string(kTombstoneKey), "1"},
                      Write{Collection::kAuditLog, "00000001", "create old"}};
  ASSERT_TRUE(stash.transact(writer, workload(initial)).ok());
  ASSERT_EQ(stash.tombstone(), 1u);
  Catalog replacement;
  replacement.put(Collection::kItems, "new", "2");
  replacement.put(Collection::kIdAlloc, "user", "5");
  StashTxn txn = workload({Write{Collection::kConfig, std::string(kTombstoneKey), "0"}});
  txn.intent = Intent::kCopy;
  txn.replace_with = replacement;
  ASSERT_TRUE(stash.transact(writer, txn).ok());
  Catalog expected = replacement;
  expected.put(Collection::kConfig, kTombstoneKey, "0");
  EXPECT_EQ(stash.contents(), expected);
  EXPECT_EQ(stash.contents().row_count(), 3u);
  EXPECT_EQ(stash.tombstone(), 0u);
  EXPECT_EQ(stash.fence().version, 2u);
  const CallEffect& effect = recorder.calls.back();
  ASSERT_NE(effect.replaced_with, nullptr);
  EXPECT_EQ(*effect.replaced_with, replacement);
  EXPECT_EQ(effect.intent, Intent::kCopy);
}

// A snapshot returns the whole contents and reports them to the observer.
TEST_F(StashTest, SnapshotReturnsTheContents) {
  StashHandle writer = connect(HandleMode::kWritable);
  ASSERT_TRUE(stash.transact(writer, workload(put_item("a", "1"))).ok());
  Result<Catalog> snapshot = stash.snapshot(writer);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot.value(), stash.contents());
  ASSERT_NE(recorder.calls.back().read, nullptr);
  EXPECT_EQ(*recorder.calls.back().read, stash.contents());
  Result<std::optional<std::string>> missing = stash.read_config(writer, kUserVersionKey);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value().has_value());
}

// Outside a scheduler no fault fires, whatever the rates.
TEST(StashFakeFaults, NoFaultsOutsideAScheduler) {
  FaultInjector faults(FaultRates{100, 100});
  StashFake stash(faults, nullptr);
  for (int i = 0; i < 20; ++i) {
    Result<StashHandle> writer = stash.connect(HandleMode::kWritable, 0);
    ASSERT_TRUE(writer.ok());
    EXPECT_TRUE(stash.transact(writer.value(), workload(put_item("k", std::to_string(i)))).ok());
    EXPECT_TRUE(stash.read_epoch(writer.value()).ok());
    EXPECT_TRUE(stash.snapshot(writer.value()).ok());
  }
  EXPECT_EQ(stash.fence().epoch, 21u);
  EXPECT_EQ(stash.fence().version, 20u);
  EXPECT_EQ(faults.counts().transient, 0u);
  EXPECT_EQ(faults.counts().indeterminate_applied, 0u);
  EXPECT_EQ(faults.counts().indeterminate_lost, 0u);
}

}  // namespace
}  // namespace catsim
