#pragma once
// A run stops cleanly on SIGINT or SIGTERM: the signal only sets a flag, the day loop checks it,
// and the exception it throws unwinds through the output writer, which removes its temporary file.
#include <stdexcept>

namespace siege {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// Installs the SIGINT and SIGTERM handlers (once; the command line does it before any work).
void watch_for_interrupts();
/// Throws Interrupted if a watched signal has arrived.
void throw_if_interrupted();

}  // namespace siege
