#include "traces/failure_sink.h"

#include <fmt/format.h>

#include <filesystem>

#include "harness/timeline.h"
#include "traces/shrink.h"

namespace catsim {

namespace {

constexpr size_t kSeedsKeptMax = 100;

std::string signature_of(const Trace& trace) {
  std::map<uint32_t, uint32_t> renumbered;
  std::string signature(property_name(trace.violation->property));
  for (const StepEvent& event : trace.events) {
    auto [it, inserted] = renumbered.emplace(event.process, renumbered.size());
    signature += fmt::format(" p{}:{}", it->second, event.label);
    if (event.action != StepAction::kRun)
      signature += fmt::format("/{}", step_action_name(event.action));
  }
  return signature;
}

// The failure again, with its events: from its seed, or (a guided run, whose
// configuration is not its seed's) from its decision log.
RunReport rerun(const RunReport& failure, const RunConfig& config) {
  if (!failure.guided_origin) return run_seed(failure.seed, config, RunOptions{true});
  ReplayInput input{failure.seed, config, failure.swarm, failure.decisions, ReplayMode::kStrict};
  RunReport report = replay_run(input, RunOptions{true});
  report.guided_origin = failure.guided_origin;
  return report;
}

}  // namespace

FailureSink::FailureSink(RunConfig config, std::string out_dir, bool shrink,
                         size_t shrink_replays_max)
    : config_(std::move(config)),
      out_dir_(std::move(out_dir)),
      shrink_(shrink),
      shrink_replays_max_(shrink_replays_max) {}

std::vector<std::string> FailureSink::add(const RunReport& failure) {
  std::vector<std::string> lines;
  const Violation& violation = *failure.violation;
  Trace trace = make_trace(rerun(failure, config_), config_);
  Trace shrunk = shrink_ ? shrink_trace(trace, ShrinkOptions{shrink_replays_max_}) : trace;
  std::string signature = signature_of(shrunk);
  auto known = by_signature_.find(signature);
  if (known != by_signature_.end()) {
    FailureGroup& group = groups_[known->second];
    ++group.count;
    if (group.seeds.size() < kSeedsKeptMax) group.seeds.push_back(failure.seed);
    lines.push_back(fmt::format("VIOLATION seed {}: {} {} (same bug as seed {}, seen {} times)",
                                failure.seed, violation.property, violation.summary,
                                group.seeds.front(), group.count));
    return lines;
  }
  FailureGroup group{signature, violation.property, violation.summary, 1, {failure.seed}};
  group.steps = trace.steps;
  group.shrunk_steps = shrunk.steps;
  lines.push_back(
      fmt::format("VIOLATION seed {}: {} {}", failure.seed, violation.property, violation.summary));
  std::string described = describe_violation(violation);
  while (!described.empty() && described.back() == '\n') described.pop_back();
  lines.push_back(described);
  std::error_code error;
  std::filesystem::create_directories(out_dir_, error);
  std::string base = fmt::format("{}/seed-{}", out_dir_, failure.seed);
  std::string written = error ? fmt::format("{}: cannot create: {}", out_dir_, error.message())
                              : write_file_atomically(base + ".trace.jsonl", write_trace(trace));
  if (written.empty()) {
    group.trace_path = base + ".trace.jsonl";
    lines.push_back(fmt::format("trace: {} ({} steps)", group.trace_path, trace.steps));
    if (shrink_) {
      written = write_file_atomically(base + ".shrunk.trace.jsonl", write_trace(shrunk));
      if (written.empty()) {
        group.shrunk_path = base + ".shrunk.trace.jsonl";
        lines.push_back(fmt::format("shrunk: {} ({} -> {} steps)", group.shrunk_path, trace.steps,
                                    shrunk.steps));
      }
    }
  }
  if (!written.empty()) lines.push_back(fmt::format("catsim: {}", written));
  lines.push_back(fmt::format("replay: catsim replay {}",
                              group.shrunk_path.empty() ? group.trace_path : group.shrunk_path));
  by_signature_.emplace(signature, groups_.size());
  groups_.push_back(std::move(group));
  return lines;
}

}  // namespace catsim
