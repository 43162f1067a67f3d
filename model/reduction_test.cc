// Partial-order reduction (model/reduction.h) on single states: local
// steps are taken alone, redundant crashes are not offered, the footprints
// agree with the op table, and the correct protocols stay clean in fewer
// states (model/reduction_scenario_test.cc compares every variant's verdict).
#include "model/reduction.h"

#include <gtest/gtest.h>

#include <string>

#include "model/explorer.h"
#include "model/footprint.h"

namespace catsim::model {
namespace {

// The correct protocols: clean, in fewer states, on two threads too.
TEST(Reduction, CorrectIsCleanInFewerStates) {
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    const Variant* correct = find_variant(protocol, "correct");
    ASSERT_NE(correct, nullptr);
    const ModelBounds bounds{2, 1, 1, 2, 0, {}};
    ExploreOptions plain, reduced;
    plain.partial_order = false;
    reduced.jobs = 2;
    const ExploreReport full = explore_variant(*correct, bounds, plain);
    const ExploreReport cut = explore_variant(*correct, bounds, reduced);
    EXPECT_EQ(full.verdict, Verdict::kClean);
    EXPECT_EQ(cut.verdict, Verdict::kClean);
    EXPECT_LT(cut.states * 3, full.states * 2) << cut.states << " of " << full.states;
  }
}

// The footprints agree with the op table: a call that writes writes a
// shared object, a read writes none, and a step conflicts with itself only
// when it writes.
TEST(Footprint, AgreesWithTheOpTable) {
  for (uint32_t i = 0; i <= static_cast<uint32_t>(Op::kSpVerdict); ++i) {
    const auto op = static_cast<Op>(i);
    const Footprint footprint = op_footprint(op, StoreId::kPersist);
    SCOPED_TRACE(std::string(op_name(op)));
    EXPECT_EQ(footprint.writes != 0, op_writes(op));
    EXPECT_EQ(footprint.empty(), op_is_free(op));
    EXPECT_EQ(conflict(footprint, footprint), footprint.writes != 0);
  }
  EXPECT_FALSE(conflict(op_footprint(Op::kReadStashEpoch, StoreId::kStash),
                        op_footprint(Op::kPersistFence, StoreId::kStash)));
  EXPECT_TRUE(conflict(op_footprint(Op::kReadStashEpoch, StoreId::kStash),
                       op_footprint(Op::kStashConnect, StoreId::kStash)));
}

// A down writer's restart and a doomed call are taken alone; a crash right
// after a read-only call is not offered.
TEST(Reduction, LocalStepsAreTakenAloneAndRedundantCrashesDropped) {
  const Variant* correct = find_variant(Protocol::kSingleTombstone, "correct");
  ASSERT_NE(correct, nullptr);
  const SingleTombstoneModel model(*correct, ModelBounds{2, 1, 1, 2, 0, {}});
  ModelState state = model.initial();
  state.proc[0].pc = kPcDown;
  std::vector<Action> actions;
  model.enabled(state, actions);
  model.reduce(state, actions, true);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, ActionKind::kRestart);
  // Writer 1 read the stash's epoch: its crash now would equal one before.
  state = model.initial();
  model.enabled(state, actions);
  state = model.step(state, actions[0]).state;  // w0 migrate: stash.read_epoch
  ASSERT_EQ(state.proc[0].pc, kPcFirstOp + 1);
  model.enabled(state, actions);
  const size_t enabled = actions.size();
  model.reduce(state, actions, true);
  EXPECT_LT(actions.size(), enabled);
  for (const Action& action : actions) EXPECT_NE(action.kind, ActionKind::kCrash);
}

}  // namespace
}  // namespace catsim::model
