// Opinion: each resident's support for holding the detainee-release condition moves by the
// Friedkin-Johnsen rule over the network of households,
//   support <- stubbornness x prior + (1 - stubbornness) x (mean support around the household),
// where the mean around weighs the household's own residents and those of its ties (world/network),
// and the prior is the person's own leaning, raised by a detained relative and lowered by hardship:
// the household's hunger and the deaths and strikes its town has seen lately. A town whose mean
// support is high demonstrates now and then; a committee that follows its residents drops the
// condition once their support has stayed low for long enough.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "stages/stages.hpp"

namespace siege::stages {
namespace {

constexpr float kPerLeaning = 1.0f / 255.0f;

struct SupportSum {
  double support = 0.0;
  std::int64_t above_half = 0;
  std::int64_t alive = 0;
};

/// Deaths and strikes fade from memory over opinion.memory_days.
void remember_hardship(World& world, const OpinionDef& def) {
  const double keep = 1.0 - 1.0 / def.memory_days;
  for (Town& town : world.towns) {
    const double residents = static_cast<double>(town.alive + town.deaths_today);
    const double deaths_per_1000 = residents > 0 ? 1000.0 * static_cast<double>(town.deaths_today) / residents : 0.0;
    town.recent_deaths_per_1000 = keep * town.recent_deaths_per_1000 + deaths_per_1000;
    town.recent_strikes = keep * town.recent_strikes + static_cast<double>(town.strikes_today);
  }
}

/// Each household's mean support among those inside, as its ties read it. The sums left by
/// yesterday's opinion stage and today's households stage hold unless someone came or went.
void gather_households(World& world) {
  const Persons& persons = world.persons;
  Households& households = world.households;
  std::vector<float>& mean_support = world.network.mean_support;
  for_each_block(world.household_blocks, world.household_affinity, [&](std::size_t, const Block& block) {
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      if (households.members_changed[h]) {
        float support = 0.0f, reserve_share = 0.0f;
        for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
          if (persons.status[i] != Status::kInside) continue;
          support += persons.support[i];
          reserve_share += persons.reserve_share[i];
        }
        households.support_sum[h] = support;
        households.reserve_share_sum[h] = reserve_share;
        households.members_changed[h] = 0;
      }
      const int inside = households.inside_count(h);
      mean_support[h] = inside > 0 ? households.support_sum[h] / static_cast<float>(inside) : SocialNetwork::kNobodyInside;
    }
  });
}

/// Moves every resident's support one step and sums the results by block. Every household reads
/// its ties' means as gathered this morning, so the order of blocks does not matter.
std::vector<SupportSum> update_persons(World& world, const OpinionDef& def) {
  Persons& persons = world.persons;
  Households& households = world.households;
  const SocialNetwork& network = world.network;
  const auto stubbornness = static_cast<float>(def.stubbornness);
  const auto relative_gain = static_cast<float>(def.detained_relative_gain);
  const auto hunger_weight = static_cast<float>(def.hunger_weight);
  const std::span<const Block> blocks = world.household_blocks;
  std::vector<SupportSum> sums(blocks.size());
  for_each_block(blocks, world.household_affinity, [&](std::size_t b, const Block& block) {
    const Town& town = world.towns[block.town];
    // The part of the prior the whole town shares: what it has lived through lately.
    const auto town_hardship = static_cast<float>(def.deaths_weight * town.recent_deaths_per_1000 +
                                                  def.strikes_weight * town.recent_strikes);
    SupportSum sum;
    for (std::uint32_t h = block.begin; h < block.end; ++h) {
      const int inside = households.inside_count(h);
      if (inside == 0) continue;
      const float around = network.around_mean(h, network.mean_support[h]);
      const float hunger = std::max(0.0f, 1.0f - households.reserve_share_sum[h] / static_cast<float>(inside));
      const float household_shift =
          (households.detained_relatives[h] > 0 ? relative_gain : 0.0f) - hunger_weight * hunger - town_hardship;
      float household_support = 0.0f;
      for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
        if (persons.status[i] != Status::kInside) continue;
        const float prior = std::clamp(persons.leaning[i] * kPerLeaning + household_shift, 0.0f, 1.0f);
        const float next = friedkin_johnsen(prior, around, stubbornness);
        persons.support[i] = next;
        household_support += next;
        sum.above_half += next > 0.5f;
      }
      sum.alive += inside;
      households.support_sum[h] = household_support;
      sum.support += household_support;
    }
    sums[b] = sum;
  });
  return sums;
}

