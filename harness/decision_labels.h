// The workload's decision labels: each names one choice a workload process
// draws from the Decider (harness/workload.cc) or one yield that makes no
// store call. The conformance check, counterexample scripts and the
// shrinker find those choices in a decision log by these names, so they
// are written once, here.
#pragma once

#include <string_view>

namespace catsim::labels {

inline constexpr std::string_view kBootTarget = "boot.target";        // a writer's target
inline constexpr std::string_view kBootSavepoint = "boot.savepoint";  // run the pre-flight?
inline constexpr std::string_view kChangesCount = "changes.count";  // after an open or a pre-flight
inline constexpr std::string_view kChangeKind = "change.kind";
inline constexpr std::string_view kChangeVictim = "change.victim";
inline constexpr std::string_view kReadKind = "read.kind";      // 1: a read-only open, 0: a getter
inline constexpr std::string_view kReadGetter = "read.getter";  // an index of kAllGetters
inline constexpr std::string_view kReadAgain = "read.again";    // rereads of a read-only handle
inline constexpr std::string_view kReadPause = "read.pause";    // steps before a reread
inline constexpr std::string_view kReaderPause = "reader.pause";  // the yield of one pause step
inline constexpr std::string_view kLiveTarget = "live.target";    // the liveness opener's target

}  // namespace catsim::labels
