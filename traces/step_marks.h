// How the HTML timeline draws one step: a short label for its call
// ("fence", "snap", "append", "tomb=1", "crash") and the class of its
// result, which the page encodes by colour and by shape.
//
// Guarantees:
//  1. Every step gets a non-empty label of at most kMarkLabelMax code points
//     (a longer call name is cut with an ellipsis) and exactly one result.
//  2. The result ranks what went wrong first: a crash or restart is that;
//     a run step is fenced, else indeterminate, else failed (transient or
//     not-writable), else took effect (ground truth: a durable change), else ok.
//  3. Pure: the label and result depend on the step alone.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "harness/step_event.h"

namespace catsim {

inline constexpr size_t kMarkLabelMax = 10;

enum class MarkResult { kOk, kTookEffect, kFailed, kFenced, kIndeterminate, kCrash, kRestart };
inline constexpr MarkResult kAllMarkResults[] = {
    MarkResult::kOk,     MarkResult::kTookEffect,    MarkResult::kFailed,
    MarkResult::kFenced, MarkResult::kIndeterminate, MarkResult::kCrash,
    MarkResult::kRestart};

// "ok", "took-effect", "failed", "fenced", "indeterminate", "crash", "restart".
std::string_view mark_result_name(MarkResult result);
// What the legend says about a result, one short phrase.
std::string_view mark_result_meaning(MarkResult result);

MarkResult mark_result(const StepEvent& event);
std::string mark_label(const StepEvent& event);

}  // namespace catsim
