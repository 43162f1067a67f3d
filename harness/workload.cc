// The random workload: competing writers, readers, and the liveness opener,
// every one of them a Client (harness/client.h) of the catalog.
//
// A writer boots up to boots_max times (a crash or a failed open costs a
// boot). Each boot picks a target by the swarm's weights, sometimes runs the
// savepoint pre-flight (and acts on it), opens writable through the
// migrator, then makes up to changes_max catalog changes (create, drop,
// alter, set a config value). A reader alternates pre-open getters (every
// getter) and read-only opens whose handle it keeps for later reads. Every
// choice is a workload decision, so it replays.
#include <fmt/format.h>

#include <array>

#include "harness/client.h"
#include "harness/decision_labels.h"
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
                                                       labels::kBootTarget, weights)];
}

// Makes up to changes_max changes through store; false if one failed.
bool make_changes(World& world, ProcessContext& context, Client& client, CatalogStore& store) {
  Decider& decider = context.decider();
  uint64_t count = decider.choose(Stream::kWorkload, context.process(), labels::kChangesCount,
                                  world.swarm().changes_max + 1);
  for (uint64_t i = 0; i < count; ++i) {
    ChangeKind kind = ChangeKind::kCreate;
    size_t victim = 0;
    if (!world.config().creates_only) {
      kind = static_cast<ChangeKind>(
          decider.choose(Stream::kWorkload, context.process(), labels::kChangeKind, kChangeKinds));
      victim = decider.choose(Stream::kWorkload, context.process(), labels::kChangeVictim, 8);
    }
    std::string name = fmt::format("t{}_{}_{}", context.process(), context.incarnation(), i);
    kind = effective_change_kind(store.cached(), kind);  // what the note names is what is made
    Outcome outcome = client.commit(store, build_change(store.cached(), kind, name, victim));
    world.record_change(kind);
    world.note("{} {} -> {}", change_kind_name(kind), name, status_name(outcome.status()));
    if (!outcome.ok()) return false;
  }
  return true;
}

// The savepoint pre-flight, and what the boot does with its verdict: a
// success or the recoverable kNotWritable (an uninitialized target) lets the
// boot go on; any other failure ends the incarnation, as in the real system.
bool preflight_passes(World& world, ProcessContext& context, Client& client, Target target) {
  OpenScope scope(world, context.process(), OpenMode::kSavepoint);
  auto opened = client.preflight(target);
  if (!opened.ok()) return opened.status() == Status::kNotWritable;
  // The dry run's changes are buffered and dropped; a failure among them
  // (another writer moved the store) says nothing about the upgrade.
  make_changes(world, context, client, *opened.value());
  return true;
}

// One boot of a writer: target, pre-flight (when run_preflight), writable
// open; the open store, or nullptr when the boot must start over.
std::unique_ptr<CatalogStore> boot_and_open(World& world, ProcessContext& context, Client& client,
                                            Target target, bool run_preflight) {
  if (run_preflight && !preflight_passes(world, context, client, target)) return nullptr;
  OpenScope scope(world, context.process(), OpenMode::kWritable);
  auto opened = client.open(target);
  if (!opened.ok()) return nullptr;
  if (target == Target::kMigrateToPersist) world.stats().add(Counter::kMigrationsCompleted);
  if (target == Target::kRollbackToStash) world.stats().add(Counter::kRollbacksCompleted);
  return std::move(opened).value();
}

ProcessExit writer_boot(World& world, ProcessContext& context, uint32_t& boots) {
  if (boots >= world.swarm().boots_max) return ProcessExit::kDone;
  ++boots;
  Client client(world);
  Target target = choose_target(world, context);
  bool run_preflight =
      context.decider().choose_percent(Stream::kWorkload, context.process(), labels::kBootSavepoint,
                                       world.swarm().savepoint_percent);
  std::unique_ptr<CatalogStore> store =
      boot_and_open(world, context, client, target, run_preflight);
  if (!store) return ProcessExit::kRestart;
  bool changed = make_changes(world, context, client, *store);
  return changed && boots >= world.swarm().boots_max ? ProcessExit::kDone : ProcessExit::kRestart;
}

