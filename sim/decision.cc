#include "sim/decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "sim/check.h"

namespace catsim {

namespace {
constexpr std::string_view kStreamNames[kStreamCount] = {"schedule", "crash", "fault", "workload"};

std::vector<Rng> make_streams(uint64_t seed) {
  Rng root(seed);
  std::vector<Rng> streams;
  for (size_t i = 0; i < kStreamCount; ++i) streams.push_back(root.split());
  return streams;
}

bool same_key(const Decision& a, const Decision& b) {
  return a.stream == b.stream && a.process == b.process && a.label == b.label && a.bound == b.bound;
}
}  // namespace

std::string_view stream_name(Stream stream) {
  return kStreamNames[static_cast<size_t>(stream)];
}

std::optional<Stream> stream_from_name(std::string_view name) {
  for (size_t i = 0; i < kStreamCount; ++i) {
    if (kStreamNames[i] == name) return static_cast<Stream>(i);
  }
  return std::nullopt;
}

std::string describe(const Decision& d) {
  return fmt::format("{} p{} at '{}' in [0,{}) = {}", stream_name(d.stream), d.process, d.label,
                     d.bound, d.value);
}

std::string_view intern_label(std::string_view label) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> labels;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = labels.find(label);
  if (it == labels.end()) it = labels.emplace(label).first;
  return *it;
}

Decider::Decider(uint64_t seed, StrategyKind strategy, PctOptions pct)
    : streams_(make_streams(seed)) {
  log_.reserve(1024);
  strategy_ =
      make_strategy(strategy, streams_[static_cast<size_t>(Stream::kSchedule)].split(), pct);
}

Decider::Decider(std::vector<Decision> log, ReplayMode mode, uint64_t fallback_seed)
    : Decider(fallback_seed, StrategyKind::kRandom) {
  replay_log_ = std::move(log);
  replaying_ = true;
  mode_ = mode;
  if (mode_ == ReplayMode::kLoose) loose_taken_.assign(replay_log_.size(), false);
}

Decider::Decider(ChoiceBytes bytes) : Decider(0, StrategyKind::kRandom) {
  bytes_ = std::move(bytes);
}

uint64_t Decider::from_bytes(uint64_t bound) {
  CATSIM_CHECK(bound >= 1);
  auto next = [&]() -> uint64_t {
    return byte_next_ < bytes_->bytes.size() ? bytes_->bytes[byte_next_++] : 0;
  };
  if (bound <= 256) return next() % bound;
  uint64_t value = next() | next() << 8 | next() << 16 | next() << 24;
  return value % bound;
}

namespace {
// Loose replay looks this many pending (not yet taken) decisions ahead.
constexpr size_t kLooseWindow = 64;
}  // namespace

// Loose replay keeps, past a match, the decisions it skipped unless they are
// the matching process's own stale ones (same process and stream), for a
// schedule match the interleaving it departed from, or more than a window
// behind the match; so removing one process's decision does not discard what
// the others decided meanwhile. The window counts pending decisions after
// the last match: kept ones behind it never crowd out the log ahead.
template <class Matches, class Stale>
std::optional<size_t> Decider::take_loosely(const Matches& matches, const Stale& stale) {
  size_t pending = 0;
  std::optional<size_t> found;
  for (size_t i = replay_next_; i < replay_log_.size() && pending < kLooseWindow; ++i) {
    if (loose_taken_[i]) continue;
    if (i >= loose_window_start_) ++pending;
    if (matches(replay_log_[i])) {
      found = i;
      break;
    }
  }
  if (!found) return std::nullopt;
  for (size_t i = replay_next_; i < *found; ++i) {
    bool too_old = *found - i > kLooseWindow;
    if (!loose_taken_[i] && (too_old || stale(replay_log_[i]))) loose_taken_[i] = true;
  }
  loose_taken_[*found] = true;
  loose_window_start_ = std::max(loose_window_start_, *found + 1);
  while (replay_next_ < replay_log_.size() && loose_taken_[replay_next_]) ++replay_next_;
  return found;
}

uint64_t Decider::loosely_replayed(const Decision& key) {
  auto found = take_loosely(
      [&](const Decision& logged) {
        return same_key(logged, key) && logged.value < std::max<uint64_t>(key.bound, 1);
      },
      [&](const Decision& logged) {
        return logged.process == key.process && logged.stream == key.stream;
      });
  return found ? replay_log_[*found].value : 0;
}

uint32_t Decider::loosely_picked(std::span<const uint32_t> runnable,
                                 std::span<const PendingCall> pending) {
  auto found = take_loosely(
      [&](const Decision& logged) {
        if (logged.stream != Stream::kSchedule) return false;
        auto it = std::find(runnable.begin(), runnable.end(), logged.process);
        return it != runnable.end() && pending[it - runnable.begin()].label == logged.label;
      },
      [](const Decision& logged) { return logged.stream == Stream::kSchedule; });
  return found ? replay_log_[*found].process : runnable.front();
}

