#pragma once
// The state of one run: persons and households as structures of arrays, towns and pockets with
// their markets and convoys, and the figures of the current day that observers read.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "scenario/scenario.hpp"
#include "world/network.hpp"

namespace siege {

enum class AgeBand : std::uint8_t { kChild = 0, kAdult = 1, kElderly = 2 };
inline constexpr std::size_t kAgeBands = 3;

enum class Sex : std::uint8_t { kFemale = 0, kMale = 1 };
inline constexpr std::size_t kSexes = 2;

enum class Status : std::uint8_t {
  kInside = 0,     ///< alive, inside the pocket
  kDead = 1,       ///< see the person's cause
  kDeparted = 2,   ///< left through a crossing, out of the model
  kEvacuated = 3,  ///< left on an evacuation bus (their twin slot in the destination, if any, took over)
  kDetained = 4,   ///< arrested by the besieger (see Detainees)
  kAbsent = 5,     ///< an arrival slot in a destination pocket that no evacuee has filled (yet)
  kConscripted = 6,  ///< taken into the besieger's army after a surrender (out of the model)
};

/// Cause of a death. kNone for the living; the others index `deaths` tallies as cause - 1.
enum class Cause : std::uint8_t { kNone = 0, kMalnutrition = 1, kOther = 2, kBombardment = 3, kDiseaseOrInjury = 4 };
inline constexpr std::size_t kCauses = 4;
inline constexpr std::array<Cause, kCauses> kDeathCauses = {Cause::kMalnutrition, Cause::kOther, Cause::kBombardment,
                                                            Cause::kDiseaseOrInjury};

/// Bits of Persons::flags.
inline constexpr std::uint8_t kFighter = 1;
inline constexpr std::uint8_t kInjured = 2;
inline constexpr std::uint8_t kUnderFive = 4;  ///< a child under 5 (drawn once; nobody ages in a run)
std::string_view cause_name(Cause cause);
inline std::size_t cause_index(Cause cause) { return static_cast<std::size_t>(cause) - 1; }

/// Residents, one slot each, ordered by pocket, town and household (a household's members are
/// contiguous). Slots are never reused: the dead and the departed keep theirs.
struct Persons {
  std::vector<AgeBand> age_band;
  std::vector<Sex> sex;
  /// Body energy reserve as a share of a healthy one: 1 is a healthy weight, 0 is the weight at
  /// which starvation kills (Biology::lethal_weight_loss).
  std::vector<float> reserve_share;
  /// Share by which the body has cut its expenditure after a deficit (adaptive thermogenesis).
  std::vector<float> adaptation;
  std::vector<Status> status;
  std::vector<Cause> cause;
  std::vector<std::uint8_t> flags;  ///< kFighter, kInjured, kUnderFive
  /// Support for holding the detainee-release condition, 0 to 1 (the opinion stage moves it).
  std::vector<float> support;
  /// The person's own leaning towards holding the condition, in 255ths, drawn once.
  std::vector<std::uint8_t> leaning;

