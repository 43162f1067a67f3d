#include "cli/progress.h"

#include <fmt/format.h>

#include <unistd.h>
#include <cstdio>

namespace catsim::cli {

namespace {
std::string clock_text(double seconds) {
  auto total = static_cast<uint64_t>(std::max(0.0, seconds));
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
  return fmt::format("{}m{:02}s", total / 60, total % 60);
}
}  // namespace

Progress::Progress(std::optional<std::chrono::seconds> duration, uint64_t interval_seconds)
    : duration_(duration), interval_seconds_(interval_seconds), terminal_(isatty(STDERR_FILENO)) {}

void Progress::update(const CampaignProgress& p) {
  auto now = Clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (!terminal_ && now - last_ < std::chrono::seconds(interval_seconds_)) return;
  last_ = now;
  double rate = static_cast<double>(p.seeds_done) / std::max(elapsed, 1e-9);
  double fraction = p.seeds_planned == 0
                        ? 1.0
                        : static_cast<double>(p.seeds_done) / static_cast<double>(p.seeds_planned);
  double left = rate > 0 ? static_cast<double>(p.seeds_planned - p.seeds_done) / rate : 0;
  if (duration_) {
    double box_left = static_cast<double>(duration_->count()) - elapsed;
    left = std::min(left, box_left);
    fraction = std::max(fraction, elapsed / static_cast<double>(duration_->count()));
  }
  std::string text = fmt::format("{} seeds, {:.0f} seeds/s, {} failures, {} left", p.seeds_done,
                                 rate, p.failures, clock_text(left));
  if (terminal_) {
    int filled = static_cast<int>(std::min(1.0, fraction) * 30);
    std::fprintf(stderr, "\r[%s%s] %s\033[K", std::string(filled, '#').c_str(),
                 std::string(30 - filled, ' ').c_str(), text.c_str());
    drawn_ = true;
  } else {
    std::fprintf(stderr, "progress: %s\n", text.c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (terminal_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace catsim::cli
