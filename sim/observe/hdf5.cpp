#include "observe/hdf5.hpp"

#include <fmt/format.h>

#include <hdf5_hl.h>

#include <unistd.h>

#include <array>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <type_traits>

namespace siege::h5 {

Hid::Hid(hid_t id, Closer closer, std::string_view what) : id_(id), close_(closer) {
  if (id < 0) throw std::runtime_error(fmt::format("HDF5: cannot {}", what));
}

Hid& Hid::operator=(Hid&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

void Hid::reset() {
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

void Hid::close(std::string_view what) {
  const hid_t id = id_;
  id_ = -1;
  if (id >= 0 && close_) check(close_(id), what);
}

void quiet_errors() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

void check(herr_t status, std::string_view what) {
  if (status < 0) throw std::runtime_error(fmt::format("HDF5: cannot {}", what));
}

Hid utf8_string_type(std::size_t size) {
  Hid type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type, size == 0 ? H5T_VARIABLE : size), "set a string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  check(H5Tset_strpad(type, H5T_STR_NULLTERM), "set string padding");
  return type;
}

namespace {

Hid scalar_space() { return Hid(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace"); }

void write_scalar_attribute(hid_t object, const char* name, hid_t type, const void* value) {
  if (H5Aexists(object, name) > 0) check(H5Adelete(object, name), fmt::format("replace attribute {}", name));
  const Hid space = scalar_space();
  const Hid attribute(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                      fmt::format("create attribute {}", name));
  check(H5Awrite(attribute, type, value), fmt::format("write attribute {}", name));
}

}  // namespace

void write_attribute(hid_t object, const char* name, std::string_view text) {
  // Fixed-length text, as netCDF writes its character attributes.
  const std::string value(text);
  const Hid type = utf8_string_type(std::max<std::size_t>(1, value.size()));
  write_scalar_attribute(object, name, type, value.empty() ? "" : value.c_str());
}

void write_attribute(hid_t object, const char* name, std::int64_t value) {
  write_scalar_attribute(object, name, H5T_NATIVE_INT64, &value);
}

void write_attribute(hid_t object, const char* name, double value) {
  write_scalar_attribute(object, name, H5T_NATIVE_DOUBLE, &value);
}

void write_attribute(hid_t object, const char* name, std::span<const std::int32_t> values) {
  const hsize_t n = values.size();
  const Hid space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create an attribute dataspace");
  const Hid attribute(H5Acreate2(object, name, H5T_NATIVE_INT32, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                      fmt::format("create attribute {}", name));
  check(H5Awrite(attribute, H5T_NATIVE_INT32, values.data()), fmt::format("write attribute {}", name));
}

Hid create_dataset(hid_t location, const char* name, hid_t type, std::span<const hsize_t> dims) {
  const Hid space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                  fmt::format("create the dataspace of {}", name));
  const Hid properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  // Attribute creation order is tracked as netCDF-4 does, so readers list them as written.
  check(H5Pset_attr_creation_order(properties, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track attribute order");
  // No modification times in object headers: the same run gives the same bytes.
  check(H5Pset_obj_track_times(properties, false), "stop recording times");
  return Hid(H5Dcreate2(location, name, type, space, H5P_DEFAULT, properties, H5P_DEFAULT), H5Dclose,
             fmt::format("create dataset {}", name));
}

void write_block(hid_t dataset, hid_t memory_type, const void* data, std::span<const hsize_t> offset,
                 std::span<const hsize_t> count) {
  hsize_t total = 1;
  for (hsize_t c : count) total *= c;
  if (total == 0) return;
  const Hid file_space(H5Dget_space(dataset), H5Sclose, "get a dataspace");
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
        "select a block");
  const Hid memory_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose,
                         "create a memory dataspace");
  check(H5Dwrite(dataset, memory_type, memory_space, file_space, H5P_DEFAULT, data), "write a block");
}

bool has_attribute(hid_t object, const char* name) { return H5Aexists(object, name) > 0; }

std::optional<std::string> read_string_attribute(hid_t object, const char* name) {
  if (!has_attribute(object, name)) return std::nullopt;
  const Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, fmt::format("open attribute {}", name));
  const Hid type(H5Aget_type(attribute), H5Tclose, "get an attribute type");
  if (H5Tget_class(type) != H5T_STRING) return std::nullopt;
  const Hid space(H5Aget_space(attribute), H5Sclose, "get an attribute dataspace");
  if (H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  if (H5Tis_variable_str(type) > 0) {
    const Hid memory = utf8_string_type(0);
    char* text = nullptr;
    check(H5Aread(attribute, memory, &text), fmt::format("read attribute {}", name));
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(type);
  std::string value(size, '\0');
  const Hid memory = utf8_string_type(size);
  check(H5Aread(attribute, memory, value.data()), fmt::format("read attribute {}", name));
  value.resize(value.find('\0') == std::string::npos ? size : value.find('\0'));
  return value;
}

std::optional<std::int64_t> read_int_attribute(hid_t object, const char* name) {
  if (!has_attribute(object, name)) return std::nullopt;
  const Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, fmt::format("open attribute {}", name));
  const Hid type(H5Aget_type(attribute), H5Tclose, "get an attribute type");
  const Hid space(H5Aget_space(attribute), H5Sclose, "get an attribute dataspace");
  if (H5Tget_class(type) != H5T_INTEGER || H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  std::int64_t value = 0;
  check(H5Aread(attribute, H5T_NATIVE_INT64, &value), fmt::format("read attribute {}", name));
  return value;
}

std::optional<double> read_double_attribute(hid_t object, const char* name) {
  if (!has_attribute(object, name)) return std::nullopt;
  const Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, fmt::format("open attribute {}", name));
  const Hid type(H5Aget_type(attribute), H5Tclose, "get an attribute type");
  const Hid space(H5Aget_space(attribute), H5Sclose, "get an attribute dataspace");
  const H5T_class_t kind = H5Tget_class(type);
  if ((kind != H5T_FLOAT && kind != H5T_INTEGER) || H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  double value = 0.0;
  check(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), fmt::format("read attribute {}", name));
  return value;
}

bool has_link(hid_t location, const char* name) { return H5Lexists(location, name, H5P_DEFAULT) > 0; }

std::vector<hsize_t> shape_of(hid_t location, const char* name) {
  const Hid dataset(H5Dopen2(location, name, H5P_DEFAULT), H5Dclose, fmt::format("open dataset {}", name));
  const Hid space(H5Dget_space(dataset), H5Sclose, "get a dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 32) throw std::runtime_error(fmt::format("dataset {} has an unexpected shape", name));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::vector<double> read_doubles(hid_t location, const char* name, std::vector<hsize_t>& dims) {
  const Hid dataset(H5Dopen2(location, name, H5P_DEFAULT), H5Dclose, fmt::format("open dataset {}", name));
  const Hid type(H5Dget_type(dataset), H5Tclose, "get a dataset type");
  const H5T_class_t type_class = H5Tget_class(type);
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) {
    throw std::runtime_error(fmt::format("dataset {} is not numeric", name));
  }
  const Hid space(H5Dget_space(dataset), H5Sclose, "get a dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 8) throw std::runtime_error(fmt::format("dataset {} has an unexpected shape", name));
  dims.assign(static_cast<std::size_t>(rank), 0);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  hsize_t total = 1;
  for (hsize_t d : dims) total *= d;
  std::vector<double> values(total);
  if (total > 0) {
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          fmt::format("read dataset {}", name));
  }
  return values;
}

std::vector<std::string> read_strings(hid_t location, const char* name) {
  const Hid dataset(H5Dopen2(location, name, H5P_DEFAULT), H5Dclose, fmt::format("open dataset {}", name));
  const Hid type(H5Dget_type(dataset), H5Tclose, "get a dataset type");
  if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0) {
    throw std::runtime_error(fmt::format("dataset {} does not hold variable-length text", name));
  }
  const Hid space(H5Dget_space(dataset), H5Sclose, "get a dataspace");
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<char*> pointers(n, nullptr);
  const Hid memory = utf8_string_type(0);
  if (n > 0) check(H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), fmt::format("read {}", name));
  std::vector<std::string> values;
  for (char* p : pointers) {
    values.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return values;
}

void describe(hid_t dataset, std::string_view long_name, std::string_view units) {
  write_attribute(dataset, "long_name", long_name);
  write_attribute(dataset, "units", units);
}

/// A described one-dimensional variable along the dimension `along`; without one, the variable
/// becomes the dimension (coordinate) called `name` itself.
template <class T>
Hid write_vector(hid_t location, const char* name, const std::vector<T>& values, std::string_view long_name,
                 std::string_view units, std::optional<hid_t> along) {
  const hsize_t n = values.size();
  Hid string_type;
  std::vector<const char*> pointers;
  hid_t type = H5T_NATIVE_INT32;
  const void* data = values.data();
  if constexpr (std::is_same_v<T, std::string>) {
    string_type = utf8_string_type(0);
    type = string_type;
    for (const auto& v : values) pointers.push_back(v.c_str());
    data = pointers.data();
  } else if constexpr (std::is_same_v<T, double>) {
    type = H5T_NATIVE_DOUBLE;
  } else {
    static_assert(std::is_same_v<T, std::int32_t>);
  }
  Hid dataset = create_dataset(location, name, type, std::span(&n, 1));
  if (n > 0) check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), fmt::format("write {}", name));
  if (along) {
    check(H5DSattach_scale(dataset, *along, 0), fmt::format("attach {} to its dimension", name));
  } else {
    check(H5DSset_scale(dataset, name), fmt::format("make {} a dimension", name));
  }
  describe(dataset, long_name, units);
  return dataset;
}

std::vector<std::int32_t> iota(std::size_t n) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

void attach(hid_t dataset, std::span<const hid_t> scales) {
  unsigned index = 0;
  for (hid_t scale : scales) check(H5DSattach_scale(dataset, scale, index++), "attach a dimension");
}

void write_file_atomically(const std::string& path, const std::function<void(hid_t file)>& fill) {
  quiet_errors();
  const std::filesystem::path target(path);
  const std::string temporary =
      (target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid())).string();
  struct Remove {
    std::string path;
    bool keep = false;
    ~Remove() {
      std::error_code ignored;
      if (!keep) std::filesystem::remove(path, ignored);
    }
  } guard{temporary};
  {
    const Hid create(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create file properties");
    check(H5Pset_link_creation_order(create, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track link order");
    check(H5Pset_attr_creation_order(create, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track attributes");
    check(H5Pset_attr_phase_change(create, 0, 0), "use dense attribute storage");
    check(H5Pset_obj_track_times(create, false), "stop recording times");
    Hid file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, create, H5P_DEFAULT), H5Fclose, "create " + temporary);
    fill(file);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "write " + temporary + " (is the disk full?)");
    file.close("close " + temporary + " (is the disk full?)");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw std::runtime_error(fmt::format("cannot rename the finished file to {}: {}", path, error.message()));
  guard.keep = true;
}

void write_matrix(hid_t location, const char* name, const std::vector<double>& values, hsize_t rows, hsize_t columns,
                  std::span<const hid_t> scales, std::string_view long_name, std::string_view units) {
  const std::array<hsize_t, 2> dims = {rows, columns};
  Hid dataset = create_dataset(location, name, H5T_NATIVE_DOUBLE, dims);
  if (!values.empty()) {
    const std::array<hsize_t, 2> zero = {0, 0};
    write_block(dataset, H5T_NATIVE_DOUBLE, values.data(), zero, dims);
  }
  describe(dataset, long_name, units);
  attach(dataset, scales);
}

template Hid write_vector(hid_t, const char*, const std::vector<std::int32_t>&, std::string_view, std::string_view,
                          std::optional<hid_t>);
template Hid write_vector(hid_t, const char*, const std::vector<double>&, std::string_view, std::string_view,
                          std::optional<hid_t>);
template Hid write_vector(hid_t, const char*, const std::vector<std::string>&, std::string_view, std::string_view,
                          std::optional<hid_t>);

}  // namespace siege::h5
