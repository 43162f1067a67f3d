#include "stores/catalog.h"

#include <fmt/format.h>

#include <charconv>

#include "sim/check.h"
#include "sim/hash.h"

namespace catsim {

namespace {
constexpr std::array<std::string_view, kCollectionCount> kCollectionNames = {"config", "id_alloc",
                                                                             "items", "audit_log"};
size_t index(Collection collection) {
  size_t i = static_cast<size_t>(collection);
  CATSIM_CHECK(i < kCollectionCount);
  return i;
}
}  // namespace

std::string_view collection_name(Collection collection) {
  return kCollectionNames[index(collection)];
}

std::optional<Collection> collection_from_name(std::string_view name) {
  for (size_t i = 0; i < kCollectionCount; ++i) {
    if (kCollectionNames[i] == name) return static_cast<Collection>(i);
  }
  return std::nullopt;
}

bool is_tombstone_row(Collection collection, std::string_view key) {
  return collection == Collection::kConfig && key == kTombstoneKey;
}

uint64_t row_hash(Collection collection, std::string_view key, std::string_view value) {
  Hasher hasher;
  hasher.add(static_cast<uint64_t>(collection));
  hasher.add(key);
  hasher.add(value);
  return mix64(hasher.value());
}

uint64_t parse_u64(std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  CATSIM_CHECK_MSG(error == std::errc() && end == text.data() + text.size(), std::string(text));
  return value;
}

const Catalog::Rows& Catalog::rows(Collection collection) const {
  static const Rows kNoRows;
  const std::shared_ptr<Rows>& rows = collections_[index(collection)];
  return rows != nullptr ? *rows : kNoRows;
}

std::shared_ptr<const Catalog::Rows> Catalog::shared_rows(Collection collection) const {
  return collections_[index(collection)];
}

Catalog::Rows& Catalog::writable_rows(size_t i) {
  std::shared_ptr<Rows>& rows = collections_[i];
  if (rows == nullptr) {
    rows = std::make_shared<Rows>();
  } else if (rows.use_count() > 1) {
    rows = std::make_shared<Rows>(*rows);
  }
  return *rows;
}

const std::string* Catalog::find(Collection collection, std::string_view key) const {
  const Rows& rows = this->rows(collection);
  auto it = rows.find(key);
  return it != rows.end() ? &it->second : nullptr;
}

std::optional<std::string> Catalog::get(Collection collection, std::string_view key) const {
  const std::string* value = find(collection, key);
  if (value == nullptr) return std::nullopt;
  return *value;
}

std::optional<uint64_t> Catalog::get_u64(Collection collection, std::string_view key) const {
  const std::string* text = find(collection, key);
  if (text == nullptr) return std::nullopt;
  return parse_u64(*text);
}

void Catalog::put(Collection collection, std::string_view key, std::string value) {
  size_t i = index(collection);
  bool counted = !is_tombstone_row(collection, key);
  Rows& rows = writable_rows(i);
  auto it = rows.find(key);
  if (it != rows.end()) {
    if (counted) hashes_[i] -= row_hash(collection, key, it->second);
    it->second = std::move(value);
  } else {
    it = rows.emplace(std::string(key), std::move(value)).first;
  }
  if (counted) hashes_[i] += row_hash(collection, key, it->second);
}

void Catalog::erase(Collection collection, std::string_view key) {
  size_t i = index(collection);
  if (find(collection, key) == nullptr) return;  // nothing to erase: nothing to clone
  Rows& rows = writable_rows(i);
  auto it = rows.find(key);
  CATSIM_CHECK(it != rows.end());
  if (!is_tombstone_row(collection, key)) hashes_[i] -= row_hash(collection, key, it->second);
  rows.erase(it);
}

void Catalog::apply(const WriteSet& writes) {
  for (const Write& write : writes) {
    if (write.value) {
      put(write.collection, write.key, *write.value);
    } else {
      erase(write.collection, write.key);
    }
  }
}

void Catalog::clear() {
  for (auto& rows : collections_) rows.reset();
  hashes_.fill(0);
}

size_t Catalog::row_count() const {
  size_t count = 0;
  for (const auto& rows : collections_) count += rows != nullptr ? rows->size() : 0;
  return count;
}

bool Catalog::operator==(const Catalog& other) const {
  for (Collection collection : kAllCollections) {
    size_t i = index(collection);
    if (collections_[i] == other.collections_[i]) continue;  // shared (or both empty)
    if (rows(collection) != other.rows(collection)) return false;
  }
  return true;
}

uint64_t Catalog::content_hash() const {
  uint64_t sum = 0;
  for (uint64_t h : hashes_) sum += h;
  return sum;
}

uint64_t Catalog::collection_hash(Collection collection) const {
  return hashes_[index(collection)];
}

bool Catalog::same_content(const Catalog& other) const {
  if (content_hash() != other.content_hash()) return false;
  return describe_differences(other, 1).empty();
}

WriteSet Catalog::diff_to(const Catalog& target) const {
  WriteSet writes;
  for (Collection collection : kAllCollections) {
    const Rows& mine = rows(collection);
    const Rows& theirs = target.rows(collection);
    for (const auto& [key, value] : mine) {
      if (!theirs.contains(key)) writes.push_back({collection, key, std::nullopt});
    }
    for (const auto& [key, value] : theirs) {
      auto it = mine.find(key);
      if (it == mine.end() || it->second != value) writes.push_back({collection, key, value});
    }
  }
  return writes;
}

std::vector<std::string> Catalog::describe_differences(const Catalog& other,
                                                       size_t rows_max) const {
  std::vector<std::string> lines;
  for (Collection collection : kAllCollections) {
    const Rows& mine = rows(collection);
    const Rows& theirs = other.rows(collection);
    auto note = [&](std::string_view key, const std::string* expected, const std::string* found) {
      if (is_tombstone_row(collection, key) || lines.size() >= rows_max) return;
      lines.push_back(fmt::format("{}/{}: expected {}, found {}", collection_name(collection), key,
                                  expected ? fmt::format("'{}'", *expected) : "(absent)",
                                  found ? fmt::format("'{}'", *found) : "(absent)"));
    };
    for (const auto& [key, value] : mine) {
      auto it = theirs.find(key);
      if (it == theirs.end()) {
        note(key, &value, nullptr);
      } else if (it->second != value) {
        note(key, &value, &it->second);
      }
    }
    for (const auto& [key, value] : theirs) {
      if (!mine.contains(key)) note(key, nullptr, &value);
    }
  }
  return lines;
}

}  // namespace catsim
