#include "core/errors.hpp"

#include <fmt/format.h>

namespace siege {

std::string Diagnostic::format() const {
  std::string out;
  if (!where.file.empty()) {
    out = where.line > 0 ? fmt::format("{}:{}:{}: ", where.file, where.line, where.column)
                         : fmt::format("{}: ", where.file);
  }
  if (!path.empty()) out += path + ": ";
  return out + message;
}

static std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

static std::vector<Diagnostic> single(std::string file, std::string message) {
  std::vector<Diagnostic> diagnostics(1);
  diagnostics[0].where.file = std::move(file);
  diagnostics[0].message = std::move(message);
  return diagnostics;
}

InputError::InputError(std::string message) : InputError(single({}, std::move(message))) {}

InputError InputError::in_file(std::string file, std::string message) {
  return InputError(single(std::move(file), std::move(message)));
}

}  // namespace siege
