#include "core/json.hpp"

#include <gtest/gtest.h>

namespace siege {
namespace {

TEST(Json, WritesObjectsInInsertionOrderWithEscapes) {
  Json o = Json::object();
  o.set("b", 1).set("a", "x\"y\n").set("list", Json(Json::Array{Json(1.5), Json(true), Json(nullptr)}));
  o.set("b", 2);  // replaces, keeps position
  EXPECT_EQ(o.dump(0), R"({"b": 2, "a": "x\"y\n", "list": [1.5, true, null]})");
}

TEST(Json, DoublesReadBackExactlyAndInfinityIsNull) {
  EXPECT_EQ(Json(0.1).dump(0), "0.1");
  EXPECT_EQ(Json(1e300).dump(0), "1e+300");
  EXPECT_EQ(Json(std::numeric_limits<double>::infinity()).dump(0), "null");
}

}  // namespace
}  // namespace siege
