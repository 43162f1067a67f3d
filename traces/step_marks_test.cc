// Step marks: the short label of each kind of call, and the result's rank
// (what went wrong wins over what took effect).
#include "traces/step_marks.h"

#include <gtest/gtest.h>

#include <set>

namespace catsim {
namespace {

StepEvent run_step(StoreId store, const std::string& call, Intent intent,
                   Status status = Status::kOk, bool took_effect = false) {
  StepEvent event;
  event.label = call;
  event.calls.push_back(
      CallRecord{store, call, HandleMode::kWritable, intent, 2, status, took_effect});
  return event;
}

TEST(StepMarks, LabelsEachCallShortly) {
  EXPECT_EQ(mark_label(run_step(StoreId::kPersist, "persist.fence", Intent::kFence)), "fence");
  EXPECT_EQ(mark_label(run_step(StoreId::kStash, "stash.snapshot", Intent::kRead)), "snap");
  EXPECT_EQ(mark_label(run_step(StoreId::kPersist, "persist.append", Intent::kWorkload)), "append");
  EXPECT_EQ(mark_label(run_step(StoreId::kPersist, "persist.append", Intent::kCopy)), "copy");
  EXPECT_EQ(mark_label(run_step(StoreId::kStash, "stash.transact", Intent::kInit)), "init");
  EXPECT_EQ(mark_label(run_step(StoreId::kStash, "stash.read_epoch", Intent::kRead)), "epoch?");
  StepEvent tomb =
      run_step(StoreId::kStash, "stash.transact", Intent::kTombstone, Status::kOk, true);
  tomb.after.stash_tombstone = 1;
  EXPECT_EQ(mark_label(tomb), "tomb=1");
  tomb.calls[0].intent = Intent::kEmergency;
  tomb.after.stash_tombstone = 0;
  EXPECT_EQ(mark_label(tomb), "tomb=0!");
  tomb.calls[0].took_effect = false;
  EXPECT_EQ(mark_label(tomb), "tomb!") << "a write that did not happen shows no value";
  StepEvent crash;
  crash.action = StepAction::kCrash;
  crash.label = "persist.fence";
  EXPECT_EQ(mark_label(crash), "crash");
  StepEvent restart;
  restart.action = StepAction::kRestart;
  EXPECT_EQ(mark_label(restart), "restart");
  StepEvent long_call = run_step(StoreId::kStash, "stash.a_very_long_method_name", Intent::kRead);
  EXPECT_EQ(mark_label(long_call), "a_very_lo…");
}

TEST(StepMarks, ResultRanksWhatWentWrongFirst) {
  EXPECT_EQ(mark_result(run_step(StoreId::kStash, "stash.snapshot", Intent::kRead)),
            MarkResult::kOk);
  EXPECT_EQ(
      mark_result(run_step(StoreId::kStash, "stash.connect", Intent::kFence, Status::kOk, true)),
      MarkResult::kTookEffect);
  EXPECT_EQ(mark_result(
                run_step(StoreId::kStash, "stash.transact", Intent::kWorkload, Status::kTransient)),
            MarkResult::kFailed);
  EXPECT_EQ(mark_result(run_step(StoreId::kStash, "stash.transact", Intent::kWorkload,
                                 Status::kNotWritable)),
            MarkResult::kFailed);
  EXPECT_EQ(
      mark_result(run_step(StoreId::kStash, "stash.transact", Intent::kWorkload, Status::kFence)),
      MarkResult::kFenced);
  EXPECT_EQ(mark_result(run_step(StoreId::kStash, "stash.transact", Intent::kWorkload,
                                 Status::kIndeterminate, true)),
            MarkResult::kIndeterminate);
  StepEvent crash;
  crash.action = StepAction::kCrash;
  EXPECT_EQ(mark_result(crash), MarkResult::kCrash);
  StepEvent restart;
  restart.action = StepAction::kRestart;
  EXPECT_EQ(mark_result(restart), MarkResult::kRestart);
}

TEST(StepMarks, EveryResultHasADistinctNameAndAMeaning) {
  std::set<std::string_view> names;
  for (MarkResult result : kAllMarkResults) {
    names.insert(mark_result_name(result));
    EXPECT_FALSE(mark_result_meaning(result).empty());
  }
  EXPECT_EQ(names.size(), std::size(kAllMarkResults));
}

}  // namespace
}  // namespace catsim
