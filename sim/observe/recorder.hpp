#pragma once
#include <vector>

#include "observe/observer.hpp"
#include "observe/variables.hpp"

namespace siege::observe {

/// Everything one run produced: each variable's values, day after day, and the events.
struct RunRecord {
  std::size_t days = 0;
  /// values[v] holds variable v as [time][entity] (or [time][pocket][cause]).
  std::vector<std::vector<double>> values;
  std::vector<Event> events;
};

/// Samples every output variable at the end of each day.
class Recorder final : public Observer {
 public:
  void run_started(const World& world) override;
  void day_ended(const World& world) override;
  const RunRecord& record() const { return record_; }
  RunRecord take() { return std::move(record_); }
  /// Carries on a record made before a checkpoint or a branch.
  void resume(RunRecord record) { record_ = std::move(record); }

 private:
  RunRecord record_;
};

}  // namespace siege::observe
