// Epstein's civil-violence model: determinism, invariants, the hand-checkable rules, and
// statistical equivalence with numbers recorded from a transcription of Mesa's example.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/parallel.hpp"
#include "rebellion/rebellion.hpp"

namespace siege::rebellion {
namespace {

RebellionParams small_grid() {
  RebellionParams p;
  p.width = 40;
  p.height = 30;
  p.steps = 60;
  return p;
}

TEST(Rebellion, SameSeedSameCounts) {
  const RebellionParams p = small_grid();
  EXPECT_EQ(run(p), run(p));
}

TEST(Rebellion, DifferentSeedsOrRunsDiffer) {
  RebellionParams p = small_grid();
  p.legitimacy = 0.6;  // busy, so that differences show early
  const auto base = run(p);
  RebellionParams other_seed = p;
  other_seed.seed = 2;
  RebellionParams other_run = p;
  other_run.run = 1;
  EXPECT_NE(base, run(other_seed));
  EXPECT_NE(base, run(other_run));
}

TEST(Rebellion, ReplicatesDoNotDependOnThreads) {
  RebellionParams p = small_grid();
  p.steps = 30;
  const auto one = Threads(1).run([&] { return run_replicates(p, 6); });
  const auto many = Threads(4).run([&] { return run_replicates(p, 6); });
  EXPECT_EQ(one, many);
  RebellionParams second = p;
  second.run = 4;
  EXPECT_EQ(one[4], run(second));  // replicate r is run number params.run + r
}

// Every step: the counts add up, one agent per cell, the bit rows agree with the grid, and a
// citizen serving a term neither moves nor changes state except by serving it.
TEST(Rebellion, InvariantsHoldEveryStep) {
  std::vector<RebellionParams> cases;
  cases.push_back(small_grid());
  RebellionParams busy = small_grid();
  busy.legitimacy = 0.5;
  busy.max_jail_term = 5;  // many releases
  cases.push_back(busy);
  RebellionParams still = busy;
  still.movement = false;
  cases.push_back(still);
  RebellionParams crowded = busy;
  crowded.width = crowded.height = 15;  // the smallest grid for vision 7: every row wraps
  crowded.citizen_density = 0.9;
  crowded.cop_density = 0.1;  // full: nobody can move
  cases.push_back(crowded);
  for (const RebellionParams& p : cases) {
    Rebellion model(p);
    ASSERT_EQ(model.check_invariants(), "");
    std::int64_t arrests_seen = 0;
    for (int s = 0; s < p.steps; ++s) {
      std::vector<Agent> before(model.agents().begin(), model.agents().end());
      model.step();
      ASSERT_EQ(model.check_invariants(), "") << "step " << s + 1 << ", legitimacy " << p.legitimacy;
      const Counts c = model.counts();
      ASSERT_EQ(c.active + c.quiet + c.jailed, model.citizens());
      for (std::size_t a = 0; a < before.size(); ++a) {
        const Agent& now = model.agents()[a];
        if (before[a].jail > 0) {
          ASSERT_EQ(now.x, before[a].x);
          ASSERT_EQ(now.y, before[a].y);
          ASSERT_EQ(now.state, State::kArrested);
          ASSERT_EQ(now.jail, before[a].jail - 1);
        }
        if (now.state == State::kArrested && before[a].state != State::kArrested) ++arrests_seen;
        if (now.kind == Kind::kCitizen) {
          ASSERT_LE(now.jail, p.max_jail_term);
        }
      }
    }
    if (p.legitimacy < 0.8) {
      EXPECT_GT(arrests_seen, 0);
    }
  }
}

TEST(Rebellion, RoundsHalvesToEvenAsPythonDoes) {
  EXPECT_EQ(round_half_even(0, 1), 0);
  EXPECT_EQ(round_half_even(1, 2), 0);  // round(0.5) == 0
  EXPECT_EQ(round_half_even(3, 2), 2);  // round(1.5) == 2
  EXPECT_EQ(round_half_even(5, 2), 2);  // round(2.5) == 2
  EXPECT_EQ(round_half_even(7, 2), 4);
  EXPECT_EQ(round_half_even(1, 3), 0);
  EXPECT_EQ(round_half_even(2, 3), 1);
  EXPECT_EQ(round_half_even(5, 3), 2);
  EXPECT_EQ(round_half_even(8, 1), 8);
  EXPECT_EQ(arrest_probability(1, 2, 2.3), 0.0);  // 1 cop, 2 actives: no risk at all
  EXPECT_EQ(arrest_probability(0, 1, 2.3), 0.0);
  EXPECT_DOUBLE_EQ(arrest_probability(1, 1, 2.3), 1 - std::exp(-2.3));
  EXPECT_DOUBLE_EQ(arrest_probability(3, 2, 2.3), 1 - std::exp(-4.6));
}

// A 15 x 15 torus with vision 2, by hand:
//
//   A, a citizen at (7, 7): hardship 1 (G = 0.2 with L = 0.8), risk aversion 1, quiet.
//   B, an active citizen at (7, 5), two cells above A: hardship 1, risk aversion 0 (G - R > T: it
//     stays active whatever it sees); the cop below A cannot see it (distance 4).
//   a cop at (7, 9), two cells below A;
//   a cop at (9, 9): inside the 5 x 5 box around A but at Manhattan distance 4, out of sight.
//
// A sees one cop and, counting herself, two actives: round(1 / 2) = round(0.5) = 0 with Python's
// rounding, so P = 0 and G - R * P = 0.2 > 0.1: A turns active on her turn, whatever the order
// (the cop, if it goes first, sees nobody active; if it goes after her, it may arrest her). Had the
// rounding gone half-up, or the neighbourhood been Moore's box (two cops: round(1) = 1,
// P = 0.9), A would have stayed quiet.
std::vector<Placement> hand_placements() {
  Placement a{.x = 7, .y = 7, .kind = Kind::kCitizen, .hardship = 1.0, .risk_aversion = 1.0};
  Placement b{.x = 7, .y = 5, .kind = Kind::kCitizen, .hardship = 1.0, .risk_aversion = 0.0, .state = State::kActive};
  Placement near_cop{.x = 7, .y = 9, .kind = Kind::kCop};
  Placement corner_cop{.x = 9, .y = 9, .kind = Kind::kCop};
  return {a, b, near_cop, corner_cop};
}

RebellionParams hand_params() {
  RebellionParams p;
  p.width = p.height = 15;
  p.vision = 2;
  p.movement = false;
  return p;
}

TEST(Rebellion, HandCheckedSight) {
  const auto placements = hand_placements();
  const Rebellion model(hand_params(), placements);
  const Sight a = model.sight(0);
  EXPECT_EQ(a.cops, 1);                // the corner cop is out of the diamond
  EXPECT_EQ(a.actives, 1);             // B, not A herself
  EXPECT_EQ(a.empty, 12 - 2);          // 12 cells within distance 2, B and the near cop in two
  EXPECT_EQ(model.estimated_arrest_probability(0), 0.0);
  const Sight cop = model.sight(2);
  EXPECT_EQ(cop.cops, 1);              // the corner cop, at distance 2
  EXPECT_EQ(cop.actives, 0);           // A is quiet, B out of sight

  // Another cop two cells left of A: 2 cops / 2 actives = 1, P = 1 - exp(-2.3).
  auto more = placements;
  more.push_back(Placement{.x = 5, .y = 7, .kind = Kind::kCop});
  const Rebellion second(hand_params(), more);
  EXPECT_DOUBLE_EQ(second.estimated_arrest_probability(0), 1 - std::exp(-2.3));

  // A jailed citizen takes a cell but is not active; the torus wraps.
  std::vector<Placement> edge = {
      Placement{.x = 0, .y = 0, .kind = Kind::kCitizen, .hardship = 0.5, .risk_aversion = 0.5},
      Placement{.x = 14, .y = 0, .kind = Kind::kCop},
      Placement{.x = 0, .y = 13, .kind = Kind::kCitizen, .hardship = 1, .risk_aversion = 0, .state = State::kActive},
      Placement{.x = 1, .y = 1, .kind = Kind::kCitizen, .hardship = 1, .risk_aversion = 0, .state = State::kArrested,
                .jail = 3}};
  const Rebellion wrapped(hand_params(), edge);
  const Sight w = wrapped.sight(0);
  EXPECT_EQ(w.cops, 1);
  EXPECT_EQ(w.actives, 1);
  EXPECT_EQ(w.empty, 12 - 3);
}

TEST(Rebellion, HandCheckedActivation) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RebellionParams p = hand_params();
    p.seed = seed;
    const auto placements = hand_placements();
    Rebellion model(p, placements);
    model.step();
    const Agent& a = model.agents()[0];
    EXPECT_NE(a.state, State::kQuiet) << "seed " << seed;  // active, or arrested once active
    EXPECT_EQ(model.agents()[1].state, State::kActive);      // B: nobody can see it to arrest it
    ASSERT_EQ(model.check_invariants(), "");
  }
  // Without B, A sees one cop and only herself: round(1) = 1, P = 0.9, 0.2 - 0.9 < 0.1: quiet.
  // Risk aversion 0.05 instead: 0.2 - 0.045 > 0.1: active (or arrested at once by the cop).
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RebellionParams p = hand_params();
    p.seed = seed;
    auto placements = hand_placements();
    placements.erase(placements.begin() + 1);
    Rebellion timid(p, placements);
    timid.step();
    EXPECT_EQ(timid.agents()[0].state, State::kQuiet);
    placements[0].risk_aversion = 0.05;
    Rebellion bold(p, placements);
    bold.step();
    EXPECT_NE(bold.agents()[0].state, State::kQuiet);
  }
  // Low grievance never rebels, even unwatched: hardship 0.4 gives G = 0.08 < 0.1.
  std::vector<Placement> alone = {Placement{.x = 3, .y = 3, .kind = Kind::kCitizen, .hardship = 0.4, .risk_aversion = 0},
                                  Placement{.x = 11, .y = 11, .kind = Kind::kCitizen, .hardship = 0.6, .risk_aversion = 1}};
  Rebellion lonely(hand_params(), alone);
  lonely.step();
  EXPECT_EQ(lonely.agents()[0].state, State::kQuiet);
  EXPECT_EQ(lonely.agents()[1].state, State::kActive);  // G = 0.12 > 0.1, and no cop to fear
}

