// The parameter reference and the output variable table in the docs are generated; they must
// match what the program generates today.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "observe/variables.hpp"
#include "scenario/load.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

std::string read(const std::string& relative) {
  std::ifstream in(test::source_path(relative));
  EXPECT_TRUE(in) << relative;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Reference, ParameterReferenceIsUpToDate) {
  EXPECT_EQ(read("docs/parameters.md"), scenario::markdown_reference())
      << "regenerate it: build/siege schema --format markdown -o docs/parameters.md";
}

TEST(Reference, OutputReadmeListsEveryVariable) {
  const std::string readme = read("output/README.md");
  const std::string begin = "<!-- variables:begin -->\n", end = "<!-- variables:end -->";
  const auto from = readme.find(begin), to = readme.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(readme.substr(from + begin.size(), to - from - begin.size()), observe::markdown_variables())
      << "regenerate the table between the markers: build/siege info --variables";
}

TEST(Reference, SchemaDeclaresEveryTopLevelKey) {
  const std::string schema = scenario::json_schema();
  for (const char* key : {"\"name\"", "\"start_date\"", "\"pockets\"", "\"nutrition\"", "\"mortality\"",
                          "\"additionalProperties\": false", "\"required\""}) {
    EXPECT_NE(schema.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace siege
