#include "model/canonical.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "model/catalog_value.h"
#include "sim/hash.h"

namespace catsim::model {

namespace {

static_assert(kProcsMax == 4);

// Where a label sits: bit 0 reference, bit 1 stash, bit 2 persist.
uint32_t stores_holding(const ModelState& state, uint32_t bit) {
  return ((state.reference & bit) ? 1u : 0u) | ((state.stash.contents & bit) ? 2u : 0u) |
         ((state.persist.contents & bit) ? 4u : 0u);
}

// A label-free key for a snapshot: its init bit, then how many of its labels
// sit in each combination of (reference, stash, persist), 4 bits each.
uint64_t snap_key(const ModelState& state, uint32_t snap) {
  std::array<uint32_t, 8> counts{};
  for (uint32_t rest = labels(snap); rest != 0; rest &= rest - 1) {
    ++counts[stores_holding(state, rest & (~rest + 1))];
  }
  uint64_t key = initialized(snap) ? 1 : 0;
  for (uint32_t c : counts) key = (key << 4) | std::min<uint32_t>(c, 15);
  return key;
}

// The sort key of a process: its locals, then the snapshot by snap_key.
struct ProcKey {
  uint64_t high = 0;
  uint64_t low = 0;
  auto operator<=>(const ProcKey&) const = default;
};

ProcKey proc_key(const ModelState& state, const ProcState& proc) {
  ProcKey key;
  for (uint8_t byte : {proc.pc, proc.target, proc.boots, proc.changes, proc.stash_epoch_read,
                       proc.persist_epoch_read, proc.stash_handle, proc.persist_handle}) {
    key.high = (key.high << 8) | byte;
  }
  for (uint8_t byte :
       {proc.persist_in_sync, proc.need_init, proc.dest_fresh, proc.tombstones_read}) {
    key.low = (key.low << 8) | byte;
  }
  key.low = (key.low << 33) | (proc.snap == 0 ? 0 : snap_key(state, proc.snap));
  return key;
}

// Sorts the processes of each class by key (insertion sort, stable); slots
// of other classes stay put.
void sort_processes(ModelState& state, const std::array<uint8_t, kProcsMax>& classes,
                    Permutation& perm) {
  const uint32_t procs = state.procs;
  std::array<ProcKey, kProcsMax> keys{};
  for (uint32_t p = 0; p < procs; ++p) keys[p] = proc_key(state, state.proc[p]);
  std::array<uint8_t, kProcsMax> order{0, 1, 2, 3};
  for (uint32_t i = 1; i < procs; ++i) {
    // Move slot i's process left past larger processes of its class.
    uint32_t at = i;
    for (uint32_t j = i; j-- > 0;) {
      if (classes[j] != classes[i]) continue;
      if (!(keys[order[at]] < keys[order[j]])) break;
      std::swap(order[at], order[j]);
      at = j;
    }
  }
  const ModelState before = state;
  for (uint32_t p = 0; p < procs; ++p) {
    state.proc[p] = before.proc[order[p]];
    perm[p] = order[p];
  }
}

uint32_t rename(uint32_t value, const std::array<uint8_t, kLabelsMax>& to) {
  uint32_t out = value & kInitBit;
  for (uint32_t rest = labels(value); rest != 0; rest &= rest - 1) {
    out |= 1u << to[static_cast<uint32_t>(std::countr_zero(rest))];
  }
  return out;
}

void rename_labels(ModelState& state) {
  ReaderState& reader = state.reader;
  uint32_t read = reader.cached;  // labels the reader holds
  for (uint32_t value : reader.seen) read |= value;
  uint32_t used = state.reference | state.stash.contents | state.persist.contents | read;
  for (uint32_t p = 0; p < state.procs; ++p) used |= state.proc[p].snap;
  used = labels(used);
  // Already canonical when the used labels are 0..n-1 in signature order;
  // the common case of a few labels is cheap either way.
  if (used == 0) return;
  std::array<uint32_t, kLabelsMax> signature{};
  std::array<uint8_t, kLabelsMax> by_signature{};
  uint32_t count = 0;
  for (uint32_t rest = used; rest != 0; rest &= rest - 1) {
    const auto label = static_cast<uint32_t>(std::countr_zero(rest));
    const uint32_t bit = 1u << label;
    uint32_t sig = stores_holding(state, bit);
    for (uint32_t p = 0; p < state.procs; ++p) {
      if (state.proc[p].snap & bit) sig |= 8u << p;
    }
    if (read & bit) sig |= 8u << kProcsMax;
    signature[label] = sig;
    // Insertion by descending signature, stable.
    uint32_t at = count++;
    while (at > 0 && signature[by_signature[at - 1]] < sig) {
      by_signature[at] = by_signature[at - 1];
      --at;
    }
    by_signature[at] = static_cast<uint8_t>(label);
  }
  std::array<uint8_t, kLabelsMax> to{};
  bool identity = true;
  for (uint32_t rank = 0; rank < count; ++rank) {
    to[by_signature[rank]] = static_cast<uint8_t>(rank);
    identity = identity && by_signature[rank] == rank;
  }
  if (identity) return;
  state.reference = rename(state.reference, to);
  state.stash.contents = rename(state.stash.contents, to);
  state.persist.contents = rename(state.persist.contents, to);
  for (uint32_t p = 0; p < state.procs; ++p) state.proc[p].snap = rename(state.proc[p].snap, to);
  for (uint32_t& value : reader.seen) value = rename(value, to);
  reader.cached = rename(reader.cached, to);
}

}  // namespace

ModelState canonicalize(const ModelState& state, const std::array<uint8_t, kProcsMax>& classes,
                        Permutation& perm) {
  ModelState out = state;
  for (uint8_t slot = 0; slot < perm.size(); ++slot) perm[slot] = slot;  // the reader stays
  sort_processes(out, classes, perm);
  rename_labels(out);
  return out;
}

// wyhash's mixing: each pair of words is folded into the hash by one
// 64x64->128 multiply, then SplitMix64's finalizer.
uint64_t fingerprint_of(const ModelState& state) {
  static_assert(sizeof(ModelState) % 8 == 0);
  std::array<uint64_t, sizeof(ModelState) / 8 + 1> words{};
  std::memcpy(words.data(), &state, sizeof(ModelState));
  uint64_t hash = 0x9e3779b97f4a7c15ULL;
  for (size_t i = 0; i + 1 < words.size(); i += 2) {
    const unsigned __int128 product =
        static_cast<unsigned __int128>(words[i] ^ hash ^ 0xa0761d6478bd642fULL) *
        (words[i + 1] ^ 0xe7037ed1a0b428dbULL);
    hash = static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
  }
  return mix64(hash ^ sizeof(ModelState));
}

}  // namespace catsim::model
