// Every class of scenario error is reported with its exact line and column, and all errors of a
// file are reported together.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "core/errors.hpp"
#include "scenario/load.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

constexpr const char* kValid = R"(name: test
start_date: 2017-08-03
days: 10
pockets:
  - name: A
    towns:
      - {name: T1, population: 100, lat: 34.9, lon: 36.7}
      - {name: T2, population: 50, lat: 34.8, lon: 36.6}
    households:
      mean_size: 5
      children_first: true
    demography: {child_share: 0.4, adult_share: 0.5, elderly_share: 0.1}
    smuggling:
      closed:
        - {from_day: 3, to_day: 5}
)";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

/// kValid with line `line` (1-based) replaced; an empty replacement deletes it.
std::string with_line(int line, const std::string& replacement) {
  auto lines = lines_of(kValid);
  if (replacement.empty()) {
    lines.erase(lines.begin() + line - 1);
  } else {
    lines[static_cast<std::size_t>(line - 1)] = replacement;
  }
  return join(lines);
}

/// kValid with `text` inserted after line `line`.
std::string inserting_after(int line, const std::string& text) {
  auto lines = lines_of(kValid);
  lines.insert(lines.begin() + line, text);
  return join(lines);
}

std::vector<Diagnostic> errors_of(const std::string& yaml) {
  try {
    test::parse(yaml);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected an error in:\n" << yaml;
  return {};
}

/// Column (1-based) of `token` in line `line` of `yaml`.
int column_of(const std::string& yaml, int line, const std::string& token) {
  const auto text = lines_of(yaml).at(static_cast<std::size_t>(line - 1));
  const auto at = text.find(token);
  EXPECT_NE(at, std::string::npos) << token << " not in " << text;
  return static_cast<int>(at) + 1;
}

void expect_single(const std::string& yaml, int line, const std::string& token, const std::string& path,
                   const std::string& message_part) {
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "" : InputError(errors).what());
  const Diagnostic& d = errors[0];
  EXPECT_EQ(d.where.file, "test.yaml");
  EXPECT_EQ(d.where.line, line) << d.format();
  EXPECT_EQ(d.where.column, column_of(yaml, line, token)) << d.format();
  EXPECT_EQ(d.path, path) << d.format();
  EXPECT_NE(d.message.find(message_part), std::string::npos) << d.format();
}

TEST(Validation, ValidScenarioReadsWithDefaults) {
  const Scenario s = test::parse(kValid);
  EXPECT_EQ(s.name, "test");
  EXPECT_EQ(s.days, 10);
  ASSERT_EQ(s.pockets.size(), 1u);
  EXPECT_EQ(s.pockets[0].towns.size(), 2u);
  EXPECT_EQ(s.pockets[0].households.mean_size, 5.0);
  EXPECT_EQ(s.pockets[0].market.target_cover_days, MarketDef{}.target_cover_days);
  EXPECT_FALSE(s.pockets[0].population.has_value());
  EXPECT_EQ(s.persons(), 150);
  EXPECT_EQ(s.source_text, kValid);
}

TEST(Validation, UnknownKeySuggestsTheNearestKnownOne) {
  const auto yaml = with_line(10, "      mean_sise: 5");
  expect_single(yaml, 10, "mean_sise", "pockets[0].households.mean_sise", "unknown key (did you mean 'mean_size'?)");
  EXPECT_EQ(errors_of(yaml)[0].format(),
            "test.yaml:10:7: pockets[0].households.mean_sise: unknown key (did you mean 'mean_size'?)");
}

TEST(Validation, UnknownKeyFarFromAnyListsTheValidKeys) {
  expect_single(with_line(10, "      zzz: 5"), 10, "zzz", "pockets[0].households.zzz",
                "valid keys here: mean_size, initial_food_store_days");
}

