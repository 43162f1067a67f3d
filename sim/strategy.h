// Strategy: who runs next, when the run is driven by a seed.
//
// A Strategy sees the runnable processes (by slot index, ascending) and the
// step number, and picks one. It draws only from the Rng it was given, so the
// pick is a pure function of the seed and the history. Two strategies:
//  - RandomWalk: uniform among the runnable processes.
//  - Pct: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
//    Nagarakatte, ASPLOS 2010): random distinct priorities d..d+n-1, d-1
//    change points drawn uniformly from [1, k]; always run the highest
//    priority runnable process, and at the i-th change point lower the
//    priority of the process about to run to d-i. A bug of depth d is found
//    with probability at least 1/(n*k^(d-1)).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/rng.h"

namespace catsim {

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Picks one of runnable (non-empty, ascending slot indexes).
  virtual uint32_t pick(std::span<const uint32_t> runnable, uint64_t step) = 0;
  // A slot was added (slots are numbered densely from 0).
  virtual void add_slot(uint32_t slot) = 0;
};

class RandomWalk final : public Strategy {
 public:
  explicit RandomWalk(Rng rng) : rng_(rng) {}
  uint32_t pick(std::span<const uint32_t> runnable, uint64_t step) override;
  void add_slot(uint32_t) override {}

 private:
  Rng rng_;
};

struct PctOptions {
  uint32_t depth = 3;             // d: the bug depth targeted
  uint64_t steps_estimate = 200;  // k: change points fall in [1, k]
  bool operator==(const PctOptions&) const = default;
};

class Pct final : public Strategy {
 public:
  Pct(Rng rng, PctOptions options);
  uint32_t pick(std::span<const uint32_t> runnable, uint64_t step) override;
  void add_slot(uint32_t slot) override;

 private:
  Rng rng_;
  PctOptions options_;
  std::vector<uint64_t> priorities_;     // by slot; higher runs first
  std::vector<uint64_t> change_points_;  // ascending steps, at most depth-1
  size_t next_change_ = 0;
};

enum class StrategyKind { kRandom, kPct };

std::string_view strategy_name(StrategyKind kind);
std::unique_ptr<Strategy> make_strategy(StrategyKind kind, Rng rng, PctOptions pct);

}  // namespace catsim
