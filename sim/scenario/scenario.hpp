#pragma once
// The typed, validated scenario. Default member values are the model's defaults; every key, its
// units, meaning and source are declared once in declaration.cpp. A Scenario is frozen once read:
// the World holds it as `const`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace siege {

struct TownDef {
  std::string name;
  std::int64_t population = 0;
  double lat = 0.0;
  double lon = 0.0;
};

/// Cash that reaches a share of the households each day from a source outside the pocket's own
/// work: state salaries, remittances.
struct IncomeSourceDef {
  double share_of_households = 0.0;
  double usd_per_day = 0.0;  ///< per receiving household
};

/// What a household owns and can sell for food (gold, furniture, appliances, vehicles).
struct AssetsDef {
  double mean_usd = 0.0;
  double sale_share_per_day = 0.05;  ///< of what is left, each day the household is short of food and cash
  double value_share = 0.4;          ///< of the value a distress sale fetches
};

struct HouseholdDef {
  double mean_size = 5.5;
  double initial_food_store_days = 7.0;
  double target_food_store_days = 7.0;
  double hidden_food_store_days = 14.0;
  double initial_cash_usd = 150.0;
  double wealth_spread = 0.66;
  double income_usd_per_person_day = 0.25;
  IncomeSourceDef salaries;
  IncomeSourceDef remittances;
  AssetsDef assets;
  double initial_reserve_share = 0.8;
  double initial_reserve_spread = 0.2;
  bool children_first = true;
  double kin_share_per_day = 0.2;
  double kin_keeps_days = 3.0;
};

struct DemographyDef {
  double child_share = 0.40;
  double adult_share = 0.54;
  double elderly_share = 0.06;
  double female_share = 0.51;
  double under5_share_of_children = 0.36;
};

struct MarketDef {
  double outside_price_usd_per_person_day = 0.5;
  double initial_stock_days = 5.0;
  double initial_cost_multiple = 2.0;
  double target_cover_days = 10.0;
  double spoilage_share_per_day = 0.005;
};

/// Wild plants, weeds and gardens: what people short of food gather inside the pocket.
struct ForagingDef {
  double person_days_per_km2_day = 0.0;
  double seasonal_amplitude = 0.5;
  std::int64_t peak_day_of_year = 110;
};

struct ProductionDef {
  std::string name;
  double person_days_per_day = 0.0;
  double seasonal_amplitude = 0.0;
  std::int64_t peak_day_of_year = 180;
  double cost_multiple = 1.5;
};

/// Days (counted from the scenario's start, both ends included) on which a checkpoint is shut.
struct ClosureDef {
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
};

struct SmugglingDef {
  double capacity_person_days_per_day = 0.0;
  double markup_multiple = 4.0;
  std::vector<ClosureDef> closed;
};

enum class ChannelKind : std::uint8_t { kCrossing = 0, kTunnel = 1, kAir = 2 };
enum class Seller : std::uint8_t { kBesieger = 0, kTraders = 1 };

/// A supply route into a pocket besides the checkpoint trade of `smuggling`: a second crossing, a
/// tunnel or smuggling route, an air link that carries goods for sale.
struct ChannelDef {
  std::string name;
  ChannelKind kind = ChannelKind::kTunnel;
  Seller seller = Seller::kTraders;
  double capacity_person_days_per_day = 0.0;
  std::optional<double> capacity_kg_per_day;  ///< instead of person-days
  double markup_multiple = 3.0;
  bool open = true;
};

/// How the aid that reaches a pocket is handed out.
enum class AidDistribution : std::uint8_t {
  kHouseholds,  ///< to every household on arrival, in proportion to its need
  kKitchens,    ///< kept in a store and served as meals, day by day, to those short of food
};

struct AidDef {
  std::int64_t first_request_day = 0;
  std::int64_t request_every_days = 0;
  double approval_probability = 0.5;
  std::int64_t delay_days = 3;
  std::int64_t trucks_per_convoy = 0;
  double rations_per_truck_person_days = 30000.0;
  double loot_probability_per_truck = 0.0;
  double kept_back_share = 0.0;
  AidDistribution distribution = AidDistribution::kHouseholds;
  double kitchen_meal_share = 0.5;
};

