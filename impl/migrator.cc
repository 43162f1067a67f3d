#include "impl/migrator.h"

#include "impl/source_of_truth.h"

#include <algorithm>
#include "sim/check.h"
#include "impl/run_counters.h"

namespace catsim {

namespace {

const WriteSet kSetTombstoneTrue = {{Collection::kConfig, std::string(kTombstoneKey), "1"}};
const WriteSet kSetTombstoneFalse = {{Collection::kConfig, std::string(kTombstoneKey), "0"}};

// A catalog that holds nothing but what initialization writes.
bool holds_only_defaults(const Catalog& catalog) {
  return catalog.same_content(default_catalog()) || catalog.empty();
}

// The steps both protocols share: stores, fencing, reads.
class MigratorBase : public Migrator {
 public:
  MigratorBase(Target target, StashFake& stash, PersistFake& persist, MigratorOptions options)
      : target_(target), options_(options) {
    CATSIM_CHECK(options_.variant != nullptr);
    StoreOptions store_options{options_.retries_max, &options_.variant->switches};
    stash_ = make_stash_store(stash, store_options);
    persist_ = make_persist_store(persist, store_options);
  }

  Result<std::unique_ptr<CatalogStore>> open(OpenMode mode) override {
    CATSIM_CHECK(mode != OpenMode::kReadOnly);
    if (target_ == Target::kEmergencyStash) return emergency(mode);
    if (mode == OpenMode::kWritable) {
      Status fenced = fence_both();
      if (fenced != Status::kOk) return fenced;
    } else {
      auto both = open_savepoints();
      if (!both.ok()) return both.status();
      if (!both.value()) return std::move(target_store());
    }
    return target_ == Target::kMigrateToPersist ? migrate() : rollback();
  }

  Result<std::optional<uint64_t>> preopen_config(std::string_view key) override {
    // MUTANT preopen_prefetches_persist: persist's value is read before the
    // tombstone, and used if the tombstone then names persist.
    if (switches().preopen_prefetches_persist) {
      auto prefetched = persist_->read_config(key);
      if (!prefetched.ok()) return prefetched.status();
      auto source = read_source_of_truth();
      if (!source.ok()) return source.status();
      if (source.value() == StoreId::kPersist) return prefetched.value();
      return stash_->read_config(key);
    }
    auto source = read_source_of_truth();
    if (!source.ok()) return source.status();
    return store(source.value()).read_config(key);
  }

  Result<std::optional<uint64_t>> preopen_get(Getter getter) override {
    switch (getter) {
      case Getter::kUserVersion:
        return preopen_config(kUserVersionKey);
      case Getter::kSetting:
        return preopen_config(kSettingKey);
      case Getter::kIsInitialized: {
        auto version = preopen_config(kUserVersionKey);
        if (!version.ok()) return version.status();
        return std::optional<uint64_t>(version.value().has_value() ? 1 : 0);
      }
      case Getter::kEpoch: {
        auto source = read_source_of_truth();
        if (!source.ok()) return source.status();
        auto epoch = store(source.value()).read_epoch();
        if (!epoch.ok()) return epoch.status();
        return std::optional<uint64_t>(epoch.value());
      }
    }
    CATSIM_CHECK_MSG(false, "unknown getter");
    return Status::kNotWritable;
  }

  Result<std::unique_ptr<CatalogStore>> open_read_only(
      std::optional<StoreId>& remembered) override {
    StoreId source = StoreId::kStash;
    // MUTANT reader_trusts_old_tombstone: the first answer is kept for good.
    if (switches().reader_trusts_old_tombstone && remembered) {
      source = *remembered;
    } else if (!switches().reader_ignores_tombstone) {
      // MUTANT reader_ignores_tombstone: the reader always reads the stash.
      auto truth = read_source_of_truth();
      if (!truth.ok()) return truth.status();
      source = truth.value();
    }
    remembered = source;
    auto opened = store(source).open(OpenMode::kReadOnly, 0);
    if (!opened.ok()) return opened.status();
    return std::move(source == StoreId::kStash ? stash_ : persist_);
  }

 protected:
  virtual Result<std::unique_ptr<CatalogStore>> migrate() = 0;
  virtual Result<std::unique_ptr<CatalogStore>> rollback() = 0;
  virtual Result<StoreId> read_source_of_truth() = 0;

  const VariantSwitches& switches() const { return options_.variant->switches; }
  CatalogStore& store(StoreId id) { return id == StoreId::kStash ? *stash_ : *persist_; }
  std::unique_ptr<CatalogStore>& target_store() {
    return target_ == Target::kMigrateToPersist ? persist_ : stash_;
  }
  void crash_point(std::string_view name) {
    if (options_.crash_points != nullptr) options_.crash_points->reached(name);
  }

