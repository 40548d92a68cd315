#include "core/calendar.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <numbers>
#include <chrono>

namespace siege {
namespace {

std::chrono::year_month_day to_ymd(const Date& d) {
  return std::chrono::year{d.year} / std::chrono::month{d.month} / std::chrono::day{d.day};
}

bool parse_digits(std::string_view text, int& value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0, month = 0, day = 0;
  if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
      !parse_digits(text.substr(8, 2), day)) {
    return std::nullopt;
  }
  Date date{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
  if (!to_ymd(date).ok()) return std::nullopt;
  return date;
}

std::string format_date(const Date& date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
}

int day_of_year(const Date& start, int days_after) {
  using namespace std::chrono;
  const sys_days when = sys_days{to_ymd(start)} + days{days_after};
  const year_month_day ymd{when};
  const sys_days new_year{ymd.year() / January / 1};
  return static_cast<int>((when - new_year).count()) + 1;
}

Date add_days(const Date& start, long long days_after) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{to_ymd(start)} + days{days_after}};
  return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

long long days_between(const Date& from, const Date& to) {
  using namespace std::chrono;
  return static_cast<long long>((sys_days{to_ymd(to)} - sys_days{to_ymd(from)}).count());
}

double seasonal_factor(double amplitude, std::int64_t peak_day_of_year, int day_of_year) {
  return 1.0 + amplitude * std::cos(2.0 * std::numbers::pi * static_cast<double>(day_of_year - peak_day_of_year) / 365.25);
}

}  // namespace siege
