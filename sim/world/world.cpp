#include "world/world.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/parallel.hpp"

namespace siege {

std::string_view cause_name(Cause cause) {
  switch (cause) {
    case Cause::kMalnutrition: return "malnutrition";
    case Cause::kOther: return "other";
    case Cause::kBombardment: return "bombardment";
    case Cause::kDiseaseOrInjury: return "disease_or_injury";
    case Cause::kNone: break;
  }
  return "none";
}

std::span<const EventKindInfo> event_kinds() {
  static constexpr std::array<EventKindInfo, 31> kKinds = {{
      {EventKind::kAidRequested, "aid_requested", "trucks asked for"},
      {EventKind::kAidApproved, "aid_approved", "trucks approved"},
      {EventKind::kAidRefused, "aid_refused", "trucks refused"},
      {EventKind::kAidArrived, "aid_arrived", "trucks unloaded"},
      {EventKind::kAidLooted, "aid_looted", "trucks looted or turned back"},
      {EventKind::kCheckpointClosed, "checkpoint_closed", "0"},
      {EventKind::kCheckpointOpened, "checkpoint_opened", "0"},
      {EventKind::kStateChanged, "state_changed", "new negotiation state (as negotiation_state)"},
      {EventKind::kTalksRound, "talks_round", "round number"},
      {EventKind::kOfferRejected, "offer_rejected", "detainees offered"},
      {EventKind::kAgreementSigned, "agreement_signed", "detainees to be released"},
      {EventKind::kAgreementInForce, "agreement_in_force", "0"},
      {EventKind::kViolation, "violation", "violations so far"},
      {EventKind::kAgreementCollapsed, "agreement_collapsed", "violations"},
      {EventKind::kAgreementFulfilled, "agreement_fulfilled", "detainees released under it"},
      {EventKind::kClauseViolated, "clause_violated", "clause (0 cessation, 1 aid entry, 2 free movement, "
                                                      "3 monitors, 4 releases)"},
      {EventKind::kReleases, "releases", "detainees released"},
      {EventKind::kSwap, "swap", "detainees freed (as many captives freed by the pocket)"},
      {EventKind::kSurrender, "surrender", "capacity to hold out"},
      {EventKind::kEvacuationBatch, "evacuation_batch", "persons evacuated"},
      {EventKind::kArrests, "arrests", "persons arrested"},
      {EventKind::kDeparture, "departures", "persons who left through crossings"},
      {EventKind::kPolicyChanged, "policy_changed", "new release policy (0 hold, 1 drop, 2 phased)"},
      {EventKind::kChannelChanged, "channel_changed", "capacity of the channel from today (person-days/day; 0 shut)"},
      {EventKind::kOffensive, "offensive", "strikes per day while it lasts"},
      {EventKind::kPause, "pause", "factor on strikes while it lasts"},
      {EventKind::kAidDiverted, "aid_diverted", "person-days kept back"},
      {EventKind::kFlight, "flight", "persons who fled across the front (value); the reason counts those killed"},
      {EventKind::kDatedEventSkipped, "dated_event_skipped", "0 (the reason says which event, and why the pocket's state "
                                                             "left it nothing to do)"},
      {EventKind::kConscription, "conscription", "men conscripted"},
      {EventKind::kCaptivesFreed, "captives_freed", "captives the pocket's side freed under a deal"},
  }};
  return kKinds;
}

std::string_view agreement_status_name(AgreementStatus status) {
  switch (status) {
    case AgreementStatus::kProposed: return "proposed";
    case AgreementStatus::kInForce: return "in force";
    case AgreementStatus::kViolated: return "violated";
    case AgreementStatus::kCollapsed: return "collapsed";
    case AgreementStatus::kFulfilled: return "fulfilled";
  }
  return "?";
}

std::string_view state_name(NegotiationState state) {
  switch (state) {
    case NegotiationState::kSiege: return "siege";
    case NegotiationState::kTalks: return "talks";
    case NegotiationState::kCeasefire: return "ceasefire";
    case NegotiationState::kEscalation: return "escalation";
    case NegotiationState::kSurrender: return "surrender";
    case NegotiationState::kEnded: return "ended";
    case NegotiationState::kUnbesieged: return "unbesieged";
  }
  return "?";
}

std::string_view clause_name(Clause clause) {
  switch (clause) {
    case Clause::kCessation: return "cessation of hostilities";
    case Clause::kAidEntry: return "aid entry";
    case Clause::kFreeMovement: return "free movement";
    case Clause::kMonitors: return "monitors";
    case Clause::kReleases: return "releases";
  }
  return "?";
}

bool Agreement::has(Clause clause) const {
  switch (clause) {
    case Clause::kCessation: return terms.cessation_of_hostilities;
    case Clause::kAidEntry: return terms.aid_entry;
    case Clause::kFreeMovement: return terms.free_movement;
    case Clause::kMonitors: return terms.monitors;
    case Clause::kReleases: return terms.releases > 0;
  }
  return false;
}

void Detainees::add(std::uint16_t origin, bool listed, bool is_woman_or_child, std::int64_t person_index,
                    std::uint32_t family) {
  origin_pocket.push_back(origin);
  household.push_back(family);
  on_list.push_back(listed);
  woman_or_child.push_back(is_woman_or_child);
  status.push_back(DetaineeStatus::kHeld);
  person.push_back(person_index);
}

std::vector<TownLayout> town_layout(const Scenario& scenario) {
  std::vector<TownLayout> out;
  for (std::uint32_t p = 0; p < scenario.pockets.size(); ++p) {
    const PocketDef& pocket = scenario.pockets[p];
    for (const auto& t : pocket.towns) out.push_back({t.name, p, t.lat, t.lon, &t, -1});
    for (std::uint32_t o = 0; o < scenario.pockets.size(); ++o) {
      const auto& conflict = scenario.pockets[o].conflict;
      if (!conflict || conflict->evacuation.destination != pocket.name) continue;
      // Arrivals camp at the first town of the destination.
      out.push_back({"arrivals from " + scenario.pockets[o].name, p, pocket.towns.front().lat,
                     pocket.towns.front().lon, nullptr, static_cast<std::int32_t>(o)});
    }
  }
  return out;
}

void Market::add(double person_days, double cost, bool local) {
  if (person_days <= 0.0) return;
  const double total = stock_person_days + person_days;
  cost_multiple = (cost_multiple * stock_person_days + cost * person_days) / total;
  stock_person_days = total;
  if (local) local_person_days += person_days;
}

double Market::remove(double person_days) {
  if (stock_person_days <= 0.0) return 0.0;
  const double taken = std::min(person_days, stock_person_days);
  const double local = local_person_days * (taken / stock_person_days);
  stock_person_days -= taken;
  local_person_days = std::clamp(local_person_days - local, 0.0, stock_person_days);
  return local;
}

void Persons::resize(std::size_t n) {
  age_band.resize(n);
  sex.resize(n);
  reserve_share.resize(n);
  adaptation.resize(n);
  status.resize(n, Status::kInside);
  cause.resize(n, Cause::kNone);
  flags.resize(n, 0);
  support.resize(n, 0.0f);
  leaning.resize(n, 0);
}

void Households::resize(std::size_t n) {
  first_person.resize(n + 1);
  town.resize(n);
  food_person_days.resize(n);
  hidden_food_person_days.resize(n, 0.0f);
  cash_usd.resize(n);
  assets_usd.resize(n, 0.0f);
  income_sources.resize(n, 0);
  fighters_inside.resize(n, 0);
  detained_relatives.resize(n, 0);
  inside.resize(n);
  support_sum.resize(n, 0.0f);
  reserve_share_sum.resize(n, 0.0f);
  members_changed.resize(n, 1);
  settled.resize(n, 0);
  went_short.resize(n, 0);
}

Biology::Biology(const Scenario& scenario) {
  const auto& n = scenario.nutrition;
  const auto& m = scenario.mortality;
  need_person_days = {static_cast<float>(n.child_need_share), 1.0f, static_cast<float>(n.elderly_need_share)};
  const std::array<double, kAgeBands> healthy = {n.reserve_child_days, n.reserve_adult_days, n.reserve_elderly_days};
  for (std::size_t band = 0; band < kAgeBands; ++band) {
    for (std::size_t female = 0; female < 2; ++female) {
      for (std::size_t under5 = 0; under5 < 2; ++under5) {
        const double days = healthy[band] * (female ? n.female_reserve_factor : 1.0) *
                            (under5 ? n.under5_reserve_factor : 1.0);
        per_reserve_day[band][female][under5] = static_cast<float>(1.0 / days);
      }
    }
  }
  recovery_days_per_day = static_cast<float>(n.recovery_days_per_day);
  adaptation_max = static_cast<float>(n.adaptation_max_share);
  adaptation_full_at_deficit = static_cast<float>(n.adaptation_full_at_deficit);
  adaptation_rate = static_cast<float>(1.0 / n.adaptation_days);
  lethal_weight_loss = n.lethal_weight_loss_share;
  mass_expenditure = static_cast<float>(n.mass_expenditure_share * n.lethal_weight_loss_share);
  cold_need_share = n.cold_need_share;
  coldest_day_of_year = static_cast<int>(n.coldest_day_of_year);
  // A class boundary as a weight loss, then as a reserve share (weight falls linearly with it).
  const auto below = [&](double weight_lost) {
    return static_cast<float>(std::clamp(1.0 - weight_lost / n.lethal_weight_loss_share, 0.0, 1.0));
  };
  adult_thin_below = below(1.0 - 18.5 / n.healthy_adult_bmi);
  child_gam_below = below(2.0 * n.child_weight_loss_per_sd);
  child_sam_below = below(3.0 * n.child_weight_loss_per_sd);
  wasting_hazard_below = static_cast<float>(m.wasting_hazard_below_share);

  constexpr double kDaysPerYear = 365.25;
  baseline_hazard_per_day = {m.baseline_child_per_1000_year / 1000.0 / kDaysPerYear,
                             m.baseline_adult_per_1000_year / 1000.0 / kDaysPerYear,
                             m.baseline_elderly_per_1000_year / 1000.0 / kDaysPerYear};
  const double starvation = m.starvation_per_1000_day / 1000.0;
  starvation_hazard_per_day = {starvation * m.child_hunger_multiplier, starvation,
                               starvation * m.elderly_hunger_multiplier};
  under5_hunger_multiplier = m.under5_hunger_multiplier;
  hunger_shape = m.hunger_hazard_shape;
  disease_without_water = m.disease_multiplier_without_water;
  injury_death_per_day = m.injury_death_per_1000_day / 1000.0;
  injury_care_effect = m.injury_care_effect;
  injury_recovery_per_day = m.injury_recovery_per_day;
}

double Biology::death_probability_bound(float lowest_reserve, double disease_factor) const {
  double bound = 0.0;
  for (const AgeBand band : {AgeBand::kChild, AgeBand::kAdult, AgeBand::kElderly}) {
    const auto [baseline, hunger] = hazards(band, band == AgeBand::kChild ? kUnderFive : 0, lowest_reserve);
    const double older_child = band == AgeBand::kChild ? hazards(band, 0, lowest_reserve)[1] : 0.0;
    bound = std::max(bound, -std::expm1(-(baseline + std::max(hunger, older_child)) * disease_factor));
  }
  return bound;
}

double Biology::need_factor(int day_of_year) const {
  const double phase = 2.0 * std::numbers::pi * static_cast<double>(day_of_year - coldest_day_of_year) / 365.25;
  return 1.0 + cold_need_share * 0.5 * (1.0 + std::cos(phase));
}

namespace {

/// Where a town's residents go in the world's columns.
struct TownPlace {
  std::uint32_t first_person = 0, persons = 0;
  std::uint32_t first_household = 0, households = 0;
};

std::uint8_t draw_leaning(rng::Draws& draws, const OpinionDef& def) {
  const double leaning = def.prior_mean + def.prior_spread * (2.0 * draws.uniform() - 1.0);
  return static_cast<std::uint8_t>(std::lround(255.0 * std::clamp(leaning, 0.0, 1.0)));
}

AgeBand draw_band(rng::Draws& draws, bool head, const DemographyDef& d, double mean_size) {
  // Heads of household are adults or elderly; the other members' chances are raised so that the
  // whole population matches the declared shares.
  const double grown = d.adult_share + d.elderly_share;
  if (head) {
    if (grown <= 0.0) return AgeBand::kChild;
    return draws.uniform() * grown < d.adult_share ? AgeBand::kAdult : AgeBand::kElderly;
  }
  const double others = std::max(mean_size - 1.0, 1e-9);
  const double child = std::min(1.0, d.child_share * mean_size / others);
  const double u = draws.uniform();
  if (u < child) return AgeBand::kChild;
  if (grown <= 0.0) return AgeBand::kChild;
  return (u - child) / (1.0 - child) * grown < d.adult_share ? AgeBand::kAdult : AgeBand::kElderly;
}

/// Draws a scenario town's households and residents into the world's columns at `place`; with
/// `persons` null, only counts the households (the sizes come from a stream of their own).
std::uint32_t draw_town(const rng::RunKey& key, std::uint64_t town_index, const TownDef& town,
                        const PocketDef& pocket, const OpinionDef& opinion, const Biology& biology,
                        const TownPlace& place, Persons* persons, Households* households) {
  const auto& h = pocket.households;
  rng::Draws household_draws(key, rng::Stream::kInitHouseholds, town_index, 0);
  rng::Draws income_draws(key, rng::Stream::kInitIncome, town_index, 0);
  rng::Draws person_draws(key, rng::Stream::kInitPersons, town_index, 0);
  rng::Draws fighter_draws(key, rng::Stream::kInitFighters, town_index, 0);
  rng::Draws leaning_draws(key, rng::Stream::kInitLeaning, town_index, 0);
  const double fighter_share = pocket.conflict ? pocket.conflict->forces.fighter_share_of_adult_men : 0.0;
  std::int64_t remaining = town.population;
  std::uint32_t household = place.first_household, person = place.first_person;
  while (remaining > 0) {
    const auto drawn = static_cast<std::int64_t>(1 + household_draws.poisson(h.mean_size - 1.0));
    const std::int64_t size = std::min({remaining, drawn, std::int64_t{1000}});
    // One lognormal wealth factor of mean 1 scales the household's cash, assets and hidden food.
    const double wealth =
        std::exp(h.wealth_spread * household_draws.normal() - 0.5 * h.wealth_spread * h.wealth_spread);
    remaining -= size;
    if (!persons) {
      ++household;
      continue;
    }
    households->first_person[household] = person;
    households->cash_usd[household] = static_cast<float>(h.initial_cash_usd * wealth);
    households->assets_usd[household] = static_cast<float>(h.assets.mean_usd * wealth);
    households->income_sources[household] = static_cast<std::uint8_t>(
        (income_draws.bernoulli(h.salaries.share_of_households) ? kSalary : 0) |
        (income_draws.bernoulli(h.remittances.share_of_households) ? kRemittances : 0));
    double need = 0.0;
    for (std::int64_t m = 0; m < size; ++m, ++person) {
      const AgeBand band = draw_band(person_draws, m == 0, pocket.demography, h.mean_size);
      persons->age_band[person] = band;
      persons->sex[person] = person_draws.bernoulli(pocket.demography.female_share) ? Sex::kFemale : Sex::kMale;
      const bool adult_man = band == AgeBand::kAdult && persons->sex[person] == Sex::kMale;
      persons->flags[person] = adult_man && fighter_draws.bernoulli(fighter_share) ? kFighter : 0;
      persons->leaning[person] = draw_leaning(leaning_draws, opinion);
      const double jitter = 1.0 + h.initial_reserve_spread * (2.0 * person_draws.uniform() - 1.0);
      persons->reserve_share[person] = static_cast<float>(std::clamp(h.initial_reserve_share * jitter, 0.0, 1.0));
      persons->adaptation[person] = 0.0f;
      if (band == AgeBand::kChild && person_draws.bernoulli(pocket.demography.under5_share_of_children)) {
        persons->flags[person] |= kUnderFive;
      }
      need += biology.need_person_days[static_cast<std::size_t>(band)];
    }
    households->food_person_days[household] = static_cast<float>(h.initial_food_store_days * need);
    households->hidden_food_person_days[household] =
        static_cast<float>(h.hidden_food_store_days * need * wealth);
    ++household;
  }
  return household - place.first_household;
}

}  // namespace

World::World(std::shared_ptr<const Scenario> scenario, rng::RunKey key)
    : town_layout(siege::town_layout(*scenario)), scenario_(std::move(scenario)), key_(key), biology_(*scenario_) {
  const Scenario& sc = *scenario_;
  const std::size_t n_towns = town_layout.size();
  // Scenario towns draw their people by their place among the scenario's towns, so that adding a
  // destination elsewhere leaves their numbers as they were.
  std::vector<std::uint64_t> ordinal(n_towns, 0);
  std::vector<std::size_t> scenario_towns;
  for (std::size_t t = 0; t < n_towns; ++t) {
    if (town_layout[t].scenario_town) {
      ordinal[t] = scenario_towns.size();
      scenario_towns.push_back(t);
    }
  }
  // Count first, then draw every resident straight into place: no copy of the population is
  // held on the side, so the peak memory is the world's own.
  std::vector<TownPlace> place(n_towns);
  const auto draw = [&](std::size_t t, Persons* into_persons, Households* into_households) {
    const TownLayout& layout = town_layout[t];
    return draw_town(key_, ordinal[t], *layout.scenario_town, sc.pockets[layout.pocket], sc.opinion, biology_,
                     place[t], into_persons, into_households);
  };
  for_each_index(scenario_towns.size(), [&](std::size_t i) {
    const std::size_t t = scenario_towns[i];
    place[t].persons = static_cast<std::uint32_t>(town_layout[t].scenario_town->population);
    place[t].households = draw(t, nullptr, nullptr);
  });
  // Arrival slots mirror every household of the origin pocket's own towns, member by member.
  const auto origin_towns = [&](std::size_t t) {
    std::vector<std::size_t> from;
    for (std::size_t u = 0; u < n_towns; ++u) {
      if (town_layout[u].pocket == static_cast<std::uint32_t>(town_layout[t].arrivals_from_pocket) &&
          town_layout[u].scenario_town) {
        from.push_back(u);
      }
    }
    return from;
  };
  std::uint32_t n_persons = 0, n_households = 0;
  for (std::size_t t = 0; t < n_towns; ++t) {
    if (town_layout[t].arrivals_from_pocket >= 0) {
      for (std::size_t u : origin_towns(t)) {
        place[t].persons += place[u].persons;
        place[t].households += place[u].households;
      }
    }
    place[t].first_person = n_persons;
    place[t].first_household = n_households;
    n_persons += place[t].persons;
    n_households += place[t].households;
  }
  persons.resize(n_persons);
  households.resize(n_households);
  towns.resize(n_towns);
  pockets.resize(sc.pockets.size());
  arrival_first_household.assign(sc.pockets.size(), -1);
  for_each_index(scenario_towns.size(), [&](std::size_t i) { draw(scenario_towns[i], &persons, &households); });
  for (std::size_t t = 0; t < n_towns; ++t) {
    if (town_layout[t].arrivals_from_pocket < 0) continue;
    std::uint32_t person = place[t].first_person, household = place[t].first_household;
    for (std::size_t u : origin_towns(t)) {
      const TownPlace& from = place[u];
      for (std::uint32_t k = 0; k < from.households; ++k) {
        households.first_person[household + k] =
            person + (households.first_person[from.first_household + k] - from.first_person);
      }
      for (std::uint32_t k = 0; k < from.persons; ++k) {
        const std::uint32_t origin = from.first_person + k;
        persons.age_band[person + k] = persons.age_band[origin];
        persons.sex[person + k] = persons.sex[origin];
        persons.reserve_share[person + k] = persons.reserve_share[origin];
        persons.adaptation[person + k] = persons.adaptation[origin];
        persons.leaning[person + k] = persons.leaning[origin];
        persons.status[person + k] = Status::kAbsent;
      }
      person += from.persons;
      household += from.households;
    }
  }

  for (std::uint32_t t = 0; t < n_towns; ++t) {
    const TownLayout& layout = town_layout[t];
    const std::uint32_t p = layout.pocket;
    const bool arrival_slots = layout.arrivals_from_pocket >= 0;
    const std::uint32_t first_household = place[t].first_household, end_household = first_household + place[t].households;
    if (arrival_slots) arrival_first_household[static_cast<std::size_t>(layout.arrivals_from_pocket)] = first_household;
    Town& town = towns[t];
    town.pocket = p;
    town.first_household = first_household;
    town.end_household = end_household;
    town.first_person = place[t].first_person;
    town.end_person = place[t].first_person + place[t].persons;
    town.alive = arrival_slots ? 0 : town.end_person - town.first_person;
    households.first_person[end_household] = town.end_person;
    for (std::uint32_t h = first_household; h < end_household; ++h) {
      households.town[h] = static_cast<std::uint16_t>(t);
      if (arrival_slots) continue;
      for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
        pockets[p].need_person_days +=
            biology_.need_person_days[static_cast<std::size_t>(persons.age_band[i])];
      }
    }
    append_blocks(household_blocks, town.first_household, town.end_household, kHouseholdBlock, t, p);
    append_blocks(person_blocks, town.first_person, town.end_person, kPersonBlock, t, p);
  }

