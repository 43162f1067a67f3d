// Replays a model counterexample on the implementation, for tests: the
// harness World with faults off, each model writer or reader incarnation a
// scripted process advanced one store call per step, a crash a halt at its yield
// point, the liveness tail a fresh opener run alone. After every step the
// model and the implementation must agree on the store epochs, the
// tombstones, which stores hold a catalog and how many changes, and whether
// the process that moved has ended; the implementation's checker must report
// the model's property at the model's last step and nothing before. A
// failure (gtest EXPECT/ASSERT) means the model or the implementation is
// wrong, not the protocol. Test-only: it includes gtest.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/client.h"
#include "harness/scenario.h"
#include "impl/catalog_changes.h"
#include "model/catalog_value.h"
#include "model/counterexample_run.h"
#include "model/explorer.h"
#include "model/migration_model.h"

namespace catsim::model::testing {

// One writer incarnation, as the model's: the pre-flight and its dry-run
// changes when it runs one, the open, then `changes` creates.
inline ProcessBody writer(World& world, Target target, uint32_t changes, std::string name,
                          bool* acknowledged, IncarnationPlan plan = {}) {
  return [&world, target, changes, name, acknowledged, plan](ProcessContext&) {
    Client client(world);
    if (plan.preflight) {
      auto dry = client.preflight(target);
      if (!dry.ok() && dry.status() != Status::kNotWritable) return ProcessExit::kDone;
      for (uint32_t i = 0; dry.ok() && i < plan.dry_changes; ++i) {
        WriteSet writes = build_change(dry.value()->cached(), ChangeKind::kCreate,
                                       fmt::format("{}_dry{}", name, i), 0);
        if (!client.commit(*dry.value(), writes).ok()) break;
      }
    }
    auto opened = client.open(target);
    if (!opened.ok()) return ProcessExit::kDone;
    std::unique_ptr<CatalogStore> store = std::move(opened).value();
    for (uint32_t i = 0; i < changes; ++i) {
      WriteSet writes =
          build_change(store->cached(), ChangeKind::kCreate, fmt::format("{}_{}", name, i), 0);
      if (!client.commit(*store, writes).ok()) break;
      if (acknowledged != nullptr) *acknowledged = true;
    }
    return ProcessExit::kDone;
  };
}

// One reader incarnation, as the model's: its sessions, each a pre-open
// getter or a read-only open and its rereads; a failed read ends it.
inline ProcessBody reader(World& world, IncarnationPlan plan) {
  return [&world, plan](ProcessContext&) {
    Client client(world);
    std::optional<StoreId> remembered;
    for (uint8_t session : plan.sessions) {
      const auto kind = static_cast<ReadKind>(session / 8u);
      if (kind != ReadKind::kReadOnly) {
        const Getter getter = kind == ReadKind::kEpoch ? Getter::kEpoch : Getter::kIsInitialized;
        if (!client.get(getter).ok()) return ProcessExit::kDone;
        continue;
      }
      auto view = client.open_read_only(remembered);
      if (!view.ok()) return ProcessExit::kDone;
      for (uint32_t r = 0; r < session % 8u; ++r) {
        if (!client.reread(view.value()).ok()) return ProcessExit::kDone;
      }
    }
    return ProcessExit::kDone;
  };
}

inline std::string store_summary(const Catalog& contents) {
  bool init = contents.get(Collection::kConfig, kUserVersionKey).has_value();
  return fmt::format("{}+{}", init ? "init" : "empty", user_objects(contents).size());
}

inline std::string model_summary(uint32_t value) {
  return fmt::format("{}+{}", initialized(value) ? "init" : "empty", change_count(value));
}

inline std::string show_tomb(std::optional<uint64_t> tomb) {
  return tomb ? std::to_string(*tomb) : "None";
}

// Replays a counterexample's path on the implementation, comparing as it goes.
inline void replay_on_implementation(const Variant& variant, const ModelBounds& bounds,
                                     const Counterexample& cx) {
  MigrationModel model(variant, bounds);
  Scenario scenario(variant.protocol, variant.name);
  World& world = scenario.world();
  std::map<uint32_t, uint32_t> running;  // model process -> impl process
  std::map<uint32_t, uint32_t> boots;
  const std::map<uint32_t, std::vector<IncarnationPlan>> plans =
      plan_incarnations(variant, bounds, cx.path);
  size_t sessions_begun = 0;  // in the reader's current incarnation
  ModelState state = model.initial();
  for (size_t i = 0; i < cx.path.size(); ++i) {
    const Action& action = cx.path[i];
    SCOPED_TRACE(cx.steps[i]);
    ASSERT_EQ(action.outcome, CallOutcome::kNormal) << "no indeterminate faults in scenarios";
    const uint32_t p = action.process;
    switch (action.kind) {
      case ActionKind::kCall:
        if (!running.contains(p)) {
          const IncarnationPlan& plan = plans.at(p)[boots[p]];
          std::string name = fmt::format("{}{}_{}", p == kReaderProcess ? "r" : "w", p, boots[p]);
          ++boots[p];
          if (p == kReaderProcess) {
            sessions_begun = 0;
            running[p] = world.start_process(name, reader(world, plan));
          } else {
            auto target = static_cast<Target>((action.target - 1) % kDryRunTargets);
            running[p] = world.start_process(
                name, writer(world, target, bounds.changes, name, nullptr, plan));
          }
        }
        ASSERT_TRUE(world.advance(running[p]));
        break;
      case ActionKind::kCrash:
        ASSERT_TRUE(running.contains(p));
        world.crash_process(running[p]);
        break;
      case ActionKind::kRestart:  // the next call starts the next incarnation
        break;
    }
    if (p == kReaderProcess && action.kind == ActionKind::kCall && state.reader.pc == kRdStart) {
      ++sessions_begun;
    }
    StepResult<ModelState> result = model.step(state, action);
    state = result.state;
    if (running.contains(p)) {
      // A reader whose planned sessions are all done ends where the model's
      // would begin one more.
      const uint8_t rd = state.reader.pc;
      const bool ended =
          p == kReaderProcess
              ? rd == kRdDown || rd == kRdIdle ||
                    (rd == kRdStart && sessions_begun == plans.at(p)[boots[p] - 1].sessions.size())
              : state.proc[p].pc == kPcDown;
      EXPECT_EQ(world.scheduler().finished(running[p]), ended);
      if (world.scheduler().finished(running[p])) running.erase(p);
    }
    EXPECT_EQ(world.stash().fence().epoch, uint64_t{state.stash.epoch});
    EXPECT_EQ(world.persist().epoch(), uint64_t{state.persist.epoch});
    EXPECT_EQ(show_tomb(world.stash().tombstone()), show_tomb(tomb_value(state.stash.tombstone)));
    if (variant.protocol == Protocol::kTwoTombstone) {
      EXPECT_EQ(show_tomb(world.persist().tombstone()),
                show_tomb(tomb_value(state.persist.tombstone)));
    }
    EXPECT_EQ(store_summary(world.stash().contents()), model_summary(state.stash.contents));
    EXPECT_EQ(store_summary(world.persist().contents()), model_summary(state.persist.contents));
    const bool last = i + 1 == cx.path.size();
    if (!last || !cx.liveness_tail.empty()) {
      ASSERT_EQ(scenario.violation_text(), "") << "the implementation broke a property early";
    }
  }
  if (cx.liveness_tail.empty()) {
    ASSERT_TRUE(scenario.violation()) << "the implementation did not break " << cx.property;
    EXPECT_EQ(scenario.violation()->property, cx.property) << scenario.violation_text();
    return;
  }
  // The liveness phase: every other process halts; a fresh opener alone.
  for (const auto& [p, process] : running) world.crash_process(process);
  ASSERT_TRUE(cx.live_target.has_value());
  const auto target = static_cast<Target>(*cx.live_target);
  bool acknowledged = false;
  for (int boot = 0; boot < 3 && !acknowledged && !scenario.violation(); ++boot) {
    std::string name = fmt::format("live_{}", boot);
    world.run_process(name, writer(world, target, 1, name, &acknowledged));
  }
  if (cx.liveness) {
    EXPECT_FALSE(acknowledged) << "the implementation's lone opener converged";
    EXPECT_EQ(scenario.violation_text(), "");
  } else {
    ASSERT_TRUE(scenario.violation());
    EXPECT_EQ(scenario.violation()->property, cx.property) << scenario.violation_text();
  }
}

}  // namespace catsim::model::testing
