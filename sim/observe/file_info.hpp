#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace siege::observe {

/// What a run file holds, as `siege info` prints it.
struct FileInfo {
  std::string path;
  std::string scenario_name, scenario_file, siege_version, git_commit, policy, start_date;
  std::string overrides;  ///< --set assignments, one a line; empty when none (or an older file)
  std::int64_t seed = 0;
  std::vector<std::pair<std::string, std::size_t>> dimensions;
  std::vector<std::string> variables;
  struct Pocket {
    std::string name;
    double initial = 0.0;
    double final_alive = 0.0;                           ///< mean over runs
    std::vector<std::pair<std::string, double>> deaths;  ///< by cause, mean over runs
    double aid_trucks = 0.0;                            ///< mean over runs
    /// Conflict totals, means over runs (files from before the conflict model have none).
    std::optional<double> strikes, detainees_released, evacuated;
  };
  std::vector<Pocket> pockets;
  std::size_t events = 0;
};

/// Reads a run file. Throws InputError if the file is missing or not a siege run file.
FileInfo read_file_info(const std::string& path);
std::string format_file_info(const FileInfo& info);

}  // namespace siege::observe
