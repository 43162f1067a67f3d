// The flags that shape a run, shared by `run` and `replay`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "harness/run_config.h"
#include "sim/seed_campaign.h"

namespace catsim::cli {

struct RunFlags {
  RunConfig config;
  std::string protocol = "single-tombstone";
  std::string strategy;         // empty = per seed
  std::string weights;          // "M:R:E", empty = per seed
  std::string crash_placement;  // empty = per seed
};

void add_run_flags(CLI::App& command, RunFlags& flags);
// Resolves names into config; throws CLI::ValidationError on unknown names.
void resolve_run_flags(RunFlags& flags);
// The flags, spelled out, that reproduce config (for replay commands).
std::string run_flags_text(const RunConfig& config);
// "I/N" (1 <= I <= N <= 1e6): one shard of N, as `run` and `explore --swarm`
// take it; throws CLI::ValidationError("--shard") otherwise.
Shard parse_shard(const std::string& text);
// A setting as shown to a person: its value, or "per seed".
std::string setting_text(const std::optional<uint32_t>& value);
std::string strategy_text(const std::optional<StrategyKind>& strategy);

}  // namespace catsim::cli
