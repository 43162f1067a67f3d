// RunStats: what happened in a run, counted; summed over a campaign.
//
// The counters are a protocol's own: it declares them as an enum class
// whose last enumerator is kCount (at most kCountersMax of them), and names
// them in its own table. The kernel only adds, reads and merges counts by
// index. Code without access to the run's stats (the protocol's
// implementation) counts an event with coverage_hit(), which counts into the
// stats installed for the current thread by a CoverageScope.
// Guarantees: fixed size, no allocation; merge is element-wise addition, so
// a campaign's sum does not depend on the order runs are merged in.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace catsim {

inline constexpr size_t kCountersMax = 48;

// A protocol's counter enum: dense from 0, kCount last, at most kCountersMax.
template <class C>
concept CounterEnum = std::is_enum_v<C> && requires {
  C::kCount;
} && static_cast<size_t>(C::kCount) <= kCountersMax;

struct RunStats {
  std::array<uint64_t, kCountersMax> counts{};
  template <CounterEnum C>
  void add(C counter, uint64_t amount = 1) {
    counts[static_cast<size_t>(counter)] += amount;
  }
  template <CounterEnum C>
  uint64_t get(C counter) const {
    return counts[static_cast<size_t>(counter)];
  }
  void merge(const RunStats& other) {
    for (size_t i = 0; i < kCountersMax; ++i) counts[i] += other.counts[i];
  }
};

// Counts index in the stats of the current thread's CoverageScope, if any.
void coverage_hit_at(size_t index);

template <CounterEnum C>
void coverage_hit(C counter) {
  coverage_hit_at(static_cast<size_t>(counter));
}

class CoverageScope {
 public:
  explicit CoverageScope(RunStats& stats);
  ~CoverageScope();
  CoverageScope(const CoverageScope&) = delete;
  CoverageScope& operator=(const CoverageScope&) = delete;

 private:
  RunStats* previous_;
};

}  // namespace catsim
