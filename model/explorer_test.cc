// The explorer on the protocol models: the correct variants verify clean at
// small bounds, every modelled mutant and the as-designed protocols are
// found with the property they break and a shortest counterexample of the
// length pinned here, BFS and DFS agree, and the search is deterministic.
// Bounds are chosen so each test stays well under a second in release (the
// asan build runs these too); bigger runs are in explorer_slow_test.cc.
#include "model/explorer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "model/canonical.h"
#include "model/catalog_value.h"
#include "model/test_params.h"
#include "sim/fingerprint_table.h"

namespace catsim::model {
namespace {

struct Case {
  Protocol protocol;
  const char* variant;
  ModelBounds bounds;
  uint32_t properties;
  std::optional<Property> property;  // expected; nullopt for clean
  uint32_t length;                   // the shortest counterexample's steps
};

constexpr uint8_t kMigrate = 1, kRollback = 2, kEmergency = 4;

ModelBounds bounds(uint32_t procs, uint32_t crashes, uint32_t changes, uint32_t boots,
                   uint32_t indeterminates = 0, std::array<uint8_t, kProcsMax> targets = {}) {
  return ModelBounds{procs, crashes, changes, boots, indeterminates, targets};
}

// b with the reader (reads sessions, up to rereads later reads each).
ModelBounds with_reader(ModelBounds b, uint32_t reads, uint32_t rereads) {
  b.readers = 1;
  b.reads = reads;
  b.rereads = rereads;
  return b;
}

ModelBounds with_savepoints(ModelBounds b) {
  b.savepoints = true;
  return b;
}

const Variant& variant_of(Protocol protocol, const char* name) {
  const Variant* variant = find_variant(protocol, name);
  EXPECT_NE(variant, nullptr) << name;
  return *variant;
}

// The plain search by default (its breadth-first counterexamples are the
// shortest); partial_order: with the reduction (model/reduction.h).
ExploreReport explore_case(const Case& c, SearchOrder order = SearchOrder::kBreadthFirst,
                           bool partial_order = false) {
  ExploreOptions options;
  options.partial_order = partial_order;
  options.order = order;
  return explore_variant(variant_of(c.protocol, c.variant), c.bounds, options, c.properties);
}

// The case with a clean space cut down (no crash), for the tests that
// explore it twice; explorer_slow_test.cc compares the orders on big spaces.
Case smaller(Case c) {
  if (!c.property) c.bounds.crashes = 0;
  return c;
}

std::string show(const ExploreReport& report) {
  std::string text = std::string(verdict_name(report.verdict));
  if (!report.counterexample) return text;
  text += fmt::format(" {}: {}\n", report.counterexample->property, report.counterexample->summary);
  for (const std::string& step : report.counterexample->steps) text += step + "\n";
  return text;
}

const Protocol kSingle = Protocol::kSingleTombstone;
const Protocol kTwo = Protocol::kTwoTombstone;

const Case kCases[] = {
    {kSingle, "correct", bounds(2, 1, 1, 2), kAllProperties, std::nullopt, 0},
    {kTwo, "correct", bounds(2, 1, 1, 2), kAllProperties, std::nullopt, 0},
    {kSingle, "tombstone-before-copy", bounds(2, 0, 1, 1, 0, {kEmergency, kMigrate}),
     kAllProperties, Property::kP1, 19},
    {kSingle, "stash-skip-fence", bounds(2, 0, 0, 1), kAllProperties, Property::kP3, 4},
    {kSingle, "persist-blind-append", bounds(2, 0, 0, 1), kAllProperties, Property::kP3, 13},
    {kSingle, "no-epoch-lower-bound", bounds(2, 0, 0, 2), kAllProperties, Property::kP3, 25},
    {kSingle, "always-copy", bounds(2, 0, 1, 1, 0, {kMigrate, kMigrate}), kAllProperties,
     Property::kP6, 26},
    {kSingle, "copy-requires-empty-destination", bounds(2, 0, 1, 1), kAllProperties, Property::kP6,
     20},
    {kSingle, "indeterminate-as-success", bounds(1, 0, 1, 1, 1), kAllProperties, Property::kP2, 8},
    {kTwo, "early-draft", bounds(2, 0, 0, 1), kAllProperties, Property::kP1, 22},
    // Finding 1 (P2) alone; with every property checked, strict P3 comes first
    // (an emergency open and a migration return the same epoch: finding 2).
    {kSingle, "as-designed", bounds(2, 0, 1, 1), property_bit(Property::kP2), Property::kP2, 18},
    {kSingle, "as-designed", bounds(2, 0, 0, 2), property_bit(Property::kP3), Property::kP3, 16},
    {kSingle, "as-designed", bounds(2, 0, 1, 1), kAllProperties, Property::kP3, 16},
    {kTwo, "as-designed", bounds(2, 0, 1, 1), kAllProperties, Property::kP1, 22},
    {kSingle, "rollback-tombstone-first", bounds(2, 0, 1, 1, 0, {kMigrate, kRollback}),
     kAllProperties, Property::kP1, 26},
    {kSingle, "merge-not-replace", bounds(2, 0, 1, 2), kAllProperties, Property::kP1, 35},
    {kSingle, "persist-fenced-first", bounds(2, 0, 0, 1), kAllProperties, Property::kP3, 21},
    // Its expected P6 is there, but returning the stash without step 4's
    // fenced read also lets a rollback commit on a stash the tombstone has
    // retired: breadth-first finds P2 first (depth-first may find P6 first,
    // so each is checked alone). Before the stash was raised to persist's
    // epoch, P3 came first, with no changes at all.
    {kSingle, "tombstone-read-before-fence", bounds(2, 0, 1, 1), property_bit(Property::kP2),
     Property::kP2, 24},
    {kSingle, "tombstone-read-before-fence", bounds(2, 0, 1, 1), property_bit(Property::kP6),
     Property::kP6, 26},
    {kSingle, "example-forget-tombstone", bounds(1, 0, 1, 1), kAllProperties, Property::kP2, 14},
    // The migrator's own table is wrong; the checker's (the spec's) is not.
    {kTwo, "table-true-true-is-persist", bounds(2, 1, 1, 2), kAllProperties, Property::kP1, 36},
    // With the reader and the savepoint pre-flight: P4 and P5 proved within
    // bounds, and the mutants that only readers and pre-flights can show.
    {kSingle, "correct", with_savepoints(with_reader(bounds(1, 1, 1, 3), 2, 2)), kAllProperties,
     std::nullopt, 0},
    {kTwo, "correct", with_savepoints(with_reader(bounds(1, 1, 1, 3), 2, 2)), kAllProperties,
     std::nullopt, 0},
    {kSingle, "read-only-serves-cache", with_reader(bounds(1, 0, 1, 3), 2, 1), kAllProperties,
     Property::kP5, 12},
    {kSingle, "preopen-prefetches-persist", with_reader(bounds(1, 0, 1, 3), 2, 1), kAllProperties,
     Property::kP5, 16},
    {kSingle, "tombstone-presence-as-truth", with_reader(bounds(1, 0, 1, 3), 2, 1), kAllProperties,
     Property::kP5, 26},
    {kSingle, "reader-ignores-tombstone", with_reader(bounds(1, 0, 1, 3), 2, 1), kAllProperties,
     Property::kP5, 17},
    {kSingle, "reader-trusts-old-tombstone", with_reader(bounds(1, 0, 1, 3), 2, 1), kAllProperties,
     Property::kP5, 20},
    {kSingle, "savepoint-durable", with_savepoints(bounds(1, 0, 1, 2)), kAllProperties,
     Property::kP4, 13},
    {kSingle, "savepoint-needs-both-stores", with_savepoints(bounds(1, 0, 1, 2)), kAllProperties,
     Property::kP6, 13},
    // Believed harmless (expected property nullopt): proved clean within bounds.
    {kSingle, "retry-indeterminate-write", bounds(2, 0, 1, 1, 1), kAllProperties, std::nullopt, 0},
};

class ExplorerCase : public ::testing::TestWithParam<Case> {};

TEST_P(ExplorerCase, BreadthFirstFindsTheExpectedVerdictAtTheShortestLength) {
  const Case& c = GetParam();
  ExploreReport report = explore_case(c);
  if (!c.property) {
    EXPECT_EQ(report.verdict, Verdict::kClean) << show(report);
    EXPECT_FALSE(report.depth_capped);
    EXPECT_GT(report.states, 1000u);
    return;
  }
  ASSERT_EQ(report.verdict, Verdict::kViolation) << show(report);
  ASSERT_TRUE(report.counterexample);
  EXPECT_EQ(report.counterexample->property, c.property) << show(report);
  EXPECT_EQ(report.counterexample->length, c.length) << show(report);
  EXPECT_EQ(report.counterexample->steps.size(), c.length);
}

// With and without the reduction: depth-first search visits the same
// (reduced) graph, so it agrees on the verdict and, when clean, the states.
TEST_P(ExplorerCase, DepthFirstAgreesOnTheVerdict) {
  const Case c = smaller(GetParam());
  for (bool partial_order : {false, true}) {
    ExploreReport bfs = explore_case(c, SearchOrder::kBreadthFirst, partial_order);
    ExploreReport dfs = explore_case(c, SearchOrder::kDepthFirst, partial_order);
    EXPECT_EQ(dfs.verdict, bfs.verdict) << show(dfs);
    if (bfs.verdict == Verdict::kClean) {
      EXPECT_EQ(dfs.states, bfs.states) << "both visit every reachable canonical state";
      continue;
    }
    ASSERT_TRUE(dfs.counterexample);
    if (!partial_order) {
      EXPECT_GE(dfs.counterexample->length, bfs.counterexample->length);
    }
    EXPECT_EQ(dfs.counterexample->property, bfs.counterexample->property) << show(dfs);
  }
}

TEST_P(ExplorerCase, IsDeterministic) {
  const Case c = smaller(GetParam());
  for (bool partial_order : {false, true}) {
    ExploreReport first = explore_case(c, SearchOrder::kBreadthFirst, partial_order);
    ExploreReport second = explore_case(c, SearchOrder::kBreadthFirst, partial_order);
    EXPECT_EQ(first.states, second.states);
    EXPECT_EQ(first.transitions, second.transitions);
    EXPECT_EQ(first.max_depth, second.max_depth);
    EXPECT_EQ(show(first), show(second));
  }
}

// Level-synchronous parallel BFS: the same report (verdict, counts, the
// counterexample) for any number of jobs and any block size; small blocks
// cut every layer into many blocks and batches, so the workers race.
TEST_P(ExplorerCase, AnyNumberOfJobsGivesTheSameReport) {
  const Case& c = GetParam();
  // Two jobs for the plain search and three with the reduction: both counts
  // and both modes, at two thirds of the cost of every pair (this runs
  // under asan in ./dev test).
  for (const auto& [partial_order, jobs] : {std::pair{false, 2u}, std::pair{true, 3u}}) {
    const ExploreReport one = explore_case(c, SearchOrder::kBreadthFirst, partial_order);
    ExploreOptions options;
    options.jobs = jobs;
    options.block_states_max = 16;
    options.partial_order = partial_order;
    const ExploreReport many =
        explore_variant(variant_of(c.protocol, c.variant), c.bounds, options, c.properties);
    EXPECT_EQ(many.states, one.states) << jobs;
    EXPECT_EQ(many.transitions, one.transitions) << jobs;
    EXPECT_EQ(many.max_depth, one.max_depth) << jobs;
    EXPECT_EQ(many.pruned, one.pruned) << jobs;
    EXPECT_EQ(show(many), show(one)) << jobs;
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const ModelBounds& b = info.param.bounds;
  return test_name(info.param.protocol, info.param.variant, info.param.properties) +
         (b.readers > 0 ? "WithReader" : "") + (b.savepoints ? "WithSavepoints" : "");
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << protocol_name(c.protocol) << " " << c.variant << ", ";
  PrintTo(c.bounds, os);
  *os << ", checks " << property_names(c.properties, ' ') << ", expects ";
  if (!c.property) {
    *os << "clean";
  } else {
    *os << *c.property << " in " << c.length << " steps";
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, ExplorerCase, ::testing::ValuesIn(kCases), case_name);

TEST(Explorer, AsDesignedP2IsTheEmergencyFlipUnderAWriterHoldingPersist) {
  ExploreReport report = explore_case(kCases[10]);
  ASSERT_TRUE(report.counterexample);
  const std::vector<std::string>& steps = report.counterexample->steps;
  bool flipped = false;
  for (const std::string& step : steps) {
    flipped = flipped ||
              step.find("emergency-stash: stash.transact(tombstone=false") != std::string::npos;
  }
  EXPECT_TRUE(flipped) << show(report);
  EXPECT_NE(steps.back().find("migrate: commit(change)"), std::string::npos) << steps.back();
}

TEST(Explorer, AsDesignedP3IsThePersistBoundReadInStepOne) {
  ExploreReport report = explore_case(kCases[11]);
  ASSERT_TRUE(report.counterexample);
  const std::vector<std::string>& steps = report.counterexample->steps;
  // The migrate writer read the stash epoch before emergency opens bumped
  // the stash, and bounds persist by that stale read.
  EXPECT_NE(steps.front().find("migrate: stash.read_epoch"), std::string::npos) << show(report);
  EXPECT_NE(steps.back().find("migrate: stash.transact(tombstone=true)"), std::string::npos);
  EXPECT_NE(report.counterexample->summary.find("no newer than an earlier one"), std::string::npos);
  // The fix bounds persist by the fenced stash epoch: clean at the same bounds.
  Case fixed = kCases[11];
  fixed.variant = "correct";
  EXPECT_EQ(explore_case(fixed).verdict, Verdict::kClean);
}

TEST(Explorer, LivenessFailureShowsTheLoneOpenersRun) {
  ExploreReport report = explore_case(kCases[7]);
  ASSERT_TRUE(report.counterexample);
  EXPECT_FALSE(report.counterexample->liveness_tail.empty());
  EXPECT_NE(report.counterexample->summary.find("liveness"), std::string::npos);
}

TEST(Explorer, SymmetryReductionKeepsTheVerdictAndMergesStates) {
  ExploreOptions with, without;
  with.partial_order = without.partial_order = false;
  without.symmetry = false;
  const Variant& correct = variant_of(kSingle, "correct");
  ExploreReport reduced = explore_variant(correct, bounds(2, 0, 1, 2), with);
  ExploreReport full = explore_variant(correct, bounds(2, 0, 1, 2), without);
  EXPECT_EQ(reduced.verdict, Verdict::kClean);
  EXPECT_EQ(full.verdict, Verdict::kClean);
  EXPECT_LT(reduced.states, full.states);
  EXPECT_EQ(reduced.max_depth, full.max_depth);
  const Variant& mutant = variant_of(kSingle, "persist-blind-append");
  EXPECT_EQ(explore_variant(mutant, bounds(2, 0, 0, 1), without).counterexample->length, 13u);
}

TEST(Explorer, DepthAndStateCapsAreReported) {
  ExploreOptions options;
  options.depth_max = 10;
  const Variant& correct = variant_of(kSingle, "correct");
  ExploreReport capped = explore_variant(correct, bounds(2, 1, 1, 2), options);
  EXPECT_EQ(capped.verdict, Verdict::kClean);
  EXPECT_TRUE(capped.depth_capped);
  EXPECT_EQ(capped.max_depth, 10u);
  options.depth_max = 0;
  options.states_max = 100;
  ExploreReport stopped = explore_variant(correct, bounds(2, 1, 1, 2), options);
  EXPECT_EQ(stopped.verdict, Verdict::kIncomplete);
  EXPECT_EQ(stopped.states, 100u);
  options.states_max = 0;
  options.memory_max_bytes = 1;  // passed at the first check
  ExploreReport full = explore_variant(correct, bounds(2, 1, 1, 2), options);
  EXPECT_EQ(full.verdict, Verdict::kIncomplete);
  EXPECT_TRUE(full.memory_capped);
  EXPECT_LT(full.states, 200'000u);
}

// The caps stop at the same point for any number of jobs.
TEST(Explorer, CapsStopAtTheSameStateForAnyNumberOfJobs) {
  const Variant& correct = variant_of(kSingle, "correct");
  for (uint64_t states_max : {1u, 2u, 100u, 777u}) {
    ExploreOptions one, two;
    one.states_max = two.states_max = states_max;
    two.jobs = 2;
    two.block_states_max = 5;
    ExploreReport a = explore_variant(correct, bounds(2, 1, 1, 2), one);
    ExploreReport b = explore_variant(correct, bounds(2, 1, 1, 2), two);
    EXPECT_EQ(a.verdict, Verdict::kIncomplete);
    EXPECT_EQ(b.verdict, Verdict::kIncomplete);
    EXPECT_EQ(a.states, std::max<uint64_t>(states_max, 2));
    EXPECT_EQ(b.states, a.states);
    EXPECT_EQ(b.transitions, a.transitions);
  }
}

// 128-bit fingerprints visit the same states (no 64-bit collision here).
TEST(Explorer, WideFingerprintsVisitTheSameStates) {
  ExploreOptions wide, plain;
  wide.fingerprint_bits = 128;
  wide.jobs = 2;
  wide.partial_order = plain.partial_order = false;
  const Variant& correct = variant_of(kSingle, "correct");
  ExploreReport narrow = explore_variant(correct, bounds(2, 1, 1, 2), plain);
  ExploreReport report = explore_variant(correct, bounds(2, 1, 1, 2), wide);
  EXPECT_EQ(report.verdict, Verdict::kClean);
  EXPECT_EQ(report.states, narrow.states);
  EXPECT_EQ(report.transitions, narrow.transitions);
  const Variant& mutant = variant_of(kSingle, "persist-blind-append");
  EXPECT_EQ(explore_variant(mutant, bounds(2, 0, 0, 1), wide).counterexample->length, 13u);
}

TEST(Explorer, ProgressIsReportedAndDoesNotChangeTheResult) {
  ExploreOptions options, plain;
  options.partial_order = plain.partial_order = false;
  options.progress_every_states = 100;
  uint64_t calls = 0, last_states = 0;
  options.progress = [&](const ExploreProgress& progress) {
    ++calls;
    EXPECT_GT(progress.states, last_states);
    EXPECT_GT(progress.memory_bytes, 0u);
    last_states = progress.states;
  };
  const Variant& correct = variant_of(kSingle, "correct");
  ExploreReport report = explore_variant(correct, bounds(2, 1, 1, 1), options);
  EXPECT_GT(calls, 10u);
  EXPECT_EQ(report.states, explore_variant(correct, bounds(2, 1, 1, 1), plain).states);
  EXPECT_GT(report.peak_memory_bytes, 0u);
}

TEST(Explorer, UnmodelledSwitchesAreNamed) {
  ModelBounds b = bounds(2, 1, 1, 2);
  auto notes = unmodelled_switches(variant_of(kSingle, "savepoint-durable"), b, true);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("P4"), std::string::npos);
  notes = unmodelled_switches(variant_of(kSingle, "reader-ignores-tombstone"), b, true);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("P5"), std::string::npos);
  EXPECT_EQ(unmodelled_switches(variant_of(kSingle, "indeterminate-as-success"), b, true).size(),
            1u);
  EXPECT_TRUE(unmodelled_switches(variant_of(kSingle, "correct"), b, true).empty());
  // The bounds `catsim mutants` explores at let the model see every variant.
  for (const Variant& variant : all_variants()) {
    const ModelBounds seeing = bounds_that_see(variant, bounds(2, 1, 1, 2, 1));
    EXPECT_TRUE(unmodelled_switches(variant, seeing, true).empty()) << variant.name;
  }
}

// A read's window keeps at most kSeenMax live reference values (dead ones,
// which no later read could return, are forgotten); a step that would need
// more is counted and not followed. At these bounds none is cut, so the
// proof is not bounded by the window.
TEST(Explorer, ReadWindowsCutNothingAtTheTestedBounds) {
  for (Protocol protocol : {kSingle, kTwo}) {
    const Case clean{
        protocol,       "correct",    with_savepoints(with_reader(bounds(1, 1, 2, 3), 2, 2)),
        kAllProperties, std::nullopt, 0};
    ExploreReport report = explore_case(clean);
    EXPECT_EQ(report.verdict, Verdict::kClean) << show(report);
    EXPECT_EQ(report.pruned, 0u);
  }
}

TEST(Canonical, PermutedProcessesAndRenamedLabelsShareAFingerprint) {
  ModelState a;
  a.procs = 2;
  a.stash.contents = kInitBit | 0b01;
  a.reference = kInitBit | 0b01;
  a.persist.contents = kInitBit | 0b10;
  a.proc[0].pc = kPcChanges;
  a.proc[0].target = 1;
  a.proc[0].persist_handle = 3;
  a.proc[1].pc = kPcDown;
  ModelState b = a;
  std::swap(b.proc[0], b.proc[1]);
  b.stash.contents = kInitBit | 0b10;  // the same story with labels 0 and 1 swapped
  b.reference = kInitBit | 0b10;
  b.persist.contents = kInitBit | 0b01;
  Permutation pa{}, pb{};
  ModelState ca = canonicalize(a, {}, pa), cb = canonicalize(b, {}, pb);
  EXPECT_EQ(ca, cb);
  EXPECT_EQ(fingerprint_of(ca), fingerprint_of(cb));
  EXPECT_EQ(pa[0], 1);  // the down process sorts first
  EXPECT_EQ(pb[0], 0);
  // Processes of different classes are never exchanged.
  ModelState cc = canonicalize(a, {1, 2, 0, 0}, pa);
  EXPECT_EQ(cc.proc[0], a.proc[0]);
  ModelState other = ca;
  ++other.stash.epoch;
  EXPECT_NE(fingerprint_of(ca), fingerprint_of(other));
  // Labels the reader holds are renamed with the rest, and the reader keeps its slot.
  a.reader.pc = kRdSnapshot;
  a.reader.seen = {kInitBit | 0b01, 0, 0};
  a.reader.seen_count = 1;
  b.reader = a.reader;
  b.reader.seen[0] = kInitBit | 0b10;
  ca = canonicalize(a, {}, pa);
  cb = canonicalize(b, {}, pb);
  EXPECT_EQ(ca, cb);
  EXPECT_EQ(pa[kReaderProcess], kReaderProcess);
}

TEST(FingerprintTable, OmissionBoundIsTheBirthdayBound) {
  EXPECT_EQ(fingerprint_omission_bound(0), 0.0);
  EXPECT_NEAR(fingerprint_omission_bound(416'605'085), 0.0047, 0.0001);
  EXPECT_NEAR(fingerprint_omission_bound(416'605'085, 128) * 1e22, 2.55, 0.01);
  EXPECT_EQ(fingerprint_omission_bound(UINT64_MAX), 1.0);
}

TEST(FingerprintTable, InsertsOnceAndGrows) {
  FingerprintTable table(false, 16);
  for (uint64_t i = 0; i < 1000; ++i) EXPECT_TRUE(table.insert(i * 0x9e3779b97f4a7c15ULL));
  for (uint64_t i = 0; i < 1000; ++i) EXPECT_FALSE(table.insert(i * 0x9e3779b97f4a7c15ULL));
  EXPECT_EQ(table.size(), 1000u);
  EXPECT_GE(table.bytes(), 2000u * sizeof(uint64_t));
  FingerprintTable depths(true, 16);
  EXPECT_TRUE(depths.insert_at_depth(7, 5));
  EXPECT_FALSE(depths.insert_at_depth(7, 6));
  EXPECT_TRUE(depths.insert_at_depth(7, 3));
  EXPECT_FALSE(depths.insert_at_depth(7, 3));
}

// Every op has its row, in enum order, and a row that calls names a call.
TEST(Program, EveryOpHasOneRow) {
  for (uint32_t i = 0; i <= static_cast<uint32_t>(Op::kSpVerdict); ++i) {
    const auto op = static_cast<Op>(i);
    const OpRow& row = op_row(op);
    EXPECT_EQ(row.op, op);
    EXPECT_FALSE(row.name.empty());
    EXPECT_EQ(row.call.empty(), row.store == OpStore::kNone || row.store == OpStore::kOpened)
        << row.name;
    EXPECT_TRUE(!row.writes || row.store != OpStore::kNone) << row.name;
  }
}

TEST(Program, FollowsTheImplementationsCallOrder) {
  const Variant& correct = variant_of(kSingle, "correct");
  Program migrate = build_program(kSingle, Target::kMigrateToPersist, correct.switches);
  ASSERT_EQ(migrate.size, 14);
  EXPECT_EQ(migrate.ops[2], Op::kStashConnect);
  EXPECT_EQ(migrate.ops[6], Op::kPersistFence);
  // Finding 4's fix: the stash follows persist's epoch before step 4.
  EXPECT_EQ(migrate.find(Op::kStashRaiseEpoch), 9);
  EXPECT_LT(migrate.find(Op::kStashRaiseEpoch), migrate.find(Op::kStashReadTombstone));
  EXPECT_EQ(migrate.ops[12], Op::kCopyToPersist);
  EXPECT_EQ(migrate.ops[13], Op::kStashSetTombstoneTrue);
  const Variant& early = variant_of(kSingle, "tombstone-before-copy");
  Program mutant = build_program(kSingle, Target::kMigrateToPersist, early.switches);
  EXPECT_LT(mutant.find(Op::kStashSetTombstoneTrue), mutant.find(Op::kCopyToPersist));
  // The as-designed emergency leaves persist alone; the fix fences it right
  // after the stash's open.
  const Variant& as_designed = variant_of(kSingle, "as-designed");
  Program unfenced = build_program(kSingle, Target::kEmergencyStash, as_designed.switches);
  EXPECT_EQ(unfenced.find(Op::kPersistFence), unfenced.size);
  Program fenced = build_program(kSingle, Target::kEmergencyStash, correct.switches);
  EXPECT_EQ(fenced.find(Op::kPersistFence), 4);
  EXPECT_EQ(fenced.find(Op::kStashRaiseEpoch), 5);
  const Variant& without_raise = variant_of(kSingle, "without-stash-raise");
  Program unraised = build_program(kSingle, Target::kMigrateToPersist, without_raise.switches);
  EXPECT_EQ(unraised.find(Op::kStashRaiseEpoch), unraised.size);
}

}  // namespace
}  // namespace catsim::model
