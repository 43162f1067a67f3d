#include "sim/dependence.h"

#include "sim/check.h"

namespace catsim {

bool races_with_another(std::span<const PendingCall> pending, size_t chosen) {
  CATSIM_CHECK(chosen < pending.size());
  const Access mine = pending[chosen].access;
  if (mine.resource == 0) return false;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (i == chosen) continue;
    const Access other = pending[i].access;
    if (other.resource == mine.resource && (mine.writes || other.writes)) return true;
  }
  return false;
}

}  // namespace catsim
