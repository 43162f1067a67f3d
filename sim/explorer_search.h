// The explorer's search (sim/explorer.h): breadth-first (level-synchronous
// over worker threads; its member functions are in sim/explorer_bfs.h) and
// depth-first (a swarm shard's on a bitstate array, in its own action
// order), for any ProtocolModel. A protocol includes this file in one .cc
// and instantiates explore() for its models.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <limits>
#include <optional>

#include "sim/bfs_block.h"
#include "sim/bfs_layers.h"
#include "sim/bitstate_set.h"
#include "sim/concurrent_fingerprint_set.h"
#include "sim/counterexample.h"
#include "sim/explorer.h"
#include "sim/fingerprint_table.h"
#include "sim/hash.h"
#include "sim/state_codec.h"
#include "sim/worker_threads.h"

namespace catsim::model {

namespace explorer_detail {

// Blocks of a layer expanded between two synchronisations of the workers.
constexpr size_t kBatchBlocksMax = 64;

// A state's liveness, as the cache keeps it (0: not known yet).
enum LiveClass : uint8_t { kLiveUnknown = 0, kLiveOk = 1, kLiveStuck = 2, kLiveUnsafe = 3 };

// A liveness finding: a P6 failure to converge is reported at once; a safety
// violation a converging lone opener ran into is kept and reported only if
// the search itself finds nothing (its path is then path + the opener's run,
// which the safety search may not reach within its bounds).
template <class Violation>
struct LiveFinding {
  Violation violation;
  bool converged = false;
};

// What BFS and DFS share: the visited set, the liveness cache, counters.
template <ProtocolModel M>
class Search {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  using Report = ExploreReportFor<M>;
  using Violation = ModelViolationOf<typename M::Property>;

  Search(const M& model, const ExploreOptions& options)
      : model_(model),
        options_(options),
        seen_(options.fingerprint_bits),
        dfs_seen_(options.depth_max != 0),
        live_cache_(64, true),
        current_(options.block_states_max),
        next_(options.block_states_max) {
    CATSIM_CHECK(options.jobs >= 1 && options.jobs <= kExploreJobsMax);
    CATSIM_CHECK_MSG(options.order == SearchOrder::kBreadthFirst ||
                         (options.jobs == 1 && options.fingerprint_bits == 64),
                     "depth-first search runs on one thread with 64-bit fingerprints");
    if (options.swarm) {
      CATSIM_CHECK_MSG(options.order == SearchOrder::kDepthFirst, "a swarm shard is depth-first");
      swarm_seeds_ = swarm_seeds(*options.swarm);
      bitstate_.emplace(options.swarm->log2_bits, options.swarm->hashes, swarm_seeds_.hash);
    }
  }

  Report run() {
    State initial = canonical(model_.initial());
    std::vector<Action> none;
    if (auto violation = model_.check(initial)) return found(none, *violation, false);
    if (options_.order == SearchOrder::kBreadthFirst) {
      seen_.reserve(1);
      seen_.insert(fingerprint(initial));
    } else {
      dfs_visit(model_.fingerprint(initial), 0);
    }
    ++report_.states;
    if (auto now = live_reported(initial, [] { return std::vector<Action>{}; })) {
      return found(none, *now, true);
    }
    return options_.order == SearchOrder::kBreadthFirst ? breadth_first(initial)
                                                        : depth_first(initial);
  }

 private:
  struct Child {
    State state;
    uint8_t action;
    Fingerprint fp;
  };
  struct Frame {
    State state;
    std::vector<Action> actions;
    size_t next = 0;
  };

  // The actions the search follows from state: every enabled one, or with
  // partial_order the model's reduced set. Not under a depth bound: a
  // reduced path to a violation may be longer than the bound.
  void actions_of(const State& state, std::vector<Action>& actions) const {
    model_.enabled(state, actions);
    if constexpr (ReducibleModel<M>) {
      if (options_.partial_order && options_.depth_max == 0 && !actions.empty()) {
        model_.reduce(state, actions, options_.liveness);
      }
    }
  }

  State canonical(const State& state) const {
    if (!options_.symmetry) return state;
    Permutation perm{};
    return model_.canonical(state, perm);
  }

  // The model's fingerprint, and with 128 bits a second hash of the bytes.
  Fingerprint fingerprint(const State& state) const {
    Fingerprint fp{model_.fingerprint(state), 0};
    if (options_.fingerprint_bits == 128) fp.low = second_fingerprint(state);
    return fp;
  }

