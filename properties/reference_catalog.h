// ReferenceCatalog: the sequential truth every store is checked against.
//
// Only three things change it (spec section 7): initialization of the store
// that is the source of truth, a workload change that took effect on the
// source of truth, and a declared loss. It keeps a short history of its
// versions (content fingerprint and config rows, stamped with the step that
// made them) so a read can be checked against "some instant during the read".
// Guarantees: versions are in step order; the history is bounded by
// versions_max. Older versions are dropped; a read that reaches back before
// the oldest kept version cannot be verified and is accepted (counted by
// unverifiable_reads()), never reported as wrong.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "stores/catalog.h"

namespace catsim {

class ReferenceCatalog {
 public:
  explicit ReferenceCatalog(size_t versions_max = 4096);

  const Catalog& contents() const { return contents_; }
  void apply(const WriteSet& writes, uint64_t step);
  void reset(const Catalog& contents, uint64_t step);

  // Whether some version valid at an instant in [from_step, to_step] had
  // this content fingerprint / this config value.
  bool had_content_during(uint64_t content_hash, uint64_t from_step, uint64_t to_step) const;
  bool had_config_during(std::string_view key, const std::optional<std::string>& value,
                         uint64_t from_step, uint64_t to_step) const;
  size_t version_count() const { return versions_.size(); }
  uint64_t unverifiable_reads() const { return unverifiable_reads_; }

 private:
  struct Version {
    uint64_t since_step = 0;
    uint64_t content_hash = 0;
    std::shared_ptr<const Catalog::Rows> config;  // shared with contents_ (null: none)
  };
  template <class Match>
  bool any_version_during(uint64_t from_step, uint64_t to_step, Match match) const;
  void record(uint64_t step);

  Catalog contents_;
  std::deque<Version> versions_;
  size_t versions_max_;
  bool truncated_ = false;
  mutable uint64_t unverifiable_reads_ = 0;
};

}  // namespace catsim
