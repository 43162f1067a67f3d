// CrashPoints: a protocol's named crash points, for scripted scenarios.
//
// Protocol code calls reached(name) at each point it names (names are the
// protocol's own string literals). A scenario arms a point; the next process to reach it
// dies right there (its fiber unwinds as after any crash) and the point is
// disarmed. In a random campaign nothing is armed, and the world only notes
// which named point each process last passed, so that a crash at its next
// yield point is counted as a crash at that named point.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace catsim {

class CrashPoints {
 public:
  using Listener = std::function<void(std::string_view name)>;
  void arm(std::string_view name) { armed_.insert(std::string(name)); }
  void set_listener(Listener listener) { listener_ = std::move(listener); }
  // Throws ProcessCrashed if name is armed (and disarms it).
  void reached(std::string_view name);

 private:
  std::set<std::string> armed_;
  Listener listener_;
};

}  // namespace catsim
