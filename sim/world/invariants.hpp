#pragma once
// What must hold in a world at the end of every day, whatever the scenario: nobody appears or
// vanishes, counts agree with the persons they count, stocks are not negative, shares and
// probabilities lie in [0, 1], and indices point where they may. Checked every day when siege is
// built with SIEGE_VALIDATE (scripts/quickstart asan does, and runs the tests so).
#include <string>

#include "world/world.hpp"

namespace siege {

/// The first broken invariant, in words, or an empty string.
std::string broken_invariant(const World& world);

}  // namespace siege
