// The catalog protocol's explorer: the kernel's explore() (sim/explorer.h)
// over the single- and two-tombstone models, and explore_variant().
#pragma once

#include <cstdint>

#include "impl/variant.h"
#include "model/migration_model.h"
#include "sim/explorer.h"

namespace catsim::model {

using Counterexample = CounterexampleOf<Property, Action>;
using ExploreReport = ExploreReportOf<Property, Action>;

extern template ExploreReport explore(const SingleTombstoneModel&, const ExploreOptions&);
extern template ExploreReport explore(const TwoTombstoneModel&, const ExploreOptions&);

// Builds the model of variant's protocol and explores it. properties: the
// mask of properties to check (kAllProperties).
ExploreReport explore_variant(const Variant& variant, const ModelBounds& bounds,
                              const ExploreOptions& options, uint32_t properties = kAllProperties);

}  // namespace catsim::model
