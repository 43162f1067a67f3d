#include "traces/shrink_edits.h"

#include <functional>

#include "harness/decision_labels.h"

namespace catsim {

namespace {

bool target_allowed(const Swarm& swarm, uint64_t value) {
  const TargetWeights& w = swarm.weights;
  if (w.migrate + w.rollback + w.emergency == 0) return value == 0;  // as choose_target does
  const uint32_t weights[3] = {w.migrate, w.rollback, w.emergency};
  return value < 3 && weights[value] > 0;
}

}  // namespace

uint32_t liveness_process(const Swarm& swarm) {
  return swarm.procs + swarm.readers;
}

std::vector<uint64_t> other_values(const Decision& decision, const Swarm& swarm) {
  const bool target = decision.stream == Stream::kWorkload && decision.label == labels::kBootTarget;
  if (!target) return other_values(decision, std::function<bool(uint64_t)>{});
  return other_values(decision, [&](uint64_t value) { return target_allowed(swarm, value); });
}

}  // namespace catsim
