// Canonical states: symmetry reduction and fingerprints for the explorer.
//
// Two states that differ only by (a) a permutation of processes that are
// interchangeable (same allowed targets) or (b) a renaming of change labels
// behave identically under every property, so the explorer visits one
// representative. canonicalize():
//  1. sorts the processes of each symmetry class by their locals, where the
//     source snapshot counts by a label-free key (how many of its labels
//     are in the reference, the stash, persist);
//  2. renames labels by their signature (which of reference, stash,
//     persist, each process's snapshot holds them), so labels that sit in
//     the same catalogs are interchangeable and get consecutive names.
// Guarantees: the result is equivalent to the input (sound); equal inputs
// give equal outputs; perm[new] = old says where each process came from.
// Processes tied on the sort key but with different snapshots may leave two
// representatives for one class (less reduction, never unsound).
// fingerprint() is a 64-bit hash of the state's bytes; two distinct states
// collide with probability about n^2 / 2^65 over n states.
#pragma once

#include <array>
#include <cstdint>

#include "model/model_state.h"
#include "model/model_violation.h"

namespace catsim::model {

// classes[p]: the symmetry class of process p (processes with equal classes
// are interchangeable).
ModelState canonicalize(const ModelState& state, const std::array<uint8_t, kProcsMax>& classes,
                        Permutation& perm);

uint64_t fingerprint_of(const ModelState& state);

}  // namespace catsim::model
