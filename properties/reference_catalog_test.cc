// ReferenceCatalog: its contents (never a tombstone) and its step-stamped
// history. A version is valid from its step until the next version's step,
// inclusive at both ends; a read during [from, to] may match any version
// valid at some instant of that interval.
#include "properties/reference_catalog.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace catsim {
namespace {

WriteSet put_item(std::string key, std::string value) {
  return {Write{Collection::kItems, std::move(key), std::move(value)}};
}

WriteSet put_config(std::string_view key, std::string value) {
  return {Write{Collection::kConfig, std::string(key), std::move(value)}};
}

// Three versions: empty from step 0, A from step 5, B from step 10.
struct History : ::testing::Test {
  ReferenceCatalog reference;
  uint64_t empty_hash = 0, a_hash = 0, b_hash = 0;

  void SetUp() override {
    empty_hash = reference.contents().content_hash();
    reference.apply(put_item("a", "1"), 5);
    a_hash = reference.contents().content_hash();
    reference.apply(put_item("b", "2"), 10);
    b_hash = reference.contents().content_hash();
    ASSERT_NE(empty_hash, a_hash);
    ASSERT_NE(a_hash, b_hash);
  }
};

// A new reference holds one version, the empty catalog, from step 0.
TEST(ReferenceCatalog, StartsEmptyAtStepZero) {
  ReferenceCatalog reference;
  EXPECT_TRUE(reference.contents().empty());
  EXPECT_EQ(reference.version_count(), 1u);
  EXPECT_TRUE(reference.had_content_during(Catalog{}.content_hash(), 0, 0));
  EXPECT_TRUE(reference.had_content_during(Catalog{}.content_hash(), 3, 900));
  EXPECT_FALSE(reference.had_content_during(Catalog{}.content_hash() + 1, 0, 900));
}

// Each apply adds one version and changes the contents.
TEST_F(History, ApplyRecordsOneVersionEach) {
  EXPECT_EQ(reference.version_count(), 3u);
  EXPECT_EQ(reference.contents().get(Collection::kItems, "a"), "1");
  EXPECT_EQ(reference.contents().get(Collection::kItems, "b"), "2");
}

// The first version is valid over [0, 5]: both ends count, nothing after.
TEST_F(History, FirstVersionValidUntilTheNextVersionsStep) {
  EXPECT_TRUE(reference.had_content_during(empty_hash, 0, 0));
  EXPECT_TRUE(reference.had_content_during(empty_hash, 0, 4));
  EXPECT_TRUE(reference.had_content_during(empty_hash, 5, 5));
  EXPECT_TRUE(reference.had_content_during(empty_hash, 5, 20));
  EXPECT_FALSE(reference.had_content_during(empty_hash, 6, 6));
  EXPECT_FALSE(reference.had_content_during(empty_hash, 6, 20));
}

// A middle version is valid over [5, 10], both ends inclusive.
TEST_F(History, MiddleVersionValidFromItsStepToTheNext) {
  EXPECT_FALSE(reference.had_content_during(a_hash, 0, 4));
  EXPECT_TRUE(reference.had_content_during(a_hash, 0, 5));
  EXPECT_TRUE(reference.had_content_during(a_hash, 4, 5));
  EXPECT_TRUE(reference.had_content_during(a_hash, 7, 8));
  EXPECT_TRUE(reference.had_content_during(a_hash, 10, 10));
  EXPECT_TRUE(reference.had_content_during(a_hash, 0, 100));
  EXPECT_FALSE(reference.had_content_during(a_hash, 11, 11));
  EXPECT_FALSE(reference.had_content_during(a_hash, 11, 100));
}

// The latest version is valid from its step on, for ever.
TEST_F(History, LatestVersionValidFromItsStepOn) {
  EXPECT_FALSE(reference.had_content_during(b_hash, 0, 9));
  EXPECT_FALSE(reference.had_content_during(b_hash, 9, 9));
  EXPECT_TRUE(reference.had_content_during(b_hash, 9, 10));
  EXPECT_TRUE(reference.had_content_during(b_hash, 10, 10));
  EXPECT_TRUE(reference.had_content_during(b_hash, 1000, 2000));
}

// A fingerprint the reference never had is never matched.
TEST_F(History, UnknownContentNeverMatches) {
  Catalog other;
  other.put(Collection::kItems, "c", "3");
  EXPECT_FALSE(reference.had_content_during(other.content_hash(), 0, 1000));
}

// Versions made at the same step are each valid at that step alone.
TEST(ReferenceCatalog, VersionsAtTheSameStepAreValidAtThatStep) {
  ReferenceCatalog reference;
  reference.apply(put_item("x", "1"), 4);
  uint64_t transient_hash = reference.contents().content_hash();
  reference.apply(put_item("x", "2"), 4);
  uint64_t final_hash = reference.contents().content_hash();
  EXPECT_TRUE(reference.had_content_during(transient_hash, 4, 4));
  EXPECT_TRUE(reference.had_content_during(transient_hash, 0, 4));
  EXPECT_FALSE(reference.had_content_during(transient_hash, 5, 9));
  EXPECT_FALSE(reference.had_content_during(transient_hash, 0, 3));
  EXPECT_TRUE(reference.had_content_during(Catalog{}.content_hash(), 4, 4));
  EXPECT_TRUE(reference.had_content_during(final_hash, 4, 9));
}

// had_config_during follows the same intervals for a config row; absent is a value too.
TEST(ReferenceCatalog, HadConfigDuringOverIntervals) {
  ReferenceCatalog reference;
  reference.apply(put_config(kUserVersionKey, "1"), 3);
  reference.apply(put_item("unrelated", "x"), 6);
  reference.apply(put_config(kUserVersionKey, "2"), 8);
  const std::optional<std::string> absent;
  EXPECT_TRUE(reference.had_config_during(kUserVersionKey, absent, 0, 3));
  EXPECT_FALSE(reference.had_config_during(kUserVersionKey, absent, 4, 100));
  EXPECT_FALSE(reference.had_config_during(kUserVersionKey, "1", 0, 2));
  EXPECT_TRUE(reference.had_config_during(kUserVersionKey, "1", 3, 3));
  EXPECT_TRUE(reference.had_config_during(kUserVersionKey, "1", 7, 8));  // across step 6
  EXPECT_FALSE(reference.had_config_during(kUserVersionKey, "1", 9, 9));
  EXPECT_FALSE(reference.had_config_during(kUserVersionKey, "2", 0, 7));
  EXPECT_TRUE(reference.had_config_during(kUserVersionKey, "2", 8, 8));
  EXPECT_TRUE(reference.had_config_during(kUserVersionKey, "2", 50, 60));
  EXPECT_FALSE(reference.had_config_during(kUserVersionKey, "3", 0, 100));
  EXPECT_TRUE(reference.had_config_during(kCatalogKindKey, absent, 0, 100));
}

// apply and reset strip the tombstone, so neither contents nor history ever hold one.
TEST(ReferenceCatalog, NeverHoldsATombstone) {
  ReferenceCatalog reference;
  WriteSet writes = put_config(kTombstoneKey, "1");
  writes.push_back({Collection::kItems, "a", "1"});
  reference.apply(writes, 2);
  EXPECT_FALSE(reference.contents().get(Collection::kConfig, kTombstoneKey).has_value());
  EXPECT_EQ(reference.contents().get(Collection::kItems, "a"), "1");
  EXPECT_FALSE(reference.had_config_during(kTombstoneKey, "1", 0, 100));
  EXPECT_TRUE(reference.had_config_during(kTombstoneKey, std::nullopt, 0, 100));

  Catalog with_tombstone;
  with_tombstone.put(Collection::kConfig, kTombstoneKey, "0");
  with_tombstone.put(Collection::kItems, "b", "2");
  reference.reset(with_tombstone, 4);
  EXPECT_FALSE(reference.contents().get(Collection::kConfig, kTombstoneKey).has_value());
  EXPECT_TRUE(reference.contents().same_content(with_tombstone));
  EXPECT_FALSE(reference.had_config_during(kTombstoneKey, "0", 0, 100));
}

// reset replaces the whole contents (a declared loss) as a new version.
TEST(ReferenceCatalog, ResetReplacesTheContentsAsANewVersion) {
  ReferenceCatalog reference;
  reference.apply(put_item("a", "1"), 2);
  uint64_t before = reference.contents().content_hash();
  Catalog replacement;
  replacement.put(Collection::kItems, "z", "9");
  reference.reset(replacement, 7);
  EXPECT_EQ(reference.contents(), replacement);
  EXPECT_EQ(reference.version_count(), 3u);
  EXPECT_TRUE(reference.had_content_during(before, 7, 7));
  EXPECT_FALSE(reference.had_content_during(before, 8, 8));
  EXPECT_TRUE(reference.had_content_during(replacement.content_hash(), 7, 100));
  EXPECT_FALSE(reference.had_content_during(replacement.content_hash(), 0, 6));
}

// Past versions_max the oldest versions are dropped and the recent ones still answer.
TEST(ReferenceCatalog, HistoryIsBoundedByVersionsMax) {
  ReferenceCatalog reference(3);
  for (uint64_t step = 1; step <= 10; ++step) {
    reference.apply(put_item("n", std::to_string(step)), step * 10);
    EXPECT_LE(reference.version_count(), 3u);
  }
  EXPECT_EQ(reference.version_count(), 3u);
  Catalog nine;
  nine.put(Collection::kItems, "n", "9");
  EXPECT_TRUE(reference.had_content_during(nine.content_hash(), 95, 99));
  EXPECT_TRUE(reference.had_content_during(nine.content_hash(), 100, 100));
  EXPECT_FALSE(reference.had_content_during(nine.content_hash(), 101, 200));
  EXPECT_TRUE(reference.had_content_during(reference.contents().content_hash(), 500, 600));
}

// A read older than the kept history is "unverifiable rather than wrong" (header).
TEST(ReferenceCatalog, ReadOlderThanTheKeptHistoryIsNotJudgedWrong) {
  ReferenceCatalog reference(3);
  for (uint64_t step = 1; step <= 10; ++step) {
    reference.apply(put_item("n", std::to_string(step)), step * 10);
  }
  Catalog two;  // valid over steps [20, 30], since dropped from the history
  two.put(Collection::kItems, "n", "2");
  EXPECT_TRUE(reference.had_content_during(two.content_hash(), 25, 100))
      << "a read during steps 25..100 that saw the version of step 20 is reported as a "
         "catalog the reference never had, though the history no longer reaches back there";
}

}  // namespace
}  // namespace catsim
