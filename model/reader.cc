// The model's reader: harness/workload.cc's reader_boot, call by call, with
// impl/migrator.cc's pre-open getters and read-only open, and the checker's
// P5 judgements (properties/checker.cc) on what each read returns.
//
// A session picks its kind (and, for a read-only open, how many rereads);
// every read is judged against the reference values of its window:
//  - a pre-open is_initialized read and a read-only snapshot against every
//    value the reference had since the session began (ReaderState::seen);
//  - a pre-open epoch read against the newest epoch an open returned
//    before the session began;
//  - a reread against the reference now while its store is the source of
//    truth, else against every value since the store stopped being it (the
//    window resets each step the store is the source). The checker bounds
//    that window below by the step the store stopped being the source even
//    when that was during the open; the model keeps the open's window then,
//    which only ever accepts more.
// A failed read (Fence, NotWritable) or a crash ends the incarnation: what
// it remembered is forgotten, and after a restart (a step, as in the
// implementation) the next session begins.
#include <fmt/format.h>

#include <algorithm>

#include "impl/source_of_truth.h"
#include "model/catalog_value.h"
#include "model/migration_model.h"
#include "sim/check.h"

namespace catsim::model {

namespace {

StoreId store_named(const ReaderState& reader) {
  CATSIM_CHECK(reader.store == 1 || reader.store == 2);
  return static_cast<StoreId>(reader.store - 1u);
}

uint8_t named(StoreId store) {
  return static_cast<uint8_t>(static_cast<uint32_t>(store) + 1u);
}

// What a window keeps of a reference value: all of it for a snapshot, only
// whether it is initialized for the is_initialized getter (all it judges).
uint32_t window_value(const ReaderState& reader, uint32_t reference) {
  return static_cast<ReadKind>(reader.kind) == ReadKind::kIsInitialized ? reference & kInitBit
                                                                        : reference;
}

// The store a read-only session read is remembered only where a broken
// variant uses it (reader_trusts_old_tombstone).
void remember(const Variant& variant, ReaderState& reader) {
  if (variant.switches.reader_trusts_old_tombstone) reader.remembered = reader.store;
}

bool window_has(const ReaderState& reader, uint32_t value) {
  for (uint32_t i = 0; i < reader.seen_count; ++i) {
    if (reader.seen[i] == value) return true;
  }
  return false;
}

std::string show_window(const ReaderState& reader) {
  std::string text;
  for (uint32_t i = 0; i < reader.seen_count; ++i) {
    if (i > 0) text += ", ";
    text += show_catalog(reader.seen[i]);
  }
  return text;
}

// P5 on an is_initialized (user_version) read that returned value, found
// where says; the window keeps only the init bit of each reference value.
void judge_initialized(StepContext& ctx, const ReaderState& reader, bool value,
                       std::string_view where) {
  if (window_has(reader, value ? kInitBit : 0)) return;
  ctx.fail(Property::kP5,
           fmt::format("a pre-open read of 'user_version' saw a value the catalog never had: "
                       "is_initialized {} {}, the reference was {} during the read",
                       value ? 1 : 0, where, show_window(reader)));
}

}  // namespace

ReaderCall next_reader_call(const ModelState& state) {
  const ReaderState& reader = state.reader;
  const bool stash = reader.store != 2;
  const StoreState& named_store = stash ? state.stash : state.persist;
  // An unopened handle adopts the epoch at its first read and fails with
  // Fence on a later read once the epoch moved (stores/stash_fake.cc,
  // stores/persist_fake.cc); so does a read-only stash handle (the fence row
  // moved); a read-only persist handle syncs forward and fails only on a
  // newer epoch, which, epochs only growing, is the same test.
  auto adopted_read = [](uint8_t adopted, uint8_t epoch) {
    return adopted == 0 || adopted == epoch + 1u;
  };
  auto held = [](uint8_t adopted, uint8_t epoch) -> uint64_t {
    return adopted == 0 ? epoch : adopted - 1u;
  };
  const HandleMode unopened = HandleMode::kUnopened, read_only = HandleMode::kReadOnly;
  const uint8_t named_adopted = stash ? reader.handle_epoch : reader.persist_epoch;
  const StoreId named = stash ? StoreId::kStash : StoreId::kPersist;
  switch (reader.pc) {
    case kRdPrefetch:
    case kRdPersistTombstone:
      return {StoreId::kPersist, "persist.read_config", unopened,
              adopted_read(reader.persist_epoch, state.persist.epoch),
              held(reader.persist_epoch, state.persist.epoch)};
    case kRdTombstone:
      return {StoreId::kStash, "stash.read_config", unopened,
              adopted_read(reader.handle_epoch, state.stash.epoch),
              held(reader.handle_epoch, state.stash.epoch)};
    case kRdValue: {
      const bool epoch = static_cast<ReadKind>(reader.kind) == ReadKind::kEpoch;
      const std::string_view call = stash ? (epoch ? "stash.read_epoch" : "stash.read_config")
                                          : (epoch ? "persist.read_epoch" : "persist.read_config");
      return {named, call, unopened, adopted_read(named_adopted, named_store.epoch),
              held(named_adopted, named_store.epoch)};
    }
    case kRdConnect:
      return {named, stash ? "stash.connect" : "persist.sync", read_only, true, named_store.epoch};
    case kRdSnapshot:
    case kRdReread:
      return {named, stash ? "stash.snapshot" : "persist.snapshot", read_only,
              named_adopted == named_store.epoch + 1u, held(named_adopted, named_store.epoch)};
    default:
      CATSIM_CHECK_MSG(false, "the reader makes no call here");
      return {};
  }
}

uint8_t first_read_call(const Variant& variant, ReadKind kind, ReaderState& reader) {
  const VariantSwitches& s = variant.switches;
  if (kind == ReadKind::kReadOnly) {
    // MUTANT reader_trusts_old_tombstone: the first answer is kept for good.
    if (s.reader_trusts_old_tombstone && reader.remembered != 0) {
      reader.store = reader.remembered;
      return kRdConnect;
    }
    // MUTANT reader_ignores_tombstone: the reader always reads the stash.
    if (s.reader_ignores_tombstone) {
      reader.store = named(StoreId::kStash);
      return kRdConnect;
    }
  }
  // MUTANT preopen_prefetches_persist: persist's value is read before the
  // tombstone, and used if the tombstone then names persist.
  const bool config_read = kind == ReadKind::kIsInitialized || kind == ReadKind::kSetting;
  if (config_read && s.preopen_prefetches_persist) return kRdPrefetch;
  return kRdTombstone;
}

void MigrationModel::reader_actions(const State& state, std::vector<Action>& actions) const {
  const ReaderState& reader = state.reader;
  if (reader.pc == kRdIdle) return;
  if (reader.pc == kRdDown) {
    if (reader.reads < bounds_.reads) actions.push_back({kReaderProcess, ActionKind::kRestart, 0});
    return;
  }
  if (reader.pc == kRdStart) {
    for (uint8_t kind = 0; kind < kReadKinds; ++kind) {
      const uint32_t rereads =
          kind == static_cast<uint8_t>(ReadKind::kReadOnly) ? bounds_.rereads : 0;
      for (uint32_t r = 0; r <= rereads; ++r) {
        actions.push_back({kReaderProcess, ActionKind::kCall, static_cast<uint8_t>(kind * 8u + r)});
      }
    }
    return;
  }
  actions.push_back({kReaderProcess, ActionKind::kCall, 0});
  if (state.crashes < bounds_.crashes) actions.push_back({kReaderProcess, ActionKind::kCrash, 0});
}

void MigrationModel::reader_end_session(ReaderState& reader, bool failed) const {
  const uint8_t reads = reader.reads;
  const uint8_t remembered = failed ? 0 : reader.remembered;
  reader = ReaderState{};
  reader.reads = reads;
  reader.remembered = remembered;
  // A new session in the same incarnation; after a failure, a restart first
  // (not offered once no reads remain: kRdDown then stays, as a writer's
  // kPcDown does with no boots left).
  reader.pc = failed ? kRdDown : reads >= bounds_.reads ? kRdIdle : kRdStart;
}

void MigrationModel::reader_step(StepContext& ctx, const Action& action) const {
  ReaderState& reader = ctx.state.reader;
  if (action.kind == ActionKind::kRestart) {
    CATSIM_CHECK(reader.pc == kRdDown && reader.reads < bounds_.reads);
    reader.pc = kRdStart;
    return;
  }
  if (action.kind == ActionKind::kCrash) {
    CATSIM_CHECK(reader.pc > kRdStart && reader.pc != kRdDown &&
                 ctx.state.crashes < bounds_.crashes);
    ++ctx.state.crashes;
    reader_end_session(reader, true);
    return;
  }
  CATSIM_CHECK(action.kind == ActionKind::kCall && reader.pc != kRdIdle && reader.pc != kRdDown);
  if (reader.pc == kRdStart) {
    const auto kind = static_cast<ReadKind>(action.target / 8u);
    CATSIM_CHECK(action.target / 8u <= static_cast<uint8_t>(ReadKind::kSetting) &&
                 action.target % 8u <= bounds_.rereads);
    ++reader.reads;
    reader.kind = static_cast<uint8_t>(kind);
    reader.rereads_left = static_cast<uint8_t>(action.target % 8u);
    if (kind == ReadKind::kEpoch) {
      reader.epoch_floor = ctx.state.open_epoch_max;
    } else if (kind != ReadKind::kSetting) {
      reader.seen[0] = window_value(reader, ctx.state.reference);
      reader.seen_count = 1;
    }
    reader.pc = first_read_call(*variant_, kind, reader);
    if (reader.pc == kRdConnect) remember(*variant_, reader);
  }
  reader_call(ctx);
}

// One call of the reader's session, at reader.pc.
void MigrationModel::reader_call(StepContext& ctx) const {
  State& state = ctx.state;
  ReaderState& reader = state.reader;
  const auto kind = static_cast<ReadKind>(reader.kind);
  if (!next_reader_call(state).passes) {  // Fence: the incarnation ends
    reader_end_session(reader, true);
    return;
  }
  // An unopened handle adopts the epoch at its first read (handle_epoch and
  // persist_epoch hold 1 + the epoch).
  auto adopt = [](uint8_t& adopted, uint8_t epoch) {
    if (adopted == 0) adopted = static_cast<uint8_t>(epoch + 1u);
  };
  auto tombstone_named = [&](StoreId store) {
    reader.store = named(store);
    if (kind == ReadKind::kReadOnly) {
      remember(*variant_, reader);
      reader.pc = kRdConnect;
      return;
    }
    // The prefetching getter answers with persist's earlier value, no call.
    if (reader.prefetched != 0 && store == StoreId::kPersist) {
      if (kind == ReadKind::kIsInitialized) {
        judge_initialized(ctx, reader, reader.prefetched == 2,
                          "(read from persist before the tombstone)");
      }
      reader_end_session(reader, false);
      return;
    }
    reader.pc = kRdValue;
  };
  switch (reader.pc) {
    case kRdPrefetch:
      adopt(reader.persist_epoch, state.persist.epoch);
      reader.prefetched = initialized(state.persist.contents) ? 2 : 1;
      reader.pc = kRdTombstone;
      return;
    case kRdTombstone: {
      adopt(reader.handle_epoch, state.stash.epoch);
      const Tomb tomb = state.stash.tombstone;
      if (variant_->protocol == Protocol::kTwoTombstone) {
        reader.stash_tomb = static_cast<uint8_t>(tomb);
        reader.pc = kRdPersistTombstone;
        return;
      }
      // MUTANT tombstone_presence_as_truth: "is there a tombstone", not "is it true".
      const bool persist = variant_->switches.tombstone_presence_as_truth ? tomb != Tomb::kNone
                                                                          : tomb == Tomb::kTrue;
      tombstone_named(persist ? StoreId::kPersist : StoreId::kStash);
      return;
    }
    case kRdPersistTombstone: {
      adopt(reader.persist_epoch, state.persist.epoch);
      const auto stash = static_cast<Tomb>(reader.stash_tomb);
      reader.stash_tomb = 0;
      const std::optional<StoreId> source = source_of_truth(
          *variant_, Tombstones{tomb_value(stash), tomb_value(state.persist.tombstone)});
      if (!source) break;  // NotWritable
      tombstone_named(*source);
      return;
    }
    case kRdValue: {
      const StoreId store = store_named(reader);
      const StoreState& named_store = store_of(state, store);
      uint8_t& adopted = store == StoreId::kStash ? reader.handle_epoch : reader.persist_epoch;
      adopt(adopted, named_store.epoch);
      if (kind == ReadKind::kEpoch) {
        if (named_store.epoch < reader.epoch_floor) {
          ctx.fail(Property::kP5,
                   fmt::format("a pre-open epoch read went back before an earlier open: "
                               "read epoch {} of the {}, an open had returned epoch {} before",
                               named_store.epoch, store_name(store), reader.epoch_floor));
        }
      } else if (kind == ReadKind::kIsInitialized) {
        judge_initialized(ctx, reader, initialized(named_store.contents),
                          fmt::format("from the {}", store_name(store)));
      }
      reader_end_session(reader, false);
      return;
    }
    case kRdConnect:  // a read-only connect (stash) or sync (persist): adopt the epoch
      if (store_named(reader) == StoreId::kStash) {
        reader.handle_epoch = static_cast<uint8_t>(state.stash.epoch + 1u);
      } else {
        reader.persist_epoch = static_cast<uint8_t>(state.persist.epoch + 1u);
      }
      reader.pc = kRdSnapshot;
      return;
    case kRdSnapshot:
    case kRdReread: {
      const StoreId store = store_named(reader);
      const StoreState& read = store_of(state, store);
      if (reader.pc == kRdSnapshot) {
        if (!initialized(read.contents)) break;  // NotWritable
        // Kept only where a broken variant answers from it.
        if (variant_->switches.read_only_serves_cache) reader.cached = read.contents;
        if (!window_has(reader, read.contents)) {
          ctx.fail(
              Property::kP5,
              fmt::format("a read-only snapshot saw a catalog the reference never had: "
                          "{} from the {}, the reference was {} during the read",
                          show_catalog(read.contents), store_name(store), show_window(reader)));
        }
      } else {
        // MUTANT read_only_serves_cache: later reads answer with the open's snapshot.
        const uint32_t value =
            variant_->switches.read_only_serves_cache ? reader.cached : read.contents;
        const bool abandoned = source_of(*variant_, state) != store;
        const bool seen = abandoned ? window_has(reader, value) : value == state.reference;
        if (!seen) {
          ctx.fail(Property::kP5,
                   fmt::format("a later read through a read-only {} handle saw a catalog the "
                               "reference never had: {}, the reference {}",
                               store_name(store), show_catalog(value),
                               abandoned ? "since the store stopped being the source was " +
                                               show_window(reader)
                                         : "is " + show_catalog(state.reference)));
        }
        --reader.rereads_left;
      }
      if (reader.rereads_left == 0) {
        reader_end_session(reader, false);
      } else {
        reader.pc = kRdReread;
      }
      return;
    }
    default:
      CATSIM_CHECK_MSG(false, "a reader call at no call");
  }
  reader_end_session(reader, true);  // NotWritable: the incarnation ends
}

// Whether a window value can still be what a later read of this session
// returns. A read returns a store's contents; a store's contents only ever
// become a snapshot a process holds (the copy), themselves plus the init
// bit (initialization) or plus a fresh label (a change, whose label no
// window value holds). So a value none of those can become is dead, and
// forgetting it changes no verdict. With merge_not_replace a copy adds a
// snapshot's labels instead: every value is kept.
bool window_value_live(const Variant& variant, const ModelState& state, uint32_t value) {
  if (variant.switches.merge_not_replace) return true;
  auto reaches = [value](uint32_t base) {
    return (base & ~value) == 0 && (value & ~base & ~kInitBit) == 0;
  };
  if (reaches(state.stash.contents) || reaches(state.persist.contents)) return true;
  if (state.reader.cached != 0 && reaches(state.reader.cached)) return true;
  for (uint32_t p = 0; p < state.procs; ++p) {
    if (state.proc[p].snap != 0 && reaches(state.proc[p].snap)) return true;
  }
  return false;
}

// Forgets the dead values of a snapshot's window (kept in order).
void forget_dead_values(const Variant& variant, ModelState& state) {
  ReaderState& reader = state.reader;
  uint32_t kept = 0;
  for (uint32_t i = 0; i < reader.seen_count; ++i) {
    if (window_value_live(variant, state, reader.seen[i])) reader.seen[kept++] = reader.seen[i];
  }
  for (uint32_t i = kept; i < kSeenMax; ++i) reader.seen[i] = 0;
  reader.seen_count = static_cast<uint8_t>(kept);
}

bool MigrationModel::update_read_window(State& state) const {
  ReaderState& reader = state.reader;
  const auto kind = static_cast<ReadKind>(reader.kind);
  if (reader.pc <= kRdStart || reader.pc == kRdDown || kind == ReadKind::kEpoch ||
      kind == ReadKind::kSetting) {
    return true;
  }
  const uint32_t now = window_value(reader, state.reference);
  if (reader.pc == kRdReread && source_of(*variant_, state) == store_named(reader)) {
    reader.seen = {now, 0, 0};
    reader.seen_count = 1;
    return true;
  }
  if (window_has(reader, now)) return true;  // a set: only membership is judged
  if (kind == ReadKind::kReadOnly) forget_dead_values(*variant_, state);
  if (reader.seen_count == kSeenMax) return false;
  reader.seen[reader.seen_count++] = now;
  return true;
}

}  // namespace catsim::model
