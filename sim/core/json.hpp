#pragma once
// A small JSON value, enough to write the scenario JSON Schema. Objects keep insertion order so
// the generated schema reads in the same order as the declarations.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace siege {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  Json(double value) : value_(value) {}
  Json(std::int64_t value) : value_(value) {}
  Json(int value) : value_(static_cast<std::int64_t>(value)) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  /// Sets (or replaces) a member of an object.
  Json& set(const std::string& key, Json value);
  /// Appends to an array.
  Json& push(Json value);
  /// The members of an object, or nullptr for any other value.
  const Object* as_object() const { return std::get_if<Object>(&value_); }

  std::string dump(int indent = 2) const;

 private:
  void write(std::string& out, int indent, int depth) const;
  std::variant<std::nullptr_t, bool, double, std::int64_t, std::string, Array, Object> value_;
};

}  // namespace siege
