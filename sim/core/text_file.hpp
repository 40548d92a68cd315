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

}  // namespace siege
