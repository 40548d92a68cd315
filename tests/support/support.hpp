#pragma once
// Helpers shared by the C++ tests: real scenario files, whole runs, and a fingerprint of a world.
#include <cstdint>
#include <memory>
#include <string>

#include "experiment/simulation.hpp"
#include "observe/recorder.hpp"
#include "scenario/scenario.hpp"

namespace siege::test {

/// A path inside the source tree, e.g. source_path("scenarios/classroom.yaml").
std::string source_path(const std::string& relative);
/// Loads a scenario file of the source tree, optionally cutting it to `days`, with a policy applied.
std::shared_ptr<const Scenario> load(const std::string& relative, std::int64_t days = 0, const std::string& policy = "");
/// Loads scenario text (throws InputError like a file would).
Scenario parse(const std::string& yaml);

struct RunResult {
  observe::RunRecord record;
  std::uint64_t fingerprint = 0;
};
/// One whole run on exactly `threads` threads.
RunResult run(const std::shared_ptr<const Scenario>& scenario, std::uint64_t run, int threads);

/// A hash of every person, household, town and pocket value: equal worlds, equal hashes.
std::uint64_t fingerprint(const World& world);

}  // namespace siege::test
