// Explorer: exhaustive bounded search of a ProtocolModel's state space
// (sim/protocol_model.h), for any protocol.
//
// Breadth-first search finds a shortest counterexample (fewest steps) when
// partial-order reduction is off (with it on, for a ReducibleModel, a
// counterexample, not always a shortest);
// depth-first search uses memory in proportion to the depth, not the
// frontier. Both visit each canonical state (model.canonical) once, keyed
// by its fingerprint (64 bits, or 128 with fingerprint_bits), and check
// every transition and every new state (model.step reports the first
// property violated). For a LivenessModel with options.liveness on, every
// new state is also checked for liveness (cached per liveness_key): a
// lone opener that does not converge is reported at once; one that
// converges but breaks a safety property on its way is reported only if the
// search itself finds no violation (the search's own, shorter evidence
// comes first).
// Breadth-first search expands each layer on options.jobs threads
// (level-synchronous: a layer is cut into blocks, expanded in parallel, and
// its new states are admitted in the order of the sequential search, the
// first parent and action that reach a state owning it).
// Guarantees:
//  1. Deterministic: the same model and options give the same report, for
//     any number of jobs (no clock, no randomness, no unordered iteration,
//     no dependence on which thread won a race; progress callbacks only
//     observe). jobs == 1 is the sequential search.
//  2. A reported counterexample is a real path from the initial state,
//     re-executed without symmetry reduction, with the original process
//     names; its last step, or the lone opener's run after it
//     (liveness_tail, not counted in length), violates the property.
//  3. Verdict kClean means no reachable state within the bounds violates a
//     checked property, up to fingerprint collisions (probability below
//     states^2 / 2^(bits+1)); kIncomplete means a states_max or
//     memory_max_bytes cap, or options.stop, stopped it (a depth_max cap
//     is reported by depth_capped, with verdict kClean).
//  4. Memory: BFS keeps the fingerprint set (11-21 bytes a state at 64
//     bits), a 5-byte parent link a state, and two layers of encoded
//     states (sim/bfs_layers.h); DFS keeps a table and the stack.
//     peak_memory_bytes counts container capacity.
//  5. Swarm (options.swarm, depth-first only): one shard of a swarm
//     verification (sim/swarm.h). The visited set is a bitstate array
//     (sim/bitstate_set.h) and each state's actions are taken in the
//     shard's own order; everything else is the depth-first search's
//     (symmetry, partial-order reduction, liveness, counterexample replay).
//     Guarantee 1 holds per shard; guarantee 3 does not: a kClean shard saw
//     no violation in the states it visited, and report.swarm estimates the
//     chance that it took a new state for a visited one. Under a depth bound
//     a state is not revisited when reached again at a smaller depth.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol_model.h"
#include "sim/swarm.h"

namespace catsim::model {

enum class SearchOrder : uint8_t { kBreadthFirst, kDepthFirst };

struct ExploreProgress {
  uint64_t states = 0;
  uint64_t transitions = 0;
  uint32_t depth = 0;     // BFS: the layer being expanded; DFS: the stack depth
  uint64_t frontier = 0;  // BFS: states waiting in this and the next layer; DFS: stack frames
  uint64_t memory_bytes = 0;
};

struct ExploreOptions {
  SearchOrder order = SearchOrder::kBreadthFirst;
  uint32_t depth_max = 0;   // 0: no bound (the models' spaces are finite anyway)
  uint64_t states_max = 0;  // 0: no cap; reaching it ends the search as kIncomplete
  // 0: no cap; the explorer's own estimate of its memory (tables, frontier,
  // parent links) passing it ends the search as kIncomplete. Checked with
  // the progress, every progress_every_states states and at each BFS layer,
  // so one table growth may pass it.
  uint64_t memory_max_bytes = 0;
  bool symmetry = true;
  bool liveness = true;
  // Partial-order reduction (a ReducibleModel's reduce()): follow a
  // persistent set of the enabled actions. The verdict is the same; a
  // counterexample is a real path but, breadth-first, not necessarily a
  // shortest one. Off under depth_max.
  bool partial_order = true;
  uint32_t jobs = 1;               // BFS threads (sim/worker_threads.h)
  uint32_t fingerprint_bits = 64;  // 64 or 128 (BFS only)
  // BFS: states per block of a layer, the unit of parallel work (tests make
  // it small to cut small layers into many blocks); no effect on the report.
  uint32_t block_states_max = 512;
  uint64_t progress_every_states = 1u << 18;
  std::optional<SwarmOptions> swarm;  // a swarm shard (guarantee 5): depth-first, one job
  // May be null. Once set (by a signal handler, say), the search stops as at
  // a cap: kIncomplete with stopped set. Where it stops depends on when.
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const ExploreProgress&)> progress;  // may be empty
};

enum class Verdict : uint8_t { kClean, kViolation, kIncomplete };
std::string_view verdict_name(Verdict verdict);
// A command's exit status for verdict: 0 clean, 1 a violation, 3 incomplete.
int verdict_exit_status(Verdict verdict);

template <class Property, class Action>
struct CounterexampleOf {
  Property property{};
  std::string summary;
  std::vector<std::string> steps;          // "  1. <action> => <state>", one per step
  std::vector<std::string> liveness_tail;  // a liveness failure's lone-process steps
  std::optional<uint32_t> live_target;     // and its goal (ModelViolationOf's)
  bool liveness = false;                   // a liveness failure (ModelViolationOf's)
  uint32_t length = 0;                     // steps.size()
  std::vector<Action> path;                // the steps as actions of the original processes
};

template <class Property, class Action>
struct ExploreReportOf {
  Verdict verdict = Verdict::kClean;
  uint64_t states = 0;
  uint64_t transitions = 0;
  uint32_t max_depth = 0;
  uint64_t peak_memory_bytes = 0;
  bool depth_capped = false;   // some state at depth_max still had enabled actions
  bool memory_capped = false;  // stopped at ExploreOptions::memory_max_bytes
  bool stopped = false;        // stopped by ExploreOptions::stop
  // Steps not followed because they leave the model's bounds (StepResult::pruned).
  uint64_t pruned = 0;
  std::optional<CounterexampleOf<Property, Action>> counterexample;
  std::optional<SwarmStats> swarm;  // with ExploreOptions::swarm
};

template <ProtocolModel M>
using ExploreReportFor = ExploreReportOf<typename M::Property, typename M::Action>;

// Defined in sim/explorer_search.h: a protocol instantiates it for its models.
template <ProtocolModel M>
ExploreReportFor<M> explore(const M& model, const ExploreOptions& options);

}  // namespace catsim::model
