// Replays a model counterexample on the implementation, for tests: the
// harness World with faults off, each model writer incarnation a scripted
// process advanced one store call per step, a crash a halt at its yield
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
#include <string>

#include "harness/client.h"
#include "harness/scenario.h"
#include "impl/catalog_changes.h"
#include "model/catalog_value.h"
#include "model/explorer.h"

namespace catsim::model::testing {

// One writer incarnation, as the model's: open, then `changes` creates.
inline ProcessBody writer(World& world, Target target, uint32_t changes, std::string name,
                          bool* acknowledged) {
  return [&world, target, changes, name, acknowledged](ProcessContext&) {
    Client client(world);
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
  ModelState state = model.initial();
  for (size_t i = 0; i < cx.path.size(); ++i) {
    const Action& action = cx.path[i];
    SCOPED_TRACE(cx.steps[i]);
    ASSERT_EQ(action.outcome, CallOutcome::kNormal) << "no indeterminate faults in scenarios";
    const uint32_t p = action.process;
    switch (action.kind) {
      case ActionKind::kCall:
        if (!running.contains(p)) {
          auto target = static_cast<Target>(action.target - 1);
          std::string name = fmt::format("w{}_{}", p, boots[p]++);
          running[p] =
              world.start_process(name, writer(world, target, bounds.changes, name, nullptr));
        }
        ASSERT_TRUE(world.advance(running[p]));
        break;
      case ActionKind::kCrash:
        ASSERT_TRUE(running.contains(p));
        world.crash_process(running[p]);
        break;
      case ActionKind::kRestart:
        break;
    }
    StepResult<ModelState> result = model.step(state, action);
    state = result.state;
    const ProcState& proc = state.proc[p];
    if (running.contains(p)) {
      EXPECT_EQ(world.scheduler().finished(running[p]), proc.pc == kPcDown);
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
  const Target target = cx.summary.find("fresh migrate opener") != std::string::npos
                            ? Target::kMigrateToPersist
                            : Target::kRollbackToStash;
  bool acknowledged = false;
  for (int boot = 0; boot < 3 && !acknowledged && !scenario.violation(); ++boot) {
    std::string name = fmt::format("live_{}", boot);
    world.run_process(name, writer(world, target, 1, name, &acknowledged));
  }
  if (cx.property == "P6" && cx.summary.find("liveness:") == 0) {
    EXPECT_FALSE(acknowledged) << "the implementation's lone opener converged";
    EXPECT_EQ(scenario.violation_text(), "");
  } else {
    ASSERT_TRUE(scenario.violation());
    EXPECT_EQ(scenario.violation()->property, cx.property) << scenario.violation_text();
  }
}

}  // namespace catsim::model::testing