  std::size_t size() const { return status.size(); }
  void resize(std::size_t n);
};

/// Households share one food store and one purse.
inline constexpr std::uint8_t kSalary = 1;
inline constexpr std::uint8_t kRemittances = 2;

struct Households {
  /// Members of household h are persons [first_person[h], first_person[h + 1]).
  std::vector<std::uint32_t> first_person;
  std::vector<std::uint16_t> town;
  std::vector<float> food_person_days;
  /// Food put aside at the start and kept out of sight: not shared, eaten only when nothing else is left.
  std::vector<float> hidden_food_person_days;
  std::vector<float> cash_usd;
  /// Value of what the household still owns and can sell (scenario households.assets).
  std::vector<float> assets_usd;
  /// kSalary, kRemittances: the outside incomes the household draws (fixed when the world is built).
  std::vector<std::uint8_t> income_sources;
  /// Fighters among the members inside, kept with `inside`: their pay comes to the household.
  std::vector<std::uint16_t> fighters_inside;
  /// Relatives of the household held by the besieger.
  std::vector<std::uint32_t> detained_relatives;
  /// Members inside by age band, kept by World::add_resident and remove_resident, so that a
  /// household's need takes no pass over its members.
  std::vector<std::array<std::uint16_t, kAgeBands>> inside;
  /// Sums over the members inside, in member order, of support (left by yesterday's opinion stage)
  /// and of reserve share (left by today's households stage): the opinion stage reads these
  /// instead of every person again, except where `members_changed` says someone came or went since.
  std::vector<float> support_sum;
  std::vector<float> reserve_share_sum;
  std::vector<std::uint8_t> members_changed;
  /// 1 when every member inside ended the last meal at a healthy reserve with no adaptation, and
  /// nobody has come or gone since: a full ration then changes none of them.
  std::vector<std::uint8_t> settled;
  /// 1 when the household ate less than its need at the last meal: its ties share with it today.
  std::vector<std::uint8_t> went_short;

  std::int32_t inside_count(std::uint32_t h) const { return inside[h][0] + inside[h][1] + inside[h][2]; }

  std::size_t size() const { return town.size(); }
  void resize(std::size_t n);
};

/// Where a town comes from: a scenario town, or the arrival slots that mirror an origin pocket's
/// households in the pocket its evacuees go to.
struct TownLayout {
  std::string name;
  std::uint32_t pocket = 0;
  double lat = 0.0, lon = 0.0;
  const TownDef* scenario_town = nullptr;    ///< null for arrival slots
  std::int32_t arrivals_from_pocket = -1;    ///< origin pocket of arrival slots
};
/// Towns in world order (pocket by pocket; a pocket's arrival towns after its own).
std::vector<TownLayout> town_layout(const Scenario& scenario);

struct Town {
  std::uint32_t pocket = 0;
  std::uint32_t first_household = 0, end_household = 0;
  std::uint32_t first_person = 0, end_person = 0;
  std::int64_t alive = 0;
  std::int64_t fighters = 0;  ///< fighters alive inside the town
  // Figures of the day, set by the households stage.
  double mean_nutrition = 0.0;
  double share_malnourished = 0.0;
  std::int64_t deaths_today = 0;
  std::int64_t strikes_today = 0;
  // What residents remember (exponentially weighted sums over opinion.memory_days), and their mean
  // support for the condition, set by the opinion stage.
  double recent_deaths_per_1000 = 0.0;
  double recent_strikes = 0.0;
  double support = 0.0;
};

struct Market {
  double stock_person_days = 0.0;
  /// The part of the stock grown or caught inside the pocket: what it sells for stays inside.
  double local_person_days = 0.0;
  /// What the stock cost traders, as a multiple of the outside price (weighted by source).
  double cost_multiple = 1.0;
  double price_multiple = 1.0;
  /// What households asked for yesterday at the lowest price sellers accept (what the stock cost):
  /// the demand that money backs, which traders stock for. Unknown (infinite) before the first day.
  double asked_at_cost_person_days = std::numeric_limits<double>::infinity();

