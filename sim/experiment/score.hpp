#pragma once
// `siege score`: a scenario's replicates measured against documented facts. An observations file
// lists facts, each a named measure over the run (a small vocabulary, docs/validation.md) with the
// documented range and its source; a fact passes when the model's median lies inside the range and
// its 90 % interval overlaps it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "observe/recorder.hpp"
#include "scenario/scenario.hpp"

namespace siege {

/// The measures a fact can name; each is computed from one run's record.
enum class Measure : std::uint8_t {
  kDeaths,                       ///< deaths of `cause` in the window
  kDeathsPer1000PerMonth,        ///< the same per 1,000 residents (mean over the window) per 30.44 days
  kFirstHungerDeathDays,         ///< days from the window's start to the first malnutrition death
  kPopulation,                   ///< residents on the window's first day
  kEvacuated,                    ///< persons evacuated in the window
  kEvacuatedShareAtSurrender,    ///< evacuated after surrender, per resident on the day before it
  kSurrenderDays,                ///< days from the window's start to the first day of surrender
  kSurrenderToFirstBusDays,      ///< days from surrender to the first evacuation batch
  kSurrenderToLastBusDays,       ///< days from surrender to the last evacuation batch
  kEvacuationBatches,            ///< evacuation batches in the window
  kLargestBatch,                 ///< persons in the largest evacuation batch of the window
  kPriceMultiple,                ///< food price as a multiple of the outside price on the window's first day
  kPeakShareMalnourished,        ///< largest share of residents malnourished in the window
  kViolentToHungerRatio,         ///< bombardment deaths per malnutrition death in the window
  kDetaineesReleased,            ///< detainees released in the window
  kCeasefireDays,                ///< days in the window under a ceasefire
  kFightersEvacuated,            ///< fighters among the persons evacuated in the window
};

enum class DeathCause : std::uint8_t { kAll, kHunger, kViolent, kOther, kDiseaseOrInjury };

struct FactDef {
  std::string id;
  std::string text;
  std::string source;
  Measure measure = Measure::kDeaths;
  std::string pocket;
  DeathCause cause = DeathCause::kAll;
  std::optional<Date> from;
  std::optional<Date> to;
  double low = 0.0;
  double high = 0.0;
  std::string assumption;  ///< how a range was read from the sources, where it takes reading
  // Resolved against the scenario by the reader: the window as days [first_day, last_day].
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  std::size_t pocket_index = 0;
};

struct ObservationsDef {
  std::string name;
  std::string description;
  std::vector<FactDef> facts;
  std::string source_file;
};

/// Reads an observations file for `scenario` (its pockets named, its dates inside the run); the
/// problems are reported with file:line:col (InputError): every wrong key or value at once, then,
/// once those are right, every pocket and date that does not fit the scenario.
ObservationsDef load_observations(const std::string& path, const Scenario& scenario);
ObservationsDef load_observations_text(const std::string& text, const std::string& file_label, const Scenario& scenario);
/// JSON Schema of the observations format.
std::string observations_schema();
/// Markdown table of the measures, for docs/validation.md.
std::string measures_reference();

/// A fact's value in one run (may be +infinity: a ratio over none, a day that never came).
double measure_fact(const FactDef& fact, const Scenario& scenario, const observe::RunRecord& record);

struct FactScore {
  const FactDef* fact = nullptr;
  std::vector<double> values;  ///< one per replicate, sorted
  double median = 0.0, low = 0.0, high = 0.0;  ///< the model's median and 90 % interval
  bool pass = false;
};

struct ScoreReport {
  std::vector<FactScore> facts;
  std::int64_t replicates = 0;
  std::size_t passed() const;
};

ScoreReport score(const ObservationsDef& observations, const Scenario& scenario,
                  const std::vector<observe::RunRecord>& runs);
/// The table `siege score` prints.
std::string format_score(const ObservationsDef& observations, const Scenario& scenario, const ScoreReport& report);
std::string score_json(const ObservationsDef& observations, const Scenario& scenario, const ScoreReport& report);

}  // namespace siege
