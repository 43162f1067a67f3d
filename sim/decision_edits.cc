#include "sim/decision_edits.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/scheduler.h"

namespace catsim {

std::vector<Decision> without_process(std::span<const Decision> log, uint32_t process) {
  std::vector<Decision> kept;
  kept.reserve(log.size());
  for (Decision decision : log) {
    if (decision.process == process) continue;
    if (decision.process > process) --decision.process;
    kept.push_back(decision);
  }
  return kept;
}

std::vector<std::vector<size_t>> incarnation_positions(std::span<const Decision> log,
                                                       uint32_t process) {
  std::vector<std::vector<size_t>> incarnations(1);
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].process != process) continue;
    bool restart = log[i].stream == Stream::kSchedule && log[i].label == kRestartLabel;
    if (restart && !incarnations.back().empty()) incarnations.emplace_back();
    incarnations.back().push_back(i);
  }
  if (incarnations.back().empty()) incarnations.pop_back();
  return incarnations;
}

std::vector<Decision> without_positions(std::span<const Decision> log,
                                        std::span<const size_t> positions) {
  std::vector<Decision> kept;
  kept.reserve(log.size());
  size_t next = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    if (next < positions.size() && positions[next] == i) {
      ++next;
      continue;
    }
    kept.push_back(log[i]);
  }
  CATSIM_CHECK_MSG(next == positions.size(), "positions must be ascending and inside the log");
  return kept;
}

std::vector<Decision> moved_earlier(std::span<const Decision> log, size_t from, size_t to) {
  CATSIM_CHECK(to < from);
  CATSIM_CHECK(from < log.size());
  std::vector<Decision> result(log.begin(), log.end());
  Decision decision = result[from];
  result.erase(result.begin() + static_cast<long>(from));
  result.insert(result.begin() + static_cast<long>(to), decision);
  return result;
}

std::vector<std::pair<size_t, size_t>> process_runs(std::span<const Decision> log) {
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < log.size(); ++i) {
    if (runs.empty() || log[runs.back().first].process != log[i].process) runs.emplace_back(i, i);
    runs.back().second = i + 1;
  }
  return runs;
}

std::vector<Decision> swapped_ranges(std::span<const Decision> log, size_t a, size_t b, size_t c) {
  CATSIM_CHECK(a <= b && b <= c && c <= log.size());
  std::vector<Decision> result(log.begin(), log.end());
  std::rotate(result.begin() + static_cast<long>(a), result.begin() + static_cast<long>(b),
              result.begin() + static_cast<long>(c));
  return result;
}

std::vector<uint64_t> other_values(const Decision& decision,
                                   const std::function<bool(uint64_t)>& allowed) {
  std::vector<uint64_t> values;
  if (decision.stream == Stream::kSchedule) return values;
  if (decision.bound > kShrinkValuesBoundMax) {
    if (decision.value != 0) values.push_back(0);
    return values;
  }
  for (uint64_t value = 0; value < decision.bound; ++value) {
    if (value == decision.value) continue;
    if (allowed && !allowed(value)) continue;
    values.push_back(value);  // ascending: the lower ones come first
  }
  return values;
}

size_t restarts_of(std::span<const Decision> log, uint32_t process) {
  size_t restarts = 0;
  for (const Decision& decision : log) {
    bool restart = decision.stream == Stream::kSchedule && decision.label == kRestartLabel;
    if (restart && decision.process == process) ++restarts;
  }
  return restarts;
}

}  // namespace catsim