  // Steps 1-3: read both epochs, fence the stash, then persist.
  Status fence_both() {
    auto stash_epoch = stash_->read_epoch();
    if (!stash_epoch.ok()) return stash_epoch.status();
    auto persist_epoch = persist_->read_epoch();
    if (!persist_epoch.ok()) return persist_epoch.status();
    // MUTANT tombstone_read_before_fence: the tombstone step 4 acts on is
    // read here, through the unopened handle, before anything is fenced.
    if (switches().tombstone_read_before_fence) {
      auto early = stash_->read_config(kTombstoneKey);
      if (!early.ok()) return early.status();
      early_tombstone_ = early.value();
    }
    // MUTANT persist_fenced_first: persist is fenced before the stash.
    if (switches().persist_fenced_first) {
      return fence_persist_then_stash(stash_epoch.value(), persist_epoch.value());
    }
    // MUTANT no_epoch_lower_bound: opens ignore the other store's epoch.
    bool bounded = !switches().no_epoch_lower_bound;
    auto stash_fenced = stash_->open(OpenMode::kWritable, bounded ? persist_epoch.value() + 1 : 0);
    if (!stash_fenced.ok()) return stash_fenced.status();
    crash_point(kPostStashFence);
    uint64_t persist_bound = stash_epoch.value() + 1;
    // FIX fix_persist_bound_from_fenced_stash: bound persist by the epoch the
    // stash open returned, not by the stash epoch read before it.
    if (switches().fix_persist_bound_from_fenced_stash) persist_bound = stash_fenced.value();
    auto persist_fenced = persist_->open(OpenMode::kWritable, bounded ? persist_bound : 0);
    if (!persist_fenced.ok()) return persist_fenced.status();
    crash_point(kPostPersistFence);
    return raise_stash_to(persist_fenced.value());
  }

  // FIX fix_stash_raised_to_persist: once persist is fenced, raise the stash
  // to persist's new epoch under the stash fence taken before it (finding
  // 4), so the stash never trails an epoch an open returns, and a writer
  // fenced out of the stash in the meantime fails here.
  Status raise_stash_to(uint64_t persist_epoch) {
    if (!switches().fix_stash_raised_to_persist) return Status::kOk;
    Outcome raised = stash_->raise_epoch(persist_epoch);
    return raised.ok() ? Status::kOk : raised.status();
  }

  Status fence_persist_then_stash(uint64_t stash_epoch, uint64_t persist_epoch) {
    auto persist_fenced = persist_->open(OpenMode::kWritable, stash_epoch + 1);
    if (!persist_fenced.ok()) return persist_fenced.status();
    crash_point(kPostPersistFence);
    auto stash_fenced =
        stash_->open(OpenMode::kWritable, std::max(persist_epoch + 1, persist_fenced.value()));
    if (!stash_fenced.ok()) return stash_fenced.status();
    crash_point(kPostStashFence);
    return Status::kOk;
  }

  // Step 4's tombstone read through the fenced stash handle (or, in a
  // broken variant, the one read before fencing).
  Result<std::optional<uint64_t>> fenced_tombstone() {
    if (early_tombstone_) return *early_tombstone_;
    return stash_->read_config(kTombstoneKey);
  }

  // The savepoint shape: no epoch bumps; an uninitialized other store does
  // not fail the pre-flight, an uninitialized target store does. Returns
  // whether both stores take part (false: the target store alone).
  Result<bool> open_savepoints() {
    auto stash_open = stash_->open(OpenMode::kSavepoint, 0);
    if (!stash_open.ok() && stash_open.status() != Status::kNotWritable) return stash_open.status();
    auto persist_open = persist_->open(OpenMode::kSavepoint, 0);
    if (!persist_open.ok() && persist_open.status() != Status::kNotWritable) {
      return persist_open.status();
    }
    bool target_ready = target_store()->opened();
    bool other_ready = (target_ == Target::kMigrateToPersist ? stash_ : persist_)->opened();
    if (!target_ready) return Status::kNotWritable;
    // MUTANT savepoint_needs_both_stores: an uninitialized other store fails it.
    if (!other_ready && switches().savepoint_needs_both_stores) return Status::kNotWritable;
    return other_ready;
  }

  Result<std::unique_ptr<CatalogStore>> emergency(OpenMode mode) {
    auto opened = stash_->open(mode, 0);
    if (!opened.ok()) return opened.status();
    if (mode == OpenMode::kWritable && switches().fix_emergency_fences_persist) {
      // FIX fix_emergency_fences_persist: fence persist (after the stash, as
      // every writer does) before giving up its contents, so a writer still
      // holding persist cannot commit there after the flip.
      auto persist_fenced = persist_->fence_only(opened.value());
      if (!persist_fenced.ok()) return persist_fenced.status();
      Status raised = raise_stash_to(persist_fenced.value());
      if (raised != Status::kOk) return raised;
    }
    auto tombstone = stash_->read_config(kTombstoneKey);
    if (!tombstone.ok()) return tombstone.status();
    if (tombstone.value() == 1) {
      Outcome flipped = stash_->commit(kSetTombstoneFalse, Intent::kEmergency, 0);
      if (!flipped.ok()) return flipped.status();
    }
    return std::move(stash_);
  }

