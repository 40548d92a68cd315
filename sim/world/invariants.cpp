#include "world/invariants.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace siege {
namespace {

bool share(double x) { return x >= 0.0 && x <= 1.0; }  // false for NaN too
bool stock(double x) { return x >= 0.0 && std::isfinite(x); }

std::string check_persons(const World& w) {
  const Persons& p = w.persons;
  const Households& h = w.households;
  if (h.first_person.size() != h.size() + 1 || h.first_person.back() != p.size()) return "household ranges";
  for (std::uint32_t k = 0; k < h.size(); ++k) {
    if (h.first_person[k] >= h.first_person[k + 1]) return fmt::format("household {} has no member", k);
    if (!stock(h.food_person_days[k]) || !stock(h.cash_usd[k])) return fmt::format("household {}'s food or cash", k);
    std::array<std::uint16_t, kAgeBands> inside{};
    for (std::uint32_t i = h.first_person[k]; i < h.first_person[k + 1]; ++i) {
      const auto band = static_cast<std::size_t>(p.age_band[i]);
      if (band >= kAgeBands || static_cast<int>(p.status[i]) > 6) return fmt::format("person {}'s age band or status", i);
      if (!share(p.reserve_share[i]) || !share(p.adaptation[i])) return fmt::format("person {}'s reserve or adaptation", i);
      // A full reserve ends the body's saving (Biology::eat); the meal's shortcuts rely on it.
      if (p.reserve_share[i] >= 1.0f && p.adaptation[i] != 0.0f) return fmt::format("person {} is adapted at a full reserve", i);
      if ((p.flags[i] & kUnderFive) && p.age_band[i] != AgeBand::kChild) return fmt::format("person {}'s age", i);
      if (!share(p.support[i])) return fmt::format("person {}'s support", i);
      if ((p.status[i] == Status::kDead) != (p.cause[i] != Cause::kNone)) return fmt::format("person {}'s cause", i);
      inside[band] += p.status[i] == Status::kInside;
    }
    if (inside != h.inside[k]) return fmt::format("household {}'s count of members inside", k);
  }
  return {};
}

std::string check_pockets(const World& w) {
  const Persons& p = w.persons;
  for (std::uint32_t q = 0; q < w.pockets.size(); ++q) {
    const Pocket& pocket = w.pockets[q];
    std::int64_t own = 0, alive = 0, under5 = 0, departed = 0, evacuated = 0;
    for (std::uint32_t t = pocket.first_town; t < pocket.end_town; ++t) {
      const Town& town = w.towns[t];
      std::int64_t town_alive = 0;
      const bool arrival = w.town_layout[t].arrivals_from_pocket >= 0;
      for (std::uint32_t i = town.first_person; i < town.end_person; ++i) {
        own += !arrival;
        town_alive += p.status[i] == Status::kInside;
        under5 += p.status[i] == Status::kInside && (p.flags[i] & kUnderFive);
        if (!arrival && p.status[i] == Status::kAbsent) return fmt::format("a resident of {} is absent", w.town_layout[t].name);
        departed += p.status[i] == Status::kDeparted;
        evacuated += p.status[i] == Status::kEvacuated;
      }
      if (town_alive != town.alive) return fmt::format("town {}'s count of the living", w.town_layout[t].name);
      alive += town_alive;
    }
    const std::string& name = w.scenario().pockets[q].name;
    if (own != pocket.initial_population) return fmt::format("pocket {} lost or gained residents", name);
    if (alive != pocket.alive) return fmt::format("pocket {}'s count of the living", name);
    if (under5 != pocket.under5_alive) return fmt::format("pocket {}'s count of the living under 5", name);
    if (departed != pocket.departed) return fmt::format("pocket {}'s count of the departed", name);
    if (evacuated != pocket.front.evacuated_total) return fmt::format("pocket {}'s count of evacuees", name);
    const Market& m = pocket.market;
    if (!stock(m.stock_person_days) || !stock(m.local_person_days) || !(m.price_multiple > 0.0)) {
      return fmt::format("pocket {}'s market", name);
    }
    const Front& f = pocket.front;
    if (!share(f.capacity) || !share(f.morale) || !share(f.health_care) || !share(f.bakeries) || !share(f.water) ||
        !share(f.offer_share) || !share(f.believed_worth_share) || !(f.mediator_pressure >= 0.0) || !(std::abs(f.capacity_trend_per_day) <= 1.0) ||
        f.fighters < 0 || f.detainees_held < 0 || f.conscripted_total < 0) {
      return fmt::format("pocket {}'s front (a share outside [0, 1] or a negative count)", name);
    }
    const PocketToday& today = pocket.today;
    if (!share(today.mean_nutrition) || !share(today.share_malnourished) || !share(today.support)) {
      return fmt::format("pocket {}'s figures of the day", name);
    }
  }
  return {};
}

std::string check_detainees(const World& w) {
  const Detainees& d = w.detainees;
  std::vector<std::int64_t> held(w.pockets.size(), 0);
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (d.origin_pocket[k] >= w.pockets.size() || d.person[k] < -1 ||
        d.person[k] >= static_cast<std::int64_t>(w.persons.size()) ||
        (d.household[k] != Detainees::kNoHousehold && d.household[k] >= w.households.size())) {
      return fmt::format("detainee {} points outside the world", k);
    }
    held[d.origin_pocket[k]] += d.status[k] == DetaineeStatus::kHeld;
  }
  for (std::size_t q = 0; q < w.pockets.size(); ++q) {
    if (held[q] != w.pockets[q].front.detainees_held) {
      return fmt::format("pocket {}'s count of detainees held", w.scenario().pockets[q].name);
    }
  }
  return {};
}

}  // namespace

std::string broken_invariant(const World& world) {
  for (auto check : {check_persons, check_pockets, check_detainees}) {
    if (std::string broken = check(world); !broken.empty()) return broken;
  }
  return {};
}

}  // namespace siege
