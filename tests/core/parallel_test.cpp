#include "core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

namespace siege {
namespace {

std::vector<Block> blocks_of(std::uint32_t entities, std::uint32_t grain) {
  std::vector<Block> blocks;
  append_blocks(blocks, 0, entities, grain, 0, 0);
  return blocks;
}

TEST(Parallel, EveryBlockRunsOnceAtAnyThreadCount) {
  const std::vector<Block> blocks = blocks_of(1000, 7);
  for (int count : {1, 2, 8}) {
    std::vector<int> visits(blocks.size(), 0);
    std::vector<int> covered(1000, 0);
    BlockAffinity affinity;
    Threads threads(count);
    for (int pass = 0; pass < 3; ++pass) {  // the affinity partitioner's later passes too
      threads.run([&] {
        for_each_block(blocks, affinity, [&](std::size_t i, const Block& block) {
          ++visits[i];
          for (std::uint32_t e = block.begin; e < block.end; ++e) ++covered[e];
        });
      });
    }
    for (int v : visits) ASSERT_EQ(v, 3) << count << " threads";
    for (int c : covered) ASSERT_EQ(c, 3) << count << " threads";
  }
}

TEST(Parallel, EveryIndexRunsOnceAndThreadsAreTheCountAsked) {
  for (int count : {1, 3}) {
    Threads threads(count);
    EXPECT_EQ(threads.count(), count);
    std::vector<int> visits(100, 0);
    threads.run([&] { for_each_index(visits.size(), [&](std::size_t i) { ++visits[i]; }); });
    for (int v : visits) ASSERT_EQ(v, 1) << count << " threads";
  }
}

// The ThreadSanitizer build hides TBB's own code from the sanitizer and states each loop's fork
// and join by hand (core/tsan.hpp). These prove that this does not hide our races: two loop
// bodies that write one value unordered must still be reported (exit code 66, the sanitizer's).
#ifdef SIEGE_THREAD_SANITIZER
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif

// Each body writes first, then waits (without synchronising: relaxed) until a second thread has
// written too, so that two threads certainly take part.
struct TwoWriters {
  long shared = 0;
  std::atomic<int> written{0};
  void write(long value) {
    shared += value;
    written.fetch_add(1, std::memory_order_relaxed);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (written.load(std::memory_order_relaxed) < 2 && std::chrono::steady_clock::now() < until) {
      std::this_thread::yield();
    }
  }
};

TEST(ThreadSanitizer, ReportsTwoBlocksOfOneLoopWritingOneValue) {
  if (!kThreadSanitizer) GTEST_SKIP() << "only in a ThreadSanitizer build (scripts/quickstart tsan)";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const std::vector<Block> blocks = blocks_of(64, 8);
        BlockAffinity affinity;
        TwoWriters writers;
        Threads(4).run([&] {
          for_each_block(blocks, affinity, [&](std::size_t i, const Block&) { writers.write(static_cast<long>(i)); });
        });
        std::exit(0);
      },
      testing::ExitedWithCode(66), "ThreadSanitizer: data race");
}

TEST(ThreadSanitizer, ReportsTwoRunsOfASweepWritingOneValue) {
  if (!kThreadSanitizer) GTEST_SKIP() << "only in a ThreadSanitizer build (scripts/quickstart tsan)";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        TwoWriters writers;
        Threads(4).run([&] {
          for_each_index(8, [&](std::size_t run) {
            // Each run's stages in parallel inside it, each block writing its own slot: no race there.
            const std::vector<Block> blocks = blocks_of(16, 4);
            std::vector<long> sizes(blocks.size());
            BlockAffinity affinity;
            for_each_block(blocks, affinity, [&](std::size_t i, const Block& block) { sizes[i] = block.end - block.begin; });
            long persons = 0;
            for (long size : sizes) persons += size;
            writers.write(persons + static_cast<long>(run));
          });
        });
        std::exit(0);
      },
      testing::ExitedWithCode(66), "ThreadSanitizer: data race");
}

}  // namespace
}  // namespace siege
