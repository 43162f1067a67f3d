// PropertyChecker: the properties P1-P6 of spec section 7, checked as the
// run goes, from the fakes' ground truth.
//
// It observes every store call (StoreObserver) and keeps the reference
// catalog up to date; after every step it checks P1 in O(1) by comparing
// running fingerprints. Clients (harness/client.h, the only caller) report
// what only they know: acknowledgements (P2), epochs of returned opens (P3),
// read results (P5) and pre-flight verdicts (P6); the world reports liveness.
//
// What each property checks here:
//  P1 the tombstone state maps to a store through the spec's table (its own
//     copy, properties/spec_tables.h), and that store's contents (less
//     tombstone rows) equal the reference, after every step.
//  P2 an acknowledged change took effect on the source of truth; a workload
//     write never moves an id allocator backwards, never gives an object an
//     id another object has had (an id handed out twice), and never brings
//     back a dropped object (declared losses exempt).
//  P3 no data write from a handle older than the store's epoch takes effect;
//     every successful open returns an epoch greater than every earlier one
//     (strict: a fencing token two opens share fences nothing).
//  P4 savepoint and read-only handles never change a store durably.
//  P5 a pre-open getter or read-only snapshot returned a state the
//     reference had at some instant during the read; a later read through
//     a kept read-only handle, one it had since the read began (or since its
//     store stopped being the source of truth); an epoch getter, no epoch
//     older than an open returned before the read began.
//  P6 a copy made when the tombstones say that direction already completed
//     (a re-run) changes no data; a savepoint pre-flight refuses only a
//     target that was uninitialized when it began; liveness is reported by
//     the world.
// The first violation is kept; later ones are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "impl/variant.h"
#include "properties/reference_catalog.h"
#include "properties/spec_tables.h"
#include "properties/violation.h"
#include "stores/persist_fake.h"
#include "impl/run_counters.h"
#include "stores/stash_fake.h"

namespace catsim {

class PropertyChecker final : public StoreObserver {
 public:
  PropertyChecker(const Variant& variant, const StashFake& stash, const PersistFake& persist,
                  RunStats& stats);

  void on_call(const CallEffect& effect) override;
  // P1, after every step.
  void after_step(uint64_t step);
  // P2: the client was told its change (commit_token) was committed.
  void on_acknowledged(uint64_t commit_token);
  // P3: a migrator open succeeded, returning a handle with this epoch.
  void on_open_returned(StoreId store, uint64_t epoch);
  // P5: process starts a read; its first store call from now on opens the
  // read's interval, and the report below closes it at the current step.
  void begin_read(uint32_t process);
  // P5: a pre-open read pair of config key returned value.
  void on_preopen_read(uint32_t process, std::string_view key,
                       const std::optional<std::string>& value);
  // P5: a pre-open epoch getter returned epoch; it may not be older than an
  // open that returned before the read began.
  void on_preopen_epoch(uint32_t process, uint64_t epoch);
  // P5: a read-only open's first snapshot returned contents. Returns the
  // step the read began at (the start of the handle's later reads).
  uint64_t on_snapshot_read(uint32_t process, const Catalog& contents);
  // P5: a later read through a kept read-only handle on store, opened by a
  // read that began at opened_from_step, returned contents. Judged from the
  // read's start, or, if store has stopped being the source of truth, from
  // when it stopped (not before the open): a handle on the source of truth
  // sees commits made after its open; one on an abandoned store may see the
  // state it was abandoned in.
  void on_reread(uint32_t process, StoreId store, uint64_t opened_from_step,
                 const Catalog& contents);
  // P6: a savepoint pre-flight of target_store starts; the result closes it.
  // A pre-flight may refuse (kNotWritable) only a target store that was
  // uninitialized when it began, at its first store call, as a read does
  // (spec section 4: an uninitialized other store must not fail it).
  void begin_preflight(uint32_t process, StoreId target_store);
  void on_preflight_result(uint32_t process, Status status);
  // P6: the liveness phase's fresh opener (process) did not converge by
  // step, the phase's last (called after the scheduler stopped).
  void on_liveness_failure(uint64_t step, uint32_t process, std::string summary,
                           std::vector<std::string> details);

  // Turns every check into a no-op (to measure what checking costs).
  void disable() { enabled_ = false; }

  const std::optional<Violation>& violation() const { return violation_; }
  const ReferenceCatalog& reference() const { return reference_; }
  std::optional<StoreId> source_of_truth() const { return source_; }
  uint64_t current_step() const;

 private:
  const Catalog& contents_of(StoreId store) const;
  std::optional<StoreId> read_source_of_truth() const;
  // Records the first violation only: at the running step and process, or
  // at the given ones (a check made after the scheduler stopped).
  void fail(Property property, std::string summary, std::vector<std::string> details = {});
  void fail_at(uint64_t step, uint32_t process, Property property, std::string summary,
               std::vector<std::string> details);
  void check_data_write(const CallEffect& effect, std::optional<StoreId> source_before,
                        const TombstoneRows& tombstones_before, uint64_t hash_before);
  void apply_workload(const CallEffect& effect);
  void declare_loss(uint64_t step);
  uint64_t read_start(uint32_t process);
  void judge_snapshot(std::string summary, uint64_t from_step, const Catalog& contents);

  const Variant& variant_;
  const StashFake& stash_;
  const PersistFake& persist_;
  RunStats& stats_;
  ReferenceCatalog reference_;
  std::optional<StoreId> source_;
  SpecTable table_;  // the spec's own table, not the migrator's
  TombstoneRows tombstones_;
  std::array<uint64_t, 2> content_hash_{};      // per store, as of the last call
  std::map<uint64_t, bool> commit_on_source_;   // token -> took effect on the truth
  std::set<std::string, std::less<>> dropped_;  // item names dropped on the truth
  std::map<std::string, uint64_t, std::less<>> allocator_high_;   // highest next-id ever
  std::map<std::string, std::string, std::less<>> object_of_id_;  // user id -> object name
  uint64_t open_epoch_max_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> open_epochs_;  // (step, epoch), in order
  std::array<std::optional<uint64_t>, 2> left_source_at_;   // per store: step it last stopped
  struct Preflight {
    StoreId target = StoreId::kStash;
    std::optional<bool> initialized;  // the target's, at the pre-flight's first call
  };
  std::map<uint32_t, Preflight> preflights_;                    // by process
  std::map<uint32_t, std::optional<uint64_t>> read_from_step_;  // per reading process
  std::optional<Violation> violation_;
  bool enabled_ = true;
};

}  // namespace catsim
