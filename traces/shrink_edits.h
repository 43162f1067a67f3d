// Shrink edits: the candidate runs the shrinker (traces/shrink.h) tries, as
// pure functions of a decision log and its configuration.
//
// Each edit returns a new log and never touches its input. An edit need not
// produce a log that replays strictly: the shrinker replays every candidate
// loosely (sim/decision.h, ReplayMode::kLoose) and keeps the log of what
// actually ran. Guarantees:
//  1. Every function is deterministic: no clock, no randomness, no
//     unordered iteration; the same input gives the same output.
//  2. without_process() keeps the process numbering dense, as World spawns
//     it (writers, then readers, then the liveness opener).
//  3. other_values() lists only values on [0, bound) a seeded run could have
//     drawn: a target whose swarm weight is 0 is never offered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "harness/run_config.h"
#include "sim/decision.h"

namespace catsim {

struct ShrinkCandidate {
  RunConfig config;
  Swarm swarm;
  std::vector<Decision> decisions;
};

// Decisions with a bound above this are only ever lowered to 0.
inline constexpr uint64_t kShrinkValuesBoundMax = 16;

// The id of the liveness phase's fresh opener (spawned after every writer
// and reader).
uint32_t liveness_process(const Swarm& swarm);

// log without process's decisions; ids above it move down by one (the caller
// lowers procs or readers to match).
std::vector<Decision> without_process(std::span<const Decision> log, uint32_t process);

// The positions of process's decisions, one list per incarnation: a new one
// starts at each of its restarts (a schedule decision labelled "restart").
std::vector<std::vector<size_t>> incarnation_positions(std::span<const Decision> log,
                                                       uint32_t process);

// log without the decisions at positions (ascending).
std::vector<Decision> without_positions(std::span<const Decision> log,
                                        std::span<const size_t> positions);

// log with the decision at from moved to position to (to < from).
std::vector<Decision> moved_earlier(std::span<const Decision> log, size_t from, size_t to);

// The maximal runs of consecutive decisions made by one process, as
// [begin, end) positions, in order.
std::vector<std::pair<size_t, size_t>> process_runs(std::span<const Decision> log);

// log with the adjacent ranges [a, b) and [b, c) swapped.
std::vector<Decision> swapped_ranges(std::span<const Decision> log, size_t a, size_t b, size_t c);

// The values worth trying in place of decision.value: those below it
// (ascending), then those above; none for schedule decisions, only 0 for
// bounds above kShrinkValuesBoundMax.
std::vector<uint64_t> other_values(const Decision& decision, const Swarm& swarm);

// How many times process restarted in log.
size_t restarts_of(std::span<const Decision> log, uint32_t process);

}  // namespace catsim
