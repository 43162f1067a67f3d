#include "traces/shrink.h"

#include <functional>

#include "sim/check.h"

namespace catsim {

namespace {

struct Candidate {
  RunConfig config;
  Swarm swarm;
  std::vector<Decision> decisions;
};

class Shrinker {
 public:
  Shrinker(const Trace& failing, ShrinkOptions options)
      : property_(failing.violation->property),
        seed_(failing.header.seed),
        options_(options),
        best_{failing.header.config, failing.header.swarm, failing.decisions},
        best_steps_(failing.steps) {}

  void run() {
    bool improved = true;
    while (improved && budget_left()) {
      improved = false;
      improved |= shrink_config();
      improved |= remove_chunks();
      improved |= lower_values();
    }
  }

  const Candidate& best() const { return best_; }
  size_t replays() const { return replays_; }

 private:
  bool budget_left() const { return replays_ < options_.replays_max; }

  // Replays candidate loosely; adopts it if it fails the same way, shorter.
  bool attempt(Candidate candidate) {
    if (!budget_left()) return false;
    ++replays_;
    ReplayInput input{seed_, candidate.config, candidate.swarm, candidate.decisions,
                      ReplayMode::kLoose};
    RunReport report = replay_run(input);
    if (!report.violation || report.violation->property != property_) return false;
    bool shorter = report.steps < best_steps_ || (report.steps == best_steps_ &&
                                                  report.decisions.size() < best_.decisions.size());
    if (!shorter) return false;
    candidate.decisions = std::move(report.decisions);  // the exact log of what ran
    best_ = std::move(candidate);
    best_steps_ = report.steps;
    return true;
  }

  bool shrink_config() {
    bool improved = false;
    auto try_change = [&](const std::function<bool(Candidate&)>& change) {
      Candidate candidate = best_;
      if (change(candidate)) improved |= attempt(std::move(candidate));
    };
    auto lower = [](uint32_t& value, uint32_t floor) {
      if (value <= floor) return false;
      --value;
      return true;
    };
    try_change([&](Candidate& c) { return lower(c.config.procs, 1); });
    try_change([&](Candidate& c) { return lower(c.config.readers, 0); });
    try_change([&](Candidate& c) { return lower(c.config.boots_max, 1); });
    try_change([&](Candidate& c) { return lower(c.config.changes_max, 0); });
    try_change([&](Candidate& c) { return lower(c.config.reads_max, 0); });
    try_change([](Candidate& c) { return std::exchange(c.swarm.crash_percent, 0) != 0; });
    try_change(
        [](Candidate& c) { return std::exchange(c.swarm.faults.transient_percent, 0) != 0; });
    try_change(
        [](Candidate& c) { return std::exchange(c.swarm.faults.indeterminate_percent, 0) != 0; });
    try_change([](Candidate& c) { return std::exchange(c.swarm.savepoint_percent, 0) != 0; });
    return improved;
  }

  bool remove_chunks() {
    bool improved = false;
    for (size_t chunk = std::max<size_t>(best_.decisions.size() / 2, 1); chunk >= 1; chunk /= 2) {
      for (size_t start = 0; start < best_.decisions.size() && budget_left();) {
        Candidate candidate = best_;
        size_t end = std::min(start + chunk, candidate.decisions.size());
        candidate.decisions.erase(candidate.decisions.begin() + static_cast<long>(start),
                                  candidate.decisions.begin() + static_cast<long>(end));
        if (attempt(std::move(candidate))) {
          improved = true;  // retry the same start: the log shifted under it
        } else {
          start += chunk;
        }
      }
      if (chunk == 1) break;
    }
    return improved;
  }

  bool lower_values() {
    bool improved = false;
    for (size_t i = 0; i < best_.decisions.size() && budget_left(); ++i) {
      if (best_.decisions[i].value == 0) continue;
      Candidate candidate = best_;
      candidate.decisions[i].value = 0;
      improved |= attempt(std::move(candidate));
    }
    return improved;
  }

  std::string property_;
  uint64_t seed_;
  ShrinkOptions options_;
  Candidate best_;
  uint64_t best_steps_;
  size_t replays_ = 0;
};

}  // namespace

Trace replay_trace(const Trace& trace, ReplayMode mode, std::optional<Divergence>* divergence) {
  ReplayInput input{trace.header.seed, trace.header.config, trace.header.swarm, trace.decisions,
                    mode};
  RunReport report = replay_run(input, RunOptions{true});
  if (divergence != nullptr) *divergence = report.divergence;
  Trace replayed = make_trace(report, trace.header.config);
  return replayed;
}

Trace shrink_trace(const Trace& failing, ShrinkOptions options, ShrinkStats* stats) {
  CATSIM_CHECK(failing.violation.has_value());
  Shrinker shrinker(failing, options);
  shrinker.run();
  Trace shrunk = failing;
  shrunk.header.config = shrinker.best().config;
  shrunk.header.swarm = shrinker.best().swarm;
  shrunk.decisions = shrinker.best().decisions;
  shrunk = replay_trace(shrunk);
  CATSIM_CHECK_MSG(shrunk.violation && shrunk.violation->property == failing.violation->property,
                   "a shrunk trace must replay strictly to the same property");
  if (stats != nullptr) *stats = ShrinkStats{failing.steps, shrunk.steps, shrinker.replays()};
  return shrunk;
}

}  // namespace catsim
