// siege calibrate in-process: the same history matching at one thread and at several (every run,
// emulator and screen of candidates is its own), a kill between waves that resumes to the same
// result, and the accepted sets read back as overrides. Run under the sanitizers too.
#include "experiment/calibrate.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/support.hpp"

namespace siege {
namespace {

namespace fs = std::filesystem;

class Calibration : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("siege-calibrate-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* name :
         {"tests/calibration/classroom.calibration.yaml",
          "tests/calibration/classroom_truth.observations.yaml", "scenarios/classroom.yaml"}) {
      fs::copy_file(test::source_path(name), dir_ / fs::path(name).filename());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The test calibration, cut to two waves of eight points and two replicates (fast under sanitizers).
  CalibrationDef small() const {
    std::ifstream in(dir_ / "classroom.calibration.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"waves: 3", "waves: 2"},
                                   {"points_per_wave: 12", "points_per_wave: 8"},
                                   {"replicates: 3", "replicates: 2"}}) {
      text.replace(text.find(from), from.size(), to);
    }
    return scenario::load_calibration_text(text, (dir_ / "small.yaml").string(), dir_.string());
  }

  CalibrationResult calibrate(const std::string& output, int threads) const {
    CalibrationOptions options;
    options.output = (dir_ / output).string();
    options.threads = threads;
    return run_calibration(small(), options).value();
  }

  fs::path dir_;
};

TEST_F(Calibration, IsTheSameAtAnyThreadCount) {
  const CalibrationResult one = calibrate("one.h5", 1), two = calibrate("two.h5", 2);
  ASSERT_EQ(one.points(), 16u);
  EXPECT_EQ(one.values, two.values);
  EXPECT_EQ(one.fact_mean, two.fact_mean);
  EXPECT_EQ(one.implausibility, two.implausibility);
  EXPECT_EQ(one.accepted, two.accepted);
  EXPECT_EQ(one.wave_nonimplausible_share, two.wave_nonimplausible_share);
  EXPECT_LT(one.wave_nonimplausible_share.at(1), 1.0);  // the first wave ruled something out
}

TEST_F(Calibration, ResumesFromItsManifestsAndReadsBackItsAcceptedSets) {
  const CalibrationResult whole = calibrate("whole.h5", 2);
  // As if killed after the first wave: the second wave's manifest is gone, the first's is kept.
  fs::remove(dir_ / "whole.h5.wave2.manifest");
  const CalibrationResult resumed = calibrate("whole.h5", 2);
  EXPECT_EQ(whole.fact_mean, resumed.fact_mean);
  EXPECT_EQ(whole.accepted, resumed.accepted);
  const std::string path = (dir_ / "whole.h5").string();
  write_calibration(path, resumed);
  const CalibrationResult read = read_calibration(path);
  EXPECT_EQ(read.values, resumed.values);
  EXPECT_EQ(read.parameters, resumed.parameters);
  const ParameterSets sets = read_parameter_sets(path);
  std::size_t accepted = 0;
  for (auto a : resumed.accepted) accepted += a;
  ASSERT_EQ(sets.sets.size(), accepted);
  ASSERT_EQ(sets.sets.front().size(), 2u);
  EXPECT_EQ(sets.sets.front().front().key, "besieger.killed_per_strike");
}

}  // namespace
}  // namespace siege
