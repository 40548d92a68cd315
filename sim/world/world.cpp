#include "world/world.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace siege {

std::string_view cause_name(Cause cause) {
  switch (cause) {
    case Cause::kMalnutrition: return "malnutrition";
    case Cause::kOther: return "other";
    case Cause::kNone: break;
  }
  return "none";
}

std::span<const EventKindInfo> event_kinds() {
  static constexpr std::array<EventKindInfo, 7> kKinds = {{
      {EventKind::kAidRequested, "aid_requested", "trucks asked for"},
      {EventKind::kAidApproved, "aid_approved", "trucks approved"},
      {EventKind::kAidRefused, "aid_refused", "trucks refused"},
      {EventKind::kAidArrived, "aid_arrived", "trucks unloaded"},
      {EventKind::kAidLooted, "aid_looted", "trucks looted or turned back"},
      {EventKind::kCheckpointClosed, "checkpoint_closed", "0"},
      {EventKind::kCheckpointOpened, "checkpoint_opened", "0"},
  }};
  return kKinds;
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
  pocket.resize(n);
  town.resize(n);
  household.resize(n);
  age_band.resize(n);
  sex.resize(n);
  reserve_days.resize(n);
  status.resize(n, Status::kInside);
  cause.resize(n, Cause::kNone);
}

void Households::resize(std::size_t n) {
  first_person.resize(n + 1);
  town.resize(n);
  food_person_days.resize(n);
  cash_usd.resize(n);
  demand_person_days.resize(n);
}

Biology::Biology(const Scenario& scenario) {
  const auto& n = scenario.nutrition;
  const auto& m = scenario.mortality;
  need_person_days = {static_cast<float>(n.child_need_share), 1.0f, static_cast<float>(n.elderly_need_share)};
  reserve_max_days = {static_cast<float>(n.reserve_child_days), static_cast<float>(n.reserve_adult_days),
                      static_cast<float>(n.reserve_elderly_days)};
  constexpr double kDaysPerYear = 365.25;
  baseline_hazard_per_day = {m.baseline_child_per_1000_year / 1000.0 / kDaysPerYear,
                             m.baseline_adult_per_1000_year / 1000.0 / kDaysPerYear,
                             m.baseline_elderly_per_1000_year / 1000.0 / kDaysPerYear};
  const double starvation = m.starvation_per_1000_day / 1000.0;
  starvation_hazard_per_day = {starvation * m.child_hunger_multiplier, starvation,
                               starvation * m.elderly_hunger_multiplier};
  hunger_shape = m.hunger_hazard_shape;
  malnourished_below_share = static_cast<float>(n.malnourished_below_share);
  recovery_days_per_day = static_cast<float>(n.recovery_days_per_day);
  for (std::size_t b = 0; b < kAgeBands; ++b) {
    const double most = baseline_hazard_per_day[b] + starvation_hazard_per_day[b];
    death_probability_bound = std::max(death_probability_bound, -std::expm1(-most));
  }
}

std::array<double, 2> Biology::hazards(AgeBand band, float reserve_days) const {
  const auto b = static_cast<std::size_t>(band);
  const float share = reserve_days / reserve_max_days[b];
  double hunger = 0.0;
  if (share < malnourished_below_share) {
    const double deficit = (malnourished_below_share - share) / malnourished_below_share;
    hunger = starvation_hazard_per_day[b] * std::pow(deficit, hunger_shape);
  }
  return {baseline_hazard_per_day[b], hunger};
}

namespace {

/// The residents of one town before they are placed in the world's arrays.
struct TownPeople {
  std::vector<std::uint32_t> household_size;
  std::vector<float> household_cash;
  std::vector<AgeBand> age_band;
  std::vector<Sex> sex;
  std::vector<float> reserve_days;
};

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

TownPeople make_town(const rng::RunKey& key, std::uint64_t town_index, const TownDef& town,
                     const PocketDef& pocket, const Biology& biology) {
  TownPeople out;
  const auto& h = pocket.households;
  rng::Draws household_draws(key, rng::Stream::kInitHouseholds, town_index, 0);
  rng::Draws person_draws(key, rng::Stream::kInitPersons, town_index, 0);
  std::int64_t remaining = town.population;
  while (remaining > 0) {
    const auto drawn = static_cast<std::int64_t>(1 + household_draws.poisson(h.mean_size - 1.0));
    const std::int64_t size = std::min({remaining, drawn, std::int64_t{1000}});
    out.household_size.push_back(static_cast<std::uint32_t>(size));
    out.household_cash.push_back(
        h.initial_cash_usd > 0 ? static_cast<float>(household_draws.exponential(h.initial_cash_usd)) : 0.0f);
    for (std::int64_t m = 0; m < size; ++m) {
      const AgeBand band = draw_band(person_draws, m == 0, pocket.demography, h.mean_size);
      out.age_band.push_back(band);
      out.sex.push_back(person_draws.bernoulli(pocket.demography.female_share) ? Sex::kFemale : Sex::kMale);
      const float full = biology.reserve_max_days[static_cast<std::size_t>(band)];
      const double jitter = 1.0 + h.initial_reserve_spread * (2.0 * person_draws.uniform() - 1.0);
      out.reserve_days.push_back(
          static_cast<float>(std::clamp(h.initial_reserve_share * jitter * full, 0.0, static_cast<double>(full))));
    }
    remaining -= size;
  }
  return out;
}

}  // namespace

