#include "rebellion/command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/statistics.hpp"

namespace siege::rebellion {
namespace {

void print_parameters(const RebellionParams& p) {
  fmt::print("  grid {} x {} (torus, von Neumann vision {}), cop density {}, citizen density {}, legitimacy {}, "
             "max jail term {}, threshold {}, k {}, movement {}\n",
             p.width, p.height, p.vision, p.cop_density, p.citizen_density, p.legitimacy, p.max_jail_term,
             p.active_threshold, p.arrest_prob_constant, p.movement ? "on" : "off");
}

int bench(const RebellionArgs& args) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> rate, init, simulate;
  std::size_t agents = 0;
  for (int rep = 0; rep < args.warmup + args.repetitions; ++rep) {
    RebellionParams p = args.params;
    p.run = args.params.run + static_cast<std::uint64_t>(rep);
    const auto t0 = Clock::now();
    Rebellion model(p);
    const auto t1 = Clock::now();
    for (int s = 0; s < p.steps; ++s) model.step();
    const auto t2 = Clock::now();
    if (rep < args.warmup) continue;
    agents = model.agents().size();
    const double seconds = std::chrono::duration<double>(t2 - t1).count();
    rate.push_back(static_cast<double>(model.agents().size()) * p.steps / seconds);
    init.push_back(std::chrono::duration<double>(t1 - t0).count());
    simulate.push_back(seconds);
  }
  fmt::print("siege rebellion bench: {} agents x {} steps, one thread, median of {} runs after {} warm-up\n", agents,
             args.params.steps, args.repetitions, args.warmup);
  print_parameters(args.params);
  fmt::print("  {:.2f} million agent-steps/s (min {:.2f}, max {:.2f}); {:.3f} s per run, initialise {:.1f} ms\n",
             median(rate) / 1e6, *std::min_element(rate.begin(), rate.end()) / 1e6,
             *std::max_element(rate.begin(), rate.end()) / 1e6, median(simulate), 1e3 * median(init));
  return 0;
}

}  // namespace

int rebellion_command(const RebellionArgs& args) {
  validate(args.params);
  if (args.runs < 1) throw InputError("--runs must be at least 1");
  if (args.bench) {
    if (args.repetitions < 1 || args.warmup < 0) throw InputError("--repetitions must be >= 1 and --warmup >= 0");
    if (args.params.steps < 1) throw InputError("--steps must be at least 1 to measure speed");
    return bench(args);
  }
  Threads threads(args.threads);
  const auto runs = threads.run([&] { return run_replicates(args.params, args.runs); });
  if (args.csv) {
    fmt::print("run,step,active,quiet,jailed\n");
    for (std::size_t r = 0; r < runs.size(); ++r) {
      for (std::size_t s = 0; s < runs[r].size(); ++s) {
        const Counts& c = runs[r][s];
        fmt::print("{},{},{},{},{}\n", args.params.run + r, s, c.active, c.quiet, c.jailed);
      }
    }
    return 0;
  }
  const Counts& first = runs.front().front();
  fmt::print("siege rebellion: {} run(s) x {} steps, seed {}, {} citizens in run {}\n", args.runs, args.params.steps,
             args.params.seed, first.active + first.quiet + first.jailed, args.params.run);
  print_parameters(args.params);
  fmt::print("  mean over runs:\n  {:>6} {:>10} {:>10} {:>10}\n", "step", "active", "quiet", "jailed");
  const int steps = args.params.steps;
  const int every = std::max(1, steps / 10);
  const double n = static_cast<double>(runs.size());
  for (int s = 0; s <= steps; ++s) {
    if (s % every != 0 && s != steps && s != 1) continue;
    double active = 0, quiet = 0, jailed = 0;
    for (const auto& rows : runs) {
      active += static_cast<double>(rows[static_cast<std::size_t>(s)].active);
      quiet += static_cast<double>(rows[static_cast<std::size_t>(s)].quiet);
      jailed += static_cast<double>(rows[static_cast<std::size_t>(s)].jailed);
    }
    fmt::print("  {:>6} {:>10.1f} {:>10.1f} {:>10.1f}\n", s, active / n, quiet / n, jailed / n);
  }
  return 0;
}

}  // namespace siege::rebellion
