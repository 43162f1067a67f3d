#include "model/explorer.h"

#include <algorithm>
#include <limits>

#include "model/counterexample.h"
#include "model/fingerprint_table.h"

namespace catsim::model {

namespace {

// A liveness finding: a P6 failure to converge is reported at once; a safety
// violation a converging lone opener ran into is kept and reported only if
// the search itself finds nothing (its path is then path + the opener's run,
// which the safety search may not reach within its bounds).
struct LiveFinding {
  ModelViolation violation;
  bool converged = false;
};

// What BFS and DFS share: the visited set, the liveness cache, counters.
template <ProtocolModel M>
class Search {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  Search(const M& model, const ExploreOptions& options)
      : model_(model),
        options_(options),
        seen_(options.order == SearchOrder::kDepthFirst && options.depth_max != 0) {}

  ExploreReport run() {
    State initial = canonical(model_.initial());
    std::vector<Action> none;
    if (auto violation = model_.check(initial)) return found(none, *violation, false);
    visit(model_.fingerprint(initial), 0);
    if (auto now = live_reported(initial, [] { return std::vector<Action>{}; })) {
      return found(none, *now, true);
    }
    return options_.order == SearchOrder::kBreadthFirst ? breadth_first(initial)
                                                        : depth_first(initial);
  }

 private:
  struct Node {
    State state;
    uint32_t id;
  };
  struct Parent {
    uint32_t parent;
    Action action;
  };
  struct Child {
    State state;
    Action action;
    uint64_t fingerprint;
  };
  struct Frame {
    State state;
    std::vector<Action> actions;
    size_t next = 0;
  };

  State canonical(const State& state) const {
    if (!options_.symmetry) return state;
    Permutation perm{};
    return model_.canonical(state, perm);
  }

  // Marks state visited at depth; false if it was already (at no larger depth).
  bool visit(uint64_t fp, uint32_t depth) {
    bool fresh = seen_.insert_or_lower(fp, depth);
    if (fresh) {
      ++report_.states;
      report_.max_depth = std::max(report_.max_depth, depth);
    }
    return fresh;
  }

  std::optional<LiveFinding> live_finding(const State& state) {
    if constexpr (LivenessModel<M>) {
      if (!options_.liveness) return std::nullopt;
      if (!live_seen_.insert(model_.liveness_key(state))) return std::nullopt;
      auto result = model_.liveness(state);
      if (!result.violation) return std::nullopt;
      return LiveFinding{*result.violation, result.converged};
    }
    return std::nullopt;
  }

  // Handles a liveness finding at the state path_of() leads to; returns the
  // violation if the search must report it now.
  std::optional<ModelViolation> live_reported(const State& state, const auto& path_of) {
    std::optional<LiveFinding> finding = live_finding(state);
    if (!finding) return std::nullopt;
    if (!finding->converged) return finding->violation;
    if (!deferred_) deferred_.emplace(path_of(), finding->violation);
    return std::nullopt;
  }

  ExploreReport finish() {
    note_memory();
    if (deferred_) return found(deferred_->first, deferred_->second, true);
    return report_;
  }

