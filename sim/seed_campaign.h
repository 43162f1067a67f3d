// SeedCampaign: many seeds of one protocol's run, on worker threads, merged
// in seed order.
//
// The seed space is [seed_start, seed_start + seeds). A shard I/N takes the
// seeds whose offset from seed_start is I-1 modulo N, so shards 1..N
// together are exactly the unsharded campaign. Seeds run in chunks on `jobs`
// worker threads (each seed entirely on one thread: no threads inside a
// simulation); chunk results are merged on the calling thread in seed order,
// so the result, the callbacks' order and every count are the same for any
// number of jobs. By default the campaign stops at the first failing seed
// (in seed order); with keep_going it runs them all (or until failures_max
// failed, rounded up to a whole chunk of seeds). Setting *stop ends it
// early (a signal, a time box): the result then covers the seeds merged so
// far, a contiguous prefix of the shard's seeds. Nothing here reads a clock
// (the merge wakes every quarter second only to report progress).
//
// A protocol plugs in with a SeedRunner: what one seed's run reports, and
// what a chunk of seeds sums (its Tally: counters, the causes that were on).
//
// Rounds (round_seeds > 0, a multiple of kSeedCampaignChunkSeeds) let later
// seeds learn from earlier ones without depending on jobs: no seed of a
// round starts before every seed of the rounds before it has been merged,
// and between rounds the calling thread calls runner.end_round(tally) (if R
// has it) with the running tally, while no worker runs a seed. A runner
// may change what its run() reads there (a guided corpus); a round's
// seeds then see the same state for any number of jobs. end_round is also
// called once after the last merge.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "sim/check.h"

namespace catsim {

struct Shard {
  uint64_t index = 1;  // 1-based
  uint64_t count = 1;
};

// How many seeds shard takes of a space of `seeds` seeds.
uint64_t shard_seed_count(uint64_t seeds, Shard shard);

struct SeedCampaignOptions {
  uint64_t seed_start = 1;
  uint64_t seeds = 1;
  bool keep_going = false;
  // With keep_going: stop after the chunk of seeds in which this many seeds
  // have failed (0: no limit). Chunks are fixed seed ranges merged in order,
  // so where it stops does not depend on jobs; it may report a few more.
  uint64_t failures_max = 0;
  uint32_t jobs = 1;
  Shard shard;
  const std::atomic<bool>* stop = nullptr;  // may be null
  uint64_t round_seeds = 0;                 // 0: no rounds
};

inline constexpr uint64_t kSeedCampaignChunkSeeds = 32;

// R runs one seed (on any worker thread: run() must be a pure function of
// the seed), says whether it failed and its trace hash, adds it to a Tally,
// and trims a failure before it is kept (dropping what a summary needs not).
template <class R>
concept SeedRunner = requires(const R& runner, uint64_t seed, typename R::Report& report,
                              typename R::Tally& tally, const typename R::Tally& other) {
  { runner.run(seed) } -> std::same_as<typename R::Report>;
  { R::failed(std::as_const(report)) } -> std::same_as<bool>;
  { R::trace_hash(std::as_const(report)) } -> std::same_as<uint64_t>;
  { R::seed_of(std::as_const(report)) } -> std::same_as<uint64_t>;
  { R::tally(tally, std::as_const(report)) } -> std::same_as<void>;
  { R::trim(report) } -> std::same_as<void>;
  { tally.merge(other) } -> std::same_as<void>;
};

struct CampaignProgress {
  uint64_t seeds_done = 0;
  uint64_t seeds_planned = 0;
  uint64_t failures = 0;
};

template <class Report, class Tally>
struct SeedCampaignResult {
  uint64_t seeds_run = 0;
  uint64_t seeds_planned = 0;  // the shard's seeds
  bool stopped_early = false;  // *stop ended it before every planned seed ran
  Tally tally;
  std::vector<Report> failures;  // in seed order, trimmed
};

// All callbacks run on the calling thread, in seed order.
template <class Report>
struct SeedCampaignCallbacks {
  std::function<void(uint64_t seed, uint64_t trace_hash)> on_seed;
  std::function<void(const Report& failure)> on_failure;
  // Called every few hundred milliseconds of waiting, and once at the end.
  std::function<void(const CampaignProgress&)> on_progress;
};

template <SeedRunner R>
class SeedCampaign {
 public:
  using Report = typename R::Report;
  using Tally = typename R::Tally;
  using Result = SeedCampaignResult<Report, Tally>;

  SeedCampaign(const R& runner, const SeedCampaignOptions& options,
               const SeedCampaignCallbacks<Report>& callbacks)
      : runner_(runner),
        options_(options),
        callbacks_(callbacks),
        planned_(shard_seed_count(options.seeds, options.shard)),
        chunk_count_(planned_ / kChunkSeeds + (planned_ % kChunkSeeds != 0 ? 1 : 0)),
        round_chunks_(options.round_seeds / kChunkSeeds) {
    CATSIM_CHECK(options.round_seeds % kChunkSeeds == 0);
  }

