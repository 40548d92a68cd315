#include "scenario/policy.hpp"

#include <fmt/format.h>

#include <optional>

namespace siege::scenario {
namespace {

struct Step {
  std::string key;                  ///< mapping key, or empty for a bare [..] step
  std::optional<std::string> item;  ///< list item: an index or a name
};

std::optional<std::vector<Step>> parse_path(const std::string& path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') step.key += path[i++];
    if (step.key.empty()) return std::nullopt;
    steps.push_back(step);
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      steps.push_back({"", path.substr(i + 1, close - i - 1)});
      i = close + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.' || i + 1 == path.size()) return std::nullopt;
      ++i;
    }
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

bool is_index(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 10;
}

/// Follows `steps` from `node`, creating missing mappings on the way; sets the last to `value`.
/// Returns what went wrong, or an empty string. Tells `ctx` where the value went, as the reader
/// names paths (list items by index), so that errors in it point at `origin`.
std::string set_path(const YAML::Node& root, const std::vector<Step>& steps, const YAML::Node& value, Context& ctx,
                     const Overlay& origin) {
  YAML::Node node;
  node.reset(root);
  std::string path, made;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    const bool last = s + 1 == steps.size();
    if (step.item) {
      if (!node.IsSequence()) return fmt::format("[{}] asks for a list item, but that is not a list", *step.item);
      std::optional<std::size_t> found;
      if (is_index(*step.item)) {
        const auto index = std::stoul(*step.item);
        if (index < node.size()) found = index;
      } else {
        for (std::size_t k = 0; k < node.size(); ++k) {
          const YAML::Node name = node[k].IsMap() ? node[k]["name"] : YAML::Node();
          if (name && name.IsScalar() && name.Scalar() == *step.item) found = k;
        }
      }
      if (!found) {
        return fmt::format("the list has no item {} (it has {} item{}; name one by index or by its name)",
                           *step.item, node.size(), node.size() == 1 ? "" : "s");
      }
      path += fmt::format("[{}]", *found);
      if (last) {
        node[*found] = value;
        break;
      }
      node.reset(node[*found]);  // rebinds; `node = ...` would overwrite the node it refers to
      continue;
    }
    if (!node.IsMap()) return fmt::format("'{}' asks for a key, but that is not a mapping", step.key);
    path += (path.empty() ? "" : ".") + step.key;
    if (last) {
      node[step.key] = value;
      break;
    }
    if (!node[step.key]) {
      node[step.key] = YAML::Node(YAML::NodeType::Map);
      if (made.empty()) made = path;
    }
    node.reset(node[step.key]);
  }
  ctx.overlaid(path, made, origin);
  return "";
}

}  // namespace

std::vector<PolicyDef> read_policies(const YAML::Node& policies, Context& ctx) {
  std::vector<PolicyDef> out;
  if (!policies || policies.IsNull()) return out;
  if (!policies.IsMap()) {
    ctx.error(policies.Mark(), "policies",
              fmt::format("expected a mapping of policy names to overlays, got {}", detail::kind_of(policies)));
    return out;
  }
  for (const auto& entry : policies) {
    const std::string name = entry.first.Scalar();
    const std::string path = "policies." + name;
    const YAML::Node& body = entry.second;
    if (!body.IsMap()) {
      ctx.error(detail::mark_of(body, entry.first.Mark()), path,
                fmt::format("expected a mapping with description and set, got {}", detail::kind_of(body)));
      continue;
    }
    PolicyDef policy{name, "", {}};
    for (const auto& field : body) {
      const std::string key = field.first.Scalar();
      if (key == "description") {
        if (field.second.IsScalar()) {
          policy.description = field.second.Scalar();
        } else {
          ctx.error(field.second.Mark(), path + ".description", "expected text");
        }
      } else if (key != "set") {
        ctx.error(field.first.Mark(), path + "." + key,
                  "unknown key" + detail::suggest(key, {"description", "set"}));
      }
    }
    const YAML::Node set = body["set"];
    if (!set || !set.IsMap()) {
      ctx.error(body.Mark(), path + ".set",
                "expected 'set:' with a mapping of key paths to values, e.g. "
                "pockets[0].conflict.committee.policy: drop");
    } else {
      for (const auto& assignment : set) {
        const std::string target = assignment.first.Scalar();
        policy.keys.push_back(target);
        if (!parse_path(target)) {
          ctx.error(assignment.first.Mark(), path + ".set." + target,
                    "is not a key path; write keys joined by dots, list items as [index] or [name], e.g. "
                    "pockets[Waer].conflict.committee.policy");
        }
      }
    }
    if (name == "baseline") {
      ctx.error(entry.first.Mark(), path, "'baseline' names the scenario as written; give the policy another name");
    }
    out.push_back(std::move(policy));
  }
  return out;
}

std::string set_key_path(YAML::Node& root, const std::string& key_path, const YAML::Node& value, Context& ctx,
                         const Overlay& origin) {
  const auto steps = parse_path(key_path);
  if (!steps) {
    return "it is not a key path; write keys joined by dots, list items as [index] or [name], e.g. "
           "pockets[Waer].conflict.committee.policy";
  }
  return set_path(root, *steps, value, ctx, origin);
}

void apply_policy(YAML::Node& root, const YAML::Node& policies, const std::string& name, Context& ctx) {
  const YAML::Node set = policies[name]["set"];
  for (const auto& assignment : set) {
    const std::string target = assignment.first.Scalar();
    const auto steps = parse_path(target);
    if (!steps) continue;  // reported by take_policies
    const Overlay origin{assignment.first.Mark(), assignment.second.Mark(), "", ""};
    const std::string problem = set_path(root, *steps, assignment.second, ctx, origin);
    if (!problem.empty()) {
      ctx.error(assignment.first.Mark(), "policies." + name + ".set." + target, problem);
    }
  }
}

}  // namespace siege::scenario
