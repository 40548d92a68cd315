// Sweeps: the designs, the sensitivity measures on functions whose answers are known, shards, a
// run that fails without stopping the sweep, resuming from the manifest, and the one file a sweep
// file may make siege read (its scenario, inside its own folder, unless the command line names one).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/design.hpp"
#include "experiment/sweep.hpp"
#include "scenario/sweep.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

TEST(Design, LatinHypercubeHasOnePointInEverySliceOfEveryParameter) {
  const Eigen::MatrixXd x = design_points(Design::kLatinHypercube, 3, 20, 7);
  ASSERT_EQ(x.rows(), 20);
  for (Eigen::Index j = 0; j < 3; ++j) {
    std::vector<int> slices(20, 0);
    for (Eigen::Index i = 0; i < 20; ++i) ++slices.at(static_cast<std::size_t>(std::floor(x(i, j) * 20)));
    for (int count : slices) EXPECT_EQ(count, 1);
  }
}

TEST(Design, GridTakesEveryLevelWithBothEnds) {
  const Eigen::MatrixXd x = design_points(Design::kGrid, 2, 3, 1);
  ASSERT_EQ(x.rows(), 9);
  EXPECT_EQ(x(0, 0), 0.0);
  EXPECT_EQ(x(1, 1), 0.5);
  EXPECT_EQ(x(8, 0), 1.0);
  EXPECT_EQ(x(8, 1), 1.0);
  EXPECT_THROW(design_points(Design::kGrid, 10, 10, 1), std::invalid_argument);
}

TEST(Design, SaltelliMatricesSwapOneColumnEach) {
  const std::size_t n = 5, k = 3;
  const Eigen::MatrixXd x = design_points(Design::kSobol, k, n, 2);
  ASSERT_EQ(x.rows(), static_cast<Eigen::Index>(n * (k + 2)));
  const auto N = static_cast<Eigen::Index>(n);
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(k); ++i) {
    const Eigen::MatrixXd ab = x.middleRows(N * (2 + i), N);
    for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(k); ++j) {
      const Eigen::MatrixXd source = j == i ? x.middleRows(N, N) : x.topRows(N);
      EXPECT_TRUE(ab.col(j).isApprox(source.col(j))) << "AB_" << i << " column " << j;
    }
  }
}

TEST(Sensitivity, SobolIndicesOfAnAdditiveFunctionAreItsVarianceShares) {
  // f = x1 + 2 x2 + 0 x3 on the unit cube: V1 = 1/12, V2 = 4/12, so S = (0.2, 0.8, 0) = ST.
  const std::size_t n = 20000, k = 3;
  const Eigen::MatrixXd x = design_points(Design::kSobol, k, n, 9);
  std::vector<double> f;
  for (Eigen::Index r = 0; r < x.rows(); ++r) f.push_back(x(r, 0) + 2.0 * x(r, 1));
  const SobolIndices s = sobol_indices(f, k);
  EXPECT_NEAR(s.first_order[0], 0.2, 0.03);
  EXPECT_NEAR(s.first_order[1], 0.8, 0.03);
  EXPECT_NEAR(s.first_order[2], 0.0, 0.03);
  EXPECT_NEAR(s.total[0], 0.2, 0.03);
  EXPECT_NEAR(s.total[1], 0.8, 0.03);
  EXPECT_NEAR(s.total[2], 0.0, 1e-12) << "a parameter f ignores changes nothing when swapped";
}

TEST(Sensitivity, StandardizedRegressionOfALinearFunction) {
  // f = 3 x1 - x2: SRC_j = b_j sd_j / sd_f, and the squares add up to 1 for a linear f.
  const Eigen::MatrixXd x = design_points(Design::kLatinHypercube, 2, 200, 4);
  std::vector<double> f;
  for (Eigen::Index r = 0; r < x.rows(); ++r) f.push_back(3.0 * x(r, 0) - x(r, 1));
  const auto src = standardized_regression(x, f);
  EXPECT_GT(src[0], 0.9);
  EXPECT_LT(src[1], -0.2);
  EXPECT_NEAR(src[0] * src[0] + src[1] * src[1], 1.0, 0.05);
}

