// Materialize's own tests of the migration (src/catalog/tests/migrate.rs,
// late 2023), ported as catsim scenarios. Names are theirs. See
// ../shared/scenarios/materialize-tests.md; open.rs and read-write.rs are in
// materialize_open_scenario_test.cc.
//
// Epochs asserted below follow spec section 4 step by step: a migrator open
// reads both epochs (stash s, persist p), fences the stash at
// max(s + 1, p + 1), then persist at max(p + 1, the stash's new epoch).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "harness/materialize_scenario_helpers.h"
#include "harness/scenario.h"

namespace catsim::materialize {
namespace {

// ---------------------------------------------------------------- migrate.rs

TEST(MaterializeMigrate, TestMigration) {
  Scenario s;
  seed_data(s);
  auto migrated = s.migrate_open(Target::kMigrateToPersist);
  ASSERT_TRUE(migrated && migrated->ok());
  auto persist = std::move(*migrated).value();
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_TRUE(has_item(persist->cached(), "Joe"));
  ASSERT_EQ(s.add_item(*persist, "Bar", "kind=timestamp;ts=42"), Status::kOk);

  auto plain = s.store(StoreId::kPersist);
  ASSERT_EQ(s.open(*plain, OpenMode::kWritable), Status::kOk);
  EXPECT_TRUE(has_item(plain->cached(), "Joe"));
  EXPECT_TRUE(has_item(plain->cached(), "Bar"));

  Catalog before = s.persist().contents();
  auto again = s.migrate_open(Target::kMigrateToPersist);
  ASSERT_TRUE(again && again->ok());
  EXPECT_TRUE(s.persist().contents().same_content(before)) << "migrate again is a no-op";

  auto rolled_back = s.migrate_open(Target::kRollbackToStash);
  ASSERT_TRUE(rolled_back && rolled_back->ok());
  auto stash = std::move(*rolled_back).value();
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_TRUE(has_item(stash->cached(), "Joe"));
  EXPECT_TRUE(has_item(stash->cached(), "Bar"));
  ASSERT_EQ(s.add_item(*stash, "DB", "kind=database"), Status::kOk);

  auto plain_stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*plain_stash, OpenMode::kWritable), Status::kOk);
  for (const char* name : {"Joe", "Bar", "DB"}) EXPECT_TRUE(has_item(plain_stash->cached(), name));

  Catalog stash_before = s.stash().contents();
  auto rollback_again = s.migrate_open(Target::kRollbackToStash);
  ASSERT_TRUE(rollback_again && rollback_again->ok());
  EXPECT_TRUE(s.stash().contents().same_content(stash_before)) << "rollback again is a no-op";
  EXPECT_EQ(s.violation_text(), "");
}

// After seed data (stash epoch 2), a migration that died at post_stash_fence
// fenced the stash (epoch 3) and nothing else.
void expect_died_after_stash_fence_on_seed(Scenario& s) {
  EXPECT_EQ(s.stash().fence().epoch, 3u);
  EXPECT_EQ(s.persist().epoch(), 1u);
  EXPECT_FALSE(s.persist().epoch_written()) << "persist was never fenced";
  EXPECT_FALSE(s.initialized(StoreId::kPersist));
  EXPECT_EQ(s.tombstone(), std::nullopt);
}

TEST(MaterializeMigrate, TestMigrationPanicAfterStashFenceThenMigrate) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kPostStashFence, Target::kMigrateToPersist);
  expect_died_after_stash_fence_on_seed(s);

  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_EQ(persist->epoch(), 4u);
  EXPECT_EQ(s.stash().fence().epoch, 4u);
  EXPECT_EQ(s.persist().epoch(), 4u);
  EXPECT_EQ(s.tombstone(), 1u);
  expect_items(persist->cached(), {"Joe"});
  expect_items(s.persist().contents(), {"Joe"});
  EXPECT_TRUE(s.persist().contents().same_content(s.stash().contents()));
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestMigrationPanicAfterStashFenceThenRollback) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kPostStashFence, Target::kMigrateToPersist);
  expect_died_after_stash_fence_on_seed(s);
  const Catalog stash_before = s.stash().contents();

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 4u);
  EXPECT_EQ(s.tombstone(), std::nullopt) << "rollback is a no-op: the tombstone stays None";
  EXPECT_TRUE(s.stash().contents() == stash_before) << "rollback is a no-op";
  expect_items(stash->cached(), {"Joe"});
  expect_items(s.persist().contents(), {"Joe"}, false);
  EXPECT_EQ(s.violation_text(), "");
}

