// The stop flag of a campaign: set by SIGINT or SIGTERM, or when a time box
// runs out. Workers stop taking seeds within one chunk (milliseconds).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace catsim::cli {

// Installs SIGINT and SIGTERM handlers that set the returned flag.
std::atomic<bool>& install_stop_signals();

// Sets flag once duration has passed, unless cancelled first (destructor).
class TimeBox {
 public:
  TimeBox(std::atomic<bool>& flag, std::chrono::seconds duration);
  ~TimeBox();
  TimeBox(const TimeBox&) = delete;
  TimeBox& operator=(const TimeBox&) = delete;

 private:
  std::atomic<bool> cancelled_{false};
  std::thread timer_;
};

// Parses "90s", "30m", "2h", "1h30m" (whole units); nullopt if malformed.
std::optional<std::chrono::seconds> parse_duration(const std::string& text);

}  // namespace catsim::cli
