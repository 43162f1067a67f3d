// Progress: how far a campaign is, on stderr. On a terminal, one line
// redrawn in place (a bar, seeds done, seeds/s, failures, time left); when
// stderr is not a terminal, a plain line every interval_seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "harness/campaign.h"

namespace catsim::cli {

class Progress {
 public:
  Progress(std::optional<std::chrono::seconds> duration, uint64_t interval_seconds = 10);
  void update(const CampaignProgress& progress);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  std::optional<std::chrono::seconds> duration_;
  uint64_t interval_seconds_;
  bool terminal_;
  bool drawn_ = false;
};

}  // namespace catsim::cli
