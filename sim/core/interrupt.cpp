#include "core/interrupt.hpp"

#include <fmt/format.h>

#include <csignal>

namespace siege {
namespace {

volatile std::sig_atomic_t received_signal = 0;

extern "C" void remember_signal(int signal) { received_signal = signal; }

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(fmt::format("interrupted by {}; stopped cleanly, no output file written",
                                     signal == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM")),
      signal_(signal) {}

void watch_for_interrupts() {
  std::signal(SIGINT, remember_signal);
  std::signal(SIGTERM, remember_signal);
}

void throw_if_interrupted() {
  if (received_signal != 0) throw Interrupted(received_signal);
}

}  // namespace siege
