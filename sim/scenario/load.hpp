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

/// The JSON Schema of the scenario format (draft 2020-12).
std::string json_schema();
/// The parameter reference in Markdown (docs/parameters.md).
std::string markdown_reference();

}  // namespace siege::scenario
