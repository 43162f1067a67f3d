// Shrinking: turn a long failing trace into a short one that fails the same
// way.
//
// Delta debugging over the decision log and the configuration, repeated to a
// fixpoint: fewer boots, changes, reads and retries, faults switched off;
// whole processes removed (the rest renumbered), chunks of decisions and
// whole incarnations removed (dropping preemptions, crashes and stretches of
// work, which also moves later crashes earlier); another process scheduled
// in place of one (its next schedule decision moved earlier); and every
// other value tried for each small choice (lower values first: another
// target, change, victim, crash or fault; the targets the swarm's weights
// allow only). For a liveness failure (P6, the liveness phase did not
// converge) the safety phase is also ended early and the liveness budget
// lowered, but never below kShrinkLivenessBootsMin failed boots of the lone
// opener, the explorer's criterion (model/liveness.cc). Each candidate is
// replayed loosely (sim/decision.h, ReplayMode::kLoose) and kept only if it
// violates the same property the same way (a liveness failure stays one) in
// fewer steps, or as many with a shorter log.
//
// Guarantees: the result replays strictly to a violation of the same
// property; it is never longer than the input; at most replays_max replays;
// a pure function of the input trace and options (no clock, no randomness
// beyond the trace's own seed).
#pragma once

#include <cstddef>
#include <cstdint>

#include "traces/trace.h"

namespace catsim {

// A shrunk liveness failure shows the lone opener restarting at least this
// many times (or as often as the input did, if fewer): the model's lone
// opener gets 3 boots before the explorer calls it a P6 violation.
inline constexpr size_t kShrinkLivenessBootsMin = 3;

struct ShrinkOptions {
  size_t replays_max = 20000;
};

struct ShrinkStats {
  uint64_t steps_before = 0;
  uint64_t steps_after = 0;
  size_t replays = 0;
};

// failing must hold a violation.
Trace shrink_trace(const Trace& failing, ShrinkOptions options = {}, ShrinkStats* stats = nullptr);

// Replays trace's decisions strictly, recording events; the result as a trace.
Trace replay_trace(const Trace& trace, ReplayMode mode = ReplayMode::kStrict,
                   std::optional<Divergence>* divergence = nullptr);

}  // namespace catsim
