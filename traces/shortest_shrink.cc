#include "traces/shortest_shrink.h"

#include "harness/campaign.h"
#include "sim/check.h"
#include "traces/shrink.h"

namespace catsim {

std::optional<ShortestShrink> shortest_shrink(const ShortestShrinkRequest& request) {
  CATSIM_CHECK(request.starts_max > 0);
  CATSIM_CHECK(request.failures_max >= request.starts_max);
  CampaignResult campaign = run_campaign(CampaignOptions{.config = request.config,
                                                         .seeds = request.seeds,
                                                         .keep_going = true,
                                                         .failures_max = request.failures_max,
                                                         .jobs = request.jobs});
  if (campaign.failures.empty()) return std::nullopt;
  const Property wanted = request.property.value_or(campaign.failures.front().violation->property);
  std::optional<ShortestShrink> best;
  size_t starts = 0;
  // The campaign stops at the end of a chunk of seeds: keep the first ones.
  const size_t considered = std::min(campaign.failures.size(), request.failures_max);
  for (size_t i = 0; i < considered && starts < request.starts_max; ++i) {
    const RunReport& failure = campaign.failures[i];
    if (failure.violation->property != wanted) continue;
    ++starts;
    Trace original =
        make_trace(run_seed(failure.seed, request.config, RunOptions{true}), request.config);
    Trace shrunk = shrink_trace(original);
    CATSIM_CHECK(shrunk.steps <= original.steps);
    if (!best || shrunk.steps < best->shrunk.steps) {
      best = ShortestShrink{wanted, std::move(original), std::move(shrunk), 0};
    }
  }
  if (best) best->starts = starts;
  return best;
}

}  // namespace catsim