  void add(double person_days, double cost, bool local);
  /// Takes food out (sold or spoiled) evenly across sources; returns the local part taken.
  double remove(double person_days);
};

/// Persons from the pockets held by the besieger, one slot each; slots are never reused.
enum class DetaineeStatus : std::uint8_t { kHeld = 0, kReleased = 1, kDied = 2 };
struct Detainees {
  std::vector<std::uint16_t> origin_pocket;
  std::vector<std::uint8_t> on_list;            ///< on the committee's list
  std::vector<std::uint8_t> woman_or_child;
  std::vector<DetaineeStatus> status;
  std::vector<std::int64_t> person;             ///< the arrested resident, or -1 for one held from before
  std::vector<std::uint32_t> household;         ///< the family left behind, or kNoHousehold
  static constexpr std::uint32_t kNoHousehold = 0xFFFFFFFFu;
  std::size_t size() const { return status.size(); }
  void add(std::uint16_t origin, bool listed, bool woman_or_child, std::int64_t person_index, std::uint32_t family);
};

enum class AgreementStatus : std::uint8_t { kProposed = 0, kInForce = 1, kViolated = 2, kCollapsed = 3, kFulfilled = 4 };
std::string_view agreement_status_name(AgreementStatus status);
/// The name of a negotiation state, as in the outputs' flag_meanings.
std::string_view state_name(NegotiationState state);

/// Clauses an agreement can hold; each is complied with (or not) by each party every day.
enum class Clause : std::uint8_t { kCessation = 0, kAidEntry = 1, kFreeMovement = 2, kMonitors = 3, kReleases = 4 };
inline constexpr std::size_t kClauses = 5;
std::string_view clause_name(Clause clause);

struct Agreement {
  std::int32_t id = 0;
  std::uint32_t pocket = 0;
  std::string name;
  AgreementDef terms;
  AgreementStatus status = AgreementStatus::kProposed;
  std::int64_t day_signed = 0;
  std::int64_t violations = 0;
  std::int64_t released = 0;          ///< detainees released under it so far
  double release_credit = 0.0;        ///< scheduled releases not yet due in whole persons
  bool reneged = false;               ///< the besieger has stopped releasing
  /// Under phased: the tranches its releases come in, each due before a step of the deal (0: not phased).
  std::int64_t stages = 0;
  /// The agreement in the linked pocket that this one took in, or that took this one in; -1: none.
  std::int32_t linked_to = -1;
  /// The pocket's crude death rate (per 10,000 a day, last ~30 days) when it was signed: what the
  /// committee measures the lives a truce spares against.
  double death_rate_at_signing = 0.0;
  /// Today's compliance with each clause: besieger [0], pocket [1] (1 complied, 0 broken).
  std::array<std::array<std::uint8_t, kClauses>, 2> complied_today{};
  bool has(Clause clause) const;
};

struct Convoy {
  std::int64_t arrival_day = 0;
  std::int64_t trucks = 0;
};

/// A pocket's figures for the current day, reset each morning; observers read them at night.
struct PocketToday {
  std::array<std::int64_t, kCauses> deaths{};
  std::int64_t fighter_deaths = 0;     ///< of `deaths`, those of fighters
  std::int64_t aid_trucks = 0;         ///< trucks that arrived and were unloaded
  std::int64_t aid_trucks_looted = 0;  ///< trucks lost at checkpoints
  double aid_person_days = 0.0;        ///< food handed to households from convoys (or served by kitchens)
  double aid_kept_back_person_days = 0.0;  ///< of the food unloaded, what the authorities inside kept back
  double foraged_person_days = 0.0;
  double shared_person_days = 0.0;     ///< food given by households to their ties
  double hidden_eaten_person_days = 0.0;  ///< food households ate from the stocks they had hidden
  double fighters_ration_person_days = 0.0;  ///< food the armed group took from the market for its fighters
  double outside_income_usd = 0.0;     ///< salaries, remittances and fighters' pay that reached households
  double assets_sold_usd = 0.0;        ///< cash households raised by distress sales of what they own
  double produced_person_days = 0.0;
  double smuggled_person_days = 0.0;
  double sold_person_days = 0.0;
  double spoiled_person_days = 0.0;
  double household_food_person_days = 0.0;  ///< in household stores after eating
  double household_cash_usd = 0.0;          ///< in household purses at the end of the day
  double mean_nutrition = 0.0;              ///< mean reserve share of the living
  double share_malnourished = 0.0;
  std::int64_t fed = 0;               ///< residents at the day's meal
  std::int64_t under5_fed = 0;        ///< of them, under 5
  std::int64_t under5_gam = 0;        ///< under-5s below -2 SD weight-for-height after the meal
  std::int64_t under5_sam = 0;        ///< under-5s below -3 SD
  std::int64_t under5_deaths = 0;     ///< of `deaths`, those of under-5s
  /// `deaths` by cause, age band and sex.
  std::array<std::array<std::array<std::int64_t, kSexes>, kAgeBands>, kCauses> deaths_by_age_sex{};
  /// Households with anyone at the day's meal, and of them those whose food fell short of their
  /// need by any amount, by 20 % or more, and by 50 % or more (the IPC household phases 3, 4, 5).
  std::int64_t households_fed = 0;
  std::int64_t households_food_gap = 0, households_large_food_gap = 0, households_extreme_food_gap = 0;

