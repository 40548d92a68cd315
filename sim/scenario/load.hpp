#pragma once
#include <string>

#include "scenario/scenario.hpp"

namespace siege::scenario {

/// Reads and validates a scenario file, with the overlay of `policy` applied (empty or "baseline":
/// the file as written). Throws InputError listing every problem found, each with its file, line
/// and column.
Scenario load_file(const std::string& path, const std::string& policy = "");
/// The same for text already in memory; `file_label` names it in messages.
Scenario load_text(const std::string& text, const std::string& file_label, const std::string& policy = "");

/// Values set on top of the policy, by key path (as in a policy's `set`): a sweep's sampled point.
struct Override {
  std::string key;
  double value = 0.0;
  bool integer = false;  ///< written as a whole number
};
Scenario load_text(const std::string& text, const std::string& file_label, const std::string& policy,
                   const std::vector<Override>& overrides);

/// The same scenario with `persons` residents in all (at least one per town): every town grows
/// or shrinks by the same factor (largest remainders round it to the exact total), and with it
/// what scales with the number of mouths (production, smuggling capacity, rations per aid truck,
/// persons per evacuation bus), so that the scaled pocket lives as the original does. For
/// measuring speed and memory at sizes no scenario file has.
Scenario scaled_to_persons(const Scenario& scenario, std::int64_t persons);

/// Parses YAML `text` once without building any node and throws YAML::ParserException where it
/// has produced more nodes than a text of its length can hold: yaml-cpp 0.7 produces nodes
/// without end for some malformed text (a lone ',' outside brackets, found by fuzzing), which
/// would fill the memory before any error. Call it before YAML::Load on text from a user.
void check_yaml_ends(const std::string& text);

/// The JSON Schema of the scenario format (draft 2020-12).
std::string json_schema();
/// The parameter reference in Markdown (docs/parameters.md).
std::string markdown_reference();

}  // namespace siege::scenario