/// Towns whose residents back the condition strongly march for it, unless strikes keep them in.
void demonstrations(World& world, const OpinionDef& def, std::span<const SupportSum> town_sums) {
  const Scenario& scenario = world.scenario();
  for (std::uint32_t t = 0; t < world.towns.size(); ++t) {
    Town& town = world.towns[t];
    const SupportSum& sum = town_sums[t];
    town.support = sum.alive > 0 ? sum.support / static_cast<double>(sum.alive) : 0.0;
    // Only where a committee negotiates over a list is there a condition to march for.
    const auto& conflict = scenario.pockets[town.pocket].conflict;
    if (sum.alive == 0 || !conflict || conflict->detainees.on_list == 0 || town.strikes_today > 0) continue;
    if (town.support < def.demonstration_threshold) continue;
    rng::Draws draws(world.key(), rng::Stream::kDemonstrations, t, static_cast<std::uint64_t>(world.day));
    if (draws.bernoulli(def.demonstration_probability)) ++world.pockets[town.pocket].today.demonstrations;
  }
}

/// A committee that answers to its residents drops the condition once support has stayed low.
void follow_support(World& world, std::uint32_t p, const CommitteeDef& committee) {
  Front& front = world.pockets[p].front;
  if (!committee.follow_support || front.policy == ReleasePolicy::kDrop) return;
  if (front.state == NegotiationState::kSurrender || front.state == NegotiationState::kEnded) return;
  const FollowSupportDef& follow = *committee.follow_support;
  const double support = world.pockets[p].today.support;
  front.low_support_days = support < follow.below ? front.low_support_days + 1 : 0;
  if (front.low_support_days < follow.days) return;
  front.policy = ReleasePolicy::kDrop;
  world.event(p, EventKind::kPolicyChanged, static_cast<double>(ReleasePolicy::kDrop),
              fmt::format("support for holding the release condition stayed under {:.0f}% for {} days (now {:.0f}%): "
                          "the committee drops the condition",
                          100.0 * follow.below, front.low_support_days, 100.0 * support));
}

}  // namespace

void opinion(World& world) {
  const Scenario& scenario = world.scenario();
  const OpinionDef& def = scenario.opinion;
  remember_hardship(world, def);
  gather_households(world);
  const std::vector<SupportSum> block_sums = update_persons(world, def);

  std::vector<SupportSum> town_sums(world.towns.size());
  for (std::size_t b = 0; b < block_sums.size(); ++b) {
    SupportSum& town = town_sums[world.household_blocks[b].town];
    town.support += block_sums[b].support;
    town.above_half += block_sums[b].above_half;
    town.alive += block_sums[b].alive;
  }
  demonstrations(world, def, town_sums);
  std::vector<SupportSum> pocket_sums(world.pockets.size());
  for (std::size_t t = 0; t < world.towns.size(); ++t) {
    SupportSum& pocket = pocket_sums[world.towns[t].pocket];
    pocket.support += town_sums[t].support;
    pocket.above_half += town_sums[t].above_half;
    pocket.alive += town_sums[t].alive;
  }
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    PocketToday& today = world.pockets[p].today;
    const SupportSum& sum = pocket_sums[p];
    const auto alive = static_cast<double>(sum.alive);
    today.support = sum.alive > 0 ? sum.support / alive : 0.0;
    today.support_above_half = sum.alive > 0 ? static_cast<double>(sum.above_half) / alive : 0.0;
    if (scenario.pockets[p].conflict) follow_support(world, p, scenario.pockets[p].conflict->committee);
  }
}

}  // namespace siege::stages
