// Any bytes as an HDF5 input: a run file as `siege info` reads it, a sweep file as `siege info`
// and `siege merge` read it (merged alone, which must work, and with itself, which must be refused
// as overlapping, then written and its sensitivity computed). Each is read or refused with
// InputError; anything else (a crash, another exception, a sanitizer report, a hang, a huge
// allocation) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "experiment/sweep.hpp"
#include "observe/file_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string input = "/tmp/siege-hdf5-fuzz-" + std::to_string(::getpid()) + ".h5";
  static const std::string merged = "/tmp/siege-hdf5-fuzz-" + std::to_string(::getpid()) + "-merged.h5";
  std::ofstream(input, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const siege::observe::FileInfo info = siege::observe::read_file_info(input);
    (void)siege::observe::format_file_info(info);
  } catch (const siege::InputError&) {
    // refused with a message
  }
  try {
    const siege::SweepTable table = siege::read_sweep(input);
    const siege::SweepTable whole = siege::merge_sweeps({table}, {input});
    siege::write_sweep(merged, whole);
    if (whole.complete() && !whole.run.empty()) (void)siege::format_sensitivity(siege::sensitivity(whole));
    try {
      (void)siege::merge_sweeps({table, table}, {input, input});
      if (!table.run.empty()) __builtin_trap();  // the same runs twice were merged
    } catch (const siege::InputError&) {
    }
  } catch (const siege::InputError&) {
  }
  return 0;
}
