#include "scenario/load.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "core/text_file.hpp"
#include "scenario/declaration.hpp"
#include "scenario/policy.hpp"

namespace siege {

const BesiegerDef& Scenario::besieger_of(std::uint32_t p) const {
  const auto& conflict = pockets[p].conflict;
  if (!conflict || conflict->besieger_index < 0) return besieger;
  return besiegers[static_cast<std::size_t>(conflict->besieger_index)];
}

std::int64_t Scenario::persons() const {
  std::int64_t total = 0;
  for (const auto& p : pockets) {
    for (const auto& t : p.towns) total += t.population;
  }
  return total;
}

namespace scenario {

namespace {

/// Where the first byte that is not valid UTF-8 sits, if any (YAML text must be Unicode).
std::optional<YAML::Mark> first_invalid_utf8(const std::string& text) {
  YAML::Mark mark;
  mark.pos = mark.line = mark.column = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char lead = bytes[i];
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      length = 1;
      code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07u;
    } else {
      return mark;
    }
    if (i + length > text.size()) return mark;
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return mark;
      code = (code << 6) | (bytes[i + k] & 0x3Fu);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return mark;
    if (lead == '\n') {
      ++mark.line;
      mark.column = 0;
    } else {
      ++mark.column;
    }
    i += length;
    mark.pos = static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace

Scenario load_text(const std::string& text, const std::string& file_label, const std::string& policy) {
  return load_text(text, file_label, policy, {});
}

Override Override::number(std::string key, double value, bool integer) {
  return {std::move(key), integer ? fmt::format("{}", std::llround(value)) : fmt::format("{}", value), false};
}

Override Override::from_option(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos) {
    throw InputError::in_file("command line", fmt::format("--set {}: give a key path and a value joined by '=', e.g. "
                                                          "--set pockets[Waer].conflict.committee.policy=drop", text));
  }
  return {text.substr(0, equals), text.substr(equals + 1), true};
}

namespace {

/// Counts the nodes a parse produces, and stops it once there are more than `limit`.
class NodeCount : public YAML::EventHandler {
 public:
  explicit NodeCount(std::size_t limit) : limit_(limit) {}
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { count(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    count(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    count(mark);
  }
  void OnMapEnd() override {}

 private:
  void count(const YAML::Mark& mark) {
    if (++nodes_ > limit_) {
      throw YAML::ParserException(mark, "the YAML reader cannot make sense of the text here (a ',' or a "
                                        "bracket out of place?)");
    }
  }
  std::size_t limit_;
  std::size_t nodes_ = 0;
};

/// Sets one override in `root`; returns what went wrong, or "".
std::string set_override(YAML::Node& root, const Override& o, Context& ctx, const Overlay& origin) {
  YAML::Node value;
  try {
    check_yaml_ends(o.value);
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    return fmt::format("the value is not one YAML scalar ({}); quote it or give a number, true or false, or a word "
                       "such as drop", e.msg);
  }
  if (!value.IsDefined() || value.IsNull()) {
    return "there is no value after '='; give one, e.g. a number, true or false, or a word such as drop";
  }
  if (!value.IsScalar()) {
    return fmt::format("the value is {}; give one value here (a number, true or false, or a word such as drop)",
                       detail::kind_of(value));
  }
  return set_key_path(root, o.key, value, ctx, origin);
}

}  // namespace

void check_yaml_ends(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  // A node takes at least one character, or is an empty value next to one; far more is a runaway.
  NodeCount count(2 * text.size() + 16);
  while (parser.HandleNextDocument(count)) {
  }
}

YAML::Node parse_yaml(const std::string& text, Context& ctx) {
  try {
    check_yaml_ends(text);
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    ctx.error(e.mark, "", fmt::format("YAML syntax error: {}", e.msg));
    throw InputError(ctx.diagnostics());
  }
}

namespace {

/// Turns each calendar event's dates into day numbers and its pocket into an index, and reports
/// dates outside the run.
void resolve_calendar(Scenario& scenario, Context& ctx) {
  for (std::size_t i = 0; i < scenario.calendar.size(); ++i) {
    CalendarEventDef& e = scenario.calendar[i];
    const std::string path = fmt::format("calendar[{}]", i);
    const auto day_of = [&](const std::optional<Date>& date, const std::optional<std::int64_t>& day,
                            const char* key) -> std::optional<std::int64_t> {
      if (day) return *day;
      if (!date) return std::nullopt;
      const long long d = days_between(scenario.start_date, *date);
      if (d < 0) {
        ctx.error_at(path + "." + key, fmt::format("{} comes before the scenario's start_date {}; start the scenario "
                                                   "earlier or drop the event", format_date(*date),
                                                   format_date(scenario.start_date)));
        return std::nullopt;
      }
      return static_cast<std::int64_t>(d);
    };
    const auto first = day_of(e.date, e.day, e.date ? "date" : "day");
    const auto last = day_of(e.to_date, e.to_day, e.to_date ? "to_date" : "to_day");
    if (!first) continue;
    e.first_day = *first;
    // An offensive without an end lasts to the end of the run; anything else is one day.
    e.last_day = last ? *last : (e.offensive ? scenario.days - 1 : *first);
    if (e.last_day < e.first_day) {
      ctx.error_at(path + (e.to_date ? ".to_date" : ".to_day"), "comes before the event's first day; it must end on "
                                                                "or after the day it starts");
    }
    for (std::uint32_t p = 0; p < scenario.pockets.size(); ++p) {
      if (scenario.pockets[p].name == e.pocket) e.pocket_index = p;
    }
  }
}

/// Turns the names of each conflict's besieger and linked pocket into indices (the rules of the
/// scenario's spec have checked that they exist).
void resolve_conflicts(Scenario& scenario) {
  for (PocketDef& pocket : scenario.pockets) {
    if (!pocket.conflict) continue;
    ConflictDef& conflict = *pocket.conflict;
    for (std::size_t b = 0; b < scenario.besiegers.size(); ++b) {
      if (scenario.besiegers[b].name == conflict.besieger) conflict.besieger_index = static_cast<std::int32_t>(b);
    }
    for (std::size_t q = 0; q < scenario.pockets.size(); ++q) {
      if (!conflict.linked_pocket.empty() && scenario.pockets[q].name == conflict.linked_pocket) {
        conflict.linked_pocket_index = static_cast<std::int32_t>(q);
      }
    }
  }
}

}  // namespace

Scenario load_text(const std::string& text, const std::string& file_label, const std::string& policy,
                   const std::vector<Override>& overrides) {
  Context ctx(file_label);
  if (const auto bad = first_invalid_utf8(text)) {
    ctx.error(*bad, "", "this byte is not UTF-8 text; save the scenario as UTF-8");
    throw InputError(ctx.diagnostics());
  }
  YAML::Node root;
  try {
    check_yaml_ends(text);
    const std::vector<YAML::Node> documents = YAML::LoadAll(text);
    if (documents.size() > 1) {
      ctx.error(documents[1].Mark(), "",
                "a second YAML document starts here; a scenario file holds one document (remove the "
                "'---' and what follows, or put it in its own file)");
      throw InputError(ctx.diagnostics());
    }
    if (!documents.empty()) root = documents[0];
  } catch (const YAML::DeepRecursion& e) {
    ctx.error(e.mark, "", "lists and mappings are nested too deeply here for a scenario; flatten them");
    throw InputError(ctx.diagnostics());
  } catch (const YAML::ParserException& e) {
    ctx.error(e.mark, "", fmt::format("YAML syntax error: {}", e.msg));
    throw InputError(ctx.diagnostics());
  }
  if (!root.IsDefined() || root.IsNull()) {
    ctx.error(YAML::Mark::null_mark(), "",
              "the file is empty; a scenario needs at least name, start_date and pockets "
              "(see `siege schema` or docs/parameters.md)");
    throw InputError(ctx.diagnostics());
  }
  Scenario scenario;
  YAML::Node policies;
  if (root.IsMap() && root["policies"]) {
    policies.reset(root["policies"]);
    root.remove("policies");
  }
  scenario.policies = read_policies(policies, ctx);
  if (!policy.empty() && policy != "baseline") {
    std::vector<std::string> names;
    for (const auto& p : scenario.policies) names.push_back(p.name);
    if (std::find(names.begin(), names.end(), policy) == names.end()) {
      ctx.error(policies ? policies.Mark() : YAML::Mark::null_mark(), "policies",
                names.empty() ? fmt::format("there is no policy '{}': the file declares no policies", policy)
                              : fmt::format("there is no policy '{}'{}", policy, detail::suggest(policy, names)));
      throw InputError(ctx.diagnostics());
    }
    apply_policy(root, policies, policy, ctx);
    scenario.policy = policy;
  }
  for (const Override& o : overrides) {
    // Errors in a sampled value go against the scenario file (no line: the value is not in it);
    // errors in a --set name the option.
    const Overlay origin = o.command_line ? Overlay{YAML::Mark::null_mark(), YAML::Mark::null_mark(), "command line",
                                                    fmt::format("--set {}", o.text())}
                                          : Overlay{};
    std::string problem = set_override(root, o, ctx, origin);
    if (problem.empty()) {
      if (o.command_line) scenario.overrides.push_back(o.text());
    } else if (o.command_line) {
      ctx.error(origin, o.key, problem);
    } else {
      ctx.error(YAML::Mark::null_mark(), o.key, fmt::format("cannot set {}: {}", o.key, problem));
    }
  }
  scenario_spec().read(root, scenario, ctx, "");
  if (ctx.diagnostics().empty()) {
    resolve_calendar(scenario, ctx);
    resolve_conflicts(scenario);
  }
  if (!ctx.diagnostics().empty()) {
    auto diagnostics = ctx.diagnostics();
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    throw InputError(std::move(diagnostics));
  }
  scenario.source_text = text;
  scenario.source_file = file_label;
  return scenario;
}

Scenario load_file(const std::string& path, const std::string& policy) {
  return load_text(read_text_file(path, "scenario"), path, policy);
}

void check_sets_leave_arms_alone(const Scenario& scenario, const std::vector<std::string>& arms,
                                 const std::vector<Override>& sets) {
  std::vector<Diagnostic> diagnostics;
  for (const Override& o : sets) {
    for (const PolicyDef& policy : scenario.policies) {
      if (std::find(arms.begin(), arms.end(), policy.name) == arms.end()) continue;
      if (std::find(policy.keys.begin(), policy.keys.end(), o.key) == policy.keys.end()) continue;
      Diagnostic d;
      d.where.file = "command line";
      d.path = "--set " + o.text();
      d.message = fmt::format("the arm '{}' sets {} too, and the --set would replace the arm's value; leave out the "
                              "--set or that arm", policy.name, o.key);
      diagnostics.push_back(std::move(d));
    }
  }
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
}

std::string json_schema() {
  Json out = Json::object();
  out.set("$schema", "https://json-schema.org/draft/2020-12/schema");
  out.set("$id", "https://github.com/siege-simulator/siege/scenario.schema.json");
  const Json root = scenario_spec().json_schema();
  Json policy = Json::object();
  policy.set("type", "object");
  policy.set("properties", Json::object()
                               .set("description", Json::object().set("type", "string"))
                               .set("set", Json::object()
                                               .set("type", "object")
                                               .set("description", "key paths (pockets[Waer].conflict.committee."
                                                                   "policy) and the values they take")));
  policy.set("required", Json::array().push("set"));
  policy.set("additionalProperties", false);
  for (const auto& [key, value] : *root.as_object()) {
    if (key != "properties") {
      out.set(key, value);
      continue;
    }
    Json properties = value;
    properties.set("policies", Json::object()
                                   .set("type", "object")
                                   .set("description", "Named overlays of scenario values, chosen with "
                                                       "`siege run --policy NAME`.")
                                   .set("additionalProperties", policy));
    out.set(key, properties);
  }
  return out.dump() + "\n";
}

namespace {

void escape_cell(std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  s = out;
}

/// Each kind of object gets one section, at the first path that has it; `done` maps it to that path.
/// Given `sections` (the map of a first pass), a key whose object has its section elsewhere says where.
using Sections = std::map<const SpecBase*, std::string>;
void write_section(std::string& out, const SpecBase& spec, const std::string& path, Sections& done,
                   const Sections* sections) {
  if (!done.emplace(&spec, path).second) return;
  out += fmt::format("\n## `{}`\n\n{}\n\n", path.empty() ? "(top level)" : path, spec.description());
  out += "| Key | Type | Units | Default | Valid values | Meaning | Source |\n";
  out += "|---|---|---|---|---|---|---|\n";
  std::vector<std::pair<std::string, const SpecBase*>> nested;
  for (auto row : spec.doc_rows()) {
    escape_cell(row.meaning);
    escape_cell(row.source);
    escape_cell(row.range_text);
    const std::string row_path = (path.empty() ? "" : path + ".") + row.key;
    if (row.nested && sections) {
      const std::string& home = sections->at(row.nested);
      if (home != row_path) row.meaning += fmt::format(" Its keys are those of `{}`.", home);
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", row.key, row.type, row.units,
                       row.default_text, row.range_text, row.meaning, row.source);
    if (row.nested) nested.emplace_back(row_path, row.nested);
  }
  const auto rules = spec.rule_texts();
  if (!rules.empty()) {
    out += "\nRules checked across keys:\n\n";
    for (const auto& r : rules) out += "- " + r + "\n";
  }
  for (const auto& [nested_path, nested_spec] : nested) write_section(out, *nested_spec, nested_path, done, sections);
}

}  // namespace

std::string markdown_reference() {
  std::string out =
      "# Scenario parameter reference\n\n"
      "Generated by `siege schema --format markdown` from the declarations in "
      "`sim/scenario/declaration.cpp`; do not edit by hand (a test checks that this file is up to "
      "date). A person-day is one adult's food for one day. Keys left out take the default shown. "
      "Values marked *assumption* have no source in the articles the model is built from: change "
      "them when you know better.\n";
  Sections sections, done;
  std::string first_pass;
  write_section(first_pass, scenario_spec(), "", sections, nullptr);
  write_section(out, scenario_spec(), "", done, &sections);
  out += "\n## `policies`\n\n"
         "Named overlays of scenario values, chosen with `siege run --policy NAME` (the policy's name is stored "
         "in the output). Each policy has an optional `description` and a `set` mapping: key paths to values. "
         "A path joins keys with dots and names list items by index (`pockets[0]`) or by their `name` "
         "(`pockets[Waer]`); missing mappings on the way are created. The overlaid scenario is checked like any "
         "other, and `siege validate` checks every policy. Example:\n\n"
         "```yaml\npolicies:\n  drop:\n    description: the committee drops the release condition\n"
         "    set:\n      pockets[Waer].conflict.committee.policy: drop\n```\n";
  return out;
}

}  // namespace scenario
}  // namespace siege
