// Dependence of pending steps: what a yield point's call touches, and
// whether two processes about to step race (PCT over racy events).
//
// A protocol declares, at each yield point, the shared resource its next
// call touches (numbered by the protocol from 1; 0 touches none, as a
// restart or a pause) and whether the call may change it. Two pending calls
// are dependent when they touch the same resource and at least one of them
// may write it. Guarantees: a pure function of the declared accesses.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace catsim {

struct Access {
  uint8_t resource = 0;  // 0: no shared resource
  bool writes = false;   // the call may change the resource
  bool operator==(const Access&) const = default;
};

// Where a runnable process waits: its yield point's label (a string literal,
// or "restart" for a down process) and what its next call touches.
struct PendingCall {
  std::string_view label;
  Access access;
};

// Whether the call pending at pending[chosen] is dependent with another
// runnable process's pending call.
bool races_with_another(std::span<const PendingCall> pending, size_t chosen);

}  // namespace catsim
