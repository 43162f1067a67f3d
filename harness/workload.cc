// The random workload: competing writers, readers, and the liveness opener.
//
// A writer boots up to boots_max times (a crash or a failed open costs a
// boot). Each boot picks a target by the swarm's weights, sometimes runs the
// savepoint pre-flight, opens writable through the migrator, then makes up to
// changes_max catalog changes. A reader alternates pre-open read pairs and
// read-only snapshots. Every choice is a workload decision, so it replays.
#include <fmt/format.h>

#include <array>

#include "harness/world.h"
#include "impl/catalog_changes.h"
#include "properties/violation.h"
#include "sim/check.h"

namespace catsim {

namespace {

// Marks a process as inside an open for as long as it lives (unwinds on a crash).
class OpenScope {
 public:
  OpenScope(World& world, uint32_t process, OpenMode mode) : world_(world), process_(process) {
    world_.open_started(process, mode);
  }
  ~OpenScope() { world_.open_finished(process_); }
  OpenScope(const OpenScope&) = delete;
  OpenScope& operator=(const OpenScope&) = delete;

 private:
  World& world_;
  uint32_t process_;
};

Target choose_target(World& world, ProcessContext& context) {
  const TargetWeights& w = world.swarm().weights;
  std::array<uint32_t, 3> weights{w.migrate, w.rollback, w.emergency};
  if (weights[0] + weights[1] + weights[2] == 0) weights[0] = 1;
  return kAllTargets[context.decider().choose_weighted(Stream::kWorkload, context.process(),
                                                       "boot.target", weights)];
}

// Makes up to changes_max changes through store; false if one failed.
bool make_changes(World& world, ProcessContext& context, CatalogStore& store, bool acknowledge) {
  Decider& decider = context.decider();
  uint64_t count = decider.choose(Stream::kWorkload, context.process(), "changes.count",
                                  world.config().changes_max + 1);
  for (uint64_t i = 0; i < count; ++i) {
    ChangeKind kind = ChangeKind::kCreate;
    size_t victim = 0;
    if (!world.config().creates_only) {
      kind = static_cast<ChangeKind>(
          decider.choose(Stream::kWorkload, context.process(), "change.kind", 3));
      victim = decider.choose(Stream::kWorkload, context.process(), "change.victim", 8);
    }
    std::string name = fmt::format("t{}_{}_{}", context.process(), context.incarnation(), i);
    WriteSet writes = build_change(store.cached(), kind, name, victim);
    uint64_t token = world.next_commit_token();
    Outcome outcome = commit_change(store, writes, token, world.variant().switches);
    world.note(
        fmt::format("{} {} -> {}", change_kind_name(kind), name, status_name(outcome.status())));
    if (!outcome.ok()) return false;
    if (acknowledge) world.checker().on_acknowledged(token);
  }
  return true;
}

void savepoint_preflight(World& world, ProcessContext& context, Target target) {
  OpenScope scope(world, context.process(), OpenMode::kSavepoint);
  auto opened = world.make_migrator(target)->open(OpenMode::kSavepoint);
  world.note(fmt::format("savepoint {} -> {}", target_name(target), status_name(opened.status())));
  if (opened.ok()) make_changes(world, context, *opened.value(), false);
}

ProcessExit writer_boot(World& world, ProcessContext& context, uint32_t& boots) {
  if (boots >= world.config().boots_max) return ProcessExit::kDone;
  ++boots;
  Target target = choose_target(world, context);
  Decider& decider = context.decider();
  if (decider.choose_percent(Stream::kWorkload, context.process(), "boot.savepoint",
                             world.swarm().savepoint_percent)) {
    savepoint_preflight(world, context, target);
  }
  std::unique_ptr<CatalogStore> store;
  {
    OpenScope scope(world, context.process(), OpenMode::kWritable);
    auto opened = world.make_migrator(target)->open(OpenMode::kWritable);
    world.note(fmt::format("open {} -> {}", target_name(target), status_name(opened.status())));
    if (!opened.ok()) return ProcessExit::kRestart;
    store = std::move(opened).value();
  }
  world.checker().on_open_returned(store->id(), store->epoch());
  world.note(fmt::format("opened {} at epoch {}", store_name(store->id()), store->epoch()));
  if (target == Target::kMigrateToPersist) world.stats().add(Counter::kMigrationsCompleted);
  if (target == Target::kRollbackToStash) world.stats().add(Counter::kRollbacksCompleted);
  bool changed = make_changes(world, context, *store, true);
  return changed && boots >= world.config().boots_max ? ProcessExit::kDone : ProcessExit::kRestart;
}

ProcessExit reader_boot(World& world, ProcessContext& context, uint32_t& reads) {
  std::optional<StoreId> remembered;  // what this incarnation learned (broken variants use it)
  while (reads < world.config().reads_max) {
    ++reads;
    bool snapshot = context.decider().choose(Stream::kWorkload, context.process(), "read.kind", 2);
    Target any = Target::kMigrateToPersist;  // readers never open writable
    world.checker().begin_read(context.process());
    if (snapshot) {
      OpenScope scope(world, context.process(), OpenMode::kReadOnly);
      auto contents = world.make_migrator(any)->read_only_snapshot(remembered);
      world.note(fmt::format("read-only snapshot -> {}", status_name(contents.status())));
      if (!contents.ok()) return ProcessExit::kRestart;
      world.checker().on_snapshot_read(context.process(), contents.value());
    } else {
      auto value = world.make_migrator(any)->preopen_config(kUserVersionKey);
      world.note(fmt::format("pre-open read -> {}", status_name(value.status())));
      if (!value.ok()) return ProcessExit::kRestart;
      std::optional<std::string> text;
      if (value.value()) text = std::to_string(*value.value());
      world.checker().on_preopen_read(context.process(), kUserVersionKey, text);
    }
  }
  return ProcessExit::kDone;
}

}  // namespace

void World::spawn_workload() {
  // Boot and read counts survive crashes: they are the world's restart policy.
  auto boots = std::make_shared<std::vector<uint32_t>>(config_.procs + config_.readers, 0);
  for (uint32_t i = 0; i < config_.procs; ++i) {
    scheduler_.spawn({fmt::format("w{}", i),
                      [this, boots, i](ProcessContext& context) {
                        return writer_boot(*this, context, (*boots)[i]);
                      },
                      swarm_.crash_percent, true});
  }
  for (uint32_t i = 0; i < config_.readers; ++i) {
    uint32_t slot = config_.procs + i;
    scheduler_.spawn({fmt::format("r{}", i),
                      [this, boots, slot](ProcessContext& context) {
                        return reader_boot(*this, context, (*boots)[slot]);
                      },
                      swarm_.crash_percent, true});
  }
}

void World::run_phases() {
  safety_end_ = scheduler_.run(config_.safety_steps_max);
  if (violation() || safety_end_ == RunEnd::kDiverged) return;
  // Liveness: faults stop, every other process halts, a fresh opener must
  // open and commit one change within liveness_steps_max.
  faults_.set_enabled(false);
  for (uint32_t p = 0; p < scheduler_.process_count(); ++p) scheduler_.halt(p);
  auto converged = std::make_shared<bool>(false);
  auto live_target = std::make_shared<std::optional<Target>>();
  scheduler_.spawn(
      {"live",
       [this, converged, live_target](ProcessContext& context) {
         if (!*live_target) {  // one direction for every incarnation
           std::array<uint32_t, 2> weights{1, 1};
           *live_target = kAllTargets[context.decider().choose_weighted(
               Stream::kWorkload, context.process(), "live.target", weights)];
         }
         Target target = **live_target;
         auto opened = make_migrator(target)->open(OpenMode::kWritable);
         note(fmt::format("open {} -> {}", target_name(target), status_name(opened.status())));
         if (!opened.ok()) return ProcessExit::kRestart;
         checker_.on_open_returned(opened.value()->id(), opened.value()->epoch());
         CatalogStore& store = *opened.value();
         WriteSet writes = build_change(store.cached(), ChangeKind::kCreate,
                                        fmt::format("live_{}", context.incarnation()), 0);
         uint64_t token = next_commit_token();
         if (!commit_change(store, writes, token, variant_.switches).ok()) {
           return ProcessExit::kRestart;
         }
         checker_.on_acknowledged(token);
         *converged = true;
         return ProcessExit::kDone;
       },
       0, true});
  RunEnd end = scheduler_.run(config_.liveness_steps_max);
  if (violation() || end == RunEnd::kDiverged) return;
  if (!*converged) {
    CATSIM_CHECK(scheduler_.steps() > 0);
    checker_.on_liveness_failure(
        scheduler_.steps() - 1, scheduler_.process_count() - 1,
        std::string(kLivenessFailureSummary),
        {fmt::format("a fresh opener did not open and commit within {} steps (faults off, no "
                     "other process running)",
                     config_.liveness_steps_max)});
    return;
  }
  stats_.add(Counter::kLivenessPhasesPassed);
}

}  // namespace catsim