/// What the negotiation committee asks before it signs.
/// What the negotiation committee asks before it signs; the values are stored in output files.
enum class ReleasePolicy : std::uint8_t {
  kHold,    ///< no agreement takes force until a set share of the list has been released
  kDrop,    ///< the condition is not demanded: the committee bargains on the rest of the terms
  kPhased,  ///< releases by stages, each tied to a step of the deal, women and children first
};

/// What the besieger puts on the table in talks.
enum class Terms : std::uint8_t {
  kCeasefire,  ///< a ceasefire with clauses (the Cairo agreement)
  kSurrender,  ///< surrender and evacuation of fighters and families (the Waer agreement)
};

/// The negotiation state of a pocket; the values are stored in output files, never renumber.
enum class NegotiationState : std::uint8_t {
  kSiege = 0,       ///< encircled, no talks under way: the pauses between rounds
  kTalks = 1,       ///< a round of talks is under way
  kCeasefire = 2,   ///< an agreement with a cessation of hostilities is in force
  kEscalation = 3,  ///< an offensive after talks failed or a truce collapsed
  kSurrender = 4,   ///< a surrender agreement is signed; evacuation under way
  kEnded = 5,       ///< evacuated and reconciled: the siege is over
  kUnbesieged = 6,  ///< a pocket outside the conflict model (a destination, say)
};

/// The committee answers to the residents: it drops the release condition once their support for
/// holding it has stayed under `below` for `days` days in a row.
struct FollowSupportDef {
  double below = 0.4;
  std::int64_t days = 30;
};

struct CommitteeDef {
  ReleasePolicy policy = ReleasePolicy::kHold;
  std::optional<FollowSupportDef> follow_support;
  double hold_release_share = 0.25;
  double surrender_threshold = 0.2;
  double bears_death_rate = 0.5;
  double detainee_value_lives = 0.2;
  double prior_worth_share = 0.05;
  double horizon_days = 365.0;
  std::int64_t phased_stages = 3;
  double food_weight = 0.4;
  double morale_weight = 0.4;
  double fighter_weight = 0.2;
  double territory_weight = 0.2;
};

struct DetaineesDef {
  std::int64_t on_list = 0;
  std::int64_t not_on_list = 0;
  double women_and_children_share = 0.1;
  double death_per_1000_year = 30.0;
  double arrest_per_1000_day_after_reconciliation = 0.1;
};

struct InfrastructureDef {
  double health_care = 0.5;
  double bakeries = 1.0;
  double water = 1.0;
  double damage_per_strike = 0.001;
  double repair_share_per_day = 0.01;
};

struct ForcesDef {
  double fighter_share_of_adult_men = 0.2;
  double pay_usd_per_day = 0.0;
  double food_claim_share = 0.0;
  double initial_morale = 0.7;
  double morale_recovery_per_day = 0.01;
  double morale_loss_per_strike = 0.002;
  double morale_loss_per_malnourished_share = 0.02;
  double retaliation_probability = 0.6;
  double morale_loss_per_territory_share = 0.5;
  std::int64_t captives_held = 0;
};

/// Somewhere evacuees go that the model does not simulate (government shelters, another region).
struct DestinationDef {
  std::string name;
  double share = 0.0;
};

