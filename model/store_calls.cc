#include "model/store_calls.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/catalog_value.h"
#include "model/program.h"
#include "properties/spec_tables.h"
#include "sim/check.h"

namespace catsim::model {

namespace {

constexpr uint32_t kEpochMax = 250;  // epochs are stored in a byte

TombstoneRows tombstones_of(const ModelState& state) {
  return TombstoneRows{tomb_value(state.stash.tombstone), tomb_value(state.persist.tombstone)};
}

uint32_t handle_epoch(const ProcState& proc, StoreId store) {
  return store == StoreId::kStash ? proc.stash_handle : proc.persist_handle;
}

// The upper moved: every persist handle but the writer's is out of sync.
void move_upper(StepContext& ctx, bool writer_told_ok) {
  for (uint32_t p = 0; p < ctx.state.procs; ++p) ctx.state.proc[p].persist_in_sync = 0;
  ctx.proc().persist_in_sync = writer_told_ok ? 1 : 0;
}

CallStatus status_of(const StepContext& ctx, bool check_passes) {
  if (ctx.outcome != CallOutcome::kNormal) return CallStatus::kIndeterminate;
  return check_passes ? CallStatus::kOk : CallStatus::kFence;
}

bool applies(const StepContext& ctx, bool check_passes) {
  return check_passes && ctx.outcome != CallOutcome::kIndeterminateLost;
}

}  // namespace

void StepContext::fail(Property property, std::string summary) {
  if (violation || (properties & property_bit(property)) == 0) return;
  violation = ModelViolation{property, std::move(summary)};
}

std::optional<uint64_t> tomb_value(Tomb tomb) {
  switch (tomb) {
    case Tomb::kNone:
      return std::nullopt;
    case Tomb::kFalse:
      return 0;
    case Tomb::kTrue:
      return 1;
  }
  return std::nullopt;
}

std::optional<StoreId> source_of(const Variant& variant, const ModelState& state) {
  return spec_source_of_truth(spec_table_for(variant), tombstones_of(state));
}

StoreState& store_of(ModelState& state, StoreId store) {
  return store == StoreId::kStash ? state.stash : state.persist;
}

const StoreState& store_of(const ModelState& state, StoreId store) {
  return store == StoreId::kStash ? state.stash : state.persist;
}

bool write_check_passes(const Variant& variant, const ModelState& state, uint32_t process,
                        StoreId store) {
  const ProcState& proc = state.proc[process];
  if (store == StoreId::kStash) {
    // MUTANT stash_skip_fence: the transaction does not compare the fence row.
    if (variant.switches.stash_skip_fence) return true;
    return holds_stash_fence(state, proc);
  }
  // MUTANT persist_blind_append: append without comparing the upper.
  if (variant.switches.persist_blind_append) return true;
  return proc.persist_in_sync != 0;
}

bool call_check_passes(const Variant& variant, ModelState state, uint32_t process, Op op,
                       StoreId commit_store) {
  const ProcState& proc = state.proc[process];
  StepContext ctx{variant, 0, state, process, CallOutcome::kNormal, std::nullopt, false};
  switch (op) {
    case Op::kReadStashEpoch:
    case Op::kReadPersistEpoch:
    case Op::kPersistSync:
    case Op::kStashConnect:
    case Op::kSpStashConnect:
    case Op::kSpPersistSync:
      return true;  // first reads adopt; a connect always fences
    case Op::kStashReadTombstoneEarly:
      return state.stash.epoch == proc.stash_epoch_read;
    case Op::kStashOpenSnapshot:
    case Op::kSpStashSnapshot:
    case Op::kStashReadTombstone:
    case Op::kStashSnapshotSource:
      return stash_read_check(ctx) == CallStatus::kOk;
    case Op::kPersistOpenSnapshot:
    case Op::kSpPersistSnapshot:
    case Op::kPersistReadTombstone:
    case Op::kPersistSnapshotSource:
    case Op::kPersistFence:
      return persist_read_check(ctx) == CallStatus::kOk;
    case Op::kStashRaiseEpoch:  // always compares the fence row
      return holds_stash_fence(state, proc);
    default:
      break;
  }
  const OpStore calls = op_row(op).store;
  if (calls == OpStore::kNone) return false;
  const StoreId store = calls == OpStore::kOpened    ? commit_store
                        : calls == OpStore::kPersist ? StoreId::kPersist
                                                     : StoreId::kStash;
  return write_check_passes(variant, state, process, store);
}

CallStatus stash_connect(StepContext& ctx, uint32_t lower_bound) {
  StoreState& stash = ctx.state.stash;
  if (ctx.outcome == CallOutcome::kIndeterminateLost) return CallStatus::kIndeterminate;
  uint32_t epoch = std::max<uint32_t>(stash.epoch + 1u, lower_bound);
  CATSIM_CHECK(epoch < kEpochMax);
  stash.epoch = static_cast<uint8_t>(epoch);
  if (ctx.outcome != CallOutcome::kNormal) return CallStatus::kIndeterminate;
  ctx.proc().stash_handle = stash.epoch;
  return CallStatus::kOk;
}

CallStatus persist_fence(StepContext& ctx, uint32_t lower_bound) {
  ProcState& proc = ctx.proc();
  const bool in_sync = proc.persist_in_sync != 0;
  CallStatus status = status_of(ctx, in_sync);
  if (!applies(ctx, in_sync)) return status;
  uint32_t chosen = std::max<uint32_t>(proc.persist_handle + 1u, lower_bound);
  CATSIM_CHECK(chosen > ctx.state.persist.epoch);
  CATSIM_CHECK(chosen < kEpochMax);
  ctx.state.persist.epoch = static_cast<uint8_t>(chosen);
  move_upper(ctx, status == CallStatus::kOk);
  if (status == CallStatus::kOk) proc.persist_handle = static_cast<uint8_t>(chosen);
  return status;
}

CallStatus stash_raise_epoch(StepContext& ctx, uint32_t target) {
  ProcState& proc = ctx.proc();
  const bool ours = holds_stash_fence(ctx.state, proc);
  CallStatus status = status_of(ctx, ours);
  if (!applies(ctx, ours)) return status;
  CATSIM_CHECK(target < kEpochMax);
  StoreState& stash = ctx.state.stash;
  stash.epoch = static_cast<uint8_t>(std::max<uint32_t>(stash.epoch, target));
  if (status == CallStatus::kOk) proc.stash_handle = stash.epoch;
  return status;
}

CallStatus stash_read_check(StepContext& ctx) {
  return holds_stash_fence(ctx.state, ctx.proc()) ? CallStatus::kOk : CallStatus::kFence;
}

CallStatus persist_read_check(StepContext& ctx) {
  return ctx.proc().persist_in_sync != 0 ? CallStatus::kOk : CallStatus::kFence;
}

WriteResult data_write(StepContext& ctx, const DataWrite& write) {
  const bool check_passes = write_check_passes(ctx.variant, ctx.state, ctx.process, write.store);
  WriteResult result{status_of(ctx, check_passes), applies(ctx, check_passes), false};
  const bool dry_run = in_dry_run(ctx.proc());
  // MUTANT savepoint_durable: the savepoint's transaction is committed.
  if (dry_run && !ctx.variant.switches.savepoint_durable) result.took_effect = false;
  if (!result.took_effect) return result;
  if (dry_run) {
    ctx.fail(Property::kP4,
             fmt::format("a dry run changed the {} durably: a savepoint handle at epoch {} "
                         "wrote ({})",
                         store_name(write.store), handle_epoch(ctx.proc(), write.store),
                         intent_name(write.intent)));
  }
  const std::optional<StoreId> source_before = source_of(ctx.variant, ctx.state);
  const TombstoneRows tombstones_before = tombstones_of(ctx.state);
  StoreState& store = store_of(ctx.state, write.store);
  const uint32_t contents_before = store.contents;
  if (write.replace) store.contents = *write.replace;
  store.contents |= write.added;
  if (write.tombstone) store.tombstone = *write.tombstone;
  if (write.store == StoreId::kPersist) move_upper(ctx, result.status == CallStatus::kOk);
  result.on_source = source_before == write.store;
  const std::string_view name = store_name(write.store);
  const uint32_t epoch = handle_epoch(ctx.proc(), write.store);
  if (epoch < store.epoch) {
    ctx.fail(Property::kP3,
             fmt::format("a stale writer changed the {}: a handle at epoch {} wrote ({}) after "
                         "the store was fenced at epoch {}",
                         name, epoch, intent_name(write.intent), store.epoch));
  }
  switch (write.intent) {
    case Intent::kInit:
    case Intent::kWorkload:
      if (result.on_source) ctx.state.reference |= write.added;
      break;
    case Intent::kCopy:
    case Intent::kTombstone:
      if (spec_copy_completed(spec_table_for(ctx.variant), tombstones_before, write.store) &&
          contents_before != store.contents) {
        ctx.fail(Property::kP6,
                 fmt::format("re-running a completed direction changed data: a {} handle at "
                             "epoch {} ({}) rewrote it although the tombstones ({}) say that "
                             "copy already completed",
                             name, epoch, intent_name(write.intent),
                             show_rows(spec_table_for(ctx.variant), tombstones_before)));
      }
      break;
    case Intent::kEmergency:
      if (source_before != source_of(ctx.variant, ctx.state)) {
        ctx.state.reference = ctx.state.stash.contents;  // the declared loss
      }
      break;
    case Intent::kRead:
    case Intent::kFence:
      break;
  }
  return result;
}

std::optional<ModelViolation> check_one_source_of_truth(const Variant& variant,
                                                        const ModelState& state) {
  const std::optional<StoreId> source = source_of(variant, state);
  if (!source) {
    return ModelViolation{Property::kP1,
                          fmt::format("the tombstone state {} maps to no store",
                                      show_rows(spec_table_for(variant), tombstones_of(state)))};
  }
  const uint32_t truth = store_of(state, *source).contents;
  if (truth == state.reference) return std::nullopt;
  return ModelViolation{
      Property::kP1,
      fmt::format("the source of truth ({}) holds {}, the reference {}", store_name(*source),
                  show_catalog(truth), show_catalog(state.reference))};
}

}  // namespace catsim::model
