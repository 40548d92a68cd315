// Households: earn, buy, receive aid, share and eat; each person's reserve follows their intake.
#include <algorithm>
#include <array>
#include <vector>

#include "stages/stages.hpp"

namespace siege::stages {
namespace {

/// Daily need of a household's living members, split so that children can be fed first.
struct Need {
  double children = 0.0;
  double others = 0.0;
  std::int32_t alive = 0;
  double total() const { return children + others; }
};

Need household_need(const World& world, std::uint32_t h) {
  const auto& need_of = world.biology().need_person_days;
  const auto& inside = world.households.inside[h];
  // Whole multiples of single-precision needs: exact in double, whatever the members' order.
  Need need;
  need.children = inside[0] * static_cast<double>(need_of[0]);
  need.others = inside[1] * static_cast<double>(need_of[1]) + inside[2] * static_cast<double>(need_of[2]);
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
  const auto& per_reserve_day = biology.reserve_share_per_day;

  std::vector<MarketDemand> block_demand(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t i, const Block& block) {
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const double price = price_usd(world, block.pocket);
    MarketDemand sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const double need = household_need(world, h).total();
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
    const HouseholdDef& def = scenario.pockets[block.pocket].households;
    const double price = price_usd(world, block.pocket);
    Nourishment sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const Need need = household_need(world, h);
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

      // A full ration rebuilds the reserve slowly; every missing share of a ration draws on it.
      // Per age band: the share of a ration missed today, or kFed.
      constexpr float kFed = -1.0f;
      const auto missed = [](double intake) { return intake >= 1.0 ? kFed : static_cast<float>(1.0 - intake); };
      const std::array<float, kAgeBands> missed_ration = {missed(child_share), missed(other_share), missed(other_share)};
      float reserve_share_sum = 0.0f;
      for (std::uint32_t p = hh.first_person[h]; p < hh.first_person[h + 1]; ++p) {
        if (persons.status[p] != Status::kInside) continue;
        const auto band = static_cast<std::size_t>(persons.age_band[p]);
        const float full = biology.reserve_max_days[band];
        const float reserve = missed_ration[band] == kFed
                                  ? std::min(full, persons.reserve_days[p] + biology.recovery_days_per_day)
                                  : std::max(0.0f, persons.reserve_days[p] - missed_ration[band]);
        persons.reserve_days[p] = reserve;
        const float share = reserve * per_reserve_day[band];
        reserve_share_sum += share;
        sum.malnourished += share < biology.malnourished_below_share;
      }
      hh.reserve_share_sum[h] = reserve_share_sum;
      sum.reserve_share += reserve_share_sum;
      sum.alive += need.alive;
    }
    block_nourishment[i] = sum;
  });

  std::vector<Nourishment> town_sum(world.towns.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    Nourishment& t = town_sum[blocks[i].town];
    t.alive += block_nourishment[i].alive;
    t.malnourished += block_nourishment[i].malnourished;
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
  }
}

}  // namespace siege::stages
