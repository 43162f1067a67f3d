// RunConfig: everything that shapes one simulated run, and the swarm
// configuration derived from its seed.
//
// A campaign fixes the protocol, variant and bounds; each seed then draws its
// shape (writers, readers, changes per open, boots, the scheduling strategy)
// and switches fault kinds on or off and picks their rates (swarm testing,
// Groce et al., ISSTA 2012), unless a flag fixed them. derive_swarm() is a
// pure function of (seed, base), so a seed always explains its whole
// configuration, and the trace header records the result (pinned()) so a
// replay needs no seed at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// Where crashes may fall: at any yield point, or only at racy events (a
// yield point whose call is dependent with another runnable process's
// pending call, sim/dependence.h), where a crash changes what others see.
enum class CrashPlacement : uint8_t { kAnyStep, kRacyEvents };
std::string_view crash_placement_name(CrashPlacement placement);
std::optional<CrashPlacement> crash_placement_from_name(std::string_view name);

struct RunConfig {
  Protocol protocol = Protocol::kSingleTombstone;
  std::string variant = "correct";
  PctOptions pct{3, 40};
  uint32_t reads_max = 4;    // reads per reader
  uint32_t retries_max = 2;  // retries of a transient failure per call
  uint64_t safety_steps_max = 600;
  uint64_t liveness_steps_max = 300;
  // Every workload change is a create (no change.kind or change.victim
  // decision): the model's only change kind (model/conformance.h).
  bool creates_only = false;
  // Swarm settings: nullopt = derived from the seed.
  std::optional<StrategyKind> strategy;
  std::optional<uint32_t> procs;        // competing writer processes
  std::optional<uint32_t> readers;      // reader processes
  std::optional<uint32_t> changes_max;  // catalog changes per open
  std::optional<uint32_t> boots_max;    // boots (incarnations that do work) per writer
  std::optional<uint32_t> crash_percent;
  std::optional<CrashPlacement> crash_placement;
  std::optional<uint32_t> transient_percent;
  std::optional<uint32_t> indeterminate_percent;
  std::optional<uint32_t> savepoint_percent;
  std::optional<TargetWeights> weights;
  bool operator==(const RunConfig&) const = default;
};

// The per-seed choices, all fixed.
struct Swarm {
  StrategyKind strategy = StrategyKind::kRandom;
  uint32_t procs = 3;
  uint32_t readers = 1;
  uint32_t changes_max = 3;
  uint32_t boots_max = 3;
  uint32_t crash_percent = 0;
  CrashPlacement crash_placement = CrashPlacement::kAnyStep;
  FaultRates faults;
  uint32_t savepoint_percent = 0;
  TargetWeights weights;
  bool operator==(const Swarm&) const = default;
};

Swarm derive_swarm(uint64_t seed, const RunConfig& config);

// config with every per-seed setting fixed to swarm's (what a trace records).
RunConfig pinned(const RunConfig& config, const Swarm& swarm);

}  // namespace catsim
