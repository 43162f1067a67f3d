#include "harness/campaign.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "sim/check.h"

namespace catsim {

namespace {

constexpr uint64_t kChunkSeeds = 32;

struct ChunkResult {
  RunStats stats;
  CampaignCauses causes;
  std::vector<RunReport> failures;
  std::vector<std::pair<uint64_t, uint64_t>> hashes;  // seed, trace hash
  bool abandoned = false;                             // stopped before its last seed
};

CampaignCauses causes_of(const Swarm& swarm) {
  return CampaignCauses{swarm.crash_percent > 0,
                        swarm.faults.transient_percent > 0,
                        swarm.faults.indeterminate_percent > 0,
                        swarm.savepoint_percent > 0,
                        swarm.weights.emergency > 0,
                        swarm.weights.migrate > 0,
                        swarm.weights.rollback > 0,
                        swarm.procs > 1,
                        swarm.readers > 0,
                        swarm.changes_max > 0};
}

class CampaignRunner {
 public:
  CampaignRunner(const CampaignOptions& options, const CampaignCallbacks& callbacks)
      : options_(options),
        callbacks_(callbacks),
        planned_(shard_seed_count(options.seeds, options.shard)),
        chunk_count_((planned_ + kChunkSeeds - 1) / kChunkSeeds) {}

  CampaignResult run() {
    result_.seeds_planned = planned_;
    std::vector<std::thread> workers;
    uint32_t jobs = std::max<uint32_t>(1, options_.jobs);
    for (uint32_t j = 0; j < jobs; ++j) workers.emplace_back([this] { work(); });
    merge();
    finished_.store(true);
    for (std::thread& worker : workers) worker.join();
    if (callbacks_.on_progress) callbacks_.on_progress(progress());
    return std::move(result_);
  }

 private:
  uint64_t seed_at(uint64_t index) const {
    return options_.seed_start + (options_.shard.index - 1) + index * options_.shard.count;
  }
  bool stop_requested() const {
    return finished_.load() || (options_.stop != nullptr && options_.stop->load());
  }

  void work() {
    for (;;) {
      if (stop_requested()) {
        // Leave an abandoned chunk where merging will look next, and go.
        uint64_t chunk = next_chunk_.fetch_add(1);
        if (chunk < chunk_count_) {
          std::lock_guard<std::mutex> lock(mutex_);
          done_[chunk].abandoned = true;
        }
        ready_.notify_one();
        return;
      }
      uint64_t chunk = next_chunk_.fetch_add(1);
      if (chunk >= chunk_count_ || chunk > first_failed_chunk_.load()) return;
      ChunkResult result = run_chunk(chunk);
      bool failed = !result.failures.empty();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.emplace(chunk, std::move(result));
      }
      ready_.notify_one();
      if (failed && !options_.keep_going) {
        uint64_t seen = first_failed_chunk_.load();
        while (chunk < seen && !first_failed_chunk_.compare_exchange_weak(seen, chunk)) {
        }
      }
    }
  }

  ChunkResult run_chunk(uint64_t chunk) {
    ChunkResult result;
    uint64_t end = std::min(planned_, (chunk + 1) * kChunkSeeds);
    for (uint64_t index = chunk * kChunkSeeds; index < end; ++index) {
      if (stop_requested()) {
        result.abandoned = true;
        return result;
      }
      RunReport report = run_seed(seed_at(index), options_.config, options_.run_options);
      result.stats.merge(report.stats);
      result.causes.merge(causes_of(report.swarm));
      result.hashes.emplace_back(report.seed, report.trace_hash);
      if (report.violation) {
        report.events.clear();
        result.failures.push_back(std::move(report));
        if (!options_.keep_going) return result;
      }
    }
    return result;
  }

  CampaignProgress progress() const {
    return CampaignProgress{result_.seeds_run, planned_, result_.failures.size()};
  }

