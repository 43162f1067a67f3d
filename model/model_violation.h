// The catalog models' instances of the kernel's model types
// (sim/protocol_model.h): a violation names one of P1-P6, and a step's
// result carries one.
#pragma once

#include "impl/property.h"
#include "sim/protocol_model.h"

namespace catsim::model {

using ModelViolation = ModelViolationOf<Property>;
template <class State>
using StepResult = StepResultOf<State, Property>;

}  // namespace catsim::model
