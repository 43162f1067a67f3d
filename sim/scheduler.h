// Scheduler: runs simulated processes on fibers, one step at a time.
//
// A process is a function run on its own Boost.Context fiber. Before every
// call to a store it reaches a yield point (yield_point(label)), where it
// stops until the Decider picks it again; the yield point also declares what
// the call touches (sim/dependence.h), for strategies that order races. A *step* is one scheduler
// decision: the picked process either runs from its yield point to its next one (making exactly one
// store call on the way), or is crashed there, or, being down, is restarted as a new incarnation.
//
// Guarantees:
//  1. Single-threaded and deterministic: the order of steps is a function of
//     the Decider alone (its seed, or its replayed log).
//  2. A crash unwinds the process's fiber with ProcessCrashed, so every
//     destructor on its stack runs; nothing of its memory survives. Process
//     code must not catch ProcessCrashed (catch (...) must rethrow).
//  3. run(steps_max) returns after at most steps_max steps; it never hangs as
//     long as each process reaches a yield point or returns after any step.
//  4. Outside a scheduler fiber, yield_point() is a no-op, so the fakes also
//     work in plain unit tests.
#pragma once

#include <boost/context/fiber.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/decision.h"
#include "sim/dependence.h"

namespace catsim {

// The label of the schedule decision that restarts a down process.
inline constexpr std::string_view kRestartLabel = "restart";

// Thrown at a yield point to unwind a crashed process's fiber.
struct ProcessCrashed {};

// How one incarnation of a process ended.
enum class ProcessExit {
  kDone,     // finished; never runs again
  kRestart,  // wants to start over as a new incarnation (e.g. it was fenced)
};

class ProcessContext;
using ProcessBody = std::function<ProcessExit(ProcessContext&)>;

struct ProcessOptions {
  std::string name;
  ProcessBody body;
  uint32_t crash_percent = 0;  // chance of a crash at each of its yield points
  bool restart_after_crash = true;
  // Crashes only at racy events: yield points whose pending call is
  // dependent with another runnable process's (sim/dependence.h), where a
  // crash changes what the others see; elsewhere the process is not crashed.
  bool crash_at_racy_events_only = false;
};

enum class StepAction : uint8_t { kRun, kCrash, kRestart };
std::string_view step_action_name(StepAction action);

// What one step did.
struct StepRecord {
  uint64_t step = 0;  // 0-based index of this step
  uint32_t process = 0;
  uint32_t incarnation = 0;  // the incarnation that took the step
  std::string_view label;    // the yield point it left (or "restart")
  StepAction action = StepAction::kRun;
  bool exited = false;  // the incarnation ended during the step
};

class StepListener {
 public:
  virtual ~StepListener() = default;
  virtual void after_step(const StepRecord& record) = 0;
};

enum class RunEnd {
  kAllDone,     // no process can run any more
  kStepBudget,  // steps_max reached
  kStopped,     // request_stop() was called (e.g. a property was violated)
  kDiverged,    // a replayed log no longer fits the code
};
std::string_view run_end_name(RunEnd end);

class Scheduler {
 public:
  explicit Scheduler(Decider& decider, size_t stack_bytes = 256 * 1024);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a process and runs it to its first yield point (not a step).
  uint32_t spawn(ProcessOptions options);
  // Runs steps until no process can run, the budget is spent, or a stop.
  RunEnd run(uint64_t steps_max);
  // Scripted control: one step of process (run it to its next yield point,
  // or restart it if down), bypassing the Decider's pick and crash choice.
  // Returns false if the process has finished.
  bool step_process(uint32_t process);
  // Ends the run after the current step.
  void request_stop() { stop_requested_ = true; }
  // Ends a process for good (unwinding its fiber); not a step.
  void halt(uint32_t process);
  void set_listener(StepListener* listener) { listener_ = listener; }

  uint64_t steps() const { return steps_; }
  size_t process_count() const { return slots_.size(); }
  const std::string& process_name(uint32_t process) const;
  std::vector<std::string> process_names() const;  // by process id
  uint32_t incarnation(uint32_t process) const;
  bool finished(uint32_t process) const;
  Decider& decider() { return decider_; }

  // The scheduler running on this thread, if any; the process running in it.
  static Scheduler* current();
  uint32_t running_process() const;

  // The yield point of the running process, before a call that touches
  // access; label must be a string literal (it is kept by reference).
  // Throws ProcessCrashed if crashed here.
  void yield(std::string_view label, Access access = {});

 private:
  struct Slot;
  void start_incarnation(Slot& slot);
  void resume(Slot& slot);
  void finish_incarnation(Slot& slot);
  void take_step(Slot& slot, bool crash);
  // Whether the picked process's pending call races with another's.
  static bool racy(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                   uint32_t picked);

  Decider& decider_;
  size_t stack_bytes_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Slot* running_ = nullptr;
  StepListener* listener_ = nullptr;
  uint64_t steps_ = 0;
  bool stop_requested_ = false;
  void* scheduler_fiber_annotation_ = nullptr;
};

// The yield point before a store call: a no-op outside a scheduler fiber.
void yield_point(std::string_view label, Access access = {});

class ProcessContext {
 public:
  ProcessContext(Scheduler& scheduler, uint32_t process, uint32_t incarnation)
      : scheduler_(scheduler), process_(process), incarnation_(incarnation) {}
  uint32_t process() const { return process_; }
  uint32_t incarnation() const { return incarnation_; }
  const std::string& name() const { return scheduler_.process_name(process_); }
  Scheduler& scheduler() { return scheduler_; }
  Decider& decider() { return scheduler_.decider(); }
  void yield(std::string_view label, Access access = {}) { scheduler_.yield(label, access); }

 private:
  Scheduler& scheduler_;
  uint32_t process_;
  uint32_t incarnation_;
};

}  // namespace catsim
