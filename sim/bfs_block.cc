#include "sim/bfs_block.h"

#include <limits>

namespace catsim::model {

BlockEvent first_event(const BlockWork& work, uint64_t states, uint64_t states_max) {
  auto key_of = [&](uint32_t winner) {
    const Link link = work.won[winner];
    return (uint64_t{link.parent} << 9) | (1u << 8) | link.action;
  };
  BlockEvent first;
  uint64_t first_key = std::numeric_limits<uint64_t>::max();
  if (work.violated) {
    first.event = Event::kStep;
    first_key = (uint64_t{work.violation.parent} << 9) | work.violation.action;
  }
  if (work.stuck && key_of(*work.stuck) < first_key) {
    first = {Event::kStuck, *work.stuck};
    first_key = key_of(first.winner);
  }
  if (states_max != 0 && states + work.won.size() >= states_max) {
    // (Like the sequential search, which checks the cap after each new state.)
    const auto winner = static_cast<uint32_t>(states_max > states ? states_max - states - 1 : 0);
    if (key_of(winner) < first_key) first = {Event::kCap, winner};
  }
  return first;
}

}  // namespace catsim::model