TEST(Rebellion, ArrestedServeTheirTermInPlace) {
  RebellionParams p = hand_params();
  p.movement = true;
  p.max_jail_term = 3;
  std::vector<Placement> placements = {
      Placement{.x = 7, .y = 7, .kind = Kind::kCitizen, .hardship = 1, .risk_aversion = 0, .state = State::kArrested, .jail = 2}};
  Rebellion model(p, placements);
  model.step();
  EXPECT_EQ(model.agents()[0].jail, 1);
  EXPECT_EQ(model.agents()[0].state, State::kArrested);
  EXPECT_EQ(model.counts().jailed, 1);
  model.step();
  EXPECT_EQ(model.agents()[0].jail, 0);
  EXPECT_EQ(model.agents()[0].state, State::kArrested);  // still ARRESTED until its next turn
  EXPECT_EQ(model.agents()[0].x, 7);
  model.step();
  EXPECT_EQ(model.agents()[0].state, State::kActive);  // free, unwatched, aggrieved
  EXPECT_EQ(model.counts().active, 1);
  EXPECT_NE(std::make_pair(model.agents()[0].x, model.agents()[0].y), std::make_pair(std::uint16_t{7}, std::uint16_t{7}));
}

// --- Statistical equivalence with Mesa (tests/data/mesa_rebellion_reference.json) ---------------