TEST(Shards, SlicesParseAndRefuseNonsense) {
  const Shard s = parse_shard("2/4");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 4u);
  for (const char* bad : {"4/4", "a/b", "1", "1/0", "-1/3", "1/3x"}) EXPECT_THROW(parse_shard(bad), InputError) << bad;
}

/// The classroom Sobol sweep of the tests, with its scenario named as on the command line.
SweepDef classroom_sweep() {
  return scenario::load_sweep(test::source_path("tests/sweeps/classroom_sobol.yaml"),
                              test::source_path("scenarios/classroom.yaml"));
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A sweep folder `sweeps/` in a temporary folder, with a scenario outside it in `elsewhere/`.
class SweepScenarioPath : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("siege-sweep-path-" + std::to_string(::getpid()) + "-" + test->name());
    std::filesystem::create_directories(dir_ / "sweeps");
    std::filesystem::create_directories(dir_ / "elsewhere");
    std::ofstream(dir_ / "elsewhere" / "classroom.yaml") << read_file(test::source_path("scenarios/classroom.yaml"));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  /// Writes sweeps/sweep.yaml: a comment line, then `scenario_line` (if any) on line 2, then a parameter.
  std::string write_sweep(const std::string& scenario_line) {
    const auto path = dir_ / "sweeps" / "sweep.yaml";
    std::ofstream(path) << "# a sweep\n" << scenario_line << (scenario_line.empty() ? "" : "\n")
                        << "parameters: [{key: \"pockets[District].aid.approval_probability\", min: 0.1, max: 0.9}]\n";
    return path.string();
  }
  /// The one diagnostic of loading `sweep` (with `scenario` from the command line, if any).
  Diagnostic refusal(const std::string& sweep, const std::string& scenario = "") {
    try {
      scenario::load_sweep(sweep, scenario);
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().size(), 1u) << e.what();
      return e.diagnostics().front();
    }
    ADD_FAILURE() << sweep << " was read";
    return {};
  }
  std::filesystem::path dir_;
};

TEST_F(SweepScenarioPath, AScenarioAboveTheSweepFolderIsRefusedAtTheKey) {
  const std::string sweep = write_sweep("scenario: ../elsewhere/classroom.yaml");
  const Diagnostic d = refusal(sweep);
  EXPECT_EQ(d.where.file, sweep);
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 1);
  EXPECT_EQ(d.path, "scenario");
  EXPECT_NE(d.message.find("'../elsewhere/classroom.yaml' lies outside the sweep file's folder " +
                           std::filesystem::canonical(dir_ / "sweeps").string()),
            std::string::npos)
      << d.message;
  // The fix: the command line, with the path as it is from here.
  EXPECT_NE(d.message.find("--scenario " + (dir_ / "elsewhere" / "classroom.yaml").string()), std::string::npos)
      << d.message;
}

TEST_F(SweepScenarioPath, AnAbsolutePathOutsideIsRefusedAndOneInsideIsRead) {
  const auto outside = dir_ / "elsewhere" / "classroom.yaml";
  const Diagnostic d = refusal(write_sweep("scenario: " + outside.string()));
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.path, "scenario");
  EXPECT_NE(d.message.find("lies outside the sweep file's folder"), std::string::npos) << d.message;
  std::filesystem::copy_file(outside, dir_ / "sweeps" / "classroom.yaml");
  const SweepDef def = scenario::load_sweep(write_sweep("scenario: " + (dir_ / "sweeps" / "classroom.yaml").string()));
  EXPECT_EQ(def.scenario_text, read_file(outside));
}