TEST(Validation, WrongTypeNamesWhatWasExpected) {
  expect_single(with_line(10, "      mean_size: five"), 10, "five", "pockets[0].households.mean_size",
                "expected a number, got 'five'");
  expect_single(with_line(10, "      mean_size: [5]"), 10, "[5]", "pockets[0].households.mean_size",
                "expected a number, got a list");
  expect_single(with_line(3, "days: 10.5"), 3, "10.5", "days", "expected a whole number, got '10.5'");
  expect_single(with_line(11, "      children_first: yes"), 11, "yes", "pockets[0].households.children_first",
                "expected true or false");
  expect_single(with_line(2, "start_date: 2017-02-30"), 2, "2017-02-30", "start_date", "expected a date");
}

TEST(Validation, QuotedNumbersAreRejectedWithAHint) {
  expect_single(with_line(10, "      mean_size: \"5\""), 10, "\"5\"", "pockets[0].households.mean_size",
                "written without quotes");
}

TEST(Validation, OutOfRangeValuesGiveTheRange) {
  expect_single(with_line(10, "      mean_size: 50"), 10, "50", "pockets[0].households.mean_size",
                "must be between 1 and 30 (got 50)");
  expect_single(with_line(3, "days: 0"), 3, "0", "days", "must be between 1 and 36500 (got 0)");
  expect_single(with_line(7, "      - {name: T1, population: -1, lat: 34.9, lon: 36.7}"), 7, "-1",
                "pockets[0].towns[0].population", "must be between 0 and");
}

TEST(Validation, SharesThatDoNotAddUpAreReportedAtTheirKey) {
  expect_single(with_line(12, "    demography: {child_share: 0.4, adult_share: 0.5, elderly_share: 0.2}"), 12,
                "child_share", "pockets[0].demography.child_share", "add up to 1.1; they must add up to 1");
}

TEST(Validation, DeclaredPopulationMustEqualTheTowns) {
  expect_single(inserting_after(5, "    population: 200"), 6, "population", "pockets[0].population",
                "is 200 but the towns' populations add up to 150");
  EXPECT_NO_THROW(test::parse(inserting_after(5, "    population: 150")));
}

TEST(Validation, MissingRequiredKeyIsReported) {
  const auto errors = errors_of(with_line(2, ""));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "start_date");
  EXPECT_EQ(errors[0].where.line, 1);
  EXPECT_EQ(errors[0].where.column, 1);
  EXPECT_NE(errors[0].message.find("missing required key 'start_date'"), std::string::npos);
}

TEST(Validation, DuplicateKeysAreErrors) {
  expect_single(inserting_after(3, "days: 11"), 4, "days", "days", "duplicate key");
}

TEST(Validation, KeyWithoutValueIsReported) {
  expect_single(with_line(3, "days:"), 3, "days", "days", "has no value");
}

TEST(Validation, ListWhereOneIsExpected) {
  auto lines = lines_of(kValid);
  lines.erase(lines.begin() + 6, lines.begin() + 8);
  lines[5] = "    towns: Rastan";
  const std::string yaml = join(lines);
  expect_single(yaml, 6, "Rastan", "pockets[0].towns", "expected a list");
}

TEST(Validation, ClosureMustEndAfterItStarts) {
  expect_single(with_line(15, "        - {from_day: 6, to_day: 5}"), 15, "to_day", "pockets[0].smuggling.closed[0].to_day",
                "is 5 but from_day is 6");
}

TEST(Validation, DuplicateTownNames) {
  expect_single(with_line(8, "      - {name: T1, population: 50, lat: 34.8, lon: 36.6}"), 8, "name",
                "pockets[0].towns[1].name", "town 'T1' appears twice");
}

