// Shrinking: turn a long failing trace into a short one that fails the same
// way.
//
// Delta debugging over the decision log and the configuration: fewer
// processes, fewer boots, changes and reads, faults switched off, chunks of
// decisions removed (dropping preemptions, crashes and whole stretches of
// work, which also moves later crashes earlier), and single decisions
// lowered to 0 (no crash, no fault, the first option). Each candidate is
// replayed loosely (sim/decision.h, ReplayMode::kLoose) and kept only if it
// violates the same property in fewer steps (or as many, with a shorter
// log). Guarantees: the result replays strictly to a violation of the same
// property; it is never longer than the input; at most replays_max replays.
#pragma once

#include <cstddef>
#include <cstdint>

#include "traces/trace.h"

namespace catsim {

struct ShrinkOptions {
  size_t replays_max = 5000;
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
