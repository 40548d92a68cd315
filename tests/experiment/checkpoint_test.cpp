// Checkpoints: a run saved at day D and continued from the file is bit-identical to a run that never
// stopped, in every figure and in its final world; damaged files are refused, not trusted.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "experiment/checkpoint.hpp"
#include "experiment/simulation.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

TEST(Checkpoint, ARunContinuedFromItsSnapshotIsTheRunThatNeverStopped) {
  // Four pockets with evacuations, opinion, mediators and swaps; and two linked pockets under two
  // besiegers, saved while a phased deal waits for its tranches and while the linked pocket's
  // evacuation runs: every kind of state there is.
  for (const char* file : {"tests/scenarios/four_zones.yaml", "tests/scenarios/linked_pockets.yaml"}) {
    const auto scenario = test::load(file);
    const test::RunResult plain = test::run(scenario, 2, 2);
    for (std::int64_t day : {1, 25, 28, 90}) {
      observe::Recorder first_recorder;
      Simulation first(scenario, 2);
      first.add_observer(first_recorder);
      first.run_until(day);
      Checkpoint checkpoint{scenario->source_text, file, scenario->policy, {"days=100", "seed=3"}, scenario->seed,
                            scenario->days, day, {first.snapshot(2, first_recorder.record())}};
      const auto path =
          std::filesystem::temp_directory_path() / ("siege-checkpoint-" + std::to_string(::getpid()));
      write_checkpoint(path.string(), checkpoint);
      const Checkpoint read = read_checkpoint(path.string());
      std::filesystem::remove(path);
      EXPECT_EQ(read.overrides, checkpoint.overrides) << "what --set changed travels with the runs";

      observe::Recorder resumed_recorder;
      Simulation resumed(scenario, 2);
      resumed.restore(read.runs.at(0), "test");
      resumed_recorder.resume(read.runs.at(0).record);
      resumed.add_observer(resumed_recorder);
      resumed.run();
      EXPECT_EQ(resumed_recorder.record().values, plain.record.values) << file << ", day " << day;
      EXPECT_EQ(resumed_recorder.record().events.size(), plain.record.events.size());
      EXPECT_EQ(test::fingerprint(resumed.world()), plain.fingerprint) << file << ", day " << day;
    }
  }
}

TEST(Checkpoint, DamagedOrForeignFilesAreRefused) {
  const auto scenario = test::load("tests/scenarios/conflict.yaml", 20);
  observe::Recorder recorder;
  Simulation sim(scenario, 0);
  sim.add_observer(recorder);
  sim.run_until(10);
  const auto dir = std::filesystem::temp_directory_path() / ("siege-damaged-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string good = (dir / "good.checkpoint").string();
  write_checkpoint(good, {scenario->source_text,
                          "c.yaml",
                          "baseline",
                          {},
                          scenario->seed,
                          scenario->days,
                          10,
                          {sim.snapshot(0, recorder.record())}});
  std::ifstream in(good, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t cut : {std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    const std::string damaged = (dir / "cut.checkpoint").string();
    std::ofstream(damaged, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(cut));
    EXPECT_THROW(read_checkpoint(damaged), InputError) << "cut at " << cut;
  }
  std::ofstream(dir / "foreign.checkpoint") << "name: not a checkpoint\n";
  EXPECT_THROW(read_checkpoint((dir / "foreign.checkpoint").string()), InputError);
  // One of an earlier layout says so, instead of being misread.
  SnapshotWriter older;
  older.put(std::string("siege checkpoint 1\n"));
  std::ofstream(dir / "older.checkpoint", std::ios::binary)
      << older.bytes() << bytes.substr(older.bytes().size());
  try {
    read_checkpoint((dir / "older.checkpoint").string());
    ADD_FAILURE() << "an older checkpoint was read";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("another version of siege"), std::string::npos) << error.what();
  }
  // Sizes that fit but indices that point nowhere: refused, not followed.
  World crafted = sim.world();
  crafted.households.first_person[5] = 1'000'000'000u;
  SnapshotWriter writer;
  save_world(writer, crafted);
  RunSnapshot bad{0, 0, writer.bytes(), recorder.record()};
  Simulation victim(scenario, 0);
  EXPECT_THROW(victim.restore(bad, "crafted"), InputError);
  crafted = sim.world();
  crafted.households.first_person[4] = crafted.households.first_person[3];  // an empty household
  SnapshotWriter second;
  save_world(second, crafted);
  bad.world = second.bytes();
  EXPECT_THROW(victim.restore(bad, "crafted"), InputError);
  // A snapshot of another scenario does not fit a world of this one.
  const Checkpoint other = read_checkpoint(good);
  Simulation bigger(test::load("tests/scenarios/four_zones.yaml"), 0);
  EXPECT_THROW(bigger.restore(other.runs.at(0), good), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace siege
