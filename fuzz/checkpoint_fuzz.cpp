// Any bytes as a checkpoint (siege run --resume-from): refused with InputError, or read and, if it
// fits the classroom scenario, restored into a world that then runs a day. Anything else is a
// finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "experiment/checkpoint.hpp"
#include "experiment/simulation.hpp"
#include "scenario/load.hpp"

namespace {

const std::shared_ptr<const siege::Scenario>& classroom() {
  static const auto scenario = [] {
    siege::Scenario s = siege::scenario::load_file(SIEGE_SOURCE_DIR "/scenarios/classroom.yaml");
    s.days = 6;
    return std::make_shared<const siege::Scenario>(std::move(s));
  }();
  return scenario;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/siege-checkpoint-fuzz-" + std::to_string(::getpid());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                               static_cast<std::streamsize>(size));
  try {
    const siege::Checkpoint checkpoint = siege::read_checkpoint(path);
    if (checkpoint.runs.empty()) return 0;
    siege::Simulation simulation(classroom(), checkpoint.runs.front().run);
    simulation.restore(checkpoint.runs.front(), path);
    if (simulation.world().day < classroom()->days) simulation.step();
  } catch (const siege::InputError&) {
    // refused with a message
  }
  return 0;
}
