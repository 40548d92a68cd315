#include "scenario/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>

namespace siege::scenario {

bool Range::contains(double x) const {
  if (std::isnan(x)) return false;
  if (min_exclusive ? !(x > min) : !(x >= min)) return false;
  if (max_exclusive ? !(x < max) : !(x <= max)) return false;
  return true;
}

std::string Range::describe() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max && !min_exclusive && !max_exclusive) {
    return fmt::format("between {} and {}", min, max);
  }
  std::string out;
  if (has_min) out = fmt::format("{} {}", min_exclusive ? "greater than" : "at least", min);
  if (has_max) {
    if (!out.empty()) out += " and ";
    out += fmt::format("{} {}", max_exclusive ? "less than" : "at most", max);
  }
  return out.empty() ? "a finite number" : out;
}

std::string describe_doc(const Doc& doc) {
  std::string out = doc.meaning;
  if (!doc.units.empty()) out += " Units: " + doc.units + ".";
  if (!doc.source.empty()) out += " Source: " + doc.source + ".";
  return out;
}

namespace {

/// `path` is `root` or lies below it (a.b[2] is below a.b and a, not below a.bc).
bool within(const std::string& path, const std::string& root) {
  return path.starts_with(root) && (path.size() == root.size() || path[root.size()] == '.' || path[root.size()] == '[');
}

bool same_place(const YAML::Mark& a, const YAML::Mark& b) { return a.line == b.line && a.column == b.column; }

}  // namespace

void Context::overlaid(std::string path, std::string made, Overlay origin) {
  overlays_.push_back({std::move(path), std::move(made), std::move(origin)});
}

const Context::Placed* Context::placed_at(const std::string& path) const {
  for (auto it = overlays_.rbegin(); it != overlays_.rend(); ++it) {
    if (within(path, it->path) || (!it->made.empty() && within(path, it->made))) return &*it;
  }
  return nullptr;
}

void Context::error(const YAML::Mark& mark, const std::string& path, std::string message) {
  if (const Placed* placed = placed_at(path)) {
    const Overlay& origin = placed->origin;
    // A value of the file's own (a policy's) keeps its line when the error is in it: a nested value's
    // line, or the value's own; anything else (the key it replaced, a key it added) is the setting's.
    const bool own_line = origin.file.empty() && !mark.is_null() &&
                          (path != placed->path || same_place(mark, origin.value_mark));
    if (!own_line) return error(origin, path, std::move(message));
  }
  Location where{file_};
  if (!mark.is_null()) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  diagnostics_.push_back(Diagnostic{std::move(where), path, std::move(message)});
}

void Context::error(const Overlay& origin, const std::string& path, std::string message) {
  Location where{origin.file.empty() ? file_ : origin.file};
  if (!origin.mark.is_null()) {
    where.line = origin.mark.line + 1;
    where.column = origin.mark.column + 1;
  }
  diagnostics_.push_back(Diagnostic{std::move(where), origin.label.empty() ? path : origin.label, std::move(message)});
}

void Context::remember(const std::string& path, const YAML::Mark& mark) {
  if (!mark.is_null()) marks_[path] = mark;
}

void Context::error_at(const std::string& path, std::string message) {
  // Walk up the path (a.b[2].c -> a.b[2] -> a.b -> a) to the nearest place that was seen.
  std::string probe = path;
  for (;;) {
    auto it = marks_.find(probe);
    if (it != marks_.end()) return error(it->second, path, std::move(message));
    const auto cut = probe.find_last_of(".[");
    if (cut == std::string::npos) break;
    probe.resize(cut);
  }
  error(YAML::Mark::null_mark(), path, std::move(message));
}

void Checker::error(const std::string& key, std::string message) const {
  context_.error_at(path_.empty() ? key : path_ + (key.starts_with('[') ? "" : ".") + key,
                    std::move(message));
}

namespace detail {

YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback) {
  const YAML::Mark m = node.Mark();
  return m.is_null() ? fallback : m;
}

std::string kind_of(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "'" + node.Scalar() + "'";
}

std::string as_clause(std::string sentence) {
  while (!sentence.empty() && (sentence.back() == '.' || sentence.back() == ' ')) sentence.pop_back();
  if (sentence.size() > 1 && std::isupper(static_cast<unsigned char>(sentence[0])) &&
      !std::isupper(static_cast<unsigned char>(sentence[1]))) {
    sentence[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(sentence[0])));
  }
  return sentence;
}