  std::int64_t all_deaths() const {
    std::int64_t sum = 0;
    for (const std::int64_t d : deaths) sum += d;
    return sum;
  }
  /// The day's crude and under-5 death rates, per 10,000 at the meal (0 where nobody was).
  double crude_death_rate() const { return per_10000(all_deaths(), fed); }
  double under5_death_rate() const { return per_10000(under5_deaths, under5_fed); }
  static double per_10000(std::int64_t count, std::int64_t of) {
    return of > 0 ? 1e4 * static_cast<double>(count) / static_cast<double>(of) : 0.0;
  }
  std::int64_t strikes = 0;
  std::int64_t injured_new = 0;
  std::int64_t detainees_released = 0;
  std::int64_t detainees_died = 0;
  std::int64_t detainees_arrested = 0;
  std::int64_t conscripted = 0;        ///< men taken into the besieger's army after a surrender
  std::int64_t evacuated = 0;         ///< left on buses today
  std::int64_t arrived = 0;           ///< evacuees from other pockets who arrived today
  std::int64_t departed = 0;          ///< left through crossings today
  std::int64_t violations_besieger = 0;
  std::int64_t violations_pocket = 0;
  double support = 0.0;               ///< mean support of residents for holding the release condition
  double support_above_half = 0.0;    ///< share of residents whose support is above 0.5
  std::int64_t demonstrations = 0;    ///< towns that demonstrated for the condition today
};

/// A pocket's side of the conflict: negotiation state, capacity to hold out, infrastructure.
struct Front {
  NegotiationState state = NegotiationState::kUnbesieged;
  std::int64_t state_since_day = 0;
  ReleasePolicy policy = ReleasePolicy::kHold;  ///< the committee's, which support can change
  std::int64_t low_support_days = 0;        ///< days in a row support has been under follow_support.below
  double mediator_pressure = 0.0;           ///< today's pressure of all mediators working here
  bool mediator_monitors = false;           ///< a mediator working here deploys monitors
  std::int64_t rejections = 0;              ///< rounds the committee has rejected
  std::int32_t agreement = -1;              ///< index in World::agreements of the one in force, or -1
  std::int32_t proposed = -1;               ///< under hold or phased: signed, waiting for releases
  double offer_share = 0.0;                 ///< share of the list in the besieger's last offer
  /// The committee's belief about what a deal is worth to the besieger (the share of the list it
  /// would free at most), from its prior, the offers it has seen and the demands refused.
  double believed_worth_share = 0.0;
  /// The besieger's reading of the pocket: the mean daily change of its capacity to hold out
  /// (an exponential mean over ~30 days), from which it expects how long the pocket can last.
  double capacity_trend_per_day = 0.0;
  double morale = 0.0;
  double capacity = 1.0;                    ///< capacity to hold out, 0 to 1
  std::int64_t fighters_initial = 0;
  std::int64_t fighters = 0;
  std::int64_t injured = 0;
  std::int64_t captives = 0;
  std::int64_t evacuated_total = 0;
  std::int64_t fighters_evacuated_total = 0;
  std::int64_t departed_total = 0;
  std::int64_t detainees_released_total = 0;
  std::int64_t conscripted_total = 0;
  bool conscription_done = false;           ///< the deal's conscription day has come
  std::int64_t evacuation_started_day = -1;
  double health_care = 1.0, bakeries = 1.0, water = 1.0;
  bool monitored = false;                   ///< a monitors clause is in force
  std::int64_t rounds = 0;                  ///< rounds of talks held
  std::int64_t detainees_held = 0;
  // Yesterday's figures, which today's decisions see.
  double food_security = 1.0;               ///< mean nutritional reserve share
  /// Crude and under-5 death rates per 10,000 a day, exponential means over about 30 days up to
  /// yesterday (kept by begin_day): what the IPC phase reads, as a survey's recall period would.
  double recent_death_rate = 0.0;
  double recent_under5_death_rate = 0.0;
  double share_malnourished = 0.0;
  std::int64_t strikes_yesterday = 0;
  // Evacuation: fighters' households first (phase 0), then civilians who chose to go (phase 1).
  int evacuation_phase = 0;
  std::uint32_t evacuation_cursor = 0;      ///< next household to consider
  std::int64_t evacuation_batches = 0;
  /// evacuated_total and evacuation_batches when the evacuation under way began: what it moved is the rest.
  std::int64_t evacuated_before_deal = 0;
  std::int64_t batches_before_deal = 0;
  std::int64_t last_batch_day = -1;
  /// The calendar event whose agreement set the evacuation terms, or -1 (the conflict's), and that
  /// agreement (a surrender, or a transfer under a ceasefire), or -1.
  std::int32_t evacuation_event = -1;
  std::int32_t evacuation_agreement = -1;
  /// The humanitarian pause begun last (a calendar event, or -1), and the next household it
  /// considers letting out.
  std::int32_t pause_event = -1;
  std::uint32_t pause_cursor = 0;
  /// Length of the round under way when a dated talks event set it; 0: the conflict's round_days.
  std::int64_t round_days = 0;
  // What the calendar says of today, set each morning by the calendar stage.
  double offensive_strikes_per_day = -1.0;  ///< a dated offensive's intensity, or -1 when none is on
  double pause_strike_factor = 1.0;         ///< strikes are multiplied by this (a dated pause)
  std::int64_t pause_persons_per_day = 0;   ///< a humanitarian pause lets this many out per day
  double territory_held = 1.0;              ///< share of the pocket's territory still held
  double farmland_held = 1.0;               ///< share of its farmland still held
};

struct Pocket {
  std::uint32_t first_town = 0, end_town = 0;
  std::uint32_t first_person = 0, end_person = 0;
  std::int64_t initial_population = 0;
  std::int64_t alive = 0;
  std::int64_t under5_alive = 0;  ///< of `alive`, children under 5
  std::int64_t departed = 0;
  /// Daily food need of the living, in person-days (updated by the households stage).
  double need_person_days = 0.0;
  Market market;
  bool checkpoint_open = true;
  std::vector<Convoy> convoys_en_route;
  /// Aid unloaded and not yet handed out (with kitchens, their store).
  double aid_to_distribute_person_days = 0.0;
  /// What yesterday's sales of local food earned, paid out to households today.
  double earnings_to_distribute_usd = 0.0;
  Front front;
  PocketToday today;
};

enum class EventKind : std::uint8_t {
  kAidRequested = 1,
  kAidApproved = 2,
  kAidRefused = 3,
  kAidArrived = 4,
  kAidLooted = 5,
  kCheckpointClosed = 6,
  kCheckpointOpened = 7,
  kStateChanged = 8,
  kTalksRound = 9,
  kOfferRejected = 10,
  kAgreementSigned = 11,
  kAgreementInForce = 12,
  kViolation = 13,
  kAgreementCollapsed = 14,
  kAgreementFulfilled = 15,
  kClauseViolated = 16,
  kReleases = 17,
  kSwap = 18,
  kSurrender = 19,
  kEvacuationBatch = 20,
  kArrests = 21,
  kDeparture = 22,
  kPolicyChanged = 23,
  kChannelChanged = 24,
  kOffensive = 25,
  kPause = 26,
  kAidDiverted = 27,
  kFlight = 28,
  kDatedEventSkipped = 29,
  kConscription = 30,
  kCaptivesFreed = 31,
};
struct EventKindInfo {
  EventKind kind;
  std::string_view name;
  std::string_view value_meaning;
};
std::span<const EventKindInfo> event_kinds();

/// Something that happened on one day in one pocket; `value` depends on the kind (trucks, say),
/// `reason` says why in words.
struct Event {
  std::int64_t day = 0;
  std::uint32_t pocket = 0;
  EventKind kind = EventKind::kAidRequested;
  double value = 0.0;
  std::int32_t agreement = -1;
  std::string reason = {};
};

/// The body's energy balance and the death hazards, derived from the scenario once per run.
/// Reserves and expenditure are in days of the person's own full need (`need_person_days` of the
/// band, times `need_factor` of the season).
struct Biology {
  std::array<float, kAgeBands> need_person_days{};
  /// 1 / the healthy reserve in days of own need, by [band][female][under 5].
  std::array<std::array<std::array<float, 2>, 2>, kAgeBands> per_reserve_day{};
  float recovery_days_per_day = 0.3f;
  float adaptation_max = 0.4f;
  float adaptation_full_at_deficit = 0.5f;
  float adaptation_rate = 1.0f / 60.0f;  ///< per day
  float mass_expenditure = 0.2f;         ///< expenditure lost at an exhausted reserve
  double lethal_weight_loss = 0.4;
  double cold_need_share = 0.0;
  int coldest_day_of_year = 15;
  /// Reserve shares below which a person counts in the acute malnutrition classes: adults and the
  /// elderly by BMI (< 18.5), children by weight-for-height (< -2 SD moderate or severe, GAM;
  /// < -3 SD severe, SAM).
  float adult_thin_below = 0.6f;
  float child_gam_below = 0.5f, child_sam_below = 0.25f;
  float wasting_hazard_below = 0.4f;
  std::array<double, kAgeBands> baseline_hazard_per_day{};
  std::array<double, kAgeBands> starvation_hazard_per_day{};
  double under5_hunger_multiplier = 1.0;
  double hunger_shape = 2.0;
  double disease_without_water = 0.0;
  double injury_death_per_day = 0.0;
  double injury_care_effect = 0.0;
  double injury_recovery_per_day = 0.0;
  /// An upper bound of the daily death probability of anyone whose reserve share is at least
  /// `lowest_reserve`, where disease multiplies hazards by `disease_factor`: the mortality stage
  /// thins each block with the bound of its own lowest reserve.
  double death_probability_bound(float lowest_reserve, double disease_factor) const;

