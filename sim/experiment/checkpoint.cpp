#include "experiment/checkpoint.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "core/errors.hpp"

namespace siege {
namespace {

// The number goes up whenever the layout changes (2: persons lost their pocket, town and household
// columns, households their stored demand; 3: the --set assignments, and the fronts' calendar and
// evacuation-terms state; 4: persons' reserve as a share, and their adaptation; 9: agreements'
// phased stages and linked deals, the committee's belief, conscription).
constexpr std::string_view kMagicPrefix = "siege checkpoint ";
constexpr std::string_view kMagic = "siege checkpoint 9\n";

}  // namespace

template <class T>
void SnapshotWriter::put(const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  bytes_.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <class T>
void SnapshotWriter::put(const std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  put(static_cast<std::uint64_t>(values.size()));
  if (!values.empty()) bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

void SnapshotWriter::put(const std::string& text) {
  put(static_cast<std::uint64_t>(text.size()));
  bytes_.append(text);
}

void SnapshotReader::damaged() const {
  throw InputError::in_file(file_, "is damaged or not a siege checkpoint (it ends too early or its sizes do not fit); "
                                   "make a new one with siege run --checkpoint-at");
}

template <class T>
void SnapshotReader::get(T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (bytes_.size() - at_ < sizeof(T)) damaged();
  std::memcpy(&value, bytes_.data() + at_, sizeof(T));
  at_ += sizeof(T);
}

template <class T>
void SnapshotReader::get(std::vector<T>& values) {
  std::uint64_t n = 0;
  get(n);
  if (n > (bytes_.size() - at_) / sizeof(T)) damaged();
  values.resize(n);
  if (n > 0) std::memcpy(values.data(), bytes_.data() + at_, n * sizeof(T));  // an empty vector's data() may be null
  at_ += n * sizeof(T);
}

void SnapshotReader::get(std::string& text) {
  std::uint64_t n = 0;
  get(n);
  if (n > bytes_.size() - at_) damaged();
  text.assign(bytes_.data() + at_, n);
  at_ += n;
}

namespace {

[[noreturn]] void other_scenario(const std::string& file) {
  throw InputError::in_file(file, "was made from a scenario of another size; resume it with the scenario it was made "
                                  "from");
}

/// Reads a vector that must keep the size the rebuilt world gave it.
template <class T>
void get_same_size(SnapshotReader& in, std::vector<T>& values, const std::string& file) {
  const std::size_t size = values.size();
  in.get(values);
  if (values.size() != size) other_scenario(file);
}

void put_terms(SnapshotWriter& out, const AgreementDef& t) {
  out.put(t.name);
  out.put(t.kind);
  out.put(t.cessation_of_hostilities);
  out.put(t.aid_entry);
  out.put(t.free_movement);
  out.put(t.monitors);
  out.put(t.releases);
  out.put(t.releases_per_day);
  out.put(t.violation_tolerance);
}

void get_terms(SnapshotReader& in, AgreementDef& t) {
  in.get(t.name);
  in.get(t.kind);
  in.get(t.cessation_of_hostilities);
  in.get(t.aid_entry);
  in.get(t.free_movement);
  in.get(t.monitors);
  in.get(t.releases);
  in.get(t.releases_per_day);
  in.get(t.violation_tolerance);
}

void put_record(SnapshotWriter& out, const observe::RunRecord& record) {
  out.put(static_cast<std::uint64_t>(record.days));
  out.put(static_cast<std::uint64_t>(record.values.size()));
  for (const auto& v : record.values) out.put(v);
  out.put(static_cast<std::uint64_t>(record.events.size()));
  for (const Event& e : record.events) {
    out.put(e.day);
    out.put(e.pocket);
    out.put(e.kind);
    out.put(e.value);
    out.put(e.agreement);
    out.put(e.reason);
  }
}

void get_record(SnapshotReader& in, observe::RunRecord& record) {
  std::uint64_t days = 0, variables = 0, events = 0;
  in.get(days);
  record.days = static_cast<std::size_t>(days);
  in.get(variables);
  if (variables > 10000) throw std::length_error("too many variables");
  record.values.resize(variables);
  for (auto& v : record.values) in.get(v);
  in.get(events);
  record.events.clear();
  for (std::uint64_t i = 0; i < events; ++i) {
    Event e;
    in.get(e.day);
    in.get(e.pocket);
    in.get(e.kind);
    in.get(e.value);
    in.get(e.agreement);
    in.get(e.reason);
    record.events.push_back(std::move(e));
  }
}

}  // namespace

namespace {

/// Every index and category read from a snapshot points where it may: a damaged or crafted file is
/// refused here instead of steering the simulation out of its arrays.
void check_indices(const World& w, const std::string& file) {
  const auto bad = [&](const char* what) {
    throw InputError::in_file(file, fmt::format("is damaged ({} out of range); make a new checkpoint", what));
  };
  const Persons& p = w.persons;
  const Households& h = w.households;
  const std::size_t n = p.size(), households = h.size();
  if (h.first_person.size() != households + 1 || h.first_person.front() != 0 || h.first_person.back() != n) {
    bad("household members");
  }
  for (std::size_t k = 0; k < households; ++k) {
    // Every household has a member: World::household_of bisects these.
    if (h.first_person[k] >= h.first_person[k + 1] || h.town[k] >= w.towns.size()) bad("household members or towns");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (static_cast<int>(p.age_band[i]) > 2 || static_cast<int>(p.sex[i]) > 1 ||
        static_cast<int>(p.status[i]) > 6 || static_cast<int>(p.cause[i]) > 4 || !(p.support[i] >= 0.0f && p.support[i] <= 1.0f)) {
      bad("a person's state");
    }
  }
  for (const Town& t : w.towns) {
    if (t.pocket >= w.pockets.size() || t.first_household > t.end_household || t.end_household > households ||
        t.first_person > t.end_person || t.end_person > n) {
      bad("a town's ranges");
    }
  }
  const Detainees& d = w.detainees;
  const std::size_t held = d.size();
  if (d.origin_pocket.size() != held || d.on_list.size() != held || d.woman_or_child.size() != held ||
      d.person.size() != held || d.household.size() != held) {
    bad("the detainees' columns");
  }
  for (std::size_t k = 0; k < held; ++k) {
    if (d.origin_pocket[k] >= w.pockets.size() || static_cast<int>(d.status[k]) > 2 || d.person[k] < -1 ||
        d.person[k] >= static_cast<std::int64_t>(n) || (d.household[k] != Detainees::kNoHousehold && d.household[k] >= households)) {
      bad("a detainee");
    }
  }
  for (std::size_t k = 0; k < w.agreements.size(); ++k) {
    if (w.agreements[k].pocket >= w.pockets.size() || w.agreements[k].id != static_cast<std::int32_t>(k) ||
        static_cast<int>(w.agreements[k].status) > 4 || w.agreements[k].stages < 0 || w.agreements[k].linked_to < -1 ||
        w.agreements[k].linked_to >= static_cast<std::int32_t>(w.agreements.size()) ||
        !(w.agreements[k].death_rate_at_signing >= 0.0)) {
      bad("an agreement");
    }
  }
  const auto agreements = static_cast<std::int32_t>(w.agreements.size());
  for (const Pocket& q : w.pockets) {
    const Front& f = q.front;
    if (f.agreement < -1 || f.agreement >= agreements || f.proposed < -1 || f.proposed >= agreements ||
        static_cast<int>(f.state) > 6 || static_cast<int>(f.policy) > 2 || f.evacuation_cursor > households ||
        f.pause_cursor > households || f.evacuation_event < -1 || f.pause_event < -1 ||
        f.evacuation_event >= static_cast<std::int32_t>(w.scenario().calendar.size()) ||
        f.pause_event >= static_cast<std::int32_t>(w.scenario().calendar.size()) || f.evacuation_agreement < -1 ||
        f.evacuation_agreement >= agreements) {
      bad("a pocket's negotiation state");
    }
  }
  for (std::uint32_t i : w.injured) {
    if (i >= n) bad("the injured");
  }
  if (w.day < 0 || w.day > w.scenario().days) bad("the day");
}

}  // namespace

void save_world(SnapshotWriter& out, const World& w) {
  out.put(w.day);
  const Persons& p = w.persons;
  out.put(p.age_band); out.put(p.sex);
  out.put(p.reserve_share); out.put(p.adaptation); out.put(p.status); out.put(p.cause); out.put(p.flags); out.put(p.support);
  out.put(p.leaning);
  const Households& h = w.households;
  out.put(h.first_person); out.put(h.town); out.put(h.food_person_days); out.put(h.cash_usd);
  out.put(h.went_short); out.put(h.hidden_food_person_days); out.put(h.assets_usd); out.put(h.income_sources);
  out.put(h.detained_relatives);
  out.put(w.towns);
  out.put(static_cast<std::uint64_t>(w.pockets.size()));
  for (const Pocket& q : w.pockets) {
    out.put(q.initial_population); out.put(q.alive); out.put(q.departed); out.put(q.need_person_days);
    out.put(q.market); out.put(q.checkpoint_open); out.put(q.convoys_en_route); out.put(q.aid_to_distribute_person_days);
    out.put(q.earnings_to_distribute_usd); out.put(q.front); out.put(q.today);
  }
  const Detainees& d = w.detainees;
  out.put(d.origin_pocket); out.put(d.on_list); out.put(d.woman_or_child); out.put(d.status); out.put(d.person);
  out.put(d.household);
  out.put(static_cast<std::uint64_t>(w.agreements.size()));
  for (const Agreement& a : w.agreements) {
    out.put(a.id); out.put(a.pocket); out.put(a.name); put_terms(out, a.terms); out.put(a.status);
    out.put(a.day_signed); out.put(a.violations); out.put(a.released); out.put(a.release_credit); out.put(a.reneged);
    out.put(a.complied_today); out.put(a.stages); out.put(a.linked_to); out.put(a.death_rate_at_signing);
  }
  out.put(w.injured);
  out.put(static_cast<std::uint64_t>(w.mediators.size()));
  for (const MediatorToday& m : w.mediators) {
    out.put(m.share);
    out.put(m.swap_credit);
  }
}

void restore_world(SnapshotReader& in, World& w) {
  const std::string& file = in.file();
  in.get(w.day);
  Persons& p = w.persons;
  get_same_size(in, p.age_band, file); get_same_size(in, p.sex, file); get_same_size(in, p.reserve_share, file);
  get_same_size(in, p.adaptation, file);
  get_same_size(in, p.status, file); get_same_size(in, p.cause, file); get_same_size(in, p.flags, file);
  get_same_size(in, p.support, file); get_same_size(in, p.leaning, file);
  Households& h = w.households;
  get_same_size(in, h.first_person, file); get_same_size(in, h.town, file); get_same_size(in, h.food_person_days, file);
  get_same_size(in, h.cash_usd, file); get_same_size(in, h.went_short, file);
  get_same_size(in, h.hidden_food_person_days, file); get_same_size(in, h.assets_usd, file);
  get_same_size(in, h.income_sources, file);
  get_same_size(in, h.detained_relatives, file);
  get_same_size(in, w.towns, file);
  std::uint64_t pockets = 0;
  in.get(pockets);
  if (pockets != w.pockets.size()) other_scenario(file);
  for (Pocket& q : w.pockets) {
    in.get(q.initial_population); in.get(q.alive); in.get(q.departed); in.get(q.need_person_days);
    in.get(q.market); in.get(q.checkpoint_open); in.get(q.convoys_en_route); in.get(q.aid_to_distribute_person_days);
    in.get(q.earnings_to_distribute_usd); in.get(q.front); in.get(q.today);
  }
  Detainees& d = w.detainees;
  in.get(d.origin_pocket); in.get(d.on_list); in.get(d.woman_or_child); in.get(d.status); in.get(d.person);
  in.get(d.household);
  std::uint64_t agreements = 0;
  in.get(agreements);
  w.agreements.clear();
  for (std::uint64_t i = 0; i < agreements; ++i) {
    Agreement a;
    in.get(a.id); in.get(a.pocket); in.get(a.name); get_terms(in, a.terms); in.get(a.status);
    in.get(a.day_signed); in.get(a.violations); in.get(a.released); in.get(a.release_credit); in.get(a.reneged);
    in.get(a.complied_today); in.get(a.stages); in.get(a.linked_to); in.get(a.death_rate_at_signing);
    w.agreements.push_back(std::move(a));
  }
  in.get(w.injured);
  std::uint64_t mediators = 0;
  in.get(mediators);
  if (mediators != w.mediators.size()) other_scenario(file);
  for (MediatorToday& m : w.mediators) {
    get_same_size(in, m.share, file);
    get_same_size(in, m.swap_credit, file);
  }
  w.events_today.clear();
  check_indices(w, file);
  w.recount_households();
}

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  SnapshotWriter out;
  out.put(std::string(kMagic));
  out.put(c.scenario_text); out.put(c.scenario_file); out.put(c.policy);
  out.put(static_cast<std::uint64_t>(c.overrides.size()));
  for (const std::string& o : c.overrides) out.put(o);
  out.put(c.seed); out.put(c.days); out.put(c.day);
  out.put(static_cast<std::uint64_t>(c.runs.size()));
  for (const RunSnapshot& r : c.runs) {
    out.put(r.run);
    out.put(r.person_days);
    out.put(r.world);
    put_record(out, r.record);
  }
  const std::filesystem::path target(path);
  const std::string temporary =
      (target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid())).string();
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(out.bytes().data(), static_cast<std::streamsize>(out.bytes().size()));
    file.flush();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error(fmt::format("cannot write the checkpoint {} (is the disk full?)", path));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error(fmt::format("cannot rename the checkpoint to {}", path));
  }
}

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file || std::filesystem::is_directory(path)) throw InputError::in_file(path, "cannot open the checkpoint");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  const std::string bytes = buffer.str();
  SnapshotReader in(bytes, path);
  Checkpoint c;
  std::string magic;
  in.get(magic);
  if (magic != kMagic && magic.starts_with(kMagicPrefix)) {
    throw InputError::in_file(path, "was made by another version of siege; make a new checkpoint with this one");
  }
  if (magic != kMagic) throw InputError::in_file(path, "is not a siege checkpoint (made by siege run --checkpoint-at)");
  in.get(c.scenario_text); in.get(c.scenario_file); in.get(c.policy);
  std::uint64_t overrides = 0;
  in.get(overrides);
  for (std::uint64_t i = 0; i < overrides; ++i) in.get(c.overrides.emplace_back());
  in.get(c.seed); in.get(c.days); in.get(c.day);
  std::uint64_t runs = 0;
  in.get(runs);
  for (std::uint64_t i = 0; i < runs; ++i) {
    RunSnapshot r;
    in.get(r.run);
    in.get(r.person_days);
    in.get(r.world);
    try {
      get_record(in, r.record);
    } catch (const std::length_error&) {
      throw InputError::in_file(path, "is damaged (its record of figures does not fit)");
    }
    c.runs.push_back(std::move(r));
  }
  if (!in.done()) throw InputError::in_file(path, "is damaged (it holds more than its runs)");
  return c;
}

}  // namespace siege
