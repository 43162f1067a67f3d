// Helpers shared by the ports of Materialize's migration tests
// (materialize_migrate_scenario_test.cc, materialize_open_scenario_test.cc):
// the scripts' common set-ups ("seed data", "seed + migrate + T") and
// checks on a Scenario's stores. Test-only; every function records gtest
// failures instead of returning errors.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string_view>

#include "harness/scenario.h"

namespace catsim::materialize {

// Values of config key catalog_kind (kCatalogKindKey), as an operator sets them.
inline constexpr uint64_t kCatalogKindPersist = 2;
inline constexpr uint64_t kCatalogKindEmergencyStash = 3;

// "seed data": open the stash writable on empty stores and add a user role "Joe".
inline void seed_data(Scenario& s) {
  auto stash = s.store(StoreId::kStash);
  ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
  ASSERT_EQ(s.add_item(*stash, "Joe", "kind=role"), Status::kOk);
}

inline bool has_item(const Catalog& catalog, std::string_view name) {
  return catalog.get(Collection::kItems, name).has_value();
}

inline const Catalog& contents(Scenario& s, StoreId id) {
  return id == StoreId::kStash ? s.stash().contents() : s.persist().contents();
}

inline uint64_t durable_epoch(Scenario& s, StoreId id) {
  return id == StoreId::kStash ? s.stash().fence().epoch : s.persist().epoch();
}

// Every name is (present) or is not (!present) an item of catalog.
inline void expect_items(const Catalog& catalog, std::initializer_list<std::string_view> names,
                         bool present = true) {
  for (std::string_view name : names) {
    EXPECT_EQ(has_item(catalog, name), present) << "item " << name;
  }
}

// A migrator open that must succeed; nullptr (and a recorded failure) otherwise.
inline std::unique_ptr<CatalogStore> must_open(Scenario& s, Target target,
                                               OpenMode mode = OpenMode::kWritable) {
  auto opened = s.migrate_open(target, mode);
  EXPECT_TRUE(opened.has_value()) << target_name(target) << ": the opener died";
  if (!opened) return nullptr;
  EXPECT_EQ(opened->status(), Status::kOk) << target_name(target);
  if (!opened->ok()) return nullptr;
  return std::move(*opened).value();
}

// A migrator open that must die at the armed crash point.
inline void open_crashes_at(Scenario& s, std::string_view point, Target target) {
  s.crash_at(point);
  auto opened = s.migrate_open(target);
  EXPECT_FALSE(opened.has_value()) << target_name(target) << " did not die at " << point;
}

// "seed + migrate + T": seed data, migrate-open, then add a timeline timestamp
// User("Bar") @ 42 through persist. Stash and persist both end at epoch 3.
inline void seed_migrate_t(Scenario& s) {
  seed_data(s);
  auto persist = must_open(s, Target::kMigrateToPersist);
  ASSERT_NE(persist, nullptr);
  ASSERT_EQ(persist->id(), StoreId::kPersist);
  ASSERT_EQ(s.add_item(*persist, "Bar", "kind=timestamp;timeline=User(Bar);ts=42"), Status::kOk);
  ASSERT_EQ(s.tombstone(), 1u);
  ASSERT_EQ(s.stash().fence().epoch, 3u);
  ASSERT_EQ(s.persist().epoch(), 3u);
}

}  // namespace catsim::materialize