/// The numbers the test needs from the reference file, read without a JSON library: each is a
/// named array of numbers (or a number) with a unique name in the file.
struct Reference {
  int runs = 0;
  int steps = 0;
  std::map<std::string, std::vector<double>> arrays;
};

std::vector<double> number_array(const std::string& text, const std::string& key) {
  const auto at = text.find("\"" + key + "\"");
  if (at == std::string::npos) throw std::runtime_error("reference: no " + key);
  const auto open = text.find('[', at);
  const auto close = text.find(']', open);
  std::vector<double> values;
  std::string body = text.substr(open + 1, close - open - 1);
  for (char& c : body) c = c == ',' ? ' ' : c;
  std::istringstream in(body);
  for (double v; in >> v;) values.push_back(v);
  return values;
}

int number(const std::string& text, const std::string& key) {
  const auto at = text.find("\"" + key + "\"");
  if (at == std::string::npos) throw std::runtime_error("reference: no " + key);
  return std::stoi(text.substr(text.find(':', at) + 1));
}

Reference load_reference() {
  std::ifstream file(std::string(SIEGE_SOURCE_DIR) + "/tests/data/mesa_rebellion_reference.json");
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  Reference ref;
  ref.runs = number(text, "runs");
  ref.steps = number(text, "steps");
  for (const char* name : {"active", "quiet", "jailed"}) {
    ref.arrays[std::string(name) + "_mean"] = number_array(text, std::string(name) + "_mean");
    ref.arrays[std::string(name) + "_sd"] = number_array(text, std::string(name) + "_sd");
  }
  // The per-run time means follow "per_run_time_mean"; each name recurs there, so search after it.
  const auto tail = text.substr(text.find("\"per_run_time_mean\""));
  for (const char* name : {"active", "quiet", "jailed"}) ref.arrays[std::string(name) + "_runs"] = number_array(tail, name);
  return ref;
}

