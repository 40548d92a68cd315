#pragma once
// Thin RAII helpers over the HDF5 C library, enough to write netCDF-4 compatible files (dimension
// scales, CF attributes) and to read them back for `siege info`. Every failure throws
// std::runtime_error naming what could not be done; HDF5's own error printing is switched off.
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace siege::h5 {

/// Owns one HDF5 identifier.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid() = default;
  /// Takes ownership of `id`; throws naming `what` if the call that made it failed.
  Hid(hid_t id, Closer closer, std::string_view what);
  Hid(Hid&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Hid& operator=(Hid&& other) noexcept;
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() { reset(); }
  operator hid_t() const { return id_; }
  void reset();
  /// Closes now and throws naming `what` if closing fails (where HDF5 reports late write errors).
  void close(std::string_view what);

 private:
  hid_t id_ = -1;
  Closer close_ = nullptr;
};

/// Switches off HDF5's automatic error printing (once per process).
void quiet_errors();
/// Throws if `status` reports a failure.
void check(herr_t status, std::string_view what);

Hid utf8_string_type(std::size_t size);  ///< size 0: variable length

// Writing.
void write_attribute(hid_t object, const char* name, std::string_view text);
void write_attribute(hid_t object, const char* name, std::int64_t value);
void write_attribute(hid_t object, const char* name, double value);
void write_attribute(hid_t object, const char* name, std::span<const std::int32_t> values);
/// A dataset of `type` (a native HDF5 type) with the given shape.
Hid create_dataset(hid_t location, const char* name, hid_t type, std::span<const hsize_t> dims);
/// Writes a block of values starting at `offset` into a dataset.
void write_block(hid_t dataset, hid_t memory_type, const void* data, std::span<const hsize_t> offset,
                 std::span<const hsize_t> count);

/// long_name and units, as CF asks of every variable.
void describe(hid_t dataset, std::string_view long_name, std::string_view units);
/// Attaches dimension scales to a dataset's dimensions, in order.
void attach(hid_t dataset, std::span<const hid_t> scales);
/// 0, 1, ..., n - 1.
std::vector<std::int32_t> iota(std::size_t n);

/// A described one-dimensional variable (int32, double or UTF-8 strings) along the dimension
/// `along`; without one, the variable becomes the dimension (coordinate) called `name` itself.
template <class T>
Hid write_vector(hid_t location, const char* name, const std::vector<T>& values, std::string_view long_name,
                 std::string_view units, std::optional<hid_t> along = std::nullopt);
extern template Hid write_vector(hid_t, const char*, const std::vector<std::int32_t>&, std::string_view,
                                 std::string_view, std::optional<hid_t>);
extern template Hid write_vector(hid_t, const char*, const std::vector<double>&, std::string_view, std::string_view,
                                 std::optional<hid_t>);
extern template Hid write_vector(hid_t, const char*, const std::vector<std::string>&, std::string_view,
                                 std::string_view, std::optional<hid_t>);

/// Creates an HDF5 file under a temporary name beside `path` (creation order tracked, no times
/// recorded, so that the same content gives the same bytes), lets `fill` write into it, then flushes,
/// closes and renames it to `path`. On any failure the temporary is removed and `path` left as it was.
void write_file_atomically(const std::string& path, const std::function<void(hid_t file)>& fill);
/// A 2-D variable of doubles [rows][columns] along two dimensions, described.
void write_matrix(hid_t location, const char* name, const std::vector<double>& values, hsize_t rows, hsize_t columns,
                  std::span<const hid_t> scales, std::string_view long_name, std::string_view units);

// Reading.
bool has_attribute(hid_t object, const char* name);
std::optional<std::string> read_string_attribute(hid_t object, const char* name);
std::optional<std::int64_t> read_int_attribute(hid_t object, const char* name);
std::optional<double> read_double_attribute(hid_t object, const char* name);
bool has_link(hid_t location, const char* name);
/// The shape of a dataset.
std::vector<hsize_t> shape_of(hid_t location, const char* name);
/// A whole dataset converted to doubles, with its shape.
std::vector<double> read_doubles(hid_t location, const char* name, std::vector<hsize_t>& dims);
std::vector<std::string> read_strings(hid_t location, const char* name);

}  // namespace siege::h5
