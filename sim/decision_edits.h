// Decision-log edits: the candidate logs a shrinker tries, as pure
// functions of a decision log (sim/decision.h), for any protocol.
//
// Each edit returns a new log and never touches its input. An edit need not
// produce a log that replays strictly: a shrinker replays every candidate
// loosely (ReplayMode::kLoose) and keeps the log of what actually ran.
// Guarantees: deterministic (no clock, no randomness, no unordered
// iteration); without_process() keeps the process numbering dense.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "sim/decision.h"

namespace catsim {

// Decisions with a bound above this are only ever lowered to 0.
inline constexpr uint64_t kShrinkValuesBoundMax = 16;

// log without process's decisions; ids above it move down by one (the caller
// lowers its process counts to match).
std::vector<Decision> without_process(std::span<const Decision> log, uint32_t process);

// The positions of process's decisions, one list per incarnation: a new one
// starts at each of its restarts (a schedule decision labelled kRestartLabel).
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
// (ascending), then those above, each only if allowed(value) (a value a
// seeded run could not have drawn is skipped; empty: every value); none for
// schedule decisions, only 0 for bounds above kShrinkValuesBoundMax.
std::vector<uint64_t> other_values(const Decision& decision,
                                   const std::function<bool(uint64_t)>& allowed);

// How many times process restarted in log.
size_t restarts_of(std::span<const Decision> log, uint32_t process);

}  // namespace catsim
