#pragma once
// The daily stages. Each reads and writes the World; Simulation::step calls them in order.
#include "world/world.hpp"

namespace siege::stages {

/// Each besieged pocket's negotiation state machine: rounds of talks, offers and the committee's
/// answer, escalations, and surrender when the capacity to hold out is spent.
void negotiation(World& world);

/// The besieger's strikes: casualties, infrastructure damage, ceasefire violations and retaliation.
void bombardment(World& world);

/// Local production, checkpoint smuggling and aid convoys fill the market and the aid store; the
/// market price follows what the stock cost and how scarce it is.
void supply(World& world);

/// Households earn, buy at the market price (rationed when stock is short), receive aid, share
/// their food and eat; each person's nutritional reserve moves with what they ate.
void households(World& world);

/// Deaths from baseline causes, disease where water is short, malnutrition, and injuries (which
/// health care treats), by age band and reserve.
void mortality(World& world);

/// Residents' support for holding the release condition moves over the network of households
/// (Friedkin-Johnsen); towns demonstrate; a committee that follows its residents may drop the condition.
void opinion(World& world);

/// Deaths in detention, releases under agreements, mediated swaps, arrests after reconciliation.
void detention(World& world);

/// Evacuation after surrender, and departures through the crossings under free movement.
void movement(World& world);

}  // namespace siege::stages
