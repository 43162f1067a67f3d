#include "cli/stop_signal.h"

#include <csignal>
#include <cstdint>

namespace catsim::cli {

namespace {
std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) {
  stop_flag.store(true);
}
}  // namespace

std::atomic<bool>& install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return stop_flag;
}

TimeBox::TimeBox(std::atomic<bool>& flag, std::chrono::seconds duration)
    : timer_([this, &flag, duration] {
        auto deadline = std::chrono::steady_clock::now() + duration;
        while (!cancelled_.load() && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!cancelled_.load()) flag.store(true);
      }) {}

TimeBox::~TimeBox() {
  cancelled_.store(true);
  timer_.join();
}

std::optional<std::chrono::seconds> parse_duration(const std::string& text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  uint64_t total = 0, number = 0;
  bool have_number = false, have_unit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = number * 10 + static_cast<uint64_t>(c - '0');
      if (number > 10'000'000) return std::nullopt;
      have_number = true;
      continue;
    }
    uint64_t unit = c == 'h' ? 3600 : c == 'm' ? 60 : c == 's' ? 1 : 0;
    if (unit == 0 || !have_number) return std::nullopt;
    total += number * unit;
    number = 0;
    have_number = false;
    have_unit = true;
  }
  if (have_number || !have_unit || total == 0) return std::nullopt;
  return std::chrono::seconds(total);
}

}  // namespace catsim::cli
