// CatalogValue: the model's abstraction of a catalog's contents, in 32 bits.
//
// Bit 31 says the store holds the default catalog (initialization); bits
// 0..30 are labels of workload changes present. A change is a create of a
// fresh object (its own name, id and audit event), so a catalog is exactly
// "defaults or not, plus a set of changes", and two catalogs have the same
// contents (less tombstone rows) iff their values are equal.
// Labels are anonymous: the model only ever compares catalogs, so a new
// change takes the lowest label no catalog in the state holds, and
// canonicalization renames labels (model/canonical.h).
// Not represented: drops and alters, and the id allocator. The parts of P2
// they serve (no id handed out twice, nothing dropped comes back) can only
// break when a change computed from one catalog lands on another; with the
// fence checks on that cannot happen, and with them off (the P3 mutants)
// the stale write is a P3 violation in the same step, which is reported
// first, as the implementation's checker does.
#pragma once

#include <bit>
#include <cstdint>
#include <string>

namespace catsim::model {

inline constexpr uint32_t kInitBit = 1u << 31;
inline constexpr uint32_t kLabelMask = kInitBit - 1;
inline constexpr uint32_t kLabelsMax = 31;

inline bool initialized(uint32_t value) {
  return (value & kInitBit) != 0;
}
inline uint32_t labels(uint32_t value) {
  return value & kLabelMask;
}
inline uint32_t change_count(uint32_t value) {
  return static_cast<uint32_t>(std::popcount(labels(value)));
}

// The lowest label not in used (a mask of labels); kLabelsMax if none is left.
inline uint32_t fresh_label(uint32_t used) {
  return static_cast<uint32_t>(std::countr_one(labels(used)));
}

// "{}", "{init}", "{init,c0,c3}".
inline std::string show_catalog(uint32_t value) {
  std::string text = "{";
  bool first = true;
  if (initialized(value)) {
    text += "init";
    first = false;
  }
  for (uint32_t label = 0; label < kLabelsMax; ++label) {
    if ((value & (1u << label)) == 0) continue;
    if (!first) text += ",";
    text += "c" + std::to_string(label);
    first = false;
  }
  return text + "}";
}

}  // namespace catsim::model