  static uint64_t second_fingerprint(const State& state) {
    static_assert(sizeof(State) % 8 == 0);
    std::array<uint64_t, sizeof(State) / 8> words{};
    std::memcpy(words.data(), &state, sizeof(State));
    uint64_t hash = 0x2545f4914f6cdd1dULL;
    for (uint64_t word : words) {
      hash ^= word;
      hash *= 0xff51afd7ed558ccdULL;
      hash ^= hash >> 32;
    }
    return mix64(hash);
  }

  // The state's liveness class, computed once per liveness_key (any
  // thread, passing its worker index).
  uint8_t live_class(const State& state, uint32_t worker) {
    if constexpr (LivenessModel<M>) {
      const Fingerprint key{model_.liveness_key(state), 0};
      uint8_t known = live_cache_.find_value(key);
      if (known != kLiveUnknown) return known;
      auto result = model_.liveness(state);
      known = !result.violation ? kLiveOk : result.converged ? kLiveUnsafe : kLiveStuck;
      live_cache_.store_value(key, known, worker);
      return known;
    }
    return kLiveOk;
  }

  std::optional<LiveFinding<Violation>> live_finding(const State& state) {
    if constexpr (LivenessModel<M>) {
      if (!options_.liveness) return std::nullopt;
      live_cache_.reserve(1);
      if (live_class(state, 0) == kLiveOk) return std::nullopt;
      auto result = model_.liveness(state);
      CATSIM_CHECK(result.violation);
      return LiveFinding<Violation>{*result.violation, result.converged};
    }
    return std::nullopt;
  }

  // Handles a liveness finding at the state path_of() leads to; returns the
  // violation if the search must report it now.
  std::optional<Violation> live_reported(const State& state, const auto& path_of) {
    std::optional<LiveFinding<Violation>> finding = live_finding(state);
    if (!finding) return std::nullopt;
    if (!finding->converged) return finding->violation;
    if (!deferred_) deferred_.emplace(path_of(), finding->violation);
    return std::nullopt;
  }

  // Marks a depth-first state visited; true if it was not (or, depth-bounded
  // without swarm, was at a larger depth).
  bool dfs_visit(uint64_t fp, uint32_t depth) {
    if (bitstate_) return bitstate_->insert(fp);
    return dfs_seen_.insert_or_lower(fp, depth);
  }

  void note_swarm() {
    if (!bitstate_) return;
    report_.swarm = SwarmStats{.order_seed = swarm_seeds_.order,
                               .hash_seed = swarm_seeds_.hash,
                               .bitstate_bytes = bitstate_->bytes(),
                               .hashes = bitstate_->hashes(),
                               .fill_ratio = bitstate_->fill_ratio(),
                               .omission_probability = bitstate_omission_probability(
                                   report_.states, bitstate_->log2_bits(), bitstate_->hashes())};
  }

  Report finish() {
    note_swarm();
    note_memory();
    if (deferred_) return found(deferred_->first, deferred_->second, true);
    return report_;
  }

  Report found(const std::vector<Action>& path, const Violation& violation, bool liveness) {
    report_.verdict = Verdict::kViolation;
    report_.counterexample =
        replay_counterexample(model_, options_.symmetry, path, violation, liveness);
    note_swarm();
    note_memory();
    return report_;
  }

  void note_memory() {
    const uint64_t now = memory();
    report_.peak_memory_bytes = std::max(report_.peak_memory_bytes, now);
    if (options_.memory_max_bytes != 0 && now > options_.memory_max_bytes) {
      report_.memory_capped = true;
    }
  }

  uint64_t memory() const {
    uint64_t bytes = seen_.peak_bytes() + dfs_seen_.peak_bytes() + live_cache_.peak_bytes();
    if (bitstate_) bytes += bitstate_->bytes();
    bytes += links_.bytes() + current_.bytes() + next_.bytes() + batch_bytes_;
    for (const Frame& frame : stack_)
      bytes += sizeof(Frame) + frame.actions.capacity() * sizeof(Action);
    return bytes;
  }

  void progress(uint32_t depth, uint64_t frontier) {
    if (report_.states < next_progress_) return;
    next_progress_ = report_.states + options_.progress_every_states;
    note_memory();
    if (options_.progress) {
      options_.progress({report_.states, report_.transitions, depth, frontier, memory()});
    }
  }

  // The most bytes the visited set may take under memory_max_bytes, beside
  // everything else the search holds now.
  size_t set_bytes_allowed() const {
    if (options_.memory_max_bytes == 0) return std::numeric_limits<size_t>::max();
    const uint64_t others = memory() - seen_.bytes();
    return options_.memory_max_bytes > others ? options_.memory_max_bytes - others : 0;
  }

