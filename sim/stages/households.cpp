// Households: the market clears, they buy, earn, receive aid, share, forage and eat; each person's
// reserve follows their intake.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <vector>

#include "core/calendar.hpp"

#include "stages/stages.hpp"
#include "world/famine.hpp"
#include "world/market_clearing.hpp"

namespace siege::stages {
namespace {

/// Daily need of a household's living members, split so that children can be fed first.
struct Need {
  double children = 0.0;
  double others = 0.0;
  std::int32_t alive = 0;
  double total() const { return children + others; }
};

/// Today's need: the bands' needs times the season's factor (cold raises it), less what the armed
/// group feeds the household's fighters (`fighter_ration`, person-days per fighter).
Need household_need(const World& world, std::uint32_t h, double need_factor, double fighter_ration) {
  const auto& need_of = world.biology().need_person_days;
  const auto& inside = world.households.inside[h];
  Need need;
  need.children = inside[0] * static_cast<double>(need_of[0]) * need_factor;
  need.others = std::max(
      0.0, (inside[1] * static_cast<double>(need_of[1]) + inside[2] * static_cast<double>(need_of[2])) *
                   need_factor -
               world.households.fighters_inside[h] * fighter_ration);
  need.alive = world.households.inside_count(h);
  return need;
}

/// Cash that reaches household h today from outside its own work: salaries, remittances, fighters' pay.
double outside_income_usd(const Households& hh, std::uint32_t h, const HouseholdDef& def,
                          const PocketDef& pocket) {
  double income = 0.0;
  if (hh.income_sources[h] & kSalary) income += def.salaries.usd_per_day;
  if (hh.income_sources[h] & kRemittances) income += def.remittances.usd_per_day;
  if (pocket.conflict) income += pocket.conflict->forces.pay_usd_per_day * hh.fighters_inside[h];
  return income;
}

/// What a household asks of the market: enough to restock, before its cash is counted.
double wanted_person_days(const Households& hh, std::uint32_t h, const HouseholdDef& def, double need) {
  return std::max(0.0, def.target_food_store_days * need - hh.food_person_days[h]);
}
/// What it buys at `price`: what it wants, as far as its cash goes.
double bought_person_days(double wanted, double cash, double price) {
  return wanted > 0.0 ? std::min(wanted, cash / price) : 0.0;  // most want nothing on most days
}

struct Nourishment {
  std::int64_t alive = 0;
  std::int64_t malnourished = 0;
  std::int64_t under5_gam = 0, under5_sam = 0;
  std::int64_t households = 0, food_gap = 0, large_food_gap = 0, extreme_food_gap = 0;
  double reserve_share = 0.0;
  double food_person_days = 0.0;
  double cash_usd = 0.0;
  double foraged_person_days = 0.0;
  double served_person_days = 0.0;
  double hidden_eaten_person_days = 0.0;

  /// Block into town, town into pocket: one list of the fields, so that a new one is summed everywhere.
  Nourishment& operator+=(const Nourishment& o) {
    alive += o.alive;
    malnourished += o.malnourished;
    under5_gam += o.under5_gam;
    under5_sam += o.under5_sam;
    households += o.households;
    food_gap += o.food_gap;
    large_food_gap += o.large_food_gap;
    extreme_food_gap += o.extreme_food_gap;
    reserve_share += o.reserve_share;
    food_person_days += o.food_person_days;
    cash_usd += o.cash_usd;
    foraged_person_days += o.foraged_person_days;
    served_person_days += o.served_person_days;
    hidden_eaten_person_days += o.hidden_eaten_person_days;
    return *this;
  }
};

/// A block's buying and giving: what it bought, gave its ties, and how short it still is.
struct Provision {
  double bought_person_days = 0.0;
  double shared_person_days = 0.0;
  double shortfall_person_days = 0.0;  ///< the living households' need beyond their stores
  double kitchen_demand_person_days = 0.0;  ///< what kitchens would serve them at most
  double outside_income_usd = 0.0;

