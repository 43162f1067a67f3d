// BlockWork: one block of a breadth-first layer on its way through the
// parallel explorer's three phases (expand, admit, collect), and the first
// event in it that ends the search.
//
// Guarantees:
//   1. A block's buffers belong to one worker per phase; reset() keeps their
//      capacity, so a search allocates per batch only while blocks grow.
//   2. first_event() picks the event the sequential search would meet first
//      (a parent's steps, then its children's visits, in order), so the
//      verdict and the counterexample do not depend on how many workers ran.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/bfs_layers.h"
#include "sim/concurrent_fingerprint_set.h"

namespace catsim::model {

// A child found while expanding a block, not in the visited set then.
struct Candidate {
  Fingerprint fp;
  uint32_t parent = 0;  // index in the block
  uint8_t action = 0;
  uint8_t won = 0;  // the first in the sequential order to reach its state
};

// One block of the layer being expanded, through the three phases.
struct BlockWork {
  const StateBlock* in = nullptr;
  uint64_t in_start = 0;  // layer position of the block's first state
  // Phase 1 (expand): per parent, actions stepped and steps pruned; the
  // children not yet visited; the first violating step.
  std::vector<uint8_t> actions, pruned;
  std::vector<Candidate> candidates;
  std::vector<uint8_t> bytes;  // the candidates' encoded states, in order
  bool violated = false;
  Link violation{};  // parent index in the block, action index
  bool depth_capped = false;
  // Phase 3 (admit): the winners' encoded states and links, and the first
  // winners whose liveness fails or is unsafe.
  std::vector<uint8_t> won_bytes;
  std::vector<Link> won;  // parent index in the block, action index
  std::optional<uint32_t> stuck, unsafe;

  // Starts over on block (keeping the buffers' capacity).
  void reset(const StateBlock* block, uint64_t start) {
    in = block;
    in_start = start;
    actions.clear();
    pruned.clear();
    candidates.clear();
    bytes.clear();
    violated = false;
    depth_capped = false;
    won_bytes.clear();
    won.clear();
    stuck.reset();
    unsafe.reset();
  }
};

// What ends the search in an expanded block, if anything: a violating
// step, a state whose liveness fails (stuck), or the states_max cap.
enum class Event : uint8_t { kNone, kStep, kStuck, kCap };
struct BlockEvent {
  Event event = Event::kNone;
  uint32_t winner = 0;  // kStuck, kCap: the winner it happens at
};

// The block's first event in the sequential search's order (a parent's
// steps, then its children's visits), with states visited before the block.
BlockEvent first_event(const BlockWork& work, uint64_t states, uint64_t states_max);

}  // namespace catsim::model
