#include "cli/explore_swarm.h"

#include <fmt/format.h>

#include <cmath>

#include "cli/run_flags.h"
#include "sim/bitstate_set.h"

namespace catsim::cli {

void add_swarm_flags(CLI::App& command, SwarmFlags& flags) {
  command.add_flag("--swarm", flags.on,
                   "one shard of a swarm verification: depth-first in the shard's own action "
                   "order over a bitstate visited set; not exhaustive");
  command.add_option("--shard", flags.shard, "with --swarm: run shard I of N, e.g. 3/8");
  command.add_option("--swarm-seed", flags.seed,
                     "with --swarm: the swarm's seed (each shard draws its order and hashes "
                     "from it and its index)");
  command
      .add_option("--bitstate-bytes", flags.bitstate_bytes,
                  "with --swarm: the bit array, rounded down to a power of two (e.g. 1GiB; "
                  "default half of --memory-max, else 128MiB)")
      ->transform(CLI::AsSizeValue(false));
  command.add_option("--bitstate-hashes", flags.hashes, "with --swarm: bits per state (k)")
      ->check(CLI::Range(1u, model::kBitstateHashesMax));
}

namespace {

void require_swarm(const CLI::App& command, const SwarmFlags& flags) {
  if (flags.on) return;
  for (std::string_view name : kSwarmFlagNames) {
    if (name != "--swarm" && command.get_option(std::string(name))->count() > 0) {
      throw CLI::ValidationError(std::string(name), "only applies with --swarm");
    }
  }
}

}  // namespace

void resolve_swarm_flags(const CLI::App& command, const SwarmFlags& flags, bool bfs,
                         model::ExploreOptions& options) {
  require_swarm(command, flags);
  if (!flags.on) return;
  if (bfs) throw CLI::ValidationError("--swarm", "a swarm shard is depth-first (not --bfs)");
  if (options.jobs != 1) throw CLI::ValidationError("--swarm", "a swarm shard runs one job");
  if (options.fingerprint_bits != 64) {
    throw CLI::ValidationError("--swarm", "a swarm shard hashes 64-bit fingerprints");
  }
  const Shard shard = parse_shard(flags.shard);
  uint64_t bytes = flags.bitstate_bytes;
  if (bytes == 0) {
    bytes = options.memory_max_bytes != 0 ? options.memory_max_bytes / 2 : kBitstateBytesDefault;
  }
  const uint32_t log2_bits = model::bitstate_log2_bits_for(bytes);
  if (options.memory_max_bytes != 0 &&
      (uint64_t{1} << (log2_bits - 3)) >= options.memory_max_bytes) {
    throw CLI::ValidationError("--bitstate-bytes", "the bit array must fit in --memory-max");
  }
  options.order = model::SearchOrder::kDepthFirst;
  options.swarm = model::SwarmOptions{.seed = flags.seed,
                                      .shard_index = shard.index,
                                      .shard_count = shard.count,
                                      .log2_bits = log2_bits,
                                      .hashes = flags.hashes};
}

std::string swarm_setup_line(const model::SwarmOptions& swarm) {
  const model::SwarmSeeds seeds = model::swarm_seeds(swarm);
  return fmt::format(
      "swarm shard {}/{} (swarm seed {}, order seed {:016x}, hash seed {:016x}), bitstate "
      "2^{} bits ({:.1f} MB), {} hashes a state",
      swarm.shard_index, swarm.shard_count, swarm.seed, seeds.order, seeds.hash, swarm.log2_bits,
      std::ldexp(1.0, static_cast<int>(swarm.log2_bits) - 23), swarm.hashes);
}

void print_swarm_result(const model::SwarmOptions& swarm, const model::SwarmStats& stats,
                        uint64_t states, model::Verdict verdict, bool stopped) {
  fmt::print(
      "bitstate: {:.4f} of the bits set; omission probability {:.3g} (the estimated chance that "
      "a new state was taken as visited, at the end; lower at every earlier point)\n",
      stats.fill_ratio, stats.omission_probability);
  if (verdict == model::Verdict::kViolation) return;
  fmt::print(
      "no violation found in {} states (swarm shard {}/{}, not exhaustive; omission "
      "probability {:.3g}){}\n",
      states, swarm.shard_index, swarm.shard_count, stats.omission_probability,
      verdict != model::Verdict::kIncomplete ? ""
      : stopped                              ? "; stopped by a signal"
                                             : "; stopped at a cap");
}

std::string swarm_trace_path(const model::SwarmOptions& swarm) {
  return fmt::format("catsim-swarm-{}-of-{}.trace", swarm.shard_index, swarm.shard_count);
}

}  // namespace catsim::cli
