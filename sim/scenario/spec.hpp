#pragma once
// Declarative description of the scenario format. Each parameter is declared once, with its key,
// the member it fills, its units, meaning, source and valid range; from that one declaration come
// the validating YAML reader (which collects every error with its line and column), the JSON
// Schema (`siege schema`) and the parameter reference (`docs/parameters.md`).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"

namespace siege::scenario {

/// What a parameter means, in what units, and where its default comes from.
struct Doc {
  std::string meaning;
  std::string units;   ///< empty for text, flags and choices
  std::string source;  ///< a citation, or "assumption" with the reasoning
};

/// The values a number may take.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  static Range any() { return {}; }
  static Range at_least(double low) { return {low}; }
  static Range above(double low) { return {low, std::numeric_limits<double>::infinity(), true}; }
  static Range between(double low, double high) { return {low, high}; }
  static Range above_up_to(double low, double high) { return {low, high, true}; }
  static Range share() { return {0.0, 1.0}; }
  bool contains(double x) const;
  std::string describe() const;  ///< "between 0 and 1", "at least 0", ...
};

/// Where a value set on top of a file came from, for the errors it causes.
struct Overlay {
  /// A line of the file being read (a policy's assignment), or null.
  YAML::Mark mark = YAML::Mark::null_mark();
  /// The mark of the value it set, when that is in the file too (a nested value keeps its own line).
  YAML::Mark value_mark = YAML::Mark::null_mark();
  /// Another input that gave the value ("command line"); empty: the file being read.
  std::string file;
  /// Names the setting in errors instead of the key path (`--set key=value`); empty: the key path.
  std::string label;
};

/// Collects diagnostics while reading one file, and remembers where each key path sits in it so
/// that rules checked after reading can still point at the right line.
class Context {
 public:
  explicit Context(std::string file) : file_(std::move(file)) {}
  void error(const YAML::Mark& mark, const std::string& path, std::string message);
  /// Error in a value set on top of the file, named as `origin` says.
  void error(const Overlay& origin, const std::string& path, std::string message);
  /// Error at a key path read earlier (or its nearest enclosing path that was seen).
  void error_at(const std::string& path, std::string message);
  void remember(const std::string& path, const YAML::Mark& mark);
  /// A value was set on top of the file (by a policy's `set`, `--set` or a sweep's point) at
  /// `path`, as errors name it; `made` is the first mapping the setting created on the way (empty
  /// if every step was there). Errors at, below or on the way to it then point at `origin`
  /// rather than at the file's line of the value it replaced, or at no line for a key it added.
  void overlaid(std::string path, std::string made, Overlay origin);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const std::string& file() const { return file_; }

 private:
  struct Placed {
    std::string path, made;
    Overlay origin;
  };
  const Placed* placed_at(const std::string& path) const;

  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, YAML::Mark> marks_;
  std::vector<Placed> overlays_;  ///< in the order they were applied; a later one wins
};

/// Parses the YAML `text` of a user's file (the one `ctx` names), guarded against runaway parses
/// (check_yaml_ends); a syntax error goes to `ctx` with its line and is thrown as InputError.
YAML::Node parse_yaml(const std::string& text, Context& ctx);

/// Given to cross-field rules: reports against keys of the object being checked.
class Checker {
 public:
  Checker(Context& context, std::string path) : context_(context), path_(std::move(path)) {}
  /// `key` is relative to the object, e.g. "population" or "towns[2].population".
  void error(const std::string& key, std::string message) const;

 private:
  Context& context_;
  std::string path_;
};

/// Reading, schema and documentation of one kind of value.
namespace detail {
bool read_scalar(const YAML::Node& node, double& out, Context& ctx, const std::string& path);
bool read_scalar(const YAML::Node& node, std::int64_t& out, Context& ctx, const std::string& path);
bool read_scalar(const YAML::Node& node, bool& out, Context& ctx, const std::string& path);
bool read_scalar(const YAML::Node& node, std::string& out, Context& ctx, const std::string& path);
bool read_scalar(const YAML::Node& node, Date& out, Context& ctx, const std::string& path);
bool read_choice(const YAML::Node& node, const std::vector<std::string>& names, std::size_t& index,
                 Context& ctx, const std::string& path);
YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback);
std::string suggest(const std::string& word, const std::vector<std::string>& candidates);
std::string kind_of(const YAML::Node& node);
/// "Name of the town." -> "name of the town", to quote a meaning inside a sentence.
std::string as_clause(std::string sentence);

