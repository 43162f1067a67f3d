// Materialize's own tests of the migration (src/catalog/tests/migrate.rs,
// open.rs, read-write.rs, late 2023), ported as catsim scenarios. Names are
// theirs. See ../shared/scenarios/materialize-tests.md.
#include <gtest/gtest.h>

#include "harness/scenario.h"

namespace catsim {
namespace {

// "seed data": open the stash writable on empty stores and add a user role "Joe".
void seed_data(Scenario& s) {
  auto stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
  ASSERT_EQ(s.add_item(*stash, "Joe", "kind=role"), Status::kOk);
}

bool has_item(const Catalog& catalog, std::string_view name) {
  return catalog.get(Collection::kItems, name).has_value();
}

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

}  // namespace
}  // namespace catsim
