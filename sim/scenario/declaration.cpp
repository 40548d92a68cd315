// Every scenario parameter, declared once: key, member, meaning, units, source, range.
// The reader, `siege schema` and docs/parameters.md are all generated from this file.
#include "scenario/declaration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace siege::scenario {
namespace {

constexpr const char* kAssumption = "assumption";
constexpr const char* kWaer = "Syria Direct, 17 Aug 2017 (seeds/001): Waer's 7,360 names against an offer of 137";
constexpr const char* kCairo = "Syria Direct, 17 Aug 2017 (seeds/001): the Cairo agreement of 31 July 2017";
constexpr std::int64_t kMaxDays = 36500;            // a century of days
constexpr double kMaxPersons = 1e9;                 // persons are indexed with 32 bits
constexpr double kMaxTownPopulation = 50'000'000;
// Generous ceilings on amounts and multiples: far beyond anything real, low enough that sums over
// a century of days stay finite.
constexpr double kMaxUsd = 1e9;
constexpr double kMaxMultiple = 1e4;
constexpr double kMaxPersonDaysPerDay = 1e12;
constexpr double kMaxReserveDays = 3650;

const ObjectSpec<TownDef>& town_spec() {
  static const auto spec = [] {
    ObjectSpec<TownDef> s("town", "A town or village inside a pocket; its residents are simulated one by one.");
    s.required("name", &TownDef::name, {"Name of the town, shown in outputs and on maps.", "", ""});
    s.required("population", &TownDef::population,
               {"Residents at the start of the run.", "persons", "scenario"},
               Range::between(0, kMaxTownPopulation));
    s.required("lat", &TownDef::lat, {"Latitude of the town centre (WGS 84).", "degrees_north", "gazetteer"},
               Range::between(-90, 90));
    s.required("lon", &TownDef::lon, {"Longitude of the town centre (WGS 84).", "degrees_east", "gazetteer"},
               Range::between(-180, 180));
    return s;
  }();
  return spec;
}

/// One spec per source, so that each names itself in errors and in the schema.
ObjectSpec<IncomeSourceDef> income_source_spec(const char* name, const char* what, const char* source) {
  ObjectSpec<IncomeSourceDef> s(name, what);
  s.value("share_of_households", &IncomeSourceDef::share_of_households,
          {"Share of households that receive it (drawn once, when the world is built).", "1", source},
          Range::share());
  s.value("usd_per_day", &IncomeSourceDef::usd_per_day,
          {"Cash each receiving household gets per day while it has anyone inside.", "USD/day", source},
          Range::between(0, 1e4));
  return s;
}

const ObjectSpec<IncomeSourceDef>& salaries_spec() {
  static const auto spec = income_source_spec(
      "salaries", "State salaries and pensions paid to households inside the pocket.",
      "scenario value (default none); the Syrian state kept paying its employees who stayed in besieged "
      "government enclaves (Lund 2016, 'A Fistful of Dollars', The Century Foundation); 1.36 of 5.5 million "
      "workers were civil servants in 2010 (The Syria Report); pay was about 53 to 111 USD a month in "
      "2015 (Reuters)");
  return spec;
}

const ObjectSpec<IncomeSourceDef>& remittances_spec() {
  static const auto spec = income_source_spec(
      "remittances", "Money sent by relatives outside (hawala), received by a share of households.",
      "remittances reached opposition areas through hawala (Dean 2015, Remittances to Syria); 3 to 4 million "
      "USD a day reached Syria in 2016, about 1 USD per household per day on average (MEDAD, via Syrian "
      "Observer), e.g. 5 USD a day to one household in five; scenario value (default none): who receives how "
      "much inside a given pocket is not documented");
  return spec;
}

const ObjectSpec<AssetsDef>& assets_spec() {
  static const auto spec = [] {
    ObjectSpec<AssetsDef> s("assets", "What households own and can sell for cash when they are short of food "
                                      "(gold, furniture, appliances, vehicles): a distress sale.");
    s.value("mean_usd", &AssetsDef::mean_usd,
            {"Mean value of a household's saleable belongings at the start (scaled by its wealth).", "USD",
             "scenario value (default none): no survey of Syrian households' assets was found; a year of a "
             "household's food at the outside price is about 1,000 USD"},
            Range::between(0, kMaxUsd));
    s.value("sale_share_per_day", &AssetsDef::sale_share_per_day,
            {"Share of what is left that a household sells on a day after it went short, while its cash does "
             "not buy what it wants at yesterday's price.", "1/day",
             "assumption; households sell what they can spare before what they live by (Corbett 1988, Famine "
             "and household coping strategies)"},
            Range::share());
    s.value("value_share", &AssetsDef::value_share,
            {"Share of their worth that belongings fetch in a distress sale.", "1",
             "the value of livestock in maize fell 54 to 65 % in food shortages across 72 Malawian markets "
             "(Zant 2020, Tinbergen Institute DP 20-021); in Madaya (Jan 2016) a car was offered for 15 kg of rice"},
            Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<HouseholdDef>& household_spec() {
  static const auto spec = [] {
    ObjectSpec<HouseholdDef> s("households", "How residents live together, store food and pay for it.");
    s.value("mean_size", &HouseholdDef::mean_size,
            {"Mean number of persons per household; sizes are 1 + Poisson(mean_size - 1).", "persons",
             "assumption: typical Syrian household size before the war was about 5 to 6"},
            Range::between(1, 30));
    s.value("initial_food_store_days", &HouseholdDef::initial_food_store_days,
            {"Food each household holds at the start, in days of its members' need.", "days", kAssumption},
            Range::between(0, 3650));
    s.value("target_food_store_days", &HouseholdDef::target_food_store_days,
            {"Days of need a household tries to keep in store by buying at the market.", "days", kAssumption},
            Range::between(0, 365));
    s.value("hidden_food_store_days", &HouseholdDef::hidden_food_store_days,
            {"Mean food each household has put aside out of sight at the start, in days of its members' need "
             "(scaled by its wealth). It is not shared or sold, and eaten only when nothing else covers a day.",
             "days", "assumption: household stocks of two to six weeks at the onset of sieges (Leningrad's city "
             "stocks were 30 to 60 days in Sept 1941, Salisbury 1969, The 900 Days)"},
            Range::between(0, 3650));
    s.value("initial_cash_usd", &HouseholdDef::initial_cash_usd,
            {"Mean cash per household at the start (scaled by its wealth).", "USD", kAssumption},
            Range::between(0, kMaxUsd));
    s.value("wealth_spread", &HouseholdDef::wealth_spread,
            {"Standard deviation of the log of each household's wealth factor (lognormal, mean 1), which "
             "scales its cash, assets and hidden food. A lognormal's Gini is 2 Phi(sigma / sqrt 2) - 1.",
             "1",
             "Syria 2003-04: the poorest fifth had 7 % and the richest 45 % of consumption (El-Laithy & "
             "Abu-Ismail 2005, Poverty in Syria 1996-2004, UNDP), which a lognormal meets at sigma 0.63 to "
             "0.72; 0.66 gives a Gini of about 0.36"},
            Range::between(0, 3));
    s.value("income_usd_per_person_day", &HouseholdDef::income_usd_per_person_day,
            {"Cash each living resident brings into the household per day from work inside the pocket.",
             "USD/person/day",
             "assumption: one earner per household of 5.5 at wartime pay of about 53 to 111 USD a month "
             "(Reuters, 2015) gives 0.3 to 0.7, and many lose their work in a siege; the calibration cases "
             "do not favour 0.5 over 0.25 (docs/validation.md)"},
            Range::between(0, 1e4));
    s.object("salaries", &HouseholdDef::salaries, salaries_spec(), {"State salaries.", "", ""});
    s.object("remittances", &HouseholdDef::remittances, remittances_spec(), {"Remittances.", "", ""});
    s.object("assets", &HouseholdDef::assets, assets_spec(), {"Belongings and distress sales.", "", ""});
    s.value("initial_reserve_share", &HouseholdDef::initial_reserve_share,
            {"Mean nutritional reserve at the start, as a share of a well-fed person's reserve.", "1",
             kAssumption},
            Range::share());
    s.value("initial_reserve_spread", &HouseholdDef::initial_reserve_spread,
            {"Half-width of the uniform spread of initial reserves around the mean, as a share of it.",
             "1", kAssumption},
            Range::share());
    s.value("children_first", &HouseholdDef::children_first,
            {"Whether a household short of food feeds its children in full before the adults share "
             "what is left; otherwise everyone gets the same share of their need.", "",
             "assumption: a common coping strategy"});
    s.value("kin_share_per_day", &HouseholdDef::kin_share_per_day,
            {"Share of its food beyond kin_keeps_days of need that a household gives each day to the "
             "households it is tied to (the social network) that went short the day before, split "
             "evenly among them and at most a day of each one's need.", "1/day",
             "assumption; sharing within kin and neighbours decides who eats (calibration P2, P4; de Waal "
             "1989, Famine that Kills)"},
            Range::share());
    s.value("kin_keeps_days", &HouseholdDef::kin_keeps_days,
            {"Days of its own need a household keeps before it shares with its ties.", "days", kAssumption},
            Range::between(0, 3650));
    return s;
  }();
  return spec;
}

const ObjectSpec<DemographyDef>& demography_spec() {
  static const auto spec = [] {
    ObjectSpec<DemographyDef> s("demography", "Age and sex make-up of the residents.");
    const char* source = "assumption: shape of Syria's pre-war age pyramid";
    s.value("child_share", &DemographyDef::child_share,
            {"Share of residents who are children (under 15).", "1", source}, Range::share());
    s.value("adult_share", &DemographyDef::adult_share,
            {"Share of residents who are adults (15 to 59).", "1", source}, Range::share());
    s.value("elderly_share", &DemographyDef::elderly_share,
            {"Share of residents who are elderly (60 and over).", "1", source}, Range::share());
    s.value("female_share", &DemographyDef::female_share,
            {"Share of residents who are female.", "1", source}, Range::share());
    s.value("under5_share_of_children", &DemographyDef::under5_share_of_children,
            {"Share of the children (under 15) who are under 5.", "1",
             "UN World Population Prospects, Syria 2010: ~12-13 % of residents under 5 of ~35 % under 15"},
            Range::share());
    s.rule("child_share + adult_share + elderly_share must add up to 1",
           [](const DemographyDef& d, const Checker& c) {
             const double sum = d.child_share + d.adult_share + d.elderly_share;
             if (std::fabs(sum - 1.0) > 1e-6) {
               c.error("child_share", fmt::format("child_share + adult_share + elderly_share add up to {}; "
                                                  "they must add up to 1", sum));
             }
           });
    return s;
  }();
  return spec;
}

const ObjectSpec<MarketDef>& market_spec() {
  static const auto spec = [] {
    ObjectSpec<MarketDef> s("market", "The pocket's food market: stock, cost and price.");
    s.value("outside_price_usd_per_person_day", &MarketDef::outside_price_usd_per_person_day,
            {"Price of one person-day of food outside the siege; prices inside are multiples of it.",
             "USD/person-day", kAssumption},
            Range::above_up_to(0, 1e4));
    s.value("initial_stock_days", &MarketDef::initial_stock_days,
            {"Food in the market at the start, in days of the whole pocket's need.", "days", kAssumption},
            Range::between(0, 3650));
    s.value("initial_cost_multiple", &MarketDef::initial_cost_multiple,
            {"What the food in stock at the start cost traders, as a multiple of the outside price.",
             "1", kAssumption},
            Range::above_up_to(0, kMaxMultiple));
    s.value("target_cover_days", &MarketDef::target_cover_days,
            {"Days of what buyers pay for that traders aim to hold: they bring goods in through the open "
             "routes until the stock reaches it, counting as a day's sales what households asked for "
             "yesterday at the stock's cost (at most the pocket's need), so that nothing comes in for "
             "buyers who cannot pay. The price is not set from it: each day it is the lowest "
             "price, at or above what the stock cost, at which what households ask for (to restock, as far "
             "as their cash goes) is no more than the stock; there is no ceiling but their cash.", "days",
             kAssumption},
            Range::above_up_to(0, 3650));
    s.value("spoilage_share_per_day", &MarketDef::spoilage_share_per_day,
            {"Share of the market's stock that spoils each day.", "1/day", kAssumption}, Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<ForagingDef>& foraging_spec() {
  static const auto spec = [] {
    ObjectSpec<ForagingDef> s("foraging", "Wild plants, weeds, leaves and gardens: what households short of food "
                                          "gather inside the pocket. The more gather, the less each finds: the "
                                          "day's yield is Y (1 - exp(-G / Y)) for a shortfall G, shared in "
                                          "proportion to each household's shortfall, where Y is the day's most "
                                          "the land gives.");
    s.value("person_days_per_km2_day", &ForagingDef::person_days_per_km2_day,
            {"Mean most a km2 of the pocket's held land gives a day, over a year (times area_km2 and the "
             "share of farmland held).", "person-days/km2/day",
             "assumption; Old Homs' residents lived on weeds and leaves (calibration H1)"},
            Range::between(0, 1e6));
    s.value("seasonal_amplitude", &ForagingDef::seasonal_amplitude,
            {"Relative swing over the year, as for production.", "1", kAssumption}, Range::share());
    s.value("peak_day_of_year", &ForagingDef::peak_day_of_year,
            {"Day of the year when most grows (spring greens).", "day of year", kAssumption}, Range::between(1, 366));
    return s;
  }();
  return spec;
}

const ObjectSpec<ProductionDef>& production_spec() {
  static const auto spec = [] {
    ObjectSpec<ProductionDef> s("production source",
                                "Food grown or caught inside the pocket and sold at its market.");
    s.required("name", &ProductionDef::name, {"Name of the source, e.g. agriculture or fishing.", "", ""});
    s.value("person_days_per_day", &ProductionDef::person_days_per_day,
            {"Mean daily output over a year.", "person-days/day", kAssumption}, Range::between(0, kMaxPersonDaysPerDay));
    s.value("seasonal_amplitude", &ProductionDef::seasonal_amplitude,
            {"Relative swing over the year: output = mean x (1 + amplitude x cos(2 pi (day_of_year - "
             "peak_day_of_year) / 365.25)).", "1", kAssumption},
            Range::share());
    s.value("peak_day_of_year", &ProductionDef::peak_day_of_year,
            {"Day of the year of the largest output (harvest).", "day of year", kAssumption},
            Range::between(1, 366));
    s.value("cost_multiple", &ProductionDef::cost_multiple,
            {"What local food costs traders, as a multiple of the outside price (inputs are scarce "
             "under siege).", "1", kAssumption},
            Range::above_up_to(0, kMaxMultiple));
    return s;
  }();
  return spec;
}

const ObjectSpec<ClosureDef>& closure_spec() {
  static const auto spec = [] {
    ObjectSpec<ClosureDef> s("closure", "Days on which the checkpoints are shut to trade.");
    s.required("from_day", &ClosureDef::from_day, {"First day shut (0 is the start date).", "day", ""},
               Range::between(0, kMaxDays));
    s.required("to_day", &ClosureDef::to_day, {"Last day shut, included.", "day", ""},
               Range::between(0, kMaxDays));
    s.rule("to_day must not come before from_day", [](const ClosureDef& c, const Checker& check) {
      if (c.to_day < c.from_day) {
        check.error("to_day", fmt::format("is {} but from_day is {}; the closure must end on or after "
                                          "the day it starts", c.to_day, c.from_day));
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<SmugglingDef>& smuggling_spec() {
  static const auto spec = [] {
    ObjectSpec<SmugglingDef> s("smuggling", "Goods sold through the besieger's checkpoints at a mark-up.");
    s.value("capacity_person_days_per_day", &SmugglingDef::capacity_person_days_per_day,
            {"Most food that can pass the checkpoints in a day when they are open.", "person-days/day",
             kAssumption},
            Range::between(0, kMaxPersonDaysPerDay));
    s.value("markup_multiple", &SmugglingDef::markup_multiple,
            {"Cost of checkpoint goods as a multiple of the outside price ('exorbitantly priced "
             "goods sold at regime checkpoints').", "1",
             "Syria Direct, 17 Aug 2017 (seeds/001) for the fact; the number is an assumption"},
            Range::between(1, kMaxMultiple));
    s.list("closed", &SmugglingDef::closed, closure_spec(),
           {"Periods when the checkpoints are shut.", "", "scenario"}, 0, false);
    return s;
  }();
  return spec;
}

const ObjectSpec<ChannelDef>& channel_spec() {
  static const auto spec = [] {
    ObjectSpec<ChannelDef> s("channel", "A supply route besides the checkpoint trade: a second crossing, a tunnel or "
                                        "smuggling route, or an air link that carries goods for sale. Traders bring "
                                        "goods through each open channel, in the order listed, up to the stock they "
                                        "aim for and the channel's capacity.");
    s.required("name", &ChannelDef::name,
               {"Name of the channel, for the calendar's changes ('checkpoint' is the smuggling block's).", "",
                "scenario"});
    s.choice("kind", &ChannelDef::kind,
             {{"crossing", ChannelKind::kCrossing}, {"tunnel", ChannelKind::kTunnel}, {"air", ChannelKind::kAir}},
             {"What the route is.", "", "scenario"});
    s.choice("seller", &ChannelDef::seller, {{"besieger", Seller::kBesieger}, {"traders", Seller::kTraders}},
             {"Who holds the route: a besieger-held route is tightened during offensives (besieger."
              "smuggling_factor_escalation); local traders' routes are not.", "", "scenario"});
    s.value("capacity_person_days_per_day", &ChannelDef::capacity_person_days_per_day,
            {"Most food the route carries in a day.", "person-days/day", "scenario"},
            Range::between(0, kMaxPersonDaysPerDay));
    s.optional("capacity_kg_per_day", &ChannelDef::capacity_kg_per_day,
               {"Most food the route carries in a day, by mass (nutrition.food_kg_per_person_day converts it); "
                "instead of capacity_person_days_per_day.", "kg/day", "scenario"},
               Range::between(0, kMaxPersonDaysPerDay));
    s.value("markup_multiple", &ChannelDef::markup_multiple,
            {"Cost of the route's goods (price outside, levies, bribes, risk) as a multiple of the outside price.",
             "1", "assumption; Deir ez-Zor's black-market prices were more than tenfold (calibration Z1, Z10)"},
            Range::between(1, kMaxMultiple));
    s.value("open", &ChannelDef::open, {"Whether the route is open at the start.", "", "scenario"});
    s.rule("one capacity at most", [](const ChannelDef& ch, const Checker& c) {
      if (ch.capacity_kg_per_day && ch.capacity_person_days_per_day > 0) {
        c.error("capacity_kg_per_day", "and capacity_person_days_per_day are both given; give one");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<AidDef>& aid_spec() {
  static const auto spec = [] {
    ObjectSpec<AidDef> s("aid", "Humanitarian convoys: requested on a schedule, approved or refused by the "
                                "besieger, sometimes looted on the way.");
    s.value("first_request_day", &AidDef::first_request_day,
            {"Day of the first convoy request.", "day", kAssumption}, Range::between(0, kMaxDays));
    s.value("request_every_days", &AidDef::request_every_days,
            {"Days between requests; 0 means no convoy is ever requested.", "days", kAssumption},
            Range::between(0, kMaxDays));
    s.value("approval_probability", &AidDef::approval_probability,
            {"Chance that the besieger approves a request.", "1", kAssumption}, Range::share());
    s.value("delay_days", &AidDef::delay_days,
            {"Days from approval to arrival.", "days", kAssumption}, Range::between(0, 365));
    s.value("trucks_per_convoy", &AidDef::trucks_per_convoy,
            {"Trucks in an approved convoy.", "trucks", kAssumption}, Range::between(0, 100000));
    s.value("rations_per_truck_person_days", &AidDef::rations_per_truck_person_days,
            {"Food one truck carries.", "person-days/truck",
             "assumption: about 20 t of food at about 0.6 kg per person-day"},
            Range::between(0, 1e7));
    s.value("loot_probability_per_truck", &AidDef::loot_probability_per_truck,
            {"Chance that a truck is looted or turned back at a checkpoint.", "1", kAssumption},
            Range::share());
    s.value("kept_back_share", &AidDef::kept_back_share,
            {"Share of the food unloaded that the authorities inside keep back; they sell it at the "
             "market at the outside price (it joins the stock) and the money leaves the households' "
             "circle.", "1", "assumption; Deir ez-Zor residents said up to 60 % (calibration Z2)"},
            Range::share());
    s.choice("distribution", &AidDef::distribution,
             {{"households", AidDistribution::kHouseholds}, {"kitchens", AidDistribution::kKitchens}},
             {"How the rest is handed out: `households` gives it all on arrival to every household in "
              "proportion to its need; `kitchens` keeps it and serves, each day, meals of up to "
              "kitchen_meal_share of a day's need to the households still short of food after their own "
              "food, gifts and foraging (shared pro rata when the store runs short).", "",
              "assumption; soup kitchens and local councils (calibration P2)"});
    s.value("kitchen_meal_share", &AidDef::kitchen_meal_share,
            {"Most of a day's need a kitchen serves a household short of food, as a share of that need.",
             "1", "assumption: one cooked meal a day"},
            Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<FollowSupportDef>& follow_support_spec() {
  static const auto spec = [] {
    ObjectSpec<FollowSupportDef> s("follow_support",
                                   "The committee answers to the residents: once their support for holding the "
                                   "release condition has stayed under `below` for `days` days in a row, a "
                                   "committee that holds the condition (or phases it) drops it.");
    s.value("below", &FollowSupportDef::below,
            {"Mean support for holding the condition under which the committee starts counting days.", "1",
             "assumption; residents march for the condition (seeds/001), so negotiators answer to them"},
            Range::share());
    s.value("days", &FollowSupportDef::days, {"Days in a row support must stay under `below`.", "days", kAssumption},
            Range::between(1, kMaxDays));
    return s;
  }();
  return spec;
}

const ObjectSpec<CommitteeDef>& committee_spec() {
  static const auto spec = [] {
    ObjectSpec<CommitteeDef> s("committee", "The pocket's negotiation committee: what it demands and when it gives up.");
    s.choice("policy", &CommitteeDef::policy,
             {{"hold", ReleasePolicy::kHold}, {"drop", ReleasePolicy::kDrop}, {"phased", ReleasePolicy::kPhased}},
             {"The release condition, a constraint on what the committee may sign: hold (no agreement takes force "
              "until hold_release_share of the list is released), drop (the condition is not demanded: the "
              "committee bargains on the rest of the terms), phased (the releases come in phased_stages tranches, "
              "women and children first, each before a step of the deal: its taking force, then each evacuation "
              "batch; a besieger that stops releasing ends the deal).", "",
              "Syria Direct, 17 Aug 2017 (seeds/001): Waer dropped the condition, northern Homs holds it"});
    s.object("follow_support", &CommitteeDef::follow_support, follow_support_spec(),
             {"Whether and when the committee drops the condition as support for it falls; absent: never.", "",
              ""});
    s.value("hold_release_share", &CommitteeDef::hold_release_share,
            {"Under hold: the share of the list the besieger must offer, and release, before an agreement "
             "takes force.", "1", kAssumption},
            Range::share());
    s.value("surrender_threshold", &CommitteeDef::surrender_threshold,
            {"The committee surrenders when the pocket's capacity to hold out (a weighted mean of food "
             "security, morale and fighters left, each between 0 and 1) falls below this.", "1", kAssumption},
            Range::share());
    s.value("bears_death_rate", &CommitteeDef::bears_death_rate,
            {"The pocket's crude death rate (deaths per 10,000 a day, its mean over the last ~30 days) that the "
             "committee bears to keep control of the pocket: what a day of holding out is worth to it. Offered "
             "surrender terms, it signs once the pocket dies faster than this, and holds out while it dies "
             "slower; under hold or phased it also needs its releases.", "1e-4/day",
             "assumption; 0.5 is the IPC's lowest crisis mortality (IPC Technical Manual 3.1): a committee that "
             "signs whatever it is offered has 0"},
            Range::between(0, 1e4));
    s.value("detainee_value_lives", &CommitteeDef::detainee_value_lives,
            {"What one detainee freed is worth to the committee, in residents' lives: it weighs a deal's releases "
             "against the deaths of the days it waits for them (a x released + deaths spared - control given up).",
             "lives/person",
             "assumption; the committees put the detainees above the pocket's suffering ('even if it means 60 "
             "years of bombardment rather than six', seeds/001) but signed without them when the dying grew "
             "(Waer 2017, calibration W7); a fifth of a life a name sits between"},
            Range::between(0, 1e6));
    s.value("prior_worth_share", &CommitteeDef::prior_worth_share,
            {"What the committee believes a deal is worth to the besieger (the share of the list it would free at "
             "most) before the first offer; offers and refused demands then correct it.", "1",
             "assumption; above the 1-3 % of a list offered without leverage (calibration set B, W16, W17): "
             "committees opened with far larger demands than they were offered"},
            Range::share());
    s.value("horizon_days", &CommitteeDef::horizon_days,
            {"How far ahead the committee weighs the days it holds out when its capacity to hold out is not "
             "falling; where it falls, the days until it reaches surrender_threshold at the rate of the last ~30 "
             "days (at most this).", "days", "assumption; the besieger's endurance_horizon_days"},
            Range::above_up_to(0, 36500));
    s.value("phased_stages", &CommitteeDef::phased_stages,
            {"Under phased: the tranches the releases come in. The first is due before the deal takes force, the "
             "next before each evacuation batch in turn; later batches need no more.", "1",
             "Waer, August 2016: fighters out in three groups (300, 500, 300) against 140-200 releases "
             "(calibration W17)"},
            Range::between(1, 1000));
    s.value("food_weight", &CommitteeDef::food_weight,
            {"Weight of food security (mean nutritional reserve) in the capacity to hold out.", "1", kAssumption},
            Range::between(0, 1));
    s.value("morale_weight", &CommitteeDef::morale_weight,
            {"Weight of the fighters' morale in the capacity to hold out.", "1", kAssumption}, Range::between(0, 1));
    s.value("fighter_weight", &CommitteeDef::fighter_weight,
            {"Weight of the share of fighters still alive in the capacity to hold out.", "1", kAssumption},
            Range::between(0, 1));
    s.value("territory_weight", &CommitteeDef::territory_weight,
            {"Weight of the share of the pocket's territory still held (ground advances take it) in the capacity "
             "to hold out.", "1",
             "assumption; pockets surrendered after offensives took their farmland and districts (calibration "
             "W2, N4, Q1)"},
            Range::between(0, 1));
    s.rule("the capacity weights add up to more than 0", [](const CommitteeDef& c, const Checker& check) {
      if (c.food_weight + c.morale_weight + c.fighter_weight + c.territory_weight <= 0.0) {
        check.error("food_weight", "food_weight, morale_weight, fighter_weight and territory_weight are all 0; give "
                                   "at least one weight");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<ForcesDef>& forces_spec() {
  static const auto spec = [] {
    ObjectSpec<ForcesDef> s("forces", "The pocket's fighters and their morale.");
    s.value("fighter_share_of_adult_men", &ForcesDef::fighter_share_of_adult_men,
            {"Share of adult men who are fighters.", "1", kAssumption}, Range::share());
    s.value("pay_usd_per_day", &ForcesDef::pay_usd_per_day,
            {"Pay each fighter inside brings to his household per day.", "USD/day",
             "opposition fighters were paid about 36 to 150 USD a month (AFP 2012; Al Jazeera 2015), militias "
             "about 100 (Worldcrunch 2014), i.e. 1 to 5 USD a day; scenario value (default none)"},
            Range::between(0, 1e4));
    s.value("food_claim_share", &ForcesDef::food_claim_share,
            {"Share of the market's stock the armed group may take each day, unpaid, for its fighters' rations "
             "(never more than their need); a fighter then needs from his household only what the ration "
             "leaves. 0: fighters eat with their households.", "1",
             "scenario value; Z2: residents of Deir ez-Zor said up to 60 % of aid was kept for the army"},
            Range::share());
    s.value("initial_morale", &ForcesDef::initial_morale, {"Morale at the start.", "1", kAssumption}, Range::share());
    s.value("morale_recovery_per_day", &ForcesDef::morale_recovery_per_day,
            {"Share of the gap to initial_morale that morale regains each day.", "1/day", kAssumption},
            Range::share());
    s.value("morale_loss_per_strike", &ForcesDef::morale_loss_per_strike,
            {"Morale lost per strike on the pocket.", "1/strike", kAssumption}, Range::share());
    s.value("morale_loss_per_malnourished_share", &ForcesDef::morale_loss_per_malnourished_share,
            {"Morale lost per day, times the share of residents malnourished.", "1/day", kAssumption},
            Range::share());
    s.value("retaliation_probability", &ForcesDef::retaliation_probability,
            {"Chance that the fighters answer a day of strikes under a ceasefire with fire of their own, "
             "a violation by the pocket ('rockets in retaliation').", "1",
             "Syria Direct, 17 Aug 2017 (seeds/001) for the fact; the number is an assumption"},
            Range::share());
    s.value("morale_loss_per_territory_share", &ForcesDef::morale_loss_per_territory_share,
            {"Morale lost when a ground advance takes territory, times the share of the pocket's territory taken.",
             "1", kAssumption},
            Range::between(0, 10));
    s.value("captives_held", &ForcesDef::captives_held,
            {"Besieger soldiers or supporters held by the pocket, which mediators can swap N for N; they are "
             "counter-leverage (besieger.leverage_cost_share_per_year).", "persons",
             "assumption; swaps are small and symmetric (seeds/002, seeds/003)"},
            Range::between(0, 1e6));
    return s;
  }();
  return spec;
}

const ObjectSpec<DetaineesDef>& detainees_spec() {
  static const auto spec = [] {
    ObjectSpec<DetaineesDef> s("detainees", "Persons from the pocket held by the besieger.");
    s.value("on_list", &DetaineesDef::on_list,
            {"Detainees named on the committee's list.", "persons", kWaer}, Range::between(0, 1e7));
    s.value("not_on_list", &DetaineesDef::not_on_list,
            {"Detainees from the pocket who are not on the list.", "persons", kAssumption}, Range::between(0, 1e7));
    s.value("women_and_children_share", &DetaineesDef::women_and_children_share,
            {"Share of the list who are women or children; the list puts them first, so they are released "
             "first (under phased, in the first tranches).", "1",
             "assumption; lists begin with women and children (seeds/000)"},
            Range::share());
    s.value("death_per_1000_year", &DetaineesDef::death_per_1000_year,
            {"Death rate in detention.", "deaths/1000 detainees/year",
             "assumption; up to 13,000 executed in one prison (seeds/003) shows the order of the risk"},
            Range::between(0, 1000));
    s.value("arrest_per_1000_day_after_reconciliation", &DetaineesDef::arrest_per_1000_day_after_reconciliation,
            {"Arrest rate of the adult men who stay after the siege has ended in reconciliation.",
             "arrests/1000 persons/day", kAssumption},
            Range::between(0, 1000));
    return s;
  }();
  return spec;
}

const ObjectSpec<InfrastructureDef>& infrastructure_spec() {
  static const auto spec = [] {
    ObjectSpec<InfrastructureDef> s("infrastructure",
                                    "Health care, bakeries and water: working shares that strikes damage and "
                                    "time repairs.");
    s.value("health_care", &InfrastructureDef::health_care,
            {"Working share of health care at the start; the injured die less where more is left.", "1",
             kAssumption},
            Range::share());
    s.value("bakeries", &InfrastructureDef::bakeries,
            {"Working share of bakeries and mills at the start; local food production is scaled by it.", "1",
             "assumption; bread is short in northern Homs (seeds/001)"},
            Range::share());
    s.value("water", &InfrastructureDef::water,
            {"Working share of water supply at the start; its loss raises deaths from disease.", "1", kAssumption},
            Range::share());
    s.value("damage_per_strike", &InfrastructureDef::damage_per_strike,
            {"Share of what works that one strike destroys, for each of the three services.", "1/strike",
             kAssumption},
            Range::share());
    s.value("repair_share_per_day", &InfrastructureDef::repair_share_per_day,
            {"Share of the damage repaired each day.", "1/day", kAssumption}, Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<DestinationDef>& destination_spec() {
  static const auto spec = [] {
    ObjectSpec<DestinationDef> s("destination", "A place evacuees go that the model does not simulate.");
    s.required("name", &DestinationDef::name, {"Name, shown in the event log.", "", "scenario"});
    s.required("share", &DestinationDef::share, {"Share of evacuees who go there.", "1", "scenario"}, Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<EvacuationDef>& evacuation_spec() {
  static const auto spec = [] {
    ObjectSpec<EvacuationDef> s("evacuation",
                                "The evacuation terms of a surrender deal: who must leave, who may stay and on what "
                                "terms, the batches and buses, and the destinations. Households board a batch in "
                                "their order, fighters' households first; a household is never split, and one that "
                                "does not fit waits for the next batch. The evacuation ends when nobody else wants "
                                "to leave, or when the days allowed run out.");
    const char* waer = "Waer 2017: first buses 5 days after the deal, ~12 roughly weekly batches of up to ~1,500 "
                       "(calibration W2, W7, W9)";
    s.value("destination", &EvacuationDef::destination,
            {"Name of the pocket that receives the evacuees; empty: they leave the model.", "",
             "Syria Direct, 17 Aug 2017 (seeds/001): evacuees go to the rebel-held north"});
    s.list("other_destinations", &EvacuationDef::other_destinations, destination_spec(),
           {"Shares of evacuees who go elsewhere, outside the model (government shelters, another area); the rest "
            "go to destination.", "", "scenario"}, 0, false);
    s.value("fighters_must_leave", &EvacuationDef::fighters_must_leave,
            {"The deal requires the fighters, with their households, to leave.", "",
             "Waer 2017, northern Homs 2018: fighters and families out (calibration W2, N4)"});
    s.value("fighters_reconcile_share", &EvacuationDef::fighters_reconcile_share,
            {"Share of fighters' households that stay and reconcile under the deal's amnesty; without an "
             "amnesty none may stay. The default is the one documented share.", "1",
             "Waer 2017: ~1,150 fighters stayed under amnesty against ~3,700 who left, 1,150 / 4,850 "
             "(calibration W1, W9)"},
            Range::share());
    s.value("everyone_must_leave", &EvacuationDef::everyone_must_leave,
            {"The deal empties the pocket: every household must leave, not only the fighters'.", "",
             "Foua & Kefraya, July 2018: the towns were left empty (calibration F9, F10)"});
    s.value("civilians_may_leave", &EvacuationDef::civilians_may_leave,
            {"Households without a fighter may leave too, each deciding by its own situation (see leaving).", "",
             "calibration W1, N1"});
    s.value("amnesty", &EvacuationDef::amnesty,
            {"Those who stay are promised an amnesty; without it fear of arrest weighs in the choice to leave.", "",
             "calibration W9"});
    s.value("conscription_after_days", &EvacuationDef::conscription_after_days,
            {"Men who stay are conscripted this many days after the deal; 0: the deal says nothing of it.", "days",
             "northern Homs 2018: six months before conscription (calibration N1)"},
            Range::between(0, kMaxDays));
    s.value("first_batch_after_days", &EvacuationDef::first_batch_after_days,
            {"Days from the deal to the first buses.", "days", waer}, Range::between(0, 365));
    s.value("batch_every_days", &EvacuationDef::batch_every_days,
            {"Days between batches.", "days", waer}, Range::between(1, 365));
    s.value("batch_persons_max", &EvacuationDef::batch_persons_max,
            {"Most persons one batch carries.", "persons", waer}, Range::between(1, 1e7));
    s.value("bus_seats", &EvacuationDef::bus_seats,
            {"Seats per bus, to count the buses of a batch.", "persons/bus",
             "northern Homs 2018: ~2,803 persons in 59 buses, about 48 a bus (calibration N10)"},
            Range::between(1, 200));
    s.value("days_allowed", &EvacuationDef::days_allowed,
            {"Days the deal allows for the evacuation; who has not left by then stays.", "days",
             "assumption; Waer's evacuation took 69 days (calibration W2)"},
            Range::between(1, kMaxDays));
    s.rule("a batch holds at least one bus", [](const EvacuationDef& e, const Checker& c) {
      if (e.batch_persons_max < e.bus_seats) {
        c.error("batch_persons_max", fmt::format("is {} but a bus has {} seats; a batch carries at least one bus "
                                                 "(raise batch_persons_max or lower bus_seats)",
                                                 e.batch_persons_max, e.bus_seats));
      }
    });
    s.rule("the first batch leaves within the days allowed", [](const EvacuationDef& e, const Checker& c) {
      if (e.first_batch_after_days >= e.days_allowed) {
        c.error("first_batch_after_days",
                fmt::format("is {} but the deal allows {} days: no bus would ever leave; make days_allowed longer",
                            e.first_batch_after_days, e.days_allowed));
      }
    });
    s.rule("the other destinations' shares add up to at most 1", [](const EvacuationDef& e, const Checker& c) {
      double sum = 0.0;
      for (const auto& d : e.other_destinations) sum += d.share;
      if (sum > 1.0 + 1e-9) {
        c.error("other_destinations", fmt::format("shares add up to {}; they must add up to at most 1", sum));
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<LeavingDef>& leaving_spec() {
  static const auto spec = [] {
    ObjectSpec<LeavingDef> s("leaving",
                             "How a household without a fighter chooses to leave, when a deal or a humanitarian "
                             "pause lets it, or to stay: the log-odds of leaving add up from its situation, and "
                             "it leaves with probability 1 / (1 + exp(-log_odds)). Each household draws once.");
    const char* fear = "northern Homs 2018: men who stay face conscription after six months, and many leave for "
                       "that reason (calibration N1); the weight is an assumption";
    s.value("base_log_odds", &LeavingDef::base_log_odds,
            {"Log-odds of leaving of a household with none of the reasons below (about 12 % at -2).", "1",
             "assumption; of Waer's ~40,000 civilians most stayed (calibration W1, W9)"},
            Range::between(-20, 20));
    s.value("adult_man_log_odds", &LeavingDef::adult_man_log_odds,
            {"Added when the household has an adult man (fear of arrest at checkpoints).", "1", fear},
            Range::between(-20, 20));
    s.value("conscription_log_odds", &LeavingDef::conscription_log_odds,
            {"Added, for a household with an adult man, when the deal conscripts the men who stay.", "1", fear},
            Range::between(-20, 20));
    s.value("no_amnesty_log_odds", &LeavingDef::no_amnesty_log_odds,
            {"Added when the deal promises no amnesty to those who stay.", "1", kAssumption}, Range::between(-20, 20));
    s.value("hunger_log_odds", &LeavingDef::hunger_log_odds,
            {"Added times the household's hunger (1 - its members' mean reserve share), while the siege "
             "goes on.", "1",
             "assumption; Old Homs' hungry civilians left in a humanitarian pause (calibration H7, H9)"},
            Range::between(-20, 20));
    s.value("siege_lifted_log_odds", &LeavingDef::siege_lifted_log_odds,
            {"Added, in place of hunger, when the choice comes after a surrender has lifted the siege: who "
             "stays is fed and keeps a home, who leaves is displaced to the deal's destination.", "1",
             "calibrated on two cases at once: Waer 2017 (14,000-20,000 out, the last bus on day 69: "
             "calibration W1, W2, W9) and northern Homs 2018 (27,000-37,500 out, the last bus 13-14 days "
             "after the deal: N4, N9, N14); at -6 almost no household without a fighter chooses the buses, "
             "which carry the fighters' households (docs/validation.md)"},
            Range::between(-20, 20));
    s.value("damage_log_odds", &LeavingDef::damage_log_odds,
            {"Added times the damage to the pocket (1 - the mean working share of health care, bakeries and "
             "water).", "1", kAssumption},
            Range::between(-20, 20));
    s.value("detained_relative_log_odds", &LeavingDef::detained_relative_log_odds,
            {"Added when a relative of the household is held by the besieger.", "1", kAssumption},
            Range::between(-20, 20));
    return s;
  }();
  return spec;
}

const ObjectSpec<AgreementDef>& agreement_spec() {
  static const auto spec = [] {
    ObjectSpec<AgreementDef> s("agreement", "An agreement's clauses and how many violations it survives.");
    s.value("name", &AgreementDef::name, {"Name shown in the event log.", "", "scenario"});
    s.choice("kind", &AgreementDef::kind, {{"ceasefire", Terms::kCeasefire}, {"surrender", Terms::kSurrender}},
             {"A ceasefire, or a surrender with evacuation.", "", kWaer});
    s.value("cessation_of_hostilities", &AgreementDef::cessation_of_hostilities,
            {"Both sides stop firing; a day with strikes, and the fighters' answer to it, are violations "
             "(one per side per day).", "", kCairo});
    s.value("aid_entry", &AgreementDef::aid_entry, {"Aid convoys are let in.", "", kCairo});
    s.value("free_movement", &AgreementDef::free_movement,
            {"Civilians may leave through the crossings.", "", kCairo});
    s.value("monitors", &AgreementDef::monitors, {"Monitors watch the ceasefire (fewer strikes).", "", kCairo});
    s.value("releases", &AgreementDef::releases,
            {"Detainees the besieger is to release; in talks this is replaced by the besieger's offer (0 "
             "when the committee drops the condition).",
             "persons", kWaer},
            Range::between(0, 1e7));
    s.value("releases_per_day", &AgreementDef::releases_per_day,
            {"Schedule of the releases.", "persons/day", kAssumption}, Range::between(0, 1e6));
    s.value("violation_tolerance", &AgreementDef::violation_tolerance,
            {"Violations (by either side, one per clause broken per day) the agreement survives; one more "
             "and it collapses.", "violations",
             "assumption; the Cairo agreement was violated within days (seeds/001)"},
            Range::between(0, 1e6));
    return s;
  }();
  return spec;
}

const ObjectSpec<ChannelChangeDef>& channel_change_spec() {
  static const auto spec = [] {
    ObjectSpec<ChannelChangeDef> s("channel change", "Opens, closes or changes a supply channel from the event's date "
                                                     "on (until the next change of the same channel).");
    s.required("name", &ChannelChangeDef::name,
               {"The channel: 'checkpoint' (the smuggling block) or a name from the pocket's channels.", "", "scenario"});
    s.optional("open", &ChannelChangeDef::open, {"Open or close the channel.", "", "scenario"});
    s.optional("capacity_person_days_per_day", &ChannelChangeDef::capacity_person_days_per_day,
               {"New capacity.", "person-days/day", "scenario"}, Range::between(0, kMaxPersonDaysPerDay));
    s.optional("capacity_kg_per_day", &ChannelChangeDef::capacity_kg_per_day,
               {"New capacity by mass (nutrition.food_kg_per_person_day converts it).", "kg/day", "scenario"},
               Range::between(0, kMaxPersonDaysPerDay));
    s.optional("markup_multiple", &ChannelChangeDef::markup_multiple,
               {"New cost multiple (a levy doubled over the winter, say).", "1", "scenario"},
               Range::between(1, kMaxMultiple));
    s.rule("one capacity at most", [](const ChannelChangeDef& c, const Checker& check) {
      if (c.capacity_person_days_per_day && c.capacity_kg_per_day) {
        check.error("capacity_kg_per_day", "and capacity_person_days_per_day are both given; give one");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<OffensiveDef>& offensive_spec() {
  static const auto spec = [] {
    ObjectSpec<OffensiveDef> s("offensive", "An offensive from the event's date to its end: strikes at this "
                                            "intensity whatever the talks, and on the first day a ground advance.");
    s.value("strikes_per_day", &OffensiveDef::strikes_per_day,
            {"Mean strikes per day while the offensive lasts.", "strikes/day", "scenario"}, Range::between(0, 1e5));
    s.value("territory_share", &OffensiveDef::territory_share,
            {"Share of the territory still held that the advance takes on the first day.", "1", "scenario"},
            Range::between(0, 0.99));
    s.value("farmland_share", &OffensiveDef::farmland_share,
            {"Share of the farmland still held that the advance takes (local production falls by it).", "1",
             "scenario"},
            Range::share());
    s.value("flee_share", &OffensiveDef::flee_share,
            {"Share of the residents of the territory taken who flee across the front to the besieger's areas; "
             "the rest crowd into what the pocket still holds.", "1", "scenario"},
            Range::share());
    s.value("flight_death_risk", &OffensiveDef::flight_death_risk,
            {"Chance that one who flees across the front is killed doing so.", "1",
             "assumption; crossings were under sniper fire (seeds/001)"},
            Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<PauseDef>& pause_spec() {
  static const auto spec = [] {
    ObjectSpec<PauseDef> s("pause", "A pause in the strikes from the event's date to its end.");
    s.value("strike_factor", &PauseDef::strike_factor,
            {"Strikes are multiplied by this while the pause lasts (0: none).", "1", "scenario"}, Range::share());
    s.value("humanitarian", &PauseDef::humanitarian,
            {"A humanitarian pause: civilians who choose to leave (see leaving) may go out; each pause asks every "
             "household afresh, so an extension lets out those whom hunger has changed since.", "",
             "Old Homs, Feb 2014 (calibration H7, H9)"});
    s.value("persons_per_day", &PauseDef::persons_per_day,
            {"Most persons who can go out per day of a humanitarian pause; 0: as many as choose to.", "persons/day",
             "scenario"},
            Range::between(0, 1e7));
    return s;
  }();
  return spec;
}

const ObjectSpec<ConvoyDef>& convoy_spec() {
  static const auto spec = [] {
    ObjectSpec<ConvoyDef> s("convoy", "A dated aid convoy or air drop, arriving on the event's date (and every "
                                      "every_days after it until the event's end).");
    s.choice("by", &ConvoyDef::by, {{"road", ConvoyRoute::kRoad}, {"air", ConvoyRoute::kAir}},
             {"Road convoy or air drop (a drop needs no approval at a checkpoint and cannot be looted there).", "",
              "Deir ez-Zor: WFP air drops from April 2016 (calibration Z5, Z6)"});
    s.value("trucks", &ConvoyDef::trucks,
            {"Trucks, each carrying the pocket's aid.rations_per_truck_person_days.", "trucks", "scenario"},
            Range::between(0, 1e5));
    s.value("tonnes", &ConvoyDef::tonnes, {"Food by mass.", "t", "scenario"}, Range::between(0, 1e7));
    s.value("rations_person_days", &ConvoyDef::rations_person_days, {"Food in person-days.", "person-days", "scenario"},
            Range::between(0, kMaxPersonDaysPerDay));
    s.choice("outcome", &ConvoyDef::outcome,
             {{"draw", ConvoyOutcome::kDraw}, {"approved", ConvoyOutcome::kApproved},
              {"refused", ConvoyOutcome::kRefused}, {"looted", ConvoyOutcome::kLooted},
              {"diverted", ConvoyOutcome::kDiverted}},
             {"What happened, where documented: approved, refused, looted (all lost), diverted (diverted_share kept "
              "back by armed men); draw: the besieger's approval and looting are drawn as for scheduled convoys.",
              "", "scenario"});
    s.value("diverted_share", &ConvoyDef::diverted_share,
            {"Share kept back when the outcome is diverted.", "1",
             "Deir ez-Zor: residents say up to 60 % of aid was kept for the army (calibration Z2)"},
            Range::share());
    s.value("every_days", &ConvoyDef::every_days,
            {"Repeat every this many days until the event's end; 0: once.", "days", "scenario"},
            Range::between(0, kMaxDays));
    s.rule("a convoy carries something", [](const ConvoyDef& c, const Checker& check) {
      const int given = (c.trucks > 0) + (c.tonnes > 0) + (c.rations_person_days > 0);
      if (given != 1) {
        check.error("trucks", "give exactly one of trucks, tonnes and rations_person_days, above 0");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<TalksDef>& talks_spec() {
  static const auto spec = [] {
    ObjectSpec<TalksDef> s("talks", "A round of talks opens on the event's date.");
    s.value("round_days", &TalksDef::round_days,
            {"Length of this round; 0: the conflict's round_days.", "days", "scenario"}, Range::between(0, 365));
    return s;
  }();
  return spec;
}

const ObjectSpec<CalendarEventDef>& calendar_event_spec() {
  static const auto spec = [] {
    ObjectSpec<CalendarEventDef> s(
        "calendar event",
        "A dated event in one pocket: exactly one of channel, offensive, pause, convoy, agreement or talks. Dated "
        "events override the stochastic rules on their days.");
    s.optional("date", &CalendarEventDef::date, {"Date of the event (or its first day).", "date", "scenario"});
    s.optional("day", &CalendarEventDef::day, {"Day number of the event instead of a date (0 is start_date).", "day",
                                              "scenario"},
               Range::between(0, kMaxDays));
    s.optional("to_date", &CalendarEventDef::to_date,
               {"Last day of an offensive, pause, repeated convoy or agreement (included; an agreement still in force "
                "then ends, fulfilled, the day after); absent: the event's own day, the end of the run for an "
                "offensive, no end for an agreement.", "date", "scenario"});
    s.optional("to_day", &CalendarEventDef::to_day, {"Last day as a day number instead of to_date.", "day", "scenario"},
               Range::between(0, kMaxDays));
    s.required("pocket", &CalendarEventDef::pocket, {"The pocket it happens in.", "", "scenario"});
    s.value("note", &CalendarEventDef::note, {"What happened and the source, for the event log.", "", "scenario"});
    s.object("channel", &CalendarEventDef::channel, channel_change_spec(), {"A change to a supply channel.", "", ""});
    s.object("offensive", &CalendarEventDef::offensive, offensive_spec(), {"An offensive.", "", ""});
    s.object("pause", &CalendarEventDef::pause, pause_spec(), {"A pause in the strikes.", "", ""});
    s.object("convoy", &CalendarEventDef::convoy, convoy_spec(), {"An aid convoy or air drop.", "", ""});
    s.object("agreement", &CalendarEventDef::agreement, agreement_spec(),
             {"An agreement that enters into force on the date: a ceasefire, or a surrender that evacuates by the "
              "event's evacuation terms (or the conflict's). A surrender may follow an earlier one (surrender in "
              "steps).", "", ""});
    s.object("evacuation", &CalendarEventDef::evacuation, evacuation_spec(),
             {"Who leaves under the agreement: a surrender's terms, or a transfer under a ceasefire (some fighters "
              "and their families out while the ceasefire holds).", "", ""});
    s.object("talks", &CalendarEventDef::talks, talks_spec(), {"A round of talks.", "", ""});
    s.rule("a date or a day, not both", [](const CalendarEventDef& e, const Checker& c) {
      if (e.date.has_value() == e.day.has_value()) {
        c.error(e.date ? "day" : "pocket", e.date ? "and date are both given; give one" : "give the event a date or a day");
      }
      if (e.to_date && e.to_day) c.error("to_day", "and to_date are both given; give one");
    });
    s.rule("exactly one kind of event", [](const CalendarEventDef& e, const Checker& c) {
      const int kinds = e.channel.has_value() + e.offensive.has_value() + e.pause.has_value() + e.convoy.has_value() +
                        e.agreement.has_value() + e.talks.has_value();
      if (kinds != 1) {
        c.error("pocket", fmt::format("the event has {} kinds; give exactly one of channel, offensive, pause, convoy, "
                                      "agreement, talks", kinds));
      }
      if (e.evacuation && !e.agreement) {
        c.error("evacuation", "belongs to an agreement (a surrender, or a transfer under a ceasefire): give the "
                              "event an agreement");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<ConflictDef>& conflict_spec() {
  static const auto spec = [] {
    ObjectSpec<ConflictDef> s("conflict",
                              "The pocket under siege: talks, strikes, detainees and evacuation. Leave it out for "
                              "a pocket outside the conflict (a destination for evacuees).");
    s.choice("initial_state", &ConflictDef::initial_state,
             {{"siege", NegotiationState::kSiege}, {"talks", NegotiationState::kTalks},
              {"escalation", NegotiationState::kEscalation}},
             {"State at day 0 (a pocket with agreement_at_start starts under it).", "", "scenario"});
    s.choice("besieger_terms", &ConflictDef::besieger_terms,
             {{"ceasefire", Terms::kCeasefire}, {"surrender", Terms::kSurrender}},
             {"What the besieger puts on the table in talks: a ceasefire, or surrender and evacuation.", "", kWaer});
    s.value("first_talks_day", &ConflictDef::first_talks_day, {"Day the first round of talks opens.", "day", "scenario"},
            Range::between(0, kMaxDays));
    s.value("pause_days", &ConflictDef::pause_days,
            {"Days between the end of one round and the next, or after an escalation.", "days",
             "assumption; Waer lived through months of rounds (seeds/001)"},
            Range::between(1, kMaxDays));
    s.value("round_days", &ConflictDef::round_days, {"Length of a round of talks.", "days", kAssumption},
            Range::between(1, 365));
    s.value("departure_share_per_day", &ConflictDef::departure_share_per_day,
            {"Share of households that leave per day while an agreement allows free movement and the "
             "besieger lets them through.", "1/day", kAssumption},
            Range::share());
    s.object("committee", &ConflictDef::committee, committee_spec(), {"Negotiation committee.", "", ""});
    s.object("forces", &ConflictDef::forces, forces_spec(), {"Fighters and morale.", "", ""});
    s.object("detainees", &ConflictDef::detainees, detainees_spec(), {"Detainees.", "", ""});
    s.object("infrastructure", &ConflictDef::infrastructure, infrastructure_spec(), {"Infrastructure.", "", ""});
    s.object("evacuation", &ConflictDef::evacuation, evacuation_spec(), {"Evacuation terms.", "", ""});
    s.object("terms", &ConflictDef::terms, agreement_spec(),
             {"Clauses of the agreement the besieger proposes in talks (kind is besieger_terms; releases come "
              "from the offer).", "", ""});
    s.object("agreement_at_start", &ConflictDef::agreement_at_start, agreement_spec(),
             {"An agreement already in force at day 0.", "", kCairo});
    s.value("besieger", &ConflictDef::besieger,
            {"Name of the entry of `besiegers` that holds this pocket (an allied militia, say); empty: the "
             "scenario's `besieger`.", "", "scenario"});
    s.value("linked_pocket", &ConflictDef::linked_pocket,
            {"A pocket where this pocket's side besieges the besieger's own people (Foua and Kefraya against "
             "Zabadani and Madaya). Its residents are counter-leverage (besieger.leverage_cost_share_per_year), "
             "and an agreement that takes force here takes in that pocket too: an agreement of the same kind "
             "there, under its own terms and evacuation, freeing the same share of its list, and the captives "
             "each side holds freed.", "",
             "calibration F1-F4: the Four Towns' deals mirrored each other; H13, H14: Old Homs' captives against "
             "aid to two besieged loyalist towns"});
    s.rule("a committee that waits for releases needs a release schedule", [](const ConflictDef& c, const Checker& check) {
      if (c.committee.policy != ReleasePolicy::kDrop && c.terms.releases_per_day <= 0.0) {
        check.error("terms.releases_per_day",
                    "is 0, but a committee that holds or phases its condition waits for releases that would "
                    "never come; give a schedule above 0");
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<BesiegerDef>& besieger_spec() {
  static const auto spec = [] {
    ObjectSpec<BesiegerDef> s("besieger", "The besieging side: strikes, offers, aid and how it keeps its word.");
    s.value("name", &BesiegerDef::name,
            {"Who besieges, in the event log; an entry of `besiegers` is named by the pockets it holds.", "",
             "scenario"});
    const char* strikes = "assumption; strikes pound Waer during pauses in the talks (seeds/001)";
    s.value("strikes_per_day_siege", &BesiegerDef::strikes_per_day_siege,
            {"Mean strikes per day between rounds of talks.", "strikes/day", strikes}, Range::between(0, 1e4));
    s.value("strikes_per_day_talks", &BesiegerDef::strikes_per_day_talks,
            {"Mean strikes per day during a round of talks.", "strikes/day", kAssumption}, Range::between(0, 1e4));
    s.value("strikes_per_day_ceasefire", &BesiegerDef::strikes_per_day_ceasefire,
            {"Mean strikes per day under a ceasefire (a day with strikes is a violation).", "strikes/day",
             "assumption; airstrikes within days of the Cairo agreement (seeds/001)"},
            Range::between(0, 1e4));
    s.value("strikes_per_day_escalation", &BesiegerDef::strikes_per_day_escalation,
            {"Mean strikes per day in an escalation.", "strikes/day", kAssumption}, Range::between(0, 1e4));
    s.value("strikes_per_day_surrender", &BesiegerDef::strikes_per_day_surrender,
            {"Mean strikes per day on a pocket that has surrendered, while its evacuation runs (none once it has "
             "ended).", "strikes/day",
             "assumption; the surrender deals of the calibration set (Waer 2017, Old Homs 2014, northern Homs "
             "2018) were followed by evacuations under a truce; a scenario may set strikes where a deal was broken"},
            Range::between(0, 1e4));
    s.value("monitored_strike_factor", &BesiegerDef::monitored_strike_factor,
            {"Strikes under a monitored ceasefire, as a share of those under an unmonitored one.", "1", kAssumption},
            Range::share());
    s.value("killed_per_strike", &BesiegerDef::killed_per_strike,
            {"Mean persons killed by one strike where every slot in the town is occupied (Poisson).",
             "persons/strike", kAssumption},
            Range::between(0, 1e3));
    s.value("injured_per_strike", &BesiegerDef::injured_per_strike,
            {"Mean persons injured by one strike (Poisson).", "persons/strike", kAssumption}, Range::between(0, 1e3));
    s.value("fighter_target_weight", &BesiegerDef::fighter_target_weight,
            {"Weight of a fighter against a civilian's 1 in choosing which town a strike hits.", "1", kAssumption},
            Range::between(0, 1e3));
    s.value("offer_base_share", &BesiegerDef::offer_base_share,
            {"Share of the list the besieger opens the first round with (less if a deal is worth less to it).",
             "1", "Waer: 137 of 7,360 = 1.9% (seeds/001)"},
            Range::share());
    s.value("siege_cost_share_per_year", &BesiegerDef::siege_cost_share_per_year,
            {"The besieger's cost of a year of siege (troops, money, attention, ground it does not control), "
             "as the share of the list it would release to be spared it. A deal is worth to it what it saves: "
             "the year's whole cost (this, its casualties, pressure and leverage) over the days it expects the "
             "pocket to hold out; it never offers more.", "1/year",
             "calibration set B: offers of ~1-3 % of a list without leverage (Waer 137 of 7,360 in March "
             "2016, 140-200 in August 2016); with casualty_cost_share_per_year, 3 % a year against a pocket "
             "at full strength caps a year's siege at the top of that range"},
            Range::between(0, 100));
    s.value("casualty_cost_share_per_year", &BesiegerDef::casualty_cost_share_per_year,
            {"Added cost of a year of siege for the besieger's own casualties against a pocket whose fighters are "
             "all there, in the same unit; it falls with the share of the pocket's fighters left.", "1/year",
             "assumption; a third of the 3 % a year of calibration set B"},
            Range::between(0, 100));
    s.value("pressure_cost_share_per_year", &BesiegerDef::pressure_cost_share_per_year,
            {"Added cost of a year of siege per unit of mediator pressure (international pressure), in the "
             "same unit.", "1/year", "assumption; calibration set B: offers were larger with leverage"},
            Range::between(0, 100));
    s.value("leverage_cost_share_per_year", &BesiegerDef::leverage_cost_share_per_year,
            {"Added cost of a year of siege per 1,000 of the besieger's own people held or besieged by the "
             "pocket's side (the pocket's captives_held, and the living residents of its linked_pocket while "
             "that pocket's talks go on), in the same unit.", "1/year per 1,000 persons",
             "assumption; calibration set B: deals with counter-leverage freed hundreds (Foua and Kefraya: 500 in "
             "2015, 750-1,500 in 2017, 1,500 in 2018, F2, F7, F9) where Waer was offered 137"},
            Range::between(0, 100));
    s.value("concession_per_round", &BesiegerDef::concession_per_round,
            {"Share of the way from its last offer to what a deal is worth to it that the besieger moves at "
             "each later round (up, or down where the pocket weakens and a deal is worth less).", "1",
             "assumption; a partial-adjustment concession rule (Zeuthen 1930; Cross 1965, The Economics of "
             "Bargaining); Waer's offers rose from 1.9 % to 1.9-2.7 % of the list in five months (W16, W17)"},
            Range::share());
    s.value("endurance_horizon_days", &BesiegerDef::endurance_horizon_days,
            {"How long the besieger expects a pocket to hold out when its capacity to hold out is not falling; "
             "where it falls, the days until it reaches the committee's surrender threshold at the rate of the "
             "last ~30 days (at most this).", "days", kAssumption},
            Range::above_up_to(0, 36500));
    s.value("escalation_hazard_per_day", &BesiegerDef::escalation_hazard_per_day,
            {"Daily chance of an escalation between rounds of talks.", "1/day", kAssumption}, Range::share());
    s.value("escalation_hazard_per_rejection", &BesiegerDef::escalation_hazard_per_rejection,
            {"Added daily chance of escalation for each round of talks the committee has rejected.", "1/day",
             "assumption; failed negotiations were followed by escalation (seeds/001)"},
            Range::share());
    s.value("escalation_mean_days", &BesiegerDef::escalation_mean_days,
            {"Mean length of an escalation (geometric).", "days", kAssumption}, Range::between(1, 3650));
    s.value("smuggling_factor_escalation", &BesiegerDef::smuggling_factor_escalation,
            {"Share of the checkpoints' smuggling capacity left open during an escalation (0 shuts them).", "1",
             kAssumption},
            Range::share());
    s.value("aid_approval_factor_siege", &BesiegerDef::aid_approval_factor_siege,
            {"Multiplies a pocket's aid approval_probability in siege, in talks, and in a ceasefire without "
             "an aid-entry clause.", "1", kAssumption},
            Range::share());
    s.value("aid_approval_factor_escalation", &BesiegerDef::aid_approval_factor_escalation,
            {"Multiplies aid approval_probability during an escalation.", "1", kAssumption}, Range::share());
    s.value("aid_compliance", &BesiegerDef::aid_compliance,
            {"Under an aid-entry clause: chance that a convoy request is approved.", "1",
             "assumption; aid reached besieged towns more easily under the 2016 truce (seeds/000)"},
            Range::share());
    s.value("movement_compliance", &BesiegerDef::movement_compliance,
            {"Under a free-movement clause: chance per day that the crossings are let open.", "1", kAssumption},
            Range::share());
    s.value("release_compliance", &BesiegerDef::release_compliance,
            {"Under a release clause: chance that each release due today happens; the rest are late (owed, not "
             "a violation: the besieger breaks the clause only by reneging).", "1",
             "assumption; the regime frees only a fraction (seeds/000, seeds/001)"},
            Range::share());
    s.value("renege_per_day", &BesiegerDef::renege_per_day,
            {"Daily chance that the besieger stops releasing altogether when keeping its word is worth nothing to "
             "it; otherwise this times the share of the stakes that reneging wins, owed / (owed + what the deal "
             "still brings it), in shares of the list. Reneging is one violation of the release clause and no "
             "releases under the agreement after it; under phased the committee ends the deal.", "1/day",
             "assumption; the regime reneges on release terms (seeds/001)"},
            Range::share());
    s.value("conscripted_share", &BesiegerDef::conscripted_share,
            {"After a surrender whose terms set conscription_after_days: the share of the men of fighting age "
             "still in the pocket that day whom the besieger conscripts (they leave the pocket).", "1",
             "assumption; northern Homs 2018: six months before conscription, and many left for that reason "
             "(calibration N1)"},
            Range::share());
    s.value("amnesty_kept", &BesiegerDef::amnesty_kept,
            {"Share of the arrests after reconciliation (detainees.arrest_per_1000_day_after_reconciliation) "
             "that an amnesty in the deal's terms prevents: 1 keeps it, 0 ignores it.", "1",
             "assumption; the calibration set documents amnesties (W9) but not how well they were kept"},
            Range::share());
    s.value("reference_density_per_km2", &BesiegerDef::reference_density_per_km2,
            {"Density of people at which killed_per_strike and injured_per_strike hold; casualties per strike scale "
             "with the density of the pocket's living residents on the territory it still holds (a strike's lethal "
             "area times the people in it).",
             "persons/km2",
             "assumption: a dense Syrian urban district, 10,000 per km2 (Waer: ~40,000 on 3 km2, seeds/001)"},
            Range::above_up_to(0, 1e7));
    s.value("pocket_violation_per_day", &BesiegerDef::pocket_violation_per_day,
            {"Daily chance that some faction in the pocket fires without provocation under a ceasefire.", "1/day",
             kAssumption},
            Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<AttentionDef>& attention_spec() {
  static const auto spec = [] {
    ObjectSpec<AttentionDef> s("attention", "A share of a mediator's attention given to one pocket.");
    s.required("pocket", &AttentionDef::pocket, {"Name of a pocket under siege (one with a conflict block).", "",
                                                 "scenario"});
    s.required("share", &AttentionDef::share,
               {"Share of the mediator's pressure and swaps that goes to this pocket while talks there go on; the "
                "shares of a mediator add up to 1.", "1", kAssumption},
               Range::above_up_to(0, 1));
    return s;
  }();
  return spec;
}

const ObjectSpec<MediatorDef>& mediator_spec() {
  static const auto spec = [] {
    ObjectSpec<MediatorDef> s("mediator",
                              "A mediator working in one or more pockets. Its pressure and swaps are a budget "
                              "split among its pockets by `attention`; when a pocket's talks are over (it "
                              "surrendered or its siege ended) its share goes to the others in proportion.");
    s.required("name", &MediatorDef::name, {"Who mediates (shown in the event log).", "",
                                            "Syria Direct, 17 Aug 2017 (seeds/001): Russian negotiators"});
    s.value("pressure", &MediatorDef::pressure,
            {"Pressure the mediator can put on the besieger in all its pockets together; a pocket gets its "
             "share of it, which raises the besieger's offer of releases there.", "1", kAssumption},
            Range::share());
    s.value("monitors", &MediatorDef::monitors,
            {"Whether the mediator deploys monitors to any ceasefire in force in its pockets (fewer strikes), "
             "whatever the agreement's own monitors clause says.", "", kCairo});
    s.value("swap_every_days", &MediatorDef::swap_every_days,
            {"Days between prisoner swaps in a pocket that has all the mediator's attention; a pocket with "
             "share s waits swap_every_days / s; 0 means no swaps.", "days",
             "assumption; swaps happen now and then (seeds/002, seeds/003)"},
            Range::between(0, kMaxDays));
    s.value("swap_size", &MediatorDef::swap_size,
            {"Most persons each side frees in one swap (N for N).", "persons",
             "Astana working group swap of 5 for 5 near al-Bab (seeds/002)"},
            Range::between(0, 10000));
    s.list("attention", &MediatorDef::attention, attention_spec(),
           {"The pockets the mediator works in and the share of its attention each gets.", "", kAssumption}, 1,
           true);
    s.rule("attention shares add up to 1 and name each pocket once", [](const MediatorDef& m, const Checker& c) {
      double sum = 0.0;
      std::set<std::string> seen;
      for (std::size_t i = 0; i < m.attention.size(); ++i) {
        sum += m.attention[i].share;
        if (!seen.insert(m.attention[i].pocket).second) {
          c.error(fmt::format("attention[{}].pocket", i),
                  fmt::format("pocket '{}' appears twice in this mediator's attention; give it one share",
                              m.attention[i].pocket));
        }
      }
      if (std::abs(sum - 1.0) > 1e-6) {
        c.error("attention", fmt::format("shares add up to {:.6g}; make them add up to 1", sum));
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<OpinionDef>& opinion_spec() {
  static const auto spec = [] {
    ObjectSpec<OpinionDef> s(
        "opinion",
        "Each resident's support for holding the detainee-release condition (0 to 1), updated daily over a "
        "network of households by the Friedkin-Johnsen rule: support = stubbornness x prior + (1 - stubbornness) "
        "x the mean support of the person's household and its ties. The prior is the person's own leaning, raised "
        "by a detained relative and lowered by hardship (hunger, recent deaths and strikes in the town).");
    const char* marches = "assumption; residents march for the condition (seeds/001)";
    s.value("prior_mean", &OpinionDef::prior_mean,
            {"Mean of residents' own leaning towards holding the condition, before relatives and hardship.", "1",
             "assumption; northern Homs negotiators hold the condition 'even if it means 60 years of "
             "bombardment' (seeds/001)"},
            Range::share());
    s.value("prior_spread", &OpinionDef::prior_spread,
            {"Own leanings are spread uniformly over prior_mean +/- prior_spread (cut to 0..1).", "1", kAssumption},
            Range::share());
    s.value("detained_relative_gain", &OpinionDef::detained_relative_gain,
            {"How much a relative in detention raises a resident's prior.", "1", marches}, Range::share());
    s.value("hunger_weight", &OpinionDef::hunger_weight,
            {"How much hunger lowers the prior, per unit of the household's mean lost reserve (1 - reserve "
             "share).", "1", kAssumption},
            Range::between(0, 10));
    s.value("deaths_weight", &OpinionDef::deaths_weight,
            {"How much recent deaths in the town lower the prior, per death per 1,000 residents over the last "
             "memory_days.", "1/(deaths/1000 persons)", kAssumption},
            Range::between(0, 10));
    s.value("strikes_weight", &OpinionDef::strikes_weight,
            {"How much recent strikes on the town lower the prior, per strike over the last memory_days.",
             "1/strike", kAssumption},
            Range::between(0, 10));
    s.value("memory_days", &OpinionDef::memory_days,
            {"Time over which deaths and strikes are remembered (an exponentially weighted window).", "days",
             kAssumption},
            Range::between(1, kMaxDays));
    s.value("stubbornness", &OpinionDef::stubbornness,
            {"Weight of a resident's prior in each day's update (Friedkin-Johnsen); the rest goes to the "
             "network's mean.", "1", kAssumption},
            Range::share());
    s.value("household_weight", &OpinionDef::household_weight,
            {"Weight of the resident's own household in the network mean; the rest is split evenly among its "
             "ties to other households.", "1", kAssumption},
            Range::share());
    s.value("ties_within_town", &OpinionDef::ties_within_town,
            {"Ties each household has to other households of its town (neighbours, kin), drawn at random.",
             "ties", kAssumption},
            Range::between(0, 100));
    s.value("ties_across_towns", &OpinionDef::ties_across_towns,
            {"Mean number of ties each household has to households in other towns of its pocket (Poisson).",
             "ties", kAssumption},
            Range::between(0, 100));
    s.value("demonstration_threshold", &OpinionDef::demonstration_threshold,
            {"A town of a pocket whose committee has a list may demonstrate for the condition on a day its mean "
             "support is at least this and no strike hit it.", "1", marches},
            Range::share());
    s.value("demonstration_probability", &OpinionDef::demonstration_probability,
            {"Chance that such a town demonstrates that day.", "1/day", kAssumption}, Range::share());
    return s;
  }();
  return spec;
}

const ObjectSpec<PocketDef>& pocket_spec() {
  static const auto spec = [] {
    ObjectSpec<PocketDef> s("pocket", "A besieged area with its towns, market, supplies and aid.");
    s.required("name", &PocketDef::name, {"Name of the pocket, the `pocket` coordinate in outputs.", "", ""});
    s.value("area_km2", &PocketDef::area_km2, {"Area of the pocket.", "km2", "scenario"}, Range::above_up_to(0, 1e8));
    s.optional("population", &PocketDef::population,
               {"Total residents as reported; when given, the towns' populations must add up to it.",
                "persons", "scenario"},
               Range::between(0, kMaxPersons));
    s.list("towns", &PocketDef::towns, town_spec(), {"Towns and villages of the pocket.", "", "scenario"}, 1,
           true);
    s.object("households", &PocketDef::households, household_spec(), {"Households.", "", ""});
    s.object("demography", &PocketDef::demography, demography_spec(), {"Age and sex make-up.", "", ""});
    s.object("market", &PocketDef::market, market_spec(), {"Food market.", "", ""});
    s.list("production", &PocketDef::production, production_spec(),
           {"Local food sources (agriculture, fishing).", "", "scenario"}, 0, false);
    s.object("foraging", &PocketDef::foraging, foraging_spec(), {"Foraging.", "", ""});
    s.object("smuggling", &PocketDef::smuggling, smuggling_spec(), {"Checkpoint trade.", "", ""});
    s.list("channels", &PocketDef::channels, channel_spec(),
           {"Supply routes besides the checkpoint trade.", "", "scenario"}, 0, false);
    s.object("aid", &PocketDef::aid, aid_spec(), {"Aid convoys.", "", ""});
    s.object("conflict", &PocketDef::conflict, conflict_spec(),
             {"The siege's conflict dynamics; absent for a pocket outside them.", "", ""});
    s.rule("population, when given, equals the sum of the towns' populations",
           [](const PocketDef& p, const Checker& c) {
             if (!p.population) return;
             std::int64_t sum = 0;
             for (const auto& t : p.towns) sum += t.population;
             if (sum != *p.population) {
               c.error("population", fmt::format("is {} but the towns' populations add up to {}; make "
                                                 "them agree or remove population", *p.population, sum));
             }
           });
    s.rule("every household has an adult or elderly head, so child_share is at most (mean_size - 1) / mean_size",
           [](const PocketDef& p, const Checker& c) {
             const double most = (p.households.mean_size - 1.0) / p.households.mean_size;
             if (p.demography.child_share > most + 1e-9) {
               c.error("demography.child_share",
                       fmt::format("is {} but with households of mean size {} at most {:.3f} of residents can "
                                   "be children (every household is headed by an adult or elderly person); "
                                   "lower child_share or raise households.mean_size",
                                   p.demography.child_share, p.households.mean_size, most));
             }
           });
    s.rule("a household fits in one evacuation bus", [](const PocketDef& p, const Checker& c) {
      if (p.conflict && p.households.mean_size > static_cast<double>(p.conflict->evacuation.bus_seats)) {
        c.error("households.mean_size",
                fmt::format("is {} but an evacuation bus has {} seats; households would wait for a bus forever "
                            "(raise conflict.evacuation.bus_seats or lower mean_size)",
                            p.households.mean_size, p.conflict->evacuation.bus_seats));
      }
    });
    s.rule("channel names are unique, and 'checkpoint' names the smuggling block", [](const PocketDef& p, const Checker& c) {
      std::set<std::string> seen{"checkpoint"};
      for (std::size_t i = 0; i < p.channels.size(); ++i) {
        if (!seen.insert(p.channels[i].name).second) {
          c.error(fmt::format("channels[{}].name", i),
                  fmt::format("channel '{}' is already taken ('checkpoint' is the smuggling block); give another name",
                              p.channels[i].name));
        }
      }
    });
    s.rule("town names are unique within a pocket", [](const PocketDef& p, const Checker& c) {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < p.towns.size(); ++i) {
        if (!seen.insert(p.towns[i].name).second) {
          c.error(fmt::format("towns[{}].name", i),
                  fmt::format("town '{}' appears twice in this pocket; give each town a distinct name",
                              p.towns[i].name));
        }
      }
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<NutritionDef>& nutrition_spec() {
  static const auto spec = [] {
    ObjectSpec<NutritionDef> s("nutrition", "Food needs and the body's reserve.");
    s.value("child_need_share", &NutritionDef::child_need_share,
            {"A child's daily need as a share of an adult's (one person-day).", "1",
             "assumption: energy needs of under-15s average about 60% of an adult's"},
            Range::between(0.05, 2));
    s.value("elderly_need_share", &NutritionDef::elderly_need_share,
            {"An elderly person's daily need as a share of an adult's.", "1", kAssumption},
            Range::between(0.05, 2));
    // The body as an energy store, in days of the person's own need: what can be burnt before
    // death (lethal_weight_loss_share of a healthy weight), spent faster or slower as expenditure
    // adapts. Fitted to P1 (Minnesota: 24 weeks at ~49 % of need, ~25 % of weight lost, about 19 %
    // by week 12, no deaths); the other bands are scaled from it.
    const char* p1 = "fitted to calibration P1 (Minnesota: ~19 % of weight lost by week 12, ~25 % by week 24 at "
                     "~49 % of need); see tests/world/energy_balance_test.cpp";
    s.value("reserve_child_days", &NutritionDef::reserve_child_days,
            {"Energy a healthy child (5 to 14) can burn before death, in days of its own full need.", "days",
             "assumption: children carry less fat and need more per kg than adults (Keys et al. 1950, "
             "Biology of Human Starvation); the dead-first pattern of P2, P3"},
            Range::between(0.1, kMaxReserveDays));
    s.value("reserve_adult_days", &NutritionDef::reserve_adult_days,
            {"Energy a healthy adult can burn before death, in days of their own full need.", "days", p1},
            Range::between(0.1, kMaxReserveDays));
    s.value("reserve_elderly_days", &NutritionDef::reserve_elderly_days,
            {"Energy a healthy elderly person can burn before death, in days of their own full need.", "days",
             "assumption: less lean mass and reserve in old age; the elderly died first in P2, P3"},
            Range::between(0.1, kMaxReserveDays));
    s.value("under5_reserve_factor", &NutritionDef::under5_reserve_factor,
            {"An under-5's reserve as a share of reserve_child_days.", "1",
             "assumption: small bodies with high need per kg waste fastest (P3: children among the first dead)"},
            Range::between(0.05, 10));
    s.value("female_reserve_factor", &NutritionDef::female_reserve_factor,
            {"A woman's or girl's reserve as a multiple of a man's or boy's of the same band.", "1",
             "assumption: women carry ~10 points more body fat; more men than women died in P2 and P3"},
            Range::between(0.05, 10));
    s.value("recovery_days_per_day", &NutritionDef::recovery_days_per_day,
            {"Reserve regained per day, in days of own need, on a full ration (appetite after a deficit eats "
             "beyond the ration); a partial one rebuilds at most this.", "days/day",
             "Keys et al. 1950 (P1): the men regained their weight over ~20 weeks of refeeding; 0.3 rebuilds "
             "the ~30 days they lost in ~15 weeks"},
            Range::between(0, 10));
    s.value("adaptation_max_share", &NutritionDef::adaptation_max_share,
            {"Largest share by which expenditure falls in a long deficit (adaptive thermogenesis and "
             "less activity), on top of the fall with body mass.", "1",
             "calibration P1: resting metabolism fell ~40 % (1,590 to 964 kcal/day); fitted with the reserve"},
            Range::between(0, 0.95));
    s.value("adaptation_full_at_deficit", &NutritionDef::adaptation_full_at_deficit,
            {"Deficit (share of need not eaten) at which adaptation reaches its largest share; smaller "
             "deficits adapt in proportion.", "1", "calibration P1: ~51 % deficit, ~40 % fall"},
            Range::above_up_to(0, 1));
    s.value("adaptation_days", &NutritionDef::adaptation_days,
            {"Time constant over which expenditure adapts to a deficit, and recovers after it while the reserve "
             "is rebuilt; the saving ends when the reserve is full again.", "days",
             "calibration P1 (fitted with the reserve); its end with the stores: Dulloo & Jacquet 1998, Am J Clin "
             "Nutr 68:599 (feedback from fat stores drives the adaptive fall in metabolism)"},
            Range::between(1, 3650));
    s.value("mass_expenditure_share", &NutritionDef::mass_expenditure_share,
            {"Share by which expenditure falls per share of body weight lost (a lighter body burns less).",
             "1", "assumption: lean mass, which burns most, is lost more slowly than fat (Keys et al. 1950)"},
            Range::share());
    s.value("lethal_weight_loss_share", &NutritionDef::lethal_weight_loss_share,
            {"Share of a healthy weight lost when the reserve is exhausted; sets BMI and weight-for-height "
             "from the reserve.", "1", "Keys et al. 1950: losses of ~40 % of weight are fatal; P1's 25 % was not"},
            Range::between(0.05, 0.9));
    s.value("healthy_adult_bmi", &NutritionDef::healthy_adult_bmi,
            {"An adult's body-mass index at a full reserve.", "kg m-2",
             "WHO: the normal range is 18.5 to 25; 22 is its middle"},
            Range::between(15, 40));
    s.value("child_weight_loss_per_sd", &NutritionDef::child_weight_loss_per_sd,
            {"Share of a child's healthy weight that one standard deviation of weight-for-height amounts to "
             "(WHZ = -weight lost / this).", "1",
             "WHO child growth standards: -2 SD is ~80 % and -3 SD ~70 % of the median weight-for-height"},
            Range::between(0.01, 1));
    s.value("cold_need_share", &NutritionDef::cold_need_share,
            {"How much more energy everyone needs on the coldest day of the year (the rise follows a "
             "cosine over the year, none on the warmest day).", "1",
             "Sphere handbook / WFP: +100 kcal/day per 5 degC below 20 degC; Syrian winter means of "
             "~5-8 degC give ~+250 kcal on 2,100"},
            Range::between(0, 2));
    s.value("coldest_day_of_year", &NutritionDef::coldest_day_of_year,
            {"Day of the year (1 = 1 January) with the largest need.", "1", "assumption: mid-January"},
            Range::between(1, 366));
    s.value("food_kg_per_person_day", &NutritionDef::food_kg_per_person_day,
            {"Mass of food that feeds one adult for one day, to read tonnes and kg/day in the calendar.", "kg",
             "WFP general ration of ~2,100 kcal/day: about 560 g of cereals, pulses and oil"},
            Range::above_up_to(0, 100));
    return s;
  }();
  return spec;
}

const ObjectSpec<MortalityDef>& mortality_spec() {
  static const auto spec = [] {
    ObjectSpec<MortalityDef> s("mortality", "Deaths from baseline causes and from hunger.");
    const char* baseline = "assumption: order of Syria's pre-war age-specific death rates";
    s.value("baseline_child_per_1000_year", &MortalityDef::baseline_child_per_1000_year,
            {"Baseline (other-cause) death rate of children.", "deaths/1000 persons/year", baseline},
            Range::between(0, 1000));
    s.value("baseline_adult_per_1000_year", &MortalityDef::baseline_adult_per_1000_year,
            {"Baseline death rate of adults.", "deaths/1000 persons/year", baseline}, Range::between(0, 1000));
    s.value("baseline_elderly_per_1000_year", &MortalityDef::baseline_elderly_per_1000_year,
            {"Baseline death rate of the elderly.", "deaths/1000 persons/year", baseline},
            Range::between(0, 1000));
    s.value("starvation_per_1000_day", &MortalityDef::starvation_per_1000_day,
            {"Death rate from malnutrition of an adult whose reserve is exhausted.", "deaths/1000 persons/day",
             "assumption: an exhausted body dies within weeks (hunger strikes end in death at 45-75 days)"},
            Range::between(0, 1000));
    s.value("wasting_hazard_below_share", &MortalityDef::wasting_hazard_below_share,
            {"Reserve share below which malnutrition raises the death rate (0.3 is 28 % of weight "
             "lost: adult BMI ~15.8, severe wasting in children).", "1",
             "calibration P1: no deaths at ~25 % weight loss (a reserve share of ~0.38); WHO: BMI < 16 "
             "and WHZ < -3 are severe"},
            Range::between(0.01, 1));
    s.value("hunger_hazard_shape", &MortalityDef::hunger_hazard_shape,
            {"Exponent of the malnutrition hazard: rate = starvation x (1 - reserve / threshold)^shape "
             "below the threshold, 0 above it: deaths climb steeply only near exhaustion.", "1",
             "assumption; calibration P2, P3: deaths climb steeply only at very low intake"},
            Range::between(0.1, 10));
    s.value("child_hunger_multiplier", &MortalityDef::child_hunger_multiplier,
            {"How much more a wasted child is at risk than an adult.", "1", kAssumption},
            Range::between(0, 100));
    s.value("under5_hunger_multiplier", &MortalityDef::under5_hunger_multiplier,
            {"How much more a wasted under-5 is at risk than an older child.", "1",
             "assumption: SAM's case fatality is highest in the youngest (WHO 2013 guideline on SAM)"},
            Range::between(0, 100));
    s.value("elderly_hunger_multiplier", &MortalityDef::elderly_hunger_multiplier,
            {"How much more a wasted elderly person is at risk than an adult.", "1",
             "assumption; calibration P2: most victims elderly"},
            Range::between(0, 100));
    s.value("injury_death_per_1000_day", &MortalityDef::injury_death_per_1000_day,
            {"Death rate of an injured person without health care.", "deaths/1000 persons/day", kAssumption},
            Range::between(0, 1000));
    s.value("injury_care_effect", &MortalityDef::injury_care_effect,
            {"Share of the injury death rate that full health care prevents; the rate is scaled by "
             "1 - effect x health_care.", "1", kAssumption},
            Range::share());
    s.value("injury_recovery_per_day", &MortalityDef::injury_recovery_per_day,
            {"Daily chance that an injured person recovers, at full health care (scaled by what is left, "
             "with a floor of a quarter).", "1/day", kAssumption},
            Range::share());
    s.value("disease_multiplier_without_water", &MortalityDef::disease_multiplier_without_water,
            {"How much the baseline death rate rises when no water supply is left: baseline x (1 + "
             "multiplier x (1 - water)). Those extra deaths count as disease. Hunger deaths rise by the "
             "same factor: in famines most of the wasted die of infection.", "1", kAssumption},
            Range::between(0, 100));
    return s;
  }();
  return spec;
}

}  // namespace

const ObjectSpec<Scenario>& scenario_spec() {
  static const auto spec = [] {
    ObjectSpec<Scenario> s("scenario", "A siege scenario for the siege simulator: pockets, their people, "
                                       "food and aid, and the model's parameters.");
    s.required("name", &Scenario::name, {"Short name of the scenario, stored in outputs.", "", ""});
    s.value("description", &Scenario::description, {"What the scenario represents and its sources.", "", ""});
    s.required("start_date", &Scenario::start_date,
               {"Calendar date of day 0; output time is 'days since' this date.", "date", "scenario"});
    s.value("days", &Scenario::days, {"Days to simulate (the command line's --days overrides it).", "days", ""},
            Range::between(1, kMaxDays));
    s.value("seed", &Scenario::seed,
            {"Seed of the random numbers (the command line's --seed overrides it).", "", ""},
            Range::between(0, 9007199254740991.0));
    s.object("nutrition", &Scenario::nutrition, nutrition_spec(), {"Needs and reserves.", "", ""});
    s.object("mortality", &Scenario::mortality, mortality_spec(), {"Death rates.", "", ""});
    s.object("besieger", &Scenario::besieger, besieger_spec(), {"The besieging side.", "", ""});
    s.list("besiegers", &Scenario::besiegers, besieger_spec(),
           {"Other besieging sides (an allied militia, say), each with its own values from the defaults; a "
            "pocket's conflict.besieger names the one that holds it.", "", "scenario"},
           0, false);
    s.object("opinion", &Scenario::opinion, opinion_spec(), {"Support for the release condition.", "", ""});
    s.list("pockets", &Scenario::pockets, pocket_spec(), {"The besieged pockets.", "", "scenario"}, 1, true);
    s.list("mediators", &Scenario::mediators, mediator_spec(),
           {"Mediators and the pockets they work in.", "", "scenario"}, 0, false);
    s.object("leaving", &Scenario::leaving, leaving_spec(), {"How civilians choose to leave or stay.", "", ""});
    s.list("calendar", &Scenario::calendar, calendar_event_spec(),
           {"Dated events: channels, offensives, pauses, convoys, agreements, talks.", "", "scenario"}, 0, false);
    s.rule("an evacuation's destination names another pocket", [](const Scenario& sc, const Checker& c) {
      for (std::size_t i = 0; i < sc.pockets.size(); ++i) {
        if (!sc.pockets[i].conflict) continue;
        const std::string& destination = sc.pockets[i].conflict->evacuation.destination;
        if (destination.empty()) continue;
        std::vector<std::string> others;
        bool found = false;
        for (std::size_t j = 0; j < sc.pockets.size(); ++j) {
          if (j == i) continue;
          others.push_back(sc.pockets[j].name);
          found = found || sc.pockets[j].name == destination;
        }
        if (!found) {
          c.error(fmt::format("pockets[{}].conflict.evacuation.destination", i),
                  fmt::format("no other pocket is called '{}'{}; name one, or leave destination empty for "
                              "evacuees to leave the model", destination,
                              others.empty() ? std::string() : detail::suggest(destination, others)));
        }
      }
    });
    s.rule("a calendar event names a pocket, and a channel of that pocket; conflict events need a besieged pocket",
           [](const Scenario& sc, const Checker& c) {
             std::vector<std::string> names;
             for (const auto& p : sc.pockets) names.push_back(p.name);
             for (std::size_t i = 0; i < sc.calendar.size(); ++i) {
               const CalendarEventDef& e = sc.calendar[i];
               const auto at = std::find(names.begin(), names.end(), e.pocket);
               if (at == names.end()) {
                 c.error(fmt::format("calendar[{}].pocket", i),
                         fmt::format("no pocket is called '{}'{}", e.pocket, detail::suggest(e.pocket, names)));
                 continue;
               }
               const PocketDef& pocket = sc.pockets[static_cast<std::size_t>(at - names.begin())];
               const bool conflict_event = e.offensive || e.pause || e.agreement || e.talks;
               if (conflict_event && !pocket.conflict) {
                 c.error(fmt::format("calendar[{}].pocket", i),
                         fmt::format("pocket '{}' has no conflict block, so it has no strikes, talks or agreements; "
                                     "give it one or date this event elsewhere", e.pocket));
               }
               if (e.channel) {
                 std::vector<std::string> channels{"checkpoint"};
                 for (const auto& ch : pocket.channels) channels.push_back(ch.name);
                 if (std::find(channels.begin(), channels.end(), e.channel->name) == channels.end()) {
                   c.error(fmt::format("calendar[{}].channel.name", i),
                           fmt::format("pocket '{}' has no channel '{}'{}", e.pocket, e.channel->name,
                                       detail::suggest(e.channel->name, channels)));
                 }
               }
               if (e.evacuation && pocket.conflict && e.evacuation->destination != pocket.conflict->evacuation.destination) {
                 c.error(fmt::format("calendar[{}].evacuation.destination", i),
                         fmt::format("is '{}' but the pocket's conflict.evacuation.destination is '{}'; the receiving "
                                     "pocket is fixed when the run starts, so give the same one (other_destinations "
                                     "may differ)", e.evacuation->destination, pocket.conflict->evacuation.destination));
               }
             }
           });
    s.rule("a mediator's pockets are pockets under siege", [](const Scenario& sc, const Checker& c) {
      std::vector<std::string> besieged;
      for (const auto& p : sc.pockets) {
        if (p.conflict) besieged.push_back(p.name);
      }
      for (std::size_t m = 0; m < sc.mediators.size(); ++m) {
        for (std::size_t a = 0; a < sc.mediators[m].attention.size(); ++a) {
          const std::string& name = sc.mediators[m].attention[a].pocket;
          if (std::find(besieged.begin(), besieged.end(), name) != besieged.end()) continue;
          const bool exists = std::any_of(sc.pockets.begin(), sc.pockets.end(),
                                          [&](const PocketDef& p) { return p.name == name; });
          c.error(fmt::format("mediators[{}].attention[{}].pocket", m, a),
                  exists ? fmt::format("pocket '{}' has no conflict block, so there are no talks to mediate; give "
                                       "it one or remove it from the attention list", name)
                         : fmt::format("no pocket under siege is called '{}'{}", name,
                                       besieged.empty() ? std::string() : detail::suggest(name, besieged)));
        }
      }
    });
    s.rule("the social network stays under 2^31 ties", [](const Scenario& sc, const Checker& c) {
      // Every person may hold an arrival slot too, and every household at most one row of ties.
      double persons = 0;
      for (const auto& p : sc.pockets) {
        for (const auto& t : p.towns) persons += static_cast<double>(t.population);
      }
      const double ties = 2.0 * persons *
                          (1.0 + static_cast<double>(sc.opinion.ties_within_town) + sc.opinion.ties_across_towns);
      if (ties > 2147483647.0) {
        c.error("opinion.ties_within_town",
                fmt::format("with {} persons the network could need {:.3g} ties, more than 2^31; lower "
                            "ties_within_town or ties_across_towns", persons, ties));
      }
    });
    s.rule("besiegers have distinct names, and a conflict's besieger is one of them", [](const Scenario& sc,
                                                                                        const Checker& c) {
      std::vector<std::string> names;
      std::set<std::string> seen{sc.besieger.who()};
      for (std::size_t b = 0; b < sc.besiegers.size(); ++b) {
        names.push_back(sc.besiegers[b].name);
        if (sc.besiegers[b].name.empty()) {
          c.error(fmt::format("besiegers[{}]", b), "has no name; give it one, for the pockets it holds to name it "
                                                  "in conflict.besieger");
        } else if (!seen.insert(sc.besiegers[b].name).second) {
          c.error(fmt::format("besiegers[{}].name", b),
                  fmt::format("'{}' is already the name of another besieger (the scenario's besieger is '{}'); give "
                              "each a distinct name", sc.besiegers[b].name, sc.besieger.who()));
        }
      }
      for (std::size_t i = 0; i < sc.pockets.size(); ++i) {
        const auto& conflict = sc.pockets[i].conflict;
        if (!conflict || conflict->besieger.empty()) continue;
        if (std::find(names.begin(), names.end(), conflict->besieger) == names.end()) {
          c.error(fmt::format("pockets[{}].conflict.besieger", i),
                  names.empty() ? fmt::format("names '{}', but the scenario has no `besiegers` list; declare it "
                                              "there, or leave this out for the scenario's besieger",
                                              conflict->besieger)
                                : fmt::format("no entry of `besiegers` is called '{}'{}", conflict->besieger,
                                              detail::suggest(conflict->besieger, names)));
        }
      }
    });
    s.rule("a linked pocket is another pocket under siege", [](const Scenario& sc, const Checker& c) {
      std::vector<std::string> besieged;
      for (const auto& p : sc.pockets) {
        if (p.conflict) besieged.push_back(p.name);
      }
      for (std::size_t i = 0; i < sc.pockets.size(); ++i) {
        const auto& conflict = sc.pockets[i].conflict;
        if (!conflict || conflict->linked_pocket.empty()) continue;
        const std::string& name = conflict->linked_pocket;
        if (name == sc.pockets[i].name) {
          c.error(fmt::format("pockets[{}].conflict.linked_pocket", i),
                  "names the pocket itself; name the pocket where this pocket's side besieges the besieger's people");
        } else if (std::find(besieged.begin(), besieged.end(), name) == besieged.end()) {
          c.error(fmt::format("pockets[{}].conflict.linked_pocket", i),
                  fmt::format("no pocket under siege is called '{}'{}; a linked pocket needs a conflict block",
                              name, detail::suggest(name, besieged)));
        }
      }
    });
    s.rule("mediator names are unique", [](const Scenario& sc, const Checker& c) {
      std::set<std::string> seen;
      for (std::size_t m = 0; m < sc.mediators.size(); ++m) {
        if (!seen.insert(sc.mediators[m].name).second) {
          c.error(fmt::format("mediators[{}].name", m),
                  fmt::format("mediator '{}' appears twice; merge the two or give each a distinct name",
                              sc.mediators[m].name));
        }
      }
    });
    s.rule("pocket names are unique", [](const Scenario& sc, const Checker& c) {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < sc.pockets.size(); ++i) {
        if (!seen.insert(sc.pockets[i].name).second) {
          c.error(fmt::format("pockets[{}].name", i),
                  fmt::format("pocket '{}' appears twice; give each pocket a distinct name",
                              sc.pockets[i].name));
        }
      }
    });
    s.rule("at most 65535 towns and 1e9 persons in all", [](const Scenario& sc, const Checker& c) {
      std::size_t towns = 0;
      double persons = 0;
      for (const auto& p : sc.pockets) {
        towns += p.towns.size();
        for (const auto& t : p.towns) persons += static_cast<double>(t.population);
      }
      if (towns > 65535) c.error("pockets", fmt::format("has {} towns in all; the limit is 65535", towns));
      if (persons > kMaxPersons) {
        c.error("pockets", fmt::format("has {} persons in all; the limit is {}", persons, kMaxPersons));
      }
    });
    return s;
  }();
  return spec;
}

}  // namespace siege::scenario
