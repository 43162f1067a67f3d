// Test-only: small generated nights for the catsim report tests. Each night
// is a directory laid out as the nightly workflow leaves it (summary.json
// and failures/), made by the built binary (CATSIM_BINARY) running a tiny
// tombstone-before-copy campaign (it fails within a few seeds) from that
// directory; seeds differ per night.
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/catsim_invocation.h"

namespace catsim::report_test {

inline constexpr int kSeedsPerNight = 150;

inline std::string make_temp_dir(const std::string& prefix) {
  std::string dir = ::testing::TempDir() + prefix + "XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << dir;
  return dir;
}

using cli::Invocation;
using cli::read_file;

using cli::run_catsim_in;

// Nights base/night-1 .. base/night-count, each a failing campaign (exit 1).
inline std::vector<std::string> make_nights(const std::string& base, int count) {
  std::vector<std::string> nights;
  for (int n = 1; n <= count; ++n) {
    const std::string dir = base + "/night-" + std::to_string(n);
    std::system(("mkdir -p '" + dir + "'").c_str());
    const Invocation run = run_catsim_in(
        dir,
        "run --variant tombstone-before-copy --keep-going --failures-max 2 --no-progress --seeds " +
            std::to_string(kSeedsPerNight) + " --seed-start " +
            std::to_string(1 + (n - 1) * kSeedsPerNight) + " --out failures --json summary.json");
    EXPECT_EQ(run.status, 1) << "night " << n << ":\n" << run.out << run.err;
    nights.push_back(dir);
  }
  return nights;
}

}  // namespace catsim::report_test