  explicit Biology(const Scenario& scenario);
  /// Everyone's need on `day_of_year` as a multiple of a mild day's (cold raises it).
  double need_factor(int day_of_year) const;
  /// A day of eating `intake` (share of today's own need) for a body whose healthy reserve is
  /// `per_day` (1 / reserve days): expenditure falls with adaptation and with lost mass; what is
  /// not covered comes out of the reserve; a full ration rebuilds it by recovery_days_per_day.
  void eat(float intake, float need_factor, float per_day, float& reserve_share, float& adaptation) const {
    eat(intake, adaptation_target(intake), need_factor, per_day, reserve_share, adaptation);
  }
  /// The share by which expenditure tends to fall while intake stays at `intake`.
  float adaptation_target(float intake) const {
    const float deficit = std::clamp(1.0f - intake, 0.0f, 1.0f);
    return adaptation_max * std::min(1.0f, deficit / adaptation_full_at_deficit);
  }
  void eat(float intake, float target, float need_factor, float per_day, float& reserve_share, float& adaptation) const {
    if (intake >= 1.0f) {
      // A body below its healthy weight with a full ration before it eats beyond it (refeeding
      // appetite; Keys et al. 1950) and rebuilds at the most a day allows.
      reserve_share = std::min(1.0f, reserve_share + recovery_days_per_day * per_day);
    } else {
      const float expenditure = (1.0f - adaptation) * (1.0f - mass_expenditure * (1.0f - reserve_share));
      // In days of the healthy need, so that a cold day's deficit costs more of the reserve.
      const float change = std::min((intake - expenditure) * need_factor, recovery_days_per_day);
      reserve_share = std::clamp(reserve_share + change * per_day, 0.0f, 1.0f);
    }
    // The body's saving persists until its stores are rebuilt, and ends with them (Dulloo &
    // Jacquet 1998: feedback from fat stores drives the adaptive fall in metabolism).
    if (reserve_share >= 1.0f) {
      adaptation = 0.0f;
      return;
    }
    if (adaptation == target) return;
    adaptation += (target - adaptation) * adaptation_rate;
    // Settle once within a hair of the target, so that a fed body gets back to exactly 0 instead
    // of creeping through denormals.
    if (std::abs(target - adaptation) < 1e-4f) adaptation = target;
  }
  float per_reserve_day_of(AgeBand band, Sex sex, std::uint8_t flags) const {
    return per_reserve_day[static_cast<std::size_t>(band)][sex == Sex::kFemale][(flags & kUnderFive) != 0];
  }
  /// Whether a person of `band` with this reserve is acutely malnourished (GAM or BMI < 18.5).
  bool malnourished(AgeBand band, float reserve_share) const {
    return reserve_share < (band == AgeBand::kChild ? child_gam_below : adult_thin_below);
  }
  /// Daily death hazards (baseline, hunger) of a person with the given reserve share.
  std::array<double, 2> hazards(AgeBand band, std::uint8_t flags, float reserve_share) const {
    const auto b = static_cast<std::size_t>(band);
    if (reserve_share >= wasting_hazard_below) return {baseline_hazard_per_day[b], 0.0};
    const double wasting = (wasting_hazard_below - reserve_share) / wasting_hazard_below;
    return {baseline_hazard_per_day[b], starvation_hazard_per_day[b] * std::pow(wasting, hunger_shape) *
                                            ((flags & kUnderFive) ? under5_hunger_multiplier : 1.0)};
  }
  /// Multiplier of the baseline and hunger hazards where `water` of the water supply works.
  double disease_factor(double water) const { return 1.0 + disease_without_water * (1.0 - water); }
};

/// A mediator's day: the share of its attention each pocket of its `attention` list gets today,
/// and the swaps it owes each (a swap is due when the credit reaches 1).
struct MediatorToday {
  std::vector<std::uint32_t> pocket;  ///< index of each pocket of the attention list
  std::vector<double> share;
  std::vector<double> swap_credit;
};

/// What two scenarios differ in among the things fixed when a run starts (pockets, towns and
/// their populations, detainees, evacuation destinations, mediators' pockets, days, seed), in words;
/// empty if nothing.
std::string fixed_at_start_difference(const Scenario& a, const Scenario& b);

/// Entity-block sizes: part of the model's definition (random streams are keyed by block), never
/// of the machine.
inline constexpr std::uint32_t kHouseholdBlock = 512;
inline constexpr std::uint32_t kPersonBlock = 4096;
/// Residents thinned with one death-probability bound in the mortality stage (part of the model's
/// definition too: it decides which draws fall where).
inline constexpr std::uint32_t kMortalitySpan = 256;

class World {
 public:
  /// Builds the initial population of `scenario` for one run.
  World(std::shared_ptr<const Scenario> scenario, rng::RunKey key);

