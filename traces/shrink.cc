#include "traces/shrink.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "properties/violation.h"
#include "sim/check.h"
#include "traces/shrink_edits.h"

namespace catsim {

namespace {

class Shrinker {
 public:
  Shrinker(const Trace& failing, ShrinkOptions options)
      : property_(failing.violation->property),
        liveness_(is_liveness_failure(*failing.violation)),
        seed_(failing.header.seed),
        options_(options),
        best_{failing.header.config, failing.header.swarm, failing.decisions},
        best_steps_(failing.steps),
        live_restarts_min_(std::min<size_t>(
            kShrinkLivenessBootsMin,
            restarts_of(failing.decisions, liveness_process(failing.header.swarm)))) {}

  void run() {
    for (size_t round = 0; round < kRoundsMax && budget_left(); ++round) {
      bool improved = false;
      improved |= shrink_config();
      improved |= shrink_phase_budgets();
      improved |= remove_processes();
      improved |= remove_chunks();
      improved |= remove_incarnations();
      improved |= reschedule();
      improved |= swap_runs();
      improved |= change_values();
      if (!improved) break;  // a fixpoint: no edit makes it shorter
    }
  }

  const ShrinkCandidate& best() const { return best_; }
  size_t replays() const { return replays_; }

 private:
  static constexpr size_t kRoundsMax = 64;
  static constexpr size_t kLookAheadReplaysMax = 100;

  bool budget_left() const { return replays_ < options_.replays_max; }

  // Replays candidate loosely; the report if it fails the way the input did.
  std::optional<RunReport> fails_alike(const ShrinkCandidate& candidate) {
    if (!budget_left()) return std::nullopt;
    ++replays_;
    ReplayInput input{seed_, candidate.config, candidate.swarm, candidate.decisions,
                      ReplayMode::kLoose};
    RunReport report = replay_run(input);
    if (!report.violation || report.violation->property != property_) return std::nullopt;
    if (is_liveness_failure(*report.violation) != liveness_) return std::nullopt;
    // A liveness failure must still show the lone opener failing as many
    // boots as the model's verdict asks for (model/liveness.cc), so a
    // smaller liveness budget never turns a slow opener into a "failure".
    if (liveness_ &&
        restarts_of(report.decisions, liveness_process(candidate.swarm)) < live_restarts_min_) {
      return std::nullopt;
    }
    return report;
  }

  // Adopts candidate if its report is shorter: fewer steps, or as many with
  // a shorter log.
  bool adopt(ShrinkCandidate candidate, RunReport report) {
    bool shorter = report.steps < best_steps_ || (report.steps == best_steps_ &&
                                                  report.decisions.size() < best_.decisions.size());
    if (!shorter) return false;
    candidate.decisions = std::move(report.decisions);  // the exact log of what ran
    best_ = std::move(candidate);
    best_steps_ = report.steps;
    return true;
  }

  // look: on a failing candidate no shorter, look ahead from it.
  bool attempt(ShrinkCandidate candidate, bool look = false) {
    std::optional<RunReport> report = fails_alike(candidate);
    if (!report) return false;
    if (!look || report->steps < best_steps_) {
      return adopt(std::move(candidate), std::move(*report));
    }
    if (adopt(candidate, *report)) return true;
    return look_ahead(std::move(candidate), std::move(*report));
  }

  // A candidate that fails alike but is no shorter may still lead somewhere
  // shorter (out of a local minimum): removals from it, one level deep on a
  // small budget, decide; their result is adopted if it beats the best.
  bool look_ahead(ShrinkCandidate candidate, RunReport report) {
    if (nested_ || look_ahead_replays_ >= options_.replays_max / 2 || !budget_left()) return false;
    Shrinker inner = *this;
    inner.nested_ = true;
    inner.best_ = std::move(candidate);
    inner.best_.decisions = std::move(report.decisions);
    inner.best_steps_ = report.steps;
    inner.replays_ = 0;
    inner.options_.replays_max = std::min(kLookAheadReplaysMax, options_.replays_max - replays_);
    inner.remove_incarnations();
    inner.swap_runs();
    inner.remove_chunks();
    replays_ += inner.replays_;
    look_ahead_replays_ += inner.replays_;
    if (inner.best_steps_ >= best_steps_) return false;
    best_ = std::move(inner.best_);
    best_steps_ = inner.best_steps_;
    return true;
  }

  bool shrink_config() {
    bool improved = false;
    auto try_change = [&](const std::function<bool(ShrinkCandidate&)>& change) {
      ShrinkCandidate candidate = best_;
      if (change(candidate)) improved |= attempt(std::move(candidate));
    };
    auto lower = [](uint32_t& value, uint32_t floor) {
      if (value <= floor) return false;
      --value;
      return true;
    };
    try_change([&](ShrinkCandidate& c) { return lower(c.swarm.boots_max, 1); });
    try_change([&](ShrinkCandidate& c) { return lower(c.swarm.changes_max, 0); });
    try_change([&](ShrinkCandidate& c) { return lower(c.config.reads_max, 0); });
    try_change([&](ShrinkCandidate& c) { return lower(c.config.retries_max, 0); });
    try_change([](ShrinkCandidate& c) { return std::exchange(c.swarm.crash_percent, 0) != 0; });
    try_change(
        [](ShrinkCandidate& c) { return std::exchange(c.swarm.faults.transient_percent, 0) != 0; });
    try_change([](ShrinkCandidate& c) {
      return std::exchange(c.swarm.faults.indeterminate_percent, 0) != 0;
    });
    try_change([](ShrinkCandidate& c) { return std::exchange(c.swarm.savepoint_percent, 0) != 0; });
    return improved;
  }

