#pragma once
// Reading the small text files a user names (scenarios, sweeps) with the checks every one needs.
#include <cstdint>
#include <string>
#include <string_view>

namespace siege {

/// Scenario and sweep files are a few kilobytes; anything past this is the wrong file.
inline constexpr std::uintmax_t kMaxTextFileBytes = std::uintmax_t{16} << 20;

/// The whole of the `what` file (say "scenario") at `path`. A directory, an unreadable file or one
/// over kMaxTextFileBytes throws InputError naming the file and the fix, before anything is read.
std::string read_text_file(const std::string& path, std::string_view what);

/// Writes `text` to `path` through a temporary beside it, renamed when complete, so that the file
/// is either whole or absent. A write that fails throws InputError naming the file.
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace siege
