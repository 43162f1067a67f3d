#include <fmt/format.h>

#include "cli/commands.h"
#include "traces/shrink.h"

namespace catsim::cli {

void add_shrink_command(CLI::App& app, Action& action) {
  CLI::App* shrink =
      app.add_subcommand("shrink", "minimize a failing trace, keeping its violated property");
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  auto replays_max = std::make_shared<size_t>(ShrinkOptions{}.replays_max);
  shrink->add_option("trace", *input, "the failing trace")->required();
  shrink->add_option("-o,--output", *output, "where to write the shrunk trace")->required();
  shrink->add_option("--replays-max", *replays_max, "replays the shrinker may spend")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  shrink->callback([&action, input, output, replays_max] {
    action = [input, output, replays_max] {
      auto parsed = read_trace_file(*input);
      if (auto* error = std::get_if<TraceError>(&parsed)) {
        std::fprintf(stderr, "catsim: %s\n", error->message.c_str());
        return 2;
      }
      const Trace& trace = std::get<Trace>(parsed);
      if (!trace.violation) {
        std::fprintf(stderr, "catsim: %s: the trace records no violation to shrink\n",
                     input->c_str());
        return 2;
      }
      ShrinkStats stats;
      Trace shrunk = shrink_trace(trace, ShrinkOptions{*replays_max}, &stats);
      std::string error = write_file_atomically(*output, write_trace(shrunk));
      if (!error.empty()) {
        std::fprintf(stderr, "catsim: %s\n", error.c_str());
        return 2;
      }
      fmt::print("shrunk {} violation: {} steps -> {} steps ({} replays), written to {}\n",
                 shrunk.violation->property, stats.steps_before, stats.steps_after, stats.replays,
                 *output);
      return 0;
    };
  });
}

}  // namespace catsim::cli
