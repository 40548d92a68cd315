#pragma once
// The state of one run: persons and households as structures of arrays, towns and pockets with
// their markets and convoys, and the figures of the current day that observers read.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "scenario/scenario.hpp"

namespace siege {

enum class AgeBand : std::uint8_t { kChild = 0, kAdult = 1, kElderly = 2 };
inline constexpr std::size_t kAgeBands = 3;

enum class Sex : std::uint8_t { kFemale = 0, kMale = 1 };

enum class Status : std::uint8_t {
  kInside = 0,    ///< alive, inside the pocket
  kDead = 1,      ///< see the person's cause
  kDeparted = 2,  ///< left the pocket alive
};

/// Cause of a death. kNone for the living; the others index `deaths` tallies as cause - 1.
enum class Cause : std::uint8_t { kNone = 0, kMalnutrition = 1, kOther = 2 };
inline constexpr std::size_t kCauses = 2;
inline constexpr std::array<Cause, kCauses> kDeathCauses = {Cause::kMalnutrition, Cause::kOther};
std::string_view cause_name(Cause cause);
inline std::size_t cause_index(Cause cause) { return static_cast<std::size_t>(cause) - 1; }

/// Residents, one slot each, ordered by pocket, town and household (a household's members are
/// contiguous). Slots are never reused: the dead and the departed keep theirs.
struct Persons {
  std::vector<std::uint16_t> pocket;
  std::vector<std::uint16_t> town;
  std::vector<std::uint32_t> household;
  std::vector<AgeBand> age_band;
  std::vector<Sex> sex;
  /// Nutritional reserve: days of total deprivation the body can still absorb.
  std::vector<float> reserve_days;
  std::vector<Status> status;
  std::vector<Cause> cause;

  std::size_t size() const { return status.size(); }
  void resize(std::size_t n);
};

/// Households share one food store and one purse.
struct Households {
  /// Members of household h are persons [first_person[h], first_person[h + 1]).
  std::vector<std::uint32_t> first_person;
  std::vector<std::uint16_t> town;
  std::vector<float> food_person_days;
  std::vector<float> cash_usd;
  /// What the household asks of the market today (set and used within the households stage).
  std::vector<float> demand_person_days;

  std::size_t size() const { return town.size(); }
  void resize(std::size_t n);
};

struct Town {
  std::uint32_t pocket = 0;
  std::uint32_t first_household = 0, end_household = 0;
  std::uint32_t first_person = 0, end_person = 0;
  std::int64_t alive = 0;
  // Figures of the day, set by the households stage.
  double mean_nutrition = 0.0;
  double share_malnourished = 0.0;
};

struct Market {
  double stock_person_days = 0.0;
  /// The part of the stock grown or caught inside the pocket: what it sells for stays inside.
  double local_person_days = 0.0;
  /// What the stock cost traders, as a multiple of the outside price (weighted by source).
  double cost_multiple = 1.0;
  double price_multiple = 1.0;

  void add(double person_days, double cost, bool local);
  /// Takes food out (sold or spoiled) evenly across sources; returns the local part taken.
  double remove(double person_days);
};

struct Convoy {
  std::int64_t arrival_day = 0;
  std::int64_t trucks = 0;
};

/// A pocket's figures for the current day, reset each morning; observers read them at night.
struct PocketToday {
  std::array<std::int64_t, kCauses> deaths{};
  std::int64_t aid_trucks = 0;         ///< trucks that arrived and were unloaded
  std::int64_t aid_trucks_looted = 0;  ///< trucks lost at checkpoints
  double aid_person_days = 0.0;        ///< food handed to households from convoys
  double produced_person_days = 0.0;
  double smuggled_person_days = 0.0;
  double sold_person_days = 0.0;
  double spoiled_person_days = 0.0;
  double household_food_person_days = 0.0;  ///< in household stores after eating
  double household_cash_usd = 0.0;          ///< in household purses at the end of the day
  double mean_nutrition = 0.0;              ///< mean reserve share of the living
  double share_malnourished = 0.0;
};

struct Pocket {
  std::uint32_t first_town = 0, end_town = 0;
  std::uint32_t first_person = 0, end_person = 0;
  std::int64_t initial_population = 0;
  std::int64_t alive = 0;
  std::int64_t departed = 0;
  /// Daily food need of the living, in person-days (updated by the households stage).
  double need_person_days = 0.0;
  Market market;
  bool checkpoint_open = true;
  std::vector<Convoy> convoys_en_route;
  double aid_to_distribute_person_days = 0.0;
  /// What yesterday's sales of local food earned, paid out to households today.
  double earnings_to_distribute_usd = 0.0;
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
};
struct EventKindInfo {
  EventKind kind;
  std::string_view name;
  std::string_view value_meaning;
};
std::span<const EventKindInfo> event_kinds();

/// Something that happened on one day in one pocket; `value` depends on the kind (trucks, say).
struct Event {
  std::int64_t day = 0;
  std::uint32_t pocket = 0;
  EventKind kind = EventKind::kAidRequested;
  double value = 0.0;
};

/// Per-age-band constants derived from the scenario once per run.
struct Biology {
  std::array<float, kAgeBands> need_person_days{};
  std::array<float, kAgeBands> reserve_max_days{};
  std::array<double, kAgeBands> baseline_hazard_per_day{};
  std::array<double, kAgeBands> starvation_hazard_per_day{};
  double hunger_shape = 2.0;
  float malnourished_below_share = 0.5f;
  float recovery_days_per_day = 0.3f;
  /// An upper bound of any person's daily death probability, for thinning.
  double death_probability_bound = 0.0;

  explicit Biology(const Scenario& scenario);
  /// Daily death hazards (baseline, hunger) of a person in `band` with the given reserve.
  std::array<double, 2> hazards(AgeBand band, float reserve_days) const;
};

/// Entity-block sizes: part of the model's definition (random streams are keyed by block), never
/// of the machine.
inline constexpr std::uint32_t kHouseholdBlock = 512;
inline constexpr std::uint32_t kPersonBlock = 4096;

class World {
 public:
  /// Builds the initial population of `scenario` for one run.
  World(std::shared_ptr<const Scenario> scenario, rng::RunKey key);

  const Scenario& scenario() const { return *scenario_; }
  const std::shared_ptr<const Scenario>& scenario_ptr() const { return scenario_; }
  const rng::RunKey& key() const { return key_; }
  const Biology& biology() const { return biology_; }

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
  /// Blocks of households and of persons, each within one town.
  std::vector<Block> household_blocks;
  std::vector<Block> person_blocks;

 private:
  std::shared_ptr<const Scenario> scenario_;
  rng::RunKey key_;
  Biology biology_;
};

}  // namespace siege
