// Swarm shards of the kernel explorer (sim/swarm.h, ExploreOptions::swarm)
// on a toy model with no protocol in it: counters that processes raise one
// step at a time. Each shard is deterministic, shards take different
// orders (they find different counterexamples first), caps are reported, a
// shard with a large bit array visits exactly the states the exhaustive
// search does, and one with a tiny array visits fewer and says so in its
// omission estimate.
#include "sim/swarm.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <set>

#include "sim/explorer_search.h"
#include "sim/hash.h"

namespace catsim::model {
namespace {

enum class CounterProperty : uint8_t { kRunaway };

}  // namespace
}  // namespace catsim::model

template <>
struct fmt::formatter<catsim::model::CounterProperty> : fmt::formatter<std::string_view> {
  auto format(catsim::model::CounterProperty, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format("runaway", ctx);
  }
};

namespace catsim::model {
namespace {

struct CounterState {
  std::array<uint8_t, 8> counts{};
  bool operator==(const CounterState&) const = default;
};

struct CounterAction {
  uint32_t process = 0;
  bool operator==(const CounterAction&) const = default;
};

// procs counters, each raised by its own process up to count_max. With
// runaways on, a state where one counter is at count_max and every other
// still at 0 breaks kRunaway (procs such states, all on different paths).
class CounterModel {
 public:
  using State = CounterState;
  using Action = CounterAction;
  using Property = CounterProperty;
  using Violation = ModelViolationOf<Property>;

  CounterModel(uint32_t procs, uint8_t count_max, bool runaways)
      : procs_(procs), count_max_(count_max), runaways_(runaways) {}

  State initial() const { return {}; }
  void enabled(const State& state, std::vector<Action>& actions) const {
    actions.clear();
    for (uint32_t p = 0; p < procs_; ++p) {
      if (state.counts[p] < count_max_) actions.push_back({p});
    }
  }
  StepResultOf<State, Property> step(const State& state, const Action& action) const {
    StepResultOf<State, Property> result{state, std::nullopt};
    ++result.state.counts[action.process];
    result.violation = check(result.state);
    return result;
  }
  std::optional<Violation> check(const State& state) const {
    if (!runaways_) return std::nullopt;
    uint32_t at_max = 0, at_zero = 0;
    for (uint32_t p = 0; p < procs_; ++p) {
      at_max += state.counts[p] == count_max_ ? 1 : 0;
      at_zero += state.counts[p] == 0 ? 1 : 0;
    }
    if (at_max != 1 || at_zero + 1 != procs_) return std::nullopt;
    return Violation{Property::kRunaway, describe_state(state), std::nullopt, false};
  }
  State canonical(const State& state, Permutation& perm) const {
    for (uint8_t p = 0; p < perm.size(); ++p) perm[p] = p;
    return state;
  }
  uint64_t fingerprint(const State& state) const {
    uint64_t word = 0;
    std::memcpy(&word, state.counts.data(), sizeof(word));
    return mix64(word + 1);
  }
  std::string describe_action(const State&, const Action& action) const {
    return fmt::format("p{} +1", action.process);
  }
  std::string describe_state(const State& state) const {
    return fmt::format("{}", fmt::join(state.counts.begin(), state.counts.begin() + procs_, ","));
  }

