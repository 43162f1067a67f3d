// The conformance checker's step mapping: an implementation run's events,
// step by step, as model actions (model/conformance.h says what maps to
// what); the comparisons are in model/conformance_compare.cc.
#include "model/conformance.h"

#include "harness/decision_labels.h"
#include "model/conformance_checker.h"

namespace catsim::model {

namespace conformance_internal {

namespace {

// Why a step whose commit made this (non-create) change leaves the model.
std::string unmodelled_change(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kCreate:
      break;
    case ChangeKind::kDrop:
      return "a drop change";
    case ChangeKind::kAlter:
      return "an alter change";
    case ChangeKind::kSetting:
      return "a config setting change";
  }
  CATSIM_CHECK_MSG(false, "a create change is modelled");
  return "";
}

}  // namespace

bool Checker::fail(ConformanceVerdict verdict, std::string what) {
  out_.verdict = verdict;
  out_.reason = what;
  if (event_ == nullptr) {
    out_.step = report_.steps;
    out_.line = fmt::format("after the last step: {}", what);
    return false;
  }
  out_.step = event_->step;
  out_.line = fmt::format(
      "step {} ({}): {}{}", event_->step, describe_event(*event_, name(event_->process)),
      verdict == ConformanceVerdict::kNotModelled ? "not modelled: " : "", what);
  return false;
}

std::optional<std::string> Checker::outside_model() const {
  if (shape().procs + 1 > kProcsMax) {
    return fmt::format("{} writers (the model has {} processes, one for the liveness opener)",
                       shape().procs, kProcsMax);
  }
  if (shape().changes_max > 3) return "more than 3 changes per open";
  if (shape().readers > 1) return "more than one reader (the model has one)";
  if (config_.reads_max > 20) return "more than 20 reads per reader";
  Variant seen = variant_;  // switches that cannot act in this run
  if (shape().readers == 0) {
    seen.switches.reader_ignores_tombstone = false;
    seen.switches.reader_trusts_old_tombstone = false;
    seen.switches.preopen_prefetches_persist = false;
    seen.switches.read_only_serves_cache = false;
  }
  if (!model_.bounds().savepoints) {
    seen.switches.savepoint_durable = false;
    seen.switches.savepoint_needs_both_stores = false;
  }
  std::vector<std::string> unseen = unmodelled_switches(seen, model_.bounds(), true);
  if (!unseen.empty()) return unseen.front();
  if (report_.divergence) return "the run diverged from its decision log";
  return std::nullopt;
}

void Checker::read_decisions() {
  const uint32_t live = shape().procs + shape().readers;
  procs_.resize(std::max<size_t>(report_.process_names.size(), live + 1));
  for (uint32_t p = 0; p < procs_.size(); ++p) {
    if (p < shape().procs) procs_[p] = Process{Process::Role::kWriter, p};
    if (p == shape().procs && shape().readers > 0) {
      procs_[p] = Process{Process::Role::kReader, kReaderProcess};
    }
    if (p == live) procs_[p] = Process{Process::Role::kLive, shape().procs};
  }
  constexpr uint8_t kRo = static_cast<uint8_t>(ReadKind::kReadOnly) * 8u;
  for (const Decision& d : report_.decisions) {
    if (d.stream != Stream::kWorkload || d.process >= procs_.size()) continue;
    Process& proc = procs_[d.process];
    if ((d.label == labels::kBootTarget || d.label == labels::kLiveTarget) &&
        d.value < kAllTargets.size()) {
      proc.boot_targets.push_back(kAllTargets[d.value]);
    } else if (d.label == labels::kBootSavepoint) {
      proc.boot_preflights.push_back(d.value != 0);
    } else if (d.label == labels::kChangesCount) {
      proc.change_counts.push_back(d.value);
    } else if (d.label == labels::kReadKind) {
      proc.sessions.push_back(d.value != 0 ? kRo : static_cast<uint8_t>(ReadKind::kSetting) * 8u);
    } else if (d.label == labels::kReadGetter && !proc.sessions.empty()) {
      // user_version and is_initialized make the same calls and say the same.
      const Getter getter = d.value < kAllGetters.size() ? kAllGetters[d.value] : Getter::kSetting;
      const ReadKind kind = getter == Getter::kEpoch     ? ReadKind::kEpoch
                            : getter == Getter::kSetting ? ReadKind::kSetting
                                                         : ReadKind::kIsInitialized;
      proc.sessions.back() = static_cast<uint8_t>(static_cast<uint8_t>(kind) * 8u);
    } else if (d.label == labels::kReadAgain && !proc.sessions.empty() &&
               proc.sessions.back() == kRo) {
      proc.sessions.back() = static_cast<uint8_t>(kRo + std::min<uint64_t>(d.value, 3));
    }
  }
}

bool Checker::model_down(const Process& proc) const {
  if (proc.role == Process::Role::kReader) return state_.reader.pc == kRdDown;
  const ProcState& mine = state_.proc[proc.slot];
  return mine.pc == kPcDown || (mine.pc == kPcStart && proc.crashed_fresh);
}

// One model step, budgets cleared (they bound the explorer, not the path).
bool Checker::apply(const Action& action) {
  state_.crashes = 0;
  state_.indeterminates = 0;
  for (ProcState& proc : state_.proc) proc.boots = std::min<uint8_t>(proc.boots, 1);
  StepResult<ModelState> result = model_.step(state_, action);
  state_ = result.state;
  if (result.pruned) {
    return fail(ConformanceVerdict::kNotModelled,
                fmt::format("a read whose window spans more than {} reference values", kSeenMax));
  }
  if (result.violation && !violation_) violation_ = result.violation;
  if (result.acknowledged) {
    for (Process& proc : procs_) {
      if (proc.slot == action.process && proc.role == Process::Role::kLive)
        proc.acknowledged = true;
    }
  }
  return true;
}

const CallRecord* Checker::single_call(const StepEvent& e) {
  if (e.calls.size() != 1) {
    fail(ConformanceVerdict::kDiverged, fmt::format("{} calls in one step", e.calls.size()));
    return nullptr;
  }
  if (e.calls[0].status == Status::kTransient) {
    fail(ConformanceVerdict::kNotModelled, "a transient fault");
    return nullptr;
  }
  return &e.calls[0];
}

bool Checker::call(const StepEvent& e, Process& proc) {
  using V = ConformanceVerdict;
  const CallRecord* one = single_call(e);
  if (one == nullptr) return false;
  const CallRecord& c = *one;
  if (e.change && *e.change != ChangeKind::kCreate) {
    return fail(V::kNotModelled, unmodelled_change(*e.change));
  }
  const uint32_t p = proc.slot;
  const ProcState before = state_.proc[p];
  if (before.pc == kPcDown) {
    return fail(V::kDiverged, "the model's process had ended its incarnation");
  }
  Target target = Target::kMigrateToPersist;
  uint8_t action_target = 0;  // the model action's: a boot's target, or kStartOpen
  bool dry_run = in_dry_run(before);
  if (before.pc == kPcStart) {
    const bool live = proc.role == Process::Role::kLive;
    const size_t boot = live ? 0 : e.incarnation - 1;
    if (boot >= proc.boot_targets.size()) {
      return fail(V::kDiverged, "no boot.target decision for this incarnation");
    }
    target = proc.boot_targets[boot];
    // The fresh opener pre-flights whenever the run's writers may.
    dry_run = live ? model_.bounds().savepoints
                   : boot < proc.boot_preflights.size() && proc.boot_preflights[boot];
    action_target =
        static_cast<uint8_t>(static_cast<uint8_t>(target) + 1u + (dry_run ? kDryRunTargets : 0u));
    if (((model_.bounds().targets[p] >> static_cast<uint32_t>(target)) & 1) == 0) {
      // --weights can give two tombstones emergency opens: the model has none.
      return fail(V::kNotModelled,
                  fmt::format("an open of target {} (not in the {} model)", target_name(target),
                              protocol_name(variant_.protocol)));
    }
  } else {
    target = target_of(before);
    // After the dry run's changes, the next call is the writable open's first.
    if (dry_run && before.pc == kPcChanges && c.mode != HandleMode::kSavepoint) {
      action_target = kStartOpen;
      dry_run = false;
    }
  }
  const Op op = programs_.next_op(before, action_target);
  const StoreId commit_store = returned_store(target);
  std::optional<ExpectedCall> expected = expected_call(op, commit_store);
  if (!expected) {
    return fail(V::kDiverged, fmt::format("the model's next op {} maps to no call", op_name(op)));
  }
  if (dry_run) expected->mode = HandleMode::kSavepoint;  // every call of the pre-flight
  if (expected->store != c.store || expected->call != c.call || expected->intent != c.intent ||
      expected->mode != c.mode) {
    return fail(V::kDiverged,
                fmt::format("the model's next call is {} ({}[{}] {})", op_name(op), expected->call,
                            intent_name(expected->intent), handle_mode_name(expected->mode)));
  }
  CallOutcome outcome = CallOutcome::kNormal;
  if (c.status == Status::kIndeterminate) {
    outcome = c.took_effect ? CallOutcome::kIndeterminateApplied : CallOutcome::kIndeterminateLost;
    if (variant_.switches.retry_indeterminate_write &&
        ++proc.indeterminate_run > config_.retries_max)
      return fail(V::kNotModelled,
                  "a lost reply given up after retries_max (the model retries on)");
  } else {
    proc.indeterminate_run = 0;
  }
  if (op == Op::kCommitChange) {
    uint32_t used = state_.stash.contents | state_.persist.contents | state_.reference;
    for (const ProcState& other : state_.proc) used |= other.snap;
    if (fresh_label(used) >= kLabelsMax) return fail(V::kNotModelled, "more than 31 changes");
  }
  CallPrediction predicted = predict_call(variant_, state_, p, op, commit_store, outcome);
  if (predicted.status != c.status) {
    return fail(V::kDiverged, fmt::format("the model's {} returns {}", op_name(op),
                                          status_name(predicted.status)));
  }
  if (predicted.handle_epoch && *predicted.handle_epoch != c.handle_epoch) {
    return fail(V::kDiverged, fmt::format("the model's handle for {} holds epoch {}", op_name(op),
                                          *predicted.handle_epoch));
  }
  const ModelState prior = state_;
  if (!apply({static_cast<uint8_t>(p), ActionKind::kCall, action_target, outcome})) return false;
  if (expected->intent == Intent::kFence) {
    const StoreState& was = store_of(prior, c.store);
    const StoreState& now = store_of(state_, c.store);
    predicted.took_effect = was.epoch != now.epoch;
    // A raise whose reply was lost moved the epoch but not the handle.
    const bool reply_lost = op == Op::kStashRaiseEpoch && c.status == Status::kIndeterminate;
    if (*predicted.took_effect && c.handle_epoch != now.epoch && c.status != Status::kFence &&
        !reply_lost) {
      return fail(V::kDiverged,
                  fmt::format("the model's {} fenced at epoch {}", op_name(op), now.epoch));
    }
  }
  if (predicted.took_effect && *predicted.took_effect != c.took_effect) {
    return fail(V::kDiverged,
                fmt::format("the model's {} {}", op_name(op),
                            *predicted.took_effect ? "took effect" : "did not take effect"));
  }
  // The open returned: the workload decided how many changes it makes.
  const ProcState& after = state_.proc[p];
  if (before.pc != kPcChanges && after.pc == kPcChanges) {
    if (proc.role == Process::Role::kLive) {
      proc.changes_wanted = in_dry_run(after) ? 0 : 1;
    } else if (proc.opens < proc.change_counts.size()) {
      proc.changes_wanted = proc.change_counts[proc.opens++];
    } else {
      return fail(V::kDiverged, "the model's open returned, the implementation's did not");
    }
  }
  // It stops (a dry run's changes end with the open, not a stop).
  if (state_.proc[p].pc == kPcChanges && !in_dry_run(state_.proc[p]) &&
      state_.proc[p].changes >= proc.changes_wanted) {
    return apply({static_cast<uint8_t>(p), ActionKind::kCrash, 0, CallOutcome::kNormal});
  }
  return true;
}

bool Checker::reader_call(const StepEvent& e, Process& proc) {
  using V = ConformanceVerdict;
  const CallRecord* one = single_call(e);
  if (one == nullptr) return false;
  const CallRecord& c = *one;
  const ReaderState& reader = state_.reader;
  if (reader.pc == kRdIdle || reader.pc == kRdDown) {
    return fail(V::kDiverged, "the model's reader had ended its incarnation");
  }
  ModelState probe = state_;
  uint8_t action_target = 0;
  if (reader.pc == kRdStart) {
    if (proc.sessions_begun >= proc.sessions.size()) {
      return fail(V::kDiverged, "no read.kind decision for this session");
    }
    action_target = proc.sessions[proc.sessions_begun++];
    probe.reader.kind = static_cast<uint8_t>(action_target / 8u);
    probe.reader.pc =
        first_read_call(variant_, static_cast<ReadKind>(probe.reader.kind), probe.reader);
  }
  const ReaderCall expected = next_reader_call(probe);
  if (expected.store != c.store || expected.call != c.call || c.intent != Intent::kRead ||
      expected.mode != c.mode) {
    return fail(V::kDiverged, fmt::format("the model's reader calls {} {}", expected.call,
                                          handle_mode_name(expected.mode)));
  }
  const Status predicted = expected.passes ? Status::kOk : Status::kFence;
  if (predicted != c.status) {
    return fail(V::kDiverged, fmt::format("the model's reader's {} returns {}", expected.call,
                                          status_name(predicted)));
  }
  if (expected.handle_epoch != c.handle_epoch) {
    return fail(V::kDiverged, fmt::format("the model's reader's handle for {} holds epoch {}",
                                          expected.call, expected.handle_epoch));
  }
  return apply({kReaderProcess, ActionKind::kCall, action_target, CallOutcome::kNormal});
}

bool Checker::reader_event(const StepEvent& e, Process& proc) {
  using V = ConformanceVerdict;
  ReaderState& reader = state_.reader;
  switch (e.action) {
    case StepAction::kRestart:
      if (reader.pc != kRdDown) {
        return fail(V::kDiverged, "the model's reader had not ended its incarnation");
      } else if (reader.reads < model_.bounds().reads) {
        return apply({kReaderProcess, ActionKind::kRestart, 0, CallOutcome::kNormal});
      }  // else no reads left: the process ends, the model's stays down
      return true;
    case StepAction::kCrash:
      if (reader.pc == kRdDown || reader.pc == kRdIdle) {
        return fail(V::kDiverged, "the model's reader had ended");
      }
      if (reader.pc == kRdStart) {
        // Before the session's first call: the workload had drawn it and
        // counted the read; the incarnation ends (the model offers no crash
        // here, so the checker moves its reader as the crash does).
        ++proc.sessions_begun;
        ++reader.reads;
        reader.remembered = 0;
        reader.pc = kRdDown;
        return true;
      }
      return apply({kReaderProcess, ActionKind::kCrash, 0, CallOutcome::kNormal});
    case StepAction::kRun:
      if (e.calls.empty() && e.label == labels::kReaderPause) return true;  // a pause: no call
      return reader_call(e, proc);
  }
  return true;
}

bool Checker::event(size_t index) {
  using V = ConformanceVerdict;
  const StepEvent& e = report_.events[index];
  event_ = &e;
  if (e.process >= procs_.size()) return fail(V::kDiverged, "a process the run did not spawn");
  Process& proc = procs_[e.process];
  if (proc.role == Process::Role::kReader) {
    if (std::max(state_.stash.epoch, state_.persist.epoch) >= kEpochsModelled) {
      return fail(V::kNotModelled, "epochs beyond the model's byte");
    }
    if (!reader_event(e, proc)) return false;
    ++out_.steps_checked;
    return compare_violation(e) && compare_after(e) && compare_position(index, proc);
  }
  const ProcState& mine = state_.proc[proc.slot];
  if (std::max(state_.stash.epoch, state_.persist.epoch) >= kEpochsModelled) {
    return fail(V::kNotModelled, "epochs beyond the model's byte");
  }
  switch (e.action) {
    case StepAction::kRestart:
      if (mine.pc == kPcStart && proc.crashed_fresh) {
        proc.crashed_fresh = false;  // fresh again: nothing the model sees
      } else if (mine.pc != kPcDown) {
        return fail(V::kDiverged, "the model's process had not ended its incarnation");
      } else if (proc.role == Process::Role::kLive ||
                 e.incarnation - 1 < proc.boot_targets.size()) {
        if (!apply(
                {static_cast<uint8_t>(proc.slot), ActionKind::kRestart, 0, CallOutcome::kNormal})) {
          return false;
        }
      }  // else no boots left: the process ends, the model's stays down
      break;
    case StepAction::kCrash:
      if (mine.pc == kPcDown) return fail(V::kDiverged, "the model's process had ended");
      if (mine.pc == kPcStart) {
        proc.crashed_fresh = true;
      } else if (!apply({static_cast<uint8_t>(proc.slot), ActionKind::kCrash, 0,
                         CallOutcome::kNormal})) {
        return false;
      }
      break;
    case StepAction::kRun:
      if (!call(e, proc)) return false;
      break;
  }
  ++out_.steps_checked;
  return compare_violation(e) && compare_after(e) && compare_position(index, proc);
}

ConformanceReport Checker::run() {
  if (std::optional<std::string> outside = outside_model()) {
    fail(ConformanceVerdict::kNotModelled, *outside);
    out_.line = "not modelled: " + *outside;
    return out_;
  }
  read_decisions();
  for (size_t i = 0; i < report_.events.size(); ++i) {
    if (!event(i)) return out_;
  }
  finish();
  return out_;
}

}  // namespace conformance_internal