World::World(std::shared_ptr<const Scenario> scenario, rng::RunKey key)
    : scenario_(std::move(scenario)), key_(key), biology_(*scenario_) {
  const Scenario& sc = *scenario_;
  struct TownRef {
    std::uint32_t pocket;
    const TownDef* town;
  };
  std::vector<TownRef> refs;
  for (std::uint32_t p = 0; p < sc.pockets.size(); ++p) {
    for (const auto& t : sc.pockets[p].towns) refs.push_back({p, &t});
  }
  std::vector<TownPeople> people(refs.size());
  tbb::parallel_for(std::size_t{0}, refs.size(), [&](std::size_t t) {
    people[t] = make_town(key_, t, *refs[t].town, sc.pockets[refs[t].pocket], biology_);
  });

  std::size_t n_persons = 0, n_households = 0;
  for (const auto& tp : people) {
    n_persons += tp.age_band.size();
    n_households += tp.household_size.size();
  }
  persons.resize(n_persons);
  households.resize(n_households);
  towns.resize(refs.size());
  pockets.resize(sc.pockets.size());

  std::uint32_t person = 0, household = 0;
  for (std::uint32_t t = 0; t < refs.size(); ++t) {
    const std::uint32_t p = refs[t].pocket;
    const PocketDef& def = sc.pockets[p];
    const TownPeople& tp = people[t];
    Town& town = towns[t];
    town.pocket = p;
    town.first_household = household;
    town.first_person = person;
    std::size_t member = 0;
    for (std::size_t h = 0; h < tp.household_size.size(); ++h, ++household) {
      households.first_person[household] = person;
      households.town[household] = static_cast<std::uint16_t>(t);
      households.cash_usd[household] = tp.household_cash[h];
      float need = 0.0f;
      for (std::uint32_t m = 0; m < tp.household_size[h]; ++m, ++member, ++person) {
        persons.pocket[person] = static_cast<std::uint16_t>(p);
        persons.town[person] = static_cast<std::uint16_t>(t);
        persons.household[person] = household;
        persons.age_band[person] = tp.age_band[member];
        persons.sex[person] = tp.sex[member];
        persons.reserve_days[person] = tp.reserve_days[member];
        need += biology_.need_person_days[static_cast<std::size_t>(tp.age_band[member])];
      }
      households.food_person_days[household] = static_cast<float>(def.households.initial_food_store_days) * need;
      pockets[p].need_person_days += need;
    }
    town.end_household = household;
    town.end_person = person;
    town.alive = town.end_person - town.first_person;
    append_blocks(household_blocks, town.first_household, town.end_household, kHouseholdBlock, t, p);
    append_blocks(person_blocks, town.first_person, town.end_person, kPersonBlock, t, p);
  }
  households.first_person[n_households] = person;

  std::uint32_t town_index = 0;
  for (std::uint32_t p = 0; p < pockets.size(); ++p) {
    Pocket& pocket = pockets[p];
    const PocketDef& def = sc.pockets[p];
    pocket.first_town = town_index;
    town_index += static_cast<std::uint32_t>(def.towns.size());
    pocket.end_town = town_index;
    pocket.first_person = pocket.first_town < towns.size() ? towns[pocket.first_town].first_person : 0;
    pocket.end_person = pocket.end_town > 0 ? towns[pocket.end_town - 1].end_person : 0;
    pocket.initial_population = pocket.end_person - pocket.first_person;
    pocket.alive = pocket.initial_population;
    pocket.market.stock_person_days = def.market.initial_stock_days * pocket.need_person_days;
    pocket.market.cost_multiple = def.market.initial_cost_multiple;
  }
}

void World::begin_day() {
  for (auto& p : pockets) p.today = PocketToday{};
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
