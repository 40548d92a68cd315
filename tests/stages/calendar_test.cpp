// The calendar's dated events, one kind at a time, each firing on its date; evacuation by a deal's
// terms; and the reader's errors for events that cannot be.
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "core/errors.hpp"
#include "experiment/simulation.hpp"
#include "observe/recorder.hpp"
#include "observe/variables.hpp"
#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

/// One besieged pocket of 4,000 on 2 km2 from 1 January 2016, with a calendar (YAML flow list).
std::shared_ptr<const Scenario> scenario(const std::string& calendar, const std::string& conflict = "{first_talks_day: 1000}",
                                         const std::string& pocket_extra = "") {
  return std::make_shared<const Scenario>(test::parse(R"(name: calendar unit
start_date: 2016-01-01
days: 120
pockets:
  - name: P
    area_km2: 2
    towns:
      - {name: A, population: 4000, lat: 0, lon: 0}
    smuggling: {capacity_person_days_per_day: 1000000, markup_multiple: 3}
)" + pocket_extra + "    conflict: " + conflict + "\ncalendar: " + calendar + "\n"));
}

/// Pocket 0's values of `variable` day by day, over a whole run.
std::vector<double> series(const std::shared_ptr<const Scenario>& sc, const char* variable) {
  const test::RunResult result = test::run(sc, 0, 1);
  const auto& values = result.record.values[observe::variable_index(variable)];
  const std::size_t pockets = sc->pockets.size();
  std::vector<double> out;
  for (std::size_t d = 0; d < result.record.days; ++d) out.push_back(values[d * pockets]);
  return out;
}

std::vector<Event> events(const std::shared_ptr<const Scenario>& sc, EventKind kind) {
  std::vector<Event> out;
  for (const Event& e : test::run(sc, 0, 1).record.events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

TEST(DatedEvents, AChannelClosedOnADateStopsItsInflowThatDay) {
  const auto sc = scenario("[{date: 2016-01-11, pocket: P, channel: {name: checkpoint, open: false}}]");
  const std::vector<double> smuggled = series(sc, "food_smuggled");
  EXPECT_GT(smuggled[9], 0.0) << "the day before";
  for (std::size_t d = 10; d < smuggled.size(); ++d) ASSERT_EQ(smuggled[d], 0.0) << "day " << d;
  EXPECT_EQ(sc->calendar[0].first_day, 10);
}

TEST(DatedEvents, AChannelChangedByMassCarriesItsCapacityInPersonDays) {
  const auto sc = scenario(
      "[{day: 0, pocket: P, channel: {name: checkpoint, open: false}}, "
      "{day: 20, pocket: P, channel: {name: tunnel, open: true, capacity_kg_per_day: 560}}]",
      "{first_talks_day: 1000}",
      "    channels:\n      - {name: tunnel, seller: traders, open: false, capacity_person_days_per_day: 1e6}\n");
  const std::vector<double> smuggled = series(sc, "food_smuggled");
  EXPECT_EQ(smuggled[19], 0.0) << "the tunnel opens on day 20";
  // 560 kg a day at 0.56 kg per person-day.
  EXPECT_NEAR(smuggled[30], 1000.0, 1e-6);
}

TEST(DatedEvents, ADatedAirDropArrivesOnItsDaysWithItsTonnes) {
  const auto sc = scenario("[{date: 2016-02-01, to_date: 2016-02-29, pocket: P, convoy: {by: air, tonnes: 5.6, every_days: 7}}]");
  const auto arrived = events(sc, EventKind::kAidArrived);
  ASSERT_EQ(arrived.size(), 5u);  // 1, 8, 15, 22 and 29 February
  EXPECT_EQ(arrived[0].day, 31);
  EXPECT_EQ(arrived[4].day, 59);
  const std::vector<double> aid = series(sc, "aid_food");
  EXPECT_NEAR(std::accumulate(aid.begin(), aid.end(), 0.0), 5 * 10000.0, 1e-3) << "5.6 t at 0.56 kg per person-day, five times";
}

TEST(DatedEvents, ARefusedOrDivertedConvoyDeliversWhatItsOutcomeLeaves) {
  const auto refused = scenario("[{day: 5, pocket: P, convoy: {rations_person_days: 9000, outcome: refused}}]");
  EXPECT_EQ(events(refused, EventKind::kAidArrived).size(), 0u);
  EXPECT_EQ(events(refused, EventKind::kAidRefused).size(), 1u);
  const auto diverted =
      scenario("[{day: 5, pocket: P, convoy: {rations_person_days: 10000, outcome: diverted, diverted_share: 0.6}}]");
  const auto kept = events(diverted, EventKind::kAidDiverted);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_DOUBLE_EQ(kept[0].value, 6000.0);
  const std::vector<double> aid = series(diverted, "aid_food");
  EXPECT_NEAR(std::accumulate(aid.begin(), aid.end(), 0.0), 4000.0, 1e-3);
}

TEST(DatedEvents, AnOffensiveSetsTheStrikesTakesGroundAndPeopleFleeAcrossTheFront) {
  const auto sc = scenario(
      "[{date: 2016-02-01, to_date: 2016-02-10, pocket: P, offensive: {strikes_per_day: 40, territory_share: 0.5, "
      "farmland_share: 0.5, flee_share: 0.5, flight_death_risk: 0}}]",
      "{first_talks_day: 1000}",
      "    production:\n      - {name: fields, person_days_per_day: 1000}\n");
  const std::vector<double> strikes = series(sc, "strikes");
  double during = 0, after = 0;
  for (std::size_t d = 31; d <= 40; ++d) during += strikes[d];
  for (std::size_t d = 41; d <= 50; ++d) after += strikes[d];
  EXPECT_GT(during, 300.0) << "about 40 a day for 10 days";
  EXPECT_LT(after, 60.0) << "back to the state's rate (3 a day between rounds)";
  const std::vector<double> produced = series(sc, "food_produced");
  // Half the farmland taken; the day's 40 strikes also damage a few per cent of the bakeries.
  EXPECT_NEAR(produced[31] / produced[30], 0.5, 0.03) << "half the farmland taken";
  const std::vector<double> departed = series(sc, "departed");
  EXPECT_EQ(departed[30], 0.0);
  // A quarter of the residents lived on the ground taken and fled (half of half).
  EXPECT_NEAR(departed[31] / 4000.0, 0.25, 0.05);
  ASSERT_EQ(events(sc, EventKind::kFlight).size(), 1u);
}

TEST(DatedEvents, APauseStopsTheStrikesWhileItLastsAndAHumanitarianOneLetsPeopleOut) {
  const auto sc = scenario("[{date: 2016-03-01, to_date: 2016-03-10, pocket: P, pause: {strike_factor: 0, humanitarian: "
                           "true, persons_per_day: 50}}]");
  const std::vector<double> strikes = series(sc, "strikes");
  for (std::size_t d = 60; d <= 69; ++d) ASSERT_EQ(strikes[d], 0.0) << "day " << d;
  const std::vector<double> evacuated = series(sc, "evacuated");
  EXPECT_EQ(evacuated[59], 0.0);
  EXPECT_GT(evacuated[69], 200.0);
  EXPECT_LE(evacuated[69], 10 * 50.0 + 10 * 15.0) << "at most the pause's persons per day, and one household more";
  EXPECT_EQ(evacuated[69], evacuated[119]) << "nobody goes out once the pause is over";
}

TEST(DatedEvents, DatedTalksOpenARoundOnTheirDateAndScheduledRoundsStop) {
  const auto sc = scenario("[{date: 2016-02-15, pocket: P, talks: {round_days: 3}}]", "{first_talks_day: 5}");
  const auto rounds = events(sc, EventKind::kTalksRound);
  ASSERT_EQ(rounds.size(), 1u) << "first_talks_day 5 would open rounds every month without the dated one";
  EXPECT_EQ(rounds[0].day, 45);
}

TEST(Evacuation, ADealsTermsGiveItsBatchPattern) {
  // A surrender on 1 March; first buses 5 days later, then a batch a week of up to 500.
  const auto sc = scenario(
      "[{date: 2016-03-01, pocket: P, agreement: {kind: surrender}, evacuation: {first_batch_after_days: 5, "
      "batch_every_days: 7, batch_persons_max: 500, bus_seats: 45, days_allowed: 100}}]",
      "{first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.3}}");
  const auto batches = events(sc, EventKind::kEvacuationBatch);
  ASSERT_GE(batches.size(), 3u);
  EXPECT_EQ(batches[0].day, 60 + 5);
  for (std::size_t b = 1; b < batches.size(); ++b) EXPECT_EQ(batches[b].day - batches[b - 1].day, 7);
  for (const Event& batch : batches) EXPECT_LE(batch.value, 500.0 + 15.0) << batch.reason;
  EXPECT_NE(batches[0].reason.find("buses"), std::string::npos);
  // How many leave is the residents' choice and the fighters' obligation, not an input.
  const std::vector<double> evacuated = series(sc, "evacuated");
  EXPECT_GT(evacuated.back(), 1000.0);
  EXPECT_LT(evacuated.back(), 4000.0);
}

TEST(Evacuation, ConscriptionForThoseWhoStayMakesMoreLeave) {
  const std::string deal = "[{date: 2016-03-01, pocket: P, agreement: {kind: surrender}, evacuation: "
                           "{batch_persons_max: 4000, days_allowed: 30, conscription_after_days: ";
  // After a surrender almost no civilian chooses the buses at the calibrated weights
  // (leaving.siege_lifted_log_odds); without that weight, conscription's own effect shows.
  const std::string weights = "\nleaving: {siege_lifted_log_odds: 0}";
  const auto with = series(scenario(deal + "180}}]" + weights), "evacuated");
  const auto without = series(scenario(deal + "0}}]" + weights), "evacuated");
  EXPECT_GT(with.back(), without.back() + 100);
}

TEST(Evacuation, HungerWeighsOnLeavingOnlyWhileTheSiegeGoesOn) {
  // In a pause or a transfer under a ceasefire the hungry are likelier to go; once a surrender lifts
  // the siege, those who stay are fed too, and hunger no longer sways the choice.
  World w(scenario("[]"), rng::RunKey{1, 0});
  const EvacuationDef terms;
  const auto probability = [&](NegotiationState state, float reserve_share) {
    w.pockets[0].front.state = state;
    for (std::uint32_t i = w.households.first_person[0]; i < w.households.first_person[1]; ++i) {
      w.persons.reserve_share[i] = reserve_share;
    }
    return stages::leave_probability(w, 0, 0, &terms);
  };
  EXPECT_GT(probability(NegotiationState::kCeasefire, 0.2f), probability(NegotiationState::kCeasefire, 1.0f) + 0.05);
  EXPECT_DOUBLE_EQ(probability(NegotiationState::kSurrender, 0.2f), probability(NegotiationState::kSurrender, 1.0f));
}

TEST(Evacuation, FightersStayAndReconcileOnlyUnderAnAmnesty) {
  const auto fighters_left = [](const char* amnesty) {
    const auto sc = scenario(std::string("[{date: 2016-03-01, pocket: P, agreement: {kind: surrender}, evacuation: "
                                         "{fighters_reconcile_share: 0.5, civilians_may_leave: false, "
                                         "batch_persons_max: 5000, days_allowed: 5, amnesty: ") +
                                 amnesty + "}}]",
                             "{first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.3}}");
    return series(sc, "fighters").back();
  };
  EXPECT_EQ(fighters_left("false"), 0.0) << "without an amnesty every fighter's household must go";
  EXPECT_GT(fighters_left("true"), 20.0) << "under one, about half of them stay";
}

TEST(DatedEvents, EventsThatCannotBeAreErrorsWithTheirLine) {
  const auto error_of = [](const std::string& calendar, const std::string& extra = "") {
    try {
      scenario(calendar, "{first_talks_day: 1000}", extra);
    } catch (const InputError& e) {
      return e.diagnostics().at(0);
    }
    return Diagnostic{};
  };
  const Diagnostic early = error_of("[{date: 2015-12-01, pocket: P, talks: {}}]");
  EXPECT_EQ(early.path, "calendar[0].date");
  EXPECT_NE(early.message.find("before the scenario's start_date 2016-01-01"), std::string::npos) << early.message;
  EXPECT_GT(early.where.line, 0);
  EXPECT_EQ(error_of("[{day: 3, pocket: Q, talks: {}}]").path, "calendar[0].pocket");
  EXPECT_EQ(error_of("[{day: 3, pocket: P, channel: {name: tunel}}]").path, "calendar[0].channel.name");
  EXPECT_NE(error_of("[{day: 3, pocket: P, talks: {}, pause: {}}]").message.find("exactly one"), std::string::npos);
  EXPECT_NE(error_of("[{day: 3, date: 2016-01-05, pocket: P, talks: {}}]").message.find("give one"), std::string::npos);
  EXPECT_EQ(error_of("[{day: 3, pocket: P, convoy: {by: air}}]").path, "calendar[0].convoy.trucks");
  EXPECT_EQ(error_of("[{day: 9, to_day: 3, pocket: P, pause: {}}]").path, "calendar[0].to_day");
}

TEST(Evacuation, TermsThatWouldBlockTheBusesForeverAreRefused) {
  const auto path_of = [](const std::string& conflict, const std::string& households = "") {
    try {
      test::parse("name: x\nstart_date: 2016-01-01\npockets:\n  - name: P\n    towns:\n      - {name: A, population: "
                  "10, lat: 0, lon: 0}\n" + households + "    conflict: " + conflict + "\n");
    } catch (const InputError& e) {
      return e.diagnostics().at(0).path;
    }
    return std::string();
  };
  EXPECT_EQ(path_of("{evacuation: {bus_seats: 4}}", "    households: {mean_size: 6}\n"), "pockets[0].households.mean_size");
  EXPECT_EQ(path_of("{evacuation: {bus_seats: 50, batch_persons_max: 30}}"),
            "pockets[0].conflict.evacuation.batch_persons_max");
  EXPECT_EQ(path_of("{evacuation: {first_batch_after_days: 10, days_allowed: 10}}"),
            "pockets[0].conflict.evacuation.first_batch_after_days");
  EXPECT_EQ(path_of("{evacuation: {other_destinations: [{name: a, share: 0.7}, {name: b, share: 0.6}]}}"),
            "pockets[0].conflict.evacuation.other_destinations");
  EXPECT_EQ(path_of("{}"), "");
}


TEST(Evacuation, ASurrenderInStepsEvacuatesByEachStepsTerms) {
  // Moadamiya 2016: a first step lets a few out, a second empties the fighters' households.
  const auto sc = scenario(
      "[{date: 2016-02-01, pocket: P, agreement: {kind: surrender}, evacuation: {fighters_must_leave: false, "
      "civilians_may_leave: true, batch_persons_max: 100, days_allowed: 3}}, "
      "{date: 2016-03-01, pocket: P, agreement: {name: step two, kind: surrender}, evacuation: "
      "{everyone_must_leave: true, batch_persons_max: 10000, days_allowed: 5}}]\n"
      "leaving: {siege_lifted_log_odds: 0}");  // civilians willing to go, to fill the first step's buses
  const std::vector<double> evacuated = series(sc, "evacuated");
  const std::vector<double> population = series(sc, "population");
  EXPECT_GT(evacuated[40], 0.0);
  EXPECT_LE(evacuated[40], 3 * 100.0 + 30) << "the first step: three days of batches of 100";
  EXPECT_EQ(population[60], 0.0) << "the second step empties the pocket";
  EXPECT_TRUE(events(sc, EventKind::kDatedEventSkipped).empty());
}

TEST(Evacuation, ATransferUnderACeasefireTakesSomeFightersOutAndTheCeasefireGoesOn) {
  const auto sc = scenario(
      "[{date: 2016-02-01, to_date: 2016-02-20, pocket: P, agreement: {name: truce}, evacuation: "
      "{fighters_reconcile_share: 0.7, civilians_may_leave: false, batch_persons_max: 5000, days_allowed: 5}}]",
      "{first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.3}}");
  const std::vector<double> evacuated = series(sc, "evacuated");
  const std::vector<double> state = series(sc, "negotiation_state");
  EXPECT_GT(evacuated[35], 50.0);
  EXPECT_LT(evacuated[35], 4000.0 * 0.3 * 0.5);
  EXPECT_EQ(evacuated[35], evacuated[119]) << "nobody else leaves once the transfer is done";
  // Unless violations collapsed it first, the truce ends on its date, and the pocket is back under siege.
  const auto ended = events(sc, EventKind::kAgreementFulfilled);
  if (!ended.empty()) {
    EXPECT_EQ(ended[0].day, 51);
    EXPECT_EQ(static_cast<NegotiationState>(static_cast<int>(state[51])), NegotiationState::kSiege);
  }
  EXPECT_EQ(static_cast<NegotiationState>(static_cast<int>(state[32])), NegotiationState::kCeasefire);
}

TEST(DatedEvents, AnExtendedPauseAsksEveryHouseholdAgainAndANewCeasefireAfterSurrenderIsLogged) {
  const auto sc = scenario(
      "[{date: 2016-03-01, to_date: 2016-03-03, pocket: P, pause: {humanitarian: true}}, "
      "{date: 2016-03-04, to_date: 2016-03-06, pocket: P, pause: {humanitarian: true}}, "
      "{date: 2016-04-01, pocket: P, agreement: {kind: surrender}}, {date: 2016-04-10, pocket: P, agreement: {}}]");
  const std::vector<double> evacuated = series(sc, "evacuated");
  EXPECT_GT(evacuated[60], 0.0) << "a pause without a limit lets out all who choose to go";
  EXPECT_GT(evacuated[63], evacuated[62]) << "the extension asks afresh";
  const auto skipped = events(sc, EventKind::kDatedEventSkipped);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].reason.find("the pocket is in ended"), std::string::npos) << skipped[0].reason;
}

}  // namespace
}  // namespace siege
