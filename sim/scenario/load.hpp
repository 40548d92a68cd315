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

/// A value set on top of the policy by key path (as in a policy's `set`): a sweep's sampled point,
/// or `--set key=value` on the command line.
struct Override {
  std::string key;
  std::string value;  ///< read as if typed in the file: a YAML scalar such as 0.25, 12, true or drop
  /// Given as `--set key=value`: its errors name the option, and the scenario records it.
  bool command_line = false;

  /// A sweep's sampled number, written as a whole number when `integer`.
  static Override number(std::string key, double value, bool integer);
  /// The text after `--set`; InputError naming the option unless it is key=value.
  static Override from_option(const std::string& text);
  std::string text() const { return key + "=" + value; }  ///< as given after --set
};
Scenario load_text(const std::string& text, const std::string& file_label, const std::string& policy,
                   const std::vector<Override>& overrides);

/// Refuses a --set of a key that the policy of one of `arms` sets (as its `set` writes the key):
/// applied after the policy, it would replace what tells that arm from the others. Throws
/// InputError naming the option.
void check_sets_leave_arms_alone(const Scenario& scenario, const std::vector<std::string>& arms,
                                 const std::vector<Override>& sets);

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
