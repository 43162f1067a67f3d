#include "sim/run_stats.h"

#include "sim/check.h"

namespace catsim {

namespace {
thread_local RunStats* active_stats = nullptr;
}  // namespace

void coverage_hit_at(size_t index) {
  CATSIM_CHECK(index < kCountersMax);
  if (active_stats != nullptr) ++active_stats->counts[index];
}

CoverageScope::CoverageScope(RunStats& stats) : previous_(active_stats) {
  active_stats = &stats;
}

CoverageScope::~CoverageScope() {
  active_stats = previous_;
}

}  // namespace catsim
