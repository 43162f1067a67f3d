#include "impl/catalog_store.h"

#include "stores/catalog.h"
#include "sim/check.h"

namespace catsim {

namespace {

HandleMode handle_mode(OpenMode mode) {
  switch (mode) {
    case OpenMode::kWritable:
      return HandleMode::kWritable;
    case OpenMode::kSavepoint:
      return HandleMode::kSavepoint;
    case OpenMode::kReadOnly:
      return HandleMode::kReadOnly;
  }
  return HandleMode::kReadOnly;
}

Catalog build_default_catalog() {
  Catalog catalog;
  catalog.put(Collection::kConfig, kUserVersionKey, "1");
  catalog.put(Collection::kIdAlloc, "user", "1");
  catalog.put(Collection::kIdAlloc, "audit", "1");
  catalog.put(Collection::kItems, "mz_system", "id=s1;kind=role");
  catalog.put(Collection::kItems, "materialize", "id=s2;kind=database");
  catalog.put(Collection::kItems, "public", "id=s3;kind=schema");
  return catalog;
}

}  // namespace

std::string_view open_mode_name(OpenMode mode) {
  return handle_mode_name(handle_mode(mode));
}

const Catalog& default_catalog() {
  static const Catalog catalog = build_default_catalog();
  return catalog;
}

namespace {
// The writes that initialize an empty store, computed once.
const WriteSet& initialization_writes() {
  static const WriteSet writes = Catalog{}.diff_to(default_catalog());
  return writes;
}
}  // namespace

CatalogStore::CatalogStore(StoreOptions options) : options_(options) {
  CATSIM_CHECK(options_.switches != nullptr);
  CATSIM_CHECK(options_.retries_max <= 100);
}

template <class Call>
auto CatalogStore::with_retries(Call call) -> decltype(call()) {
  for (uint32_t attempt = 0;; ++attempt) {
    auto result = call();
    bool retry = result.status() == Status::kTransient;
    // MUTANT retry_indeterminate_write: a lost reply is retried like a failure.
    if (options_.switches->retry_indeterminate_write) {
      retry |= result.status() == Status::kIndeterminate;
    }
    if (!retry || attempt >= options_.retries_max) return result;
  }
}

void CatalogStore::apply_to_cache(const std::optional<Catalog>& replace, const WriteSet& writes) {
  if (replace) cache_ = *replace;
  cache_.apply(writes);
  if (opened_ && mode_ == OpenMode::kSavepoint) savepoint_changes_.push_back({replace, writes});
}

Result<Catalog> CatalogStore::refresh_cache(Result<Catalog> durable) {
  if (!durable.ok()) return durable;
  // MUTANT read_only_serves_cache: a read-only handle's later reads (the
  // store call still checks its fence) answer with what it read at open.
  if (opened_ && mode_ == OpenMode::kReadOnly && options_.switches->read_only_serves_cache) {
    return cache_;
  }
  cache_ = std::move(durable).value();
  for (const BufferedChange& change : savepoint_changes_) {
    if (change.replace) cache_ = *change.replace;
    cache_.apply(change.writes);
  }
  return cache_;
}

Result<uint64_t> CatalogStore::finish_open(OpenMode mode, uint64_t epoch) {
  Result<Catalog> contents = snapshot();
  if (!contents.ok()) return contents.status();
  bool initialized = cache_.get(Collection::kConfig, kUserVersionKey).has_value();
  if (!initialized && mode != OpenMode::kWritable) return Status::kNotWritable;
  mode_ = mode;
  epoch_ = epoch;
  opened_ = true;
  if (!initialized) {
    Outcome init = commit(initialization_writes(), Intent::kInit, 0);
    if (!init.ok()) return init.status();
  }
  return epoch;
}

namespace {

class StashStore final : public CatalogStore {
 public:
  StashStore(StashFake& stash, StoreOptions options) : CatalogStore(options), stash_(stash) {}
  StoreId id() const override { return StoreId::kStash; }

  Result<uint64_t> read_epoch() override {
    return with_retries([&] { return stash_.read_epoch(handle_); });
  }

