#include "core/isolated.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace siege {
namespace {

constexpr ChildLimits kLimit{std::chrono::seconds(20), 1'000'000'000};

std::string message_of(const std::function<void()>& read) {
  try {
    try_in_child("damaged.h5", "the HDF5 library", kLimit, read);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TryInChild, AReadThatWorksReturnsAndChangesNothingHere) {
  int touched = 0;
  EXPECT_NO_THROW(try_in_child("good.h5", "the HDF5 library", kLimit, [&] { touched = 1; }));
  EXPECT_EQ(touched, 0);  // the read ran in another process
}

TEST(TryInChild, ACrashBecomesAMessageNamingTheFile) {
  EXPECT_EQ(message_of([] { std::abort(); }),
            "damaged.h5: the HDF5 library crashed (signal 6, Aborted) while reading it; the file is damaged, or "
            "was not written by siege");
  EXPECT_NE(message_of([] { ::_exit(7); }).find("damaged.h5: the HDF5 library stopped with status 7"), std::string::npos);
  // A sanitizer build reports a segmentation fault and exits instead; either way, a message.
  EXPECT_EQ(message_of([] { std::raise(SIGSEGV); }).rfind("damaged.h5: the HDF5 library ", 0), 0u);
}

TEST(TryInChild, ARefusalKeepsItsOwnMessage) {
  EXPECT_EQ(message_of([] { throw InputError::in_file("damaged.h5", "is not a sweep file"); }),
            "damaged.h5: is not a sweep file");
  EXPECT_THROW(try_in_child("f.h5", "the HDF5 library", kLimit, [] { throw std::runtime_error("disk gone"); }),
               std::runtime_error);
}

TEST(TryInChild, AReadThatNeverEndsIsStoppedAtTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  std::string message;
  try {
    try_in_child("loops.h5", "the HDF5 library", ChildLimits{std::chrono::milliseconds(300), 1'000'000'000}, [] {
      for (;;) ::pause();
    });
  } catch (const InputError& e) {
    message = e.what();
  }
  EXPECT_EQ(message.rfind("loops.h5: the HDF5 library had not finished reading it after 0 s", 0), 0u) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(TryInChild, AReadThatGrowsWithoutEndIsStoppedAtTheLimit) {
  std::string message;
  try {
    try_in_child("grows.h5", "the HDF5 library", ChildLimits{std::chrono::seconds(20), 50'000'000}, [] {
      std::vector<std::vector<char>> held;
      for (;;) held.emplace_back(1'000'000, 'x');  // touched, so resident
    });
  } catch (const InputError& e) {
    message = e.what();
  }
  EXPECT_EQ(message.rfind("grows.h5: the HDF5 library took more than 0.1 GB of memory reading it", 0), 0u) << message;
}

}  // namespace
}  // namespace siege