/// The evacuation terms of a surrender deal: who must leave, who may stay and on what terms, the
/// batches and buses, and where evacuees go. How many leave comes from these terms and from each
/// household's own choice (LeavingDef), not from a number of buses per day.
struct EvacuationDef {
  /// Pocket that receives the evacuees; empty: they leave the model.
  std::string destination;
  /// Shares of evacuees who go elsewhere, outside the model; the rest go to `destination`.
  std::vector<DestinationDef> other_destinations;
  bool fighters_must_leave = true;
  /// Share of the fighters' households that stay and reconcile under the deal's amnesty (none
  /// without one). Waer 2017's ~1,150 of ~4,850 is the only documented share (calibration W1, W9).
  double fighters_reconcile_share = 0.24;
  bool civilians_may_leave = true;
  /// Everyone must leave (the towns are emptied), not only the fighters.
  bool everyone_must_leave = false;
  /// Those who stay are promised an amnesty.
  bool amnesty = true;
  /// Men who stay are conscripted this many days after the deal; 0: no conscription clause.
  std::int64_t conscription_after_days = 0;
  std::int64_t first_batch_after_days = 0;
  std::int64_t batch_every_days = 1;
  std::int64_t batch_persons_max = 250;
  std::int64_t bus_seats = 50;
  std::int64_t days_allowed = 90;
};

/// How a household without a fighter weighs leaving, when a deal or a pause lets it, against
/// staying: log-odds added up from its own situation (logistic choice).
struct LeavingDef {
  double base_log_odds = -2.0;
  double adult_man_log_odds = 0.7;
  double conscription_log_odds = 1.0;
  double no_amnesty_log_odds = 1.0;
  double hunger_log_odds = 2.0;
  /// Added, in place of hunger, once a surrender has lifted the siege (staying is fed and at home).
  double siege_lifted_log_odds = -6.0;
  double damage_log_odds = 1.0;
  double detained_relative_log_odds = 0.5;
};

/// A share of a mediator's attention given to one pocket.
struct AttentionDef {
  std::string pocket;
  double share = 1.0;
};

/// A mediator works in several pockets at once; its pressure on the besieger, and the swaps it
/// brokers, are a budget shared among them by `attention`. The share of a pocket whose talks are
/// over (surrendered, ended) goes to the others in proportion to theirs.
struct MediatorDef {
  std::string name;
  double pressure = 0.0;
  bool monitors = false;
  std::int64_t swap_every_days = 0;
  std::int64_t swap_size = 5;
  std::vector<AttentionDef> attention;
};

/// Residents' support for holding the release condition, and the network it spreads over.
struct OpinionDef {
  double prior_mean = 0.6;
  double prior_spread = 0.2;
  double detained_relative_gain = 0.25;
  double hunger_weight = 0.5;
  double deaths_weight = 0.05;
  double strikes_weight = 0.002;
  double memory_days = 30.0;
  double stubbornness = 0.1;
  double household_weight = 0.5;
  std::int64_t ties_within_town = 4;
  double ties_across_towns = 0.5;
  double demonstration_threshold = 0.6;
  double demonstration_probability = 0.2;
};

/// An agreement in force at day 0, or the terms of one signed in talks.
struct AgreementDef {
  std::string name = "agreement";
  Terms kind = Terms::kCeasefire;
  bool cessation_of_hostilities = true;
  bool aid_entry = true;
  bool free_movement = false;
  bool monitors = false;
  std::int64_t releases = 0;
  double releases_per_day = 10.0;
  std::int64_t violation_tolerance = 10;
};

/// A pocket under siege: the negotiation committee, the pocket's fighters, its detainees,
/// infrastructure and the terms of evacuation.
struct ConflictDef {
  NegotiationState initial_state = NegotiationState::kSiege;
  Terms besieger_terms = Terms::kCeasefire;
  std::int64_t first_talks_day = 30;
  std::int64_t pause_days = 30;
  std::int64_t round_days = 7;
  double departure_share_per_day = 0.0005;
  CommitteeDef committee;
  ForcesDef forces;
  DetaineesDef detainees;
  InfrastructureDef infrastructure;
  EvacuationDef evacuation;
  AgreementDef terms;
  std::optional<AgreementDef> agreement_at_start;
  /// Name of the `besiegers` entry that besieges this pocket; empty: the scenario's `besieger`.
  std::string besieger;
  /// A pocket where this pocket's side besieges the besieger's own people: they are this pocket's
  /// counter-leverage, and a deal here takes in that pocket too.
  std::string linked_pocket;
  // Resolved by the reader.
  std::int32_t besieger_index = -1;       ///< in Scenario::besiegers, or -1: Scenario::besieger
  std::int32_t linked_pocket_index = -1;  ///< in Scenario::pockets, or -1: none
};

