// Materialize's own tests of the migration (src/catalog/tests/migrate.rs,
// open.rs, read-write.rs, late 2023), ported as catsim scenarios. Names are
// theirs. See ../shared/scenarios/materialize-tests.md.
//
// Epochs asserted below follow spec section 4 step by step: a migrator open
// reads both epochs (stash s, persist p), fences the stash at
// max(s + 1, p + 1), then persist at max(p + 1, the stash's new epoch).
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario.h"

namespace catsim {
namespace {

// Values of config key catalog_kind (kCatalogKindKey), as an operator sets them.
constexpr uint64_t kCatalogKindPersist = 2;
constexpr uint64_t kCatalogKindEmergencyStash = 3;

// "seed data": open the stash writable on empty stores and add a user role "Joe".
void seed_data(Scenario& s) {
  auto stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
  ASSERT_EQ(s.add_item(*stash, "Joe", "kind=role"), Status::kOk);
}

bool has_item(const Catalog& catalog, std::string_view name) {
  return catalog.get(Collection::kItems, name).has_value();
}

const Catalog& contents(Scenario& s, StoreId id) {
  return id == StoreId::kStash ? s.stash().contents() : s.persist().contents();
}

uint64_t durable_epoch(Scenario& s, StoreId id) {
  return id == StoreId::kStash ? s.stash().fence().epoch : s.persist().epoch();
}

// Every name is (present) or is not (!present) an item of catalog.
void expect_items(const Catalog& catalog, std::initializer_list<std::string_view> names,
                  bool present = true) {
  for (std::string_view name : names) {
    EXPECT_EQ(has_item(catalog, name), present) << "item " << name;
  }
}

// A migrator open that must succeed; nullptr (and a recorded failure) otherwise.
std::unique_ptr<CatalogStore> must_open(Scenario& s, Target target,
                                        OpenMode mode = OpenMode::kWritable) {
  auto opened = s.migrate_open(target, mode);
  EXPECT_TRUE(opened.has_value()) << target_name(target) << ": the opener died";
  if (!opened) return nullptr;
  EXPECT_EQ(opened->status(), Status::kOk) << target_name(target);
  if (!opened->ok()) return nullptr;
  return std::move(*opened).value();
}

// A migrator open that must die at the armed crash point.
void open_crashes_at(Scenario& s, std::string_view point, Target target) {
  s.crash_at(point);
  auto opened = s.migrate_open(target);
  EXPECT_FALSE(opened.has_value()) << target_name(target) << " did not die at " << point;
}

// "seed + migrate + T": seed data, migrate-open, then add a timeline timestamp
// User("Bar") @ 42 through persist. Stash and persist both end at epoch 3.
void seed_migrate_t(Scenario& s) {
  seed_data(s);
  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  ASSERT_EQ(persist->id(), StoreId::kPersist);
  ASSERT_EQ(s.add_item(*persist, "Bar", "kind=timestamp;timeline=User(Bar);ts=42"), Status::kOk);
  ASSERT_EQ(s.tombstone(), 1u);
  ASSERT_EQ(s.stash().fence().epoch, 3u);
  ASSERT_EQ(s.persist().epoch(), 3u);
}

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

// --------------------------------------------- open.rs and read-write.rs
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
}  // namespace catsim