double mean_of(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double sd_of(const std::vector<double>& x) {
  const double m = mean_of(x);
  double sum = 0;
  for (double v : x) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(x.size() - 1));
}

/// Two samples agree when their means differ by at most 3 standard errors of the difference plus
/// a margin of 0.5% of the reference mean and 2 agents (for the all-but-empty "active" series).
bool agree(double mean1, double sd1, double n1, double mean2, double sd2, double n2) {
  const double se = std::sqrt(sd1 * sd1 / n1 + sd2 * sd2 / n2);
  return std::abs(mean1 - mean2) <= 3 * se + 0.005 * std::abs(mean2) + 2;
}

/// Every disagreement with the reference: time averages over steps 1..T, and the means at
/// steps 1, 10, 50 and T.
std::vector<std::string> disagreements(const Reference& ref, const std::vector<std::vector<Counts>>& runs) {
  std::vector<std::string> out;
  const auto n = static_cast<double>(runs.size());
  const auto n_ref = static_cast<double>(ref.runs);
  auto series = [](const Counts& c, int which) {
    return static_cast<double>(which == 0 ? c.active : which == 1 ? c.quiet : c.jailed);
  };
  const char* names[] = {"active", "quiet", "jailed"};
  for (int which = 0; which < 3; ++which) {
    const std::string name = names[which];
    std::vector<double> time_means;
    for (const auto& rows : runs) {
      double sum = 0;
      for (int s = 1; s <= ref.steps; ++s) sum += series(rows[static_cast<std::size_t>(s)], which);
      time_means.push_back(sum / ref.steps);
    }
    const auto& ref_runs = ref.arrays.at(name + "_runs");
    if (!agree(mean_of(time_means), sd_of(time_means), n, mean_of(ref_runs), sd_of(ref_runs), n_ref)) {
      out.push_back(name + " time average: " + std::to_string(mean_of(time_means)) + " vs Mesa " +
                    std::to_string(mean_of(ref_runs)));
    }
    for (int step : {1, 10, 50, ref.steps}) {
      std::vector<double> at;
      for (const auto& rows : runs) at.push_back(series(rows[static_cast<std::size_t>(step)], which));
      const double ref_mean = ref.arrays.at(name + "_mean")[static_cast<std::size_t>(step)];
      const double ref_sd = ref.arrays.at(name + "_sd")[static_cast<std::size_t>(step)];
      if (!agree(mean_of(at), sd_of(at), n, ref_mean, ref_sd, n_ref)) {
        out.push_back(name + " at step " + std::to_string(step) + ": " + std::to_string(mean_of(at)) + " vs Mesa " +
                      std::to_string(ref_mean));
      }
    }
  }
  return out;
}

RebellionParams reference_params(const Reference& ref) {
  RebellionParams p;  // the defaults are the reference's parameters
  p.steps = ref.steps;
  return p;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& line : lines) s += "\n  " + line;
  return s;
}

TEST(Rebellion, AgreesWithMesa) {
  const Reference ref = load_reference();
  ASSERT_GE(ref.runs, 5);
  ASSERT_GE(ref.steps, 50);
  ASSERT_EQ(ref.arrays.at("active_mean").size(), static_cast<std::size_t>(ref.steps) + 1);
  const auto runs = run_replicates(reference_params(ref), 40);
  const auto problems = disagreements(ref, runs);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

// The comparison has the power to see a different model: legitimacy 0.7 instead of 0.8.
TEST(Rebellion, DisagreesWithMesaWhenLegitimacyDiffers) {
  const Reference ref = load_reference();
  RebellionParams p = reference_params(ref);
  p.legitimacy = 0.7;
  const auto problems = disagreements(ref, run_replicates(p, 12));
  EXPECT_FALSE(problems.empty());
}

}  // namespace
}  // namespace siege::rebellion
