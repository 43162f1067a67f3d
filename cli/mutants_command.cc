// `catsim mutants`: runs the default campaign on every broken variant, on
// as-designed and on the finding variants, and prints the table of what the
// harness finds: the first failing seed, its length, the shortest shrink of
// the first few failing seeds, and the explorer's shortest counterexample.
// Exit 0 when every gating row passes (see judge()), 1 otherwise, 2 when the
// selection is malformed or matches nothing.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/lease_commands.h"
#include "harness/campaign.h"
#include "lease/variant.h"
#include "model/explorer.h"
#include "sim/check.h"
#include "traces/shortest_shrink.h"

namespace catsim::cli {

namespace {

struct MutantsOptions {
  uint64_t budget_seeds = 10'000;
  std::string strategy;  // empty: the default campaign's per-seed mix
  uint32_t jobs = 1;
  std::optional<Protocol> protocol;   // nullopt: both
  std::vector<std::string> variants;  // empty: every broken variant
};

struct Row {
  const Variant* variant = nullptr;
  bool detected = false;
  Property property = Property::kP1;  // when detected
  uint64_t seeds = 0;
  double seconds = 0;
  uint64_t steps = 0;
  uint64_t shrunk_steps = 0;
  std::string explorer;  // the explorer's verdict at its default bounds
};

// The explorer's shortest counterexample length (BFS at the model's default
// bounds, with one indeterminate outcome allowed and, for a variant whose
// switches act on readers or the pre-flight, those too), "clean" for a proof of
// equivalence within those bounds, or why it cannot say.
std::string explorer_verdict(const Variant& variant) {
  model::ModelBounds bounds;
  bounds.indeterminates = 1;
  bounds = model::bounds_that_see(variant, bounds);
  if (!model::unmodelled_switches(variant, bounds, true).empty()) return "not modelled";
  model::ExploreOptions options;
  options.states_max = 20'000'000;
  options.partial_order = false;  // the shortest counterexample
  model::ExploreReport report = model::explore_variant(variant, bounds, options);
  switch (report.verdict) {
    case model::Verdict::kClean:
      return "clean";
    case model::Verdict::kIncomplete:
      return "incomplete";
    case model::Verdict::kViolation:
      return fmt::format("{} {}", report.counterexample->property, report.counterexample->length);
  }
  return "?";
}

Row measure(const Variant& variant, const MutantsOptions& o) {
  RunConfig config;
  config.protocol = variant.protocol;
  config.variant = variant.name;
  if (o.strategy == "random") config.strategy = StrategyKind::kRandom;
  if (o.strategy == "skewed") config.strategy = StrategyKind::kSkewed;
  if (o.strategy == "pct") config.strategy = StrategyKind::kPct;
  auto start = std::chrono::steady_clock::now();
  CampaignResult result =
      run_campaign(CampaignOptions{.config = config, .seeds = o.budget_seeds, .jobs = o.jobs});
  Row row{&variant};
  row.explorer = explorer_verdict(variant);
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  row.seeds = result.seeds_run;
  if (result.failures.empty()) return row;
  const RunReport& failure = result.failures.front();
  row.detected = true;
  row.property = failure.violation->property;
  row.steps = failure.steps;
  // The shortest shrink of the first failures, as the regression traces keep.
  const std::optional<ShortestShrink> shortest = shortest_shrink(ShortestShrinkRequest{
      .config = config, .seeds = o.budget_seeds, .jobs = o.jobs, .property = row.property});
  CATSIM_CHECK(shortest.has_value());  // the first failure broke row.property
  row.shrunk_steps = shortest->shrunk.steps;
  return row;
}

// How a row reads and whether it passes. A mutant or as-designed passes when
// it is detected with a property it declares; one declared harmless passes
// when it survives and the explorer proves it equivalent. A finding variant
// (a fix left out) gates like a mutant: the default campaign must find it.
struct Judgement {
  std::string detected;  // "yes", "equiv.", "NO"
  std::string remark;
  bool passes = false;
};

Judgement judge(const Variant& variant, const Row& row) {
  Judgement j;
  const bool harmless = variant.expected_properties.empty();
  const bool proved_equivalent = !row.detected && row.explorer == "clean";
  j.detected = row.detected ? "yes" : proved_equivalent ? "equiv." : "NO";
  if (row.detected) {
    j.passes = !harmless && variant.expects(row.property);
    if (!j.passes) j.remark = fmt::format("  (expected {})", variant.expected_text());
  } else {
    j.passes = harmless && proved_equivalent;
    if (proved_equivalent) j.remark = "  (proved equivalent within the explorer's bounds)";
    if (!harmless) j.remark = fmt::format("  (missed: expected {})", variant.expected_text());
  }
  return j;
}

bool selected(const Variant& variant, const MutantsOptions& o) {
  if (variant.kind == VariantKind::kCorrect) return false;
  if (o.protocol && variant.protocol != *o.protocol) return false;
  return o.variants.empty() ||
         std::find(o.variants.begin(), o.variants.end(), variant.name) != o.variants.end();
}

int mutants(const MutantsOptions& o) {
  fmt::print("{:<17} {:<32} {:<9} {:<8} {:>8} {:>8} {:>7} {:>7}  {}\n", "protocol", "variant",
             "detected", "property", "seeds", "seconds", "steps", "shrunk", "explorer (BFS)");
  int status = 0;
  for (const Variant& variant : all_variants()) {
    if (!selected(variant, o)) continue;
    Row row = measure(variant, o);
    Judgement j = judge(variant, row);
    fmt::print("{:<17} {:<32} {:<9} {:<8} {:>8} {:>8.2f} {:>7} {:>7}  {}{}\n",
               protocol_name(variant.protocol), variant.name, j.detected,
               row.detected ? property_name(row.property) : "-", row.seeds, row.seconds,
               row.detected ? std::to_string(row.steps) : "-",
               row.detected ? std::to_string(row.shrunk_steps) : "-", row.explorer, j.remark);
    if (!j.passes) status = 1;
  }
  if (!o.protocol && o.variants.empty()) {
    fmt::print("\n");
    if (lease_mutants(o.budget_seeds, o.jobs, {}) != 0) status = 1;
  }
  return status;
}

}  // namespace

void add_mutants_command(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "mutants",
      "run the default campaign on every broken variant and finding variant; exit 1 if one "
      "survives or breaks a property it does not declare");
  auto o = std::make_shared<MutantsOptions>();
  sub->add_option("--budget-seeds", o->budget_seeds, "seeds per variant")
      ->check(CLI::Range(uint64_t{1}, uint64_t{100'000'000}))
      ->capture_default_str();
  sub->add_option("--strategy", o->strategy, "random, skewed or pct (default: the default mix)")
      ->check(CLI::IsMember({"random", "skewed", "pct"}));
  sub->add_option("--jobs", o->jobs, "worker threads")->check(CLI::Range(1, 256));
  auto protocol = std::make_shared<std::string>();
  sub->add_option("--protocol", *protocol, "only this protocol")
      ->check(CLI::IsMember({"single-tombstone", "two-tombstone", "lease"}));
  sub->add_option("--variant", o->variants, "only these variants (repeatable)");
  sub->callback([&action, o, protocol, sub] {
    if (*protocol == kLeaseProtocol) {
      require_only_lease_flags(*sub, {"--protocol", "--variant", "--budget-seeds", "--jobs"});
      for (const std::string& name : o->variants) {
        const lease::Variant* variant = lease::find_variant(name);
        if (variant == nullptr || !variant->expected) {
          throw CLI::ValidationError("--variant", fmt::format("unknown lease mutant '{}'", name));
        }
      }
      action = [o] { return lease_mutants(o->budget_seeds, o->jobs, o->variants); };
      return;
    }
    if (!protocol->empty()) o->protocol = protocol_from_name(*protocol);
    for (const std::string& name : o->variants) {
      bool known = std::any_of(all_variants().begin(), all_variants().end(),
                               [&](const Variant& v) { return v.name == name; });
      if (!known)
        throw CLI::ValidationError("--variant", fmt::format("unknown variant '{}'", name));
    }
    if (std::none_of(all_variants().begin(), all_variants().end(),
                     [&](const Variant& v) { return selected(v, *o); })) {
      throw CLI::ValidationError("--variant", "no broken or finding variant matches the selection");
    }
    action = [o] { return mutants(*o); };
  });
}

}  // namespace catsim::cli
