#include "harness/timeline.h"

#include <fmt/format.h>

#include "impl/source_of_truth.h"

namespace catsim {

namespace {

std::string describe_call(const CallRecord& call) {
  std::string text = fmt::format("{} [{} e{}] {}", call.call, handle_mode_name(call.mode),
                                 call.handle_epoch, status_name(call.status));
  if (call.took_effect) text += " (applied)";
  return text;
}

}  // namespace

std::string describe_violation(const Violation& violation) {
  std::string text = fmt::format("{} violated at step {}: {}\n", violation.property, violation.step,
                                 violation.summary);
  for (const std::string& line : violation.details) text += fmt::format("    {}\n", line);
  return text;
}

std::string render_timeline(const RunReport& report, Protocol protocol) {
  std::string out =
      fmt::format("{:>5}  {:<8} {:<8} {:<56} | {:>6} {:>7} {:<14} {}\n", "step", "process",
                  "action", "calls", "stash", "persist", "tombstone", "truth");
  for (const StepEvent& event : report.events) {
    std::string who =
        fmt::format("{}#{}", report.process_names.at(event.process), event.incarnation);
    std::string calls;
    if (event.action == StepAction::kCrash) calls = fmt::format("crashed at {}", event.label);
    if (event.action == StepAction::kRestart) calls = "restarted";
    for (const CallRecord& call : event.calls) {
      if (!calls.empty()) calls += "; ";
      calls += describe_call(call);
    }
    const StoresState& after = event.after;
    out +=
        fmt::format("{:>5}  {:<8} {:<8} {:<56} | {:>6} {:>7} {:<14} {}\n", event.step, who,
                    step_action_name(event.action), calls, fmt::format("e{}", after.stash_epoch),
                    fmt::format("e{}", after.persist_epoch),
                    describe(Tombstones{after.stash_tombstone, after.persist_tombstone}, protocol),
                    after.source_of_truth ? store_name(*after.source_of_truth) : "NONE");
    for (const std::string& note : event.notes) out += fmt::format("{:>15}{}\n", "", note);
  }
  if (report.violation) out += describe_violation(*report.violation);
  return out;
}

}  // namespace catsim
