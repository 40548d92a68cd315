#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace siege {

/// A place in an input file; line and column count from 1, 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

/// One problem with the user's input, printed as `file:line:col: path: message`.
struct Diagnostic {
  Location where;
  std::string path;     ///< dotted key path, e.g. `pockets[0].towns[2].population`
  std::string message;  ///< what is wrong, and what would be right
  std::string format() const;
};

/// Bad input from the user (scenario file or command line). The program reports every diagnostic,
/// exits with code 2 and writes no output file.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  /// A single problem that has no file location (a command-line value, say).
  explicit InputError(std::string message);
  /// A single problem with a whole file (missing, unreadable, of the wrong kind).
  static InputError in_file(std::string file, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace siege
