#include "observe/variables.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "world/famine.hpp"

namespace siege::observe {
namespace {

const PocketToday& today(const World& w, std::size_t p) { return w.pockets[p].today; }
const Front& front(const World& w, std::size_t p) { return w.pockets[p].front; }
/// `count` as a share of `of`; 0 where there are none to count among.
double share_of(std::int64_t count, std::int64_t of) {
  return of > 0 ? static_cast<double>(count) / static_cast<double>(of) : 0.0;
}
/// The pocket's IPC phase today (0 when nobody was at the meal); see world/famine.hpp.
double ipc_phase(const World& w, std::size_t p) {
  const PocketToday& t = today(w, p);
  if (t.households_fed == 0) return 0.0;
  ipc::AreaEvidence e;
  e.households_crisis_or_worse = share_of(t.households_food_gap, t.households_fed);
  e.households_emergency_or_worse = share_of(t.households_large_food_gap, t.households_fed);
  e.households_famine = share_of(t.households_extreme_food_gap, t.households_fed);
  e.under5_gam = share_of(t.under5_gam, t.under5_fed);
  e.crude_death_rate = front(w, p).recent_death_rate;
  e.under5_death_rate = front(w, p).recent_under5_death_rate;
  return ipc::area_phase(e);
}

}  // namespace

std::span<const Variable> variables() {
  using S = Shape;
  using T = Storage;
  static const std::array<Variable, 63> kVariables = {{
      {"population", "persons alive inside the pocket at the end of the day", "persons", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(w.pockets[p].alive); }},
      {"deaths", "deaths during the day, by cause", "persons/day", S::kPocketCause, T::kInt32,
       [](const World& w, std::size_t p, std::size_t c) { return static_cast<double>(today(w, p).deaths[c]); }},
      {"deaths_by_age_sex", "deaths during the day, by cause, age band and sex", "persons/day", S::kPocketCauseAgeSex,
       T::kInt32,
       [](const World& w, std::size_t p, std::size_t i) {
         const auto& d = today(w, p).deaths_by_age_sex;
         return static_cast<double>(d[i / (kAgeBands * kSexes)][i / kSexes % kAgeBands][i % kSexes]);
       }},
      {"fighter_deaths", "deaths of fighters during the day, all causes (counted in deaths too)", "persons/day",
       S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).fighter_deaths); }},
      {"mean_nutrition", "mean nutritional reserve after the day's meal, as a share of a well-fed reserve", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).mean_nutrition; }},
      {"share_malnourished",
       "share of residents acutely malnourished after the day's meal (children: weight-for-height below -2 SD; "
       "adults and elderly: BMI below 18.5)",
       "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).share_malnourished; }},
      {"under5_gam", "share of children under 5 with global acute malnutrition (weight-for-height below -2 SD) after the day's meal",
       "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return share_of(today(w, p).under5_gam, today(w, p).under5_fed); }},
      {"under5_sam", "share of children under 5 with severe acute malnutrition (weight-for-height below -3 SD) after the day's meal",
       "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return share_of(today(w, p).under5_sam, today(w, p).under5_fed); }},
      {"crude_death_rate", "deaths during the day, all causes, per 10,000 residents at the day's meal", "1e-4/day",
       S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).crude_death_rate(); }},
      {"under5_death_rate", "deaths of children under 5 during the day per 10,000 under-5s at the day's meal", "1e-4/day",
       S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).under5_death_rate(); }},
      {"households_food_gap", "share of households whose food fell short of their need during the day (IPC household phase 3 or worse)",
       "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) {
         return share_of(today(w, p).households_food_gap, today(w, p).households_fed);
       }},
      {"households_large_food_gap",
       "share of households whose food fell short of their need by 20 % or more during the day (IPC household phase 4 or worse)",
       "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) {
         return share_of(today(w, p).households_large_food_gap, today(w, p).households_fed);
       }},
      {"households_extreme_food_gap",
       "share of households whose food fell short of their need by 50 % or more during the day (IPC household phase 5)", "1",
       S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) {
         return share_of(today(w, p).households_extreme_food_gap, today(w, p).households_fed);
       }},
      {"ipc_phase",
       "IPC acute food insecurity phase of the pocket: households' food gaps (20 % rule), under-5 GAM, and the death rates "
       "over about the last 30 days (famine needs all three)",
       "1", S::kPocket, T::kInt32, [](const World& w, std::size_t p, std::size_t) { return ipc_phase(w, p); },
       "empty minimal stressed crisis emergency famine"},
      {"food_stock", "food in the market at the end of the day", "person-days", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return w.pockets[p].market.stock_person_days; }},
      {"household_food", "food in the stores of households with living members, at the end of the day", "person-days", S::kPocket,
       T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).household_food_person_days; }},
      {"household_cash", "cash of households with living members, at the end of the day", "USD", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).household_cash_usd; }},
      {"food_price_multiple", "market price of food as a multiple of the price outside the siege", "1",
       S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return w.pockets[p].market.price_multiple; }},
      {"food_produced", "food grown or caught inside the pocket during the day", "person-days/day", S::kPocket,
       T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).produced_person_days; }},
      {"food_smuggled", "food brought through the checkpoints during the day", "person-days/day", S::kPocket,
       T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).smuggled_person_days; }},
      {"food_sold", "food households bought at the market during the day", "person-days/day", S::kPocket,
       T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).sold_person_days; }},
      {"aid_food", "food from aid handed to households (or served by kitchens) during the day", "person-days/day", S::kPocket,
       T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).aid_person_days; }},
      {"aid_kept_back", "food from aid unloaded in the pocket that the authorities inside kept back (and sold) during the day",
       "person-days/day", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).aid_kept_back_person_days; }},
      {"food_shared", "food households gave to the households they are tied to during the day", "person-days/day",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).shared_person_days; }},
      {"food_foraged", "food households short of food gathered inside the pocket (wild plants, gardens) during the day",
       "person-days/day", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).foraged_person_days; }},
      {"food_hidden_eaten", "food households ate during the day from stocks they had hidden at the start",
       "person-days/day", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).hidden_eaten_person_days; }},
      {"food_fighters", "food the armed group took from the market for its fighters' rations during the day",
       "person-days/day", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).fighters_ration_person_days; }},
      {"income_outside", "cash that reached households during the day as salaries, remittances and fighters' pay",
       "USD/day", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).outside_income_usd; }},
      {"assets_sold", "cash households raised during the day by distress sales of what they own", "USD/day",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).assets_sold_usd; }},
      {"aid_trucks", "aid trucks unloaded in the pocket during the day", "trucks/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).aid_trucks); }},
      {"aid_trucks_looted", "aid trucks looted or turned back at checkpoints during the day", "trucks/day",
       S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).aid_trucks_looted); }},
      {"checkpoint_open", "whether the checkpoints were open to trade during the day", "1", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return w.pockets[p].checkpoint_open ? 1.0 : 0.0; },
       "closed open"},
      {"negotiation_state", "negotiation state of the pocket at the end of the day", "1", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).state); },
       "siege talks ceasefire escalation surrender ended unbesieged"},
      {"territory_held", "share of the pocket's territory still held (dated ground advances take it)", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return front(w, p).territory_held; }},
      {"strikes", "strikes of the besieger on the pocket during the day", "strikes/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).strikes); }},
      {"injured", "residents injured by strikes and not yet recovered, at the end of the day", "persons", S::kPocket,
       T::kInt32, [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).injured); }},
      {"newly_injured", "residents injured by strikes during the day", "persons/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).injured_new); }},
      {"fighters", "the pocket's fighters alive inside at the end of the day", "persons", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).fighters); }},
      {"morale", "morale of the pocket's fighters", "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return front(w, p).morale; }},
      {"capacity_to_hold_out", "the committee's capacity to hold out: weighted food security, morale and fighters left", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return front(w, p).capacity; }},
      {"offer_share", "share of the committee's list the besieger offered to release in the latest round", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return front(w, p).offer_share; }},
      {"detainees_held", "detainees from the pocket held by the besieger at the end of the day", "persons", S::kPocket,
       T::kInt32, [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).detainees_held); }},
      {"detainees_released", "detainees from the pocket released during the day (agreements and swaps)", "persons/day",
       S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).detainees_released); }},
      {"detainees_died", "detainees from the pocket who died in detention during the day", "persons/day", S::kPocket,
       T::kInt32, [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).detainees_died); }},
      {"detainees_arrested", "residents of the pocket arrested by the besieger during the day (after reconciliation)",
       "persons/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).detainees_arrested); }},
      {"conscripted", "men of the pocket conscripted by the besieger during the day (after a surrender)",
       "persons/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).conscripted); }},
      {"evacuated", "residents evacuated from the pocket so far (cumulative)", "persons", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).evacuated_total); }},
      {"fighters_evacuated", "fighters among the residents evacuated so far (cumulative)", "persons", S::kPocket,
       T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).fighters_evacuated_total); }},
      {"arrivals", "evacuees from other pockets who arrived during the day", "persons/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).arrived); }},
      {"departed", "residents who left through the crossings so far (cumulative)", "persons", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).departed_total); }},
      {"violations", "violations of the agreement in force during the day, by the besieger and by the pocket",
       "violations/day", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) {
         return static_cast<double>(today(w, p).violations_besieger + today(w, p).violations_pocket);
       }},
      {"support_release_condition", "mean support of residents for holding the detainee-release condition", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return today(w, p).support; }},
      {"support_above_half", "share of residents whose support for holding the release condition is above 0.5", "1",
       S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return today(w, p).support_above_half; }},
      {"demonstrations", "towns of the pocket that demonstrated for the release condition during the day", "towns/day",
       S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(today(w, p).demonstrations); }},
      {"committee_policy", "the committee's release policy at the end of the day (hold for a pocket outside the conflict model)", "1", S::kPocket, T::kInt32,
       [](const World& w, std::size_t p, std::size_t) { return static_cast<double>(front(w, p).policy); },
       "hold drop phased"},
      {"mediator_pressure", "pressure of the mediators working in the pocket on the besieger (their shares of attention "
       "times their pressure)", "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return front(w, p).mediator_pressure; }},
      {"health_care", "working share of the pocket's health care", "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return front(w, p).health_care; }},
      {"bakeries", "working share of the pocket's bakeries and mills (local food production is scaled by it)", "1",
       S::kPocket, T::kFloat64, [](const World& w, std::size_t p, std::size_t) { return front(w, p).bakeries; }},
      {"water", "working share of the pocket's water supply", "1", S::kPocket, T::kFloat64,
       [](const World& w, std::size_t p, std::size_t) { return front(w, p).water; }},
      {"town_population", "persons alive in the town at the end of the day", "persons", S::kTown, T::kInt32,
       [](const World& w, std::size_t t, std::size_t) { return static_cast<double>(w.towns[t].alive); }},
      {"town_mean_nutrition", "mean nutritional reserve in the town after the day's meal, as a share of a well-fed reserve",
       "1", S::kTown, T::kFloat64, [](const World& w, std::size_t t, std::size_t) { return w.towns[t].mean_nutrition; }},
      {"town_share_malnourished", "share of the town's residents malnourished after the day's meal", "1", S::kTown, T::kFloat64,
       [](const World& w, std::size_t t, std::size_t) { return w.towns[t].share_malnourished; }},
      {"town_support_release_condition", "mean support of the town's residents for holding the release condition",
       "1", S::kTown, T::kFloat64, [](const World& w, std::size_t t, std::size_t) { return w.towns[t].support; }},
  }};
  return kVariables;
}

