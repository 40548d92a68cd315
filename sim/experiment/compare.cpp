#include "experiment/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "core/parallel.hpp"
#include "core/statistics.hpp"
#include "experiment/run.hpp"
#include "experiment/simulation.hpp"
#include "observe/hdf5_output.hpp"
#include "observe/recorder.hpp"
#include "observe/variables.hpp"

namespace siege {

std::vector<Metric> outcome_metrics() {
  // The costs and gains of each arm side by side, none marked better: holding the condition may
  // cost lives in the pocket and gain releases; dropping it may save lives there and cost arrests,
  // displacement and detainees who are never freed.
  std::vector<Metric> metrics = {{"civilian_deaths", "civilian deaths", "persons", {}}};
  for (Cause c : kDeathCauses) {
    const std::string cause(cause_name(c));
    metrics.push_back({"deaths_" + cause, "deaths: " + cause, "persons", {}});
  }
  // The famine measures of the field (IPC): the same yardstick as an IPC analysis of the pocket.
  metrics.push_back({"mean_crude_death_rate", "CDR, mean (per 10,000/day)", "1e-4/day", {}});
  metrics.push_back({"peak_under5_gam", "under-5 GAM, peak", "1", {}});
  metrics.push_back({"days_ipc_emergency", "days in IPC phase 4 or 5", "days", {}});
  metrics.push_back({"detainees_released", "detainees released", "persons", {}});
  metrics.push_back({"detainees_still_held", "detainees still held", "persons", {}});
  metrics.push_back({"detainees_died", "detainees dead in detention", "persons", {}});
  metrics.push_back({"arrested", "residents arrested", "persons", {}});
  metrics.push_back({"conscripted", "men conscripted", "persons", {}});
  metrics.push_back({"days_under_siege", "days under siege", "days", {}});
  metrics.push_back({"evacuated", "evacuated", "persons", {}});
  metrics.push_back({"arrivals", "arrivals from other pockets", "persons", {}});
  metrics.push_back({"surrendered", "surrender by the last day", "1", {}});
  metrics.push_back({"aid_delivered", "aid delivered (person-days)", "person-days", {}});
  return metrics;
}

void store_outcomes(std::vector<Metric>& metrics, const observe::RunRecord& record, std::size_t pockets,
                    std::size_t at) {
  using observe::variable_index;
  const auto& deaths = record.values[variable_index("deaths")];
  const auto& fighter_deaths = record.values[variable_index("fighter_deaths")];
  const auto& released = record.values[variable_index("detainees_released")];
  const auto& state = record.values[variable_index("negotiation_state")];
  const auto& evacuated = record.values[variable_index("evacuated")];
  const auto& aid = record.values[variable_index("aid_food")];
  const auto& death_rate = record.values[variable_index("crude_death_rate")];
  const auto& gam = record.values[variable_index("under5_gam")];
  const auto& phase = record.values[variable_index("ipc_phase")];
  const auto& held = record.values[variable_index("detainees_held")];
  const auto& died_held = record.values[variable_index("detainees_died")];
  const auto& arrested = record.values[variable_index("detainees_arrested")];
  const auto& conscripted = record.values[variable_index("conscripted")];
  const auto& arrivals = record.values[variable_index("arrivals")];
  for (std::size_t p = 0; p < pockets; ++p) {
    std::array<double, kCauses> by_cause{};
    double fighters = 0, freed = 0, besieged_days = 0, food = 0, death_rate_sum = 0, peak_gam = 0, emergency_days = 0;
    double died_in_detention = 0, arrests = 0, conscripts = 0, arrived = 0;
    bool surrendered = false;
    for (std::size_t d = 0; d < record.days; ++d) {
      const std::size_t i = d * pockets + p;
      for (std::size_t c = 0; c < kCauses; ++c) by_cause[c] += deaths[i * kCauses + c];
      fighters += fighter_deaths[i];
      freed += released[i];
      died_in_detention += died_held[i];
      arrests += arrested[i];
      conscripts += conscripted[i];
      arrived += arrivals[i];
      food += aid[i];
      death_rate_sum += death_rate[i];
      peak_gam = std::max(peak_gam, gam[i]);
      emergency_days += phase[i] >= 4;
      const auto s = static_cast<NegotiationState>(static_cast<int>(state[i]));
      besieged_days += s != NegotiationState::kEnded && s != NegotiationState::kUnbesieged;
      surrendered = surrendered || s == NegotiationState::kSurrender || s == NegotiationState::kEnded;
    }
    double all = 0;
    for (double n : by_cause) all += n;
    std::size_t m = 0;
    metrics[m++].values.at(at + p) = all - fighters;
    for (double n : by_cause) metrics[m++].values.at(at + p) = n;
    metrics[m++].values.at(at + p) = record.days ? death_rate_sum / static_cast<double>(record.days) : 0.0;
    metrics[m++].values.at(at + p) = peak_gam;
    metrics[m++].values.at(at + p) = emergency_days;
    const std::size_t last = record.days ? (record.days - 1) * pockets + p : 0;
    metrics[m++].values.at(at + p) = freed;
    metrics[m++].values.at(at + p) = record.days ? held[last] : 0.0;
    metrics[m++].values.at(at + p) = died_in_detention;
    metrics[m++].values.at(at + p) = arrests;
    metrics[m++].values.at(at + p) = conscripts;
    metrics[m++].values.at(at + p) = besieged_days;
    metrics[m++].values.at(at + p) = record.days ? evacuated[last] : 0.0;
    metrics[m++].values.at(at + p) = arrived;
    metrics[m++].values.at(at + p) = surrendered ? 1.0 : 0.0;
    metrics[m++].values.at(at + p) = food;
  }
}

namespace {

std::string number(double x) {
  const double size = std::abs(x);
  if (size >= 100.0 || x == std::round(x)) return fmt::format("{:.0f}", x);
  if (size >= 1.0) return fmt::format("{:.1f}", x);
  return fmt::format("{:.3f}", x);
}

}  // namespace

double student_t_975(double df) {
  if (!(df > 0.0)) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.975);
}

