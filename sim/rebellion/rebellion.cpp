// Epstein's civil-violence model with Mesa 3.3.1's rules.
//
// Where each rule comes from. Mesa = projectmesa/mesa; the example is
// mesa/examples/advanced/epstein_civil_violence/ (agents.py at 300fb768, model.py at 27b48ac9,
// the 3.3 line; the rules are unchanged since the example moved into the mesa package in 3.0).
//
//  - Grid: model.py 56-58, `OrthogonalVonNeumannGrid((width, height), capacity=1, torus=True)`:
//    one agent per cell, wrapping edges, four connections per cell.
//  - Neighbourhood: agents.py 18-20, `self.cell.get_neighborhood(radius=self.vision)`, and
//    mesa/discrete_space/cell.py `Cell._neighborhood`: the recursion over the four von Neumann
//    connections gives every cell within Manhattan distance `vision` (a diamond, not Moore's
//    box), and include_center=False drops the agent's own cell. For vision 7: 112 cells.
//  - Placement: model.py 75-91: every cell in turn draws
//    `random.choices([Citizen, Cop, None], cum_weights=[cd, cd + pd, 1])`: a citizen with chance
//    citizen_density, else a cop with chance cop_density, else nothing.
//  - Citizens' attributes: agents.py 70-79: hardship H ~ U(0,1), risk aversion R ~ U(0,1),
//    grievance G = H * (1 - legitimacy), state QUIET, jail_sentence 0.
//  - Activation: model.py 101, `self.agents.shuffle_do("step")` (mesa/agent.py AgentSet.shuffle_do:
//    the agents in creation order, shuffled with random.shuffle, every step afresh); cops and
//    citizens in one order; each agent acts on the state the earlier ones left.
//  - Citizen step: agents.py 89-101: if jail_sentence > 0, decrement it and do nothing else (the
//    citizen stays ARRESTED, in its cell); otherwise look around, estimate P, set ACTIVE if
//    G - R * P > threshold else QUIET, then move.
//  - Arrest probability: agents.py 108-121: cops_in_vision counts cops in the neighbourhood;
//    actives_in_vision = 1 (herself) + ACTIVE citizens in it; P = 1 - exp(-2.3 *
//    round(cops / actives)), with Python's round(), which takes halves to the even integer.
//  - Cop step: agents.py 154-164: look around; if any ACTIVE citizen is in the neighbourhood, pick
//    one uniformly (`random.choice`), give it `random.randint(0, max_jail_term)` (both ends
//    included) and set it ARRESTED; then move. The arrested citizen keeps its cell.
//  - Move: agents.py 22-25: if movement is on and the neighbourhood (as seen before acting) has
//    empty cells, move to one chosen uniformly (`random.choice(self.empty_neighbors)`).
//  - Counts: model.py 60-64, 108-113: citizens grouped by state, ACTIVE / QUIET / ARRESTED,
//    collected after placement and after every step.
//
// Deviations, none of them in the rules: random numbers come from Philox (rng::Draws) instead of
// the Mersenne Twister, so runs match Mesa's statistically, not draw for draw; uniforms are on
// (0, 1] instead of [0, 1); a uniform index is floor(u * n) (bias at most n * 2^-53); the
// grid must be at least 2 * vision + 1 wide and high, so that the neighbourhood never wraps onto
// itself (Mesa would then merge duplicate cells).
//
// How it is fast: the grid is also held as rows of two-bit cell codes (empty, citizen, active
// citizen, cop), padded with copies of the columns across the torus seam, so each of the 2v + 1
// row segments of the diamond is one unaligned 64-bit read, and the counts of a row are three
// popcounts. The n-th empty cell (or active citizen) is found from the per-row counts and a select
// within one word, which is exactly a uniform choice among them, with one draw.
#include "rebellion/rebellion.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace siege::rebellion {
namespace {

static_assert(std::endian::native == std::endian::little, "cell codes are read as little-endian words");

// The functions of one agent's turn are inlined into both versions of Rebellion::activate_all.
#define SIEGE_REBELLION_HOT [[gnu::always_inline]] inline

constexpr int kMaxVision = 14;  // a row segment of 2 * (2v + 1) bits plus a 6-bit offset fits 64 bits
static_assert(2 * kMaxVision + 1 == 29, "Rebellion::kMaxRows");
constexpr int kMaxSide = 65535;
constexpr std::uint64_t kLowBits = 0x5555555555555555u;   // the low bit of every cell code
constexpr std::uint64_t kHighBits = 0xAAAAAAAAAAAAAAAAu;  // the high bit

/// The codes of cells [start, start + cells) of a row (cells <= 29), cell i in bits 2i and 2i + 1.
[[gnu::always_inline]] inline std::uint64_t segment(const std::uint64_t* row, std::uint32_t start, std::uint32_t cells) {
  const std::uint32_t bit = 2 * start;
  std::uint64_t word;
  std::memcpy(&word, reinterpret_cast<const unsigned char*>(row) + (bit >> 3), sizeof word);
  return (word >> (bit & 7u)) & ((std::uint64_t{1} << (2 * cells)) - 1);
}

/// Set bits of a word. Written as the builtin so that, inlined into a function compiled for the
/// POPCNT instruction, it becomes that instruction (see Rebellion::step).
[[gnu::always_inline]] inline int bits_set(std::uint64_t word) { return __builtin_popcountll(word); }

/// Per-cell indicator bits (in the low bit of each cell) of a segment.
[[gnu::always_inline]] inline std::uint64_t empty_cells(std::uint64_t codes, std::uint32_t cells) {
  return ~(codes | (codes >> 1)) & kLowBits & ((std::uint64_t{1} << (2 * cells)) - 1);
}
[[gnu::always_inline]] inline std::uint64_t active_cells(std::uint64_t codes) { return codes & (codes >> 1) & kLowBits; }

/// The first row whose running count `upto` exceeds nth (one exists). A plain search: it stops
/// after a few rows, and the one mispredicted branch costs less than a search without branches.
[[gnu::always_inline]] inline int row_of(const int* upto, int nth) {
  int r = 0;
  while (upto[r] <= nth) ++r;
  return r;
}

/// Position of the n-th (from 0) set bit of `word`, which has more than n set bits. n is small
/// (a few empty cells per row), so clearing the lowest bits beats a search on popcounts.
[[gnu::always_inline]] inline int select_bit(std::uint64_t word, int n) {
  for (; n > 0; --n) word &= word - 1;
  return std::countr_zero(word);
}

Diagnostic problem(std::string path, std::string message) {
  Diagnostic d;
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

/// A uniform index in [0, n), n >= 1, from one draw.
[[gnu::always_inline]] inline std::uint64_t pick(rng::Draws& draws, std::uint64_t n) {
  const auto index = static_cast<std::uint64_t>(draws.uniform() * static_cast<double>(n));
  return std::min(index, n - 1);
}

}  // namespace

int round_half_even(int numerator, int denominator) {
  const int quotient = numerator / denominator;
  const int twice_remainder = 2 * (numerator % denominator);
  if (twice_remainder > denominator || (twice_remainder == denominator && (quotient & 1) != 0)) return quotient + 1;
  return quotient;
}

double arrest_probability(int cops, int actives_in_vision, double arrest_prob_constant) {
  // Written as agents.py writes it, so that the floating-point result is the same.
  return 1.0 - std::exp(-1.0 * arrest_prob_constant * round_half_even(cops, actives_in_vision));
}

void validate(const RebellionParams& p) {
  std::vector<Diagnostic> errors;
  auto fail = [&](std::string path, std::string message) { errors.push_back(problem(std::move(path), std::move(message))); };
  if (p.vision < 1 || p.vision > kMaxVision) fail("vision", fmt::format("must be 1 to {}, not {}", kMaxVision, p.vision));
  const int min_side = 2 * std::clamp(p.vision, 1, kMaxVision) + 1;
  if (p.width < min_side || p.width > kMaxSide)
    fail("width", fmt::format("must be {} (2 * vision + 1) to {}, not {}", min_side, kMaxSide, p.width));
  if (p.height < min_side || p.height > kMaxSide)
    fail("height", fmt::format("must be {} (2 * vision + 1) to {}, not {}", min_side, kMaxSide, p.height));
  if (static_cast<std::int64_t>(p.width) * p.height >= (std::int64_t{1} << 31))
    fail("width", "width * height must be below 2^31 cells");
  if (!(p.cop_density >= 0 && p.cop_density <= 1)) fail("cop_density", "must be between 0 and 1");
  if (!(p.citizen_density >= 0 && p.citizen_density <= 1)) fail("citizen_density", "must be between 0 and 1");
  if (!(p.cop_density + p.citizen_density <= 1)) fail("cop_density", "cop density + citizen density must be at most 1");
  if (!(p.legitimacy >= 0 && p.legitimacy <= 1)) fail("legitimacy", "must be between 0 and 1");
  if (p.max_jail_term < 0 || p.max_jail_term > (1 << 30)) fail("max_jail_term", "must be 0 to 2^30 steps");
  if (!std::isfinite(p.active_threshold)) fail("active_threshold", "must be a finite number");
  if (!(p.arrest_prob_constant >= 0 && std::isfinite(p.arrest_prob_constant)))
    fail("arrest_prob_constant", "must be a finite number >= 0");
  if (p.steps < 0) fail("steps", "must be >= 0");
  if (!errors.empty()) throw InputError(std::move(errors));
}

Rebellion::Rebellion(const RebellionParams& params) : Rebellion(params, {}) {
  // Mesa's placement: each cell draws its occupant (model.py 75-91).
  for (int y = 0; y < params_.height; ++y) {
    for (int x = 0; x < params_.width; ++x) {
      const auto cell = static_cast<std::uint64_t>(y) * static_cast<std::uint64_t>(params_.width) + static_cast<std::uint64_t>(x);
      rng::Draws draws(key_, rng::Stream::kRebellion, cell, 0);
      const double u = draws.uniform();
      Agent agent;
      agent.x = static_cast<std::uint16_t>(x);
      agent.y = static_cast<std::uint16_t>(y);
      if (u <= params_.citizen_density) {
        const double hardship = draws.uniform();
        agent.risk_aversion = draws.uniform();
        agent.grievance = hardship * (1 - params_.legitimacy);
      } else if (u <= params_.citizen_density + params_.cop_density) {
        agent.kind = Kind::kCop;
      } else {
        continue;
      }
      grid_[cell] = static_cast<std::uint32_t>(agents_.size());
      agents_.push_back(agent);
    }
  }
  build_rows();
}

Rebellion::Rebellion(const RebellionParams& params, std::span<const Placement> placements)
    : params_(params), key_{params.seed, params.run} {
  validate(params_);
  const int v = params_.vision;
  grid_.assign(static_cast<std::size_t>(params_.width) * static_cast<std::size_t>(params_.height), kEmpty);
  row_words_ = (2 * static_cast<std::size_t>(params_.width + 2 * v) + 63) / 64 + 1;  // + 1: room for unaligned reads
  shape_.resize(static_cast<std::size_t>(2 * v + 1));
  for (int i = 0, upto = 0; i <= 2 * v; ++i) {
    const int k = v - std::abs(i - v);
    upto += 2 * k + 1;
    shape_[i] = {static_cast<std::uint32_t>(2 * (v - k)), (std::uint64_t{1} << (2 * (2 * k + 1))) - 1, upto};
  }
  neighbourhood_cells_ = shape_.back().cells_upto;
  const int max_ratio = 2 * v * (v + 1);  // every cell of the neighbourhood a cop, one active
  probability_.resize(static_cast<std::size_t>(max_ratio) + 1);
  for (int q = 0; q <= max_ratio; ++q) probability_[q] = arrest_probability(q, 1, params_.arrest_prob_constant);

  std::vector<Diagnostic> errors;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const Placement& p = placements[i];
    const std::string path = fmt::format("placements[{}]", i);
    if (p.x < 0 || p.x >= params_.width || p.y < 0 || p.y >= params_.height) {
      errors.push_back(problem(path, "outside the grid"));
      continue;
    }
    const std::size_t cell = static_cast<std::size_t>(p.y) * params_.width + p.x;
    if (grid_[cell] != kEmpty) {
      errors.push_back(problem(path, "cell already taken"));
      continue;
    }
    if (p.kind == Kind::kCop && p.state != State::kQuiet) errors.push_back(problem(path, "a cop has no citizen state"));
    if (!(p.hardship >= 0 && p.hardship <= 1 && p.risk_aversion >= 0 && p.risk_aversion <= 1))
      errors.push_back(problem(path, "hardship and risk aversion are between 0 and 1"));
    if (p.jail < 0 || (p.jail > 0 && p.state != State::kArrested))
      errors.push_back(problem(path, "only an ARRESTED citizen has a jail term, and it is >= 0"));
    Agent agent;
    agent.x = static_cast<std::uint16_t>(p.x);
    agent.y = static_cast<std::uint16_t>(p.y);
    agent.kind = p.kind;
    if (p.kind == Kind::kCitizen) {
      agent.grievance = p.hardship * (1 - params_.legitimacy);
      agent.risk_aversion = p.risk_aversion;
      agent.state = p.state;
      agent.jail = p.jail;
    }
    grid_[cell] = static_cast<std::uint32_t>(agents_.size());
    agents_.push_back(agent);
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  build_rows();
}

void Rebellion::build_rows() {
  rows_.assign(row_words_ * static_cast<std::size_t>(params_.height + 2 * params_.vision), 0);
  counts_ = {};
  citizens_ = 0;
  for (Agent& agent : agents_) {
    set_code(agent.x, agent.y, code_of(agent));
    if (agent.kind == Kind::kCop) continue;
    // G - R * P with P in [0, 1] lies in [G - R, G], and floating-point rounding keeps it there.
    if (agent.grievance <= params_.active_threshold) agent.settled = State::kQuiet;
    if (agent.grievance - agent.risk_aversion > params_.active_threshold) agent.settled = State::kActive;
    ++citizens_;
    (agent.state == State::kActive ? counts_.active : agent.state == State::kQuiet ? counts_.quiet : counts_.jailed) += 1;
  }
  order_.resize(agents_.size());
}

SIEGE_REBELLION_HOT Rebellion::Code Rebellion::code_of(const Agent& agent) {
  if (agent.kind == Kind::kCop) return kCodeCop;
  return agent.state == State::kActive ? kCodeActive : kCodeCitizen;
}

SIEGE_REBELLION_HOT void Rebellion::set_code(int x, int y, Code code) {
  const int v = params_.vision;
  auto put_row = [&](std::uint64_t* bits) {
    auto put = [&](int cell) {
      const int bit = 2 * cell;
      bits[bit >> 6] = (bits[bit >> 6] & ~(std::uint64_t{3} << (bit & 63))) | (std::uint64_t{code} << (bit & 63));
    };
    put(x + v);
    if (x < v) put(x + v + params_.width);                   // seen from the right edge
    if (x >= params_.width - v) put(x + v - params_.width);  // seen from the left edge
  };
  put_row(row(y));
  if (y < v) put_row(row(y + params_.height));                   // seen from the bottom edge
  if (y >= params_.height - v) put_row(row(y - params_.height));  // seen from the top edge
}

SIEGE_REBELLION_HOT void Rebellion::set_state(Agent& agent, State state) {
  if (agent.state == state) return;
  auto count = [&](State s) -> std::int64_t& {
    return s == State::kActive ? counts_.active : s == State::kQuiet ? counts_.quiet : counts_.jailed;
  };
  --count(agent.state);
  ++count(state);
  const bool was_active = agent.state == State::kActive;
  agent.state = state;
  if (was_active != (state == State::kActive)) set_code(agent.x, agent.y, code_of(agent));
}

SIEGE_REBELLION_HOT void Rebellion::move(std::uint32_t a, int to_x, int to_y) {
  Agent& agent = agents_[a];
  const std::size_t width = static_cast<std::size_t>(params_.width);
  grid_[agent.y * width + agent.x] = kEmpty;
  grid_[to_y * width + to_x] = a;
  set_code(agent.x, agent.y, kCodeEmpty);
  set_code(to_x, to_y, code_of(agent));
  agent.x = static_cast<std::uint16_t>(to_x);
  agent.y = static_cast<std::uint16_t>(to_y);
}

template <bool kFull>
SIEGE_REBELLION_HOT void Rebellion::scan(const Agent& agent, Scan& out) const {
  const int rows = 2 * params_.vision + 1;
  const std::uint64_t* bits = row(agent.y - params_.vision);
  const std::uint32_t base_bit = 2u * agent.x;
  int occupied = 0;
  int high = 0;
  int actives = 0;
  for (int i = 0; i < rows; ++i, bits += row_words_) {
    const RowShape& shape = shape_[i];
    const std::uint32_t bit = base_bit + shape.offset_bits;
    std::uint64_t word;
    std::memcpy(&word, reinterpret_cast<const unsigned char*>(bits) + (bit >> 3), sizeof word);
    const std::uint64_t codes = (word >> (bit & 7u)) & shape.mask;
    if constexpr (kFull) {
      const int active = bits_set(codes & (codes >> 1) & kLowBits);
      occupied += bits_set(codes) - active;  // a set bit per citizen or cop, two per active citizen
      high += bits_set(codes & kHighBits);
      actives += active;
      out.actives_upto[i] = actives;
    } else {
      occupied += bits_set((codes | (codes >> 1)) & kLowBits);
    }
    out.empty_upto[i] = shape.cells_upto - occupied;
  }
  out.occupied = occupied;
  out.high = high;
  out.actives = actives;
}

SIEGE_REBELLION_HOT std::pair<int, int> Rebellion::nth_cell(const Agent& agent, Want want, int nth,
                                                            const Scan& scan) const {
  const int* upto = want == Want::kEmpty ? scan.empty_upto : scan.actives_upto;
  const int r = row_of(upto, nth);
  nth -= r > 0 ? upto[r - 1] : 0;
  const int v = params_.vision;
  const int k = v - std::abs(r - v);
  const auto cells = static_cast<std::uint32_t>(2 * k + 1);
  const std::uint64_t codes = segment(row(agent.y + r - v), static_cast<std::uint32_t>(agent.x + v - k), cells);
  // The agent's own cell is neither empty nor (for a cop, the only one choosing actives) active.
  const std::uint64_t bits = want == Want::kEmpty ? empty_cells(codes, cells) : active_cells(codes);
  int x = agent.x - k + select_bit(bits, nth) / 2;
  if (x < 0) x += params_.width;
  if (x >= params_.width) x -= params_.width;
  int y = agent.y + r - v;
  if (y < 0) y += params_.height;
  if (y >= params_.height) y -= params_.height;
  return {x, y};
}

Sight Rebellion::sight(std::uint32_t a) const {
  const Agent& agent = agents_[a];
  Scan found;
  scan<true>(agent, found);
  Sight s;
  s.empty = neighbourhood_cells_ - found.occupied;  // the own cell is occupied
  s.cops = found.high - found.actives - (agent.kind == Kind::kCop ? 1 : 0);
  s.actives = found.actives - (agent.state == State::kActive ? 1 : 0);
  return s;
}

double Rebellion::estimated_arrest_probability(std::uint32_t a) const {
  const Sight s = sight(a);
  return arrest_probability(s.cops, 1 + s.actives, params_.arrest_prob_constant);
}

SIEGE_REBELLION_HOT void Rebellion::act_citizen(std::uint32_t a) {
  Agent& agent = agents_[a];
  if (agent.jail > 0) {  // agents.py 89-91: serve one step of the sentence, nothing else
    --agent.jail;
    return;
  }
  Scan found;
  if (agent.settled != State::kArrested) {
    scan<false>(agent, found);  // what it sees cannot change its mind: only empty cells matter
    set_state(agent, agent.settled);
  } else {
    scan<true>(agent, found);
    // The own cell is occupied and not a cop; it is active if the citizen is, and counts once.
    const int self_active = agent.state == State::kActive ? 1 : 0;
    const int cops = found.high - found.actives;
    const int actives_in_vision = 1 + found.actives - self_active;
    const double probability = probability_[round_half_even(cops, actives_in_vision)];
    const double net_risk = agent.risk_aversion * probability;
    set_state(agent, (agent.grievance - net_risk) > params_.active_threshold ? State::kActive : State::kQuiet);
  }
  const int empty = neighbourhood_cells_ - found.occupied;
  if (params_.movement && empty > 0) {
    rng::Draws draws(key_, rng::Stream::kRebellion, std::uint64_t{a} + 1, static_cast<std::uint64_t>(step_));
    const auto nth = static_cast<int>(pick(draws, static_cast<std::uint64_t>(empty)));
    const auto [x, y] = nth_cell(agent, Want::kEmpty, nth, found);
    move(a, x, y);
  }
}

SIEGE_REBELLION_HOT void Rebellion::act_cop(std::uint32_t a) {
  const Agent& agent = agents_[a];
  Scan found;
  scan<true>(agent, found);
  const int empty = neighbourhood_cells_ - found.occupied;
  const bool moves = params_.movement && empty > 0;
  if (found.actives == 0 && !moves) return;
  rng::Draws draws(key_, rng::Stream::kRebellion, std::uint64_t{a} + 1, static_cast<std::uint64_t>(step_));
  if (found.actives > 0) {  // agents.py 155-162: one active citizen in sight, chosen uniformly, is jailed
    const auto nth = static_cast<int>(pick(draws, static_cast<std::uint64_t>(found.actives)));
    const auto [x, y] = nth_cell(agent, Want::kActive, nth, found);
    Agent& arrestee = agents_[grid_[static_cast<std::size_t>(y) * params_.width + x]];
    arrestee.jail = static_cast<std::int32_t>(pick(draws, static_cast<std::uint64_t>(params_.max_jail_term) + 1));
    set_state(arrestee, State::kArrested);
  }
  if (moves) {  // the arrest changed no cell's occupancy: the empty cells counted above stand
    const auto nth = static_cast<int>(pick(draws, static_cast<std::uint64_t>(empty)));
    const auto [x, y] = nth_cell(agent, Want::kEmpty, nth, found);
    move(a, x, y);
  }
}

void Rebellion::step() {
  ++step_;
  // A fresh uniform order of all agents, by Fisher-Yates as random.shuffle does (model.py 101).
  std::iota(order_.begin(), order_.end(), std::uint32_t{0});
  rng::Draws draws(key_, rng::Stream::kRebellion, 0, static_cast<std::uint64_t>(step_));
  for (std::size_t i = order_.size(); i > 1; --i) {
    const auto j = pick(draws, i);
    std::swap(order_[i - 1], order_[j]);
  }
  // Counting neighbours is popcounts and variable shifts; the library is built for baseline
  // x86-64, which has neither POPCNT nor BMI2's SHRX, so the turn loop is compiled twice and the
  // CPU picks. The results are the same either way.
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool fast = __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi2");
  if (fast) {
    activate_all_fast();
    return;
  }
#endif
  activate_all();
}

SIEGE_REBELLION_HOT void Rebellion::activate_all() {
  // On big grids an agent's record and its cell are cache misses: fetch the record 16 turns ahead
  // and, once it has arrived, its cell 8 turns ahead (the rows of codes stay in cache).
  constexpr std::size_t kAhead = 16;
  const std::size_t n = order_.size();
  const std::size_t width = static_cast<std::size_t>(params_.width);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&agents_[order_[i + kAhead]]);
    if (i + kAhead / 2 < n) {
      const Agent& later = agents_[order_[i + kAhead / 2]];
      __builtin_prefetch(&grid_[later.y * width + later.x]);
    }
    const std::uint32_t a = order_[i];
    if (agents_[a].kind == Kind::kCop) {
      act_cop(a);
    } else {
      act_citizen(a);
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("popcnt,bmi,bmi2")]] void Rebellion::activate_all_fast() { activate_all(); }
#else
void Rebellion::activate_all_fast() { activate_all(); }
#endif