  // A liveness failure only: end the safety phase as early as it still
  // fails (the liveness phase may start after any step: the explorer checks
  // it from every reachable state), then give the lone opener the fewest
  // steps in which it still fails its boots.
  bool shrink_phase_budgets() {
    if (!liveness_) return false;
    bool improved = bisect(&RunConfig::safety_steps_max);
    improved |= bisect(&RunConfig::liveness_steps_max);
    return improved;
  }

  // The smallest value of knob on [1, current] that still fails alike,
  // assuming failing is monotone in it; adopted if shorter. (A phase of 0
  // steps is not a configuration a trace file or the command line accepts.)
  bool bisect(uint64_t RunConfig::*knob) {
    uint64_t low = 1;
    uint64_t high = best_.config.*knob;
    std::optional<std::pair<ShrinkCandidate, RunReport>> smallest;
    while (low < high && budget_left()) {
      ShrinkCandidate candidate = best_;
      candidate.config.*knob = low + (high - low) / 2;
      if (std::optional<RunReport> report = fails_alike(candidate)) {
        high = candidate.config.*knob;
        smallest.emplace(std::move(candidate), std::move(*report));
      } else {
        low = candidate.config.*knob + 1;
      }
    }
    return smallest && adopt(std::move(smallest->first), std::move(smallest->second));
  }

  // Whole processes: a writer or a reader, with all it decided.
  bool remove_processes() {
    bool improved = false;
    for (uint32_t process = liveness_process(best_.swarm); process-- > 0 && budget_left();) {
      ShrinkCandidate candidate = best_;
      bool writer = process < candidate.swarm.procs;
      uint32_t& count = writer ? candidate.swarm.procs : candidate.swarm.readers;
      if (writer && count <= 1) continue;
      --count;
      candidate.decisions = without_process(best_.decisions, process);
      improved |= attempt(std::move(candidate), true);
    }
    return improved;
  }

  bool remove_chunks() {
    bool improved = false;
    for (size_t chunk = std::max<size_t>(best_.decisions.size() / 2, 1); chunk >= 1; chunk /= 2) {
      for (size_t start = 0; start < best_.decisions.size() && budget_left();) {
        ShrinkCandidate candidate = best_;
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

  // One incarnation of one process: everything it decided between restarts.
  bool remove_incarnations() {
    bool improved = false;
    for (uint32_t process = 0; process <= liveness_process(best_.swarm); ++process) {
      for (size_t k = 0; budget_left(); ++k) {
        auto incarnations = incarnation_positions(best_.decisions, process);
        if (k >= incarnations.size()) break;
        ShrinkCandidate candidate = best_;
        candidate.decisions = without_positions(best_.decisions, incarnations[k]);
        if (attempt(std::move(candidate), true)) {
          improved = true;
          --k;  // the same index is now the next incarnation (k wraps to 0 at worst)
        }
      }
    }
    return improved;
  }

  // Another process runs instead: its next schedule decision moves here.
  bool reschedule() {
    bool improved = false;
    for (size_t i = 0; i < best_.decisions.size() && budget_left(); ++i) {
      if (best_.decisions[i].stream != Stream::kSchedule) continue;
      // The liveness opener runs alone: only the safety phase's processes.
      for (uint32_t other = 0; other < liveness_process(best_.swarm); ++other) {
        if (i >= best_.decisions.size() || other == best_.decisions[i].process) continue;
        auto it = std::find_if(best_.decisions.begin() + static_cast<long>(i) + 1,
                               best_.decisions.end(), [other](const Decision& d) {
                                 return d.stream == Stream::kSchedule && d.process == other;
                               });
        if (it == best_.decisions.end()) continue;
        ShrinkCandidate candidate = best_;
        candidate.decisions =
            moved_earlier(best_.decisions, static_cast<size_t>(it - best_.decisions.begin()), i);
        if (attempt(std::move(candidate))) {
          improved = true;
          break;
        }
      }
    }
    return improved;
  }

  // Two neighbouring stretches of work by different processes, in the
  // other order (what a preemption in between bought, undone).
  bool swap_runs() {
    bool improved = false;
    for (size_t k = 0; budget_left(); ++k) {
      auto runs = process_runs(best_.decisions);
      if (k + 1 >= runs.size()) break;
      ShrinkCandidate candidate = best_;
      candidate.decisions =
          swapped_ranges(best_.decisions, runs[k].first, runs[k].second, runs[k + 1].second);
      improved |= attempt(std::move(candidate));
    }
    return improved;
  }

  // Every other value of a small choice: another target, change, victim,
  // crash, fault (lower values first).
  bool change_values() {
    bool improved = false;
    for (size_t i = 0; i < best_.decisions.size() && budget_left(); ++i) {
      for (uint64_t value : other_values(best_.decisions[i], best_.swarm)) {
        ShrinkCandidate candidate = best_;
        candidate.decisions[i].value = value;
        if (attempt(std::move(candidate), true)) {
          improved = true;
          break;
        }
      }
    }
    return improved;
  }

  Property property_;
  bool liveness_;
  uint64_t seed_;
  ShrinkOptions options_;
  ShrinkCandidate best_;
  uint64_t best_steps_;
  size_t live_restarts_min_;
  size_t replays_ = 0;
  size_t look_ahead_replays_ = 0;
  bool nested_ = false;  // a look-ahead's shrinker looks no further
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
  CATSIM_CHECK_MSG(
      is_liveness_failure(*shrunk.violation) == is_liveness_failure(*failing.violation),
      "a shrunk liveness failure must stay one");
  if (stats != nullptr) *stats = ShrinkStats{failing.steps, shrunk.steps, shrinker.replays()};
  return shrunk;
}

}  // namespace catsim
