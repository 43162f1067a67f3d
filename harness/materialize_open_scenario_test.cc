// Materialize's own tests of opening the catalog (src/catalog/tests/open.rs
// and read-write.rs, late 2023), ported as catsim scenarios for both stores.
// Names are theirs. See ../shared/scenarios/materialize-tests.md; migrate.rs
// is in materialize_migrate_scenario_test.cc.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/materialize_scenario_helpers.h"
#include "harness/scenario.h"

namespace catsim::materialize {
namespace {

// Each runs for both stores. Where the script commits acknowledged changes
// through persist, persist is first made the source of truth (a completed
// migration), since the checker requires every acknowledged change to land
// on the truth and the stash is the truth until a migration completes.

// Successive writable opens give epochs 2, 3, 4 and leave the data alone.
void test_open(StoreId id) {
  Scenario s;
  const StoreId other = id == StoreId::kStash ? StoreId::kPersist : StoreId::kStash;
  auto first = s.store(id);
  ASSERT_EQ(s.open(*first, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(first->epoch(), 2u);
  EXPECT_EQ(durable_epoch(s, id), 2u);
  EXPECT_TRUE(first->cached().same_content(default_catalog()));
  const Catalog initial = contents(s, id);
  EXPECT_TRUE(initial.same_content(default_catalog()));
  for (uint64_t expected : {3u, 4u}) {
    auto again = s.store(id);
    ASSERT_EQ(s.open(*again, OpenMode::kWritable), Status::kOk);
    EXPECT_EQ(again->epoch(), expected);
    EXPECT_EQ(durable_epoch(s, id), expected);
    EXPECT_TRUE(again->cached() == initial);
    EXPECT_TRUE(contents(s, id) == initial);
  }
  EXPECT_EQ(durable_epoch(s, other), 1u);
  EXPECT_TRUE(contents(s, other).empty());
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeOpen, TestStashOpen) {
  test_open(StoreId::kStash);
}
TEST(MaterializeOpen, TestPersistOpen) {
  test_open(StoreId::kPersist);
}

// Savepoint: fails recoverably on an uninitialized store; on an initialized
// one keeps the epoch, sees its own writes, and a later writable open does
// not see them.
void test_open_savepoint(StoreId id) {
  Scenario s;
  auto early = s.store(id);
  EXPECT_EQ(s.open(*early, OpenMode::kSavepoint), Status::kNotWritable);
  EXPECT_FALSE(early->opened());
  EXPECT_FALSE(s.initialized(id));
  EXPECT_EQ(durable_epoch(s, id), 1u);

  auto writer = s.store(id);
  ASSERT_EQ(s.open(*writer, OpenMode::kWritable), Status::kOk);
  ASSERT_EQ(writer->epoch(), 2u);
  const Catalog durable = contents(s, id);

  auto savepoint = s.store(id);
  ASSERT_EQ(s.open(*savepoint, OpenMode::kSavepoint), Status::kOk);
  EXPECT_EQ(savepoint->epoch(), 2u);
  EXPECT_EQ(durable_epoch(s, id), 2u);
  ASSERT_EQ(s.add_item(*savepoint, "DB", "kind=database"), Status::kOk);
  EXPECT_TRUE(has_item(savepoint->cached(), "DB")) << "the savepoint sees its own write";
  EXPECT_TRUE(contents(s, id) == durable) << "the savepoint changed nothing durably";

  auto later = s.store(id);
  ASSERT_EQ(s.open(*later, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(later->epoch(), 3u);
  EXPECT_FALSE(has_item(later->cached(), "DB"));
  EXPECT_TRUE(contents(s, id) == durable);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeOpen, TestStashOpenSavepoint) {
  test_open_savepoint(StoreId::kStash);
}
TEST(MaterializeOpen, TestPersistOpenSavepoint) {
  test_open_savepoint(StoreId::kPersist);
}

// Read-only: fails recoverably if uninitialized; keeps the epoch; writes
// (allocating an id) fail; sees a change committed later by the writer.
void test_open_read_only(StoreId id) {
  Scenario s;
  auto early = s.store(id);
  EXPECT_EQ(s.open(*early, OpenMode::kReadOnly), Status::kNotWritable);
  EXPECT_FALSE(early->opened());
  EXPECT_FALSE(s.initialized(id));
  EXPECT_EQ(durable_epoch(s, id), 1u);

  ASSERT_EQ(s.make_source_of_truth(id), Status::kOk);
  auto writer = s.store(id);
  ASSERT_EQ(s.open(*writer, OpenMode::kWritable), Status::kOk);
  const uint64_t epoch = writer->epoch();

  auto reader = s.store(id);
  ASSERT_EQ(s.open(*reader, OpenMode::kReadOnly), Status::kOk);
  EXPECT_EQ(reader->epoch(), epoch);
  EXPECT_EQ(durable_epoch(s, id), epoch);
  const Catalog durable = contents(s, id);
  EXPECT_EQ(s.add_item(*reader, "DB", "kind=database"), Status::kNotWritable);
  EXPECT_TRUE(contents(s, id) == durable);

  ASSERT_EQ(s.add_item(*writer, "DB", "kind=database"), Status::kOk);
  auto seen = s.snapshot(*reader);
  ASSERT_EQ(seen.status(), Status::kOk);
  EXPECT_TRUE(has_item(seen.value(), "DB")) << "the reader sees the writer's later change";
  EXPECT_TRUE(seen.value() == contents(s, id));
  EXPECT_EQ(durable_epoch(s, id), epoch);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeOpen, TestStashOpenReadOnly) {
  test_open_read_only(StoreId::kStash);
}
TEST(MaterializeOpen, TestPersistOpenReadOnly) {
  test_open_read_only(StoreId::kPersist);
}

// Unopened fencing: an unopened handle reads a config value; another writer
// opens; the unopened handle's next reads fail with Fence.
void test_unopened_fencing(StoreId id) {
  Scenario s;
  auto initializer = s.store(id);
  ASSERT_EQ(s.open(*initializer, OpenMode::kWritable), Status::kOk);

  auto unopened = s.store(id);
  auto version = s.read_config(*unopened, kUserVersionKey);
  ASSERT_EQ(version.status(), Status::kOk);
  EXPECT_EQ(version.value(), 1u);
  auto epoch = s.read_epoch(*unopened);
  ASSERT_EQ(epoch.status(), Status::kOk);
  EXPECT_EQ(epoch.value(), 2u);

  auto writer = s.store(id);
  ASSERT_EQ(s.open(*writer, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(writer->epoch(), 3u);

  EXPECT_EQ(s.read_config(*unopened, kUserVersionKey).status(), Status::kFence);
  EXPECT_EQ(s.read_epoch(*unopened).status(), Status::kFence);
  EXPECT_EQ(s.read_config(*unopened, kUserVersionKey).status(), Status::kFence);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeOpen, TestStashUnopenedFencing) {
  test_unopened_fencing(StoreId::kStash);
}
TEST(MaterializeOpen, TestPersistUnopenedFencing) {
  test_unopened_fencing(StoreId::kPersist);
}

// The tombstone row of id's config collection, as the ground truth holds it.
std::optional<uint64_t> tombstone_row(Scenario& s, StoreId id) {
  return contents(s, id).get_u64(Collection::kConfig, kTombstoneKey);
}

// Tombstone: None before and after open; set false then true, and both the
// opened handle and a separate unopened handle see each value. In the
// single-tombstone protocol only the stash's row means anything; persist's
// is an ordinary config row (Materialize marks its persist test
// should_panic: that store had no tombstone).
void test_tombstone(StoreId id) {
  Scenario s;
  auto state = s.store(id);
  auto before = s.read_config(*state, kTombstoneKey);
  ASSERT_EQ(before.status(), Status::kOk);
  EXPECT_EQ(before.value(), std::nullopt);

  ASSERT_EQ(s.make_source_of_truth(id), Status::kOk);
  ASSERT_EQ(s.open(*state, OpenMode::kWritable), Status::kOk);
  auto after_open = s.read_config(*state, kTombstoneKey);
  ASSERT_EQ(after_open.status(), Status::kOk);
  EXPECT_EQ(after_open.value(), std::nullopt);

  ASSERT_EQ(s.set_config(*state, kTombstoneKey, 0), Status::kOk);
  auto opened_false = s.read_config(*state, kTombstoneKey);
  ASSERT_EQ(opened_false.status(), Status::kOk);
  EXPECT_EQ(opened_false.value(), 0u);
  EXPECT_EQ(state->cached().get_u64(Collection::kConfig, kTombstoneKey), 0u);
  EXPECT_EQ(tombstone_row(s, id), 0u);

  auto unopened = s.store(id);
  auto unopened_false = s.read_config(*unopened, kTombstoneKey);
  ASSERT_EQ(unopened_false.status(), Status::kOk);
  EXPECT_EQ(unopened_false.value(), 0u);

  if (id == StoreId::kStash) {
    // Setting the stash's tombstone to true hands the truth to persist, so
    // persist must hold the same catalog first (here: the default one), or
    // the checker rightly reports the catalog lost (P1).
    auto copy = s.store(StoreId::kPersist);
    ASSERT_EQ(s.open(*copy, OpenMode::kWritable), Status::kOk);
    ASSERT_TRUE(s.persist().contents().same_content(s.stash().contents()));
  }
  ASSERT_EQ(s.set_config(*state, kTombstoneKey, 1), Status::kOk);
  auto opened_true = s.read_config(*state, kTombstoneKey);
  ASSERT_EQ(opened_true.status(), Status::kOk);
  EXPECT_EQ(opened_true.value(), 1u);
  EXPECT_EQ(state->cached().get_u64(Collection::kConfig, kTombstoneKey), 1u);
  EXPECT_EQ(tombstone_row(s, id), 1u);

  auto unopened_true = s.read_config(*unopened, kTombstoneKey);
  ASSERT_EQ(unopened_true.status(), Status::kOk);
  EXPECT_EQ(unopened_true.value(), 1u);

  // The stash's tombstone is the one the protocol reads: true either way
  // (set here, or by the migration that made persist the truth).
  EXPECT_EQ(s.tombstone(), 1u);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeOpen, TestStashTombstone) {
  test_tombstone(StoreId::kStash);
}
TEST(MaterializeOpen, TestPersistTombstone) {
  test_tombstone(StoreId::kPersist);
}

// Confirm leadership (there is no confirm_leadership call: a snapshot stands
// in for it): a second open fences the first, whose check and next
// transaction fail with Fence.
void test_confirm_leadership(StoreId id) {
  Scenario s;
  auto first = s.store(id);
  ASSERT_EQ(s.open(*first, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(s.snapshot(*first).status(), Status::kOk);

  auto second = s.store(id);
  ASSERT_EQ(s.open(*second, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(s.snapshot(*second).status(), Status::kOk);
  EXPECT_GT(second->epoch(), first->epoch());

  const Catalog durable = contents(s, id);
  EXPECT_EQ(s.snapshot(*first).status(), Status::kFence);
  EXPECT_EQ(s.add_item(*first, "DB", "kind=database"), Status::kFence);
  EXPECT_TRUE(contents(s, id) == durable);
  EXPECT_EQ(s.snapshot(*second).status(), Status::kOk) << "the new leader is unaffected";
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeReadWrite, TestStashConfirmLeadership) {
  test_confirm_leadership(StoreId::kStash);
}
TEST(MaterializeReadWrite, TestPersistConfirmLeadership) {
  test_confirm_leadership(StoreId::kPersist);
}

// Set catalog: after a whole-catalog replace, exactly the new items and audit
// events remain.
void test_set_catalog(StoreId id) {
  Scenario s;
  ASSERT_EQ(s.make_source_of_truth(id), Status::kOk);
  auto state = s.store(id);
  ASSERT_EQ(s.open(*state, OpenMode::kWritable), Status::kOk);
  ASSERT_EQ(s.add_item(*state, "foo", "kind=view;sql=SELECT 1"), Status::kOk);
  ASSERT_EQ(s.add_item(*state, "bar", "kind=materialized-view;sql=SELECT 2"), Status::kOk);

  // The new catalog keeps config and moves the id allocators forward (a
  // replace must not hand an id out again); items and audit events are new.
  Catalog next;
  for (const auto& [key, value] : state->cached().rows(Collection::kConfig)) {
    next.put(Collection::kConfig, key, value);
  }
  next.put(Collection::kIdAlloc, "user", "401");
  next.put(Collection::kIdAlloc, "audit", "101");
  next.put(Collection::kItems, "fooooo", "id=u300;v=1;kind=view;sql=SELECT 10");
  next.put(Collection::kItems, "barrrrr", "id=u400;v=1;kind=materialized-view;sql=SELECT 20");
  next.put(Collection::kAuditLog, "00000100", "create cluster b");
  ASSERT_EQ(s.replace_catalog(*state, next), Status::kOk);

  auto seen = s.snapshot(*state);
  ASSERT_EQ(seen.status(), Status::kOk);
  EXPECT_EQ(seen.value().rows(Collection::kItems), next.rows(Collection::kItems));
  EXPECT_EQ(seen.value().rows(Collection::kAuditLog), next.rows(Collection::kAuditLog));
  EXPECT_EQ(seen.value().rows(Collection::kIdAlloc), next.rows(Collection::kIdAlloc));
  EXPECT_TRUE(contents(s, id) == next);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeReadWrite, TestStashSetCatalog) {
  test_set_catalog(StoreId::kStash);
}
TEST(MaterializeReadWrite, TestPersistSetCatalog) {
  test_set_catalog(StoreId::kPersist);
}

}  // namespace
}  // namespace catsim::materialize