  for (std::uint32_t t = 0; t < n_towns; ++t) {
    Pocket& pocket = pockets[towns[t].pocket];
    if (pocket.end_town == 0) pocket.first_town = t;
    pocket.end_town = t + 1;
    pocket.initial_population += towns[t].alive;
  }
  mediators.resize(sc.mediators.size());
  for (std::size_t m = 0; m < sc.mediators.size(); ++m) {
    const MediatorDef& def = sc.mediators[m];
    mediators[m].share.assign(def.attention.size(), 0.0);
    mediators[m].swap_credit.assign(def.attention.size(), 0.0);
    for (const AttentionDef& a : def.attention) {
      for (std::uint32_t p = 0; p < sc.pockets.size(); ++p) {
        if (sc.pockets[p].name == a.pocket) mediators[m].pocket.push_back(p);
      }
    }
    if (mediators[m].pocket.size() != def.attention.size()) {
      throw std::invalid_argument("mediator '" + def.name + "' names a pocket the scenario does not have");
    }
  }
  mark_mediator_monitors();
  for (std::uint32_t p = 0; p < pockets.size(); ++p) {
    Pocket& pocket = pockets[p];
    const PocketDef& def = sc.pockets[p];
    pocket.first_person = towns[pocket.first_town].first_person;
    pocket.end_person = towns[pocket.end_town - 1].end_person;
    pocket.alive = pocket.initial_population;
    pocket.market.stock_person_days = def.market.initial_stock_days * pocket.need_person_days;
    pocket.market.cost_multiple = def.market.initial_cost_multiple;
    if (def.conflict) start_front(p);
  }
  start_opinion();
  recount_households();
}

