#include "sim/scheduler.h"

#include <algorithm>
#include <utility>

#include "sim/check.h"
#include "sim/fiber_annotations.h"
#include "sim/stack_pool.h"

namespace catsim {

namespace ctx = boost::context;

namespace {
thread_local Scheduler* current_scheduler = nullptr;
constexpr std::string_view kStartLabel = "start";
}  // namespace

enum class SlotState : uint8_t { kSuspended, kDown, kFinished };

struct Scheduler::Slot {
  uint32_t id = 0;
  ProcessOptions options;
  SlotState state = SlotState::kDown;
  uint32_t incarnation = 0;
  PendingCall pending;         // where a suspended process waits
  ctx::fiber process_fiber;    // the suspended process
  ctx::fiber scheduler_fiber;  // where the process returns to
  bool crash_requested = false;
  bool exited = false;  // the incarnation ended in the last resume
  ProcessExit exit = ProcessExit::kDone;
  bool crashed = false;
  void* fiber_annotation = nullptr;
};

std::string_view step_action_name(StepAction action) {
  switch (action) {
    case StepAction::kRun:
      return "run";
    case StepAction::kCrash:
      return "crash";
    case StepAction::kRestart:
      return "restart";
  }
  return "?";
}

std::string_view run_end_name(RunEnd end) {
  switch (end) {
    case RunEnd::kAllDone:
      return "all-done";
    case RunEnd::kStepBudget:
      return "step-budget";
    case RunEnd::kStopped:
      return "stopped";
    case RunEnd::kDiverged:
      return "diverged";
  }
  return "?";
}

Scheduler::Scheduler(Decider& decider, size_t stack_bytes)
    : decider_(decider), stack_bytes_(stack_bytes) {
  CATSIM_CHECK(stack_bytes_ >= 64 * 1024);
}

Scheduler::~Scheduler() {
  for (uint32_t i = 0; i < slots_.size(); ++i) halt(i);
}

Scheduler* Scheduler::current() {
  return current_scheduler;
}

uint32_t Scheduler::running_process() const {
  CATSIM_CHECK(running_ != nullptr);
  return running_->id;
}

const std::string& Scheduler::process_name(uint32_t process) const {
  CATSIM_CHECK(process < slots_.size());
  return slots_[process]->options.name;
}

std::vector<std::string> Scheduler::process_names() const {
  std::vector<std::string> names;
  names.reserve(slots_.size());
  for (const auto& slot : slots_) names.push_back(slot->options.name);
  return names;
}

uint32_t Scheduler::incarnation(uint32_t process) const {
  CATSIM_CHECK(process < slots_.size());
  return slots_[process]->incarnation;
}

bool Scheduler::finished(uint32_t process) const {
  CATSIM_CHECK(process < slots_.size());
  return slots_[process]->state == SlotState::kFinished;
}

uint32_t Scheduler::spawn(ProcessOptions options) {
  CATSIM_CHECK(running_ == nullptr);
  CATSIM_CHECK(options.body != nullptr);
  CATSIM_CHECK(options.crash_percent <= 100);
  auto slot = std::make_unique<Slot>();
  slot->id = static_cast<uint32_t>(slots_.size());
  slot->options = std::move(options);
  slots_.push_back(std::move(slot));
  decider_.add_slot(slots_.back()->id);
  start_incarnation(*slots_.back());
  return slots_.back()->id;
}

void Scheduler::start_incarnation(Slot& slot) {
  CATSIM_CHECK(slot.state == SlotState::kDown);
  CATSIM_CHECK(!slot.process_fiber);
  ++slot.incarnation;
  // The constructor jumps onto the new stack and back: it runs as the new
  // fiber (sim/fiber_annotations.h, rule 2).
  void* creator_annotation = fiber_annotations::current();
  slot.fiber_annotation = fiber_annotations::create();
  fiber_annotations::switch_to(slot.fiber_annotation);
  slot.process_fiber =
      ctx::fiber(std::allocator_arg, PooledStack(stack_bytes_), [this, &slot](ctx::fiber&& back) {
        slot.scheduler_fiber = std::move(back);
        ProcessContext context(*this, slot.id, slot.incarnation);
        try {
          slot.exit = slot.options.body(context);
          slot.crashed = false;
        } catch (const ProcessCrashed&) {
          slot.crashed = true;
        }
        slot.exited = true;
        // No switch_to here: the final jump comes after Boost's frames
        // return (sim/fiber_annotations.h, rule 3); resume() annotates it.
        return std::move(slot.scheduler_fiber);
      });
  fiber_annotations::switch_to(creator_annotation);
  slot.state = SlotState::kSuspended;
  slot.pending = {kStartLabel, {}};
  resume(slot);
}

void Scheduler::resume(Slot& slot) {
  CATSIM_CHECK(running_ == nullptr);
  CATSIM_CHECK(slot.process_fiber);
  Scheduler* outer = current_scheduler;
  current_scheduler = this;
  running_ = &slot;
  slot.exited = false;
  void* self_annotation = fiber_annotations::current();
  scheduler_fiber_annotation_ = self_annotation;
  fiber_annotations::switch_to(slot.fiber_annotation);
  slot.process_fiber = std::move(slot.process_fiber).resume();
  // A fiber that finished did not annotate its last switch (rule 3).
  if (slot.exited) fiber_annotations::switch_to(self_annotation);
  running_ = nullptr;
  current_scheduler = outer;
  if (slot.exited) finish_incarnation(slot);
}

void Scheduler::finish_incarnation(Slot& slot) {
  CATSIM_CHECK(!slot.process_fiber);  // the fiber returned
  fiber_annotations::destroy(slot.fiber_annotation);
  slot.fiber_annotation = nullptr;
  slot.pending = {};
  bool restart =
      slot.crashed ? slot.options.restart_after_crash : slot.exit == ProcessExit::kRestart;
  slot.state = restart ? SlotState::kDown : SlotState::kFinished;
}

void Scheduler::yield(std::string_view label, Access access) {
  CATSIM_CHECK(running_ != nullptr);
  CATSIM_CHECK(!label.empty());
  Slot& slot = *running_;
  slot.pending = {label, access};
  fiber_annotations::switch_to(scheduler_fiber_annotation_);
  slot.scheduler_fiber = std::move(slot.scheduler_fiber).resume();
  CATSIM_CHECK(running_ == &slot);
  if (slot.crash_requested) {
    slot.crash_requested = false;
    throw ProcessCrashed{};
  }
}

void Scheduler::halt(uint32_t process) {
  CATSIM_CHECK(process < slots_.size());
  CATSIM_CHECK(running_ == nullptr);
  Slot& slot = *slots_[process];
  if (slot.state == SlotState::kSuspended) {
    slot.crash_requested = true;
    resume(slot);
  }
  slot.state = SlotState::kFinished;
}

RunEnd Scheduler::run(uint64_t steps_max) {
  CATSIM_CHECK(running_ == nullptr);
  stop_requested_ = false;
  std::vector<uint32_t> runnable;
  std::vector<PendingCall> pending;
  for (uint64_t budget = 0; budget < steps_max; ++budget) {
    runnable.clear();
    pending.clear();
    for (const auto& slot : slots_) {
      if (slot->state == SlotState::kFinished) continue;
      runnable.push_back(slot->id);
      pending.push_back(slot->state == SlotState::kDown ? PendingCall{kRestartLabel, {}}
                                                        : slot->pending);
    }
    if (runnable.empty()) return RunEnd::kAllDone;
    const uint32_t picked = decider_.pick_process(runnable, pending, steps_);
    Slot& slot = *slots_[picked];
    bool crash = slot.state == SlotState::kSuspended && slot.options.crash_percent > 0 &&
                 (!slot.options.crash_at_racy_events_only || racy(runnable, pending, picked)) &&
                 decider_.choose_percent(Stream::kCrash, slot.id, slot.pending.label,
                                         slot.options.crash_percent);
    take_step(slot, crash);
    if (decider_.stopped()) return RunEnd::kDiverged;
    if (stop_requested_) return RunEnd::kStopped;
  }
  return RunEnd::kStepBudget;
}

bool Scheduler::racy(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                     uint32_t picked) {
  const auto at = std::find(runnable.begin(), runnable.end(), picked);
  CATSIM_CHECK(at != runnable.end());
  return races_with_another(pending, static_cast<size_t>(at - runnable.begin()));
}

void Scheduler::take_step(Slot& slot, bool crash) {
  StepRecord record{steps_, slot.id, slot.incarnation, {}, StepAction::kRun, false};
  if (slot.state == SlotState::kDown) {
    record.action = StepAction::kRestart;
    record.label = kRestartLabel;
    start_incarnation(slot);
    record.incarnation = slot.incarnation;
  } else {
    CATSIM_CHECK(slot.state == SlotState::kSuspended);
    record.label = slot.pending.label;
    if (crash) {
      record.action = StepAction::kCrash;
      slot.crash_requested = true;
    }
    resume(slot);
    CATSIM_CHECK(!crash || slot.exited);
  }
  record.exited = slot.state != SlotState::kSuspended;
  ++steps_;
  if (listener_ != nullptr) listener_->after_step(record);
}

bool Scheduler::step_process(uint32_t process) {
  CATSIM_CHECK(process < slots_.size());
  CATSIM_CHECK(running_ == nullptr);
  Slot& slot = *slots_[process];
  if (slot.state == SlotState::kFinished) return false;
  take_step(slot, false);
  return true;
}

void yield_point(std::string_view label, Access access) {
  Scheduler* scheduler = Scheduler::current();
  if (scheduler != nullptr) scheduler->yield(label, access);
}

}  // namespace catsim