  void merge() {
    for (uint64_t next = 0; next < chunk_count_; ++next) {
      ChunkResult chunk;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!done_.contains(next)) {
          if (ready_.wait_for(lock, std::chrono::milliseconds(250)) == std::cv_status::timeout &&
              callbacks_.on_progress) {
            lock.unlock();
            callbacks_.on_progress(progress());
            lock.lock();
          }
        }
        chunk = std::move(done_.at(next));
        done_.erase(next);
      }
      result_.seeds_run += chunk.hashes.size();
      result_.stats.merge(chunk.stats);
      result_.causes.merge(chunk.causes);
      if (callbacks_.on_seed) {
        for (auto [seed, hash] : chunk.hashes) callbacks_.on_seed(seed, hash);
      }
      for (RunReport& failure : chunk.failures) {
        if (callbacks_.on_failure) callbacks_.on_failure(failure);
        result_.failures.push_back(std::move(failure));
      }
      if (chunk.abandoned) {
        result_.stopped_early = true;
        return;
      }
      if (!result_.failures.empty() && !options_.keep_going) return;
      if (options_.failures_max != 0 && result_.failures.size() >= options_.failures_max) return;
    }
  }

  const CampaignOptions& options_;
  const CampaignCallbacks& callbacks_;
  const uint64_t planned_;
  const uint64_t chunk_count_;
  std::atomic<uint64_t> next_chunk_{0};
  std::atomic<uint64_t> first_failed_chunk_{UINT64_MAX};
  std::atomic<bool> finished_{false};
  std::mutex mutex_;
  std::condition_variable ready_;
  std::map<uint64_t, ChunkResult> done_;
  CampaignResult result_;
};

}  // namespace

void CampaignCauses::merge(const CampaignCauses& other) {
  crashes |= other.crashes;
  transient |= other.transient;
  indeterminate |= other.indeterminate;
  savepoints |= other.savepoints;
  emergency |= other.emergency;
  migrate |= other.migrate;
  rollback |= other.rollback;
  writers_racing |= other.writers_racing;
  readers |= other.readers;
  changes |= other.changes;
}

uint64_t shard_seed_count(uint64_t seeds, Shard shard) {
  CATSIM_CHECK(shard.count >= 1);
  CATSIM_CHECK(shard.index >= 1 && shard.index <= shard.count);
  if (seeds < shard.index) return 0;
  return (seeds - shard.index) / shard.count + 1;
}

CampaignResult run_campaign(const CampaignOptions& options, const CampaignCallbacks& callbacks) {
  return CampaignRunner(options, callbacks).run();
}

bool counter_expected(Counter counter, const CampaignCauses& causes, const RunConfig& config) {
  const bool single = config.protocol == Protocol::kSingleTombstone;
  switch (counter) {
    case Counter::kCrashes:
    case Counter::kProcessesRestarted:
    case Counter::kCrashAtPostStashFence:
    case Counter::kCrashAtPostPersistFence:
      return causes.crashes;
    case Counter::kCrashAtMigratePostWrite:
      return causes.crashes && causes.migrate;
    case Counter::kFaultTransient:
      return causes.transient;
    case Counter::kFaultIndeterminateApplied:
    case Counter::kFaultIndeterminateLost:
      return causes.indeterminate;
    case Counter::kSavepointOpensRacingMigration:
      return causes.savepoints && causes.writers_racing;
    case Counter::kReadOnlyOpensRacingMigration:
      return causes.readers;
    case Counter::kReadsChecked:
    case Counter::kRereadsChecked:
    case Counter::kRereadsOfAbandonedStore:
      return causes.readers;
    case Counter::kPreflightsChecked:
    case Counter::kPreflightsRefusedUninitialized:
      return causes.savepoints;
    case Counter::kOpensInterleaved:
    case Counter::kStaleWriterRejectedByStash:
    case Counter::kStaleWriterRejectedByPersist:
      return causes.writers_racing;
    case Counter::kMigrationsCompleted:
      return causes.migrate;
    case Counter::kRollbacksCompleted:
      return causes.rollback;
    case Counter::kDeclaredLosses:
    case Counter::kChangesLostByDeclaredLoss:
      return causes.emergency && single;
    case Counter::kIdsIssuedAgainAfterLoss:
      return false;  // legitimately zero when losses give up no allocation
    case Counter::kChangesAcknowledged:
      return causes.changes;
    case Counter::kFencedBetweenCopyAndTombstone:
      return causes.migrate && causes.writers_racing;
    case Counter::kIndeterminateCommitApplied:
    case Counter::kIndeterminateCommitLost:
      return causes.indeterminate;
    default:
      return true;
  }
}

}  // namespace catsim
