// Catalog: rows, write sets, the order-independent fingerprint that ignores
// the tombstone row, and the diff/describe helpers the checkers rely on.
#include "stores/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace catsim {
namespace {

Catalog sample() {
  Catalog catalog;
  catalog.put(Collection::kConfig, kUserVersionKey, "3");
  catalog.put(Collection::kIdAlloc, "user", "7");
  catalog.put(Collection::kItems, "t1", "table");
  catalog.put(Collection::kItems, "v1", "view");
  catalog.put(Collection::kAuditLog, "00000001", "create t1");
  return catalog;
}

// put inserts or overwrites, get reads back, erase removes (absent: no-op).
TEST(Catalog, PutGetErase) {
  Catalog catalog;
  EXPECT_TRUE(catalog.empty());
  EXPECT_FALSE(catalog.get(Collection::kItems, "a").has_value());
  catalog.put(Collection::kItems, "a", "1");
  catalog.put(Collection::kIdAlloc, "a", "2");  // same key, other collection
  EXPECT_EQ(catalog.get(Collection::kItems, "a"), "1");
  EXPECT_EQ(catalog.get(Collection::kIdAlloc, "a"), "2");
  EXPECT_EQ(catalog.row_count(), 2u);
  catalog.put(Collection::kItems, "a", "3");
  EXPECT_EQ(catalog.get(Collection::kItems, "a"), "3");
  EXPECT_EQ(catalog.row_count(), 2u);
  catalog.erase(Collection::kItems, "a");
  EXPECT_FALSE(catalog.get(Collection::kItems, "a").has_value());
  EXPECT_EQ(catalog.get(Collection::kIdAlloc, "a"), "2");
  catalog.erase(Collection::kItems, "never");
  EXPECT_EQ(catalog.row_count(), 1u);
  EXPECT_FALSE(catalog.empty());
}

// Rows iterate in key order.
TEST(Catalog, RowsAreSortedByKey) {
  Catalog catalog;
  for (const char* key : {"m", "a", "z", "b"}) catalog.put(Collection::kItems, key, "x");
  std::vector<std::string> keys;
  for (const auto& [key, value] : catalog.rows(Collection::kItems)) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "m", "z"}));
}

// apply runs the writes in order: a value puts, nullopt erases, the last wins.
TEST(Catalog, ApplyWritesInOrder) {
  Catalog catalog = sample();
  catalog.apply({Write{Collection::kItems, "t1", std::nullopt},
                 Write{Collection::kItems, "t2", "first"},
                 Write{Collection::kItems, "t2", "second"}, Write{Collection::kItems, "gone", "x"},
                 Write{Collection::kItems, "gone", std::nullopt}});
  EXPECT_FALSE(catalog.get(Collection::kItems, "t1").has_value());
  EXPECT_EQ(catalog.get(Collection::kItems, "t2"), "second");
  EXPECT_FALSE(catalog.get(Collection::kItems, "gone").has_value());
  EXPECT_EQ(catalog.rows(Collection::kItems).size(), 2u);
  Catalog unchanged = sample();
  unchanged.apply({});
  EXPECT_EQ(unchanged, sample());
}

// clear empties every collection and resets the fingerprint.
TEST(Catalog, ClearEmptiesEverything) {
  Catalog catalog = sample();
  catalog.clear();
  EXPECT_TRUE(catalog.empty());
  EXPECT_EQ(catalog.content_hash(), Catalog{}.content_hash());
  EXPECT_EQ(catalog, Catalog{});
}

