// Catalog: one store's contents, as sorted maps with a running fingerprint.
//
// A catalog is a fixed set of named collections (Collection), each a sorted
// map from key to value. Guarantees:
//  1. Iteration is in key order: two equal catalogs print and hash the same.
//  2. content_hash() is an order-independent fingerprint of every row except
//     the tombstone row of `config`, kept up to date in O(1) per put/erase,
//     so comparing a store with the reference catalog costs O(1) per step.
//  3. collection_hash(c) is the same fingerprint restricted to collection c.
//  4. Copying is O(1): collections are shared between copies and cloned on
//     the first write to a shared one (copy-on-write), so a snapshot, a
//     cache refresh or a whole-catalog replace copies no rows. Copies may
//     be used on one thread each (default_catalog() is shared read-only).
// To add a collection: extend Collection and kCollectionNames.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace catsim {

enum class Collection : uint8_t { kConfig = 0, kIdAlloc = 1, kItems = 2, kAuditLog = 3 };
inline constexpr size_t kCollectionCount = 4;
std::string_view collection_name(Collection collection);
std::optional<Collection> collection_from_name(std::string_view name);
inline constexpr std::array<Collection, kCollectionCount> kAllCollections = {
    Collection::kConfig, Collection::kIdAlloc, Collection::kItems, Collection::kAuditLog};

// Well-known config keys.
inline constexpr std::string_view kTombstoneKey = "tombstone";
inline constexpr std::string_view kUserVersionKey = "user_version";
// A config value workload changes set (so that pre-open reads see it move).
inline constexpr std::string_view kSettingKey = "setting";
inline constexpr std::string_view kCatalogKindKey = "catalog_kind";

// One row written by a transaction; value nullopt erases the row.
struct Write {
  Collection collection = Collection::kConfig;
  std::string key;
  std::optional<std::string> value;
  bool operator==(const Write&) const = default;
};
using WriteSet = std::vector<Write>;

// A whole decimal number the simulation itself wrote (a row value, a number in
// a note). Check-fails on anything else: it never throws, so it is safe to call
// inside a fiber.
uint64_t parse_u64(std::string_view text);

class Catalog {
 public:
  using Rows = std::map<std::string, std::string, std::less<>>;

  const Rows& rows(Collection collection) const;
  // The collection's rows as they are now, kept alive and unchanged by later
  // writes to this catalog (null when the collection is empty).
  std::shared_ptr<const Rows> shared_rows(Collection collection) const;
  // The value of key, or nullptr; valid until this catalog is next changed.
  const std::string* find(Collection collection, std::string_view key) const;
  std::optional<std::string> get(Collection collection, std::string_view key) const;
  std::optional<uint64_t> get_u64(Collection collection, std::string_view key) const;
  void put(Collection collection, std::string_view key, std::string value);
  void erase(Collection collection, std::string_view key);
  void apply(const WriteSet& writes);
  void clear();
  size_t row_count() const;
  bool empty() const { return row_count() == 0; }

  uint64_t content_hash() const;
  uint64_t collection_hash(Collection collection) const;
  // True when every row but the tombstone row is equal.
  bool same_content(const Catalog& other) const;
  bool operator==(const Catalog& other) const;

  // Writes that turn this catalog into target (the tombstone row included).
  WriteSet diff_to(const Catalog& target) const;
  // Human-readable line per differing row (at most rows_max lines).
  std::vector<std::string> describe_differences(const Catalog& other, size_t rows_max) const;

 private:
  // The rows of collection i, cloned first if another catalog shares them.
  Rows& writable_rows(size_t i);

  std::array<std::shared_ptr<Rows>, kCollectionCount> collections_;  // null: empty
  std::array<uint64_t, kCollectionCount> hashes_{};
};

uint64_t row_hash(Collection collection, std::string_view key, std::string_view value);
bool is_tombstone_row(Collection collection, std::string_view key);

}  // namespace catsim