  Provision& operator+=(const Provision& o) {
    bought_person_days += o.bought_person_days;
    shared_person_days += o.shared_person_days;
    shortfall_person_days += o.shortfall_person_days;
    kitchen_demand_person_days += o.kitchen_demand_person_days;
    outside_income_usd += o.outside_income_usd;
    return *this;
  }
};

/// A block's demand on the market, and what its households raised by selling what they own.
struct Demand {
  DemandCurve curve;
  double need_person_days = 0.0;
  double assets_sold_usd = 0.0;
};

/// Gifts between households are summed in whole units so that the sum is the same in any order.
constexpr double kGiftUnitsPerPersonDay = 1 << 20;

/// The most the pocket's land gives foragers today (scenario `foraging`).
double forage_capacity(const PocketDef& def, const Front& front, int day_of_year) {
  const ForagingDef& f = def.foraging;
  return f.person_days_per_km2_day * def.area_km2 * front.farmland_held *
         seasonal_factor(f.seasonal_amplitude, f.peak_day_of_year, day_of_year);
}

}  // namespace

void households(World& world) {
  const Scenario& scenario = world.scenario();
  const Biology& biology = world.biology();
  const std::span<const Block> blocks = world.household_blocks;
  Households& hh = world.households;
  Persons& persons = world.persons;
  const int doy = day_of_year(scenario.start_date, static_cast<int>(world.day));
  const double need_factor = biology.need_factor(doy);
  const double adult_need = biology.need_person_days[static_cast<std::size_t>(AgeBand::kAdult)] * need_factor;
  const std::size_t n_pockets = world.pockets.size();

  // Sellers go no lower than what their stock cost them. The armed group takes its fighters'
  // rations from the stock first, up to its claim on it (forces.food_claim_share), unpaid.
  std::vector<double> floor_usd(n_pockets), fighter_ration(n_pockets, 0.0), yesterday_price(n_pockets);
  for (std::size_t p = 0; p < n_pockets; ++p) {
    Pocket& pocket = world.pockets[p];
    const PocketDef& def = scenario.pockets[p];
    floor_usd[p] = pocket.market.cost_multiple * def.market.outside_price_usd_per_person_day;
    yesterday_price[p] = pocket.market.price_multiple * def.market.outside_price_usd_per_person_day;
    const double claim_share = def.conflict ? def.conflict->forces.food_claim_share : 0.0;
    const double fighters_need = static_cast<double>(pocket.front.fighters) * adult_need;
    if (claim_share > 0.0 && fighters_need > 0.0) {
      const double taken = std::min(fighters_need, claim_share * pocket.market.stock_person_days);
      pocket.market.remove(taken);
      pocket.today.fighters_ration_person_days = taken;
      fighter_ration[p] = taken / static_cast<double>(pocket.front.fighters);
    }
  }

  // 1. Households short of food and of cash sell part of what they own; then what they would buy
  // at each price makes the market's demand curve.
  // Each household's need is worked out once here and read by the later steps (and by the ties
  // that give to it); each block also clears its households' gift tallies for step 2.
  const bool anyone_shares = std::any_of(scenario.pockets.begin(), scenario.pockets.end(),
                                         [](const PocketDef& d) { return d.households.kin_share_per_day > 0.0; });
  World::HouseholdsScratch& scratch = world.households_scratch;
  scratch.need_children.resize(hh.size());
  scratch.need_others.resize(hh.size());
  if (anyone_shares) scratch.gift_units.resize(hh.size());
  const auto need_of = [&](std::uint32_t h) {
    return Need{scratch.need_children[h], scratch.need_others[h], hh.inside_count(h)};
  };
  std::vector<Demand> block_demand(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const AssetsDef& assets = def.assets;
    const double ration = fighter_ration[block.pocket], price_seen = yesterday_price[block.pocket];
    Demand demand;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const Need today = household_need(world, h, need_factor, ration);
      scratch.need_children[h] = today.children;
      scratch.need_others[h] = today.others;
      if (anyone_shares) scratch.gift_units[h] = 0;
      const double need = today.total();
      const double wanted = wanted_person_days(hh, h, def, need);
      // A distress sale: what is sold fetches a fraction of its worth (buyers are few and know it).
      if (hh.went_short[h] && hh.assets_usd[h] > 0.0f && hh.cash_usd[h] < wanted * price_seen) {
        const double sold = assets.sale_share_per_day * hh.assets_usd[h];
        const double raised = assets.value_share * sold;
        hh.assets_usd[h] = static_cast<float>(hh.assets_usd[h] - sold);
        hh.cash_usd[h] = static_cast<float>(hh.cash_usd[h] + raised);
        demand.assets_sold_usd += raised;
      }
      demand.curve.add(wanted, hh.cash_usd[h], floor_usd[block.pocket]);
      demand.need_person_days += need;
    }
    block_demand[i] = demand;
  });
  std::vector<DemandCurve> pocket_curve(n_pockets);
  std::vector<double> pocket_need(n_pockets, 0.0);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    pocket_curve[blocks[i].pocket].add(block_demand[i].curve);
    pocket_need[blocks[i].pocket] += block_demand[i].need_person_days;
    world.pockets[blocks[i].pocket].today.assets_sold_usd += block_demand[i].assets_sold_usd;
  }
  std::vector<double> price(n_pockets), aid_per_need(n_pockets, 0.0), earnings_per_person(n_pockets, 0.0);
  std::vector<std::uint8_t> selling(n_pockets);  // an empty market has a price (the keenest buyer's) but sells nothing
  for (std::size_t p = 0; p < n_pockets; ++p) {
    Pocket& pocket = world.pockets[p];
    const PocketDef& def = scenario.pockets[p];
    price[p] = pocket_curve[p].clearing_price(pocket.market.stock_person_days, floor_usd[p]);
    pocket.market.asked_at_cost_person_days = pocket_curve[p].asked_at_floor(floor_usd[p]);
    selling[p] = pocket.market.stock_person_days > 0.0;
    pocket.market.price_multiple = price[p] / def.market.outside_price_usd_per_person_day;
    earnings_per_person[p] =
        pocket.alive > 0 ? pocket.earnings_to_distribute_usd / static_cast<double>(pocket.alive) : 0.0;
    pocket.need_person_days = pocket_need[p];
    if (def.aid.distribution == AidDistribution::kHouseholds && pocket.need_person_days > 0.0) {
      aid_per_need[p] = pocket.aid_to_distribute_person_days / pocket.need_person_days;
      pocket.today.aid_person_days = pocket.aid_to_distribute_person_days;
      pocket.aid_to_distribute_person_days = 0.0;
    }
  }

  // 2. Buy at the clearing price, earn, take the aid handed out, give to ties who went short.
  // Gifts land in the receivers' tallies, read in step 3 (yesterday's went_short decides who gets).
  // Where nobody went short yesterday nobody looks for a tie to give to.
  std::vector<std::uint8_t> anyone_short(n_pockets, 0);
  if (anyone_shares) {
    for (const Town& town : world.towns) {
      std::uint8_t& short_here = anyone_short[town.pocket];
      if (short_here) continue;
      short_here =
          std::any_of(hh.went_short.begin() + town.first_household,
                      hh.went_short.begin() + town.end_household, [](std::uint8_t s) { return s != 0; });
    }
  }
  std::vector<Provision> block_provision(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    const PocketDef& pocket_def = scenario.pockets[block.pocket];
    const HouseholdDef& def = pocket_def.households;
    const double meal = pocket_def.aid.kitchen_meal_share;
    const double at = price[block.pocket];
    const bool may_give = def.kin_share_per_day > 0.0 && anyone_short[block.pocket];
    Provision sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const Need need = need_of(h);
      const double cash = hh.cash_usd[h];
      const double bought =
          selling[block.pocket] ? bought_person_days(wanted_person_days(hh, h, def, need.total()), cash, at) : 0.0;
      const double outside = need.alive > 0 ? outside_income_usd(hh, h, def, pocket_def) : 0.0;
      const double income =
          (def.income_usd_per_person_day + earnings_per_person[block.pocket]) * need.alive + outside;
      sum.outside_income_usd += outside;
      hh.cash_usd[h] = static_cast<float>(std::max(0.0, cash - bought * at + income));
      double store = hh.food_person_days[h] + bought + aid_per_need[block.pocket] * need.total();
      sum.bought_person_days += bought;
      if (need.alive == 0) {
        hh.food_person_days[h] = static_cast<float>(store);
        continue;
      }
      const double surplus = store - def.kin_keeps_days * need.total();
      if (may_give && surplus > 0.0) {
        const auto& network = world.network;
        std::uint32_t short_ties = 0;
        for (std::uint32_t k = network.first_tie[h]; k < network.first_tie[h + 1]; ++k) {
          const std::uint32_t tie = network.tied[k];
          short_ties += hh.went_short[tie];  // never set for a household with nobody inside
        }
        if (short_ties > 0) {
          const double each = def.kin_share_per_day * surplus / short_ties;
          std::int64_t given = 0;
          for (std::uint32_t k = network.first_tie[h]; k < network.first_tie[h + 1]; ++k) {
            const std::uint32_t tie = network.tied[k];
            if (!hh.went_short[tie]) continue;
            const double gift = std::min(each, scratch.need_children[tie] + scratch.need_others[tie]);
            const auto units = static_cast<std::int64_t>(gift * kGiftUnitsPerPersonDay);
            std::atomic_ref<std::int64_t>(scratch.gift_units[tie]).fetch_add(units, std::memory_order_relaxed);
            given += units;
          }
          const double given_person_days = static_cast<double>(given) / kGiftUnitsPerPersonDay;
          store = std::max(0.0, store - given_person_days);
          sum.shared_person_days += given_person_days;
        }
      }
      hh.food_person_days[h] = static_cast<float>(store);
      const double shortfall = std::max(0.0, need.total() - store);
      sum.shortfall_person_days += shortfall;
      sum.kitchen_demand_person_days += std::min(shortfall, meal * need.total());
    }
    block_provision[i] = sum;
  });

  // What foraging yields and what kitchens can serve, per unit of the morning's shortfall.
  std::vector<Provision> pocket_provision(n_pockets);
  for (std::size_t i = 0; i < blocks.size(); ++i) pocket_provision[blocks[i].pocket] += block_provision[i];
  std::vector<double> forage_per_shortfall(n_pockets, 0.0), kitchen_fill(n_pockets, 0.0);
  for (std::size_t p = 0; p < n_pockets; ++p) {
    Pocket& pocket = world.pockets[p];
    const PocketDef& def = scenario.pockets[p];
    const Provision& provision = pocket_provision[p];
    // Money paid for food grown inside stays inside: it is tomorrow's earnings of the pocket's
    // households. Money paid for checkpoint goods leaves.
    const double local_sold = pocket.market.remove(std::min(provision.bought_person_days, pocket.market.stock_person_days));
    pocket.earnings_to_distribute_usd = local_sold * price[p];
    pocket.today.sold_person_days = provision.bought_person_days;
    pocket.today.shared_person_days = provision.shared_person_days;
    pocket.today.outside_income_usd = provision.outside_income_usd;
    // The more people forage, the less each finds: the yield saturates at what the land gives.
    const double capacity = forage_capacity(def, pocket.front, doy);
    const double shortfall = provision.shortfall_person_days;
    if (capacity > 0.0 && shortfall > 0.0) {
      forage_per_shortfall[p] = capacity * -std::expm1(-shortfall / capacity) / shortfall;
    }
    // Each household is served at most its share of this bound, so kitchens never serve more than they hold.
    if (def.aid.distribution == AidDistribution::kKitchens && provision.kitchen_demand_person_days > 0.0) {
      kitchen_fill[p] = std::min(1.0, pocket.aid_to_distribute_person_days / provision.kitchen_demand_person_days);
    }
  }

  // 3. Receive gifts, forage, be served, eat.
  std::vector<Nourishment> block_nourishment(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    // Copies that the stores into persons' columns cannot alias, so they stay in registers.
    const Biology body = biology;
    const float day_need = static_cast<float>(need_factor);
    const float gam_below = body.child_gam_below, sam_below = body.child_sam_below;
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const double meal = scenario.pockets[block.pocket].aid.kitchen_meal_share;
    const double forage_share = forage_per_shortfall[block.pocket], fill = kitchen_fill[block.pocket];
    const double ration = fighter_ration[block.pocket];
    // Share of a fighter's need that the armed group's ration covers.
    const auto fighter_fed = static_cast<float>(std::min(1.0, ration / adult_need));
    Nourishment sum;
    // Only bodies that change can be malnourished: a healthy one fed in full (skipped below) is not.
    std::uint32_t malnourished = 0, under5_gam = 0, under5_sam = 0;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const Need need = need_of(h);
      double store = hh.food_person_days[h];
      if (anyone_shares) {
        const std::int64_t received = std::atomic_ref<std::int64_t>(scratch.gift_units[h]).load(std::memory_order_relaxed);
        if (received != 0) store += static_cast<double>(received) / kGiftUnitsPerPersonDay;  // most receive none
      }
      if (need.alive > 0 && store < need.total()) {
        const double shortfall = need.total() - store;
        const double foraged = forage_share * shortfall;
        const double served = fill * std::min(shortfall - foraged, meal * need.total());
        // What it had hidden the household eats last, when nothing else covers the day.
        const double hidden =
            std::min(static_cast<double>(hh.hidden_food_person_days[h]), shortfall - foraged - served);
        hh.hidden_food_person_days[h] = static_cast<float>(hh.hidden_food_person_days[h] - hidden);
        store += foraged + served + hidden;
        sum.foraged_person_days += foraged;
        sum.served_person_days += served;
        sum.hidden_eaten_person_days += hidden;
      }
      const double eaten = std::min(store, need.total());
      store -= eaten;
      hh.food_person_days[h] = static_cast<float>(store);
      hh.went_short[h] = eaten < need.total();
      if (need.alive > 0) {
        // What the dead leave behind is not counted among the living's food and cash.
        sum.food_person_days += store + hh.hidden_food_person_days[h];
        sum.cash_usd += hh.cash_usd[h];
        const int phase = eaten >= need.total() ? ipc::kMinimal : ipc::household_phase(eaten / need.total());
        ++sum.households;
        sum.food_gap += phase >= ipc::kCrisis;
        sum.large_food_gap += phase >= ipc::kEmergency;
        sum.extreme_food_gap += phase >= ipc::kFamine;
      }

      // Share of need each member eats today. A household that covers its whole need feeds
      // everyone fully; the split below would otherwise leave rounding crumbs short of a ration.
      double child_share = 1.0, other_share = 1.0;
      if (eaten >= need.total()) {
        // everyone eats a full ration
      } else if (def.children_first) {
        const double to_children = std::min(eaten, need.children);
        if (need.children > 0.0) child_share = to_children / need.children;
        if (need.others > 0.0) other_share = (eaten - to_children) / need.others;
      } else {
        child_share = other_share = eaten / need.total();
      }

      sum.alive += need.alive;
      if (eaten >= need.total() && hh.settled[h]) {
        // Healthy, unadapted and fed in full: nobody's body changes (reserve_share_sum stays).
        sum.reserve_share += hh.reserve_share_sum[h];
        continue;
      }
      // Each member's body balances today's intake against its (adapting) expenditure.
      const std::array<float, kAgeBands> intake = {static_cast<float>(child_share), static_cast<float>(other_share),
                                                   static_cast<float>(other_share)};
      const std::array<float, kAgeBands> target = {body.adaptation_target(intake[0]),
                                                   body.adaptation_target(intake[1]), body.adaptation_target(intake[2])};
      // A fighter eats the group's ration, and his household's share of the rest of his need.
      const float fighter_intake = std::min(1.0f, fighter_fed + (1.0f - fighter_fed) * intake[1]);
      const float fighter_target = body.adaptation_target(fighter_intake);
      float reserve_share_sum = 0.0f;
      bool settled = true;
      for (std::uint32_t p = hh.first_person[h]; p < hh.first_person[h + 1]; ++p) {
        if (persons.status[p] != Status::kInside) continue;
        const AgeBand band = persons.age_band[p];
        const auto b = static_cast<std::size_t>(band);
        const bool fighter = (persons.flags[p] & kFighter) != 0 && fighter_fed > 0.0f;
        const float eats = fighter ? fighter_intake : intake[b];
        float share = persons.reserve_share[p];
        if (eats >= 1.0f && share >= 1.0f) {
          // Healthy (so unadapted: see Biology::eat) and fed in full: nothing changes.
          reserve_share_sum += share;
          continue;
        }
        float adaptation = persons.adaptation[p];
        const std::uint8_t flags = persons.flags[p];
        body.eat(eats, fighter ? fighter_target : target[b], day_need,
                 body.per_reserve_day_of(band, persons.sex[p], flags), share, adaptation);
        persons.reserve_share[p] = share;
        persons.adaptation[p] = adaptation;
        reserve_share_sum += share;
        settled &= share >= 1.0f;
        const auto under5 = static_cast<std::uint32_t>((flags & kUnderFive) != 0);
        malnourished += static_cast<std::uint32_t>(body.malnourished(band, share));
        under5_gam += under5 & static_cast<std::uint32_t>(share < gam_below);
        under5_sam += under5 & static_cast<std::uint32_t>(share < sam_below);
      }
      hh.reserve_share_sum[h] = reserve_share_sum;
      hh.settled[h] = settled;
      sum.reserve_share += reserve_share_sum;
    }
    sum.malnourished = malnourished;
    sum.under5_gam = under5_gam;
    sum.under5_sam = under5_sam;
    block_nourishment[i] = sum;
  });

  std::vector<Nourishment> town_sum(world.towns.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) town_sum[blocks[i].town] += block_nourishment[i];
  std::vector<Nourishment> pocket_sum(n_pockets);
  for (std::size_t t = 0; t < world.towns.size(); ++t) {
    Town& town = world.towns[t];
    const Nourishment& s = town_sum[t];
    town.mean_nutrition = s.alive ? s.reserve_share / static_cast<double>(s.alive) : 0.0;
    town.share_malnourished = s.alive ? static_cast<double>(s.malnourished) / static_cast<double>(s.alive) : 0.0;
    pocket_sum[town.pocket] += s;
  }
  for (std::size_t p = 0; p < n_pockets; ++p) {
    PocketToday& today = world.pockets[p].today;
    const Nourishment& s = pocket_sum[p];
    today.mean_nutrition = s.alive ? s.reserve_share / static_cast<double>(s.alive) : 0.0;
    today.share_malnourished = s.alive ? static_cast<double>(s.malnourished) / static_cast<double>(s.alive) : 0.0;
    today.household_food_person_days = s.food_person_days;
    today.household_cash_usd = s.cash_usd;
    today.fed = s.alive;
    today.under5_fed = world.pockets[p].under5_alive;
    today.under5_gam = s.under5_gam;
    today.under5_sam = s.under5_sam;
    today.households_fed = s.households;
    today.households_food_gap = s.food_gap;
    today.households_large_food_gap = s.large_food_gap;
    today.households_extreme_food_gap = s.extreme_food_gap;
    today.foraged_person_days = s.foraged_person_days;
    today.hidden_eaten_person_days = s.hidden_eaten_person_days;
    if (scenario.pockets[p].aid.distribution == AidDistribution::kKitchens) {
      Pocket& pocket = world.pockets[p];
      today.aid_person_days = s.served_person_days;
      pocket.aid_to_distribute_person_days = std::max(0.0, pocket.aid_to_distribute_person_days - s.served_person_days);
    }
  }
}

}  // namespace siege::stages