namespace {

// A plain scalar has tag "?"; a quoted one "!". Numbers and flags must not be quoted, so that
// "5" (text) and 5 (a number) are never confused.
bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

bool expect_scalar(const YAML::Node& node, const char* what, Context& ctx, const std::string& path) {
  if (node.IsScalar()) return true;
  ctx.error(node.Mark(), path, fmt::format("expected {}, got {}", what, kind_of(node)));
  return false;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (!best.empty()) return fmt::format(" (did you mean '{}'?)", best);
  std::string all;
  for (const auto& c : candidates) all += (all.empty() ? "" : ", ") + c;
  return fmt::format(" (valid keys here: {})", all);
}

namespace {

// Numbers are read as YAML 1.2's core schema writes decimals; octal and hex spellings such as
// 010 or 0x10, which YAML 1.1 readers would take for 8 and 16, are refused rather than guessed.
const std::regex kDecimalNumber(R"([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)");
const std::regex kDecimalInteger(R"([-+]?\d+)");

std::string why_not_plain(const YAML::Node& node) {
  if (node.Tag() == "!") return " (numbers, true and false are written without quotes)";
  if (node.Tag() != "?") return fmt::format(" (YAML tags such as '{}' are not used; write the value alone)", node.Tag());
  const std::string& text = node.Scalar();
  if (text.size() > 1 && text[0] == '0' && std::isalpha(static_cast<unsigned char>(text[1]))) {
    return " (write numbers in decimal)";
  }
  return "";
}

}  // namespace

bool read_scalar(const YAML::Node& node, double& out, Context& ctx, const std::string& path) {
  if (!expect_scalar(node, "a number", ctx, path)) return false;
  const std::string& text = node.Scalar();
  double value = 0;
  if (!is_plain_scalar(node) || !std::regex_match(text, kDecimalNumber) ||
      !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    ctx.error(node.Mark(), path,
              fmt::format("expected a number, got {}{}", kind_of(node), why_not_plain(node)));
    return false;
  }
  out = value;
  return true;
}

bool read_scalar(const YAML::Node& node, std::int64_t& out, Context& ctx, const std::string& path) {
  if (!expect_scalar(node, "a whole number", ctx, path)) return false;
  const std::string& text = node.Scalar();
  std::int64_t value = 0;
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  const auto [end, error] = std::from_chars(first, text.data() + text.size(), value, 10);
  if (!is_plain_scalar(node) || !std::regex_match(text, kDecimalInteger) || error != std::errc() ||
      end != text.data() + text.size()) {
    ctx.error(node.Mark(), path,
              fmt::format("expected a whole number{}, got {}{}",
                          error == std::errc::result_out_of_range ? " within +-9.2e18" : "", kind_of(node),
                          why_not_plain(node)));
    return false;
  }
  out = value;
  return true;
}

bool read_scalar(const YAML::Node& node, bool& out, Context& ctx, const std::string& path) {
  if (!expect_scalar(node, "true or false", ctx, path)) return false;
  const std::string& text = node.Scalar();
  if (is_plain_scalar(node) && (text == "true" || text == "false")) {
    out = text == "true";
    return true;
  }
  ctx.error(node.Mark(), path, fmt::format("expected true or false, got {}{}", kind_of(node),
                                           is_plain_scalar(node) ? "" : why_not_plain(node)));
  return false;
}

bool read_scalar(const YAML::Node& node, std::string& out, Context& ctx, const std::string& path) {
  if (!expect_scalar(node, "text", ctx, path)) return false;
  out = node.Scalar();
  return true;
}

bool read_scalar(const YAML::Node& node, Date& out, Context& ctx, const std::string& path) {
  if (!expect_scalar(node, "a date (YYYY-MM-DD)", ctx, path)) return false;
  const auto date = parse_date(node.Scalar());
  if (!date) {
    ctx.error(node.Mark(), path,
              fmt::format("expected a date written YYYY-MM-DD, e.g. 2017-08-03, got {}", kind_of(node)));
    return false;
  }
  out = *date;
  return true;
}

bool read_choice(const YAML::Node& node, const std::vector<std::string>& names, std::size_t& index,
                 Context& ctx, const std::string& path) {
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  if (!expect_scalar(node, ("one of " + all).c_str(), ctx, path)) return false;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == node.Scalar()) {
      index = i;
      return true;
    }
  }
  std::string hint = suggest(node.Scalar(), names);
  if (hint.starts_with(" (valid keys")) hint = " (expected one of " + all + ")";
  ctx.error(node.Mark(), path, fmt::format("unknown choice {}{}", kind_of(node), hint));
  return false;
}

std::string Traits<double>::text(double v) { return fmt::format("{}", v); }
std::string Traits<std::int64_t>::text(std::int64_t v) { return fmt::format("{}", v); }

}  // namespace detail
}  // namespace siege::scenario
