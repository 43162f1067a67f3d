// Dependence of pending steps: which store a yield point's call touches, and
// whether two processes about to step race (PCT over racy events).
//
// A yield point's label names its call ("stash.connect", "persist.append");
// its prefix is the store. Two pending calls are dependent when they touch
// the same store and at least one of them may write it (a connect, a fence,
// a transaction, an append, a raise). Guarantees: a pure function of the
// labels; labels of no store ("restart", "reader.pause") race with nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace catsim {

enum class StoreTouched : uint8_t { kNone, kStash, kPersist };

struct Access {
  StoreTouched store = StoreTouched::kNone;
  bool writes = false;
};

Access access_of(std::string_view label);

// Whether the call pending at labels[chosen] is dependent with another
// process's pending call (labels of all runnable processes).
bool races_with_another(std::span<const std::string_view> labels, size_t chosen);

}  // namespace catsim
