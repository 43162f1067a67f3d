// DeterminismCheck: the same seeds re-run in a second process, their trace
// hashes compared with this process's.
//
// The child is a command (this executable, re-invoked) that prints one
// hash line ("hash SEED HEX") per seed it runs, among any other output. A
// second process has its own address-space layout, heap and thread timing,
// so a run that depends on pointer values, allocation order or iteration
// over unordered containers shows up as a mismatch. Guarantees: every seed
// of `hashes` is compared or the check fails (a child that stops early is
// a failure, never a pass); protocol-neutral (it knows seeds and hashes).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace catsim {

// The child's line for one seed, and its parse (nullopt: not a hash line).
std::string hash_line(uint64_t seed, uint64_t trace_hash);
std::optional<std::pair<uint64_t, uint64_t>> parse_hash_line(std::string_view line);

struct HashMismatch {
  uint64_t seed = 0;
  uint64_t here = 0;   // this process's trace hash
  uint64_t there = 0;  // the child's
};

struct DeterminismReport {
  uint64_t compared = 0;  // seeds of `hashes` the child reported
  uint64_t mismatched = 0;
  std::vector<HashMismatch> first_mismatches;  // at most kMismatchesShownMax
  int child_status = 0;                        // as pclose() returns it
  bool passed(size_t seeds) const { return compared == seeds && mismatched == 0; }
};

inline constexpr size_t kMismatchesShownMax = 5;

// Runs child_command (a shell command line), reads its hash lines and
// compares them with hashes (seed -> trace hash). Returns an error message
// if the child cannot be started.
std::optional<std::string> compare_with_child(const std::string& child_command,
                                              const std::map<uint64_t, uint64_t>& hashes,
                                              DeterminismReport& report);

// This process's executable, for re-invoking it; nullopt if unknown.
std::optional<std::string> own_executable();

}  // namespace catsim
