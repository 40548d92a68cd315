#pragma once
#include <string_view>

namespace siege {
/// The release version of this program (from CMake's project version).
std::string_view program_version();
/// The git commit the program was built from, with "-dirty" for uncommitted changes.
std::string_view git_commit();
}  // namespace siege
