// The per-seed swarm draw: every setting a flag leaves open is drawn from
// the seed alone, and crash placement at racy events is drawn only for
// seeds with two processes or more (a lone process has no racy event).
#include "harness/run_config.h"

#include <gtest/gtest.h>

namespace catsim {
namespace {

TEST(Swarm, DrawsBothCrashPlacementsButNeverRacyForALoneProcess) {
  RunConfig config;
  uint32_t racy = 0, any = 0;
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    const Swarm swarm = derive_swarm(seed, config);
    EXPECT_EQ(derive_swarm(seed, config), swarm) << "seed " << seed;
    if (swarm.crash_placement == CrashPlacement::kRacyEvents) {
      ++racy;
      EXPECT_GE(swarm.procs + swarm.readers, 2u) << "seed " << seed;
    } else {
      ++any;
    }
  }
  // About half of the seeds with two processes or more: 40-50% of all.
  EXPECT_GT(racy, 700u);
  EXPECT_GT(any, 900u);
}

TEST(Swarm, AFlagFixesThePlacementAndThePinnedConfigKeepsIt) {
  RunConfig config;
  config.crash_placement = CrashPlacement::kRacyEvents;
  config.procs = 1;  // the flag wins, even where it means no crash at all
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const Swarm swarm = derive_swarm(seed, config);
    EXPECT_EQ(swarm.crash_placement, CrashPlacement::kRacyEvents);
    EXPECT_EQ(pinned(config, swarm).crash_placement, CrashPlacement::kRacyEvents);
  }
}

TEST(Swarm, CrashPlacementNamesRoundTrip) {
  for (CrashPlacement placement : {CrashPlacement::kAnyStep, CrashPlacement::kRacyEvents}) {
    EXPECT_EQ(crash_placement_from_name(crash_placement_name(placement)), placement);
  }
  EXPECT_FALSE(crash_placement_from_name("anywhere").has_value());
}

}  // namespace
}  // namespace catsim