void Decider::add_slot(uint32_t slot) {
  strategy_->add_slot(slot);
}

std::optional<uint64_t> Decider::replayed(const Decision& key) {
  if (!replaying()) return std::nullopt;
  if (mode_ == ReplayMode::kLoose) return loosely_replayed(key);
  if (replay_next_ >= replay_log_.size()) {
    divergence_ = Divergence{replay_next_, "the end of the log", describe(key)};
    return std::nullopt;
  }
  const Decision& logged = replay_log_[replay_next_];
  if (!same_key(logged, key) || logged.value >= std::max<uint64_t>(key.bound, 1)) {
    divergence_ = Divergence{replay_next_, describe(logged), describe(key)};
    return std::nullopt;
  }
  ++replay_next_;
  return logged.value;
}

void Decider::record(Decision decision) {
  CATSIM_CHECK(decision.bound == 0 || decision.value < decision.bound);
  log_.push_back(std::move(decision));
}

uint32_t Decider::pick_process(std::span<const uint32_t> runnable,
                               std::span<const PendingCall> pending, uint64_t step) {
  CATSIM_CHECK(!runnable.empty());
  CATSIM_CHECK(runnable.size() == pending.size());
  if (bytes_) {
    size_t position = from_bytes(runnable.size());
    record(Decision{Stream::kSchedule, runnable[position], pending[position].label, 0, 0});
    return runnable[position];
  }
  if (replaying() && mode_ == ReplayMode::kLoose) {
    uint32_t slot = loosely_picked(runnable, pending);
    auto position = std::find(runnable.begin(), runnable.end(), slot) - runnable.begin();
    record(Decision{Stream::kSchedule, slot, pending[position].label, 0, 0});
    return slot;
  }
  if (replaying() && replay_next_ < replay_log_.size()) {
    const Decision& logged = replay_log_[replay_next_];
    auto it = std::find(runnable.begin(), runnable.end(), logged.process);
    if (logged.stream == Stream::kSchedule && it != runnable.end() &&
        pending[it - runnable.begin()].label == logged.label) {
      ++replay_next_;
      record(logged);
      return logged.process;
    }
  }
  uint32_t slot = strategy_->pick(runnable, pending, step);
  auto position = std::find(runnable.begin(), runnable.end(), slot) - runnable.begin();
  Decision decision{Stream::kSchedule, slot, pending[position].label, 0, 0};
  if (replaying()) {
    divergence_ = Divergence{replay_next_,
                             replay_next_ < replay_log_.size() ? describe(replay_log_[replay_next_])
                                                               : std::string("the end of the log"),
                             fmt::format("a schedule choice among {} runnable", runnable.size())};
  }
  record(std::move(decision));
  return slot;
}

uint64_t Decider::choose(Stream stream, uint32_t process, std::string_view label, uint64_t bound) {
  CATSIM_CHECK(bound >= 1);
  Decision decision{stream, process, label, bound, 0};
  if (bytes_) {
    decision.value = from_bytes(bound);
  } else if (auto value = replayed(decision)) {
    decision.value = *value;
  } else {
    decision.value = streams_[static_cast<size_t>(stream)].below(bound);
  }
  uint64_t value = decision.value;
  record(std::move(decision));
  return value;
}

bool Decider::choose_percent(Stream stream, uint32_t process, std::string_view label,
                             uint32_t percent) {
  CATSIM_CHECK(percent <= 100);
  Decision decision{stream, process, label, 2, 0};
  if (bytes_) {
    decision.value = from_bytes(100) < percent ? 1 : 0;
  } else if (auto value = replayed(decision)) {
    decision.value = *value;
  } else {
    decision.value = streams_[static_cast<size_t>(stream)].chance_percent(percent) ? 1 : 0;
  }
  bool chosen = decision.value == 1;
  record(std::move(decision));
  return chosen;
}

size_t Decider::choose_weighted(Stream stream, uint32_t process, std::string_view label,
                                std::span<const uint32_t> weights) {
  CATSIM_CHECK(!weights.empty());
  uint64_t total = 0;
  for (uint32_t weight : weights) total += weight;
  CATSIM_CHECK(total > 0);
  Decision decision{stream, process, label, weights.size(), 0};
  if (auto value = replayed(decision)) {
    decision.value = *value;
  } else {
    uint64_t point =
        bytes_ ? from_bytes(total) : streams_[static_cast<size_t>(stream)].below(total);
    size_t index = 0;
    while (point >= weights[index]) {
      point -= weights[index];
      ++index;
    }
    decision.value = index;
  }
  size_t chosen = decision.value;
  record(std::move(decision));
  return chosen;
}

}  // namespace catsim
