// Every checker must be shown to fail: each broken variant is run on the
// default campaign until the property it breaks fires, and the correct
// variants stay clean on the same seeds.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "harness/campaign.h"

namespace catsim {
namespace {

constexpr uint64_t kSeedsMax = 10000;

struct Detection {
  uint64_t seeds_to_first = 0;
  std::optional<Violation> violation;
};

Detection detect(Protocol protocol, const std::string& variant) {
  RunConfig config;
  config.protocol = protocol;
  config.variant = variant;
  CampaignResult result =
      run_campaign(CampaignOptions{.config = config, .seed_start = 1, .seeds = kSeedsMax});
  Detection detection{result.seeds_run, std::nullopt};
  if (!result.failures.empty()) detection.violation = result.failures.front().violation;
  return detection;
}

TEST(MutantDetection, EveryBrokenVariantBreaksItsProperty) {
  std::set<Property> properties_fired;
  for (const Variant& variant : all_variants()) {
    // A mistake believed harmless here has no property to break; the
    // explorer proves it equivalent (model/explorer_test.cc).
    if (variant.kind != VariantKind::kMutant || variant.expected_properties.empty()) continue;
    SCOPED_TRACE(fmt::format("{} {}", protocol_name(variant.protocol), variant.name));
    Detection detection = detect(variant.protocol, variant.name);
    ASSERT_TRUE(detection.violation.has_value()) << "survived " << kSeedsMax << " seeds";
    EXPECT_TRUE(variant.expects(detection.violation->property))
        << detection.violation->property << ": " << detection.violation->summary;
    properties_fired.insert(detection.violation->property);
    std::printf("%-16s %-32s %s after %lu seeds: %s\n",
                std::string(protocol_name(variant.protocol)).c_str(), variant.name.c_str(),
                std::string(property_name(detection.violation->property)).c_str(),
                detection.seeds_to_first, detection.violation->summary.c_str());
  }
  EXPECT_EQ(properties_fired, (std::set<Property>(kEveryProperty.begin(), kEveryProperty.end())));
}

TEST(MutantDetection, CorrectVariantsStayClean) {
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    RunConfig config;
    config.protocol = protocol;
    CampaignResult result = run_campaign(
        CampaignOptions{.config = config, .seed_start = 1, .seeds = 3000, .keep_going = true});
    EXPECT_TRUE(result.failures.empty())
        << protocol_name(protocol) << " seed " << result.failures.front().seed << ": "
        << result.failures.front().violation->summary;
    EXPECT_EQ(result.seeds_run, 3000u);
  }
}

TEST(MutantDetection, AsDesignedShowsItsFindings) {
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    Detection detection = detect(protocol, "as-designed");
    ASSERT_TRUE(detection.violation.has_value()) << protocol_name(protocol);
    std::printf("%s as-designed: %s after %lu seeds: %s\n",
                std::string(protocol_name(protocol)).c_str(),
                std::string(property_name(detection.violation->property)).c_str(),
                detection.seeds_to_first, detection.violation->summary.c_str());
  }
}

}  // namespace
}  // namespace catsim

namespace catsim {
namespace {

// README, "Add your own variant": the worked example is built, listed, and
// found by the default campaign breaking the property it declares.
TEST(AddYourOwnVariant, TheReadmeExampleIsFoundWithItsProperty) {
  const Variant* example = find_variant(Protocol::kSingleTombstone, "example-forget-tombstone");
  ASSERT_NE(example, nullptr);
  EXPECT_TRUE(example->switches.example_forget_tombstone);
  EXPECT_EQ(example->expected_properties, std::vector<Property>{Property::kP2});
  RunConfig config;
  config.variant = example->name;
  CampaignResult result = run_campaign(CampaignOptions{.config = config, .seeds = 1000});
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures.front().violation->property, Property::kP2);
}

}  // namespace
}  // namespace catsim
