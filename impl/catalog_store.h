// CatalogStore: the durable catalog API over one store (stash or persist).
//
// A CatalogStore starts unopened: pre-open reads (epoch, config values) go
// through an unopened handle that adopts the epoch at its first read and is
// fenced if it moves. open() turns it into a writable, savepoint or
// read-only handle, after which the store caches the catalog it opened and
// commits transactions computed from that cache.
//
// Guarantees:
//  1. Every method makes its store calls through the fake, so each call is a
//     yield point; open() is several calls, every other method one (plus
//     retries of transient failures, at most retries_max each).
//  2. A transient failure is retried; kFence, kIndeterminate and
//     kNotWritable are returned to the caller untouched.
//  3. A savepoint's commits change only its cache; read-only commits fail
//     with kNotWritable; a writable store initializes an empty store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "impl/variant.h"
#include "stores/catalog.h"
#include "stores/persist_fake.h"
#include "stores/stash_fake.h"

namespace catsim {

enum class OpenMode : uint8_t { kWritable, kSavepoint, kReadOnly };
std::string_view open_mode_name(OpenMode mode);

struct StoreOptions {
  uint32_t retries_max = 3;
  const VariantSwitches* switches = nullptr;  // never null in a run
};

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;
  virtual StoreId id() const = 0;

  // Pre-open reads, through the unopened handle (or the opened one).
  virtual Result<uint64_t> read_epoch() = 0;
  virtual Result<std::optional<uint64_t>> read_config(std::string_view key) = 0;

  // Opens the store; returns its epoch. Writable: fences with lower_bound,
  // reads the catalog, writes the default catalog into an empty store.
  // Savepoint and read-only: kNotWritable on an uninitialized store.
  virtual Result<uint64_t> open(OpenMode mode, uint64_t lower_bound) = 0;
  // Bumps the epoch as a writable open would (at least lower_bound), and
  // nothing else: no read, no initialization; the store stays unopened.
  virtual Result<uint64_t> fence_only(uint64_t lower_bound) = 0;
  // Stash only, on a writable store: raises the store's epoch to at least
  // epoch under this handle's fence (StashFake::raise_epoch), and this
  // store's epoch() with it; kFence once another writer fenced the store.
  virtual Outcome raise_epoch(uint64_t epoch) = 0;
  // Re-reads the whole catalog (refreshing the cache); a savepoint sees its
  // own buffered writes on top.
  virtual Result<Catalog> snapshot() = 0;
  // Commits writes (applied to the cache on success).
  virtual Outcome commit(const WriteSet& writes, Intent intent, uint64_t commit_token) = 0;
  // Replaces the whole contents with contents, then applies then, in one call.
  virtual Outcome replace_all(const Catalog& contents, const WriteSet& then, Intent intent) = 0;

  bool opened() const { return opened_; }
  OpenMode mode() const { return mode_; }
  uint64_t epoch() const { return epoch_; }
  const Catalog& cached() const { return cache_; }

 protected:
  explicit CatalogStore(StoreOptions options);
  // Runs call until it returns something other than kTransient, at most
  // 1 + retries_max times.
  template <class Call>
  auto with_retries(Call call) -> decltype(call());
  // After the handle was opened at epoch: reads, checks, initializes.
  Result<uint64_t> finish_open(OpenMode mode, uint64_t epoch);
  void apply_to_cache(const std::optional<Catalog>& replace, const WriteSet& writes);
  // Sets the cache to durable contents plus a savepoint's buffered changes.
  Result<Catalog> refresh_cache(Result<Catalog> durable);

  StoreOptions options_;
  bool opened_ = false;
  OpenMode mode_ = OpenMode::kReadOnly;
  uint64_t epoch_ = 0;
  Catalog cache_;

 private:
  struct BufferedChange {
    std::optional<Catalog> replace;
    WriteSet writes;
  };
  std::vector<BufferedChange> savepoint_changes_;  // a savepoint's writes, never durable
};

std::unique_ptr<CatalogStore> make_stash_store(StashFake& stash, StoreOptions options);
std::unique_ptr<CatalogStore> make_persist_store(PersistFake& persist, StoreOptions options);

// The catalog an empty store is initialized with.
const Catalog& default_catalog();

}  // namespace catsim
