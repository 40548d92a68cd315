#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace siege {
namespace {

TEST(Calendar, ParsesAndFormatsDates) {
  const auto date = parse_date("2017-08-03");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year, 2017);
  EXPECT_EQ(date->month, 8u);
  EXPECT_EQ(date->day, 3u);
  EXPECT_EQ(format_date(*date), "2017-08-03");
}

TEST(Calendar, RejectsWhatIsNotADate) {
  for (const char* text : {"2017-02-30", "2017-13-01", "2017-8-3", "17-08-03", "2017/08/03", "2017-08-03x",
                           "", "abcd-ef-gh", "2017-08-3 "}) {
    EXPECT_FALSE(parse_date(text).has_value()) << text;
  }
  EXPECT_TRUE(parse_date("2016-02-29").has_value());
}

TEST(Calendar, DayOfYearCountsFromTheStartDate) {
  const Date start{2017, 8, 3};
  EXPECT_EQ(day_of_year(start, 0), 215);
  EXPECT_EQ(day_of_year(start, 151), 1);  // 2018-01-01
  EXPECT_EQ(day_of_year(Date{2016, 12, 31}, 0), 366);
}

}  // namespace
}  // namespace siege
