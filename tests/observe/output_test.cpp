// The run file is complete or absent: written under a temporary name, renamed when done.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "experiment/run.hpp"
#include "observe/file_info.hpp"
#include "observe/hdf5_output.hpp"
#include "support/support.hpp"

namespace siege {
namespace {
namespace fs = std::filesystem;

class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("siege-output-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    return names;
  }
  fs::path dir_;
};

TEST_F(OutputTest, FileAppearsOnlyWhenCommitted) {
  const auto scenario = test::load("scenarios/classroom.yaml", 10);
  const std::string path = (dir_ / "run.h5").string();
  {
    observe::Hdf5Output output(path, *scenario, observe::Provenance{"baseline", 42, 1});
    EXPECT_FALSE(fs::exists(path));
    ASSERT_EQ(files().size(), 1u);
    EXPECT_TRUE(files()[0].starts_with(".run.h5.tmp-"));
    output.write_run(0, test::run(scenario, 0, 2).record);
    EXPECT_FALSE(fs::exists(path));
    output.commit();
  }
  EXPECT_EQ(files(), std::vector<std::string>{"run.h5"});
}

TEST_F(OutputTest, AbandonedOutputLeavesNothingBehind) {
  const auto scenario = test::load("scenarios/classroom.yaml", 10);
  {
    observe::Hdf5Output output((dir_ / "run.h5").string(), *scenario, observe::Provenance{"baseline", 42, 2});
    output.write_run(0, test::run(scenario, 0, 2).record);
    // An error happens before the second run is written: the object goes out of scope.
  }
  EXPECT_TRUE(files().empty());
}

TEST_F(OutputTest, InfoReadsBackWhatTheRunWrote) {
  const auto scenario = test::load("scenarios/classroom.yaml", 30);
  RunOptions options;
  options.output_path = (dir_ / "run.h5").string();
  options.replicates = 2;
  options.threads = 2;
  const RunReport report = run_replicates(scenario, options);
  const auto info = observe::read_file_info(options.output_path);
  EXPECT_EQ(info.scenario_name, scenario->name);
  EXPECT_EQ(info.seed, scenario->seed);
  EXPECT_EQ(info.policy, "baseline");
  ASSERT_EQ(info.pockets.size(), 1u);
  double mean_final = 0, mean_other = 0;
  for (const auto& run : report.runs) {
    mean_final += static_cast<double>(run[0].final_alive) / 2;
    mean_other += static_cast<double>(run[0].deaths[cause_index(Cause::kOther)]) / 2;
  }
  EXPECT_DOUBLE_EQ(info.pockets[0].final_alive, mean_final);
  EXPECT_DOUBLE_EQ(info.pockets[0].deaths[cause_index(Cause::kOther)].second, mean_other);
  EXPECT_EQ(info.dimensions.at(0), (std::pair<std::string, std::size_t>{"run", 2}));
  EXPECT_EQ(info.dimensions.at(1), (std::pair<std::string, std::size_t>{"time", 30}));
}

TEST_F(OutputTest, InfoRejectsFilesThatAreNotRunFiles) {
  const std::string text = (dir_ / "notes.h5").string();
  { std::ofstream(text) << "not hdf5"; }
  EXPECT_THROW(observe::read_file_info(text), InputError);
  EXPECT_THROW(observe::read_file_info((dir_ / "missing.h5").string()), InputError);
}

}  // namespace
}  // namespace siege
