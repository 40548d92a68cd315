// Inputs kept from fuzzing (tests/fuzz, also the fuzzers' seeds): each is refused with InputError
// (a message with file, line and column) or read, and never crashes or throws anything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/checkpoint.hpp"
#include "scenario/load.hpp"
#include "scenario/sweep.hpp"

namespace siege {
namespace {

std::filesystem::path inputs(const char* kind) { return std::filesystem::path(SIEGE_SOURCE_DIR) / "tests" / "fuzz" / kind; }

TEST(FuzzInputs, ScenariosAreReadOrRefusedWithAMessage) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(inputs("scenario"))) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    try {
      scenario::load_text(text.str(), entry.path().filename().string());
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(entry.path().filename().string() + ":"), std::string::npos)
          << error.what();
    }
    ++files;
  }
  EXPECT_GE(files, 3);
}

TEST(FuzzInputs, TextThatWouldMakeTheYamlReaderRunAwayIsRefused) {
  // yaml-cpp 0.7 builds nodes without end for a lone ',' (found by fuzzing: 24 GB, then killed).
  for (const char* text : {",", ", and\nname: x\n", "name: x\n,\n"}) {
    EXPECT_THROW(scenario::load_text(text, "s.yaml"), InputError) << text;
    EXPECT_THROW(scenario::load_sweep_text(text, "w.yaml", "."), InputError) << text;
  }
}

TEST(FuzzInputs, CheckpointsAreRefusedWithAMessage) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(inputs("checkpoint"))) {
    EXPECT_THROW(read_checkpoint(entry.path().string()), InputError) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 2);
}

}  // namespace
}  // namespace siege