  // Replaces destination's contents with contents, then applies then.
  Outcome copy_into(CatalogStore& destination, const Catalog& contents, const WriteSet& then) {
    // MUTANT merge_not_replace: rows the destination has beyond contents stay.
    if (switches().merge_not_replace) {
      WriteSet writes = Catalog{}.diff_to(contents);
      writes.insert(writes.end(), then.begin(), then.end());
      return destination.commit(writes, Intent::kCopy, 0);
    }
    return destination.replace_all(contents, then, Intent::kCopy);
  }

  bool copy_allowed(const CatalogStore& destination) const {
    // MUTANT copy_requires_empty_destination: refuse to overwrite data.
    return !switches().copy_requires_empty_destination || holds_only_defaults(destination.cached());
  }

  Target target_;
  MigratorOptions options_;
  std::optional<std::optional<uint64_t>> early_tombstone_;
  std::unique_ptr<CatalogStore> stash_;
  std::unique_ptr<CatalogStore> persist_;
};

// The protocol of spec section 4: one tombstone, in the stash.
class SingleTombstoneMigrator final : public MigratorBase {
 public:
  using MigratorBase::MigratorBase;

 private:
  Result<StoreId> read_source_of_truth() override {
    auto tombstone = stash_->read_config(kTombstoneKey);
    if (!tombstone.ok()) return tombstone.status();
    // MUTANT tombstone_presence_as_truth: "is there a tombstone", not "is it true".
    if (switches().tombstone_presence_as_truth) {
      return tombstone.value().has_value() ? StoreId::kPersist : StoreId::kStash;
    }
    return tombstone.value() == 1 ? StoreId::kPersist : StoreId::kStash;
  }

  Result<std::unique_ptr<CatalogStore>> migrate() override {
    auto tombstone = fenced_tombstone();  // step 4
    if (!tombstone.ok()) return tombstone.status();
    // MUTANT always_copy: copy even when the migration already completed.
    if (tombstone.value() == 1 && !switches().always_copy) return std::move(persist_);
    // MUTANT tombstone_before_copy: the commit point moves before the copy.
    if (switches().tombstone_before_copy) {
      Outcome set = stash_->commit(kSetTombstoneTrue, Intent::kTombstone, 0);
      if (!set.ok()) return set.status();
    }
    auto contents = stash_->snapshot();  // step 5
    if (!contents.ok()) return contents.status();
    if (!copy_allowed(*persist_)) return Status::kNotWritable;
    Outcome copied = copy_into(*persist_, contents.value(), {});  // step 6
    if (!copied.ok()) return copied.status();
    crash_point(kMigratePostWrite);
    // MUTANT example_forget_tombstone: step 7 is left out.
    if (!switches().tombstone_before_copy && !switches().example_forget_tombstone) {
      Outcome set = stash_->commit(kSetTombstoneTrue, Intent::kTombstone, 0);  // step 7
      if (set.status() == Status::kFence) coverage_hit(Counter::kFencedBetweenCopyAndTombstone);
      if (!set.ok()) return set.status();
    }
    return std::move(persist_);  // step 8
  }

  Result<std::unique_ptr<CatalogStore>> rollback() override {
    auto tombstone = fenced_tombstone();  // step 4
    if (!tombstone.ok()) return tombstone.status();
    if (tombstone.value() != 1) return std::move(stash_);
    auto contents = persist_->snapshot();  // step 5
    if (!contents.ok()) return contents.status();
    if (!copy_allowed(*stash_)) return Status::kNotWritable;
    // MUTANT rollback_tombstone_first: the commit point moves before the copy.
    if (switches().rollback_tombstone_first) {
      Outcome set = stash_->commit(kSetTombstoneFalse, Intent::kTombstone, 0);
      if (!set.ok()) return set.status();
    }
    Outcome copied = copy_into(*stash_, contents.value(), kSetTombstoneFalse);
    if (!copied.ok()) return copied.status();  // step 6
    return std::move(stash_);                  // step 7
  }
};

// The rejected alternative of spec section 5: a tombstone in each store.
class TwoTombstoneMigrator final : public MigratorBase {
 public:
  using MigratorBase::MigratorBase;