template <class V>
struct Traits;
template <>
struct Traits<double> {
  static constexpr const char* kType = "number";
  static Json json(double v) { return Json(v); }
  static std::string text(double v);
};
template <>
struct Traits<std::int64_t> {
  static constexpr const char* kType = "integer";
  static Json json(std::int64_t v) { return Json(v); }
  static std::string text(std::int64_t v);
};
template <>
struct Traits<bool> {
  static constexpr const char* kType = "boolean";
  static Json json(bool v) { return Json(v); }
  static std::string text(bool v) { return v ? "true" : "false"; }
};
template <>
struct Traits<std::string> {
  static constexpr const char* kType = "string";
  static Json json(const std::string& v) { return Json(v); }
  static std::string text(const std::string& v) { return v.empty() ? "\"\"" : v; }
};
template <>
struct Traits<Date> {
  static constexpr const char* kType = "date";
  static Json json(const Date& v) { return Json(format_date(v)); }
  static std::string text(const Date& v) { return format_date(v); }
};
}  // namespace detail

/// One row of the parameter reference.
struct DocRow {
  std::string key;
  std::string type;
  std::string units;
  std::string default_text;
  std::string range_text;
  std::string meaning;
  std::string source;
  const class SpecBase* nested = nullptr;
};

/// What every object spec offers to the schema and documentation writers.
class SpecBase {
 public:
  SpecBase(std::string title, std::string description)
      : title_(std::move(title)), description_(std::move(description)) {}
  virtual ~SpecBase() = default;
  const std::string& title() const { return title_; }
  const std::string& description() const { return description_; }
  virtual Json json_schema() const = 0;
  virtual std::vector<DocRow> doc_rows() const = 0;
  virtual std::vector<std::string> rule_texts() const = 0;

 private:
  std::string title_;
  std::string description_;
};

template <class T>
class ObjectSpec final : public SpecBase {
 public:
  using SpecBase::SpecBase;

  /// An optional scalar (number, whole number, flag, text or date); absent keys keep T{}'s value.
  template <class V>
  ObjectSpec& value(std::string key, V T::*member, Doc doc, Range range = {}) {
    return scalar(std::move(key), member, std::move(doc), range, false);
  }
  /// A scalar the file must give.
  template <class V>
  ObjectSpec& required(std::string key, V T::*member, Doc doc, Range range = {}) {
    return scalar(std::move(key), member, std::move(doc), range, true);
  }
  /// A scalar that may be left out; `has_value()` says whether the file gave it.
  template <class V>
  ObjectSpec& optional(std::string key, std::optional<V> T::*member, Doc doc, Range range = {});
  /// One of a fixed set of names.
  template <class E>
  ObjectSpec& choice(std::string key, E T::*member, std::vector<std::pair<std::string, E>> options,
                     Doc doc);
  /// A nested object; absent keys keep T{}'s value.
  template <class U>
  ObjectSpec& object(std::string key, U T::*member, const ObjectSpec<U>& spec, Doc doc);
  /// A nested object that may be left out; `has_value()` says whether the file gave it.
  template <class U>
  ObjectSpec& object(std::string key, std::optional<U> T::*member, const ObjectSpec<U>& spec, Doc doc);
  /// A list of objects.
  template <class U>
  ObjectSpec& list(std::string key, std::vector<U> T::*member, const ObjectSpec<U>& spec, Doc doc,
                   std::size_t min_items, bool is_required);
  /// A rule across keys (totals that must add up, ranges that depend on each other), checked after
  /// the keys are read. `text` documents it.
  ObjectSpec& rule(std::string text, std::function<void(const T&, const Checker&)> check) {
    rules_.push_back({std::move(text), std::move(check)});
    return *this;
  }

  /// Reads `node` into `out`, reporting every problem to `ctx`.
  void read(const YAML::Node& node, T& out, Context& ctx, const std::string& path) const;

  Json json_schema() const override;
  std::vector<DocRow> doc_rows() const override;
  std::vector<std::string> rule_texts() const override {
    std::vector<std::string> texts;
    for (const auto& r : rules_) texts.push_back(r.text);
    return texts;
  }

