#pragma once
// ThreadSanitizer with TBB. ThreadSanitizer sees only instrumented code, and Debian's libtbb is not
// instrumented: it cannot see TBB hand a task to another thread, nor a waiting thread learn that
// the tasks are done. It would report TBB's own bookkeeping, and every loop body against the code
// around the loop, as races. So in a ThreadSanitizer build (SIEGE_SANITIZE=thread):
//  - a thread is hidden from it while it runs TBB's code (a worker from joining an arena until
//    leaving it, a caller for the length of a loop) and shown inside every loop body: all of our
//    code is checked, none of TBB's;
//  - each loop states the two orders TBB guarantees (ForkJoin): its bodies come after what the
//    caller did before the loop, and before what the caller does after it. The bodies of one loop
//    stay unordered among themselves, so a real race between two of them is still reported.
// In every other build all of this compiles to nothing.
#include <oneapi/tbb/task_arena.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SIEGE_THREAD_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) && !defined(SIEGE_THREAD_SANITIZER)
#define SIEGE_THREAD_SANITIZER 1
#endif

#ifdef SIEGE_THREAD_SANITIZER
#include <oneapi/tbb/task_scheduler_observer.h>
#include <sanitizer/tsan_interface.h>
// In ThreadSanitizer's runtime, not in clang 14's header: the thread's reads and writes go
// unrecorded between the two (nested), its synchronisation is still seen.
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();
#endif

#include <utility>

namespace siege::tsan {

#ifdef SIEGE_THREAD_SANITIZER
/// How many hidings of this thread are in force (ThreadSanitizer counts them as well). A worker
/// may end its life hidden (its arena's observer gone before it left): shown again as it exits, or
/// ThreadSanitizer reports a thread that finished hidden.
struct Hidings {
  int count = 0;
  ~Hidings() {
    for (; count > 0; --count) __tsan_ignore_thread_end();
  }
};
inline thread_local Hidings hidings;
inline int hidden() { return hidings.count; }
inline void hide() {
  __tsan_ignore_thread_begin();
  ++hidings.count;
}
inline void show() {
  --hidings.count;
  __tsan_ignore_thread_end();
}
inline void release(const void* at) { __tsan_release(const_cast<void*>(at)); }
inline void acquire(const void* at) { __tsan_acquire(const_cast<void*>(at)); }

/// Hides TBB's worker threads while they are in `arena` (or, default-constructed, in the arena of
/// the thread that makes it).
class HiddenWorkers : public tbb::task_scheduler_observer {
 public:
  HiddenWorkers() { observe(true); }
  explicit HiddenWorkers(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) { observe(true); }
  ~HiddenWorkers() override { observe(false); }
  void on_scheduler_entry(bool worker) override {
    if (worker) hide();
  }
  void on_scheduler_exit(bool worker) override {
    if (worker) show();
  }
};
#else
inline int hidden() { return 0; }
inline void hide() {}
inline void show() {}
inline void release(const void*) {}
inline void acquire(const void*) {}
struct HiddenWorkers {
  HiddenWorkers() = default;
  explicit HiddenWorkers(tbb::task_arena&) {}
};
#endif

/// Shows this thread, however often it was hidden, for the length of our own code inside TBB's.
class Shown {
 public:
  Shown() : was_(hidden()) {
    while (hidden() > 0) show();
  }
  Shown(const Shown&) = delete;
  Shown& operator=(const Shown&) = delete;
  ~Shown() {
    while (hidden() < was_) hide();
  }

 private:
  int was_;
};

/// One parallel loop: made by the caller before the loop and destroyed after it; every body runs
/// through task().
class ForkJoin {
 public:
  ForkJoin() {
    release(&fork_);
    hide();
  }
  ForkJoin(const ForkJoin&) = delete;
  ForkJoin& operator=(const ForkJoin&) = delete;
  ~ForkJoin() {
    show();
    acquire(&join_);
  }
  template <class F>
  decltype(auto) task(F&& f) const {
    const Shown shown;
    acquire(&fork_);
    struct Ends {
      const char* join;
      ~Ends() { release(join); }
    } ends{&join_};
    return std::forward<F>(f)();
  }

 private:
  char fork_ = 0;
  char join_ = 0;
};

}  // namespace siege::tsan