  bool capped() {
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) {
      report_.stopped = true;
    }
    return (options_.states_max != 0 && report_.states >= options_.states_max) ||
           report_.memory_capped || report_.stopped;
  }

  Report breadth_first(const State& initial);
  Report expand_batch(std::vector<BlockWork>& works, uint32_t depth, bool& done);
  void expand(BlockWork& work, uint32_t depth);
  void admit_owned(std::vector<BlockWork>& works, uint32_t worker);
  void collect(BlockWork& work, uint32_t worker);
  std::optional<Report> absorb(BlockWork& work, uint32_t depth);
  std::vector<Action> path_to(uint32_t layer, uint64_t position) const;
  std::vector<Action> path_through(const BlockWork& work, Link link, uint32_t depth) const;
  State state_at(const BlockWork& work, uint32_t index, bool winner) const;
  Report depth_first(const State& initial);

  // The visited set of depth-bounded DFS, which keeps each state's depth.
  class Visited {
   public:
    explicit Visited(bool with_depth) : table_(with_depth), with_depth_(with_depth) {}
    bool insert_or_lower(uint64_t fp, uint32_t depth) {
      if (!with_depth_) return table_.insert(fp);
      return table_.insert_at_depth(fp, static_cast<uint16_t>(std::min<uint32_t>(depth, 65535)));
    }
    size_t peak_bytes() const { return table_.peak_bytes(); }

   private:
    FingerprintTable table_;
    bool with_depth_;
  };

  const M& model_;
  const ExploreOptions& options_;
  ConcurrentFingerprintSet seen_;  // BFS
  Visited dfs_seen_;               // DFS
  ConcurrentFingerprintSet live_cache_;
  Report report_;
  uint64_t next_progress_ = 0;
  ParentLinks links_;
  StateLayer current_, next_;
  std::vector<BlockWork> works_;  // the batch being expanded
  uint64_t batch_bytes_ = 0;
  std::vector<Frame> stack_;
  std::optional<BitstateSet> bitstate_;  // a swarm shard's visited set (for dfs_seen_)
  SwarmSeeds swarm_seeds_;
  std::optional<std::pair<std::vector<Action>, Violation>> deferred_;
};

template <ProtocolModel M>
typename Search<M>::Report Search<M>::depth_first(const State& initial) {
  size_t top = 0;  // frames [0, top) are live; frames past it keep their buffers
  auto push = [&](const State& state, uint64_t fp) {
    if (top == stack_.size()) stack_.emplace_back();
    Frame& frame = stack_[top++];
    frame.state = state;
    frame.next = 0;
    actions_of(frame.state, frame.actions);
    if (bitstate_) swarm_order(swarm_seeds_.order, fp, frame.actions);
  };
  push(initial, model_.fingerprint(initial));
  while (top > 0) {
    Frame& frame = stack_[top - 1];
    if (frame.next == frame.actions.size()) {
      --top;
      continue;
    }
    const Action action = frame.actions[frame.next++];
    ++report_.transitions;
    StepResultOf<State, typename M::Property> result = model_.step(frame.state, action);
    auto path = [&] {
      std::vector<Action> actions;
      for (size_t f = 0; f < top; ++f) actions.push_back(stack_[f].actions[stack_[f].next - 1]);
      return actions;
    };
    if (result.violation) return found(path(), *result.violation, false);
    if (result.pruned) {
      ++report_.pruned;
      continue;
    }
    State child = canonical(result.state);
    const auto depth = static_cast<uint32_t>(top);
    const uint64_t fp = model_.fingerprint(child);
    if (!dfs_visit(fp, depth)) continue;
    ++report_.states;
    report_.max_depth = std::max(report_.max_depth, depth);
    if (auto now = live_reported(child, path)) return found(path(), *now, true);
    if (capped()) {
      report_.verdict = Verdict::kIncomplete;
      return finish();
    }
    progress(depth, top);
    if (options_.depth_max != 0 && depth >= options_.depth_max) {
      std::vector<Action> more;
      actions_of(child, more);
      report_.depth_capped = report_.depth_capped || !more.empty();
      continue;
    }
    push(child, fp);
  }
  return finish();
}

}  // namespace explorer_detail

template <ProtocolModel M>
ExploreReportFor<M> explore(const M& model, const ExploreOptions& options) {
  explorer_detail::Search<M> search(model, options);
  return search.run();
}

}  // namespace catsim::model

// The breadth-first member functions (they need the class above).
#include "sim/explorer_bfs.h"  // IWYU pragma: export
