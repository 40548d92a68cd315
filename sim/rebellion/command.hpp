#pragma once
// `siege rebellion`: runs Epstein's civil-violence model and prints its counts, or measures its
// speed in agent-steps per second.
#include <cstdint>

#include "rebellion/rebellion.hpp"

namespace siege::rebellion {

struct RebellionArgs {
  RebellionParams params;  ///< grid, densities, legitimacy, jail, vision, steps, seed
  int runs = 1;            ///< replicates: run numbers 0, 1, ... with the same seed
  bool csv = false;        ///< print every step of every run as CSV: run,step,active,quiet,jailed
  bool bench = false;      ///< measure agent-steps per second instead
  int repetitions = 5;     ///< timed runs in bench mode; the median is reported
  int warmup = 1;          ///< untimed runs first in bench mode
  int threads = 0;         ///< worker threads for replicates (0: all); one run is one thread
};

/// Returns the exit code; bad parameters throw InputError.
int rebellion_command(const RebellionArgs& args);

}  // namespace siege::rebellion
