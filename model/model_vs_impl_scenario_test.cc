// The model against the implementation: every mutant's and the
// as-designed protocols' shortest counterexample, replayed step for step on
// the implementation (model/impl_replay.h), must break the same property
// there at the same step, with the stores agreeing after every step. The
// findings on the correct variants are cross-checked the same way in
// explorer_slow_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "model/explorer.h"
#include "model/impl_replay.h"

namespace catsim::model {
namespace {

using testing::replay_on_implementation;

struct Case {
  Protocol protocol;
  const char* variant;
  ModelBounds bounds;
  uint32_t properties;
};

class ModelVsImplementation : public ::testing::TestWithParam<Case> {};

TEST_P(ModelVsImplementation, TheCounterexampleReplaysOnTheImplementation) {
  const Case& c = GetParam();
  const Variant* variant = find_variant(c.protocol, c.variant);
  ASSERT_NE(variant, nullptr);
  ExploreReport report = explore_variant(*variant, c.bounds, {}, c.properties);
  ASSERT_EQ(report.verdict, Verdict::kViolation);
  ASSERT_TRUE(report.counterexample);
  ASSERT_EQ(report.counterexample->path.size(), report.counterexample->length);
  replay_on_implementation(*variant, c.bounds, *report.counterexample);
}

const Protocol kSingle = Protocol::kSingleTombstone;
const Protocol kTwo = Protocol::kTwoTombstone;

const Case kCases[] = {
    {kSingle, "as-designed", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "as-designed", {2, 1, 1, 2, 0, {}}, property_bit(3)},
    {kTwo, "as-designed", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-before-copy", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "stash-skip-fence", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "persist-blind-append", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "no-epoch-lower-bound", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "always-copy", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "copy-requires-empty-destination", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kTwo, "early-draft", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "rollback-tombstone-first", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "merge-not-replace", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "persist-fenced-first", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-read-before-fence", {2, 1, 1, 2, 0, {}}, kAllProperties},
    {kSingle, "tombstone-read-before-fence", {2, 1, 1, 2, 0, {}}, property_bit(6)},
    {kSingle, "example-forget-tombstone", {2, 1, 1, 2, 0, {}}, kAllProperties},
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::string(protocol_name(info.param.protocol)) + "_" + info.param.variant;
  for (char& ch : name) {
    if (ch == '-') ch = '_';
  }
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Counterexamples, ModelVsImplementation, ::testing::ValuesIn(kCases),
                         case_name);

}  // namespace
}  // namespace catsim::model