std::string_view conformance_verdict_name(ConformanceVerdict verdict) {
  switch (verdict) {
    case ConformanceVerdict::kConforms:
      return "conforms";
    case ConformanceVerdict::kDiverged:
      return "diverged";
    case ConformanceVerdict::kNotModelled:
      return "not modelled";
  }
  return "?";
}

RunConfig conformance_config(Protocol protocol, const std::string& variant) {
  RunConfig config;
  config.protocol = protocol;
  config.variant = variant;
  config.procs = 3;
  config.readers = 1;
  config.changes_max = 3;
  config.boots_max = 3;
  config.transient_percent = 0;
  config.creates_only = true;
  return config;
}

ConformanceReport check_conformance(const RunReport& report, const RunConfig& config) {
  const Variant* variant = find_variant(config.protocol, config.variant);
  if (variant == nullptr) {
    return ConformanceReport{
        ConformanceVerdict::kNotModelled,    0, "not modelled: unknown variant " + config.variant,
        "unknown variant " + config.variant, 0, std::nullopt};
  }
  return conformance_internal::Checker(*variant, config, report).run();
}

ConformanceReport check_conformance(const Trace& trace) {
  if (trace.header.format_version < kTraceFormatWithChangeKinds &&
      !trace.header.config.creates_only) {
    const std::string why =
        fmt::format("a version {} trace does not record which kind of change each commit made",
                    trace.header.format_version);
    return ConformanceReport{
        ConformanceVerdict::kNotModelled, 0, "not modelled: " + why, why, 0, std::nullopt};
  }
  return check_conformance(report_of(trace), trace.header.config);
}

}  // namespace catsim::model
