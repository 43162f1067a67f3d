// FailureSink: what `catsim run` does with each violating seed.
//
// For every failure it records the trace, shrinks it (unless disabled), and
// groups it by signature: the property plus the sequence of call labels of
// the shrunk trace, with process ids renumbered in order of first
// appearance. The first failure of each signature gets its traces written
// (atomically, fsynced) into the output folder the moment it is reported;
// later ones only add their seed to the group. So a night that hits one bug
// five hundred times reports one bug with a count and its seeds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/run.h"

namespace catsim {

struct FailureGroup {
  std::string signature;
  Property property = Property::kP1;
  std::string summary;
  uint64_t count = 0;
  std::vector<uint64_t> seeds;  // the first seeds_kept_max
  std::string trace_path;       // the first failure's trace
  std::string shrunk_path;      // and its shrunk trace ("" when not shrunk)
  uint64_t steps = 0;
  uint64_t shrunk_steps = 0;
};

class FailureSink {
 public:
  FailureSink(RunConfig config, std::string out_dir, bool shrink, size_t shrink_replays_max);
  // Returns the lines to print about this failure.
  std::vector<std::string> add(const RunReport& failure);
  const std::vector<FailureGroup>& groups() const { return groups_; }

 private:
  RunConfig config_;
  std::string out_dir_;
  bool shrink_;
  size_t shrink_replays_max_;
  std::vector<FailureGroup> groups_;
  std::map<std::string, size_t> by_signature_;
};

}  // namespace catsim
