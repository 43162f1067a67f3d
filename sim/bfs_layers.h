// BFS layers: the breadth-first explorer's frontier (one layer of encoded
// states, sim/state_codec.h) and its parent links (for every state of
// every layer, where it came from), in as few bytes as a counterexample
// needs.
//
// A state is named by its layer (its depth) and its position in the layer.
// Its link is its parent's position in the layer before and the index of
// the action in the parent's enabled() list: 5 bytes a state, kept for the
// whole search; the states themselves are kept only for the layer being
// expanded and the one being built.
// Guarantees:
//  1. A layer is a sequence of blocks of at most 2 * block_states_max
//     states each, filled in order: appended states fill blocks of
//     block_states_max, an adopted block (one expanded block's winners,
//     moved in whole instead of copied) is taken as it is. Its block
//     boundaries depend only on its states' order and the layer before's.
//  2. links(layer, position) is what append() recorded for that position.
//  3. bytes() counts the capacity of everything held.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/check.h"

namespace catsim::model {

struct StateBlock {
  std::vector<uint8_t> bytes;  // encoded states, back to back
  uint32_t count = 0;
};

// One layer of states, built by appending encoded states in order.
class StateLayer {
 public:
  explicit StateLayer(uint32_t block_states_max) : block_states_max_(block_states_max) {
    CATSIM_CHECK(block_states_max >= 1);
  }
  void append(const uint8_t* encoded, size_t size) {
    if (blocks_.empty() || blocks_.back().count >= block_states_max_) {
      if (!blocks_.empty()) blocks_.back().bytes.shrink_to_fit();
      blocks_.emplace_back();
    }
    StateBlock& block = blocks_.back();
    block.bytes.insert(block.bytes.end(), encoded, encoded + size);
    ++block.count;
    ++states_;
  }
  // Whether adopt() takes a block of count states (else append them).
  bool adoptable(uint64_t count) const {
    return count >= block_states_max_ / 4 && count <= 2 * uint64_t{block_states_max_};
  }
  // Appends count encoded states, back to back in bytes, as one block.
  void adopt(std::vector<uint8_t>&& bytes, uint32_t count) {
    CATSIM_CHECK(adoptable(count) && count > 0);
    if (!blocks_.empty()) blocks_.back().bytes.shrink_to_fit();
    blocks_.push_back({std::move(bytes), count});
    states_ += count;
  }
  const std::vector<StateBlock>& blocks() const { return blocks_; }
  // Frees a block already expanded (its states are no longer needed).
  void release(size_t block) { blocks_[block].bytes = {}; }
  uint64_t states() const { return states_; }
  uint64_t bytes() const {
    uint64_t total = blocks_.capacity() * sizeof(StateBlock);
    for (const StateBlock& block : blocks_) total += block.bytes.capacity();
    return total;
  }

 private:
  uint32_t block_states_max_;
  std::vector<StateBlock> blocks_;
  uint64_t states_ = 0;
};

struct Link {
  uint32_t parent = 0;  // position in the layer before
  uint8_t action = 0;   // index in the parent's enabled() list
};

// The links of every layer but the first (the initial state has none).
class ParentLinks {
 public:
  void begin_layer() { layers_.emplace_back(); }
  void append(Link link) {
    Layer& layer = layers_.back();
    layer.parents.push_back(link.parent);
    layer.actions.push_back(link.action);
  }
  void end_layer() {
    layers_.back().parents.shrink_to_fit();
    layers_.back().actions.shrink_to_fit();
  }
  // The link of the state at position of layer (layer >= 1).
  Link of(uint32_t layer, uint64_t position) const {
    CATSIM_CHECK(layer >= 1 && layer <= layers_.size());
    const Layer& links = layers_[layer - 1];
    CATSIM_CHECK(position < links.parents.size());
    return {links.parents[position], links.actions[position]};
  }
  uint64_t bytes() const {
    uint64_t total = layers_.capacity() * sizeof(Layer);
    for (const Layer& layer : layers_) {
      total += layer.parents.capacity() * sizeof(uint32_t) + layer.actions.capacity();
    }
    return total;
  }

 private:
  struct Layer {
    std::vector<uint32_t> parents;
    std::vector<uint8_t> actions;
  };
  std::vector<Layer> layers_;
};

}  // namespace catsim::model
