#pragma once
// The daily output variables, declared once: the recorder samples them, the HDF5 writer names and
// describes them, and output/README.md lists them (a test keeps it in step).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "world/world.hpp"

namespace siege::observe {

/// Dimensions of a daily variable after (run, time).
enum class Shape : std::uint8_t { kPocket, kPocketCause, kPocketCauseAgeSex, kTown };
/// How values are stored: counts as 32-bit integers, amounts and shares as doubles.
enum class Storage : std::uint8_t { kInt32, kFloat64 };

struct Variable {
  std::string_view name;
  std::string_view long_name;
  std::string_view units;
  Shape shape;
  Storage storage;
  /// Reads today's value for a pocket or town (entity) and, for kPocketCause, a cause index; for
  /// kPocketCauseAgeSex, (cause * kAgeBands + age band) * kSexes + sex.
  double (*sample)(const World& world, std::size_t entity, std::size_t cause);
  /// For categorical series: space-separated meanings of the values 0, 1, ... (CF flag_meanings).
  std::string_view flag_meanings = {};
};

std::span<const Variable> variables();

/// Index of the variable called `name` in variables(); throws std::out_of_range if there is none.
std::size_t variable_index(std::string_view name);

/// The table of daily variables in Markdown, as output/README.md shows it.
std::string markdown_variables();

/// Number of values one day of `v` holds in `world`.
std::size_t values_per_day(const Variable& v, std::size_t pockets, std::size_t towns);

}  // namespace siege::observe
