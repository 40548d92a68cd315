#pragma once
// Text that came from a file, made safe for a terminal. A damaged or hostile HDF5 file can hold any
// bytes in its names and attributes, and `siege info` prints them: an escape sequence could
// rewrite the user's screen, bytes that are not UTF-8 garble it.
#include <string>
#include <string_view>

namespace siege {

/// `text` with valid UTF-8, newlines and tabs kept, and every other control character (C0, DEL,
/// C1) and every byte that is not part of valid UTF-8 written as \xNN.
std::string printable(std::string_view text);

}  // namespace siege