std::size_t variable_index(std::string_view name) {
  const auto vars = variables();
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (vars[i].name == name) return i;
  }
  throw std::out_of_range("no output variable named " + std::string(name));
}

std::string markdown_variables() {
  std::string out = "| Variable | Dimensions | Type | Units | Meaning |\n|---|---|---|---|---|\n";
  for (const Variable& v : variables()) {
    const char* dims = v.shape == Shape::kPocket              ? "run, time, pocket"
                       : v.shape == Shape::kPocketCause       ? "run, time, pocket, cause"
                       : v.shape == Shape::kPocketCauseAgeSex ? "run, time, pocket, cause, age_band, sex"
                                                              : "run, time, town";
    std::string meaning(v.long_name);
    if (!v.flag_meanings.empty()) meaning += " (flag_meanings: " + std::string(v.flag_meanings) + ")";
    out += "| `" + std::string(v.name) + "` | " + dims + " | " + (v.storage == Storage::kInt32 ? "int32" : "float64") +
           " | " + std::string(v.units) + " | " + meaning + " |\n";
  }
  return out;
}

std::size_t values_per_day(const Variable& v, std::size_t pockets, std::size_t towns) {
  switch (v.shape) {
    case Shape::kPocket: return pockets;
    case Shape::kPocketCause: return pockets * kCauses;
    case Shape::kPocketCauseAgeSex: return pockets * kCauses * kAgeBands * kSexes;
    case Shape::kTown: return towns;
  }
  return 0;
}

}  // namespace siege::observe
