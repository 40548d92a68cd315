#pragma once
// A library we cannot fix may crash or loop on a damaged file: Debian's libhdf5 1.10 reads past a
// heap, frees pointers it never set, loops for ever or allocates without end on some damaged HDF5
// files (found by fuzz/hdf5_fuzz.cpp). Such reads are tried first in a child process with limits
// on time and memory, so that a damaged file ends with a message and exit code 2, never a crash,
// a hang or an out-of-memory kill.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace siege {

struct ChildLimits {
  std::chrono::milliseconds time;
  std::uint64_t resident_bytes;
};

/// Runs `read` (which reads `file`) in a child process. Returns if it read the file; throws the
/// InputError (or other error) it threw; throws an InputError naming `file` if the child crashed,
/// died, or went over a limit (then it is killed). `reader` says who reads, for the message: "the
/// HDF5 library". Throws Interrupted (after killing the child) on SIGINT or SIGTERM.
void try_in_child(const std::string& file, const std::string& reader, const ChildLimits& limits,
                  const std::function<void()>& read);

}  // namespace siege
