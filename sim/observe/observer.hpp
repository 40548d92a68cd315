#pragma once
#include "world/world.hpp"

namespace siege::observe {

/// Watches a run. Observers read the world and never change it: the HDF5 output, the progress
/// line and the console summary are all observers.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void run_started(const World&) {}
  /// Called after the last stage of each day, with world.day still that day.
  virtual void day_ended(const World&) {}
  virtual void run_ended(const World&) {}
};

}  // namespace siege::observe