namespace {
template <class T>
std::size_t bytes_of(const std::vector<T>& column) {
  return column.capacity() * sizeof(T);
}
}  // namespace

World::StateBytes World::state_bytes() const {
  StateBytes bytes;
  const Persons& p = persons;
  bytes.persons = bytes_of(p.age_band) + bytes_of(p.sex) + bytes_of(p.reserve_share) + bytes_of(p.adaptation) +
                  bytes_of(p.status) + bytes_of(p.cause) + bytes_of(p.flags) + bytes_of(p.support) + bytes_of(p.leaning);
  const Households& h = households;
  bytes.households = bytes_of(h.first_person) + bytes_of(h.town) + bytes_of(h.food_person_days) +
                     bytes_of(h.hidden_food_person_days) + bytes_of(h.cash_usd) + bytes_of(h.assets_usd) +
                     bytes_of(h.income_sources) + bytes_of(h.fighters_inside) +
                     bytes_of(h.detained_relatives) + bytes_of(h.inside) + bytes_of(h.support_sum) +
                     bytes_of(h.reserve_share_sum) + bytes_of(h.members_changed) + bytes_of(h.settled) +
                     bytes_of(h.went_short);
  bytes.network = bytes_of(network.first_tie) + bytes_of(network.tied) + bytes_of(network.mean_support);
  return bytes;
}

