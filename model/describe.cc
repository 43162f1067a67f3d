// Human-readable actions and states of MigrationModel, and what of a
// variant the model cannot see.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "model/canonical.h"
#include "model/catalog_value.h"
#include "model/migration_model.h"

namespace catsim::model {

namespace {

std::string_view tomb_name(Tomb tomb) {
  switch (tomb) {
    case Tomb::kNone:
      return "None";
    case Tomb::kFalse:
      return "false";
    case Tomb::kTrue:
      return "true";
  }
  return "?";
}

std::string target_label(uint8_t target) {
  if (target == 0) return "-";
  if (target > kDryRunTargets) {
    return fmt::format("pre-flight {}",
                       target_name(static_cast<Target>(target - 1 - kDryRunTargets)));
  }
  return std::string(target_name(static_cast<Target>(target - 1)));
}

}  // namespace

std::vector<std::string> unmodelled_switches(const Variant& variant, const ModelBounds& bounds,
                                             bool liveness) {
  std::vector<std::string> notes;
  VariantSwitches s = variant.switches;
  if ((s.savepoint_durable || s.savepoint_needs_both_stores) && !bounds.savepoints) {
    notes.push_back(
        "savepoint_durable (P4) and savepoint_needs_both_stores (P6) act only in the savepoint "
        "pre-flight: --savepoints");
  }
  if ((s.reader_ignores_tombstone || s.reader_trusts_old_tombstone ||
       s.preopen_prefetches_persist || s.read_only_serves_cache) &&
      bounds.readers == 0) {
    notes.push_back(
        "reader_ignores_tombstone, reader_trusts_old_tombstone, preopen_prefetches_persist and "
        "read_only_serves_cache (P5) act only on readers: --readers 1");
  }
  if (s.reader_trusts_old_tombstone && bounds.readers > 0 && bounds.reads < 2) {
    notes.push_back("reader_trusts_old_tombstone acts from a reader's second read: --reads 2");
  }
  if (s.read_only_serves_cache && bounds.readers > 0 && bounds.rereads == 0) {
    notes.push_back("read_only_serves_cache acts on rereads: --rereads 1 or more");
  }
  if ((s.indeterminate_as_success || s.retry_indeterminate_write) && bounds.indeterminates == 0) {
    notes.push_back(
        "indeterminate_as_success and retry_indeterminate_write act only on indeterminate "
        "outcomes: --indeterminates 1 or more");
  }
  if (s.retry_indeterminate_write && bounds.indeterminates > 2) {
    notes.push_back(
        "retry_indeterminate_write: the model retries as long as outcomes stay indeterminate; "
        "the implementation stops after retries_max (2 by default): exact for "
        "--indeterminates 2 or fewer");
  }
  if (s.copy_requires_empty_destination && !liveness) {
    notes.push_back(
        "copy_requires_empty_destination (P6) shows only as a liveness failure: "
        "liveness checking is off");
  }
  // Every switch the model reads (or names above); whatever is left set was
  // added to impl/variant.h after the model and is invisible to it.
  for (bool* known : {&s.fix_persist_bound_from_fenced_stash,
                      &s.fix_emergency_fences_persist,
                      &s.fix_rollback_copies_first,
                      &s.fix_stash_raised_to_persist,
                      &s.tombstone_before_copy,
                      &s.stash_skip_fence,
                      &s.persist_blind_append,
                      &s.no_epoch_lower_bound,
                      &s.savepoint_durable,
                      &s.indeterminate_as_success,
                      &s.always_copy,
                      &s.copy_requires_empty_destination,
                      &s.reader_ignores_tombstone,
                      &s.early_draft,
                      &s.rollback_tombstone_first,
                      &s.merge_not_replace,
                      &s.persist_fenced_first,
                      &s.tombstone_read_before_fence,
                      &s.retry_indeterminate_write,
                      &s.reader_trusts_old_tombstone,
                      &s.example_forget_tombstone,
                      &s.table_true_true_is_persist,
                      &s.preopen_prefetches_persist,
                      &s.tombstone_presence_as_truth,
                      &s.savepoint_needs_both_stores,
                      &s.read_only_serves_cache}) {
    *known = false;
  }
  static_assert(std::has_unique_object_representations_v<VariantSwitches>);
  const VariantSwitches none{};
  if (std::memcmp(&s, &none, sizeof(VariantSwitches)) != 0) {
    notes.push_back(
        "the variant sets a switch the model does not know (added to impl/variant.h after "
        "model/): the model runs without it, so this verdict says nothing about it");
  }
  return notes;
}

ModelBounds bounds_that_see(const Variant& variant, ModelBounds base) {
  const VariantSwitches& s = variant.switches;
  if (s.savepoint_durable || s.savepoint_needs_both_stores) base.savepoints = true;
  if (s.reader_ignores_tombstone || s.reader_trusts_old_tombstone || s.preopen_prefetches_persist ||
      s.read_only_serves_cache || s.tombstone_presence_as_truth) {
    base.readers = 1;
    base.reads = std::max<uint32_t>(base.reads, 2);
    base.rereads = std::max<uint32_t>(base.rereads, 1);
  }
  return base;
}

MigrationModel::State MigrationModel::canonical(const State& state, Permutation& perm) const {
  std::array<uint8_t, kProcsMax> classes{};
  for (uint32_t p = 0; p < kProcsMax; ++p) classes[p] = bounds_.targets[p];
  return canonicalize(state, classes, perm);
}

uint64_t MigrationModel::fingerprint(const State& state) const {
  return fingerprint_of(state);
}

namespace {

std::string_view read_kind_name(ReadKind kind) {
  switch (kind) {
    case ReadKind::kIsInitialized:
      return "pre-open is_initialized";
    case ReadKind::kEpoch:
      return "pre-open epoch";
    case ReadKind::kReadOnly:
      return "read-only open";
    case ReadKind::kSetting:
      return "pre-open setting";
  }
  return "?";
}

// The reader's next call (state.reader.pc), with what it reads.
std::string reader_call_name(const ModelState& state) {
  const ReaderState& reader = state.reader;
  std::string_view what;
  switch (reader.pc) {
    case kRdPrefetch:
      what = "user_version, unopened, before the tombstone";
      break;
    case kRdTombstone:
    case kRdPersistTombstone:
      what = "tombstone, unopened";
      break;
    case kRdValue:
      switch (static_cast<ReadKind>(reader.kind)) {
        case ReadKind::kEpoch:
          what = "unopened";
          break;
        case ReadKind::kSetting:
          what = "setting, unopened";
          break;
        default:
          what = "user_version, unopened";
          break;
      }
      break;
    case kRdConnect:
      what = "read-only";
      break;
    case kRdSnapshot:
      what = "read-only open";
      break;
    case kRdReread:
      what = "reread";
      break;
    default:
      return "?";
  }
  return fmt::format("{}({})", next_reader_call(state).call, what);
}

}  // namespace

std::string MigrationModel::describe_action(const State& state, const Action& action) const {
  if (action.process == kReaderProcess) {
    State next = state;
    ReaderState& reader = next.reader;
    if (action.kind == ActionKind::kCrash) {
      return fmt::format("r0 crash before {}", reader_call_name(next));
    }
    if (action.kind == ActionKind::kRestart) return "r0 restart";
    std::string text = "r0 ";
    if (reader.pc == kRdStart) {
      const auto kind = static_cast<ReadKind>(action.target / 8u);
      text += read_kind_name(kind);
      if (kind == ReadKind::kReadOnly) text += fmt::format(" (+{} rereads)", action.target % 8u);
      text += ": ";
      reader.kind = static_cast<uint8_t>(kind);
      reader.pc = first_read_call(*variant_, kind, reader);
    }
    return text + reader_call_name(next);
  }
  const ProcState& proc = state.proc[action.process];
  const std::string who = fmt::format("w{}", action.process);
  switch (action.kind) {
    case ActionKind::kRestart:
      return fmt::format("{} restart (boot {})", who, proc.boots + 1);
    case ActionKind::kCrash:
      return fmt::format("{} crash before {}", who, op_name(current_op(proc)));
    case ActionKind::kCall:
      break;
  }
  if (in_dry_run(proc) && proc.pc == kPcChanges) {
    return action.target == kStartOpen
               ? fmt::format("{} {}: the dry run ends; writable open: {}", who,
                             target_name(target_of(proc)),
                             op_name(programs_.next_op(proc, kStartOpen)))
               : fmt::format("{} {}: dry-run commit(change)", who, target_name(target_of(proc)));
  }
  const uint8_t target = proc.pc == kPcStart ? action.target : proc.target;
  ProcState chosen = proc;
  chosen.target = target;
  if (chosen.pc == kPcStart) chosen.pc = kPcFirstOp;
  const Op op = current_op(chosen);
  std::string text = fmt::format("{} {}: {}", who, target_label(target), op_name(op));
  if (op == Op::kStashConnect) text += fmt::format(" (lower bound {})", stash_lower_bound(chosen));
  if (op == Op::kPersistFence) {
    text += fmt::format(" (lower bound {})", persist_lower_bound(chosen));
  }
  if ((op == Op::kCopyToPersist || op == Op::kCopyToStash) &&
      variant_->protocol == Protocol::kSingleTombstone && variant_->switches.merge_not_replace) {
    text += " [merge, not replace]";
  }
  if (action.outcome == CallOutcome::kIndeterminateApplied) text += " [indeterminate: applied]";
  if (action.outcome == CallOutcome::kIndeterminateLost) text += " [indeterminate: lost]";
  return text;
}

std::string MigrationModel::describe_state(const State& state) const {
  std::string text =
      fmt::format("stash e{} t={} {}", state.stash.epoch, tomb_name(state.stash.tombstone),
                  show_catalog(state.stash.contents));
  text += fmt::format(" | persist e{}", state.persist.epoch);
  if (variant_->protocol == Protocol::kTwoTombstone) {
    text += fmt::format(" t={}", tomb_name(state.persist.tombstone));
  }
  text += fmt::format(" {} | ref {} | open max e{}", show_catalog(state.persist.contents),
                      show_catalog(state.reference), state.open_epoch_max);
  for (uint32_t p = 0; p < state.procs; ++p) {
    const ProcState& proc = state.proc[p];
    text += fmt::format(" | w{} ", p);
    if (proc.pc == kPcDown) {
      text += proc.boots < bounds_.boots ? "down" : "done";
    } else if (proc.pc == kPcStart) {
      text += "start";
    } else if (proc.pc == kPcChanges) {
      const bool persist = returned_store(target_of(proc)) == StoreId::kPersist;
      text += fmt::format("holds {}@e{}", persist ? "persist" : "stash",
                          persist ? proc.persist_handle : proc.stash_handle);
    } else {
      text += fmt::format("{} next {}", target_label(proc.target), op_name(current_op(proc)));
    }
  }
  const ReaderState& reader = state.reader;
  if (bounds_.readers > 0) {
    text += " | r0 ";
    if (reader.pc == kRdIdle) {
      text += "done";
    } else if (reader.pc == kRdDown) {
      text += "down";
    } else if (reader.pc == kRdStart) {
      text += "start";
    } else {
      text += fmt::format("{} next {}", read_kind_name(static_cast<ReadKind>(reader.kind)),
                          reader_call_name(state));
    }
  }
  return text;
}

}  // namespace catsim::model
