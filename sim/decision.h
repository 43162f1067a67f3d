// Decider: every nondeterministic choice of a run, made and logged in one place.
//
// A run makes four kinds of choice, each from its own stream so that one
// concern drawing more does not shift the others: which process runs next
// (schedule), whether it crashes there (crash), whether a store call fails
// (fault), and what a process decides to do (workload). Each choice is logged
// as a Decision keyed by process and call label.
//
// Guarantees:
//  1. Seeded mode: every choice is a pure function of the seed and history.
//  2. Replay mode: the log alone reproduces the run; a choice whose key
//     (stream, process, label, bound) differs from the log's is a divergence,
//     reported with its index. Past it the Decider either stops answering from
//     the log (kStrict: the caller ends the run) or falls back to seeded
//     choices for the rest of the run (kContinueSeeded).
//  2b. Loose replay (kLoose, for shrinking): each choice takes the first
//     pending logged decision with the same key within a window ahead; of the
//     ones it skips, it drops only the same process's (same stream), for a
//     schedule choice the skipped schedule choices, and those a window behind,
//     and keeps the rest for later choices. With no match it takes 0 (no crash, no fault, the first
//     option) and, for the schedule, the lowest runnable process. It never
//     diverges, and is as deterministic as the log it reads.
//  3. The log of a replayed run equals the log it replayed, up to divergence.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/hash.h"
#include "sim/rng.h"
#include "sim/strategy.h"

namespace catsim {

enum class Stream : uint8_t { kSchedule = 0, kCrash = 1, kFault = 2, kWorkload = 3 };
inline constexpr size_t kStreamCount = 4;
std::string_view stream_name(Stream stream);
std::optional<Stream> stream_from_name(std::string_view name);

// Labels are string literals in code, or interned (intern_label) when read
// from a file, so a Decision is a small trivially copyable value.
struct Decision {
  Stream stream = Stream::kSchedule;
  uint32_t process = 0;
  std::string_view label;  // the call label where the choice was made
  uint64_t bound = 0;      // the choice was on [0, bound)
  uint64_t value = 0;
  bool operator==(const Decision&) const = default;
};

struct Divergence {
  size_t index = 0;      // position in the log
  std::string expected;  // what the log held there
  std::string found;     // what the run asked for
};

std::string describe(const Decision& decision);

// A copy of label with static storage duration (thread-safe; for labels read
// from files, which are few and repeat).
std::string_view intern_label(std::string_view label);

enum class ReplayMode : uint8_t { kStrict, kContinueSeeded, kLoose };

// Bytes mode (for coverage-guided fuzzing): every choice consumes input
// bytes (a choice on [0, n) takes one byte mod n, or four for n > 256);
// past the end every byte reads as 0. Also logged, so a run driven by bytes
// can be saved as an ordinary trace and replayed.
struct ChoiceBytes {
  std::vector<uint8_t> bytes;
};

class Decider {
 public:
  // Seeded mode.
  Decider(uint64_t seed, StrategyKind strategy, PctOptions pct = {});
  // Replay mode.
  Decider(std::vector<Decision> log, ReplayMode mode, uint64_t fallback_seed);
  // Bytes mode.
  explicit Decider(ChoiceBytes bytes);

  // Picks the next process among runnable (ascending slots), whose pending
  // calls are pending (same order).
  uint32_t pick_process(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                        uint64_t step);
  // A choice on [0, bound) (bound >= 1); seeded mode draws it uniformly.
  uint64_t choose(Stream stream, uint32_t process, std::string_view label, uint64_t bound);
  // True with probability percent/100 in seeded mode (logged as 0 or 1).
  bool choose_percent(Stream stream, uint32_t process, std::string_view label, uint32_t percent);
  // An index into weights, drawn in proportion to them (sum > 0).
  size_t choose_weighted(Stream stream, uint32_t process, std::string_view label,
                         std::span<const uint32_t> weights);
  void add_slot(uint32_t slot);

  const std::vector<Decision>& log() const { return log_; }
  const std::optional<Divergence>& divergence() const { return divergence_; }
  // True when a replay diverged and may not go on.
  bool stopped() const { return divergence_.has_value() && mode_ == ReplayMode::kStrict; }
  bool replaying() const { return replaying_ && !divergence_.has_value(); }

 private:
  // Returns the logged value for key when replaying and the key matches.
  std::optional<uint64_t> replayed(const Decision& key);
  uint64_t loosely_replayed(const Decision& key);
  uint32_t loosely_picked(std::span<const uint32_t> runnable, std::span<const PendingCall> pending);
  // The position of the first pending logged decision within the loose
  // window that matches, now taken; the skipped ones that are stale, dropped.
  template <class Matches, class Stale>
  std::optional<size_t> take_loosely(const Matches& matches, const Stale& stale);
  uint64_t from_bytes(uint64_t bound);
  void record(Decision decision);

  std::vector<Rng> streams_;
  std::unique_ptr<Strategy> strategy_;
  std::vector<Decision> log_;
  std::vector<Decision> replay_log_;
  size_t replay_next_ = 0;         // first logged decision not yet taken
  std::vector<bool> loose_taken_;  // kLoose: which logged decisions are used up
  size_t loose_window_start_ = 0;  // kLoose: just past the furthest match
  bool replaying_ = false;
  ReplayMode mode_ = ReplayMode::kStrict;
  std::optional<ChoiceBytes> bytes_;
  size_t byte_next_ = 0;
  std::optional<Divergence> divergence_;
};

// Folds the decisions of log from *hashed on into hasher (stream and
// process, label, value), and moves *hashed to the end: a run's trace hash
// covers every choice once, in log order.
inline void hash_new_decisions(const std::vector<Decision>& log, size_t& hashed, Hasher& hasher) {
  for (; hashed < log.size(); ++hashed) {
    const Decision& decision = log[hashed];
    hasher.add(static_cast<uint64_t>(decision.stream) << 32 | decision.process);
    hasher.add_label(decision.label);
    hasher.add(decision.value);
  }
}

}  // namespace catsim
