#include "experiment/score.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/statistics.hpp"
#include "core/text_file.hpp"
#include "scenario/spec.hpp"

namespace siege {
namespace {

using scenario::Checker;
using scenario::Context;
using scenario::ObjectSpec;
using scenario::Range;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDaysPerMonth = 30.4375;

struct MeasureInfo {
  Measure measure;
  const char* name;
  const char* meaning;
  const char* units;
};

constexpr MeasureInfo kMeasures[] = {
    {Measure::kDeaths, "deaths", "deaths of `cause` (all, hunger, violent, other, disease_or_injury) from `from` to `to`",
     "persons"},
    {Measure::kDeathsPer1000PerMonth, "deaths_per_1000_per_month",
     "the same per 1,000 residents (their mean over the window) per month of 30.44 days", "deaths/1000/month"},
    {Measure::kFirstHungerDeathDays, "first_hunger_death_days",
     "days from `from` to the first malnutrition death on or after it; a run with none by its end counts as one day "
     "past its end (a lower bound)", "days"},
    {Measure::kPopulation, "population", "residents alive inside on `from`", "persons"},
    {Measure::kEvacuated, "evacuated", "persons evacuated (deal batches and humanitarian pauses) from `from` to `to`",
     "persons"},
    {Measure::kEvacuatedShareAtSurrender, "evacuated_share_at_surrender",
     "persons evacuated from the first day of surrender to the end, per resident on the day before it (0 without a "
     "surrender)", "1"},
    {Measure::kSurrenderDays, "surrender_days",
     "days from `from` to the first day of surrender; none by the end counts as one day past the end", "days"},
    {Measure::kSurrenderToFirstBusDays, "surrender_to_first_bus_days",
     "days from the first day of surrender to the first evacuation batch (infinite without one)", "days"},
    {Measure::kSurrenderToLastBusDays, "surrender_to_last_bus_days",
     "days from the first day of surrender to the last evacuation batch (infinite without one)", "days"},
    {Measure::kEvacuationBatches, "evacuation_batches", "evacuation batches of a deal from `from` to `to`", "batches"},
    {Measure::kLargestBatch, "largest_batch", "persons in the largest evacuation batch from `from` to `to`", "persons"},
    {Measure::kPriceMultiple, "price_multiple", "food price on `from`, as a multiple of the price outside", "1"},
    {Measure::kPeakShareMalnourished, "peak_share_malnourished",
     "largest share of residents malnourished on any day from `from` to `to`", "1"},
    {Measure::kViolentToHungerRatio, "violent_to_hunger_ratio",
     "bombardment deaths per malnutrition death from `from` to `to` (infinite when there is no hunger death)", "1"},
    {Measure::kDetaineesReleased, "detainees_released", "detainees of the pocket released from `from` to `to`",
     "persons"},
    {Measure::kCeasefireDays, "ceasefire_days",
     "days from `from` to `to` in the state ceasefire (how long a truce lasted, with `from` its first day)", "days"},
    {Measure::kFightersEvacuated, "fighters_evacuated", "fighters among those evacuated from `from` to `to`",
     "persons"},
};

const MeasureInfo& info(Measure m) {
  for (const auto& i : kMeasures) {
    if (i.measure == m) return i;
  }
  return kMeasures[0];
}

const ObjectSpec<FactDef>& fact_spec() {
  static const auto spec = [] {
    ObjectSpec<FactDef> s("fact", "One documented fact: a measure over the run, the documented range, the source.");
    s.required("id", &FactDef::id, {"Short identifier, shown in the table.", "", ""});
    s.value("text", &FactDef::text, {"The fact in words.", "", ""});
    s.required("source", &FactDef::source, {"Where it is documented (keys of shared/calibration/README.md).", "", ""});
    std::vector<std::pair<std::string, Measure>> measures;
    for (const auto& m : kMeasures) measures.emplace_back(m.name, m.measure);
    s.choice("measure", &FactDef::measure, measures, {"What is measured (see docs/validation.md).", "", ""});
    s.required("pocket", &FactDef::pocket, {"The pocket measured.", "", ""});
    s.choice("cause", &FactDef::cause,
             {{"all", DeathCause::kAll}, {"hunger", DeathCause::kHunger}, {"violent", DeathCause::kViolent},
              {"other", DeathCause::kOther}, {"disease_or_injury", DeathCause::kDiseaseOrInjury}},
             {"Cause of death, for deaths and deaths_per_1000_per_month.", "", ""});
    s.optional("from", &FactDef::from, {"First day of the window (absent: the scenario's start).", "date", ""});
    s.optional("to", &FactDef::to, {"Last day of the window, included (absent: the run's last day).", "date", ""});
    s.required("low", &FactDef::low, {"Lowest value the sources allow.", "", ""});
    s.required("high", &FactDef::high, {"Highest value the sources allow.", "", ""});
    s.value("assumption", &FactDef::assumption,
            {"How the range was read from the sources, where that took a reading (X +- 25 % for '~X').", "", ""});
    s.rule("low is at most high", [](const FactDef& f, const Checker& c) {
      if (f.low > f.high) c.error("high", fmt::format("is {} but low is {}; the range must not be empty", f.high, f.low));
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<ObservationsDef>& observations_spec() {
  static const auto spec = [] {
    ObjectSpec<ObservationsDef> s("observations", "Documented facts to score a scenario against (siege score).");
    s.required("name", &ObservationsDef::name, {"The case, e.g. Waer 2015-17.", "", ""});
    s.value("description", &ObservationsDef::description, {"What the facts are and how they were read.", "", ""});
    s.list("facts", &ObservationsDef::facts, fact_spec(), {"The facts.", "", ""}, 1, true);
    return s;
  }();
  return spec;
}

void resolve(ObservationsDef& obs, const Scenario& sc, Context& ctx) {
  std::vector<std::string> pockets;
  for (const auto& p : sc.pockets) pockets.push_back(p.name);
  for (std::size_t i = 0; i < obs.facts.size(); ++i) {
    FactDef& f = obs.facts[i];
    const std::string path = fmt::format("facts[{}]", i);
    const auto at = std::find(pockets.begin(), pockets.end(), f.pocket);
    if (at == pockets.end()) {
      ctx.error_at(path + ".pocket", fmt::format("the scenario {} has no pocket '{}'{}", sc.source_file, f.pocket,
                                                 scenario::detail::suggest(f.pocket, pockets)));
    } else {
      f.pocket_index = static_cast<std::size_t>(at - pockets.begin());
    }
    const auto day = [&](const std::optional<Date>& date, std::int64_t fallback, const char* key) {
      if (!date) return fallback;
      const long long d = days_between(sc.start_date, *date);
      if (d < 0 || d >= sc.days) {
        ctx.error_at(path + "." + key, fmt::format("{} is outside the run ({} to day {}); move the date or lengthen "
                                                   "the scenario's days", format_date(*date),
                                                   format_date(sc.start_date), sc.days - 1));
      }
      return static_cast<std::int64_t>(std::clamp<long long>(d, 0, sc.days - 1));
    };
    f.first_day = day(f.from, 0, "from");
    f.last_day = day(f.to, sc.days - 1, "to");
    if (f.last_day < f.first_day) ctx.error_at(path + ".to", "comes before from; the window must not be empty");
  }
}

/// One pocket's daily column of a variable, and the deaths by cause.
class Series {
 public:
  Series(const Scenario& sc, const observe::RunRecord& record, std::size_t pocket)
      : record_(record), deaths_(record.values[observe::variable_index("deaths")]), pockets_(sc.pockets.size()),
        pocket_(pocket) {}
  double at(const char* variable, std::size_t day) const {
    return record_.values[observe::variable_index(variable)][day * pockets_ + pocket_];
  }
  double deaths(std::size_t day, DeathCause cause) const {
    double sum = 0.0;
    for (std::size_t c = 0; c < kCauses; ++c) {
      if (counts(kDeathCauses[c], cause)) sum += deaths_[(day * pockets_ + pocket_) * kCauses + c];
    }
    return sum;
  }
  std::size_t days() const { return record_.days; }

 private:
  static bool counts(Cause c, DeathCause wanted) {
    switch (wanted) {
      case DeathCause::kAll: return true;
      case DeathCause::kHunger: return c == Cause::kMalnutrition;
      case DeathCause::kViolent: return c == Cause::kBombardment;
      case DeathCause::kOther: return c == Cause::kOther;
      case DeathCause::kDiseaseOrInjury: return c == Cause::kDiseaseOrInjury;
    }
    return false;
  }
  const observe::RunRecord& record_;
  const std::vector<double>& deaths_;  ///< looked up once: the measures read it day after day
  std::size_t pockets_, pocket_;
};

std::int64_t surrender_day(const Series& s) {
  for (std::size_t d = 0; d < s.days(); ++d) {
    if (static_cast<NegotiationState>(static_cast<int>(s.at("negotiation_state", d))) == NegotiationState::kSurrender) {
      return static_cast<std::int64_t>(d);
    }
  }
  return -1;
}

}  // namespace

ObservationsDef load_observations_text(const std::string& text, const std::string& file_label, const Scenario& sc) {
  Context ctx(file_label);
  const YAML::Node root = scenario::parse_yaml(text, ctx);
  ObservationsDef obs;
  if (!root.IsMap()) {
    ctx.error(root.Mark(), "", "an observations file is a mapping with name and facts (see docs/validation.md)");
    throw InputError(ctx.diagnostics());
  }
  observations_spec().read(root, obs, ctx, "");
  if (ctx.diagnostics().empty()) resolve(obs, sc, ctx);
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  obs.source_file = file_label;
  return obs;
}

ObservationsDef load_observations(const std::string& path, const Scenario& sc) {
  return load_observations_text(read_text_file(path, "observations"), path, sc);
}

std::string observations_schema() {
  Json out = observations_spec().json_schema();
  out.set("$schema", "https://json-schema.org/draft/2020-12/schema");
  return out.dump() + "\n";
}

std::string measures_reference() {
  std::string out = "| key of a fact | type | meaning |\n|---|---|---|\n";
  for (const auto& row : fact_spec().doc_rows()) {
    out += fmt::format("| `{}` | {}{} | {} |\n", row.key, row.type, row.default_text == "required" ? ", required" : "",
                       row.meaning);
  }
  out += "\n| measure | what it is | units |\n|---|---|---|\n";
  for (const auto& m : kMeasures) out += fmt::format("| `{}` | {} | {} |\n", m.name, m.meaning, m.units);
  return out;
}

double measure_fact(const FactDef& f, const Scenario& sc, const observe::RunRecord& record) {
  const Series s(sc, record, f.pocket_index);
  const auto first = static_cast<std::size_t>(f.first_day);
  const auto last = std::min(static_cast<std::size_t>(f.last_day), s.days() - 1);
  const auto sum = [&](auto&& value) {
    double total = 0.0;
    for (std::size_t d = first; d <= last; ++d) total += value(d);
    return total;
  };
  const auto batches = [&](auto&& each) {
    for (const Event& e : record.events) {
      if (e.pocket == f.pocket_index && e.kind == EventKind::kEvacuationBatch) each(e);
    }
  };
  const std::int64_t surrendered = surrender_day(s);
  switch (f.measure) {
    case Measure::kDeaths: return sum([&](std::size_t d) { return s.deaths(d, f.cause); });
    case Measure::kDeathsPer1000PerMonth: {
      const double deaths = sum([&](std::size_t d) { return s.deaths(d, f.cause); });
      const double days = static_cast<double>(last - first + 1);
      const double mean_population = sum([&](std::size_t d) { return s.at("population", d); }) / days;
      return mean_population > 0 ? deaths / mean_population * 1000.0 * kDaysPerMonth / days : 0.0;
    }
    case Measure::kFirstHungerDeathDays:
      for (std::size_t d = first; d < s.days(); ++d) {
        if (s.deaths(d, DeathCause::kHunger) > 0) return static_cast<double>(d - first);
      }
      return static_cast<double>(s.days() - first);
    case Measure::kPopulation: return s.at("population", first);
    case Measure::kEvacuated:
      return s.at("evacuated", last) - (first > 0 ? s.at("evacuated", first - 1) : 0.0);
    case Measure::kEvacuatedShareAtSurrender: {
      if (surrendered < 0) return 0.0;
      const auto day = static_cast<std::size_t>(surrendered);
      const double before = day > 0 ? s.at("evacuated", day - 1) : 0.0;
      const double residents = day > 0 ? s.at("population", day - 1) : s.at("population", 0);
      return residents > 0 ? (s.at("evacuated", s.days() - 1) - before) / residents : 0.0;
    }
    case Measure::kSurrenderDays:
      return surrendered < 0 ? static_cast<double>(s.days() - first)
                             : static_cast<double>(surrendered - static_cast<std::int64_t>(first));
    case Measure::kSurrenderToFirstBusDays:
    case Measure::kSurrenderToLastBusDays: {
      if (surrendered < 0) return kInf;
      std::int64_t first_bus = -1, last_bus = -1;
      batches([&](const Event& e) {
        if (e.day < surrendered) return;
        if (first_bus < 0) first_bus = e.day;
        last_bus = e.day;
      });
      if (first_bus < 0) return kInf;
      return static_cast<double>((f.measure == Measure::kSurrenderToFirstBusDays ? first_bus : last_bus) - surrendered);
    }
    case Measure::kEvacuationBatches:
    case Measure::kLargestBatch: {
      double count = 0.0, largest = 0.0;
      batches([&](const Event& e) {
        if (e.day < f.first_day || e.day > f.last_day) return;
        ++count;
        largest = std::max(largest, e.value);
      });
      return f.measure == Measure::kEvacuationBatches ? count : largest;
    }
    case Measure::kPriceMultiple: return s.at("food_price_multiple", first);
    case Measure::kPeakShareMalnourished: {
      double peak = 0.0;
      for (std::size_t d = first; d <= last; ++d) peak = std::max(peak, s.at("share_malnourished", d));
      return peak;
    }
    case Measure::kViolentToHungerRatio: {
      const double violent = sum([&](std::size_t d) { return s.deaths(d, DeathCause::kViolent); });
      const double hunger = sum([&](std::size_t d) { return s.deaths(d, DeathCause::kHunger); });
      return hunger > 0 ? violent / hunger : kInf;
    }
    case Measure::kDetaineesReleased: return sum([&](std::size_t d) { return s.at("detainees_released", d); });
    case Measure::kCeasefireDays:
      return sum([&](std::size_t d) {
        return static_cast<NegotiationState>(static_cast<int>(s.at("negotiation_state", d))) ==
                       NegotiationState::kCeasefire
                   ? 1.0
                   : 0.0;
      });
    case Measure::kFightersEvacuated:
      return s.at("fighters_evacuated", last) - (first > 0 ? s.at("fighters_evacuated", first - 1) : 0.0);
  }
  return 0.0;
}

std::size_t ScoreReport::passed() const {
  return static_cast<std::size_t>(std::count_if(facts.begin(), facts.end(), [](const FactScore& f) { return f.pass; }));
}

ScoreReport score(const ObservationsDef& obs, const Scenario& sc, const std::vector<observe::RunRecord>& runs) {
  ScoreReport report;
  report.replicates = static_cast<std::int64_t>(runs.size());
  for (const FactDef& fact : obs.facts) {
    FactScore row;
    row.fact = &fact;
    for (const auto& record : runs) row.values.push_back(measure_fact(fact, sc, record));
    std::sort(row.values.begin(), row.values.end());
    row.median = quantile(row.values, 0.5);
    row.low = quantile(row.values, 0.05);
    row.high = quantile(row.values, 0.95);
    // Inside: the median in the documented range, and the 90 % interval overlapping it.
    row.pass = row.median >= fact.low && row.median <= fact.high && row.low <= fact.high && row.high >= fact.low;
    report.facts.push_back(std::move(row));
  }
  return report;
}

namespace {

std::string number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (std::isnan(x)) return "nan";
  const double a = std::fabs(x);
  if (a >= 100 || x == std::floor(x)) return fmt::format("{:.0f}", x);
  if (a >= 1) return fmt::format("{:.1f}", x);
  return fmt::format("{:.3g}", x);
}

Json json_number(double x) { return std::isfinite(x) ? Json(x) : Json(); }

}  // namespace

std::string format_score(const ObservationsDef& obs, const Scenario& sc, const ScoreReport& report) {
  std::string out = fmt::format("{}: {} against {} ({} replicate{}, seed {})\n\n", obs.name, sc.source_file,
                                obs.source_file, report.replicates, report.replicates == 1 ? "" : "s", sc.seed);
  out += "| fact | measure | model median | model 90 % | documented | pass |\n|---|---|---|---|---|---|\n";
  for (const FactScore& row : report.facts) {
    out += fmt::format("| {} | {} | {} | {} – {} | {} – {} | {} |\n", row.fact->id, info(row.fact->measure).name,
                       number(row.median), number(row.low), number(row.high), number(row.fact->low),
                       number(row.fact->high), row.pass ? "yes" : "no");
  }
  out += fmt::format("\n{} of {} facts inside their documented ranges\n", report.passed(), report.facts.size());
  return out;
}

std::string score_json(const ObservationsDef& obs, const Scenario& sc, const ScoreReport& report) {
  Json facts = Json::array();
  for (const FactScore& row : report.facts) {
    Json values = Json::array();
    for (double v : row.values) values.push(json_number(v));
    facts.push(Json::object()
                   .set("id", row.fact->id)
                   .set("text", row.fact->text)
                   .set("source", row.fact->source)
                   .set("measure", info(row.fact->measure).name)
                   .set("pocket", row.fact->pocket)
                   .set("median", json_number(row.median))
                   .set("interval_90", Json::array().push(json_number(row.low)).push(json_number(row.high)))
                   .set("documented", Json::array().push(row.fact->low).push(row.fact->high))
                   .set("pass", row.pass)
                   .set("values", values));
  }
  return Json::object()
             .set("case", obs.name)
             .set("scenario", sc.source_file)
             .set("observations", obs.source_file)
             .set("seed", sc.seed)
             .set("replicates", report.replicates)
             .set("passed", static_cast<std::int64_t>(report.passed()))
             .set("facts", facts)
             .dump() +
         "\n";
}

}  // namespace siege
