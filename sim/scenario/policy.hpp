#pragma once
// Policies: named overlays on a scenario's values, declared in the file itself:
//
//   policies:
//     drop:
//       description: Waer's committee drops the release condition
//       set:
//         pockets[Waer].conflict.committee.policy: drop
//
// A key path names mappings by key and list items by index ([0]) or by their `name` ([Waer]).
// The overlay is applied to the YAML before it is read, so a value set by a policy is checked
// like any other and its errors point at the policy's line.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/scenario.hpp"
#include "scenario/spec.hpp"

namespace siege::scenario {

/// Reads the `policies` block (which may be undefined); problems go to `ctx`.
std::vector<PolicyDef> read_policies(const YAML::Node& policies, Context& ctx);

/// Sets the value at `key_path` (as in a policy's `set`) in `root`; returns what went wrong, or "".
/// Errors the reader finds later in what was set point at `origin` (Context::overlaid).
std::string set_key_path(YAML::Node& root, const std::string& key_path, const YAML::Node& value, Context& ctx,
                         const Overlay& origin);

/// Applies the overlay of policy `name` (which read_policies found) to `root`.
void apply_policy(YAML::Node& root, const YAML::Node& policies, const std::string& name, Context& ctx);

}  // namespace siege::scenario