Spread spread(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return {quantile(values, 0.5), quantile(values, 0.05), quantile(values, 0.95)};
}

PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::logic_error("paired samples differ in size");
  PairedDifference out;
  const auto n = static_cast<double>(a.size());
  if (a.empty()) return out;
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += b[i] - a[i];
  out.mean = sum / n;
  double squares = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) squares += std::pow(b[i] - a[i] - out.mean, 2);
  const double half = a.size() > 1 ? student_t_975(n - 1.0) * std::sqrt(squares / (n - 1.0) / n) : 0.0;
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Comparison compare_policies(const std::vector<std::shared_ptr<const Scenario>>& arms, const CompareOptions& options) {
  if (arms.size() < 2) throw std::invalid_argument("a comparison needs at least two arms");
  const auto start = std::chrono::steady_clock::now();
  const Scenario& first = *arms.front();
  Comparison out;
  for (const auto& arm : arms) out.arms.push_back(arm->policy);
  for (const auto& p : first.pockets) out.pockets.push_back(p.name);
  out.runs = static_cast<std::size_t>(options.replicates);
  out.metrics = outcome_metrics();
  for (Metric& m : out.metrics) m.values.assign(arms.size() * out.runs * out.pockets.size(), 0.0);
  Threads threads(options.threads);
  out.threads = threads.count();

  std::optional<observe::Hdf5Output> output;
  if (!options.output_path.empty()) {
    std::string policies;
    for (const auto& a : out.arms) policies += (policies.empty() ? "" : ",") + a;
    observe::Provenance provenance{policies, first.seed, out.runs, out.arms, options.branch_day};
    provenance.parameters_file = options.parameters_file;
    provenance.parameter_sets = options.parameter_sets;
    output.emplace(options.output_path, first, provenance);
  }
  std::size_t done = 0;
  const auto finished = [&](std::size_t arm, std::size_t run, const observe::Recorder& recorder) {
    store_outcomes(out.metrics, recorder.record(), out.pockets.size(), (arm * out.runs + run) * out.pockets.size());
    if (output) output->write_run(run, recorder.record(), arm);
    if (options.progress) options.progress(++done, arms.size() * out.runs);
  };
  for (std::size_t run = 0; run < out.runs; ++run) {
    const auto& arms_of_run =
        options.posterior.empty() ? arms : options.posterior[parameter_set_of(run, out.runs, options.posterior.size())];
    if (options.branch_day > 0) {
      // One shared history up to the branch day under the first arm, then each arm from there.
      observe::Recorder trunk_recorder;
      std::optional<Simulation> trunk;
      threads.run([&] {
        trunk.emplace(arms_of_run.front(), run);
        trunk->add_observer(trunk_recorder);
        trunk->run_until(options.branch_day);
      });
      for (std::size_t a = 0; a < arms.size(); ++a) {
        observe::Recorder recorder = trunk_recorder;
        threads.run([&] {
          Simulation branch(*trunk, arms_of_run[a]);
          branch.add_observer(recorder);
          branch.run();
        });
        finished(a, run, recorder);
      }
      continue;
    }
    for (std::size_t a = 0; a < arms.size(); ++a) {
      observe::Recorder recorder;
      threads.run([&] {
        // The same run number in every arm: common random numbers.
        Simulation simulation(arms_of_run[a], run);
        simulation.add_observer(recorder);
        simulation.run();
      });
      finished(a, run, recorder);
    }
  }
  if (output) {
    for (const Metric& m : out.metrics) output->write_summary("outcome_" + m.name, m.label, m.units, m.values);
    output->commit();
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::string format_comparison(const Comparison& c, const std::vector<bool>& shown) {
  const std::size_t arms = c.arms.size();
  constexpr int kLabel = 32, kColumn = 24;
  std::string out;
  for (std::size_t p = 0; p < c.pockets.size(); ++p) {
    if (!shown[p]) continue;
    out += fmt::format("{:<{}}", c.pockets[p], kLabel);
    for (const auto& arm : c.arms) out += fmt::format("{:<{}}", arm + " median [90%]", kColumn);
    for (std::size_t a = 1; a < arms; ++a) {
      out += fmt::format("{:<{}}", fmt::format("{} - {} [95% CI]", c.arms[a], c.arms[0]), kColumn + 4);
    }
    out += "\n";
    for (const Metric& m : c.metrics) {
      out += fmt::format("  {:<{}}", m.label, kLabel - 2);
      std::vector<std::vector<double>> sample(arms);
      for (std::size_t a = 0; a < arms; ++a) {
        for (std::size_t r = 0; r < c.runs; ++r) sample[a].push_back(c.value(m, a, r, p));
        if (m.name == "surrendered") {
          double share = 0.0;
          for (double v : sample[a]) share += v;
          out += fmt::format("{:<{}}", fmt::format("P = {:.2f}", c.runs ? share / static_cast<double>(c.runs) : 0.0),
                             kColumn);
          continue;
        }
        const Spread s = spread(sample[a]);
        out += fmt::format("{:<{}}", fmt::format("{} [{}, {}]", number(s.median), number(s.low), number(s.high)),
                           kColumn);
      }
      for (std::size_t a = 1; a < arms; ++a) {
        const PairedDifference d = paired_difference(sample[0], sample[a]);
        out += fmt::format("{:<{}}", fmt::format("{} [{}, {}]", number(d.mean), number(d.low), number(d.high)),
                           kColumn + 4);
      }
      out += "\n";
    }
  }
  out += "\n  Medians with 5-95 % intervals over replicates; paired differences (same replicate in both arms)\n"
         "  with 95 % confidence intervals (Student t). The differences say which way and how far the arms\n"
         "  differ, not which is better: fewer deaths in the pocket may come with more arrests, more people\n"
         "  displaced and fewer detainees freed. Deaths by cause count fighters too; civilian deaths do not.\n"
         "  Surrender: the share of replicates in which the pocket surrendered by the last day. A pocket that\n"
         "  received evacuees has its own block: its deaths include theirs.\n";
  return out;
}

}  // namespace siege
