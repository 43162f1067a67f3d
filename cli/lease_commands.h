// The lease protocol (lease/) under catsim's commands: `run`, `replay`,
// `explore` and `mutants` with --protocol lease (and `replay` of a lease
// trace file) come here. Each returns the command's exit status: 0 clean,
// 1 a violation (or a mutant that survived), 2 bad usage or a bad file.
// Flags that only the catalog protocol understands are a usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "lease/lease_config.h"
#include "lease/lease_model.h"
#include "sim/explorer.h"
#include "sim/seed_campaign.h"

namespace catsim::cli {

inline constexpr std::string_view kLeaseProtocol = "lease";

// Throws CLI::ValidationError naming the first option of command given on
// the command line that is not in allowed.
void require_only_lease_flags(const CLI::App& command,
                              std::initializer_list<std::string_view> allowed);

struct LeaseRunRequest {
  lease::LeaseConfig config;
  SeedCampaignOptions seeds;
  std::string out_dir;
};
// Runs the campaign; writes each failure's trace under out_dir and prints
// the seed, the property, the trace and the command that replays it.
int run_lease(const LeaseRunRequest& request);

// Replays a lease trace file (text already read from path).
int replay_lease_file(const std::string& path, std::string_view text, bool quiet);
// Re-runs one seed with its timeline.
int replay_lease_seed(uint64_t seed, const lease::LeaseConfig& config, bool quiet);

int explore_lease(const lease::ModelConfig& bounds, const std::string& variant,
                  const model::ExploreOptions& options);

// Every lease mutant under a campaign of budget_seeds seeds: exit 1 if one
// survives or breaks another property than it declares.
int lease_mutants(uint64_t budget_seeds, uint32_t jobs, const std::vector<std::string>& variants);

}  // namespace catsim::cli
