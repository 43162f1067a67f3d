// The default campaign must reach every coverage mark: the rare states
// (crashes at each named crash point, a writer fenced out between the copy
// and the tombstone, stale writers rejected by each store, indeterminate
// commits both ways, savepoint and read-only opens racing a migration,
// interleaved openers, a declared loss) that a harness finding nothing would
// otherwise leave untested.
#include <gtest/gtest.h>

#include "harness/campaign.h"

namespace catsim {
namespace {

TEST(Coverage, DefaultCampaignHitsEveryMark) {
  CampaignResult result =
      run_campaign(CampaignOptions{.seed_start = 1, .seeds = 5000, .keep_going = true});
  ASSERT_TRUE(result.failures.empty());
  size_t marks = 0;
  for (size_t i = 0; i < kCounterCount; ++i) {
    auto counter = static_cast<Counter>(i);
    if (!is_coverage_mark(counter)) continue;
    ++marks;
    EXPECT_GT(result.stats.get(counter), 0u) << counter_name(counter) << " was never reached";
  }
  EXPECT_GE(marks, 12u);
}

}  // namespace
}  // namespace catsim
