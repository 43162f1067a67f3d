// The explorer's breadth-first search (sim/explorer.h): the member
// functions of explorer_detail::Search (sim/explorer_search.h) that expand
// a layer level-synchronously on worker threads (sim/bfs_block.h's three
// phases, then absorb() in the sequential order) and rebuild a path from the
// parent links. Included by sim/explorer_search.h; a protocol includes that.
#pragma once

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <vector>

#include "sim/explorer_search.h"

namespace catsim::model::explorer_detail {
template <ProtocolModel M>
typename Search<M>::Report Search<M>::breadth_first(const State& initial) {
  std::vector<uint8_t> encoded;
  encode_state(initial, encoded);
  current_.append(encoded.data(), encoded.size());
  for (uint32_t depth = 0; current_.states() != 0; ++depth) {
    links_.begin_layer();
    const std::vector<StateBlock>& blocks = current_.blocks();
    uint64_t start = 0;
    for (size_t first = 0; first < blocks.size(); first += kBatchBlocksMax) {
      works_.resize(std::min(kBatchBlocksMax, blocks.size() - first));
      for (size_t b = 0; b < works_.size(); ++b) {
        works_[b].reset(&blocks[first + b], start);
        start += blocks[first + b].count;
      }
      bool done = false;
      Report report = expand_batch(works_, depth, done);
      if (done) return report;
      for (size_t b = 0; b < works_.size(); ++b) current_.release(first + b);
      progress(depth, current_.states() - start + next_.states());
      if (capped()) {
        report_.verdict = Verdict::kIncomplete;
        return finish();
      }
    }
    links_.end_layer();
    note_memory();
    if (capped()) {
      report_.verdict = Verdict::kIncomplete;
      return finish();
    }
    current_ = std::move(next_);
    next_ = StateLayer(options_.block_states_max);
  }
  return finish();
}

// Expands one batch of blocks on the workers: (1) each block's parents are
// stepped and their children looked up; (2) the children not yet visited
// are inserted, each fingerprint by one worker in the sequential order, so
// the first to reach a state wins it whatever the threads do; (3) each
// block's winners are collected and checked for liveness. Then the blocks
// are absorbed in order, as the sequential search would have met them.
template <ProtocolModel M>
typename Search<M>::Report Search<M>::expand_batch(std::vector<BlockWork>& works, uint32_t depth,
                                                   bool& done) {
  const uint32_t jobs = options_.jobs;
  std::atomic<size_t> next_block{0};
  auto each_block = [&](auto&& fn) {
    run_on_workers(jobs, [&](uint32_t worker) {
      for (size_t b = next_block.fetch_add(1); b < works.size(); b = next_block.fetch_add(1)) {
        fn(works[b], worker);
      }
    });
    next_block = 0;
  };
  each_block([&](BlockWork& work, uint32_t) { expand(work, depth); });
  size_t candidates = 0;
  batch_bytes_ = 0;
  for (const BlockWork& work : works) {
    candidates += work.candidates.size();
    batch_bytes_ += work.candidates.capacity() * sizeof(Candidate) + work.bytes.capacity() +
                    work.won_bytes.capacity() + work.won.capacity() * sizeof(Link);
  }
  if (!seen_.reserve(candidates, set_bytes_allowed())) {
    // Not even a 7/8 load of the largest table --memory-max allows holds them.
    report_.memory_capped = true;
    report_.verdict = Verdict::kIncomplete;
    done = true;
    return finish();
  }
  run_on_workers(jobs, [&](uint32_t worker) { admit_owned(works, worker); });
  if (options_.liveness) live_cache_.reserve(candidates);
  each_block([&](BlockWork& work, uint32_t worker) { collect(work, worker); });
  for (BlockWork& work : works) {
    if (std::optional<Report> end = absorb(work, depth)) {
      done = true;
      return *end;
    }
  }
  return report_;
}

// Phase 1: steps every action of every parent in the block (a depth-capped
// layer is not expanded), stopping at the first violating step; keeps the
// children whose fingerprints are not in the visited set yet.
template <ProtocolModel M>
void Search<M>::expand(BlockWork& work, uint32_t depth) {
  State parent;
  std::vector<Action> actions;
  std::vector<Child> children;
  const uint8_t* at = work.in->bytes.data();
  for (uint32_t index = 0; index < work.in->count; ++index) {
    at = decode_state(at, parent);
    actions_of(parent, actions);
    CATSIM_CHECK(actions.size() <= std::numeric_limits<uint8_t>::max());
    if (!actions.empty() && options_.depth_max != 0 && depth >= options_.depth_max) {
      work.depth_capped = true;
      work.actions.push_back(0);
      work.pruned.push_back(0);
      continue;
    }
    children.clear();
    uint8_t pruned = 0;
    for (size_t a = 0; a < actions.size(); ++a) {
      StepResultOf<State, typename M::Property> result = model_.step(parent, actions[a]);
      if (result.violation) {
        work.violated = true;
        work.violation = {index, static_cast<uint8_t>(a)};
        work.actions.push_back(static_cast<uint8_t>(a + 1));
        work.pruned.push_back(pruned);
        return;
      }
      if (result.pruned) {
        ++pruned;
        continue;
      }
      Child child{canonical(result.state), static_cast<uint8_t>(a), {}};
      child.fp = fingerprint(child.state);
      seen_.prefetch(child.fp);
      children.push_back(child);
    }
    work.actions.push_back(static_cast<uint8_t>(actions.size()));
    work.pruned.push_back(pruned);
    for (const Child& child : children) {
      if (seen_.contains(child.fp)) continue;
      work.candidates.push_back({child.fp, index, child.action, 0});
      encode_state(child.state, work.bytes);
    }
  }
}

// Phase 2, on one worker: inserts the candidates whose fingerprints this
// worker owns, in the sequential order (block, then parent, then action).
template <ProtocolModel M>
void Search<M>::admit_owned(std::vector<BlockWork>& works, uint32_t worker) {
  const uint32_t jobs = options_.jobs;
  constexpr size_t kPrefetchAhead = 8;  // candidates: the inserts are cache misses
  for (BlockWork& work : works) {
    std::vector<Candidate>& candidates = work.candidates;
    for (size_t c = 0; c < candidates.size(); ++c) {
      if (c + kPrefetchAhead < candidates.size() &&
          candidates[c + kPrefetchAhead].fp.high % jobs == worker) {
        seen_.prefetch(candidates[c + kPrefetchAhead].fp);
      }
      if (candidates[c].fp.high % jobs != worker) continue;
      candidates[c].won = seen_.insert(candidates[c].fp, worker) ? 1 : 0;
    }
  }
}

// Phase 3: the block's winners (encoded states and links), and the first
// of them whose liveness fails (stuck) or whose lone opener is unsafe.
template <ProtocolModel M>
void Search<M>::collect(BlockWork& work, uint32_t worker) {
  // Exactly the winners' bytes: absorb() may move the buffer into the layer.
  size_t won_size = 0;
  const uint8_t* at = work.bytes.data();
  for (const Candidate& candidate : work.candidates) {
    const size_t size = encoded_size<State>(at);
    if (candidate.won != 0) won_size += size;
    at += size;
  }
  work.won_bytes.reserve(won_size);
  at = work.bytes.data();
  State state;
  for (const Candidate& candidate : work.candidates) {
    const size_t size = encoded_size<State>(at);
    if (candidate.won != 0) {
      if (options_.liveness && !work.stuck) {
        decode_state(at, state);
        const uint8_t live = live_class(state, worker);
        const auto index = static_cast<uint32_t>(work.won.size());
        if (live == kLiveStuck) work.stuck = index;
        if (live == kLiveUnsafe && !work.unsafe) work.unsafe = index;
      }
      work.won_bytes.insert(work.won_bytes.end(), at, at + size);
      work.won.push_back({candidate.parent, candidate.action});
    }
    at += size;
  }
}

// Absorbs one expanded block into the search, in the sequential order:
// its counts, its first event (a violating step, a stuck state, the
// states_max cap) and the counts up to it, the first unsafe state, and its
// winners into the next layer. Returns the report if the search ends here.
template <ProtocolModel M>
std::optional<typename Search<M>::Report> Search<M>::absorb(BlockWork& work, uint32_t depth) {
  report_.depth_capped = report_.depth_capped || work.depth_capped;
  const auto [event, event_winner] = first_event(work, report_.states, options_.states_max);
  // Counts up to and including the event.
  size_t parents = work.actions.size();
  size_t winners = work.won.size();
  if (event == Event::kStep) {
    parents = work.violation.parent + 1u;
    winners = 0;
    while (winners < work.won.size() && work.won[winners].parent < work.violation.parent) {
      ++winners;
    }
  } else if (event != Event::kNone) {
    parents = work.won[event_winner].parent + 1u;
    winners = event_winner + 1u;
  }
  for (size_t p = 0; p < parents; ++p) {
    report_.transitions += work.actions[p];
    report_.pruned += work.pruned[p];
  }
  report_.states += winners;
  if (winners > 0) report_.max_depth = std::max(report_.max_depth, depth + 1);
  if constexpr (LivenessModel<M>) {
    if (work.unsafe && !deferred_ && *work.unsafe < winners) {
      auto result = model_.liveness(state_at(work, *work.unsafe, true));
      CATSIM_CHECK(result.violation && result.converged);
      deferred_.emplace(path_through(work, work.won[*work.unsafe], depth), *result.violation);
    }
  }
  if (event == Event::kNone || event == Event::kCap) {
    for (size_t w = 0; w < winners; ++w) {
      const uint64_t parent = work.in_start + work.won[w].parent;
      CATSIM_CHECK_MSG(parent <= std::numeric_limits<uint32_t>::max(),
                       "a layer past 32-bit positions (use --dfs)");
      links_.append({static_cast<uint32_t>(parent), work.won[w].action});
    }
    if (winners == work.won.size() && next_.adoptable(winners)) {
      next_.adopt(std::move(work.won_bytes), static_cast<uint32_t>(winners));  // no copy
    } else {
      const uint8_t* at = work.won_bytes.data();
      for (size_t w = 0; w < winners; ++w) {
        const size_t size = encoded_size<State>(at);
        next_.append(at, size);
        at += size;
      }
    }
    if (event == Event::kNone) return std::nullopt;
    report_.verdict = Verdict::kIncomplete;
    return finish();
  }
  if (event == Event::kStep) {
    const std::vector<Action> path = path_through(work, work.violation, depth);
    const State parent = state_at(work, work.violation.parent, false);
    return found(path, *model_.step(parent, path.back()).violation, false);
  }
  if constexpr (LivenessModel<M>) {
    auto result = model_.liveness(state_at(work, event_winner, true));
    CATSIM_CHECK(result.violation && !result.converged);
    return found(path_through(work, work.won[event_winner], depth), *result.violation, true);
  }
  CATSIM_CHECK_MSG(false, "a liveness event from a model without liveness");
  return finish();
}

// The actions to the block's parent link.parent (at depth), then its action.
template <ProtocolModel M>
std::vector<typename M::Action> Search<M>::path_through(const BlockWork& work, Link link,
                                                        uint32_t depth) const {
  std::vector<Action> path = path_to(depth, work.in_start + link.parent);
  std::vector<Action> actions;
  actions_of(state_at(work, link.parent, false), actions);
  CATSIM_CHECK(link.action < actions.size());
  path.push_back(actions[link.action]);
  return path;
}

// The state at index of the block's parents, or of its winners.
template <ProtocolModel M>
typename M::State Search<M>::state_at(const BlockWork& work, uint32_t index, bool winner) const {
  const uint8_t* at = winner ? work.won_bytes.data() : work.in->bytes.data();
  for (uint32_t i = 0; i < index; ++i) at += encoded_size<State>(at);
  State state;
  decode_state(at, state);
  return state;
}

// The actions from the initial state to the state at position of layer,
// by its links, re-executed through canonical states.
template <ProtocolModel M>
std::vector<typename M::Action> Search<M>::path_to(uint32_t layer, uint64_t position) const {
  std::vector<uint8_t> choices;
  for (uint32_t at = layer; at > 0; --at) {
    const Link link = links_.of(at, position);
    choices.push_back(link.action);
    position = link.parent;
  }
  std::reverse(choices.begin(), choices.end());
  std::vector<Action> path, actions;
  State state = canonical(model_.initial());
  for (uint8_t choice : choices) {
    actions_of(state, actions);
    CATSIM_CHECK(choice < actions.size());
    path.push_back(actions[choice]);
    state = canonical(model_.step(state, actions[choice]).state);
  }
  return path;
}

}  // namespace catsim::model::explorer_detail