// After seed + migrate + T (both stores at epoch 3), a rollback that died at
// post_stash_fence fenced the stash (epoch 4) and nothing else.
void expect_rollback_died_after_stash_fence(Scenario& s) {
  EXPECT_EQ(s.stash().fence().epoch, 4u);
  EXPECT_EQ(s.persist().epoch(), 3u);
  EXPECT_EQ(s.tombstone(), 1u) << "persist is still the truth";
  expect_items(s.stash().contents(), {"Bar"}, false);
}

// The original's comment says "migrate" here; this ports the intent.
TEST(MaterializeMigrate, TestRollbackPanicAfterStashFenceThenMigrate) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostStashFence, Target::kRollbackToStash);
  expect_rollback_died_after_stash_fence(s);

  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_EQ(persist->epoch(), 5u);
  EXPECT_EQ(s.stash().fence().epoch, 5u);
  EXPECT_EQ(s.persist().epoch(), 5u);
  EXPECT_EQ(s.tombstone(), 1u);
  expect_items(persist->cached(), {"Joe", "Bar"});
  expect_items(s.persist().contents(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Bar"}, false);
  EXPECT_EQ(s.violation_text(), "");
}

// What the original test_rollback_panic_after_stash_fence_then_migrate
// actually runs: it builds a rollback migrator for the second open.
TEST(MaterializeMigrate, TestRollbackPanicAfterStashFenceThenMigrateAccidentalRollback) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostStashFence, Target::kRollbackToStash);
  expect_rollback_died_after_stash_fence(s);

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 5u);
  EXPECT_EQ(s.persist().epoch(), 5u);
  EXPECT_EQ(s.tombstone(), 0u);
  expect_items(stash->cached(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Joe", "Bar"});
  EXPECT_TRUE(s.stash().contents().same_content(s.persist().contents()));
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestRollbackPanicAfterStashFenceThenRollback) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostStashFence, Target::kRollbackToStash);
  expect_rollback_died_after_stash_fence(s);

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 5u);
  EXPECT_EQ(s.stash().fence().epoch, 5u);
  EXPECT_EQ(s.persist().epoch(), 5u);
  EXPECT_EQ(s.tombstone(), 0u);
  expect_items(stash->cached(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Joe", "Bar"});

  auto plain = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*plain, OpenMode::kWritable), Status::kOk);
  expect_items(plain->cached(), {"Joe", "Bar"});
  EXPECT_EQ(s.violation_text(), "");
}

// After seed data (stash epoch 2), a migration that died at
// post_persist_fence fenced both stores (epoch 3) and moved no data. (The
// writable persist open initialized persist with the default catalog.)
void expect_died_after_persist_fence_on_seed(Scenario& s) {
  EXPECT_EQ(s.stash().fence().epoch, 3u);
  EXPECT_EQ(s.persist().epoch(), 3u);
  EXPECT_EQ(s.tombstone(), std::nullopt);
  expect_items(s.persist().contents(), {"Joe"}, false);
}

TEST(MaterializeMigrate, TestMigrationPanicAfterFenceThenMigrate) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kPostPersistFence, Target::kMigrateToPersist);
  expect_died_after_persist_fence_on_seed(s);

  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_EQ(persist->epoch(), 4u);
  EXPECT_EQ(s.stash().fence().epoch, 4u);
  EXPECT_EQ(s.tombstone(), 1u);
  expect_items(persist->cached(), {"Joe"});
  expect_items(s.persist().contents(), {"Joe"});
  EXPECT_TRUE(s.persist().contents().same_content(s.stash().contents()));
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestMigrationPanicAfterFenceThenRollback) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kPostPersistFence, Target::kMigrateToPersist);
  expect_died_after_persist_fence_on_seed(s);
  const Catalog stash_before = s.stash().contents();

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 4u);
  EXPECT_EQ(s.persist().epoch(), 4u);
  EXPECT_EQ(s.tombstone(), std::nullopt);
  EXPECT_TRUE(s.stash().contents() == stash_before) << "rollback is a no-op";
  expect_items(stash->cached(), {"Joe"});
  expect_items(s.persist().contents(), {"Joe"}, false);
  EXPECT_EQ(s.violation_text(), "");
}

