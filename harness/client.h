// Client: the one way a client of the durable catalog (a workload writer or
// reader, the liveness opener, a scripted scenario, a replayed model
// counterexample) opens, commits and reads, so that what only a client
// knows reaches the checker.
//
// Guarantees: every successful writable migrator open is reported with its
// epoch (P3); every commit that returned kOk on a writable store is
// acknowledged (P2); every pre-open read and every read-only snapshot,
// first or later, is judged with the step it began at (P5); every savepoint
// pre-flight's verdict is judged against the target store it found (P6).
// Nothing is reported for a call that failed. A Client holds no state of
// its own beyond the world, so a crash (the fiber unwinding) loses nothing
// the checker needs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "harness/world.h"
#include "impl/catalog_changes.h"

namespace catsim {

// A read-only handle a reader keeps across later reads.
struct ReadOnlyView {
  std::unique_ptr<CatalogStore> store;
  uint64_t opened_from_step = 0;  // the step the opening read began at
};

class Client {
 public:
  explicit Client(World& world) : world_(world) {}

  // A writable open through a fresh migrator for target.
  Result<std::unique_ptr<CatalogStore>> open(Target target);
  // The savepoint pre-flight for target (the upgrade check's dry run).
  Result<std::unique_ptr<CatalogStore>> preflight(Target target);
  // Commits a workload change through store; acknowledged when it is kOk
  // on a writable store (never for a savepoint's buffered writes).
  Outcome commit(CatalogStore& store, const WriteSet& writes);
  // A pre-open getter through a fresh migrator.
  Result<std::optional<uint64_t>> get(Getter getter);
  // A pre-open read of any config key through a migrator for target (scenarios).
  Result<std::optional<uint64_t>> get_config(std::string_view key,
                                             Target target = Target::kMigrateToPersist);
  // The reader's read-only open: tombstone, then the store it names, and
  // its first snapshot. remembered: see Migrator::open_read_only.
  Result<ReadOnlyView> open_read_only(std::optional<StoreId>& remembered);
  // Reads the whole catalog again through a kept read-only handle.
  Result<Catalog> reread(ReadOnlyView& view);

 private:
  uint32_t process() const;
  Target reader_target() const { return Target::kMigrateToPersist; }  // readers never open writable

  World& world_;
};

}  // namespace catsim