 private:
  Result<StoreId> read_source_of_truth() override {
    auto stash_tombstone = stash_->read_config(kTombstoneKey);
    if (!stash_tombstone.ok()) return stash_tombstone.status();
    auto persist_tombstone = persist_->read_config(kTombstoneKey);
    if (!persist_tombstone.ok()) return persist_tombstone.status();
    auto source = source_of_truth(*options_.variant,
                                  Tombstones{stash_tombstone.value(), persist_tombstone.value()});
    if (!source) return Status::kNotWritable;
    return *source;
  }

  Result<std::unique_ptr<CatalogStore>> migrate() override {
    Outcome set = stash_->commit(kSetTombstoneTrue, Intent::kTombstone, 0);
    if (!set.ok()) return set.status();
    auto persist_tombstone = persist_->read_config(kTombstoneKey);
    if (!persist_tombstone.ok()) return persist_tombstone.status();
    if (persist_tombstone.value() == 0) return std::move(persist_);
    auto contents = stash_->snapshot();
    if (!contents.ok()) return contents.status();
    if (!copy_allowed(*persist_)) return Status::kNotWritable;
    Outcome copied = persist_->replace_all(contents.value(), kSetTombstoneFalse, Intent::kCopy);
    if (!copied.ok()) return copied.status();
    crash_point(kMigratePostWrite);
    return std::move(persist_);
  }

  Result<std::unique_ptr<CatalogStore>> rollback() override {
    // FIX fix_rollback_copies_first: copy into the stash (when persist holds
    // the truth) before marking persist, so (true, true) can only mean "a
    // migration crashed" and never "a rollback crashed".
    if (switches().fix_rollback_copies_first) return rollback_copy_first();
    Outcome set = persist_->commit(kSetTombstoneTrue, Intent::kTombstone, 0);
    if (!set.ok()) return set.status();
    auto stash_tombstone = stash_->read_config(kTombstoneKey);
    if (!stash_tombstone.ok()) return stash_tombstone.status();
    if (stash_tombstone.value() != 1) return std::move(stash_);
    return copy_to_stash();
  }

  // Reads both tombstones; copies into the stash only when the table says
  // persist holds the truth, and marks persist only after that.
  Result<std::unique_ptr<CatalogStore>> rollback_copy_first() {
    auto stash_tombstone = stash_->read_config(kTombstoneKey);
    if (!stash_tombstone.ok()) return stash_tombstone.status();
    auto persist_tombstone = persist_->read_config(kTombstoneKey);
    if (!persist_tombstone.ok()) return persist_tombstone.status();
    auto source = source_of_truth(*options_.variant,
                                  Tombstones{stash_tombstone.value(), persist_tombstone.value()});
    if (!source) return Status::kNotWritable;
    if (*source == StoreId::kPersist) {
      auto copied = copy_to_stash();
      if (!copied.ok()) return copied.status();
      stash_ = std::move(copied).value();
    }
    if (persist_tombstone.value() != 1) {
      Outcome set = persist_->commit(kSetTombstoneTrue, Intent::kTombstone, 0);
      if (!set.ok()) return set.status();
    }
    return std::move(stash_);
  }

  Result<std::unique_ptr<CatalogStore>> copy_to_stash() {
    auto contents = persist_->snapshot();
    if (!contents.ok()) return contents.status();
    if (!copy_allowed(*stash_)) return Status::kNotWritable;
    Outcome copied = stash_->replace_all(contents.value(), kSetTombstoneFalse, Intent::kCopy);
    if (!copied.ok()) return copied.status();
    return std::move(stash_);
  }
};

}  // namespace

std::string_view getter_name(Getter getter) {
  switch (getter) {
    case Getter::kUserVersion:
      return "user_version";
    case Getter::kSetting:
      return "setting";
    case Getter::kIsInitialized:
      return "is_initialized";
    case Getter::kEpoch:
      return "epoch";
  }
  return "?";
}

std::string_view target_name(Target target) {
  switch (target) {
    case Target::kMigrateToPersist:
      return "migrate";
    case Target::kRollbackToStash:
      return "rollback";
    case Target::kEmergencyStash:
      return "emergency-stash";
  }
  return "?";
}

std::optional<Target> target_from_name(std::string_view name) {
  for (Target target :
       {Target::kMigrateToPersist, Target::kRollbackToStash, Target::kEmergencyStash}) {
    if (target_name(target) == name) return target;
  }
  return std::nullopt;
}

std::unique_ptr<Migrator> make_migrator(Target target, StashFake& stash, PersistFake& persist,
                                        MigratorOptions options) {
  CATSIM_CHECK(options.variant != nullptr);
  if (options.variant->protocol == Protocol::kTwoTombstone) {
    return std::make_unique<TwoTombstoneMigrator>(target, stash, persist, options);
  }
  return std::make_unique<SingleTombstoneMigrator>(target, stash, persist, options);
}

}  // namespace catsim
