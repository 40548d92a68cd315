// Inputs kept from fuzzing (tests/fuzz, also the fuzzers' seeds): each is refused with InputError
// (a message with file, line and column) or read, and never crashes or throws anything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "experiment/checkpoint.hpp"
#include "scenario/load.hpp"

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