 private:
  struct Field {
    std::string key;
    bool is_required = false;
    std::function<void(const YAML::Node&, T&, Context&, const std::string&)> read;
    std::function<Json()> schema;
    DocRow doc;
  };
  struct Rule {
    std::string text;
    std::function<void(const T&, const Checker&)> check;
  };

  template <class V>
  ObjectSpec& scalar(std::string key, V T::*member, Doc doc, Range range, bool is_required);
  template <class U>
  void nested(std::string key, const ObjectSpec<U>& spec, Doc doc, const char* default_text,
              std::function<void(const YAML::Node&, T&, Context&, const std::string&)> read);
  template <class V>
  static Json scalar_schema(const Doc& doc, const Range& range);
  template <class R>
  static bool read_in_range(const YAML::Node& node, R& value, const Range& range, Context& ctx,
                            const std::string& path);
  static DocRow row(const std::string& key, const Doc& doc, std::string type,
                    std::string default_text, std::string range_text) {
    return DocRow{key, std::move(type), doc.units, std::move(default_text), std::move(range_text),
                  doc.meaning, doc.source};
  }

  std::vector<Field> fields_;
  std::vector<Rule> rules_;
};

/// Normalises an integer-like member type to the type the reader works in.
template <class V>
using ReadAs = std::conditional_t<std::is_same_v<V, bool>, bool,
                                  std::conditional_t<std::is_integral_v<V>, std::int64_t, V>>;

std::string describe_doc(const Doc& doc);

