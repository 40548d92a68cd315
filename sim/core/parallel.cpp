#include "core/parallel.hpp"

#include <algorithm>

namespace siege {

void append_blocks(std::vector<Block>& out, std::uint32_t begin, std::uint32_t end,
                   std::uint32_t grain, std::uint32_t town, std::uint32_t pocket) {
  for (std::uint32_t start = begin; start < end; start += grain) {
    out.push_back(Block{start, std::min(end, start + grain), town, pocket});
  }
}

#ifdef SIEGE_THREAD_SANITIZER
// Loops run outside any Threads (tests that call a stage directly) use the main thread's arena.
static tsan::HiddenWorkers hidden_default_workers;
#endif

static int resolve(int count) {
  return count > 0 ? count : tbb::info::default_concurrency();
}

Threads::Threads(int count)
    : count_(resolve(count)),
      control_(tbb::global_control::max_allowed_parallelism,
               static_cast<std::size_t>(std::max(count_, tbb::info::default_concurrency()))),
      arena_(count_) {}

}  // namespace siege