void World::recount_households() {
  for (std::uint32_t h = 0; h < households.size(); ++h) {
    households.inside[h] = {};
    households.fighters_inside[h] = 0;
    for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
      if (persons.status[i] != Status::kInside) continue;
      ++households.inside[h][static_cast<std::size_t>(persons.age_band[i])];
      households.fighters_inside[h] += (persons.flags[i] & kFighter) != 0;
    }
  }
  std::fill(households.members_changed.begin(), households.members_changed.end(), std::uint8_t{1});
  std::fill(households.settled.begin(), households.settled.end(), std::uint8_t{0});
  for (Pocket& pocket : pockets) {
    pocket.under5_alive = 0;
    for (std::uint32_t i = pocket.first_person; i < pocket.end_person; ++i) {
      pocket.under5_alive += persons.status[i] == Status::kInside && (persons.flags[i] & kUnderFive);
    }
  }
}

void World::start_opinion() {
  const OpinionDef& def = scenario().opinion;
  std::vector<TownHouseholds> town_households(towns.size());
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const Pocket& pocket = pockets[towns[t].pocket];
    town_households[t] = {towns[t].first_household, towns[t].end_household, towns[pocket.first_town].first_household,
                          towns[pocket.end_town - 1].end_household};
  }
  network = draw_network(key_, def, town_households);
  // Everyone starts at their own prior before hardship: their leaning, raised by a detained relative.
  for (std::uint32_t h = 0; h < households.size(); ++h) {
    const bool relative = households.detained_relatives[h] > 0;
    for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
      persons.support[i] = std::min(1.0f, persons.leaning[i] / 255.0f +
                                              (relative ? static_cast<float>(def.detained_relative_gain) : 0.0f));
    }
  }
}

