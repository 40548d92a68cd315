// Every bundled scenario reads and runs for a few days.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/support.hpp"

namespace siege {
namespace {

TEST(Smoke, EveryBundledScenarioRunsForAFewDays) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string relative = "scenarios/" + entry.path().filename().string();
    SCOPED_TRACE(relative);
    const auto scenario = test::load(relative, 5);
    const auto result = test::run(scenario, 0, 2);
    EXPECT_EQ(result.record.days, 5u);
    ++count;
  }
  EXPECT_GE(count, 2);
}

}  // namespace
}  // namespace siege
