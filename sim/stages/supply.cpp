// Supply: what reaches each pocket's market and aid store today (the households stage sets the price).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/calendar.hpp"
#include "stages/agreements.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

bool checkpoint_closed(const SmugglingDef& smuggling, std::int64_t day) {
  return std::any_of(smuggling.closed.begin(), smuggling.closed.end(),
                     [day](const ClosureDef& c) { return day >= c.from_day && day <= c.to_day; });
}

struct Harvest {
  double person_days = 0.0;
  double cost_person_days = 0.0;  ///< sum of amount x cost multiple, to weight the cost
};

Harvest local_production(const PocketDef& def, int day_of_year) {
  Harvest harvest;
  for (const auto& source : def.production) {
    const double amount =
        source.person_days_per_day * seasonal_factor(source.seasonal_amplitude, source.peak_day_of_year, day_of_year);
    harvest.person_days += amount;
    harvest.cost_person_days += amount * source.cost_multiple;
  }
  return harvest;
}

/// Traders bring goods through one channel, up to the stock they aim to hold, as far as it lets
/// them. They stock for what buyers can pay for, not for what they need: the demand at cost seen
/// yesterday, at most the pocket's need (Sen 1981, Poverty and Famines: food goes where the money
/// is). Penniless buyers draw no goods in, so no pile is left unsold beside them.
void trade(Pocket& pocket, const MarketDef& market, double capacity, double markup) {
  const double paid_for = std::min(pocket.need_person_days, pocket.market.asked_at_cost_person_days);
  const double wanted = market.target_cover_days * paid_for - pocket.market.stock_person_days;
  const double inflow = std::clamp(wanted, 0.0, capacity);
  pocket.market.add(inflow, markup, false);
  pocket.today.smuggled_person_days += inflow;
}

void smuggle(World& world, std::uint32_t p, const PocketDef& def) {
  Pocket& pocket = world.pockets[p];
  const double tightened = world.scenario().besieger_of(p).smuggling_factor_escalation;
  // During an offensive the besieger tightens the routes it holds to a share of their capacity.
  const bool offensive =
      pocket.front.state == NegotiationState::kEscalation || pocket.front.offensive_strikes_per_day >= 0.0;
  const ChannelToday checkpoint = channel_today(world, p, "checkpoint");
  const bool shut_by_offensive = offensive && tightened <= 0.0;
  const bool open = checkpoint.open && !checkpoint_closed(def.smuggling, world.day) && !shut_by_offensive;
  if (open != pocket.checkpoint_open) {
    world.event(p, open ? EventKind::kCheckpointOpened : EventKind::kCheckpointClosed, 0.0,
                open ? "checkpoints open to trade"
                     : (shut_by_offensive ? "checkpoints shut during the offensive" : "checkpoints shut (scheduled closure)"));
    pocket.checkpoint_open = open;
  }
  if (open) {
    trade(pocket, def.market, checkpoint.capacity_person_days_per_day * (offensive ? tightened : 1.0),
          checkpoint.markup_multiple);
  }
  for (const ChannelDef& channel : def.channels) {
    const ChannelToday route = channel_today(world, p, channel.name);
    if (!route.open) continue;
    const bool held_by_besieger = route.seller == Seller::kBesieger;
    trade(pocket, def.market, route.capacity_person_days_per_day * (offensive && held_by_besieger ? tightened : 1.0),
          route.markup_multiple);
  }
}

/// The besieger's chance of approving a convoy today, and why, given the negotiation state.
struct Approval {
  double probability;
  std::string_view context;
  Agreement* clause = nullptr;  ///< the aid-entry clause a refusal breaks, if any
};

Approval aid_approval(World& world, std::uint32_t p, const AidDef& aid) {
  const BesiegerDef& besieger = world.scenario().besieger_of(p);
  const Front& front = world.pockets[p].front;
  switch (front.state) {
    case NegotiationState::kCeasefire:
      if (Agreement* agreement = current_agreement(world, p); agreement && agreement->has(Clause::kAidEntry)) {
        return {besieger.aid_compliance, "under the aid-entry clause", agreement};
      }
      return {aid.approval_probability * besieger.aid_approval_factor_siege, "under a ceasefire without aid clause"};
    case NegotiationState::kEscalation:
      return {aid.approval_probability * besieger.aid_approval_factor_escalation, "during the offensive"};
    case NegotiationState::kSiege: return {aid.approval_probability * besieger.aid_approval_factor_siege, "talks stalled"};
    case NegotiationState::kTalks:
      return {aid.approval_probability * besieger.aid_approval_factor_siege, "while talks are under way"};
    case NegotiationState::kSurrender:
    case NegotiationState::kEnded:
    case NegotiationState::kUnbesieged: break;
  }
  return {aid.approval_probability, ""};
}