void World::start_front(std::uint32_t p) {
  const ConflictDef& def = *scenario().pockets[p].conflict;
  Front& front = pockets[p].front;
  front.state = def.initial_state;
  front.policy = def.committee.policy;
  front.believed_worth_share = def.committee.prior_worth_share;
  front.morale = def.forces.initial_morale;
  front.health_care = def.infrastructure.health_care;
  front.bakeries = def.infrastructure.bakeries;
  front.water = def.infrastructure.water;
  front.captives = def.forces.captives_held;
  front.food_security = scenario().pockets[p].households.initial_reserve_share;
  front.detainees_held = def.detainees.on_list + def.detainees.not_on_list;
  for (std::uint32_t t = pockets[p].first_town; t < pockets[p].end_town; ++t) {
    for (std::uint32_t i = towns[t].first_person; i < towns[t].end_person; ++i) {
      towns[t].fighters += persons.status[i] == Status::kInside && (persons.flags[i] & kFighter);
    }
    front.fighters_initial += towns[t].fighters;
  }
  front.fighters = front.fighters_initial;
  // The women and children come first on a list, as negotiators draw them up.
  const auto listed_women_children =
      static_cast<std::int64_t>(std::llround(def.detainees.women_and_children_share * static_cast<double>(def.detainees.on_list)));
  // Each detainee held from before has a family among the pocket's own households.
  const HouseholdRange own = own_households(p);
  rng::Draws families(key_, rng::Stream::kDetaineeFamilies, p, 0);
  const auto family = [&] {
    if (own.end == own.first) return Detainees::kNoHousehold;
    const auto h = std::min(own.end - 1, own.first + static_cast<std::uint32_t>(families.uniform() * (own.end - own.first)));
    ++households.detained_relatives[h];
    return h;
  };
  for (std::int64_t i = 0; i < def.detainees.on_list; ++i) {
    detainees.add(static_cast<std::uint16_t>(p), true, i < listed_women_children, -1, family());
  }
  for (std::int64_t i = 0; i < def.detainees.not_on_list; ++i) {
    detainees.add(static_cast<std::uint16_t>(p), false, false, -1, family());
  }
  if (def.agreement_at_start) {
    Agreement agreement;
    agreement.id = static_cast<std::int32_t>(agreements.size());
    agreement.pocket = p;
    agreement.name = def.agreement_at_start->name;
    agreement.terms = *def.agreement_at_start;
    agreement.status = AgreementStatus::kInForce;
    agreements.push_back(agreement);
    front.agreement = agreement.id;
    front.monitored = agreement.terms.monitors || front.mediator_monitors;
    front.state = agreement.terms.kind == Terms::kSurrender ? NegotiationState::kSurrender : NegotiationState::kCeasefire;
  }
}

