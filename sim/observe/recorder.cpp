#include "observe/recorder.hpp"

namespace siege::observe {

void Recorder::run_started(const World& world) {
  const auto vars = variables();
  record_ = RunRecord{};
  record_.values.resize(vars.size());
  const auto days = static_cast<std::size_t>(world.scenario().days);
  for (std::size_t v = 0; v < vars.size(); ++v) {
    record_.values[v].reserve(days * values_per_day(vars[v], world.pockets.size(), world.towns.size()));
  }
}

void Recorder::day_ended(const World& world) {
  const auto vars = variables();
  for (std::size_t v = 0; v < vars.size(); ++v) {
    const Variable& var = vars[v];
    auto& out = record_.values[v];
    switch (var.shape) {
      case Shape::kPocket:
        for (std::size_t p = 0; p < world.pockets.size(); ++p) out.push_back(var.sample(world, p, 0));
        break;
      case Shape::kPocketCause:
        for (std::size_t p = 0; p < world.pockets.size(); ++p) {
          for (std::size_t c = 0; c < kCauses; ++c) out.push_back(var.sample(world, p, c));
        }
        break;
      case Shape::kPocketCauseAgeSex:
        for (std::size_t p = 0; p < world.pockets.size(); ++p) {
          for (std::size_t i = 0; i < kCauses * kAgeBands * kSexes; ++i) out.push_back(var.sample(world, p, i));
        }
        break;
      case Shape::kTown:
        for (std::size_t t = 0; t < world.towns.size(); ++t) out.push_back(var.sample(world, t, 0));
        break;
    }
  }
  record_.events.insert(record_.events.end(), world.events_today.begin(), world.events_today.end());
  ++record_.days;
}

}  // namespace siege::observe
