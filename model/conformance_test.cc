// The conformance checker (model/conformance.h) can fail: a conforming run
// altered in one place (an epoch, a took-effect flag, a status, a call, a
// store's contents) is reported as diverging at exactly that step, with the
// implementation's event and the model's expectation in one line. And a
// conforming run conforms through its trace file too.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "model/conformance.h"

namespace catsim::model {
namespace {

struct Fixture {
  RunConfig config;
  RunReport run;
};

// The first seed of the campaign with a clean run of at least 60 steps that
// also commits changes (so every kind of event is there to alter).
Fixture clean_run(Protocol protocol) {
  Fixture f{conformance_config(protocol, "correct"), {}};
  constexpr uint64_t kSeedsMax = 1000;
  for (uint64_t seed = 1; seed <= kSeedsMax; ++seed) {
    f.run = run_seed(seed, f.config, RunOptions{true, true});
    bool commits = false;
    for (const StepEvent& e : f.run.events) {
      for (const CallRecord& c : e.calls) commits |= c.intent == Intent::kWorkload && c.took_effect;
    }
    if (!f.run.violation && f.run.events.size() >= 60 && commits) return f;
  }
  ADD_FAILURE() << "no clean run of 60 steps with commits in " << kSeedsMax << " seeds";
  return f;
}

// The index of the first event at or after from that matches.
size_t find_event(const RunReport& run, size_t from,
                  const std::function<bool(const StepEvent&)>& match) {
  for (size_t i = from; i < run.events.size(); ++i) {
    if (match(run.events[i])) return i;
  }
  ADD_FAILURE() << "no such event";
  return 0;
}

void expect_divergence_at(const Fixture& f, size_t index, const std::string& fragment) {
  ConformanceReport report = check_conformance(f.run, f.config);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kDiverged) << report.line;
  EXPECT_EQ(report.step, f.run.events[index].step) << report.line;
  EXPECT_NE(report.line.find(fragment), std::string::npos) << report.line;
  EXPECT_EQ(report.line.rfind("step " + std::to_string(f.run.events[index].step) + " (", 0), 0u)
      << report.line;
}

bool is_write(const StepEvent& e, Intent intent) {
  return e.calls.size() == 1 && e.calls[0].intent == intent && e.calls[0].status == Status::kOk;
}

TEST(ConformanceChecker, TheUnalteredRunConforms) {
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    Fixture f = clean_run(protocol);
    ConformanceReport report = check_conformance(f.run, f.config);
    EXPECT_EQ(report.verdict, ConformanceVerdict::kConforms) << report.line;
    EXPECT_EQ(report.steps_checked, f.run.events.size());
    EXPECT_EQ(report.line, "");
  }
}

TEST(ConformanceChecker, AStashEpochChangedInOneStepIsReportedThere) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  const size_t i = f.run.events.size() / 2;
  f.run.events[i].after.stash_epoch += 1;
  expect_divergence_at(f, i, "stash epoch: implementation");
}

TEST(ConformanceChecker, AFlippedTookEffectIsReportedThere) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  const size_t i = find_event(f.run, 0, [](const StepEvent& e) {
    return is_write(e, Intent::kWorkload) && e.calls[0].took_effect;
  });
  f.run.events[i].calls[0].took_effect = false;
  expect_divergence_at(f, i, "the model's commit(change) took effect");
}

TEST(ConformanceChecker, AFencedFenceTurnedSuccessfulIsReportedThere) {
  Fixture f = clean_run(Protocol::kTwoTombstone);
  const size_t i = find_event(f.run, 0, [](const StepEvent& e) {
    return e.calls.size() == 1 && e.calls[0].call == "stash.connect" &&
           e.calls[0].mode == HandleMode::kWritable;
  });
  f.run.events[i].calls[0].status = Status::kFence;
  expect_divergence_at(f, i, "the model's stash.connect returns ok");
}

TEST(ConformanceChecker, ACallTheModelsProgramDoesNotMakeIsReportedThere) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  const size_t i = find_event(f.run, 0, [](const StepEvent& e) {
    return e.calls.size() == 1 && e.calls[0].call == "persist.sync";
  });
  f.run.events[i].calls[0].call = "persist.snapshot";
  expect_divergence_at(f, i, "the model's next call is persist.sync");
}

TEST(ConformanceChecker, ContentsChangedInOneStepAreReportedThere) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  const size_t i = find_event(f.run, f.run.events.size() / 3, [](const StepEvent& e) {
    return e.after.persist_contents.has_value();
  });
  f.run.events[i].after.persist_contents->objects += 1;
  expect_divergence_at(f, i, "persist contents: implementation");
}

TEST(ConformanceChecker, AnIncarnationThatEndsEarlyIsReportedWhereItEnds) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  // Turn a successful open's first call into a crash: the process's later
  // calls then belong to an incarnation the model has ended.
  const size_t i = find_event(f.run, 0, [](const StepEvent& e) {
    return e.calls.size() == 1 && e.calls[0].call == "stash.snapshot" &&
           e.calls[0].mode == HandleMode::kWritable;
  });
  f.run.events[i].action = StepAction::kCrash;
  f.run.events[i].calls.clear();
  ConformanceReport report = check_conformance(f.run, f.config);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kDiverged) << report.line;
  EXPECT_EQ(report.step, f.run.events[i].step) << report.line;
}

TEST(ConformanceChecker, AConformingTraceFileConformsAndAnAlteredOneDoesNot) {
  Fixture f = clean_run(Protocol::kTwoTombstone);
  auto parsed = parse_trace(write_trace(make_trace(f.run, f.config)));
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed));
  Trace trace = std::get<Trace>(parsed);
  EXPECT_TRUE(trace.header.config.creates_only);
  ConformanceReport report = check_conformance(trace);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kConforms) << report.line;
  const size_t i = trace.events.size() - 5;
  trace.events[i].after.persist_epoch += 3;
  report = check_conformance(trace);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kDiverged) << report.line;
  EXPECT_EQ(report.step, trace.events[i].step);
}

// A commit's change kind comes from its step's field: a create turned into a
// drop leaves the model at that step, whatever the notes say. A version-1
// trace records no kinds, so only a creates-only one is checked.
TEST(ConformanceChecker, AChangeKindOtherThanCreateLeavesTheModelAtItsStep) {
  Fixture f = clean_run(Protocol::kSingleTombstone);
  Trace trace = make_trace(f.run, f.config);
  const size_t i = find_event(f.run, 0, [](const StepEvent& e) { return e.change.has_value(); });
  ASSERT_EQ(trace.events[i].change, ChangeKind::kCreate);
  trace.events[i].change = ChangeKind::kDrop;
  ConformanceReport report = check_conformance(trace);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kNotModelled) << report.line;
  EXPECT_EQ(report.reason, "a drop change");
  EXPECT_EQ(report.step, trace.events[i].step);

  trace.events[i].change = ChangeKind::kCreate;
  trace.header.format_version = 1;
  EXPECT_EQ(check_conformance(trace).verdict, ConformanceVerdict::kConforms);
  trace.header.config.creates_only = false;
  report = check_conformance(trace);
  EXPECT_EQ(report.verdict, ConformanceVerdict::kNotModelled) << report.line;
  EXPECT_EQ(report.reason,
            "a version 1 trace does not record which kind of change each commit made");
}

}  // namespace
}  // namespace catsim::model