TEST(Validation, SyntaxErrorsGiveTheirPlace) {
  const auto errors = errors_of(with_line(7, "      - {name: T1, population: 100, lat: 34.9, lon: 36.7"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_GE(errors[0].where.line, 7);
  EXPECT_GT(errors[0].where.column, 0);
}

TEST(Validation, EveryErrorInAFileIsReportedInOnePass) {
  auto lines = lines_of(kValid);
  lines[2] = "days: many";                // line 3
  lines[9] = "      mean_sise: 5";        // line 10
  lines.push_back("colour: green");       // line 16
  const std::string yaml = join(lines);
  const auto errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 3u) << InputError(errors).what();
  // In the order they appear in the file.
  EXPECT_EQ(errors[0].where.line, 3);
  EXPECT_EQ(errors[0].path, "days");
  EXPECT_EQ(errors[1].where.line, 10);
  EXPECT_EQ(errors[1].path, "pockets[0].households.mean_sise");
  EXPECT_EQ(errors[2].where.line, 16);
  EXPECT_EQ(errors[2].path, "colour");
}

TEST(Validation, EmptyOrNonMappingFiles) {
  auto errors = errors_of("");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("the file is empty"), std::string::npos);
  errors = errors_of("- a\n- b\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("expected a mapping of keys"), std::string::npos);
  EXPECT_EQ(errors[0].where.line, 1);
}

TEST(Validation, NumbersAreDecimalAndUntagged) {
  // YAML 1.1 would read 010 as octal 8 and 0x10 as 16; we read 010 as ten and refuse hex.
  EXPECT_EQ(test::parse(with_line(3, "days: 010")).days, 10);
  expect_single(with_line(3, "days: 0x10"), 3, "0x10", "days", "write numbers in decimal");
  expect_single(with_line(10, "      mean_size: 0x5"), 10, "0x5", "pockets[0].households.mean_size",
                "write numbers in decimal");
  expect_single(with_line(3, "days: !!int \"3\""), 3, "!!int", "days", "YAML tags");
  expect_single(with_line(3, "days: 99999999999999999999"), 3, "9999", "days", "within");
}

TEST(Validation, TextThatIsNotUtf8IsPlaced) {
  const auto errors = errors_of(with_line(7, "      - {name: T\xff" "1, population: 100, lat: 34.9, lon: 36.7}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line, 7);
  EXPECT_EQ(errors[0].where.column, 17);
  EXPECT_NE(errors[0].message.find("UTF-8"), std::string::npos);
  // Multi-byte characters count as one column.
  EXPECT_EQ(test::parse(with_line(7, "      - {name: Talbīsah, population: 100, lat: 34.9, lon: 36.7}"))
                .pockets[0].towns[0].name, "Talbīsah");
}

TEST(Validation, ASecondYamlDocumentIsAnError) {
  const auto errors = errors_of(std::string(kValid) + "---\nname: other\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line, 17);
  EXPECT_NE(errors[0].message.find("second YAML document"), std::string::npos);
}

TEST(Validation, DeepNestingIsRefusedWithAMessage) {
  const auto errors = errors_of("a: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("nested too deeply"), std::string::npos) << errors[0].format();
}

TEST(Validation, ChildrenCannotOutnumberWhatHouseholdHeadsAllow) {
  // Households of mean size 1.5 have one head and on average half another member.
  const auto errors = errors_of(with_line(10, "      mean_size: 1.5"));
  ASSERT_EQ(errors.size(), 1u) << InputError(errors).what();
  EXPECT_EQ(errors[0].path, "pockets[0].demography.child_share");
  EXPECT_EQ(errors[0].where.line, 12);
  EXPECT_NE(errors[0].message.find("at most 0.333"), std::string::npos) << errors[0].format();
}

TEST(Validation, ADirectoryIsNotAScenario) {
  try {
    scenario::load_file(test::source_path("scenarios"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos);
  }
}

/// kValid with a conflict block, a policy, and the given --set options.
Scenario with_sets(const std::vector<std::string>& sets, const std::string& policy = "") {
  std::vector<scenario::Override> overrides;
  for (const auto& s : sets) overrides.push_back(scenario::Override::from_option(s));
  return scenario::load_text(std::string(kValid) + "    conflict: {committee: {policy: hold}}\n"
                                                   "policies:\n  drop:\n    set:\n      pockets[A].conflict.committee.policy: drop\n",
                             "test.yaml", policy, overrides);
}

/// The one diagnostic --set `set` gives.
Diagnostic set_error(const std::string& set) {
  try {
    with_sets({set});
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u) << e.what();
    return e.diagnostics().at(0);
  }
  ADD_FAILURE() << "--set " << set << " was accepted";
  return {};
}

TEST(CommandLineSet, ValuesAreReadAsIfTypedInTheFileAfterThePolicy) {
  const Scenario s = with_sets({"days=20", "pockets[A].households.children_first=false", "pockets[0].households.mean_size=4.5",
                                "pockets[A].conflict.committee.policy=hold", "besieger.concession_per_round=0.3"},
                               "drop");
  EXPECT_EQ(s.days, 20);
  EXPECT_FALSE(s.pockets[0].households.children_first);
  EXPECT_EQ(s.pockets[0].households.mean_size, 4.5);
  EXPECT_EQ(s.pockets[0].conflict->committee.policy, ReleasePolicy::kHold) << "a --set applies after the policy";
  EXPECT_EQ(s.besieger.concession_per_round, 0.3) << "a mapping the file leaves out is made";
  EXPECT_EQ(s.policy, "drop");
  EXPECT_EQ(s.overrides, (std::vector<std::string>{"days=20", "pockets[A].households.children_first=false",
                                                   "pockets[0].households.mean_size=4.5",
                                                   "pockets[A].conflict.committee.policy=hold",
                                                   "besieger.concession_per_round=0.3"}));
  EXPECT_EQ(with_sets({"days=5", "days=7"}).days, 7) << "the last of two wins";
  EXPECT_EQ(s.source_text.find("days: 20"), std::string::npos) << "the file as written is what outputs embed";
}

TEST(CommandLineSet, ErrorsNameTheOptionAndSayWhatWouldBeRight) {
  const Diagnostic bad_choice = set_error("pockets[A].conflict.committee.policy=maybe");
  EXPECT_EQ(bad_choice.format().rfind("command line: --set pockets[A].conflict.committee.policy=maybe: unknown choice "
                                      "'maybe'", 0), 0u)
      << bad_choice.format();
  EXPECT_NE(bad_choice.message.find("hold"), std::string::npos) << "it lists the choices";
  const Diagnostic typo = set_error("pockets[A].conflict.committee.polcy=drop");
  EXPECT_EQ(typo.format(), "command line: --set pockets[A].conflict.committee.polcy=drop: unknown key (did you mean "
                           "'policy'?)");
  const Diagnostic made = set_error("pockets[A].conflikt.committee.policy=drop");
  EXPECT_EQ(made.where.file, "command line") << made.format();
  EXPECT_NE(made.message.find("did you mean 'conflict'?"), std::string::npos) << made.format();
  const Diagnostic range = set_error("days=0");
  EXPECT_EQ(range.format(), "command line: --set days=0: must be between 1 and 36500 (got 0)");
  EXPECT_NE(set_error("pockets[B].households.mean_size=4").message.find("no item B"), std::string::npos);
  EXPECT_NE(set_error("pockets[].days=4").message.find("not a key path"), std::string::npos);
  EXPECT_NE(set_error("days=[1, 2]").message.find("give one value"), std::string::npos);
  EXPECT_NE(set_error("days=").message.find("no value after '='"), std::string::npos);
  EXPECT_NE(set_error("days=[1").message.find("not one YAML scalar"), std::string::npos);
  EXPECT_EQ(set_error("pockets[0].households.mean_size=five").path, "--set pockets[0].households.mean_size=five");
  try {
    scenario::Override::from_option("days");
    ADD_FAILURE() << "a --set without '=' was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("command line: --set days: give a key path and a value joined by '='", 0), 0u)
        << e.what();
  }
}

TEST(CommandLineSet, ARuleBrokenByASetNamesTheOptionNotTheFilesLine) {
  // The file's shares add up to 1; the rule that checks them reports at child_share.
  const Diagnostic d = set_error("pockets[0].demography.child_share=0.5");
  EXPECT_EQ(d.where.file, "command line") << d.format();
  EXPECT_EQ(d.where.line, 0) << d.format();
  EXPECT_NE(d.message.find("add up to 1.1"), std::string::npos) << d.format();
}

TEST(Validation, MissingFileNamesThePath) {
  try {
    scenario::load_file("/nonexistent/scenario.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).where.file, "/nonexistent/scenario.yaml");
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
  }
}

}  // namespace
}  // namespace siege
