// libFuzzer entry point whose input bytes drive every scheduler, crash,
// fault and workload decision of one run (sim/decision.h, bytes mode), so
// coverage guidance searches the space of schedules directly. Usable by
// ClusterFuzzLite / OSS-Fuzz style infrastructure.
//
// The protocol variant comes from CATSIM_FUZZ_VARIANT (default "correct")
// and CATSIM_FUZZ_PROTOCOL (default "single-tombstone"). A property
// violation aborts, so the fuzzer keeps the input; it replays with
//   CATSIM_FUZZ_VARIANT=V ./schedule_fuzz crash-<sha1>
// which also writes the run's trace to schedule-fuzz-violation.trace.jsonl.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/run.h"
#include "traces/trace.h"

namespace {

catsim::RunConfig fuzz_config() {
  catsim::RunConfig config;
  const char* protocol = std::getenv("CATSIM_FUZZ_PROTOCOL");
  const char* variant = std::getenv("CATSIM_FUZZ_VARIANT");
  if (protocol != nullptr) config.protocol = *catsim::protocol_from_name(protocol);
  if (variant != nullptr) config.variant = variant;
  if (catsim::find_variant(config.protocol, config.variant) == nullptr) {
    std::fprintf(stderr, "schedule_fuzz: unknown variant %s\n", config.variant.c_str());
    std::abort();
  }
  config.safety_steps_max = 300;
  config.liveness_steps_max = 200;
  return config;
}

catsim::Swarm fuzz_swarm(const catsim::RunConfig& config) {
  catsim::Swarm swarm;
  swarm.crash_percent = 5;
  swarm.faults.transient_percent = 3;
  swarm.faults.indeterminate_percent = 3;
  swarm.savepoint_percent = 20;
  swarm.weights =
      catsim::TargetWeights{5, 3, config.protocol == catsim::Protocol::kTwoTombstone ? 0u : 1u};
  return swarm;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const catsim::RunConfig config = fuzz_config();
  static const catsim::Swarm swarm = fuzz_swarm(config);
  catsim::RunReport report = catsim::run_bytes(
      catsim::ChoiceBytes{std::vector<uint8_t>(data, data + size)}, config, swarm);
  if (report.violation) {
    std::fprintf(stderr, "schedule_fuzz: %s %s violated: %s\n", config.variant.c_str(),
                 report.violation->property.c_str(), report.violation->summary.c_str());
    catsim::RunReport recorded =
        catsim::run_bytes(catsim::ChoiceBytes{std::vector<uint8_t>(data, data + size)}, config,
                          swarm, catsim::RunOptions{true});
    catsim::write_file_atomically("schedule-fuzz-violation.trace.jsonl",
                                  catsim::write_trace(catsim::make_trace(recorded, config)));
    std::abort();
  }
  return 0;
}