 private:
  uint32_t procs_;
  uint8_t count_max_;
  bool runaways_;
};

using CounterReport = ExploreReportFor<CounterModel>;

ExploreOptions shard_options(uint64_t index, uint64_t count, uint32_t log2_bits,
                             uint64_t seed = 1) {
  ExploreOptions options;
  options.order = SearchOrder::kDepthFirst;
  options.swarm = SwarmOptions{
      .seed = seed, .shard_index = index, .shard_count = count, .log2_bits = log2_bits};
  return options;
}

TEST(Swarm, AShardIsDeterministic) {
  const CounterModel model(3, 12, true);
  const CounterReport one = explore(model, shard_options(2, 8, 16));
  const CounterReport two = explore(model, shard_options(2, 8, 16));
  ASSERT_EQ(one.verdict, Verdict::kViolation);
  ASSERT_TRUE(one.counterexample && two.counterexample);
  EXPECT_EQ(one.states, two.states);
  EXPECT_EQ(one.transitions, two.transitions);
  EXPECT_EQ(one.counterexample->steps, two.counterexample->steps);
  ASSERT_TRUE(one.swarm && two.swarm);
  EXPECT_EQ(one.swarm->order_seed, two.swarm->order_seed);
  EXPECT_EQ(one.swarm->fill_ratio, two.swarm->fill_ratio);
}

TEST(Swarm, ShardsTakeDifferentOrders) {
  const CounterModel model(3, 12, true);
  std::set<std::string> runaways;
  std::set<uint64_t> states, order_seeds, hash_seeds;
  for (uint64_t shard = 1; shard <= 8; ++shard) {
    const CounterReport report = explore(model, shard_options(shard, 8, 16));
    ASSERT_EQ(report.verdict, Verdict::kViolation) << shard;
    // A real path: 12 raises of one counter.
    ASSERT_EQ(report.counterexample->length, 12u);
    runaways.insert(report.counterexample->summary);
    states.insert(report.states);
    order_seeds.insert(report.swarm->order_seed);
    hash_seeds.insert(report.swarm->hash_seed);
  }
  EXPECT_GE(runaways.size(), 2u);  // which counter runs away first depends on the shard
  EXPECT_GE(states.size(), 2u);    // and so does the work before it
  EXPECT_EQ(order_seeds.size(), 8u);
  EXPECT_EQ(hash_seeds.size(), 8u);
  // Another swarm seed: another order for the same shard index.
  const CounterReport first = explore(model, shard_options(1, 8, 16, 1));
  const CounterReport reseeded = explore(model, shard_options(1, 8, 16, 2));
  EXPECT_NE(first.swarm->order_seed, reseeded.swarm->order_seed);
}

TEST(Swarm, ALargeBitArrayVisitsEveryStateOnce) {
  const CounterModel model(3, 20, false);
  ExploreOptions exhaustive;
  exhaustive.order = SearchOrder::kDepthFirst;
  const CounterReport full = explore(model, exhaustive);
  ASSERT_EQ(full.states, 21u * 21u * 21u);
  for (uint64_t shard = 1; shard <= 3; ++shard) {
    const CounterReport report = explore(model, shard_options(shard, 3, 24));
    EXPECT_EQ(report.verdict, Verdict::kClean);
    EXPECT_EQ(report.states, full.states) << shard;
    EXPECT_EQ(report.transitions, full.transitions) << shard;
    EXPECT_EQ(report.max_depth, 60u);
    ASSERT_TRUE(report.swarm);
    EXPECT_LT(report.swarm->omission_probability, 1e-6);
    EXPECT_EQ(report.swarm->bitstate_bytes, 2u << 20);
    EXPECT_EQ(report.swarm->hashes, 3u);
    EXPECT_GT(report.peak_memory_bytes, report.swarm->bitstate_bytes);
  }
}

TEST(Swarm, ATinyBitArrayMissesStatesAndSaysSo) {
  const CounterModel model(3, 20, false);
  const CounterReport report = explore(model, shard_options(1, 1, 12));
  EXPECT_EQ(report.verdict, Verdict::kClean);
  EXPECT_LT(report.states, 21u * 21u * 21u);
  EXPECT_GT(report.swarm->fill_ratio, 0.5);
  EXPECT_GT(report.swarm->omission_probability, 0.1);
}

TEST(Swarm, ADepthBoundAndAStatesCapAreReported) {
  const CounterModel model(3, 20, false);
  ExploreOptions bounded = shard_options(1, 1, 20);
  bounded.depth_max = 10;
  const CounterReport report = explore(model, bounded);
  EXPECT_EQ(report.verdict, Verdict::kClean);
  EXPECT_TRUE(report.depth_capped);
  EXPECT_EQ(report.max_depth, 10u);
  ExploreOptions capped = shard_options(1, 1, 20);
  capped.states_max = 100;
  const CounterReport stopped = explore(model, capped);
  EXPECT_EQ(stopped.verdict, Verdict::kIncomplete);
  EXPECT_EQ(stopped.states, 100u);
  ASSERT_TRUE(stopped.swarm);
}

TEST(Swarm, OrderIsAPermutationFixedByStateAndSeed) {
  std::vector<uint32_t> base(20);
  for (uint32_t i = 0; i < base.size(); ++i) base[i] = i;
  std::vector<uint32_t> one = base, again = base, other_state = base, other_seed = base;
  swarm_order(5, 100, one);
  swarm_order(5, 100, again);
  swarm_order(5, 101, other_state);
  swarm_order(6, 100, other_seed);
  EXPECT_EQ(one, again);
  EXPECT_NE(one, base);
  EXPECT_NE(one, other_state);
  EXPECT_NE(one, other_seed);
  std::sort(one.begin(), one.end());
  EXPECT_EQ(one, base);
}

}  // namespace
}  // namespace catsim::model