// After seed + migrate + T (both stores at epoch 3), a rollback that died at
// post_persist_fence fenced both stores (epoch 4) and moved no data.
void expect_rollback_died_after_persist_fence(Scenario& s) {
  EXPECT_EQ(s.stash().fence().epoch, 4u);
  EXPECT_EQ(s.persist().epoch(), 4u);
  EXPECT_EQ(s.tombstone(), 1u) << "persist is still the truth";
  expect_items(s.stash().contents(), {"Bar"}, false);
}

// The original's comment says "migrate" here; this ports the intent.
TEST(MaterializeMigrate, TestRollbackPanicAfterFenceThenMigrate) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostPersistFence, Target::kRollbackToStash);
  expect_rollback_died_after_persist_fence(s);

  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_EQ(persist->epoch(), 5u);
  EXPECT_EQ(s.stash().fence().epoch, 5u);
  EXPECT_EQ(s.tombstone(), 1u);
  expect_items(persist->cached(), {"Joe", "Bar"});
  expect_items(s.persist().contents(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Bar"}, false);

  auto plain = s.store(StoreId::kPersist);
  ASSERT_EQ(s.open(*plain, OpenMode::kWritable), Status::kOk);
  expect_items(plain->cached(), {"Joe", "Bar"});
  EXPECT_EQ(s.violation_text(), "");
}

// What the original test_rollback_panic_after_fence_then_migrate actually
// runs (the same slip as its post_stash_fence sibling): a rollback migrator.
TEST(MaterializeMigrate, TestRollbackPanicAfterFenceThenMigrateAccidentalRollback) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostPersistFence, Target::kRollbackToStash);
  expect_rollback_died_after_persist_fence(s);

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 5u);
  EXPECT_EQ(s.persist().epoch(), 5u);
  EXPECT_EQ(s.tombstone(), 0u);
  expect_items(stash->cached(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Joe", "Bar"});
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestRollbackPanicAfterFenceThenRollback) {
  Scenario s;
  seed_migrate_t(s);
  open_crashes_at(s, kPostPersistFence, Target::kRollbackToStash);
  expect_rollback_died_after_persist_fence(s);

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 5u);
  EXPECT_EQ(s.stash().fence().epoch, 5u);
  EXPECT_EQ(s.persist().epoch(), 5u);
  EXPECT_EQ(s.tombstone(), 0u);
  expect_items(stash->cached(), {"Joe", "Bar"});
  expect_items(s.stash().contents(), {"Joe", "Bar"});

  auto plain = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*plain, OpenMode::kWritable), Status::kOk);
  expect_items(plain->cached(), {"Joe", "Bar"});
  EXPECT_EQ(s.violation_text(), "");
}

// After seed data, a migration that died at migrate_post_write: both stores
// fenced at 3, persist holds the copy, but the tombstone is still None, so
// the stash is still the truth.
void expect_died_after_write_on_seed(Scenario& s) {
  EXPECT_EQ(s.stash().fence().epoch, 3u);
  EXPECT_EQ(s.persist().epoch(), 3u);
  EXPECT_EQ(s.tombstone(), std::nullopt);
  expect_items(s.persist().contents(), {"Joe"});
  EXPECT_TRUE(s.persist().contents().same_content(s.stash().contents()));
}

