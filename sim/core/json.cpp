#include "core/json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace siege {
namespace {

void write_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void newline(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent * depth), ' ');
}

}  // namespace

Json& Json::set(const std::string& key, Json value) {
  auto& members = std::get<Object>(value_);
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  members.emplace_back(key, std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  std::get<Array>(value_).push_back(std::move(value));
  return *this;
}

std::string Json::dump(int indent) const {
  std::string out;
  write(out, indent, 0);
  return out;
}

void Json::write(std::string& out, int indent, int depth) const {
  if (std::holds_alternative<std::nullptr_t>(value_)) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&value_)) {
    out += *b ? "true" : "false";
  } else if (const double* d = std::get_if<double>(&value_)) {
    // Shortest text that reads back to the same double; JSON has no infinities.
    out += std::isfinite(*d) ? fmt::format("{}", *d) : "null";
  } else if (const std::int64_t* i = std::get_if<std::int64_t>(&value_)) {
    out += fmt::format("{}", *i);
  } else if (const std::string* s = std::get_if<std::string>(&value_)) {
    write_string(out, *s);
  } else if (const Array* a = std::get_if<Array>(&value_)) {
    out += '[';
    for (std::size_t n = 0; n < a->size(); ++n) {
      if (n) out += indent > 0 ? "," : ", ";
      newline(out, indent, depth + 1);
      (*a)[n].write(out, indent, depth + 1);
    }
    if (!a->empty()) newline(out, indent, depth);
    out += ']';
  } else {
    const auto& o = std::get<Object>(value_);
    out += '{';
    for (std::size_t n = 0; n < o.size(); ++n) {
      if (n) out += indent > 0 ? "," : ", ";
      newline(out, indent, depth + 1);
      write_string(out, o[n].first);
      out += ": ";
      o[n].second.write(out, indent, depth + 1);
    }
    if (!o.empty()) newline(out, indent, depth);
    out += '}';
  }
}

}  // namespace siege