std::string fixed_at_start_difference(const Scenario& a, const Scenario& b) {
  if (a.days != b.days || a.seed != b.seed || !(a.start_date == b.start_date)) return "the days, seed or start date";
  if (a.pockets.size() != b.pockets.size()) return "the pockets";
  for (std::size_t p = 0; p < a.pockets.size(); ++p) {
    const PocketDef& x = a.pockets[p];
    const PocketDef& y = b.pockets[p];
    if (x.name != y.name || x.towns.size() != y.towns.size() || x.conflict.has_value() != y.conflict.has_value()) {
      return "pocket " + x.name;
    }
    for (std::size_t t = 0; t < x.towns.size(); ++t) {
      if (x.towns[t].name != y.towns[t].name || x.towns[t].population != y.towns[t].population) {
        return "the towns of " + x.name;
      }
    }
    if (x.conflict && (x.conflict->detainees.on_list != y.conflict->detainees.on_list ||
                       x.conflict->detainees.not_on_list != y.conflict->detainees.not_on_list ||
                       x.conflict->detainees.women_and_children_share != y.conflict->detainees.women_and_children_share ||
                       x.conflict->evacuation.destination != y.conflict->evacuation.destination)) {
      return "the detainees or the evacuation destination of " + x.name;
    }
    // Values read when the world is built (and some again later as targets): a branch cannot
    // change them without leaving the world inconsistent with its scenario.
    const auto& xh = x.households;
    const auto& yh = y.households;
    if (xh.mean_size != yh.mean_size || xh.initial_food_store_days != yh.initial_food_store_days ||
        xh.initial_cash_usd != yh.initial_cash_usd || xh.initial_reserve_share != yh.initial_reserve_share ||
        xh.initial_reserve_spread != yh.initial_reserve_spread ||
        xh.hidden_food_store_days != yh.hidden_food_store_days || xh.wealth_spread != yh.wealth_spread ||
        xh.assets.mean_usd != yh.assets.mean_usd ||
        xh.salaries.share_of_households != yh.salaries.share_of_households ||
        xh.remittances.share_of_households != yh.remittances.share_of_households) {
      return "the households' starting values of " + x.name;
    }
    const auto& xd = x.demography;
    const auto& yd = y.demography;
    if (xd.child_share != yd.child_share || xd.adult_share != yd.adult_share || xd.elderly_share != yd.elderly_share ||
        xd.female_share != yd.female_share || xd.under5_share_of_children != yd.under5_share_of_children) {
      return "the demography of " + x.name;
    }
    if (x.market.initial_stock_days != y.market.initial_stock_days ||
        x.market.initial_cost_multiple != y.market.initial_cost_multiple) {
      return "the market's starting values of " + x.name;
    }
    if (x.conflict) {
      const ConflictDef& xc = *x.conflict;
      const ConflictDef& yc = *y.conflict;
      if (xc.initial_state != yc.initial_state || xc.agreement_at_start.has_value() != yc.agreement_at_start.has_value() ||
          xc.forces.fighter_share_of_adult_men != yc.forces.fighter_share_of_adult_men ||
          xc.forces.captives_held != yc.forces.captives_held || xc.forces.initial_morale != yc.forces.initial_morale ||
          xc.infrastructure.health_care != yc.infrastructure.health_care ||
          xc.infrastructure.bakeries != yc.infrastructure.bakeries || xc.infrastructure.water != yc.infrastructure.water) {
        return "the starting state of the conflict in " + x.name + " (forces, infrastructure, initial state)";
      }
    }
  }
  const auto& xn = a.nutrition;
  const auto& yn = b.nutrition;
  if (xn.reserve_child_days != yn.reserve_child_days || xn.reserve_adult_days != yn.reserve_adult_days ||
      xn.reserve_elderly_days != yn.reserve_elderly_days || xn.under5_reserve_factor != yn.under5_reserve_factor ||
      xn.female_reserve_factor != yn.female_reserve_factor) {
    return "the nutritional reserves";
  }
  const auto& xo = a.opinion;
  const auto& yo = b.opinion;
  if (xo.prior_mean != yo.prior_mean || xo.prior_spread != yo.prior_spread ||
      xo.detained_relative_gain != yo.detained_relative_gain || xo.ties_within_town != yo.ties_within_town ||
      xo.ties_across_towns != yo.ties_across_towns || xo.household_weight != yo.household_weight) {
    return "the residents' leanings or their network (opinion)";
  }
  if (a.mediators.size() != b.mediators.size()) return "the mediators";
  for (std::size_t m = 0; m < a.mediators.size(); ++m) {
    const auto& x = a.mediators[m].attention;
    const auto& y = b.mediators[m].attention;
    if (x.size() != y.size()) return "the pockets of mediator " + a.mediators[m].name;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].pocket != y[i].pocket) return "the pockets of mediator " + a.mediators[m].name;
    }
  }
  return "";
}