std::int64_t Rebellion::agent_at(int x, int y) const {
  const std::uint32_t a = grid_[static_cast<std::size_t>(y) * params_.width + x];
  return a == kEmpty ? -1 : static_cast<std::int64_t>(a);
}

std::string Rebellion::check_invariants() const {
  Counts counts;
  std::int64_t citizens = 0;
  for (std::size_t a = 0; a < agents_.size(); ++a) {
    const Agent& agent = agents_[a];
    if (agent.x >= params_.width || agent.y >= params_.height) return fmt::format("agent {} off the grid", a);
    if (grid_[static_cast<std::size_t>(agent.y) * params_.width + agent.x] != a)
      return fmt::format("agent {} at ({}, {}) but the grid holds another there", a, agent.x, agent.y);
    if (agent.kind == Kind::kCop) {
      if (agent.state != State::kQuiet || agent.jail != 0) return fmt::format("cop {} has a citizen state", a);
      continue;
    }
    ++citizens;
    if (agent.jail < 0) return fmt::format("citizen {} has a negative jail term", a);
    if (agent.jail > 0 && agent.state != State::kArrested) return fmt::format("citizen {} serves a term but is not ARRESTED", a);
    (agent.state == State::kActive ? counts.active : agent.state == State::kQuiet ? counts.quiet : counts.jailed) += 1;
  }
  if (citizens != citizens_) return "citizen count changed";
  if (counts != counts_) return "kept counts differ from a recount";
  if (counts.active + counts.quiet + counts.jailed != citizens_) return "active + quiet + jailed != citizens";
  std::size_t occupied = 0;
  for (const std::uint32_t a : grid_) {
    if (a == kEmpty) continue;
    ++occupied;
    if (a >= agents_.size()) return "the grid names an agent that does not exist";
  }
  if (occupied != agents_.size()) return "agents and occupied cells differ in number (two in one cell?)";
  const int v = params_.vision;
  auto wrap = [](int i, int n) { return (i % n + n) % n; };
  for (int padded_y = -v; padded_y < params_.height + v; ++padded_y) {
    const int y = wrap(padded_y, params_.height);
    for (int padded = 0; padded < params_.width + 2 * v; ++padded) {
      const int x = wrap(padded - v, params_.width);
      const std::uint32_t a = grid_[static_cast<std::size_t>(y) * params_.width + x];
      const std::uint64_t expect = a == kEmpty ? kCodeEmpty : code_of(agents_[a]);
      const int bit = 2 * padded;
      const std::uint64_t got = (row(padded_y)[bit >> 6] >> (bit & 63)) & 3u;
      if (got != expect) return fmt::format("cell code wrong at ({}, {}), padded ({}, {})", x, y, padded, padded_y);
    }
  }
  return {};
}

std::vector<Counts> run(const RebellionParams& params) {
  Rebellion model(params);
  std::vector<Counts> rows;
  rows.reserve(static_cast<std::size_t>(params.steps) + 1);
  rows.push_back(model.counts());
  for (int s = 0; s < params.steps; ++s) {
    model.step();
    rows.push_back(model.counts());
  }
  return rows;
}

std::vector<std::vector<Counts>> run_replicates(const RebellionParams& params, int runs) {
  validate(params);
  std::vector<std::vector<Counts>> out(static_cast<std::size_t>(std::max(runs, 0)));
  for_each_index(out.size(), [&](std::size_t r) {
    RebellionParams p = params;
    p.run = params.run + r;
    out[r] = run(p);
  });
  return out;
}

}  // namespace siege::rebellion
