// LeaseConfig: everything that shapes one run of the lease protocol, and the
// swarm configuration each seed derives from it.
//
// A campaign fixes the variant and the bounds; each seed then draws its
// shape (2 to 4 holders, the scheduling strategy) and switches crashes and
// each fault kind on or off, with a rate (swarm testing), unless the config
// fixes them. derive_swarm() draws from its own Rng, independent of the
// Decider's streams, so it is a pure function of (seed, config) and no
// choice made during the run shifts it. pinned() writes a swarm back into a
// config, so that a pinned config alone explains (and replays) a run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/faults.h"
#include "sim/strategy.h"

namespace catsim::lease {

inline constexpr uint32_t kHoldersMin = 2;
inline constexpr uint32_t kHoldersMax = 4;

struct LeaseConfig {
  std::string variant = "correct";
  uint64_t steps_max = 300;       // the run's step budget
  uint32_t writes_per_lease = 3;  // writes of one incarnation
  uint32_t boots_max = 3;         // incarnations that do work, per holder
  uint32_t retries_max = 2;       // retries of a failed call
  PctOptions pct{3, 40};
  // Swarm settings: nullopt = derived from the seed.
  std::optional<StrategyKind> strategy;
  std::optional<uint32_t> holders;  // kHoldersMin..kHoldersMax
  std::optional<uint32_t> crash_percent;
  std::optional<uint32_t> transient_percent;
  std::optional<uint32_t> indeterminate_percent;
  bool operator==(const LeaseConfig&) const = default;
};

// The per-seed choices, all fixed.
struct LeaseSwarm {
  StrategyKind strategy = StrategyKind::kRandom;
  uint32_t holders = 2;
  uint32_t crash_percent = 0;
  FaultRates faults;
  bool operator==(const LeaseSwarm&) const = default;
};

LeaseSwarm derive_swarm(uint64_t seed, const LeaseConfig& config);

// config with every per-seed setting fixed to swarm's.
LeaseConfig pinned(const LeaseConfig& config, const LeaseSwarm& swarm);
// The swarm a pinned config fixes; nullopt if a per-seed setting is unset.
std::optional<LeaseSwarm> pinned_swarm(const LeaseConfig& config);

}  // namespace catsim::lease