// get_u64 parses a decimal value; an absent row is nullopt.
TEST(Catalog, GetU64) {
  Catalog catalog;
  EXPECT_FALSE(catalog.get_u64(Collection::kConfig, kTombstoneKey).has_value());
  catalog.put(Collection::kConfig, kTombstoneKey, "1");
  catalog.put(Collection::kConfig, kUserVersionKey, "0");
  catalog.put(Collection::kIdAlloc, "big", "18446744073709551615");
  EXPECT_EQ(catalog.get_u64(Collection::kConfig, kTombstoneKey), 1u);
  EXPECT_EQ(catalog.get_u64(Collection::kConfig, kUserVersionKey), 0u);
  EXPECT_EQ(catalog.get_u64(Collection::kIdAlloc, "big"), UINT64_MAX);
}

// A non-numeric value read as u64 is a programmer error: the check aborts.
TEST(CatalogDeathTest, GetU64OfTextAborts) {
  Catalog catalog;
  catalog.put(Collection::kConfig, kUserVersionKey, "12x");
  EXPECT_DEATH(catalog.get_u64(Collection::kConfig, kUserVersionKey), "check failed");
}

// The fingerprint ignores write order and rows written then erased.
TEST(Catalog, ContentHashIsOrderIndependent) {
  Catalog forward = sample();
  Catalog backward;
  backward.put(Collection::kAuditLog, "00000001", "create t1");
  backward.put(Collection::kItems, "v1", "view");
  backward.put(Collection::kItems, "t1", "old");
  backward.put(Collection::kItems, "scratch", "x");
  backward.put(Collection::kItems, "t1", "table");
  backward.put(Collection::kIdAlloc, "user", "7");
  backward.put(Collection::kConfig, kUserVersionKey, "3");
  backward.erase(Collection::kItems, "scratch");
  EXPECT_EQ(forward.content_hash(), backward.content_hash());
  EXPECT_EQ(forward, backward);
  for (Collection collection : kAllCollections) {
    EXPECT_EQ(forward.collection_hash(collection), backward.collection_hash(collection));
  }
}

// The fingerprint sees every row's collection, key and value.
TEST(Catalog, ContentHashSeesEveryDataRow) {
  const uint64_t base = sample().content_hash();
  Catalog value = sample();
  value.put(Collection::kItems, "t1", "index");
  Catalog key = sample();
  key.erase(Collection::kItems, "t1");
  key.put(Collection::kItems, "t2", "table");
  Catalog moved = sample();
  moved.erase(Collection::kItems, "t1");
  moved.put(Collection::kAuditLog, "t1", "table");
  Catalog config = sample();
  config.put(Collection::kConfig, kCatalogKindKey, "1");
  for (const Catalog* other : {&value, &key, &moved, &config}) {
    EXPECT_NE(other->content_hash(), base);
  }
  EXPECT_NE(Catalog{}.content_hash(), base);
}

// The config/tombstone row is left out of the fingerprint, and only that row.
TEST(Catalog, ContentHashIgnoresTheTombstoneRow) {
  Catalog with = sample();
  const uint64_t base = with.content_hash();
  with.put(Collection::kConfig, kTombstoneKey, "1");
  EXPECT_EQ(with.content_hash(), base);
  with.put(Collection::kConfig, kTombstoneKey, "0");
  EXPECT_EQ(with.content_hash(), base);
  EXPECT_EQ(with.collection_hash(Collection::kConfig),
            sample().collection_hash(Collection::kConfig));
  with.erase(Collection::kConfig, kTombstoneKey);
  EXPECT_EQ(with.content_hash(), base);
  Catalog elsewhere = sample();
  elsewhere.put(Collection::kItems, kTombstoneKey, "1");  // not the tombstone row
  EXPECT_NE(elsewhere.content_hash(), base);
  EXPECT_TRUE(is_tombstone_row(Collection::kConfig, kTombstoneKey));
  EXPECT_FALSE(is_tombstone_row(Collection::kItems, kTombstoneKey));
}

