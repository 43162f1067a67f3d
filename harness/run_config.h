// RunConfig: everything that shapes one simulated run, and the swarm
// configuration derived from its seed.
//
// A campaign fixes the protocol, variant, strategy and bounds; each seed then
// switches fault kinds on or off and picks their rates (swarm testing), unless
// a flag fixed them. derive_swarm() is a pure function of (seed, base), so a
// seed always explains its whole configuration, and the trace header records
// the result so a replay needs no seed at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/variant.h"
#include "sim/faults.h"
#include "sim/strategy.h"

namespace catsim {

struct TargetWeights {
  uint32_t migrate = 5;
  uint32_t rollback = 3;
  uint32_t emergency = 1;
  bool operator==(const TargetWeights&) const = default;
};

struct RunConfig {
  Protocol protocol = Protocol::kSingleTombstone;
  std::string variant = "correct";
  StrategyKind strategy = StrategyKind::kRandom;
  PctOptions pct{3, 300};
  uint32_t procs = 3;        // competing writer processes
  uint32_t readers = 1;      // reader processes
  uint32_t changes_max = 3;  // catalog changes per open
  uint32_t boots_max = 3;    // boots (incarnations that do work) per writer
  uint32_t reads_max = 4;    // reads per reader
  uint32_t retries_max = 2;  // retries of a transient failure per call
  uint64_t safety_steps_max = 600;
  uint64_t liveness_steps_max = 300;
  // Every workload change is a create (no change.kind or change.victim
  // decision): the model's only change kind (model/conformance.h).
  bool creates_only = false;
  // Swarm settings: nullopt = derived from the seed.
  std::optional<uint32_t> crash_percent;
  std::optional<uint32_t> transient_percent;
  std::optional<uint32_t> indeterminate_percent;
  std::optional<uint32_t> savepoint_percent;
  std::optional<TargetWeights> weights;
  bool operator==(const RunConfig&) const = default;
};

// The per-seed choices, all fixed.
struct Swarm {
  uint32_t crash_percent = 0;
  FaultRates faults;
  uint32_t savepoint_percent = 0;
  TargetWeights weights;
  bool operator==(const Swarm&) const = default;
};

Swarm derive_swarm(uint64_t seed, const RunConfig& config);

}  // namespace catsim