void convoys(World& world, std::uint32_t p, const AidDef& aid) {
  Pocket& pocket = world.pockets[p];
  const std::int64_t day = world.day;
  if (aid.request_every_days > 0 && aid.trucks_per_convoy > 0 && day >= aid.first_request_day &&
      (day - aid.first_request_day) % aid.request_every_days == 0) {
    const auto trucks = static_cast<double>(aid.trucks_per_convoy);
    world.event(p, EventKind::kAidRequested, trucks);
    rng::Draws decision(world.key(), rng::Stream::kAidApproval, p, static_cast<std::uint64_t>(day));
    const Approval approval = aid_approval(world, p, aid);
    const bool approved = decision.bernoulli(approval.probability);
    const std::string reason = fmt::format("convoy {}{}{}", approved ? "approved" : "refused",
                                           approval.context.empty() ? "" : " ", approval.context);
    if (approved) {
      world.event(p, EventKind::kAidApproved, trucks, reason);
      pocket.convoys_en_route.push_back({day + aid.delay_days, aid.trucks_per_convoy});
    } else {
      world.event(p, EventKind::kAidRefused, trucks, reason);
      if (approval.clause) violate(world, *approval.clause, Party::kBesieger, Clause::kAidEntry, "a convoy was refused");
    }
  }
  rng::Draws looting(world.key(), rng::Stream::kAidLooting, p, static_cast<std::uint64_t>(day));
  auto& en_route = pocket.convoys_en_route;
  for (const Convoy& convoy : en_route) {
    if (convoy.arrival_day != day) continue;
    const auto looted = static_cast<std::int64_t>(
        looting.binomial(static_cast<std::uint64_t>(convoy.trucks), aid.loot_probability_per_truck));
    const std::int64_t unloaded = convoy.trucks - looted;
    pocket.today.aid_trucks += unloaded;
    pocket.today.aid_trucks_looted += looted;
    unload_aid(world, p, static_cast<double>(unloaded) * aid.rations_per_truck_person_days);
    world.event(p, EventKind::kAidArrived, static_cast<double>(unloaded), "convoy delivered");
    if (looted > 0) world.event(p, EventKind::kAidLooted, static_cast<double>(looted), "trucks looted or turned back at checkpoints");
  }
  std::erase_if(en_route, [day](const Convoy& c) { return c.arrival_day <= day; });
}

void spoil(Pocket& pocket, const MarketDef& def) {
  const double spoiled = pocket.market.stock_person_days * def.spoilage_share_per_day;
  pocket.market.remove(spoiled);
  pocket.today.spoiled_person_days = spoiled;
}

}  // namespace

void unload_aid(World& world, std::uint32_t p, double person_days) {
  Pocket& pocket = world.pockets[p];
  const double kept = person_days * world.scenario().pockets[p].aid.kept_back_share;
  if (kept > 0.0) pocket.market.add(kept, 1.0, false);
  pocket.today.aid_kept_back_person_days += kept;
  pocket.aid_to_distribute_person_days += person_days - kept;
}

void supply(World& world) {
  const Scenario& scenario = world.scenario();
  const int doy = day_of_year(scenario.start_date, static_cast<int>(world.day));
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    const PocketDef& def = scenario.pockets[p];
    Pocket& pocket = world.pockets[p];
    spoil(pocket, def.market);  // overnight, before today's goods arrive
    Harvest harvest = local_production(def, doy);
    // Grain needs mills and bakeries to become food; strikes that destroy them cut local supply.
    // A ground advance that took farmland takes its harvest with it.
    const double working = pocket.front.bakeries * pocket.front.farmland_held;
    harvest.person_days *= working;
    harvest.cost_person_days *= working;
    if (harvest.person_days > 0.0) {
      pocket.market.add(harvest.person_days, harvest.cost_person_days / harvest.person_days, true);
    }
    pocket.today.produced_person_days = harvest.person_days;
    smuggle(world, p, def);
    convoys(world, p, def.aid);
  }
}

}  // namespace siege::stages
