// Swarm: the settings of one shard of a swarm verification (Holzmann's
// swarm: many independent depth-first searches, each with its own action
// order and its own bitstate hashes, sim/bitstate_set.h), and the order a
// shard takes a state's actions in.
//
// Shard I of N of swarm seed S draws an order seed and a hash seed from
// (S, I) alone; the actions of a state are taken in a permutation drawn by
// the kernel's Rng (sim/rng.h) from the order seed and the state's
// fingerprint. Guarantees:
//  1. Deterministic: a shard's order at a state is a function of (S, I,
//     the state's fingerprint, the actions) only, the same whatever path
//     reached the state; rerunning a shard gives the same search.
//  2. Different shards (or seeds) draw different order and hash seeds, so
//     their searches take different paths and miss different states. The
//     seeds do not depend on N: growing a swarm keeps the shards it ran.
//  3. A shard is not exhaustive: it reports what it visited and an estimate
//     of the chance it took a new state for a visited one (ExploreReport's
//     swarm statistics).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/rng.h"

namespace catsim::model {

struct SwarmOptions {
  uint64_t seed = 1;         // the swarm's seed, shared by all its shards
  uint64_t shard_index = 1;  // 1-based, as `catsim run --shard I/N`
  uint64_t shard_count = 1;
  uint32_t log2_bits = 30;  // the bitstate array: 2^log2_bits bits (2^27 bytes)
  uint32_t hashes = 3;      // k, the bits per state
};

// What a swarm shard reports besides the search's counts.
struct SwarmStats {
  uint64_t order_seed = 0;
  uint64_t hash_seed = 0;
  uint64_t bitstate_bytes = 0;
  uint32_t hashes = 0;
  double fill_ratio = 0;  // of the bit array, at the end
  // bitstate_omission_probability(states, ...): the estimated chance that a
  // new state was taken as visited, at the end (and a bound on it before).
  double omission_probability = 0;
};

struct SwarmSeeds {
  uint64_t order = 0;
  uint64_t hash = 0;
};

inline SwarmSeeds swarm_seeds(const SwarmOptions& swarm) {
  uint64_t state = swarm.seed ^ (swarm.shard_index * 0x9e3779b97f4a7c15ULL);
  SwarmSeeds seeds;
  seeds.order = splitmix64(state);
  seeds.hash = splitmix64(state);
  return seeds;
}

// Permutes actions (Fisher-Yates) by an Rng of order_seed and the state's
// fingerprint.
template <class Action>
void swarm_order(uint64_t order_seed, uint64_t fingerprint, std::vector<Action>& actions) {
  if (actions.size() < 2) return;
  Rng rng(order_seed ^ (fingerprint * 0xbf58476d1ce4e5b9ULL));
  for (size_t i = actions.size() - 1; i > 0; --i) {
    const auto j = static_cast<size_t>(rng.below(i + 1));
    if (j != i) std::swap(actions[i], actions[j]);
  }
}

}  // namespace catsim::model
