// CrashPoints: the protocol's named crash points, for scripted scenarios.
//
// The migrator calls reached(name) at post_stash_fence, post_persist_fence and
// migrate_post_write. A scenario arms a point; the next process to reach it
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

inline constexpr std::string_view kPostStashFence = "post_stash_fence";
inline constexpr std::string_view kPostPersistFence = "post_persist_fence";
inline constexpr std::string_view kMigratePostWrite = "migrate_post_write";

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
