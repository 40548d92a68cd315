#include "support/support.hpp"

#include <cstring>
#include <span>

#include "core/parallel.hpp"
#include "scenario/load.hpp"

namespace siege::test {

std::string source_path(const std::string& relative) { return std::string(SIEGE_SOURCE_DIR) + "/" + relative; }

std::shared_ptr<const Scenario> load(const std::string& relative, std::int64_t days, const std::string& policy) {
  Scenario scenario = scenario::load_file(source_path(relative), policy);
  if (days > 0) scenario.days = days;
  return std::make_shared<const Scenario>(std::move(scenario));
}

Scenario parse(const std::string& yaml) { return scenario::load_text(yaml, "test.yaml"); }

RunResult run(const std::shared_ptr<const Scenario>& scenario, std::uint64_t run_index, int threads) {
  RunResult result;
  Threads pool(threads);
  pool.run([&] {
    observe::Recorder recorder;
    Simulation simulation(scenario, run_index);
    simulation.add_observer(recorder);
    simulation.run();
    result.record = recorder.take();
    result.fingerprint = fingerprint(simulation.world());
  });
  return result;
}

namespace {

class Fnv {
 public:
  template <class T>
  void add(std::span<const T> values) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
    for (std::size_t i = 0; i < values.size_bytes(); ++i) {
      hash_ = (hash_ ^ bytes[i]) * 1099511628211ull;
    }
  }
  template <class T>
  void add(const std::vector<T>& values) {
    add(std::span<const T>(values));
  }
  template <class T>
  void add_value(const T& value) {
    add(std::span<const T>(&value, 1));
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace

std::uint64_t fingerprint(const World& world) {
  Fnv f;
  const Persons& p = world.persons;
  f.add(p.age_band);
  f.add(p.sex);
  f.add(p.reserve_share);
  f.add(p.adaptation);
  f.add(p.status);
  f.add(p.cause);
  f.add(p.flags);
  f.add(p.support);
  f.add(p.leaning);
  f.add(world.detainees.status);
  f.add(world.injured);
  const Households& h = world.households;
  f.add(h.first_person);
  f.add(h.town);
  f.add(h.food_person_days);
  f.add(h.cash_usd);
  f.add(h.hidden_food_person_days);
  f.add(h.assets_usd);
  f.add(h.income_sources);
  f.add(h.fighters_inside);
  f.add(h.detained_relatives);
  f.add(h.inside);
  for (const Town& t : world.towns) {
    f.add_value(t.alive);
    f.add_value(t.support);
    f.add_value(t.recent_deaths_per_1000);
    f.add_value(t.mean_nutrition);
    f.add_value(t.share_malnourished);
  }
  for (const Pocket& pocket : world.pockets) {
    f.add_value(pocket.alive);
    f.add_value(pocket.market.stock_person_days);
    f.add_value(pocket.market.local_person_days);
    f.add_value(pocket.market.cost_multiple);
    f.add_value(pocket.market.price_multiple);
    f.add_value(pocket.market.asked_at_cost_person_days);
    f.add_value(pocket.need_person_days);
    f.add_value(pocket.earnings_to_distribute_usd);
    f.add_value(pocket.aid_to_distribute_person_days);
    const Front& front = pocket.front;
    f.add_value(front.state);
    f.add_value(front.morale);
    f.add_value(front.capacity);
    f.add_value(front.capacity_trend_per_day);
    f.add_value(front.fighters);
    f.add_value(front.health_care);
    f.add_value(front.bakeries);
    f.add_value(front.water);
    f.add_value(front.evacuated_total);
    f.add_value(front.policy);
    f.add_value(front.mediator_pressure);
    f.add_value(pocket.today.support);
    f.add_value(pocket.today.demonstrations);
  }
  for (const Agreement& a : world.agreements) {
    f.add_value(a.status);
    f.add_value(a.violations);
    f.add_value(a.released);
  }
  return f.value();
}

}  // namespace siege::test
