// Scenario: a small DSL for scripted, deterministic tests that read like the
// story they test, run under the same invariants as the fuzzer.
//
//   Scenario s;                                   // correct single-tombstone
//   auto stash = s.store(StoreId::kStash);        // an unopened store client
//   ASSERT_EQ(s.open(*stash, OpenMode::kWritable), Status::kOk);
//   ASSERT_EQ(s.add_item(*stash, "joe", "role"), Status::kOk);
//   s.crash_at(kPostStashFence);
//   EXPECT_FALSE(s.migrate_open(Target::kMigrateToPersist));  // died there
//
// Every action runs as one process of the world's scheduler until it ends, so
// each store call is a step and P1 is checked after each; faults and random
// crashes are off. A crash point armed with crash_at() kills the next process
// that reaches it (the action then reports that it crashed).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "harness/world.h"
#include "impl/catalog_changes.h"

namespace catsim {

class Scenario {
 public:
  explicit Scenario(Protocol protocol = Protocol::kSingleTombstone,
                    std::string variant = "correct");
  ~Scenario();

  // Runs fn() as one process; nullopt if the process crashed (an armed point).
  template <class Fn>
  auto action(std::string_view name, Fn fn) -> std::optional<decltype(fn())> {
    std::optional<decltype(fn())> result;
    world_->run_process(std::string(name), [&](ProcessContext&) {
      result.emplace(fn());
      return ProcessExit::kDone;
    });
    return result;
  }

  // An unopened client of one store.
  std::unique_ptr<CatalogStore> store(StoreId id);
  // A fresh migrator with target, opened in mode. Returns nullopt if the
  // opener died at an armed crash point, else the open's result.
  std::optional<Result<std::unique_ptr<CatalogStore>>> migrate_open(
      Target target, OpenMode mode = OpenMode::kWritable);
  // A pre-open read of config key through a fresh migrator for target. A
  // successful read is checked against the reference catalog (P5), as the
  // fuzzer's readers are.
  Result<std::optional<uint64_t>> preopen_config(Target target, std::string_view key);
  // Makes id the source of truth, so that a per-store script may commit
  // acknowledged changes through that store's own API: nothing if it already
  // is, else a completed migrator open (migrate for persist, rollback for the
  // stash; the returned handle is dropped). Returns the open's status; no
  // crash point may be armed.
  Status make_source_of_truth(StoreId id);

  Status open(CatalogStore& store, OpenMode mode, uint64_t lower_bound = 0);
  // Workload changes, acknowledged to the checker when they commit.
  Status add_item(CatalogStore& store, std::string_view name, std::string_view definition);
  Status drop_item(CatalogStore& store, std::string_view name);
  Status set_config(CatalogStore& store, std::string_view key, uint64_t value);
  Result<Catalog> snapshot(CatalogStore& store);
  // One read through the store's handle as it is (unopened or opened): a
  // config value, or the store's epoch. An unopened handle adopts the epoch
  // at its first read and is fenced once it moves.
  Result<std::optional<uint64_t>> read_config(CatalogStore& store, std::string_view key);
  Result<uint64_t> read_epoch(CatalogStore& store);
  // A whole-catalog replace through an opened store (read-write.rs "set
  // catalog"): one replace_all call, a workload change without a commit
  // token (never acknowledged). Afterwards the store holds exactly contents,
  // its tombstone row included. The call carries, as its writes, the diff
  // from the store's cached catalog to contents, which the replace makes
  // redundant but which lets the checker's reference catalog follow a
  // replace of the source of truth (the checker applies a workload call's
  // writes, not its replacement).
  Status replace_catalog(CatalogStore& store, const Catalog& contents);

  Scenario& crash_at(std::string_view point);

  World& world() { return *world_; }
  StashFake& stash() { return world_->stash(); }
  PersistFake& persist() { return world_->persist(); }
  std::optional<uint64_t> tombstone() { return world_->stash().tombstone(); }
  bool initialized(StoreId id);
  const std::optional<Violation>& violation() const { return world_->violation(); }
  // The violation, described, or "" when there is none.
  std::string violation_text() const;

 private:
  Status commit(CatalogStore& store, const WriteSet& writes);
  // Why an action that must finish did not (a check failure's message): a
  // property violation stops every later action, so a script that goes on
  // after one aborts here, naming the violation.
  std::string unfinished() const;

  RunConfig config_;
  Decider decider_;
  std::unique_ptr<World> world_;
};

// gtest prints a Status by name.
inline void PrintTo(Status status, std::ostream* os) {
  *os << status_name(status);
}

}  // namespace catsim