  const Scenario& scenario() const { return *scenario_; }
  const std::shared_ptr<const Scenario>& scenario_ptr() const { return scenario_; }
  const rng::RunKey& key() const { return key_; }
  const Biology& biology() const { return biology_; }

  /// Continues this world under `arm` from today: a policy overlay of the same scenario. What a
  /// policy decides (the committee's release policy, the mediators' monitors, every parameter the
  /// stages read) takes effect from today; what was fixed at the start (pockets, towns and their
  /// populations, detainees, mediators' pockets, evacuation destinations, days, seed) must be the
  /// same, or std::invalid_argument says which differs.
  void adopt_policy(std::shared_ptr<const Scenario> arm);

  /// Clears the day's figures and events; called before the first stage of each day.
  void begin_day();
  std::int64_t alive() const;
  std::int64_t initial_population() const;

  std::int64_t day = 0;
  Persons persons;
  Households households;
  std::vector<Town> towns;
  std::vector<Pocket> pockets;
  std::vector<Event> events_today;
  Detainees detainees;
  std::vector<Agreement> agreements;
  /// Persons injured and not yet recovered or dead, in the order they were hurt.
  std::vector<std::uint32_t> injured;
  /// For each pocket, the first household of its arrival town in its evacuation destination, or -1.
  std::vector<std::int64_t> arrival_first_household;
  std::vector<TownLayout> town_layout;
  /// One per scenario mediator, in the scenario's order.
  std::vector<MediatorToday> mediators;
  /// Ties between households along which support for the release condition spreads.
  SocialNetwork network;

