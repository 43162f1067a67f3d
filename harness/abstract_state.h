// AbstractState: a small, cheap abstraction of the catalog world after a
// step, fingerprinted for state coverage (sim/state_coverage.h) and guided
// campaigns (sim/guided_corpus.h).
//
// The abstract state is: each store's tombstone (none, false, true or
// other), whether each store holds a user version (is initialized), the
// order of the two stores' epochs, the checker's source of truth, and the
// process that just stepped: its place in the protocol (the label and kind
// of its step) with the order of the epoch each of its handles last held
// against its store's current epoch (none, behind, equal, ahead). Only the
// stepping process is in it (not every process's combination), so the
// number of abstract states stays in the thousands, and renumbering
// processes changes nothing.
// Guarantees: a pure function of what the world observed; no allocation per
// step (fixed arrays; processes beyond kProcessesMax are not tracked);
// label hashes are computed once per step of the process that moved.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/scheduler.h"
#include "stores/store_call.h"

namespace catsim {

class AbstractState {
 public:
  static constexpr uint32_t kProcessesMax = 16;

  // What the stores hold now (ground truth, not a call).
  struct Stores {
    uint64_t stash_epoch = 1;
    uint64_t persist_epoch = 1;
    std::optional<uint64_t> stash_tombstone;
    std::optional<uint64_t> persist_tombstone;
    bool stash_initialized = false;
    bool persist_initialized = false;
    std::optional<StoreId> source_of_truth;
  };

  // A call process made through a handle holding handle_epoch on store.
  void on_call(uint32_t process, StoreId store, uint64_t handle_epoch);
  void after_step(const StepRecord& record);
  // The state as seen by process (the one that just stepped).
  uint64_t fingerprint(const Stores& stores, uint32_t process) const;

 private:
  struct Process {
    uint64_t place = 0;  // hash of the last step's label and action; 0: never stepped
    std::array<uint64_t, 2> handle_epochs{};  // by StoreId; 0: no handle
  };
  std::array<Process, kProcessesMax> processes_{};
};

}  // namespace catsim
