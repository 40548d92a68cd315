#pragma once
// The only source of randomness in siege. Every draw comes from Philox4x64-10 (Random123), a
// counter-based generator: the numbers are a pure function of (seed, run, stream, entity, day,
// draw index), so results never depend on thread count, scheduling or the order in which entities
// are visited, and two policy arms draw the same numbers for everything their policies do not change.
#include <Random123/philox.h>

#include <cstdint>

namespace siege::rng {

/// Named random streams. The numbers are part of reproducibility: never renumber, only append.
enum class Stream : std::uint64_t {
  kInitHouseholds = 1,  ///< household sizes and cash at initialisation (entity: town)
  kInitPersons = 2,     ///< age band, sex, reserve of each person (entity: town)
  kAidApproval = 3,     ///< besieger's decision on a convoy request (entity: pocket)
  kAidLooting = 4,      ///< trucks looted at checkpoints (entity: pocket)
  kMortality = 5,       ///< candidate deaths by thinning (entity: town << 32 | block within town)
  kInitFighters = 6,    ///< which adult men are fighters (entity: town)
  kNegotiation = 7,     ///< escalation hazard, escalation length (entity: pocket)
  kCompliance = 8,      ///< reneging and the day's releases under an agreement (entity: agreement)
  kStrikes = 9,         ///< number of strikes of the day (entity: pocket)
  kInjuries = 10,       ///< death or recovery of the injured (entity: person)
  kDetention = 11,      ///< deaths in detention (entity: pocket)
  kArrests = 12,        ///< arrests after reconciliation (entity: pocket)
  kEvacuation = 13,     ///< which civilian households choose to leave (entity: household)
  kDepartures = 14,     ///< departures through crossings (entity: pocket)
  kOpinionTies = 15,    ///< households' ties in the social network (entity: town << 32 | household in town)
  kInitLeaning = 16,    ///< each person's own leaning on the release condition (entity: town)
  kDetaineeFamilies = 17,  ///< the household each detainee held from before belongs to (entity: pocket)
  kDemonstrations = 18,    ///< whether a town demonstrates (entity: town)
  kSweepDesign = 19,       ///< a sweep's sample points (entity: column of the design; key: the sweep's seed)
  kStrikeTargets = 20,     ///< each strike's town and casualties (entity: pocket << 32 | strike of the day);
                           ///< the pocket's answer to the day's strikes uses strike 2^32 - 1
  kRebellion = 21,         ///< civil-violence model, day = step: entity 0 activation order, a + 1 agent a; day 0: cells
  kCalendar = 22,          ///< a dated convoy's approval and looting (entity: calendar event)
  kFlight = 23,            ///< who flees across the front from ground taken, and who dies doing so (entity: household)
  kInitIncome = 24,        ///< which households receive salaries and remittances (entity: town)
  kConscription = 25,      ///< who is conscripted after a surrender (entity: pocket)
  kSensitivityBootstrap = 26,  ///< resampled base rows of a Saltelli design (entity: outcome; day: resample)
  kCalibration = 27,       ///< a calibration wave's candidate points (entity: wave; key: the calibration's seed)
};

/// What makes one run's numbers its own.
struct RunKey {
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
};

/// A sequence of draws for one (seed, run, stream, entity, day). Cheap to create: make one where it
/// is needed instead of passing generators around. Not shared between threads.
class Draws {
 public:
  Draws(RunKey key, Stream stream, std::uint64_t entity, std::uint64_t day) noexcept
      : key_{{key.seed, key.run}},
        counter_{{static_cast<std::uint64_t>(stream), entity, day, 0}} {}

  /// Uniform on (0, 1]: never 0, so log(uniform()) is finite. The largest draw rounds to exactly
  /// 1, so code that scales a draw to an index clamps it to the last one.
  double uniform() noexcept {
    if (next_ == 4) refill();
    return (static_cast<double>(block_.v[next_++] >> 11) + 0.5) * 0x1.0p-53;
  }
  bool bernoulli(double p) noexcept { return uniform() < p; }
  double exponential(double mean) noexcept;
  /// A standard normal draw (by inversion, so one uniform per draw).
  double normal() noexcept;
  /// Failures before the first success of trials with success probability p in (0, 1].
  std::uint64_t geometric(double p) noexcept;
  std::uint64_t poisson(double mean) noexcept;
  std::uint64_t binomial(std::uint64_t n, double p) noexcept;
  /// How many blocks of four 64-bit numbers this sequence has used (for tests).
  std::uint64_t blocks_used() const noexcept { return counter_.v[3]; }

 private:
  void refill() noexcept {
    block_ = r123::Philox4x64{}(counter_, key_);
    ++counter_.v[3];
    next_ = 0;
  }
  std::uint64_t poisson_small(double mean) noexcept;
  std::uint64_t poisson_ptrs(double mean) noexcept;
  std::uint64_t binomial_inversion(std::uint64_t n, double p) noexcept;
  std::uint64_t binomial_btrs(std::uint64_t n, double p) noexcept;

  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  int next_ = 4;
};

/// log(k!) exactly enough for rejection samplers, without the global state of std::lgamma.
double log_factorial(std::uint64_t k) noexcept;

}  // namespace siege::rng