void World::adopt_policy(std::shared_ptr<const Scenario> arm) {
  const std::string differs = fixed_at_start_difference(*scenario_, *arm);
  if (!differs.empty()) {
    throw std::invalid_argument("policy '" + arm->policy + "' changes " + differs +
                                ", which is fixed when a run starts; it cannot take effect from a branch day");
  }
  const std::shared_ptr<const Scenario> trunk = std::move(scenario_);
  scenario_ = std::move(arm);
  const Scenario& sc = *scenario_;
  town_layout = siege::town_layout(sc);  // its town pointers must point into the scenario in use
  biology_ = Biology(sc);
  mark_mediator_monitors();
  for (std::uint32_t p = 0; p < pockets.size(); ++p) {
    Front& front = pockets[p].front;
    // The arm's decision takes effect only where it differs from the trunk's: a committee that
    // switched during the shared history (follow_support) keeps its live policy otherwise.
    const auto& declared = sc.pockets[p].conflict;
    if (declared && declared->committee.policy != trunk->pockets[p].conflict->committee.policy) {
      front.policy = declared->committee.policy;
      front.low_support_days = 0;
    }
  }
}

void World::mark_mediator_monitors() {
  for (Pocket& pocket : pockets) pocket.front.mediator_monitors = false;
  for (std::size_t m = 0; m < mediators.size(); ++m) {
    if (!scenario_->mediators[m].monitors) continue;
    for (std::uint32_t p : mediators[m].pocket) pockets[p].front.mediator_monitors = true;
  }
}