TEST_F(SweepScenarioPath, ALinkInTheFolderThatLeadsOutIsRefused) {
  std::filesystem::create_symlink(dir_ / "elsewhere" / "classroom.yaml", dir_ / "sweeps" / "classroom.yaml");
  std::filesystem::create_directory_symlink(dir_ / "elsewhere", dir_ / "sweeps" / "linked");
  for (const char* line : {"scenario: classroom.yaml", "scenario: linked/classroom.yaml"}) {
    const Diagnostic d = refusal(write_sweep(line));
    EXPECT_EQ(d.where.line, 2) << line;
    EXPECT_EQ(d.path, "scenario");
    EXPECT_NE(d.message.find("lies outside the sweep file's folder"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("it leads to " + std::filesystem::canonical(dir_ / "elsewhere").string()),
              std::string::npos)
        << d.message;
  }
}

TEST_F(SweepScenarioPath, AScenarioInASubFolderIsRead) {
  std::filesystem::create_directories(dir_ / "sweeps" / "base");
  std::filesystem::copy_file(dir_ / "elsewhere" / "classroom.yaml", dir_ / "sweeps" / "base" / "classroom.yaml");
  // A link that stays inside the folder is followed too.
  std::filesystem::create_symlink("base/classroom.yaml", dir_ / "sweeps" / "alias.yaml");
  for (const char* line : {"scenario: base/classroom.yaml", "scenario: ./base/../base/classroom.yaml",
                           "scenario: alias.yaml"}) {
    const SweepDef def = scenario::load_sweep(write_sweep(line));
    EXPECT_EQ(def.scenario_text, read_file(dir_ / "elsewhere" / "classroom.yaml")) << line;
    EXPECT_EQ(def.arm_names, std::vector<std::string>{"baseline"});
  }
}

TEST_F(SweepScenarioPath, TheCommandLineNamesAScenarioAnywhereAndWinsOverTheKey) {
  const std::string outside = (dir_ / "elsewhere" / "classroom.yaml").string();
  for (const char* line : {"scenario: ../elsewhere/classroom.yaml", "scenario: nowhere.yaml", ""}) {
    const SweepDef def = scenario::load_sweep(write_sweep(line), outside);
    EXPECT_EQ(def.scenario_path, outside) << line;
    EXPECT_EQ(def.scenario_text, read_file(outside)) << line;
  }
  // A command-line scenario that cannot be read is named as it was given.
  try {
    scenario::load_sweep(write_sweep(""), (dir_ / "missing.yaml").string());
    ADD_FAILURE() << "a missing scenario was read";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().where.file, (dir_ / "missing.yaml").string());
  }
}

