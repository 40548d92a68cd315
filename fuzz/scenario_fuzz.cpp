// Any text as a scenario: it is read and validated, or refused with InputError. Anything else (a
// crash, another exception, a sanitizer report, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const siege::Scenario scenario = siege::scenario::load_text(text, "fuzz.yaml");
    // Every policy the file declares is read too: overlays are a second way in.
    for (const siege::PolicyDef& policy : scenario.policies) siege::scenario::load_text(text, "fuzz.yaml", policy.name);
  } catch (const siege::InputError&) {
    // refused with a message: the expected outcome for most inputs
  }
  return 0;
}