  /// Records an event of today.
  void event(std::uint32_t pocket, EventKind kind, double value, std::string reason = {}, std::int32_t agreement = -1);
  /// A resident inside dies of `cause`: status, tallies and the pocket's counts follow.
  void die(std::uint32_t person, Cause cause);
  /// A resident stops being inside (dead, gone, arrested; set the status too): the counts of the
  /// living, fighters and injured in their pocket and town follow.
  void remove_resident(std::uint32_t person);
  /// A person comes (back) inside; the counts follow.
  void add_resident(std::uint32_t person);
  /// Households of pocket p's own towns, [first, end) (not the arrival slots it holds for others).
  struct HouseholdRange {
    std::uint32_t first = 0, end = 0;
  };
  HouseholdRange own_households(std::uint32_t p) const;
  /// The household of a person (members are contiguous: found by bisection, for the few who come,
  /// go or die on a day, not for a pass over everyone).
  std::uint32_t household_of(std::uint32_t person) const;
  std::uint32_t town_of(std::uint32_t person) const { return households.town[household_of(person)]; }
  std::uint32_t pocket_of(std::uint32_t person) const { return towns[town_of(person)].pocket; }
  /// Counts each household's members inside again and marks every household changed: after the
  /// persons' statuses were set wholesale (a new world, a restored checkpoint).
  void recount_households();
  /// The arrival slot of pocket p's own household h in p's evacuation destination, or -1 if p
  /// has none (evacuees leave the model) or h is not one of p's own.
  std::int64_t arrival_slot(std::uint32_t p, std::uint32_t h) const;
  /// Moves a pocket to a new negotiation state, with the reason in the event log.
  void set_state(std::uint32_t pocket, NegotiationState state, std::string reason);
  /// Bytes the run's state holds in its per-person and per-household columns, and in the network.
  struct StateBytes {
    std::size_t persons = 0, households = 0, network = 0;
    std::size_t total() const { return persons + households + network; }
  };
  StateBytes state_bytes() const;
  /// Blocks of households and of persons, each within one town.
  std::vector<Block> household_blocks;
  std::vector<Block> person_blocks;
  BlockAffinity household_affinity, person_affinity;
  /// Working space of the households stage, kept so that it is not allocated and cleared every
  /// day. Not state: each day writes it before reading it; never saved, counted or fingerprinted.
  struct HouseholdsScratch {
    std::vector<double> need_children, need_others;  ///< today's need of each household
    std::vector<std::int64_t> gift_units;            ///< gifts received today (atomic_ref), in whole units
  } households_scratch;

 private:
  void start_front(std::uint32_t pocket);
  void start_opinion();
  /// Sets each front's mediator_monitors from the mediators working there.
  void mark_mediator_monitors();

  std::shared_ptr<const Scenario> scenario_;
  rng::RunKey key_;
  Biology biology_;
};

}  // namespace siege
