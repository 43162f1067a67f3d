// Shrink edits of the catalog protocol: the candidate runs the shrinker
// (traces/shrink.h) tries beyond the kernel's decision-log edits
// (sim/decision_edits.h), which they reuse.
//
// Guarantees: deterministic; process numbering stays as World spawns it
// (writers, then readers, then the liveness opener); other_values() lists
// only values on [0, bound) a seeded run could have drawn: a target whose
// swarm weight is 0 is never offered.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/run_config.h"
#include "sim/decision.h"
#include "sim/decision_edits.h"

namespace catsim {

struct ShrinkCandidate {
  RunConfig config;
  Swarm swarm;
  std::vector<Decision> decisions;
};

// The id of the liveness phase's fresh opener (spawned after every writer
// and reader).
uint32_t liveness_process(const Swarm& swarm);

// The kernel's other_values (sim/decision_edits.h), with a writer's target
// limited to those the swarm's weights allow.
std::vector<uint64_t> other_values(const Decision& decision, const Swarm& swarm);

}  // namespace catsim
