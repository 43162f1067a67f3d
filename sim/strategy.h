// Strategy: who runs next, when the run is driven by a seed.
//
// A Strategy sees the runnable processes (by slot index, ascending), the
// calls they are about to make (their yield points: label and access) and the step
// number, and picks one. It draws only from the Rng it was given, so the
// pick is a pure function of the seed and the history. Two strategies:
//  - RandomWalk: uniform among the runnable processes.
//  - Pct: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
//    Nagarakatte, ASPLOS 2010) over racy events (Ozkan, Majumdar, Niksic,
//    OOPSLA 2019): random distinct priorities d..d+n-1, d-1 change points
//    drawn uniformly from [1, k]; always run the highest priority runnable
//    process. A step is a racy event when the call the process about to run
//    is pending is dependent with another runnable process's pending call
//    (sim/dependence.h); at the i-th racy event chosen as a change point the
//    priority of the process about to run drops to d-i. Only racy events
//    order anything, so k counts them, not all steps: a bug of depth d is
//    found with probability at least 1/(n*k^(d-1)) (pct_bound).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/dependence.h"
#include "sim/rng.h"

namespace catsim {

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Picks one of runnable (non-empty, ascending slot indexes); pending[i] is
  // the yield point runnable[i] waits at.
  virtual uint32_t pick(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                        uint64_t step) = 0;
  // A slot was added (slots are numbered densely from 0).
  virtual void add_slot(uint32_t slot) = 0;
};

class RandomWalk final : public Strategy {
 public:
  explicit RandomWalk(Rng rng) : rng_(rng) {}
  uint32_t pick(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                uint64_t step) override;
  void add_slot(uint32_t) override {}

 private:
  Rng rng_;
};

struct PctOptions {
  uint32_t depth = 3;             // d: the bug depth targeted
  uint64_t steps_estimate = 200;  // k: change points fall on racy events [1, k]
  bool operator==(const PctOptions&) const = default;
};

class Pct final : public Strategy {
 public:
  Pct(Rng rng, PctOptions options);
  uint32_t pick(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                uint64_t step) override;
  void add_slot(uint32_t slot) override;

 private:
  Rng rng_;
  PctOptions options_;
  std::vector<uint64_t> priorities_;     // by slot; higher runs first
  std::vector<uint64_t> change_points_;  // ascending racy event counts, at most depth-1
  size_t next_change_ = 0;
  uint64_t racy_events_ = 0;  // racy events met so far
};

// Each process runs at its own speed, drawn when it is added: a weight of
// 1, 2, 4, ... 2^(kSpeedLevels-1); a step picks in proportion to them.
class Skewed final : public Strategy {
 public:
  explicit Skewed(Rng rng) : rng_(rng) {}
  uint32_t pick(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                uint64_t step) override;
  void add_slot(uint32_t slot) override;

 private:
  static constexpr uint32_t kSpeedLevels = 5;
  Rng rng_;
  std::vector<uint64_t> speeds_;  // by slot
};

enum class StrategyKind { kRandom, kPct, kSkewed };

std::string_view strategy_name(StrategyKind kind);
std::unique_ptr<Strategy> make_strategy(StrategyKind kind, Rng rng, PctOptions pct);

// PCT's guaranteed chance per run of finding a bug of depth d among n
// processes and k racy events: 1/(n*k^(d-1)).
double pct_bound(uint32_t processes, uint64_t racy_events, uint32_t depth);

}  // namespace catsim