  Result<std::optional<uint64_t>> read_config(std::string_view key) override {
    auto text = with_retries([&] { return stash_.read_config(handle_, key); });
    if (!text.ok()) return text.status();
    if (!text.value()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(parse_u64(*text.value()));
  }

  Result<uint64_t> open(OpenMode mode, uint64_t lower_bound) override {
    CATSIM_CHECK(!opened_);
    auto handle = with_retries([&] { return stash_.connect(handle_mode(mode), lower_bound); });
    if (!handle.ok()) return handle.status();
    handle_ = handle.value();
    return finish_open(mode, handle_.epoch);
  }

  Result<uint64_t> fence_only(uint64_t lower_bound) override {
    CATSIM_CHECK(!opened_);
    auto handle = with_retries([&] { return stash_.connect(HandleMode::kWritable, lower_bound); });
    if (!handle.ok()) return handle.status();
    return handle.value().epoch;
  }

  Result<Catalog> snapshot() override {
    return refresh_cache(with_retries([&] { return stash_.snapshot(handle_); }));
  }

  Outcome raise_epoch(uint64_t epoch) override {
    CATSIM_CHECK(opened_ && mode_ == OpenMode::kWritable);
    Outcome raised = with_retries([&] { return stash_.raise_epoch(handle_, epoch); });
    if (!raised.ok()) return raised;
    CATSIM_CHECK(handle_.epoch >= epoch && handle_.epoch >= epoch_);
    epoch_ = handle_.epoch;
    return raised;
  }

  Outcome commit(const WriteSet& writes, Intent intent, uint64_t commit_token) override {
    return run({std::nullopt, writes}, intent, commit_token);
  }

  Outcome replace_all(const Catalog& contents, const WriteSet& then, Intent intent) override {
    return run({contents, then}, intent, 0);
  }

 private:
  struct Change {
    std::optional<Catalog> replace;
    WriteSet writes;
  };

  Outcome run(Change change, Intent intent, uint64_t commit_token) {
    CATSIM_CHECK(opened_);
    if (mode_ == OpenMode::kReadOnly) return Status::kNotWritable;
    StashTxn txn{intent,
                 true,
                 mode_ == OpenMode::kWritable,
                 std::move(change.replace),
                 std::move(change.writes),
                 commit_token};
    // MUTANT stash_skip_fence: the transaction does not compare the fence row.
    if (options_.switches->stash_skip_fence) txn.check_fence = false;
    // MUTANT savepoint_durable: the savepoint's transaction is committed.
    if (options_.switches->savepoint_durable) txn.commit = true;
    Outcome outcome = with_retries([&] { return stash_.transact(handle_, txn); });
    if (outcome.ok()) apply_to_cache(txn.replace_with, txn.writes);
    return outcome;
  }

  StashFake& stash_;
  StashHandle handle_;
};

class PersistStore final : public CatalogStore {
 public:
  PersistStore(PersistFake& persist, StoreOptions options)
      : CatalogStore(options), persist_(persist) {}
  StoreId id() const override { return StoreId::kPersist; }

  Result<uint64_t> read_epoch() override {
    return with_retries([&] { return persist_.read_epoch(handle_); });
  }

  Result<std::optional<uint64_t>> read_config(std::string_view key) override {
    auto text = with_retries([&] { return persist_.read_config(handle_, key); });
    if (!text.ok()) return text.status();
    if (!text.value()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(parse_u64(*text.value()));
  }

  Result<uint64_t> open(OpenMode mode, uint64_t lower_bound) override {
    CATSIM_CHECK(!opened_);
    handle_ = PersistHandle{handle_mode(mode), 0, 0, false};
    auto synced = with_retries([&] { return persist_.sync(handle_); });
    if (!synced.ok()) return synced.status();
    uint64_t epoch = synced.value();
    if (mode == OpenMode::kWritable) {
      auto fenced = with_retries([&] { return persist_.fence(handle_, lower_bound); });
      if (!fenced.ok()) return fenced.status();
      epoch = fenced.value();
    }
    return finish_open(mode, epoch);
  }

  Result<uint64_t> fence_only(uint64_t lower_bound) override {
    CATSIM_CHECK(!opened_);
    PersistHandle handle{HandleMode::kWritable, 0, 0, false};
    auto synced = with_retries([&] { return persist_.sync(handle); });
    if (!synced.ok()) return synced.status();
    return with_retries([&] { return persist_.fence(handle, lower_bound); });
  }

  Result<Catalog> snapshot() override {
    return refresh_cache(with_retries([&] { return persist_.snapshot(handle_); }));
  }

  Outcome raise_epoch(uint64_t) override {
    CATSIM_CHECK_MSG(false, "persist has no fence row to raise");
    return Status::kNotWritable;
  }

  Outcome commit(const WriteSet& writes, Intent intent, uint64_t commit_token) override {
    return run(std::nullopt, writes, intent, commit_token);
  }

  Outcome replace_all(const Catalog& contents, const WriteSet& then, Intent intent) override {
    return run(contents, then, intent, 0);
  }

 private:
  Outcome run(std::optional<Catalog> replace, const WriteSet& writes, Intent intent,
              uint64_t commit_token) {
    CATSIM_CHECK(opened_);
    if (mode_ == OpenMode::kReadOnly) return Status::kNotWritable;
    PersistTxn txn{intent, true,        mode_ == OpenMode::kWritable, std::move(replace),
                   writes, commit_token};
    // MUTANT persist_blind_append: append without comparing the upper.
    if (options_.switches->persist_blind_append) txn.check_upper = false;
    // MUTANT savepoint_durable: the savepoint's buffered write is appended.
    if (options_.switches->savepoint_durable) txn.commit = true;
    Outcome outcome = with_retries([&] { return persist_.commit(handle_, txn); });
    if (outcome.ok()) apply_to_cache(txn.replace_with, txn.writes);
    return outcome;
  }

  PersistFake& persist_;
  PersistHandle handle_;
};

}  // namespace

std::unique_ptr<CatalogStore> make_stash_store(StashFake& stash, StoreOptions options) {
  return std::make_unique<StashStore>(stash, options);
}

std::unique_ptr<CatalogStore> make_persist_store(PersistFake& persist, StoreOptions options) {
  return std::make_unique<PersistStore>(persist, options);
}

}  // namespace catsim