struct PocketDef {
  std::string name;
  double area_km2 = 1.0;
  std::optional<std::int64_t> population;
  std::vector<TownDef> towns;
  HouseholdDef households;
  DemographyDef demography;
  MarketDef market;
  std::vector<ProductionDef> production;
  ForagingDef foraging;
  SmugglingDef smuggling;
  std::vector<ChannelDef> channels;
  AidDef aid;
  /// Absent: the pocket is outside the conflict model (no talks, no strikes).
  std::optional<ConflictDef> conflict;
};

struct NutritionDef {
  double child_need_share = 0.6;
  double elderly_need_share = 0.9;
  double reserve_child_days = 35.0;
  double reserve_adult_days = 50.0;
  double reserve_elderly_days = 35.0;
  double under5_reserve_factor = 0.7;
  double female_reserve_factor = 1.15;
  double recovery_days_per_day = 0.3;
  double adaptation_max_share = 0.4;
  double adaptation_full_at_deficit = 0.5;
  double adaptation_days = 60.0;
  double mass_expenditure_share = 0.5;
  double lethal_weight_loss_share = 0.4;
  double healthy_adult_bmi = 22.0;
  double child_weight_loss_per_sd = 0.1;
  double cold_need_share = 0.12;
  std::int64_t coldest_day_of_year = 15;
  double food_kg_per_person_day = 0.56;
};

struct MortalityDef {
  double baseline_child_per_1000_year = 2.5;
  double baseline_adult_per_1000_year = 3.0;
  double baseline_elderly_per_1000_year = 45.0;
  double starvation_per_1000_day = 100.0;
  double wasting_hazard_below_share = 0.3;
  double hunger_hazard_shape = 4.0;
  double child_hunger_multiplier = 1.5;
  double under5_hunger_multiplier = 2.0;
  double elderly_hunger_multiplier = 1.5;
  double injury_death_per_1000_day = 10.0;
  double injury_care_effect = 0.8;
  double injury_recovery_per_day = 0.03;
  double disease_multiplier_without_water = 1.0;
};

/// The besieging side: how hard it strikes in each state, what it offers, how it keeps its word.
struct BesiegerDef {
  double strikes_per_day_siege = 3.0;
  double strikes_per_day_talks = 1.0;
  double strikes_per_day_ceasefire = 0.5;
  double strikes_per_day_escalation = 12.0;
  double strikes_per_day_surrender = 0.0;
  double monitored_strike_factor = 0.3;
  double killed_per_strike = 0.5;
  double injured_per_strike = 1.5;
  double fighter_target_weight = 3.0;
  double offer_base_share = 0.01;
  double siege_cost_share_per_year = 0.02;
  double casualty_cost_share_per_year = 0.01;
  double pressure_cost_share_per_year = 0.1;
  double leverage_cost_share_per_year = 0.01;
  double concession_per_round = 0.25;
  double endurance_horizon_days = 365.0;
  double escalation_hazard_per_day = 0.002;
  double escalation_hazard_per_rejection = 0.004;
  double escalation_mean_days = 21.0;
  double smuggling_factor_escalation = 0.3;
  double aid_approval_factor_siege = 1.0;
  double aid_approval_factor_escalation = 0.0;
  double aid_compliance = 0.85;
  double movement_compliance = 0.95;
  double release_compliance = 0.7;
  double renege_per_day = 0.01;
  double conscripted_share = 0.5;
  double amnesty_kept = 0.5;
  double pocket_violation_per_day = 0.02;
  double reference_density_per_km2 = 10000.0;
  std::string name;  ///< empty for the scenario's own besieger unless the file names it
  /// Who besieges, as the event log says it.
  std::string who() const { return name.empty() ? std::string("the besieger") : name; }
};

/// A dated change to a supply channel ("checkpoint" is the `smuggling` block's).
struct ChannelChangeDef {
  std::string name;
  std::optional<bool> open;
  std::optional<double> capacity_person_days_per_day;
  std::optional<double> capacity_kg_per_day;
  std::optional<double> markup_multiple;
};