// A pre-open getter, chosen among all of them.
bool preopen_read(ProcessContext& context, Client& client) {
  Getter getter = kAllGetters[context.decider().choose(Stream::kWorkload, context.process(),
                                                       labels::kReadGetter, kAllGetters.size())];
  return client.get(getter).ok();
}

// A read-only open, then up to kRereadsMax later reads through the same
// handle, each after a pause of a few steps (so that commits, migrations and
// rollbacks can happen in between).
constexpr uint64_t kRereadsMax = 3;
constexpr uint64_t kPauseStepsMax = 6;

bool read_only_reads(World& world, ProcessContext& context, Client& client,
                     std::optional<StoreId>& remembered) {
  Decider& decider = context.decider();
  ReadOnlyView view;
  {
    OpenScope scope(world, context.process(), OpenMode::kReadOnly);
    auto opened = client.open_read_only(remembered);
    if (!opened.ok()) return false;
    view = std::move(opened).value();
  }
  uint64_t rereads =
      decider.choose(Stream::kWorkload, context.process(), labels::kReadAgain, kRereadsMax + 1);
  for (uint64_t i = 0; i < rereads; ++i) {
    uint64_t pause = decider.choose(Stream::kWorkload, context.process(), labels::kReadPause,
                                    kPauseStepsMax + 1);
    for (uint64_t step = 0; step < pause; ++step) context.yield(labels::kReaderPause);
    if (!client.reread(view).ok()) return false;
  }
  return true;
}

ProcessExit reader_boot(World& world, ProcessContext& context, uint32_t& reads) {
  std::optional<StoreId> remembered;  // what this incarnation learned (broken variants use it)
  Client client(world);
  while (reads < world.config().reads_max) {
    ++reads;
    bool snapshot =
        context.decider().choose(Stream::kWorkload, context.process(), labels::kReadKind, 2);
    bool ok = snapshot ? read_only_reads(world, context, client, remembered)
                       : preopen_read(context, client);
    if (!ok) return ProcessExit::kRestart;
  }
  return ProcessExit::kDone;
}

}  // namespace

void World::spawn_workload() {
  // Boot and read counts survive crashes: they are the world's restart policy.
  auto boots = std::make_shared<std::vector<uint32_t>>(swarm_.procs + swarm_.readers, 0);
  const bool racy_crashes_only = swarm_.crash_placement == CrashPlacement::kRacyEvents;
  for (uint32_t i = 0; i < swarm_.procs; ++i) {
    scheduler_.spawn({fmt::format("w{}", i),
                      [this, boots, i](ProcessContext& context) {
                        return writer_boot(*this, context, (*boots)[i]);
                      },
                      swarm_.crash_percent, true, racy_crashes_only});
  }
  for (uint32_t i = 0; i < swarm_.readers; ++i) {
    uint32_t slot = swarm_.procs + i;
    scheduler_.spawn({fmt::format("r{}", i),
                      [this, boots, slot](ProcessContext& context) {
                        return reader_boot(*this, context, (*boots)[slot]);
                      },
                      swarm_.crash_percent, true, racy_crashes_only});
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
  // The fresh opener boots exactly like a writer, its pre-flight included
  // whenever this run's writers run pre-flights, so a pre-flight that can
  // never pass fails the phase.
  const bool preflights = swarm_.savepoint_percent > 0;
  scheduler_.spawn({"live",
                    [this, converged, live_target, preflights](ProcessContext& context) {
                      if (!*live_target) {  // one direction for every incarnation
                        std::array<uint32_t, 2> weights{1, 1};
                        *live_target = kAllTargets[context.decider().choose_weighted(
                            Stream::kWorkload, context.process(), labels::kLiveTarget, weights)];
                      }
                      Client client(*this);
                      std::unique_ptr<CatalogStore> store =
                          boot_and_open(*this, context, client, **live_target, preflights);
                      if (!store) return ProcessExit::kRestart;
                      WriteSet writes =
                          build_change(store->cached(), ChangeKind::kCreate,
                                       fmt::format("live_{}", context.incarnation()), 0);
                      const bool committed = client.commit(*store, writes).ok();
                      record_change(ChangeKind::kCreate);
                      if (!committed) return ProcessExit::kRestart;
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
