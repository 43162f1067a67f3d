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
  // A pre-open read of config key through a fresh migrator for target.
  Result<std::optional<uint64_t>> preopen_config(Target target, std::string_view key);

  Status open(CatalogStore& store, OpenMode mode, uint64_t lower_bound = 0);
  // Workload changes, acknowledged to the checker when they commit.
  Status add_item(CatalogStore& store, std::string_view name, std::string_view definition);
  Status drop_item(CatalogStore& store, std::string_view name);
  Status set_config(CatalogStore& store, std::string_view key, uint64_t value);
  Result<Catalog> snapshot(CatalogStore& store);

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

  RunConfig config_;
  Decider decider_;
  std::unique_ptr<World> world_;
};

}  // namespace catsim
