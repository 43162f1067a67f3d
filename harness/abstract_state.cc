#include "harness/abstract_state.h"

#include "sim/hash.h"

namespace catsim {

namespace {

uint64_t order(uint64_t a, uint64_t b) {
  return a < b ? 1 : (a == b ? 2 : 3);
}

uint64_t tombstone_code(const std::optional<uint64_t>& tombstone) {
  return tombstone ? 1 + std::min<uint64_t>(*tombstone, 2) : 0;
}

}  // namespace

void AbstractState::on_call(uint32_t process, StoreId store, uint64_t handle_epoch) {
  if (process >= kProcessesMax || handle_epoch == 0) return;
  processes_[process].handle_epochs[static_cast<size_t>(store)] = handle_epoch;
}

void AbstractState::after_step(const StepRecord& record) {
  if (record.process >= kProcessesMax) return;
  Process& process = processes_[record.process];
  if (record.action != StepAction::kRun) process.handle_epochs = {};
  Hasher hasher;
  hasher.add_label(record.label);
  hasher.add(static_cast<uint64_t>(record.action) << 1 | (record.exited ? 1 : 0));
  process.place = hasher.value() | 1;
}

uint64_t AbstractState::fingerprint(const Stores& stores, uint32_t process) const {
  const std::array<uint64_t, 2> store_epochs{stores.stash_epoch, stores.persist_epoch};
  uint64_t local = 0;
  if (process < kProcessesMax) {
    const Process& p = processes_[process];
    uint64_t handles = 0;
    for (size_t store = 0; store < 2; ++store) {
      const uint64_t held = p.handle_epochs[store];
      handles = handles << 2 | (held == 0 ? 0 : order(held, store_epochs[store]));
    }
    local = mix64(p.place ^ handles);
  }
  const uint64_t stores_code =
      tombstone_code(stores.stash_tombstone) | tombstone_code(stores.persist_tombstone) << 3 |
      uint64_t{stores.stash_initialized} << 6 | uint64_t{stores.persist_initialized} << 7 |
      order(stores.stash_epoch, stores.persist_epoch) << 8 |
      (stores.source_of_truth ? 1 + static_cast<uint64_t>(*stores.source_of_truth) : 0) << 10;
  return mix64(stores_code) ^ local;
}

}  // namespace catsim
