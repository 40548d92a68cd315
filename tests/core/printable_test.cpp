#include "core/printable.hpp"

#include <gtest/gtest.h>

#include <string>

namespace siege {
namespace {

TEST(Printable, KeepsUtf8NewlinesAndTabs) {
  const std::string text = "Al-Waer \xd8\xa7\xd9\x84\xd9\x88\xd8\xb9\xd8\xb1, Homs \xe2\x86\x92 Jarabulus\n\t\xf0\x9f\x93\x8a";
  EXPECT_EQ(printable(text), text);
}

TEST(Printable, WritesControlCharactersAsHex) {
  EXPECT_EQ(printable("a\x1b[2Jb"), "a\\x1B[2Jb");        // an escape sequence that clears the screen
  EXPECT_EQ(printable("bell\x07 del\x7f"), "bell\\x07 del\\x7F");
  EXPECT_EQ(printable("c1 \xc2\x9b" "31m"), "c1 \\xC2\\x9B31m");  // U+009B, the 8-bit escape
  EXPECT_EQ(printable(std::string("nul\0end", 7)), "nul\\x00end");
}

TEST(Printable, WritesBytesThatAreNotUtf8AsHex) {
  EXPECT_EQ(printable("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(printable("cut \xe2\x86"), "cut \\xE2\\x86");           // a sequence cut short
  EXPECT_EQ(printable("overlong \xc0\xaf"), "overlong \\xC0\\xAF");  // '/' in two bytes
  EXPECT_EQ(printable("surrogate \xed\xa0\x80"), "surrogate \\xED\\xA0\\x80");
  EXPECT_EQ(printable("too high \xf4\x90\x80\x80"), "too high \\xF4\\x90\\x80\\x80");
}

}  // namespace
}  // namespace siege
