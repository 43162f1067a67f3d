// `catsim regression`: records one regression trace with the shrink policy
// that `catsim mutants` measures (traces/shortest_shrink.h), so
// traces/regressions/rerecord holds no policy and reads no trace itself.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "traces/shortest_shrink.h"

namespace catsim::cli {

namespace {

struct RegressionCommand {
  std::string protocol = "single-tombstone";
  std::string variant;
  std::string property;  // empty: the first failure's
  std::string output;
  ShortestShrinkRequest request;
};

int record_regression(RegressionCommand& command) {
  ShortestShrinkRequest& request = command.request;
  request.config.protocol = *protocol_from_name(command.protocol);
  request.config.variant = command.variant;
  if (find_variant(request.config.protocol, command.variant) == nullptr) {
    std::fprintf(stderr, "catsim: unknown variant '%s' of %s\n", command.variant.c_str(),
                 command.protocol.c_str());
    return 2;
  }
  if (!command.property.empty()) {
    request.property = parse_property(command.property);
    if (!request.property) {
      std::fprintf(stderr, "catsim: --property: unknown property '%s'\n", command.property.c_str());
      return 2;
    }
  }
  if (request.failures_max < request.starts_max) {
    std::fprintf(stderr, "catsim: --failures-max (%zu) must be at least --starts (%zu)\n",
                 request.failures_max, request.starts_max);
    return 2;
  }
  const std::optional<ShortestShrink> found = shortest_shrink(request);
  if (!found) {
    fmt::print("{} {}: no failure{} in {} seeds\n", command.protocol, command.variant,
               command.property.empty() ? "" : " of " + command.property, request.seeds);
    return 1;
  }
  const std::string error = write_file_atomically(command.output, write_trace(found->shrunk));
  if (!error.empty()) {
    std::fprintf(stderr, "catsim: %s\n", error.c_str());
    return 2;
  }
  fmt::print(
      "{} {}: {}, {} steps, shrunk from {} (seed {}, the shortest of {} shrinks), written "
      "to {}\n",
      command.protocol, command.variant, found->property, found->shrunk.steps,
      found->original.steps, found->original.header.seed, found->starts, command.output);
  return 0;
}

}  // namespace

void add_regression_command(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "regression",
      "record a regression trace: the shortest shrink of the default campaign's first failures");
  auto command = std::make_shared<RegressionCommand>();
  sub->add_option("--protocol", command->protocol, "single-tombstone or two-tombstone")
      ->check(CLI::IsMember({"single-tombstone", "two-tombstone"}))
      ->capture_default_str();
  sub->add_option("--variant", command->variant, "the broken variant")->required();
  sub->add_option("--property", command->property,
                  "keep failures of this property (default: the first failure's)");
  sub->add_option("--seeds", command->request.seeds, "the campaign's budget, from seed 1")
      ->check(CLI::Range(uint64_t{1}, uint64_t{100'000'000}))
      ->capture_default_str();
  sub->add_option("--failures-max", command->request.failures_max,
                  "failing seeds to collect (raise it for a property that comes second)")
      ->check(CLI::Range(size_t{1}, size_t{10'000}))
      ->capture_default_str();
  sub->add_option("--starts", command->request.starts_max, "failures of the property to shrink")
      ->check(CLI::Range(size_t{1}, size_t{1'000}))
      ->capture_default_str();
  sub->add_option("--jobs", command->request.jobs, "worker threads")->check(CLI::Range(1, 256));
  sub->add_option("-o,--output", command->output, "where to write the shrunk trace")->required();
  sub->callback([&action, command] { action = [command] { return record_regression(*command); }; });
}

}  // namespace catsim::cli
