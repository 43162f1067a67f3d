// The lease model through the kernel's explorer (sim/explorer.h): the
// instantiation of explore() for LeaseModel, and its report type.
// Guarantees: those of the kernel's explorer; with symmetry off (the model
// has none), breadth-first, a counterexample is a shortest one.
#pragma once

#include "lease/lease_model.h"
#include "sim/explorer.h"

namespace catsim::lease {

using LeaseExploreReport = model::ExploreReportFor<LeaseModel>;

// Explores model breadth-first with options (symmetry and liveness are the
// model's to ignore: it has neither).
LeaseExploreReport explore_lease(const LeaseModel& model, const model::ExploreOptions& options);

}  // namespace catsim::lease
