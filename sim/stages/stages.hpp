#pragma once
// The daily stages. Each reads and writes the World; Simulation::step calls them in order.
#include "world/world.hpp"

namespace siege::stages {

/// Local production, checkpoint smuggling and aid convoys fill the market and the aid store; the
/// market price follows what the stock cost and how scarce it is.
void supply(World& world);

/// Households earn, buy at the market price (rationed when stock is short), receive aid, share
/// their food and eat; each person's nutritional reserve moves with what they ate.
void households(World& world);

/// Deaths from baseline causes and malnutrition, by age band and reserve.
void mortality(World& world);

}  // namespace siege::stages
