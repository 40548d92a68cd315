#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siege {

/// A calendar date in the proleptic Gregorian calendar.
struct Date {
  int year = 2000;
  unsigned month = 1;
  unsigned day = 1;
  friend bool operator==(const Date&, const Date&) = default;
};

/// Parses `YYYY-MM-DD`; nullopt unless the text is exactly a valid date.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);
/// Day of the year (1 to 366) of the date `days_after` days after `start`.
int day_of_year(const Date& start, int days_after);
/// A yearly cycle around 1: 1 + amplitude x cos(2 pi (day_of_year - peak_day_of_year) / 365.25).
double seasonal_factor(double amplitude, std::int64_t peak_day_of_year, int day_of_year);
/// The date `days_after` days after `start`.
Date add_days(const Date& start, long long days_after);
/// Days from `from` to `to` (negative when `to` comes first).
long long days_between(const Date& from, const Date& to);

}  // namespace siege
