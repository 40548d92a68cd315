#pragma once
// The daily stages. Each reads and writes the World; Simulation::step calls them in order.
#include <string>

#include "world/world.hpp"

namespace siege::stages {

/// The day's dated events (scenario `calendar`): channels opened, closed or changed; offensives with
/// their ground advances and pauses; dated convoys and air drops; agreements entering; talks opening.
void calendar(World& world);

/// A supply channel of pocket p as the calendar has left it today ("checkpoint": the smuggling block).
struct ChannelToday {
  bool open = true;
  double capacity_person_days_per_day = 0.0;
  double markup_multiple = 1.0;
  Seller seller = Seller::kBesieger;
};
ChannelToday channel_today(const World& world, std::uint32_t p, const std::string& name);
/// Whether the calendar dates talks (or offensives) in pocket p: then no rounds are scheduled (no
/// escalation is drawn) there.
bool has_dated_talks(const Scenario& scenario, std::uint32_t p);
bool has_dated_offensives(const Scenario& scenario, std::uint32_t p);

/// The evacuation terms in force in pocket p: those of the dated agreement that set them, or the
/// conflict's own.
const EvacuationDef& evacuation_terms(const World& world, std::uint32_t p);

/// Leaves pocket p's household h: its living members become `how` (kDeparted, kEvacuated); evacuees
/// `to_destination` take over their arrival slots in the pocket's evacuation destination, with the
/// household's food and cash.
void leave(World& world, std::uint32_t p, std::uint32_t h, Status how, bool to_destination);

/// The chance that household h of pocket p chooses to leave, when `terms` (or a humanitarian pause,
/// with no terms) lets it, from its own situation (scenario `leaving`).
double leave_probability(const World& world, std::uint32_t p, std::uint32_t h, const EvacuationDef* terms);

/// Each besieged pocket's negotiation state machine: rounds of talks, offers and the committee's
/// answer, escalations, and surrender when the capacity to hold out is spent.
void negotiation(World& world);

/// The besieger's strikes: casualties, infrastructure damage, ceasefire violations and retaliation.
void bombardment(World& world);

/// Local production, checkpoint smuggling and aid convoys fill the market and the aid store.
void supply(World& world);
/// Aid unloaded in pocket p: the authorities inside keep back their share (aid.kept_back_share),
/// which they sell at the market; the rest waits to be handed out.
void unload_aid(World& world, std::uint32_t p, double person_days);

/// The market clears at the price that matches households' demand to its stock; households buy,
/// earn, receive aid, give to their ties who went short, forage, are served by kitchens and eat;
/// each person's nutritional reserve moves with what they ate.
void households(World& world);

/// Deaths from baseline causes, disease where water is short, malnutrition, and injuries (which
/// health care treats), by age band and reserve.
void mortality(World& world);

/// Residents' support for holding the release condition moves over the network of households
/// (Friedkin-Johnsen); towns demonstrate; a committee that follows its residents may drop the condition.
void opinion(World& world);

/// Deaths in detention, releases under agreements (and reneging on them), mediated swaps, and after
/// a surrender arrests and conscription as the besieger's values and the deal's terms say.
void detention(World& world);

/// Evacuation after surrender, and departures through the crossings under free movement.
void movement(World& world);

}  // namespace siege::stages
