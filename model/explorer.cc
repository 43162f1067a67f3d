#include "model/explorer.h"

#include "sim/explorer_search.h"

namespace catsim::model {

template ExploreReport explore(const SingleTombstoneModel&, const ExploreOptions&);
template ExploreReport explore(const TwoTombstoneModel&, const ExploreOptions&);

ExploreReport explore_variant(const Variant& variant, const ModelBounds& bounds,
                              const ExploreOptions& options, uint32_t properties) {
  if (variant.protocol == Protocol::kSingleTombstone) {
    return explore(SingleTombstoneModel(variant, bounds, properties), options);
  }
  return explore(TwoTombstoneModel(variant, bounds, properties), options);
}

}  // namespace catsim::model
