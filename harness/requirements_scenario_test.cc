// docs/requirements.md cannot go stale: every row's mutant exists, breaks
// the row's property within the default campaign's budget, at exactly the
// first failing seed the table gives; a row without a mutant says why; and
// every broken variant judges at least one row.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/campaign.h"

namespace catsim {
namespace {

constexpr uint64_t kBudgetSeeds = 10'000;  // the default campaign's budget for a mutant

struct Row {
  std::string id;
  std::string check;
  std::string mutant;
  std::string figure;
  std::string why;
};

std::string trim(const std::string& text) {
  size_t begin = text.find_first_not_of(' ');
  size_t end = text.find_last_not_of(' ');
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

std::string unquote(std::string text) {
  std::erase(text, '`');
  return text;
}

std::vector<Row> read_rows() {
  std::ifstream in(std::string(CATSIM_SOURCE_DIR) + "/docs/requirements.md");
  EXPECT_TRUE(in.good()) << "docs/requirements.md is missing";
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| `S")) continue;
    std::vector<std::string> cells;
    std::stringstream cut(line.substr(1));
    for (std::string cell; std::getline(cut, cell, '|');) cells.push_back(trim(cell));
    EXPECT_EQ(cells.size(), 7u) << line;
    if (cells.size() != 7) continue;
    rows.push_back({unquote(cells[0]), cells[2], cells[4], cells[5], cells[6]});
  }
  return rows;
}

// "`as-designed` (two-tombstone)" -> the variant; names unique to one
// protocol need no suffix.
const Variant* variant_of(const std::string& cell) {
  const bool two = cell.find("(two-tombstone)") != std::string::npos;
  std::string name = unquote(cell.substr(0, cell.find(" (")));
  if (two) return find_variant(Protocol::kTwoTombstone, name);
  const Variant* single = find_variant(Protocol::kSingleTombstone, name);
  return single != nullptr ? single : find_variant(Protocol::kTwoTombstone, name);
}

struct Measured {
  std::string figure;                // the first failing seed, "missed" or "harmless"
  std::optional<Property> property;  // when found
};

Measured measure(const Variant& variant) {
  RunConfig config;
  config.protocol = variant.protocol;
  config.variant = variant.name;
  CampaignResult result =
      run_campaign(CampaignOptions{.config = config, .seed_start = 1, .seeds = kBudgetSeeds});
  if (result.failures.empty()) {
    return {variant.expected_properties.empty() ? "harmless" : "missed", std::nullopt};
  }
  const RunReport& first = result.failures.front();
  return {std::to_string(first.seed), first.violation->property};
}

TEST(Requirements, EveryRowIsJudgedByAMutantThatFiresOrSaysWhyNot) {
  std::vector<Row> rows = read_rows();
  ASSERT_GE(rows.size(), 30u);
  std::set<std::string> ids;
  std::map<const Variant*, Measured> measured;  // each variant once
  std::set<const Variant*> judging;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.id);
    EXPECT_TRUE(ids.insert(row.id).second) << "duplicate id";
    if (row.mutant == "-") {
      EXPECT_EQ(row.figure, "-");
      EXPECT_GT(row.why.size(), 20u) << "a row without a mutant must say why";
      continue;
    }
    const Variant* variant = variant_of(row.mutant);
    ASSERT_NE(variant, nullptr) << "no variant " << row.mutant;
    judging.insert(variant);
    auto [it, fresh] = measured.try_emplace(variant);
    if (fresh) it->second = measure(*variant);
    const Measured& m = it->second;
    EXPECT_EQ(row.figure, m.figure)
        << "docs/requirements.md is stale: " << row.mutant << " is first found at seed " << m.figure
        << " (property " << (m.property ? property_name(*m.property) : std::string_view("none"))
        << ")";
    if (variant->kind == VariantKind::kFixLeftOut) continue;  // issue 14: shown, not gating
    if (variant->expected_properties.empty()) {
      EXPECT_EQ(m.figure, "harmless") << "a variant declared harmless was detected";
      continue;
    }
    ASSERT_NE(m.figure, "missed") << row.mutant << " survives " << kBudgetSeeds << " seeds";
    ASSERT_TRUE(m.property.has_value());
    EXPECT_TRUE(variant->expects(*m.property)) << row.mutant << " broke " << *m.property;
    if (variant->expected_properties.size() > 1) continue;  // as-designed: any of its findings
    EXPECT_NE(row.check.find(property_name(*m.property)), std::string::npos)
        << row.mutant << " broke " << *m.property << ", not the row's check: " << row.check;
  }
  for (const Variant& variant : all_variants()) {
    if (variant.kind == VariantKind::kCorrect) continue;
    EXPECT_TRUE(judging.contains(&variant))
        << protocol_name(variant.protocol) << " " << variant.name << " judges no requirement";
  }
}

}  // namespace
}  // namespace catsim