TEST_F(SweepScenarioPath, NoScenarioAtAllIsAnErrorThatSaysHowToNameOne) {
  const std::string sweep = write_sweep("");
  const Diagnostic d = refusal(sweep);
  EXPECT_EQ(d.where.file, sweep);
  EXPECT_EQ(d.where.line, 2) << "where the sweep's keys begin";
  EXPECT_EQ(d.path, "scenario");
  EXPECT_NE(d.message.find("missing key 'scenario'"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("siege sweep " + sweep + " --scenario FILE"), std::string::npos) << d.message;
  const Diagnostic empty = refusal(write_sweep("scenario: ''"));
  EXPECT_EQ(empty.where.line, 2);
  EXPECT_NE(empty.message.find("--scenario FILE"), std::string::npos) << empty.message;
}

TEST_F(SweepScenarioPath, ADifferentScenarioIsADifferentSweepAndRunsEverythingAgain) {
  // Resuming into the same output with another scenario must not take the first one's runs.
  const std::string sweep = write_sweep("");
  const auto other = dir_ / "elsewhere" / "shorter.yaml";
  std::string text = read_file(dir_ / "elsewhere" / "classroom.yaml");
  text.replace(text.find("days: 240"), 9, "days: 120");
  std::ofstream(other) << text;
  SweepDef first_def = scenario::load_sweep(sweep, (dir_ / "elsewhere" / "classroom.yaml").string());
  SweepDef second_def = scenario::load_sweep(sweep, other.string());
  for (SweepDef* d : {&first_def, &second_def}) {
    d->design = Design::kLatinHypercube;
    d->samples = 2;
  }
  const SweepPlan first = plan_sweep(first_def);
  const SweepPlan second = plan_sweep(second_def);
  EXPECT_NE(first.sweep_id, second.sweep_id);
  for (const auto& run : second.runs) {
    for (const auto& earlier : first.runs) EXPECT_NE(run.id, earlier.id);
  }
  SweepOptions options;
  options.output = (dir_ / "sweep.h5").string();
  run_sweep(first, options);
  std::size_t found = 99;
  options.progress = [&](std::size_t done, std::size_t) {
    if (found == 99) found = done;
  };
  const SweepTable table = run_sweep(second, options);
  EXPECT_EQ(found, 0u) << "no run of the first scenario counts for the second";
  EXPECT_EQ(table.sweep_id, second.sweep_id);
  EXPECT_EQ(table.scenario_yaml, text);
}

class SweepRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("siege-sweep-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SweepRuns, AFailedRunIsRecordedAndTheRestContinue) {
  SweepDef def = classroom_sweep();
  // A household size below 1 is refused by the scenario reader: those runs fail, the others run.
  def.design = Design::kLatinHypercube;
  def.samples = 4;
  def.parameters = {{"pockets[District].households.mean_size", 0.0, 4.0, false}};
  const SweepPlan plan = plan_sweep(def);
  SweepOptions options;
  options.output = (dir_ / "failing.h5").string();
  const SweepTable table = run_sweep(plan, options);
  ASSERT_EQ(table.run.size(), 8u);
  std::size_t failed = 0;
  for (std::size_t r = 0; r < table.run.size(); ++r) {
    // Below 1 the size itself is refused; below 5/3 the classroom's 40 % children no longer fit.
    const double size = table.parameter_values[r];
    if (size >= 1.0 && size < 5.0 / 3.0) continue;
    const bool invalid = size < 1.0;
    EXPECT_EQ(!table.error[r].empty(), invalid) << "run " << r << ": " << table.error[r];
    EXPECT_EQ(std::isnan(table.outcomes[0].values[r]), invalid);
    failed += invalid;
  }
  EXPECT_GT(failed, 0u);
  EXPECT_LT(failed, 8u);
  EXPECT_TRUE(std::filesystem::exists(options.output));
}

TEST_F(SweepRuns, ASecondStartFindsEveryRunInTheManifestAndRunsNothing) {
  const SweepPlan plan = plan_sweep(classroom_sweep());
  SweepOptions options;
  options.output = (dir_ / "sweep.h5").string();
  const SweepTable first = run_sweep(plan, options);
  std::size_t calls = 0, first_done = 0;
  options.progress = [&](std::size_t done, std::size_t) {
    if (calls++ == 0) first_done = done;
  };
  const SweepTable second = run_sweep(plan, options);
  EXPECT_EQ(calls, 1u) << "nothing left to run";
  EXPECT_EQ(first_done, plan.runs.size());
  EXPECT_EQ(second.outcomes[0].values, first.outcomes[0].values);
  // A kill during a write leaves a torn last line: drop the last three records and tear a fourth.
  // The torn line is ignored, the next record starts a line of its own, and the three runs run
  // again exactly once.
  const std::string manifest = options.output + ".manifest";
  std::vector<std::string> lines;
  {
    std::ifstream in(manifest);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  {
    std::ofstream out(manifest, std::ios::trunc);
    for (std::size_t i = 0; i + 3 < lines.size(); ++i) out << lines[i] << "\n";
    out << lines.back().substr(0, lines.back().size() / 2);
  }
  calls = 0;
  EXPECT_EQ(run_sweep(plan, options).outcomes[0].values, first.outcomes[0].values);
  EXPECT_EQ(calls, 4u) << "three runs again, after the first report";
  calls = 0;
  run_sweep(plan, options);
  EXPECT_EQ(calls, 1u) << "and then nothing is missing";
}

TEST_F(SweepRuns, ShardsMergeIntoTheWholeSweep) {
  const SweepPlan plan = plan_sweep(classroom_sweep());
  SweepOptions whole;
  whole.output = (dir_ / "whole.h5").string();
  const SweepTable all = run_sweep(plan, whole);
  std::vector<SweepTable> shards;
  std::vector<std::string> paths;
  for (std::size_t k = 0; k < 3; ++k) {
    SweepOptions part;
    part.output = (dir_ / ("part" + std::to_string(k) + ".h5")).string();
    part.shard = {k, 3};
    run_sweep(plan, part);
    paths.push_back(part.output);
    shards.push_back(read_sweep(part.output));
  }
  const SweepTable merged = merge_sweeps(shards, paths);
  EXPECT_EQ(merged.run, all.run);
  EXPECT_EQ(merged.id, all.id);
  for (std::size_t m = 0; m < all.outcomes.size(); ++m) EXPECT_EQ(merged.outcomes[m].values, all.outcomes[m].values);
  shards.pop_back();
  paths.pop_back();
  EXPECT_THROW(merge_sweeps(shards, paths), InputError) << "a shard is missing";
}

}  // namespace
}  // namespace siege