World::HouseholdRange World::own_households(std::uint32_t p) const {
  const Pocket& pocket = pockets[p];
  HouseholdRange out{towns[pocket.first_town].first_household, towns[pocket.first_town].first_household};
  for (std::uint32_t t = pocket.first_town; t < pocket.end_town && town_layout[t].arrivals_from_pocket < 0; ++t) {
    out.end = towns[t].end_household;
  }
  return out;
}

std::int64_t World::arrival_slot(std::uint32_t p, std::uint32_t h) const {
  const HouseholdRange own = own_households(p);
  if (arrival_first_household[p] < 0 || h < own.first || h >= own.end) return -1;
  return arrival_first_household[p] + (h - own.first);
}

void World::event(std::uint32_t pocket, EventKind kind, double value, std::string reason, std::int32_t agreement) {
  events_today.push_back({day, pocket, kind, value, agreement, std::move(reason)});
}

void World::die(std::uint32_t person, Cause cause) {
  persons.status[person] = Status::kDead;
  persons.cause[person] = cause;
  const std::uint32_t t = town_of(person);
  PocketToday& today = pockets[towns[t].pocket].today;
  ++today.deaths[cause_index(cause)];
  ++today.deaths_by_age_sex[cause_index(cause)][static_cast<std::size_t>(persons.age_band[person])]
                           [static_cast<std::size_t>(persons.sex[person])];
  if (persons.flags[person] & kUnderFive) ++today.under5_deaths;
  if (persons.flags[person] & kFighter) ++today.fighter_deaths;
  ++towns[t].deaths_today;
  remove_resident(person);
}

std::uint32_t World::household_of(std::uint32_t person) const {
  const auto next = std::upper_bound(households.first_person.begin(), households.first_person.end(), person);
  return static_cast<std::uint32_t>(next - households.first_person.begin() - 1);
}

void World::remove_resident(std::uint32_t person) {
  const std::uint32_t h = household_of(person);
  --households.inside[h][static_cast<std::size_t>(persons.age_band[person])];
  households.members_changed[h] = 1;
  households.settled[h] = 0;
  // An empty household has nobody to go short: its ties do not give to it.
  if (households.inside_count(h) == 0) households.went_short[h] = 0;
  Town& town = towns[households.town[h]];
  Pocket& pocket = pockets[town.pocket];
  --pocket.alive;
  if (persons.flags[person] & kUnderFive) --pocket.under5_alive;
  --town.alive;
  if (persons.flags[person] & kFighter) {
    --households.fighters_inside[h];
    --pocket.front.fighters;
    --town.fighters;
  }
  if (persons.flags[person] & kInjured) --pocket.front.injured;
}

void World::add_resident(std::uint32_t person) {
  const std::uint32_t h = household_of(person);
  ++households.inside[h][static_cast<std::size_t>(persons.age_band[person])];
  households.members_changed[h] = 1;
  households.settled[h] = 0;
  Town& town = towns[households.town[h]];
  Pocket& pocket = pockets[town.pocket];
  ++pocket.alive;
  if (persons.flags[person] & kUnderFive) ++pocket.under5_alive;
  ++town.alive;
  if (persons.flags[person] & kFighter) {
    ++households.fighters_inside[h];
    ++pocket.front.fighters;
    ++town.fighters;
  }
  if (persons.flags[person] & kInjured) {
    ++pocket.front.injured;
    injured.push_back(person);
  }
}

void World::set_state(std::uint32_t p, NegotiationState state, std::string reason) {
  Front& front = pockets[p].front;
  if (front.state == state) return;
  front.state = state;
  front.state_since_day = day;
  event(p, EventKind::kStateChanged, static_cast<double>(state), std::move(reason), front.agreement);
}

void World::begin_day() {
  for (auto& p : pockets) {
    if (day > 0) {
      p.front.food_security = p.today.mean_nutrition;
      p.front.share_malnourished = p.today.share_malnourished;
      p.front.strikes_yesterday = p.today.strikes;
      constexpr double kRecallDays = 30.0;
      p.front.recent_death_rate += (p.today.crude_death_rate() - p.front.recent_death_rate) / kRecallDays;
      p.front.recent_under5_death_rate += (p.today.under5_death_rate() - p.front.recent_under5_death_rate) / kRecallDays;
    }
    p.today = PocketToday{};
  }
  for (auto& t : towns) {
    t.deaths_today = 0;
    t.strikes_today = 0;
  }
  for (auto& a : agreements) {
    for (auto& party : a.complied_today) party.fill(1);
  }
  events_today.clear();
}

std::int64_t World::alive() const {
  std::int64_t total = 0;
  for (const auto& p : pockets) total += p.alive;
  return total;
}

std::int64_t World::initial_population() const {
  std::int64_t total = 0;
  for (const auto& p : pockets) total += p.initial_population;
  return total;
}

}  // namespace siege