  ExploreReport found(const std::vector<Action>& path, const ModelViolation& violation,
                      bool liveness) {
    report_.verdict = Verdict::kViolation;
    report_.counterexample =
        replay_counterexample(model_, options_.symmetry, path, violation, liveness);
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
    uint64_t bytes = seen_.peak_bytes() + live_seen_.peak_bytes();
    bytes += parents_.capacity() * sizeof(Parent);
    bytes += (current_.capacity() + next_.capacity()) * sizeof(Node);
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

  bool capped() const {
    return (options_.states_max != 0 && report_.states >= options_.states_max) ||
           report_.memory_capped;
  }

  std::vector<Action> path_to(uint32_t id) const {
    std::vector<Action> path;
    for (; id != 0; id = parents_[id].parent) path.push_back(parents_[id].action);
    std::reverse(path.begin(), path.end());
    return path;
  }

  ExploreReport breadth_first(const State& initial);
  ExploreReport depth_first(const State& initial);

  class Visited {
   public:
    explicit Visited(bool with_depth) : table_(with_depth), with_depth_(with_depth) {}
    bool insert_or_lower(uint64_t fp, uint32_t depth) {
      if (!with_depth_) return table_.insert(fp);
      return table_.insert_at_depth(fp, static_cast<uint16_t>(std::min<uint32_t>(depth, 65535)));
    }
    size_t peak_bytes() const { return table_.peak_bytes(); }
    void prefetch(uint64_t fp) const { table_.prefetch(fp); }

   private:
    FingerprintTable table_;
    bool with_depth_;
  };

  const M& model_;
  const ExploreOptions& options_;
  Visited seen_;
  FingerprintTable live_seen_;
  ExploreReport report_;
  uint64_t next_progress_ = 0;
  std::vector<Parent> parents_;
  std::vector<Node> current_, next_;
  std::vector<Child> children_;
  std::vector<Frame> stack_;
  std::optional<std::pair<std::vector<Action>, ModelViolation>> deferred_;
};

template <ProtocolModel M>
ExploreReport Search<M>::breadth_first(const State& initial) {
  parents_.push_back({std::numeric_limits<uint32_t>::max(), Action{}});
  current_.push_back({initial, 0});
  std::vector<Action> actions;
  for (uint32_t depth = 0; !current_.empty(); ++depth) {
    for (size_t i = 0; i < current_.size(); ++i) {
      const Node node = current_[i];
      model_.enabled(node.state, actions);
      if (!actions.empty() && options_.depth_max != 0 && depth >= options_.depth_max) {
        report_.depth_capped = true;
        continue;
      }
      // Step every action first and prefetch the children's table slots:
      // the lookups are cache misses, and this overlaps them.
      children_.clear();
      for (const Action& action : actions) {
        ++report_.transitions;
        StepResult<State> result = model_.step(node.state, action);
        if (result.violation) {
          std::vector<Action> path = path_to(node.id);
          path.push_back(action);
          return found(path, *result.violation, false);
        }
        if (result.pruned) {
          ++report_.pruned;
          continue;
        }
        State child = canonical(result.state);
        const uint64_t fp = model_.fingerprint(child);
        seen_.prefetch(fp);
        children_.push_back({child, action, fp});
      }
      for (const Child& child : children_) {
        if (!visit(child.fingerprint, depth + 1)) continue;
        // Parent links are 32-bit: past 4 billion states the path would wrap.
        CATSIM_CHECK_MSG(parents_.size() < std::numeric_limits<uint32_t>::max(),
                         "more states than 32-bit parent links address (use --dfs)");
        const auto id = static_cast<uint32_t>(parents_.size());
        parents_.push_back({node.id, child.action});
        auto path = [&] { return path_to(id); };
        if (auto now = live_reported(child.state, path)) return found(path(), *now, true);
        next_.push_back({child.state, id});
        if (capped()) {
          report_.verdict = Verdict::kIncomplete;
          return finish();
        }
        progress(depth, current_.size() - i + next_.size());
      }
    }
    note_memory();
    if (capped()) {
      report_.verdict = Verdict::kIncomplete;
      return finish();
    }
    current_.swap(next_);
    next_.clear();
  }
  return finish();
}

template <ProtocolModel M>
ExploreReport Search<M>::depth_first(const State& initial) {
  size_t top = 0;  // frames [0, top) are live; frames past it keep their buffers
  auto push = [&](const State& state) {
    if (top == stack_.size()) stack_.emplace_back();
    Frame& frame = stack_[top++];
    frame.state = state;
    frame.next = 0;
    model_.enabled(frame.state, frame.actions);
  };
  push(initial);
  while (top > 0) {
    Frame& frame = stack_[top - 1];
    if (frame.next == frame.actions.size()) {
      --top;
      continue;
    }
    const Action action = frame.actions[frame.next++];
    ++report_.transitions;
    StepResult<State> result = model_.step(frame.state, action);
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
    if (!visit(model_.fingerprint(child), depth)) continue;
    if (auto now = live_reported(child, path)) return found(path(), *now, true);
    if (capped()) {
      report_.verdict = Verdict::kIncomplete;
      return finish();
    }
    progress(depth, top);
    if (options_.depth_max != 0 && depth >= options_.depth_max) {
      std::vector<Action> more;
      model_.enabled(child, more);
      report_.depth_capped = report_.depth_capped || !more.empty();
      continue;
    }
    push(child);
  }
  return finish();
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kClean:
      return "clean";
    case Verdict::kViolation:
      return "violation";
    case Verdict::kIncomplete:
      return "incomplete";
  }
  return "?";
}

template <ProtocolModel M>
ExploreReport explore(const M& model, const ExploreOptions& options) {
  Search<M> search(model, options);
  return search.run();
}

template ExploreReport explore(const SingleTombstoneModel&, const ExploreOptions&);
template ExploreReport explore(const TwoTombstoneModel&, const ExploreOptions&);

ExploreReport explore_variant(const Variant& variant, const ModelBounds& bounds,
                              const ExploreOptions& options, uint32_t properties) {
  if (variant.protocol == Protocol::kSingleTombstone) {
    return explore(SingleTombstoneModel(variant, bounds, properties), options);
  }
  return explore(TwoTombstoneModel(variant, bounds, properties), options);
}

}  // namespace catsim::model
