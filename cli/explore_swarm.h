// `catsim explore --swarm`: the flags of one swarm shard (sim/swarm.h) and
// how its result is printed, for the catalog and the lease protocol alike.
//
// A shard is named as `catsim run` names one (--shard I/N), so a CI matrix
// or an indexed job runs shard $I of N with the same command line. The
// flags only apply with --swarm; --swarm is depth-first on one thread.
// The summary never calls a shard's result clean: it says how many states
// it visited, that it is not exhaustive, and the omission estimate. A
// catalog counterexample is written as a trace (swarm_trace_path() unless
// --trace names one); the lease explorer prints its counterexample only.
#pragma once

#include <CLI/CLI.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/explorer.h"

namespace catsim::cli {

struct SwarmFlags {
  bool on = false;
  std::string shard = "1/1";
  uint64_t seed = 1;
  uint64_t bitstate_bytes = 0;  // 0: half of --memory-max, or kBitstateBytesDefault
  uint32_t hashes = 3;
};

inline constexpr uint64_t kBitstateBytesDefault = uint64_t{128} << 20;

void add_swarm_flags(CLI::App& command, SwarmFlags& flags);
inline constexpr std::array<std::string_view, 5> kSwarmFlagNames = {
    "--swarm", "--shard", "--swarm-seed", "--bitstate-bytes", "--bitstate-hashes"};

// Checks the flags against the search's (--bfs, --jobs, --fingerprint-bits,
// --memory-max) and sets options.order and options.swarm; throws
// CLI::ValidationError on bad usage. bfs: --bfs was given.
void resolve_swarm_flags(const CLI::App& command, const SwarmFlags& flags, bool bfs,
                         model::ExploreOptions& options);

// "swarm shard I/N (seed S, order seed O, hash seed H), bitstate B MB, k hashes".
std::string swarm_setup_line(const model::SwarmOptions& swarm);
// The lines after a shard's search: the bitstate's fill and the omission
// estimate, and, without a violation, the plain "not exhaustive" summary.
// stopped: a signal stopped the search (else kIncomplete is a cap).
void print_swarm_result(const model::SwarmOptions& swarm, const model::SwarmStats& stats,
                        uint64_t states, model::Verdict verdict, bool stopped);
// Where a shard writes its counterexample when --trace is not given.
std::string swarm_trace_path(const model::SwarmOptions& swarm);

}  // namespace catsim::cli
