// Calendar: the day's dated events from the scenario, first thing each morning. What lasts (an
// offensive's intensity, a pause, the territory and farmland still held) is worked out again each
// day from the events that have started, so it needs no state of its own; what happens once (a
// channel change, a ground advance, a convoy, an agreement, a round of talks) is done on its day.
// Dated events override the stochastic rules: a pocket with dated talks has no scheduled rounds,
// one with dated offensives no random escalations (negotiation).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/calendar.hpp"
#include "stages/agreements.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

/// The persons per day a humanitarian pause without a limit lets out: more than any pocket holds.
constexpr std::int64_t kAsManyAsChoose = std::int64_t{1} << 40;

bool on(const CalendarEventDef& e, std::int64_t day) { return day >= e.first_day && day <= e.last_day; }

std::string note_or(const CalendarEventDef& e, std::string fallback) {
  return e.note.empty() ? fallback : fallback + " (" + e.note + ")";
}

/// Sets what lasts: the strongest offensive on, the strictest pause on, what ground advances left.
void lasting(World& world, std::uint32_t p) {
  Front& front = world.pockets[p].front;
  front.offensive_strikes_per_day = -1.0;
  front.pause_strike_factor = 1.0;
  front.pause_persons_per_day = 0;
  front.territory_held = 1.0;
  front.farmland_held = 1.0;
  for (const CalendarEventDef& e : world.scenario().calendar) {
    if (e.pocket_index != p || e.first_day > world.day) continue;
    if (e.offensive) {
      front.territory_held *= 1.0 - e.offensive->territory_share;
      front.farmland_held *= 1.0 - e.offensive->farmland_share;
      if (on(e, world.day)) front.offensive_strikes_per_day = std::max(front.offensive_strikes_per_day, e.offensive->strikes_per_day);
    }
    if (e.pause && on(e, world.day)) {
      front.pause_strike_factor = std::min(front.pause_strike_factor, e.pause->strike_factor);
      // A humanitarian pause without a limit lets out as many as choose to go.
      if (e.pause->humanitarian) {
        front.pause_persons_per_day += e.pause->persons_per_day > 0 ? e.pause->persons_per_day : kAsManyAsChoose;
      }
    }
  }
}

/// The ground advance of an offensive's first day: morale falls, and the households of the ground
/// taken flee across the front (some are killed doing so) or crowd into what is left.
void advance(World& world, std::uint32_t p, const OffensiveDef& offensive, std::size_t event) {
  const ConflictDef& conflict = *world.scenario().pockets[p].conflict;
  Front& front = world.pockets[p].front;
  // Of the territory held yesterday: today's lasting() has already taken this advance off.
  const double taken = offensive.territory_share * front.territory_held / (1.0 - offensive.territory_share);
  front.morale = std::clamp(front.morale - conflict.forces.morale_loss_per_territory_share * taken, 0.0, 1.0);
  const double flee = offensive.territory_share * offensive.flee_share;
  std::int64_t fled = 0, killed = 0;
  if (flee > 0.0) {
    const World::HouseholdRange own = world.own_households(p);
    for (std::uint32_t h = own.first; h < own.end; ++h) {
      rng::Draws draws(world.key(), rng::Stream::kFlight, h, static_cast<std::uint64_t>(world.day));
      if (!draws.bernoulli(flee)) continue;
      for (std::uint32_t i = world.households.first_person[h]; i < world.households.first_person[h + 1]; ++i) {
        if (world.persons.status[i] != Status::kInside || !draws.bernoulli(offensive.flight_death_risk)) continue;
        world.die(i, Cause::kBombardment);
        ++killed;
      }
      const std::int64_t before = world.pockets[p].front.departed_total;
      leave(world, p, h, Status::kDeparted, false);
      fled += world.pockets[p].front.departed_total - before;
    }
  }
  world.event(p, EventKind::kOffensive, offensive.strikes_per_day,
              note_or(world.scenario().calendar[event],
                      fmt::format("offensive: {:.0f} strikes a day; the advance takes {:.0f}% of the territory held "
                                  "and {:.0f}% of the farmland", offensive.strikes_per_day,
                                  100.0 * offensive.territory_share, 100.0 * offensive.farmland_share)));
  if (fled + killed > 0) {
    world.event(p, EventKind::kFlight, static_cast<double>(fled),
                fmt::format("{} fled across the front from the ground taken; {} were killed trying", fled, killed));
  }
}

double convoy_person_days(const World& world, std::uint32_t p, const ConvoyDef& convoy) {
  if (convoy.trucks > 0) {
    return static_cast<double>(convoy.trucks) * world.scenario().pockets[p].aid.rations_per_truck_person_days;
  }
  if (convoy.tonnes > 0) return convoy.tonnes * 1000.0 / world.scenario().nutrition.food_kg_per_person_day;
  return convoy.rations_person_days;
}