template <class T>
template <class V>
Json ObjectSpec<T>::scalar_schema(const Doc& doc, const Range& range) {
  using R = ReadAs<V>;
  Json s = Json::object();
  if constexpr (std::is_same_v<R, Date>) {
    s.set("type", "string").set("format", "date").set("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  } else {
    s.set("type", detail::Traits<R>::kType);
  }
  if constexpr (std::is_arithmetic_v<R> && !std::is_same_v<R, bool>) {
    if (std::isfinite(range.min)) s.set(range.min_exclusive ? "exclusiveMinimum" : "minimum", range.min);
    if (std::isfinite(range.max)) s.set(range.max_exclusive ? "exclusiveMaximum" : "maximum", range.max);
  }
  s.set("description", describe_doc(doc));
  return s;
}

template <class T>
template <class R>
bool ObjectSpec<T>::read_in_range(const YAML::Node& node, R& value, const Range& range, Context& ctx,
                                  const std::string& path) {
  if (!detail::read_scalar(node, value, ctx, path)) return false;
  if constexpr (std::is_arithmetic_v<R> && !std::is_same_v<R, bool>) {
    if (!range.contains(static_cast<double>(value))) {
      ctx.error(node.Mark(), path,
                fmt::format("must be {} (got {})", range.describe(), detail::Traits<R>::text(value)));
      return false;
    }
  }
  return true;
}

template <class T>
template <class V>
ObjectSpec<T>& ObjectSpec<T>::scalar(std::string key, V T::*member, Doc doc, Range range,
                                     bool is_required) {
  using R = ReadAs<V>;
  constexpr bool kNumeric = std::is_arithmetic_v<R> && !std::is_same_v<R, bool>;
  Field f;
  f.key = key;
  f.is_required = is_required;
  f.read = [member, range](const YAML::Node& node, T& out, Context& ctx, const std::string& path) {
    R value{};
    if (read_in_range(node, value, range, ctx, path)) out.*member = static_cast<V>(value);
  };
  static const T defaults{};  // one per instantiation; also spares GCC 12 a false maybe-uninitialized
  f.schema = [doc, range, is_required, d = static_cast<R>(defaults.*member)] {
    Json s = scalar_schema<V>(doc, range);
    if (!is_required) s.set("default", detail::Traits<R>::json(d));
    return s;
  };
  std::string type = detail::Traits<R>::kType;
  f.doc = row(key, doc, type,
              is_required ? "required" : detail::Traits<R>::text(static_cast<R>(defaults.*member)),
              kNumeric ? range.describe() : "");
  fields_.push_back(std::move(f));
  return *this;
}

template <class T>
template <class V>
ObjectSpec<T>& ObjectSpec<T>::optional(std::string key, std::optional<V> T::*member, Doc doc,
                                       Range range) {
  using R = ReadAs<V>;
  constexpr bool kNumeric = std::is_arithmetic_v<R> && !std::is_same_v<R, bool>;
  Field f;
  f.key = key;
  f.read = [member, range](const YAML::Node& node, T& out, Context& ctx, const std::string& path) {
    R value{};
    if (read_in_range(node, value, range, ctx, path)) out.*member = static_cast<V>(value);
  };
  f.schema = [doc, range] { return scalar_schema<V>(doc, range); };
  f.doc = row(key, doc, detail::Traits<R>::kType, "not set", kNumeric ? range.describe() : "");
  fields_.push_back(std::move(f));
  return *this;
}

template <class T>
template <class E>
ObjectSpec<T>& ObjectSpec<T>::choice(std::string key, E T::*member,
                                     std::vector<std::pair<std::string, E>> options, Doc doc) {
  std::vector<std::string> names;
  for (const auto& o : options) names.push_back(o.first);
  static const T defaults{};  // one per instantiation; also spares GCC 12 a false maybe-uninitialized
  std::string default_name;
  for (const auto& o : options) {
    if (o.second == defaults.*member) default_name = o.first;
  }
  Field f;
  f.key = key;
  f.read = [member, options, names](const YAML::Node& node, T& out, Context& ctx,
                                    const std::string& path) {
    std::size_t index = 0;
    if (detail::read_choice(node, names, index, ctx, path)) out.*member = options[index].second;
  };
  f.schema = [doc, names, default_name] {
    Json values = Json::array();
    for (const auto& n : names) values.push(n);
    Json s = Json::object();
    s.set("type", "string").set("enum", values).set("default", default_name);
    s.set("description", describe_doc(doc));
    return s;
  };
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  f.doc = row(key, doc, "choice", default_name, "one of " + listed);
  fields_.push_back(std::move(f));
  return *this;
}

template <class T>
template <class U>
ObjectSpec<T>& ObjectSpec<T>::object(std::string key, U T::*member, const ObjectSpec<U>& spec,
                                     Doc doc) {
  nested(std::move(key), spec, std::move(doc), "see below",
         [member, &spec](const YAML::Node& node, T& out, Context& ctx, const std::string& path) {
           spec.read(node, out.*member, ctx, path);
         });
  return *this;
}

template <class T>
template <class U>
void ObjectSpec<T>::nested(std::string key, const ObjectSpec<U>& spec, Doc doc, const char* default_text,
                           std::function<void(const YAML::Node&, T&, Context&, const std::string&)> read) {
  Field f;
  f.key = key;
  f.read = std::move(read);
  f.schema = [&spec, doc] {
    Json s = spec.json_schema();
    s.set("description", describe_doc(doc));
    return s;
  };
  f.doc = row(key, doc, "object", default_text, "");
  f.doc.nested = &spec;
  fields_.push_back(std::move(f));
}

template <class T>
template <class U>
ObjectSpec<T>& ObjectSpec<T>::object(std::string key, std::optional<U> T::*member, const ObjectSpec<U>& spec,
                                     Doc doc) {
  nested(std::move(key), spec, std::move(doc), "absent",
         [member, &spec](const YAML::Node& node, T& out, Context& ctx, const std::string& path) {
           spec.read(node, (out.*member).emplace(), ctx, path);
         });
  return *this;
}

template <class T>
template <class U>
ObjectSpec<T>& ObjectSpec<T>::list(std::string key, std::vector<U> T::*member,
                                   const ObjectSpec<U>& spec, Doc doc, std::size_t min_items,
                                   bool is_required) {
  Field f;
  f.key = key;
  f.is_required = is_required;
  f.read = [member, &spec, min_items](const YAML::Node& node, T& out, Context& ctx,
                                      const std::string& path) {
    if (!node.IsSequence()) {
      ctx.error(node.Mark(), path,
                fmt::format("expected a list (items starting with '- '), got {}", detail::kind_of(node)));
      return;
    }
    if (node.size() < min_items) {
      ctx.error(node.Mark(), path,
                fmt::format("needs at least {} item{} (got {})", min_items, min_items == 1 ? "" : "s",
                            node.size()));
    }
    auto& items = out.*member;
    items.clear();
    std::size_t index = 0;
    for (const auto& item : node) {
      const std::string item_path = fmt::format("{}[{}]", path, index++);
      ctx.remember(item_path, detail::mark_of(item, node.Mark()));
      items.emplace_back();
      spec.read(item, items.back(), ctx, item_path);
    }
  };
  f.schema = [&spec, doc, min_items] {
    Json s = Json::object();
    s.set("type", "array").set("items", spec.json_schema());
    if (min_items > 0) s.set("minItems", static_cast<std::int64_t>(min_items));
    s.set("description", describe_doc(doc));
    return s;
  };
  f.doc = row(key + "[]", doc, "list", is_required ? "required" : "empty",
              min_items ? fmt::format("at least {} item{}", min_items, min_items == 1 ? "" : "s") : "");
  f.doc.nested = &spec;
  fields_.push_back(std::move(f));
  return *this;
}

template <class T>
void ObjectSpec<T>::read(const YAML::Node& node, T& out, Context& ctx,
                         const std::string& path) const {
  const std::string where = path.empty() ? "the file" : "'" + path + "'";
  const std::size_t errors_before = ctx.diagnostics().size();
  if (!node.IsMap()) {
    ctx.error(node.Mark(), path,
              fmt::format("expected a mapping of keys ({}), got {}", title(), detail::kind_of(node)));
    return;
  }
  std::map<std::string, std::pair<YAML::Node, YAML::Node>> present;
  std::vector<std::string> known;
  for (const auto& f : fields_) known.push_back(f.key);
  for (const auto& kv : node) {
    const YAML::Node key_node = kv.first;
    if (!key_node.IsScalar()) {
      ctx.error(key_node.Mark(), path, "keys must be plain names");
      continue;
    }
    const std::string key = key_node.Scalar();
    const std::string key_path = path.empty() ? key : path + "." + key;
    if (present.count(key)) {
      ctx.error(key_node.Mark(), key_path, "duplicate key (each key may appear once; remove one)");
      continue;
    }
    bool is_known = false;
    for (const auto& k : known) is_known = is_known || k == key;
    if (!is_known) {
      ctx.error(key_node.Mark(), key_path, "unknown key" + detail::suggest(key, known));
      continue;
    }
    present.emplace(key, std::make_pair(key_node, kv.second));
    ctx.remember(key_path, key_node.Mark());
  }
  for (const auto& f : fields_) {
    const std::string key_path = path.empty() ? f.key : path + "." + f.key;
    auto it = present.find(f.key);
    if (it == present.end()) {
      if (f.is_required) {
        ctx.error(node.Mark(), key_path,
                  fmt::format("missing required key '{}' in {} ({})", f.key, where, detail::as_clause(f.doc.meaning)));
      }
      continue;
    }
    const YAML::Node value = it->second.second;
    if (!value.IsDefined() || value.IsNull()) {
      ctx.error(it->second.first.Mark(), key_path,
                fmt::format("has no value; give {} or remove the key",
                            f.doc.type == "object" ? "its keys" : "a " + f.doc.type));
      continue;
    }
    f.read(value, out, ctx, key_path);
  }
  if (ctx.diagnostics().size() == errors_before) {
    // Rules are checked only on an object read without errors, so that one mistake is not
    // reported twice (once as a wrong value, again as a total that does not add up).
    const Checker checker(ctx, path);
    for (const auto& r : rules_) r.check(out, checker);
  }
}

template <class T>
Json ObjectSpec<T>::json_schema() const {
  Json properties = Json::object();
  Json required_keys = Json::array();
  bool any_required = false;
  for (const auto& f : fields_) {
    properties.set(f.key, f.schema());
    if (f.is_required) {
      required_keys.push(f.key);
      any_required = true;
    }
  }
  Json s = Json::object();
  s.set("type", "object").set("title", title()).set("description", description());
  s.set("properties", properties);
  if (any_required) s.set("required", required_keys);
  s.set("additionalProperties", false);
  return s;
}

template <class T>
std::vector<DocRow> ObjectSpec<T>::doc_rows() const {
  std::vector<DocRow> rows;
  for (const auto& f : fields_) rows.push_back(f.doc);
  return rows;
}

}  // namespace siege::scenario
