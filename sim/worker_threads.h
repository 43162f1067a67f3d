// Worker threads of the parallel explorer: run one function on N threads
// and wait for all of them. Threads are the explorer's only (no simulation
// run ever starts one).
// Guarantees: fn(w) runs once for each w in [0, jobs), worker 0 on the
// calling thread; everything a worker wrote happens-before the return (the
// joins); jobs == 1 starts no thread at all.
#pragma once

#include <cstdint>
#include <thread>
#include <vector>

#include "sim/check.h"

namespace catsim::model {

inline constexpr uint32_t kExploreJobsMax = 64;

template <class Fn>
void run_on_workers(uint32_t jobs, const Fn& fn) {
  CATSIM_CHECK(jobs >= 1 && jobs <= kExploreJobsMax);
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (uint32_t w = 1; w < jobs; ++w) threads.emplace_back([&fn, w] { fn(w); });
  fn(0u);
  for (std::thread& thread : threads) thread.join();
}

}  // namespace catsim::model