void deliver(World& world, std::uint32_t p, const ConvoyDef& convoy, std::size_t event) {
  Pocket& pocket = world.pockets[p];
  const AidDef& aid = world.scenario().pockets[p].aid;
  const CalendarEventDef& e = world.scenario().calendar[event];
  const double food = convoy_person_days(world, p, convoy);
  const bool by_air = convoy.by == ConvoyRoute::kAir;
  const std::string what = by_air ? "air drop" : "convoy";
  rng::Draws draws(world.key(), rng::Stream::kCalendar, event, static_cast<std::uint64_t>(world.day));
  ConvoyOutcome outcome = convoy.outcome;
  double lost_share = 0.0;
  if (outcome == ConvoyOutcome::kDraw) {
    // As a scheduled request: the besieger approves a road convoy or not, and trucks may be looted
    // on the way. An air drop passes no checkpoint.
    outcome = by_air || draws.bernoulli(aid.approval_probability) ? ConvoyOutcome::kApproved : ConvoyOutcome::kRefused;
    if (outcome == ConvoyOutcome::kApproved && !by_air) {
      const auto trucks = static_cast<std::uint64_t>(std::max<std::int64_t>(convoy.trucks, 1));
      lost_share = static_cast<double>(draws.binomial(trucks, aid.loot_probability_per_truck)) / static_cast<double>(trucks);
    }
  }
  const double trucks = static_cast<double>(convoy.trucks);
  switch (outcome) {
    case ConvoyOutcome::kRefused:
      world.event(p, EventKind::kAidRefused, trucks, note_or(e, "dated " + what + " refused"));
      return;
    case ConvoyOutcome::kLooted: lost_share = 1.0; break;
    case ConvoyOutcome::kDiverted:
      world.event(p, EventKind::kAidDiverted, food * convoy.diverted_share,
                  note_or(e, fmt::format("{:.0f}% of a dated {} kept back by armed men", 100.0 * convoy.diverted_share, what)));
      lost_share = convoy.diverted_share;
      break;
    case ConvoyOutcome::kDraw:
    case ConvoyOutcome::kApproved: break;
  }
  if (lost_share > 0.0 && outcome != ConvoyOutcome::kDiverted) {
    world.event(p, EventKind::kAidLooted, trucks * lost_share, note_or(e, "dated " + what + " looted"));
  }
  const double delivered = food * (1.0 - lost_share);
  if (delivered <= 0.0) return;
  unload_aid(world, p, delivered);
  pocket.today.aid_trucks += static_cast<std::int64_t>(std::llround(trucks * (1.0 - lost_share)));
  world.event(p, EventKind::kAidArrived, trucks * (1.0 - lost_share),
              note_or(e, fmt::format("dated {} delivered {:.0f} person-days", what, delivered)));
}

void skipped(World& world, std::uint32_t p, const CalendarEventDef& e, const std::string& what) {
  world.event(p, EventKind::kDatedEventSkipped, 0.0,
              note_or(e, fmt::format("{} did not take effect: the pocket is in {}", what,
                                     state_name(world.pockets[p].front.state))));
}

void enter_agreement(World& world, std::uint32_t p, const CalendarEventDef& e, std::size_t event) {
  Front& front = world.pockets[p].front;
  const bool surrender = e.agreement->kind == Terms::kSurrender;
  const bool over = front.state == NegotiationState::kSurrender || front.state == NegotiationState::kEnded;
  // After a surrender only another surrender can follow: the next step of a surrender in steps.
  if (over && !surrender) {
    skipped(world, p, e, e.agreement->name);
    return;
  }
  if (Agreement* open = current_agreement(world, p, true)) collapse(world, *open, "superseded by a dated agreement");
  front.evacuation_event = e.evacuation || surrender ? static_cast<std::int32_t>(event) : -1;
  front.evacuation_started_day = -1;  // an evacuation under these terms starts from its own first day
  const Agreement& signed_agreement =
      sign(world, p, *e.agreement, false, note_or(e, fmt::format("{} enters on its date", e.agreement->name)));
  front.evacuation_agreement = front.evacuation_event >= 0 ? signed_agreement.id : -1;
}

/// An agreement with an end date that is still in force the day after it ends is fulfilled.
void end_agreement(World& world, std::uint32_t p, const CalendarEventDef& e) {
  Front& front = world.pockets[p].front;
  Agreement* agreement = current_agreement(world, p);
  if (!agreement || agreement->day_signed != e.first_day || agreement->name != e.agreement->name) return;
  agreement->status = AgreementStatus::kFulfilled;
  front.agreement = -1;
  front.monitored = false;
  world.event(p, EventKind::kAgreementFulfilled, static_cast<double>(agreement->released),
              note_or(e, fmt::format("{} ended on its date", agreement->name)), agreement->id);
  if (front.state == NegotiationState::kCeasefire) {
    world.set_state(p, NegotiationState::kSiege, agreement->name + " ended on its date");
  }
}

