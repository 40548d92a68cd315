#pragma once
// Parallel loops whose results never depend on the number of threads: work is cut into blocks
// whose boundaries depend only on the data, each block writes its own slots, and anything summed
// across blocks is combined afterwards in block order.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/tsan.hpp"

namespace siege {

/// A contiguous range of entities (persons or households) that all belong to one town.
struct Block {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t town = 0;
  std::uint32_t pocket = 0;
};

/// Cuts [begin, end) into blocks of at most `grain` entities, appending them to `out`.
void append_blocks(std::vector<Block>& out, std::uint32_t begin, std::uint32_t end,
                   std::uint32_t grain, std::uint32_t town, std::uint32_t pocket);

/// Remembers which thread ran which blocks, so that the next pass over the same blocks (the next
/// stage, the next day) runs each where its data is still in cache: 10 % faster on North Homs at
/// 2 threads than TBB's default, where the static partitioner was 1 % slower. Scheduling only:
/// results never depend on it. One per world (a partitioner must not be used by two loops at once);
/// a copy starts afresh.
class BlockAffinity {
 public:
  BlockAffinity() = default;
  BlockAffinity(const BlockAffinity&) {}
  BlockAffinity& operator=(const BlockAffinity&) { return *this; }
  tbb::affinity_partitioner& partitioner() { return partitioner_; }

 private:
  tbb::affinity_partitioner partitioner_;
};

/// Blocks a task takes at most: fewer tasks to schedule, still about 5 for each of 16 threads at
/// a million persons (355 household blocks). Measured on North Homs at 2 threads (scripts/bench_compare.py, 4 rounds):
/// 4 is 6 % faster than 1 and 4 % faster than 8.
inline constexpr std::size_t kBlocksPerTask = 4;

/// Calls f(index, block) for every block, in parallel, placing blocks where `affinity` ran them
/// last time.
template <class F>
void for_each_block(std::span<const Block> blocks, BlockAffinity& affinity, F&& f) {
  const tsan::ForkJoin order;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks.size(), kBlocksPerTask),
      [&](const tbb::blocked_range<std::size_t>& range) {
        order.task([&] {
          for (std::size_t i = range.begin(); i != range.end(); ++i) f(i, blocks[i]);
        });
      },
      affinity.partitioner());
}

/// Calls f(i) for every i in [0, count), in parallel: for work whose items are few and large
/// (towns while drawing a world, whole runs of a sweep).
template <class F>
void for_each_index(std::size_t count, F&& f) {
  const tsan::ForkJoin order;
  tbb::parallel_for(std::size_t{0}, count, [&](std::size_t i) { order.task([&] { f(i); }); });
}

/// Runs work on exactly `count` threads (0: one per hardware thread), more than the machine has
/// if asked, so that determinism can be tested at any thread count.
class Threads {
 public:
  explicit Threads(int count);
  int count() const { return count_; }
  template <class F>
  decltype(auto) run(F&& f) {
    const tsan::ForkJoin order;  // the arena may hand f to one of its threads
    return arena_.execute([&]() -> decltype(auto) { return order.task(f); });
  }

 private:
  int count_;
  tbb::global_control control_;
  tbb::task_arena arena_;
  tsan::HiddenWorkers hidden_workers_{arena_};
};

}  // namespace siege
