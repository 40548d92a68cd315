#pragma once
// Epstein's civil-violence model ("Rebellion", model 1 of Epstein 2002, PNAS 99 suppl. 3, 7243)
// with exactly the rules of Mesa 3.3.1's `epstein_civil_violence` example, on siege's
// counter-based random numbers. A teaching scenario and a benchmark of the core; it shares nothing
// with the siege model but the random numbers. Where each rule comes from: rebellion.cpp.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/rng.hpp"

namespace siege::rebellion {

/// Everything a run depends on. Defaults: Mesa's example, on the 100 x 100 grid of the benchmark.
struct RebellionParams {
  int width = 100;                    ///< cells; the grid is a torus
  int height = 100;                   ///< cells
  double cop_density = 0.074;         ///< chance that a cell starts with a cop
  double citizen_density = 0.7;       ///< chance that a cell starts with a citizen
  double legitimacy = 0.8;            ///< L, the regime's legitimacy as every citizen sees it
  int max_jail_term = 1000;           ///< J_max, steps; a term is uniform on {0, ..., J_max}
  int vision = 7;                     ///< radius (Manhattan distance) of every agent's neighbourhood, 1-14
  double active_threshold = 0.1;      ///< T: a citizen is active when G - R * P > T
  double arrest_prob_constant = 2.3;  ///< k in P = 1 - exp(-k * round(C / A))
  bool movement = true;               ///< whether agents move to an empty cell of their neighbourhood
  int steps = 100;                    ///< steps of a run
  std::uint64_t seed = 1;             ///< seed of the random numbers
  std::uint64_t run = 0;              ///< run number: replicates share the seed, not the run
};

/// Throws InputError listing every parameter that is out of range.
void validate(const RebellionParams& params);

enum class Kind : std::uint8_t { kCitizen = 0, kCop = 1 };
enum class State : std::uint8_t { kQuiet = 0, kActive = 1, kArrested = 2 };

/// Citizens by state, as Mesa's DataCollector counts them ("jailed" is Mesa's ARRESTED: a citizen
/// arrested whose term has run out stays ARRESTED until its own next turn).
struct Counts {
  std::int64_t active = 0;
  std::int64_t quiet = 0;
  std::int64_t jailed = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

/// One agent. A single record rather than one array per field: random activation visits agents in
/// random order and reads all of an agent's fields at once, so one cache line per agent is what
/// counts on big grids. The grid itself is held as rows of two-bit cell codes (see Rebellion).
struct Agent {
  double grievance = 0;      ///< G = hardship * (1 - L); 0 for cops
  double risk_aversion = 0;  ///< R ~ U(0, 1); 0 for cops
  std::int32_t jail = 0;     ///< steps of the sentence still to serve
  std::uint16_t x = 0;
  std::uint16_t y = 0;
  Kind kind = Kind::kCitizen;
  State state = State::kQuiet;
  /// The state a citizen takes whatever it sees (P is in [0, 1]): kQuiet if G <= T, kActive if
  /// G - R > T; kArrested means "it depends on P". Spares about half the citizens (L = 0.8) the counting.
  State settled = State::kArrested;
};

/// An agent placed by hand (tests, teaching examples).
struct Placement {
  int x = 0;
  int y = 0;
  Kind kind = Kind::kCitizen;
  double hardship = 0;
  double risk_aversion = 0;
  State state = State::kQuiet;
  int jail = 0;
};

/// What an agent sees in its neighbourhood (the cells within Manhattan distance `vision`, on the
/// torus, without its own cell).
struct Sight {
  int cops = 0;
  int actives = 0;  ///< active citizens, not counting the agent itself
  int empty = 0;    ///< cells with nobody in them
};

/// Mesa's arrest-probability estimate: 1 - exp(-k * round(cops / actives_in_vision)), with
/// Python's round (halves to the even integer: round(0.5) = 0, round(1.5) = 2, round(2.5) = 2).
/// `actives_in_vision` counts the citizen herself, so it is at least 1.
double arrest_probability(int cops, int actives_in_vision, double arrest_prob_constant);
/// round(numerator / denominator) as Python rounds, for non-negative integers.
int round_half_even(int numerator, int denominator);

/// One run of the model. Agents act one after another in a fresh random order each step, each
/// seeing the state left by those before it, as Mesa's `shuffle_do` does.
class Rebellion {
 public:
  /// Places agents at random as Mesa does (each cell: citizen with chance citizen_density, else
  /// cop with chance cop_density, else empty). Validates the parameters.
  explicit Rebellion(const RebellionParams& params);
  /// Places the given agents instead (tests); the random numbers still follow params.seed/run.
  Rebellion(const RebellionParams& params, std::span<const Placement> placements);

  /// One step of every agent.
  void step();
  /// Steps done so far.
  int steps_done() const { return step_; }