TEST(MaterializeMigrate, TestMigrationPanicAfterWriteThenMigrate) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kMigratePostWrite, Target::kMigrateToPersist);
  expect_died_after_write_on_seed(s);
  const uint64_t upper_before = s.persist().upper();

  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  EXPECT_EQ(persist->id(), StoreId::kPersist);
  EXPECT_EQ(persist->epoch(), 4u);
  EXPECT_EQ(s.tombstone(), 1u);
  // The fence and the copy again: persist was re-copied, not trusted.
  EXPECT_EQ(s.persist().upper(), upper_before + 2);
  expect_items(persist->cached(), {"Joe"});
  expect_items(s.persist().contents(), {"Joe"});

  auto plain = s.store(StoreId::kPersist);
  ASSERT_EQ(s.open(*plain, OpenMode::kWritable), Status::kOk);
  expect_items(plain->cached(), {"Joe"});
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestMigrationPanicAfterWriteThenRollback) {
  Scenario s;
  seed_data(s);
  open_crashes_at(s, kMigratePostWrite, Target::kMigrateToPersist);
  expect_died_after_write_on_seed(s);
  const Catalog stash_before = s.stash().contents();

  auto stash = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 4u);
  EXPECT_EQ(s.tombstone(), std::nullopt);
  EXPECT_TRUE(s.stash().contents() == stash_before) << "rollback is a no-op";
  expect_items(stash->cached(), {"Joe"});
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestSavepointPersistUninitialized) {
  Scenario s;
  auto stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
  ASSERT_TRUE(s.initialized(StoreId::kStash));
  ASSERT_FALSE(s.initialized(StoreId::kPersist));

  auto savepoint = must_open(s, Target::kRollbackToStash, OpenMode::kSavepoint);
  ASSERT_NE(savepoint, nullptr);
  EXPECT_EQ(savepoint->id(), StoreId::kStash);
  EXPECT_EQ(savepoint->mode(), OpenMode::kSavepoint);
  EXPECT_EQ(savepoint->epoch(), 2u);
  ASSERT_EQ(s.add_item(*savepoint, "DB", "kind=database"), Status::kOk);
  EXPECT_TRUE(has_item(savepoint->cached(), "DB")) << "the savepoint reads its own write";
  EXPECT_FALSE(has_item(s.stash().contents(), "DB"));

  auto migrate = s.migrate_open(Target::kMigrateToPersist, OpenMode::kSavepoint);
  ASSERT_TRUE(migrate.has_value());
  EXPECT_EQ(migrate->status(), Status::kNotWritable);
  // Neither savepoint open bumped an epoch or initialized a store.
  EXPECT_EQ(s.stash().fence().epoch, 2u);
  EXPECT_FALSE(s.persist().epoch_written());
  EXPECT_FALSE(s.initialized(StoreId::kPersist));

  auto writable = must_open(s, Target::kRollbackToStash);
  ASSERT_NE(writable, nullptr);
  EXPECT_EQ(writable->id(), StoreId::kStash);
  EXPECT_FALSE(has_item(writable->cached(), "DB"));
  EXPECT_FALSE(has_item(s.stash().contents(), "DB"));
  EXPECT_EQ(s.tombstone(), std::nullopt);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestSavepointStashUninitialized) {
  Scenario s;
  auto persist = s.store(StoreId::kPersist);
  ASSERT_EQ(s.open(*persist, OpenMode::kWritable), Status::kOk);
  ASSERT_TRUE(s.initialized(StoreId::kPersist));
  ASSERT_FALSE(s.initialized(StoreId::kStash));

  auto savepoint = must_open(s, Target::kMigrateToPersist, OpenMode::kSavepoint);
  ASSERT_NE(savepoint, nullptr);
  EXPECT_EQ(savepoint->id(), StoreId::kPersist);
  EXPECT_EQ(savepoint->mode(), OpenMode::kSavepoint);
  EXPECT_EQ(savepoint->epoch(), 2u);
  ASSERT_EQ(s.add_item(*savepoint, "DB", "kind=database"), Status::kOk);
  EXPECT_TRUE(has_item(savepoint->cached(), "DB")) << "the savepoint reads its own write";
  EXPECT_FALSE(has_item(s.persist().contents(), "DB"));

  auto rollback = s.migrate_open(Target::kRollbackToStash, OpenMode::kSavepoint);
  ASSERT_TRUE(rollback.has_value());
  EXPECT_EQ(rollback->status(), Status::kNotWritable);
  // Neither savepoint open bumped an epoch or initialized a store.
  EXPECT_EQ(s.persist().epoch(), 2u);
  EXPECT_EQ(s.stash().fence().epoch, 1u);
  EXPECT_FALSE(s.initialized(StoreId::kStash));

  auto writable = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(writable, nullptr);
  EXPECT_EQ(writable->id(), StoreId::kPersist);
  EXPECT_FALSE(has_item(writable->cached(), "DB"));
  EXPECT_FALSE(has_item(s.persist().contents(), "DB"));
  EXPECT_EQ(s.tombstone(), 1u);
  EXPECT_EQ(s.violation_text(), "");
}

