// Households: earn, buy, receive aid, share and eat; each person's reserve follows their intake.
#include <algorithm>
#include <array>
#include <vector>

#include "core/calendar.hpp"

#include "stages/stages.hpp"
#include "world/famine.hpp"

namespace siege::stages {
namespace {

/// Daily need of a household's living members, split so that children can be fed first.
struct Need {
  double children = 0.0;
  double others = 0.0;
  std::int32_t alive = 0;
  double total() const { return children + others; }
};

/// Today's need: the bands' needs times the season's factor (cold raises it).
Need household_need(const World& world, std::uint32_t h, double need_factor) {
  const auto& need_of = world.biology().need_person_days;
  const auto& inside = world.households.inside[h];
  Need need;
  need.children = inside[0] * static_cast<double>(need_of[0]) * need_factor;
  need.others = (inside[1] * static_cast<double>(need_of[1]) + inside[2] * static_cast<double>(need_of[2])) * need_factor;
  need.alive = world.households.inside_count(h);
  return need;
}

/// What a household asks of the market: enough to restock, as far as its cash goes. Asked twice a
/// day (to clear the market, then to buy), from the same store and purse.
float demand_person_days(const Households& hh, std::uint32_t h, const HouseholdDef& def, double need, double price) {
  const double wanted = std::max(0.0, def.target_food_store_days * need - hh.food_person_days[h]);
  const double affordable = price > 0.0 ? hh.cash_usd[h] / price : wanted;
  return static_cast<float>(std::min(wanted, affordable));
}

struct MarketDemand {
  double demand_person_days = 0.0;
  double need_person_days = 0.0;
};

struct Nourishment {
  std::int64_t alive = 0;
  std::int64_t malnourished = 0;
  std::int64_t under5_gam = 0, under5_sam = 0;
  std::int64_t households = 0, food_gap = 0, large_food_gap = 0, extreme_food_gap = 0;
  double reserve_share = 0.0;
  double food_person_days = 0.0;
  double cash_usd = 0.0;
};

double price_usd(const World& world, std::uint32_t pocket) {
  return world.pockets[pocket].market.price_multiple *
         world.scenario().pockets[pocket].market.outside_price_usd_per_person_day;
}

}  // namespace

void households(World& world) {
  const Scenario& scenario = world.scenario();
  const Biology& biology = world.biology();
  const std::span<const Block> blocks = world.household_blocks;
  Households& hh = world.households;
  Persons& persons = world.persons;
  const double need_factor = biology.need_factor(day_of_year(scenario.start_date, static_cast<int>(world.day)));

  std::vector<MarketDemand> block_demand(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const double price = price_usd(world, block.pocket);
    MarketDemand sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const double need = household_need(world, h, need_factor).total();
      sum.demand_person_days += demand_person_days(hh, h, def, need, price);
      sum.need_person_days += need;
    }
    block_demand[i] = sum;
  });

  // When demand exceeds stock every buyer gets the same share of what they asked for; aid is
  // handed out in proportion to need.
  const std::size_t n_pockets = world.pockets.size();
  std::vector<MarketDemand> pocket_demand(n_pockets);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    pocket_demand[blocks[i].pocket].demand_person_days += block_demand[i].demand_person_days;
    pocket_demand[blocks[i].pocket].need_person_days += block_demand[i].need_person_days;
  }
  std::vector<double> fill(n_pockets, 1.0), aid_per_need(n_pockets, 0.0), earnings_per_person(n_pockets, 0.0);
  for (std::size_t p = 0; p < n_pockets; ++p) {
    Pocket& pocket = world.pockets[p];
    const double demand = pocket_demand[p].demand_person_days;
    if (demand > pocket.market.stock_person_days) fill[p] = pocket.market.stock_person_days / demand;
    const double sold = std::min(demand, pocket.market.stock_person_days);
    const double price = price_usd(world, static_cast<std::uint32_t>(p));
    // Money paid for food grown inside stays inside: it is tomorrow's earnings of the pocket's
    // households. Money paid for checkpoint goods leaves.
    const double local_sold = pocket.market.remove(sold);
    earnings_per_person[p] =
        pocket.alive > 0 ? pocket.earnings_to_distribute_usd / static_cast<double>(pocket.alive) : 0.0;
    pocket.earnings_to_distribute_usd = local_sold * price;
    pocket.today.sold_person_days = sold;
    pocket.need_person_days = pocket_demand[p].need_person_days;
    if (pocket.need_person_days > 0.0) {
      aid_per_need[p] = pocket.aid_to_distribute_person_days / pocket.need_person_days;
      pocket.today.aid_person_days = pocket.aid_to_distribute_person_days;
      pocket.aid_to_distribute_person_days = 0.0;
    }
  }

  std::vector<Nourishment> block_nourishment(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    // Copies that the stores into persons' columns cannot alias, so they stay in registers.
    const Biology body = biology;
    const float day_need = static_cast<float>(need_factor);
    const float gam_below = body.child_gam_below, sam_below = body.child_sam_below;
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const double price = price_usd(world, block.pocket);
    Nourishment sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const Need need = household_need(world, h, need_factor);
      const double bought = demand_person_days(hh, h, def, need.total(), price) * fill[block.pocket];
      const double income = (def.income_usd_per_person_day + earnings_per_person[block.pocket]) * need.alive;
      const double cash = std::max(0.0, hh.cash_usd[h] - bought * price + income);
      hh.cash_usd[h] = static_cast<float>(cash);
      double store = hh.food_person_days[h] + bought + aid_per_need[block.pocket] * need.total();
      const double eaten = std::min(store, need.total());
      store -= eaten;
      hh.food_person_days[h] = static_cast<float>(store);
      if (need.alive > 0) {
        // What the dead leave behind is not counted among the living's food and cash.
        sum.food_person_days += store;
        sum.cash_usd += cash;
        const int phase = ipc::household_phase(need.total() > 0.0 ? eaten / need.total() : 1.0);
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
      float reserve_share_sum = 0.0f;
      bool settled = true;
      for (std::uint32_t p = hh.first_person[h]; p < hh.first_person[h + 1]; ++p) {
        if (persons.status[p] != Status::kInside) continue;
        const AgeBand band = persons.age_band[p];
        const auto b = static_cast<std::size_t>(band);
        float share = persons.reserve_share[p];
        if (intake[b] >= 1.0f && share >= 1.0f) {
          // Healthy (so unadapted: see Biology::eat) and fed in full: nothing changes.
          reserve_share_sum += share;
          continue;
        }
        float adaptation = persons.adaptation[p];
        body.eat(intake[b], target[b], day_need, body.per_reserve_day_of(band, persons.sex[p], persons.flags[p]), share,
                 adaptation);
        persons.reserve_share[p] = share;
        persons.adaptation[p] = adaptation;
        reserve_share_sum += share;
        settled &= share >= 1.0f;
      }
      hh.reserve_share_sum[h] = reserve_share_sum;
      hh.settled[h] = settled;
      sum.reserve_share += reserve_share_sum;
    }
    // The malnutrition classes in a pass of their own over the block's residents: without
    // branches it costs less than inside the meal's loop.
    std::uint32_t malnourished = 0, under5_gam = 0, under5_sam = 0;
    for (std::uint32_t p = hh.first_person[block.begin]; p < hh.first_person[block.end]; ++p) {
      const std::uint32_t inside = persons.status[p] == Status::kInside;
      const float share = persons.reserve_share[p];
      const std::uint32_t under5 = inside & static_cast<std::uint32_t>((persons.flags[p] & kUnderFive) != 0);
      malnourished += inside & static_cast<std::uint32_t>(body.malnourished(persons.age_band[p], share));
      under5_gam += under5 & static_cast<std::uint32_t>(share < gam_below);
      under5_sam += under5 & static_cast<std::uint32_t>(share < sam_below);
    }
    sum.malnourished = malnourished;
    sum.under5_gam = under5_gam;
    sum.under5_sam = under5_sam;
    block_nourishment[i] = sum;
  });

  std::vector<Nourishment> town_sum(world.towns.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    Nourishment& t = town_sum[blocks[i].town];
    t.alive += block_nourishment[i].alive;
    t.malnourished += block_nourishment[i].malnourished;
    t.under5_gam += block_nourishment[i].under5_gam;
    t.under5_sam += block_nourishment[i].under5_sam;
    t.households += block_nourishment[i].households;
    t.food_gap += block_nourishment[i].food_gap;
    t.large_food_gap += block_nourishment[i].large_food_gap;
    t.extreme_food_gap += block_nourishment[i].extreme_food_gap;
    t.reserve_share += block_nourishment[i].reserve_share;
    t.food_person_days += block_nourishment[i].food_person_days;
    t.cash_usd += block_nourishment[i].cash_usd;
  }
  std::vector<Nourishment> pocket_sum(n_pockets);
  for (std::size_t t = 0; t < world.towns.size(); ++t) {
    Town& town = world.towns[t];
    const Nourishment& s = town_sum[t];
    town.mean_nutrition = s.alive ? s.reserve_share / static_cast<double>(s.alive) : 0.0;
    town.share_malnourished = s.alive ? static_cast<double>(s.malnourished) / static_cast<double>(s.alive) : 0.0;
    Nourishment& p = pocket_sum[town.pocket];
    p.alive += s.alive;
    p.malnourished += s.malnourished;
    p.under5_gam += s.under5_gam;
    p.under5_sam += s.under5_sam;
    p.households += s.households;
    p.food_gap += s.food_gap;
    p.large_food_gap += s.large_food_gap;
    p.extreme_food_gap += s.extreme_food_gap;
    p.reserve_share += s.reserve_share;
    p.food_person_days += s.food_person_days;
    p.cash_usd += s.cash_usd;
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
  }
}

}  // namespace siege::stages
