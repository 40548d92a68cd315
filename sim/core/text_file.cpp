#include "core/text_file.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace siege {

std::string read_text_file(const std::string& path, std::string_view what) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw InputError::in_file(path, fmt::format("is a directory; give the path of a {} file", what));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError::in_file(path, fmt::format("cannot open the {} file (check the path)", what));
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxTextFileBytes) {
    throw InputError::in_file(path, fmt::format("is {:.1f} MB; a {} file may be at most {} MB (they are a few kB): "
                                                "check that this is the right file",
                                                static_cast<double>(size) / 1e6, what, kMaxTextFileBytes >> 20));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary);
    file << text;
    if (!file.flush()) {
      file.close();
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw InputError::in_file(path, "cannot be written; choose another path");
    }
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace siege
