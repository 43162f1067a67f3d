// Migrator: opens the catalog through the migration protocol under test.
//
// A migrator holds an unopened stash store, an unopened persist store and a
// target. open(kWritable) runs the protocol's steps (spec section 4 for the
// single tombstone, section 5 for two tombstones) and returns the store that
// is the source of truth afterwards, the other one expired. open(kSavepoint)
// runs the same shape as a dry run. Pre-open reads and the reader's
// read-only snapshot read the tombstone first, then the store it names.
//
// A migrator is single-use and lives for one incarnation of a process: any
// status other than kOk ends the open and the process starts over. Its
// variant's switches are read at the places marked FIX or MUTANT.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "impl/catalog_store.h"
#include "impl/variant.h"
#include "sim/crash_points.h"

namespace catsim {

// The protocol's named crash points (spec section 7), reached by the
// migrator through CrashPoints (sim/crash_points.h).
inline constexpr std::string_view kPostStashFence = "post_stash_fence";
inline constexpr std::string_view kPostPersistFence = "post_persist_fence";
inline constexpr std::string_view kMigratePostWrite = "migrate_post_write";

enum class Target : uint8_t { kMigrateToPersist, kRollbackToStash, kEmergencyStash };
// Every target, in enum order: the index a workload's target decision draws.
inline constexpr std::array<Target, 3> kAllTargets = {
    Target::kMigrateToPersist, Target::kRollbackToStash, Target::kEmergencyStash};
std::string_view target_name(Target target);
std::optional<Target> target_from_name(std::string_view name);

// The pre-open getters (spec section 4): each reads the tombstone through the
// unopened stash handle, then its value from the store the tombstone names.
enum class Getter : uint8_t { kUserVersion, kSetting, kIsInitialized, kEpoch };
inline constexpr std::array<Getter, 4> kAllGetters = {Getter::kUserVersion, Getter::kSetting,
                                                      Getter::kIsInitialized, Getter::kEpoch};
std::string_view getter_name(Getter getter);

struct MigratorOptions {
  const Variant* variant = nullptr;
  uint32_t retries_max = 3;
  CrashPoints* crash_points = nullptr;  // may be null
};

class Migrator {
 public:
  virtual ~Migrator() = default;
  // Opens writable or savepoint (kReadOnly is the reader's: open_read_only).
  virtual Result<std::unique_ptr<CatalogStore>> open(OpenMode mode) = 0;
  // A pre-open read of config key: the tombstone through the unopened stash
  // handle, then key through the unopened handle of the store it names.
  virtual Result<std::optional<uint64_t>> preopen_config(std::string_view key) = 0;
  // A pre-open getter, the same way: a config value (absent: nullopt),
  // is_initialized (0 or 1) or the named store's epoch.
  virtual Result<std::optional<uint64_t>> preopen_get(Getter getter) = 0;
  // The reader: tombstone, then a read-only open of the store it names,
  // returned opened (its cached() is the first snapshot; snapshot() reads
  // again through the same handle). remembered carries what a reader
  // process knows across its reads (only a broken variant uses it).
  virtual Result<std::unique_ptr<CatalogStore>> open_read_only(
      std::optional<StoreId>& remembered) = 0;
};

std::unique_ptr<Migrator> make_migrator(Target target, StashFake& stash, PersistFake& persist,
                                        MigratorOptions options);

}  // namespace catsim