// In Materialize, 14 and 15 differ only in which migrator (migrate or
// rollback) was switched to emergency-stash before opening. A catsim
// migrator's target is fixed when it is made, so both run this script.
void set_emergency_stash_on_empty_stores() {
  Scenario s;
  auto stash = must_open(s, Target::kEmergencyStash);
  ASSERT_NE(stash, nullptr);
  EXPECT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(stash->epoch(), 2u);
  EXPECT_TRUE(s.initialized(StoreId::kStash));
  EXPECT_FALSE(s.initialized(StoreId::kPersist));
  EXPECT_TRUE(s.persist().contents().empty());
  EXPECT_EQ(s.tombstone(), std::nullopt) << "a tombstone that was not true is left alone";

  // is_initialized, as a fresh unopened client of each store reads it.
  auto stash_client = s.store(StoreId::kStash);
  auto stash_version = s.read_config(*stash_client, kUserVersionKey);
  ASSERT_TRUE(stash_version.ok());
  EXPECT_EQ(stash_version.value(), 1u);
  auto persist_client = s.store(StoreId::kPersist);
  auto persist_version = s.read_config(*persist_client, kUserVersionKey);
  ASSERT_TRUE(persist_version.ok());
  EXPECT_EQ(persist_version.value(), std::nullopt);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestSetEmergencyStashMigrate) {
  set_emergency_stash_on_empty_stores();
}

TEST(MaterializeMigrate, TestSetEmergencyStashRollback) {
  set_emergency_stash_on_empty_stores();
}

TEST(MaterializeMigrate, TestEmergencyStashTombstone) {
  Scenario s;
  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  ASSERT_EQ(persist->id(), StoreId::kPersist);
  ASSERT_EQ(s.tombstone(), 1u);
  ASSERT_EQ(s.set_config(*persist, kCatalogKindKey, kCatalogKindEmergencyStash), Status::kOk);

  auto stash = must_open(s, Target::kEmergencyStash);
  ASSERT_NE(stash, nullptr);
  ASSERT_EQ(stash->id(), StoreId::kStash);
  EXPECT_EQ(s.tombstone(), 0u) << "the emergency open flips the tombstone to false";
  EXPECT_GT(stash->epoch(), persist->epoch());
  ASSERT_EQ(s.set_config(*stash, kCatalogKindKey, kCatalogKindPersist), Status::kOk);

  // Pre-open reads follow the tombstone to the stash, whatever the target.
  for (Target target : {Target::kMigrateToPersist, Target::kRollbackToStash}) {
    auto kind = s.preopen_config(target, kCatalogKindKey);
    ASSERT_TRUE(kind.ok()) << target_name(target);
    EXPECT_EQ(kind.value(), kCatalogKindPersist) << target_name(target);
  }
  // Persist still holds the value written there, which nobody reads now.
  EXPECT_EQ(s.persist().contents().get_u64(Collection::kConfig, kCatalogKindKey),
            kCatalogKindEmergencyStash);
  EXPECT_EQ(s.violation_text(), "");
}

TEST(MaterializeMigrate, TestEpochMigration) {
  Scenario s;
  uint64_t epoch = 1;
  for (int i = 0; i < 10; ++i) {
    auto stash = s.store(StoreId::kStash);
    ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
    EXPECT_EQ(stash->epoch(), ++epoch);
  }
  EXPECT_EQ(epoch, 11u);
  for (int i = 0; i < 10; ++i) {
    auto persist = must_open(s, Target::kMigrateToPersist);
    ASSERT_NE(persist, nullptr);
    EXPECT_EQ(persist->id(), StoreId::kPersist);
    EXPECT_EQ(persist->epoch(), ++epoch) << "migrate open " << i;
    EXPECT_EQ(s.persist().epoch(), epoch);
    EXPECT_EQ(s.stash().fence().epoch, epoch);
  }
  EXPECT_EQ(epoch, 21u);
  auto stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
  EXPECT_EQ(stash->epoch(), 22u);
  EXPECT_EQ(s.violation_text(), "");
}

}  // namespace
}  // namespace catsim::materialize