  Result run() {
    result_.seeds_planned = planned_;
    std::vector<std::thread> workers;
    const uint32_t jobs = std::max<uint32_t>(1, options_.jobs);
    for (uint32_t j = 0; j < jobs; ++j) workers.emplace_back([this] { work(); });
    merge();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.store(true);
    }
    released_.notify_all();
    for (std::thread& worker : workers) worker.join();
    end_round();
    if (callbacks_.on_progress) callbacks_.on_progress(progress());
    return std::move(result_);
  }

 private:
  static constexpr uint64_t kChunkSeeds = kSeedCampaignChunkSeeds;

  struct Chunk {
    Tally tally;
    std::vector<Report> failures;
    std::vector<std::pair<uint64_t, uint64_t>> hashes;  // seed, trace hash
    bool abandoned = false;                             // stopped before its last seed
  };

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
        const uint64_t chunk = next_chunk_.fetch_add(1);
        if (chunk < chunk_count_) {
          std::lock_guard<std::mutex> lock(mutex_);
          done_[chunk].abandoned = true;
        }
        ready_.notify_one();
        return;
      }
      const uint64_t chunk = next_chunk_.fetch_add(1);
      if (chunk >= chunk_count_ || chunk > first_failed_chunk_.load()) return;
      if (!wait_for_round(chunk)) {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          done_[chunk].abandoned = true;
        }
        ready_.notify_one();
        return;
      }
      Chunk result = run_chunk(chunk);
      const bool failed = !result.failures.empty();
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

  uint64_t round_of(uint64_t chunk) const { return round_chunks_ == 0 ? 0 : chunk / round_chunks_; }

  // Waits until chunk's round is released; false if stopped meanwhile.
  bool wait_for_round(uint64_t chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (rounds_released_ < round_of(chunk)) {
      if (stop_requested()) return false;
      released_.wait_for(lock, std::chrono::milliseconds(250));
    }
    return true;
  }

  // Between rounds (and after the last merge): no worker runs a seed.
  void end_round() {
    if constexpr (requires(const R& r, Tally& t) { r.end_round(t); }) {
      runner_.end_round(result_.tally);
    }
  }

  void release_round(uint64_t round) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      rounds_released_ = round;
    }
    released_.notify_all();
  }

  Chunk run_chunk(uint64_t chunk) {
    Chunk result;
    const uint64_t end = std::min(planned_, (chunk + 1) * kChunkSeeds);
    for (uint64_t index = chunk * kChunkSeeds; index < end; ++index) {
      if (stop_requested()) {
        result.abandoned = true;
        break;
      }
      Report report = runner_.run(seed_at(index));
      R::tally(result.tally, report);
      result.hashes.emplace_back(R::seed_of(report), R::trace_hash(report));
      if (R::failed(report)) {
        R::trim(report);
        result.failures.push_back(std::move(report));
        if (!options_.keep_going) break;
      }
    }
    return result;
  }

  CampaignProgress progress() const {
    return CampaignProgress{result_.seeds_run, planned_, result_.failures.size()};
  }

  void merge() {
    for (uint64_t next = 0; next < chunk_count_; ++next) {
      Chunk chunk;
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
      CATSIM_CHECK(chunk.abandoned || chunk.hashes.size() > 0);
      result_.seeds_run += chunk.hashes.size();
      result_.tally.merge(chunk.tally);
      if (callbacks_.on_seed) {
        for (auto [seed, hash] : chunk.hashes) callbacks_.on_seed(seed, hash);
      }
      for (Report& failure : chunk.failures) {
        if (callbacks_.on_failure) callbacks_.on_failure(failure);
        result_.failures.push_back(std::move(failure));
      }
      if (chunk.abandoned) {
        result_.stopped_early = true;
        return;
      }
      if (!result_.failures.empty() && !options_.keep_going) return;
      if (options_.failures_max != 0 && result_.failures.size() >= options_.failures_max) return;
      if (round_chunks_ != 0 && (next + 1) % round_chunks_ == 0 && next + 1 < chunk_count_) {
        end_round();
        release_round((next + 1) / round_chunks_);
      }
    }
  }

  const R& runner_;
  const SeedCampaignOptions& options_;
  const SeedCampaignCallbacks<Report>& callbacks_;
  const uint64_t planned_;
  const uint64_t chunk_count_;
  const uint64_t round_chunks_;   // 0: no rounds
  uint64_t rounds_released_ = 0;  // rounds whose seeds may run (guarded by mutex_)
  std::condition_variable released_;
  std::atomic<uint64_t> next_chunk_{0};
  std::atomic<uint64_t> first_failed_chunk_{UINT64_MAX};
  std::atomic<bool> finished_{false};
  std::mutex mutex_;
  std::condition_variable ready_;
  std::map<uint64_t, Chunk> done_;
  Result result_;
};

// Runs the campaign of runner over options' seeds.
template <SeedRunner R>
SeedCampaignResult<typename R::Report, typename R::Tally> run_seed_campaign(
    const R& runner, const SeedCampaignOptions& options,
    const SeedCampaignCallbacks<typename R::Report>& callbacks = {}) {
  return SeedCampaign<R>(runner, options, callbacks).run();
}

}  // namespace catsim
