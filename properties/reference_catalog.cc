#include "properties/reference_catalog.h"

#include "sim/check.h"

namespace catsim {

ReferenceCatalog::ReferenceCatalog(size_t versions_max) : versions_max_(versions_max) {
  CATSIM_CHECK(versions_max_ >= 2);
  record(0);
}

void ReferenceCatalog::record(uint64_t step) {
  CATSIM_CHECK(versions_.empty() || versions_.back().since_step <= step);
  // apply() and reset() erase the tombstone row, so the config rows can be
  // shared as they are.
  CATSIM_CHECK(contents_.find(Collection::kConfig, kTombstoneKey) == nullptr);
  versions_.push_back({step, contents_.content_hash(), contents_.shared_rows(Collection::kConfig)});
  if (versions_.size() > versions_max_) {
    versions_.pop_front();
    truncated_ = true;
  }
}

void ReferenceCatalog::apply(const WriteSet& writes, uint64_t step) {
  contents_.apply(writes);
  contents_.erase(Collection::kConfig, kTombstoneKey);
  record(step);
}

void ReferenceCatalog::reset(const Catalog& contents, uint64_t step) {
  contents_ = contents;
  contents_.erase(Collection::kConfig, kTombstoneKey);
  record(step);
}

template <class Match>
bool ReferenceCatalog::any_version_during(uint64_t from_step, uint64_t to_step, Match match) const {
  CATSIM_CHECK(from_step <= to_step);
  if (truncated_ && from_step < versions_.front().since_step) {
    ++unverifiable_reads_;
    return true;
  }
  for (size_t i = versions_.size(); i-- > 0;) {
    const Version& version = versions_[i];
    bool starts_in_time = version.since_step <= to_step;
    bool lasts_long_enough = i + 1 == versions_.size() || versions_[i + 1].since_step >= from_step;
    if (starts_in_time && lasts_long_enough && match(version)) return true;
    if (version.since_step < from_step) break;
  }
  return false;
}

bool ReferenceCatalog::had_content_during(uint64_t content_hash, uint64_t from_step,
                                          uint64_t to_step) const {
  return any_version_during(from_step, to_step, [&](const Version& version) {
    return version.content_hash == content_hash;
  });
}

bool ReferenceCatalog::had_config_during(std::string_view key,
                                         const std::optional<std::string>& value,
                                         uint64_t from_step, uint64_t to_step) const {
  return any_version_during(from_step, to_step, [&](const Version& version) {
    const std::string* held = nullptr;
    if (version.config != nullptr) {
      auto it = version.config->find(key);
      if (it != version.config->end()) held = &it->second;
    }
    return value ? held != nullptr && *held == *value : held == nullptr;
  });
}

}  // namespace catsim
