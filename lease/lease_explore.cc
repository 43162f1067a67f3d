#include "lease/lease_explore.h"

#include "sim/explorer_search.h"

namespace catsim::model {
template lease::LeaseExploreReport explore(const lease::LeaseModel&, const ExploreOptions&);
}  // namespace catsim::model

namespace catsim::lease {

LeaseExploreReport explore_lease(const LeaseModel& model, const model::ExploreOptions& options) {
  return model::explore(model, options);
}

}  // namespace catsim::lease
