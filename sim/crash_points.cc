#include "sim/crash_points.h"

#include "sim/scheduler.h"

namespace catsim {

void CrashPoints::reached(std::string_view name) {
  if (listener_) listener_(name);
  auto it = armed_.find(std::string(name));
  if (it == armed_.end()) return;
  armed_.erase(it);
  throw ProcessCrashed{};
}

}  // namespace catsim