/// A dated offensive: strikes at a set intensity while it lasts, and on its first day a ground
/// advance that takes territory and farmland; residents of what is taken flee across the front
/// (with a risk) or crowd into what is left.
struct OffensiveDef {
  double strikes_per_day = 12.0;
  double territory_share = 0.0;
  double farmland_share = 0.0;
  double flee_share = 0.0;
  double flight_death_risk = 0.02;
};

/// A dated pause in the strikes, unilateral or humanitarian; a humanitarian pause lets the
/// civilians who choose to leave go out, up to `persons_per_day`.
struct PauseDef {
  double strike_factor = 0.0;
  bool humanitarian = false;
  std::int64_t persons_per_day = 0;
};

enum class ConvoyOutcome : std::uint8_t { kDraw = 0, kApproved = 1, kRefused = 2, kLooted = 3, kDiverted = 4 };
enum class ConvoyRoute : std::uint8_t { kRoad = 0, kAir = 1 };

/// A dated convoy or air drop (repeated every `every_days` until the event's end, if given).
struct ConvoyDef {
  ConvoyRoute by = ConvoyRoute::kRoad;
  std::int64_t trucks = 0;
  double tonnes = 0.0;
  double rations_person_days = 0.0;
  ConvoyOutcome outcome = ConvoyOutcome::kDraw;
  double diverted_share = 0.5;
  std::int64_t every_days = 0;
};

/// A dated round of talks.
struct TalksDef {
  std::int64_t round_days = 0;  ///< 0: the conflict's round_days
};

/// One dated event of the calendar: exactly one of the kinds below. Dates are ISO dates or day
/// numbers; the reader resolves both into `first_day` and `last_day`.
struct CalendarEventDef {
  std::optional<Date> date;
  std::optional<std::int64_t> day;
  std::optional<Date> to_date;
  std::optional<std::int64_t> to_day;
  std::string pocket;
  std::string note;
  std::optional<ChannelChangeDef> channel;
  std::optional<OffensiveDef> offensive;
  std::optional<PauseDef> pause;
  std::optional<ConvoyDef> convoy;
  std::optional<AgreementDef> agreement;
  std::optional<EvacuationDef> evacuation;  ///< who leaves under the agreement (a surrender, or a transfer)
  std::optional<TalksDef> talks;
  // Resolved by the reader.
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  std::uint32_t pocket_index = 0;
};

/// A policy the file declares: a named overlay of scenario values. The overlay itself is applied
/// to the YAML before it is read (scenario/policy.cpp); the typed scenario keeps name and meaning.
struct PolicyDef {
  std::string name;
  std::string description;
  std::vector<std::string> keys;  ///< the key paths its `set` names, as written
};

struct Scenario {
  std::string name;
  std::string description;
  Date start_date;
  std::int64_t days = 365;
  std::int64_t seed = 1;
  NutritionDef nutrition;
  MortalityDef mortality;
  BesiegerDef besieger;
  /// Other besieging sides (an allied militia, say), each holding the pockets whose conflict names it.
  std::vector<BesiegerDef> besiegers;
  OpinionDef opinion;
  std::vector<PocketDef> pockets;
  std::vector<MediatorDef> mediators;
  LeavingDef leaving;
  std::vector<CalendarEventDef> calendar;
  /// The policies the file declares, and the one applied ("baseline" when none).
  std::vector<PolicyDef> policies;
  std::string policy = "baseline";
  /// The `--set key=value` assignments applied on top of the policy, in order, as given.
  std::vector<std::string> overrides;

  /// The YAML text the scenario was read from, embedded in every output file.
  std::string source_text;
  /// The path it was read from, as given by the user.
  std::string source_file;

  std::int64_t persons() const;
  /// The side that besieges pocket p (its conflict's `besieger`, or the scenario's).
  const BesiegerDef& besieger_of(std::uint32_t p) const;
};

}  // namespace siege