// The content hash is the sum of the per-collection hashes.
TEST(Catalog, CollectionHashesAddUpToTheContentHash) {
  Catalog catalog = sample();
  uint64_t sum = 0;
  for (Collection collection : kAllCollections) sum += catalog.collection_hash(collection);
  EXPECT_EQ(sum, catalog.content_hash());
  Catalog items_changed = sample();
  items_changed.put(Collection::kItems, "t9", "table");
  EXPECT_NE(items_changed.collection_hash(Collection::kItems),
            catalog.collection_hash(Collection::kItems));
  EXPECT_EQ(items_changed.collection_hash(Collection::kIdAlloc),
            catalog.collection_hash(Collection::kIdAlloc));
}

// same_content ignores the tombstone row; operator== does not.
TEST(Catalog, SameContentIgnoresOnlyTheTombstone) {
  Catalog a = sample();
  Catalog b = sample();
  b.put(Collection::kConfig, kTombstoneKey, "1");
  EXPECT_TRUE(a.same_content(b));
  EXPECT_TRUE(b.same_content(a));
  EXPECT_FALSE(a == b);
  b.put(Collection::kItems, "t1", "other");
  EXPECT_FALSE(a.same_content(b));
  EXPECT_FALSE(a.same_content(Catalog{}));
  EXPECT_TRUE(Catalog{}.same_content(Catalog{}));
}

// diff_to yields writes that turn a catalog into the target, tombstone included.
TEST(Catalog, DiffToTurnsOneCatalogIntoAnother) {
  Catalog from = sample();
  from.put(Collection::kConfig, kTombstoneKey, "0");
  from.put(Collection::kItems, "only_here", "x");
  Catalog to = sample();
  to.put(Collection::kConfig, kTombstoneKey, "1");
  to.put(Collection::kItems, "t1", "changed");
  to.put(Collection::kAuditLog, "00000002", "alter t1");
  WriteSet writes = from.diff_to(to);
  EXPECT_EQ(writes.size(), 4u);
  auto has = [&](const Write& write) {
    return std::find(writes.begin(), writes.end(), write) != writes.end();
  };
  EXPECT_TRUE(has({Collection::kItems, "only_here", std::nullopt}));
  EXPECT_TRUE(has({Collection::kItems, "t1", "changed"}));
  EXPECT_TRUE(has({Collection::kAuditLog, "00000002", "alter t1"}));
  EXPECT_TRUE(has({Collection::kConfig, std::string(kTombstoneKey), "1"}));
  Catalog applied = from;
  applied.apply(writes);
  EXPECT_EQ(applied, to);
  EXPECT_TRUE(to.diff_to(to).empty());
  Catalog emptied = to;
  emptied.apply(to.diff_to(Catalog{}));
  EXPECT_TRUE(emptied.empty());
}

// describe_differences lists expected/found per row, skips the tombstone, stops at rows_max.
TEST(Catalog, DescribeDifferences) {
  Catalog expected = sample();
  Catalog found = sample();
  found.put(Collection::kItems, "t1", "index");
  found.erase(Collection::kItems, "v1");
  found.put(Collection::kAuditLog, "00000002", "drop v1");
  found.put(Collection::kConfig, kTombstoneKey, "1");
  std::vector<std::string> lines = expected.describe_differences(found, 10);
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "items/t1: expected 'table', found 'index'",
                       "items/v1: expected 'view', found (absent)",
                       "audit_log/00000002: expected (absent), found 'drop v1'",
                   }));
  EXPECT_EQ(expected.describe_differences(found, 2).size(), 2u);
  EXPECT_TRUE(expected.describe_differences(found, 0).empty());
  EXPECT_TRUE(expected.describe_differences(sample(), 10).empty());
}

// Collection names round-trip; unknown names are nullopt.
TEST(Catalog, CollectionNamesRoundTrip) {
  for (Collection collection : kAllCollections) {
    EXPECT_EQ(collection_from_name(collection_name(collection)), collection);
  }
  EXPECT_EQ(collection_name(Collection::kAuditLog), "audit_log");
  EXPECT_FALSE(collection_from_name("tables").has_value());
}

}  // namespace
}  // namespace catsim