void open_talks(World& world, std::uint32_t p, const CalendarEventDef& e) {
  Front& front = world.pockets[p].front;
  if (front.state != NegotiationState::kSiege && front.state != NegotiationState::kEscalation) {
    skipped(world, p, e, "a round of talks");
    return;
  }
  ++front.rounds;
  front.round_days = e.talks->round_days;
  world.event(p, EventKind::kTalksRound, static_cast<double>(front.rounds),
              note_or(e, fmt::format("round {} of talks opens on its date", front.rounds)));
  world.set_state(p, NegotiationState::kTalks, fmt::format("round {} of talks (dated)", front.rounds));
}

void channel_change(World& world, std::uint32_t p, const ChannelChangeDef& change, const CalendarEventDef& e) {
  const ChannelToday now = channel_today(world, p, change.name);
  world.event(p, EventKind::kChannelChanged, now.open ? now.capacity_person_days_per_day : 0.0,
              note_or(e, fmt::format("{} {} from today: {:.0f} person-days/day at {:.1f}x the outside price", change.name,
                                     now.open ? "open" : "shut", now.capacity_person_days_per_day, now.markup_multiple)));
}

}  // namespace

ChannelToday channel_today(const World& world, std::uint32_t p, const std::string& name) {
  const Scenario& scenario = world.scenario();
  const PocketDef& def = scenario.pockets[p];
  ChannelToday today{true, def.smuggling.capacity_person_days_per_day, def.smuggling.markup_multiple, Seller::kBesieger};
  for (const ChannelDef& c : def.channels) {
    if (c.name != name) continue;
    const double capacity = c.capacity_kg_per_day ? *c.capacity_kg_per_day / scenario.nutrition.food_kg_per_person_day
                                                  : c.capacity_person_days_per_day;
    today = {c.open, capacity, c.markup_multiple, c.seller};
  }
  for (const CalendarEventDef& e : scenario.calendar) {
    if (e.pocket_index != p || !e.channel || e.channel->name != name || e.first_day > world.day) continue;
    const ChannelChangeDef& change = *e.channel;
    if (change.open) today.open = *change.open;
    if (change.capacity_person_days_per_day) today.capacity_person_days_per_day = *change.capacity_person_days_per_day;
    if (change.capacity_kg_per_day) {
      today.capacity_person_days_per_day = *change.capacity_kg_per_day / scenario.nutrition.food_kg_per_person_day;
    }
    if (change.markup_multiple) today.markup_multiple = *change.markup_multiple;
  }
  return today;
}

void calendar(World& world) {
  const Scenario& scenario = world.scenario();
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) lasting(world, p);
  for (std::size_t i = 0; i < scenario.calendar.size(); ++i) {
    const CalendarEventDef& e = scenario.calendar[i];
    const std::uint32_t p = e.pocket_index;
    if (e.convoy) {
      const std::int64_t since = world.day - e.first_day;
      const bool due = since == 0 || (e.convoy->every_days > 0 && since > 0 && world.day <= e.last_day &&
                                      since % e.convoy->every_days == 0);
      if (due) deliver(world, p, *e.convoy, i);
      continue;
    }
    if (e.agreement && (e.to_date || e.to_day) && world.day == e.last_day + 1) end_agreement(world, p, e);
    if (e.first_day != world.day) continue;
    if (e.channel) channel_change(world, p, *e.channel, e);
    if (e.offensive) advance(world, p, *e.offensive, i);
    if (e.pause) {
      if (e.pause->humanitarian) {
        // Each pause asks every household afresh, from the first.
        world.pockets[p].front.pause_event = static_cast<std::int32_t>(i);
        world.pockets[p].front.pause_cursor = 0;
      }
      world.event(p, EventKind::kPause, e.pause->strike_factor,
                  note_or(e, fmt::format("{} pause to {}", e.pause->humanitarian ? "humanitarian" : "unilateral",
                                         format_date(add_days(scenario.start_date, e.last_day)))));
    }
    if (e.agreement) enter_agreement(world, p, e, i);
    if (e.talks) open_talks(world, p, e);
  }
}

bool has_dated_talks(const Scenario& scenario, std::uint32_t p) {
  return std::any_of(scenario.calendar.begin(), scenario.calendar.end(),
                     [&](const CalendarEventDef& e) { return e.pocket_index == p && e.talks; });
}

bool has_dated_offensives(const Scenario& scenario, std::uint32_t p) {
  return std::any_of(scenario.calendar.begin(), scenario.calendar.end(),
                     [&](const CalendarEventDef& e) { return e.pocket_index == p && e.offensive; });
}

}  // namespace siege::stages