  Counts counts() const { return counts_; }
  const RebellionParams& params() const { return params_; }
  std::span<const Agent> agents() const { return agents_; }
  std::int64_t citizens() const { return citizens_; }
  std::int64_t cops() const { return static_cast<std::int64_t>(agents_.size()) - citizens_; }
  /// The agent in cell (x, y), or -1 if it is empty.
  std::int64_t agent_at(int x, int y) const;
  /// What agent `a` sees from where it stands.
  Sight sight(std::uint32_t a) const;
  /// Agent `a`'s arrest-probability estimate as it would make it now (citizens).
  double estimated_arrest_probability(std::uint32_t a) const;
  /// Empty when every invariant holds (counts add up, one agent per cell and each agent where the
  /// grid says, the bit rows agree with the grid, jailed agents ARRESTED and in place); else
  /// what is wrong. Scans everything: for tests.
  std::string check_invariants() const;

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr int kMaxRows = 29;  ///< 2 * vision + 1 for the largest vision
  /// What a cell holds, two bits per cell: 00 empty, 01 a citizen not active (quiet or jailed),
  /// 11 an active citizen, 10 a cop.
  enum Code : std::uint64_t { kCodeEmpty = 0, kCodeCitizen = 1, kCodeCop = 2, kCodeActive = 3 };
  enum class Want { kEmpty, kActive };
  /// Row i of every neighbourhood (dy = i - vision): its cells start 2 * (vision - k) bits after
  /// the agent's padded column and span 2k + 1 cells, k = vision - |dy|.
  struct RowShape {
    std::uint32_t offset_bits = 0;
    std::uint64_t mask = 0;  ///< the 2 * (2k + 1) bits of the row's cells
    int cells_upto = 0;      ///< cells in rows 0 to i
  };
  /// What a scan of a neighbourhood found; `occupied` counts the agent's own cell.
  struct Scan {
    int occupied = 0;
    int high = 0;     ///< cops + active citizens
    int actives = 0;  ///< active citizens (the agent too, if active)
    int empty_upto[kMaxRows];    ///< empty cells in rows 0 to i
    int actives_upto[kMaxRows];  ///< active citizens in rows 0 to i (full scans only)
  };

  void build_rows();
  static Code code_of(const Agent& agent);
  void set_code(int x, int y, Code code);
  /// Row y of the grid; rows -vision to height + vision - 1 exist (copies across the seam).
  const std::uint64_t* row(int y) const {
    return rows_.data() + static_cast<std::size_t>(y + params_.vision) * row_words_;
  }
  std::uint64_t* row(int y) { return rows_.data() + static_cast<std::size_t>(y + params_.vision) * row_words_; }
  /// Counts in the agent's neighbourhood: all three if kFull, else only the occupied cells.
  template <bool kFull>
  void scan(const Agent& agent, Scan& out) const;
  void set_state(Agent& agent, State state);
  void move(std::uint32_t a, int to_x, int to_y);
  /// The `nth` (from 0) empty cell (or active citizen) of the agent's neighbourhood, scanning rows
  /// from top to bottom and cells left to right.
  std::pair<int, int> nth_cell(const Agent& agent, Want want, int nth, const Scan& scan) const;
  void act_citizen(std::uint32_t a);
  void act_cop(std::uint32_t a);
  /// Every agent's turn in order_; the second is the same code compiled for POPCNT and BMI2.
  void activate_all();
  void activate_all_fast();

  RebellionParams params_;
  rng::RunKey key_;
  int step_ = 0;
  std::vector<Agent> agents_;
  std::vector<std::uint32_t> grid_;  ///< agent in each cell (y * width + x), or kEmpty
  /// Each row's cell codes, `width + 2 * vision` cells of two bits: column x is cell x + vision, and
  /// the `vision` columns either side are copied into the padding; `vision` rows above and below
  /// are copies too. So any row segment of a neighbourhood is one unaligned 64-bit read.
  std::vector<std::uint64_t> rows_;
  std::size_t row_words_ = 0;
  std::vector<RowShape> shape_;
  int neighbourhood_cells_ = 0;  ///< 2v(v + 1) + 1, the agent's own cell included
  std::vector<std::uint32_t> order_;
  std::vector<double> probability_;  ///< arrest probability by round(C / A)
  std::int64_t citizens_ = 0;
  Counts counts_;
};

/// Counts at step 0 (after placement) and after each of params.steps steps: steps + 1 rows.
std::vector<Counts> run(const RebellionParams& params);
/// `runs` replicates with run numbers params.run, params.run + 1, ..., in parallel (the results do
/// not depend on the number of threads).
std::vector<std::vector<Counts>> run_replicates(const RebellionParams& params, int runs);

}  // namespace siege::rebellion
