#pragma once
#include "scenario/scenario.hpp"
#include "scenario/spec.hpp"

namespace siege::scenario {

/// The declaration of the whole scenario format (see declaration.cpp).
const ObjectSpec<Scenario>& scenario_spec();

}  // namespace siege::scenario
