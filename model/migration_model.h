// MigrationModel: the ProtocolModel of the catalog migration, for one
// variant of either protocol; SingleTombstoneModel and TwoTombstoneModel are
// its two protocols.
//
// Processes are writers. Each boot (incarnation) picks a target allowed by
// the bounds (migrate, rollback, and for one tombstone emergency-stash),
// runs the target's program (model/program.h) one store call per step,
// and, once the open returned, makes `changes` changes (one commit each)
// through the store it returned; then the incarnation ends. A crash (global
// budget) or a failed call (Fence, NotWritable, an indeterminate outcome)
// ends the incarnation too; a down process restarts while boots remain.
// With bounds.savepoints a boot may run the savepoint pre-flight first (its
// dry run, model/program.h, then up to `changes` dry-run changes, then the
// writable open; a NotWritable verdict goes straight to the open, as
// harness/workload.cc's boot does), judged by P4 (a dry-run write applied)
// and P6 (a NotWritable on a target initialized when the pre-flight began).
// With bounds.readers one reader runs `reads` sessions (model/reader.cc):
// a pre-open getter or a read-only open with up to `rereads` later reads,
// each judged by P5 against the reference values of its window.
// Modelled switches: every fix and mutant; the reader and savepoint ones
// need readers or savepoints in the bounds, indeterminate_as_success and
// retry_indeterminate_write an indeterminate budget (unmodelled_switches()
// says so for a run, and flags any switch added to impl/variant.h after the
// model).
// Steps are the implementation's (one store call, crash or restart each;
// an open's snapshot and init are calls), except that neither a crash
// before an incarnation's first call nor a restart with no boots left is
// offered: both change no store, and a process never scheduled again covers
// them. "Up to K changes" is covered the same way: a process may stop being
// scheduled after any change.
// Guarantees: pure (no clock, no randomness, no mutable members); enabled()
// lists actions in a fixed order (process, then target, then outcome).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/migrator.h"
#include "impl/variant.h"
#include "model/footprint.h"
#include "model/model_state.h"
#include "model/model_violation.h"
#include "model/program.h"
#include "model/store_calls.h"

namespace catsim::model {

// Switches of the variant the model cannot see, with the reason, one line each.
// liveness: whether the explorer checks P6 liveness.
std::vector<std::string> unmodelled_switches(const Variant& variant, const ModelBounds& bounds,
                                             bool liveness);

// base, with a reader and the savepoint pre-flight added where the variant's
// switches act only on them (what `catsim mutants` explores a variant at).
ModelBounds bounds_that_see(const Variant& variant, ModelBounds base);

// The fake call the reader makes next (at state.reader.pc): its store, call
// label and handle mode, whether its fence check passes, and the epoch the
// handle holds for it.
struct ReaderCall {
  StoreId store = StoreId::kStash;
  std::string_view call;
  HandleMode mode = HandleMode::kUnopened;
  bool passes = true;
  uint64_t handle_epoch = 0;
};
ReaderCall next_reader_call(const ModelState& state);

// Where a reader session of kind begins (the reader's mutants may skip the
// tombstone); sets reader.store when it is known without a call.
uint8_t first_read_call(const Variant& variant, ReadKind kind, ReaderState& reader);

// The outcome of a liveness run: converged is false when the lone opener
// did not open and commit (a P6 violation); a violation with converged true
// is a safety property the opener broke on its way.
struct LivenessResult {
  std::optional<ModelViolation> violation;
  bool converged = true;
};

class MigrationModel {
 public:
  using State = ModelState;
  using Action = model::Action;
  using Property = catsim::Property;

  // properties: a mask of the properties to record (kAllProperties).
  MigrationModel(const Variant& variant, const ModelBounds& bounds,
                 uint32_t properties = kAllProperties, bool with_liveness = true);

  State initial() const;
  void enabled(const State& state, std::vector<Action>& actions) const;
  StepResult<State> step(const State& state, const Action& action) const;
  std::optional<ModelViolation> check(const State& state) const;
  State canonical(const State& state, Permutation& perm) const;
  uint64_t fingerprint(const State& state) const;
  std::string describe_action(const State& state, const Action& action) const;
  std::string describe_state(const State& state) const;

  // P6 liveness (model/liveness.cc): from state, every process halted and
  // faults off, a fresh opener of each liveness target alone must open and
  // commit a change. trace, if given, receives its steps.
  LivenessResult liveness(const State& state, std::vector<std::string>* trace = nullptr) const;
  // What liveness() depends on: stores, reference, the open epoch maximum.
  uint64_t liveness_key(const State& state) const;

  // Partial-order reduction (model/reduction.h): narrows actions, which
  // enabled(state) listed, to the ones a reduced search follows. liveness:
  // whether the search checks P6 liveness on every state.
  void reduce(const State& state, std::vector<Action>& actions, bool liveness) const;

  const Variant& variant() const { return *variant_; }
  const ModelBounds& bounds() const { return bounds_; }
  uint32_t properties() const { return properties_; }
  const Programs& programs() const { return programs_; }
  const ProgramFootprints& footprints() const { return footprints_; }

 private:
  // After a call: the next op, the open returns, the incarnation ends, a
  // jump to an op, or the same call again (a retried write).
  // kNotWritable: the open refuses (a pre-flight's verdict, which lets the
  // boot go on to its writable open; a writable open's ends the incarnation).
  enum class FlowKind : uint8_t { kNext, kReturn, kFail, kJump, kRetry, kNotWritable };
  struct Flow {
    FlowKind kind = FlowKind::kNext;
    Op jump_to = Op::kReadStashEpoch;
  };

  const Program& program_of(const ProcState& proc) const { return programs_.of(proc.target); }
  Op current_op(const ProcState& proc) const;
  void add_call_actions(const State& state, uint32_t process, Op op, uint8_t target,
                        std::vector<Action>& actions) const;
  void writer_step(StepContext& ctx, const Action& action) const;
  void run_call(StepContext& ctx, const Action& action) const;
  Flow execute(StepContext& ctx, Op op) const;
  Flow after_tombstone_read(StepContext& ctx, Op op) const;
  Flow decide_on_tombstones(StepContext& ctx, Op op) const;
  Flow call_flow(CallStatus status) const;
  static void drop_persist_handle(ProcState& proc);
  Flow write_flow(StepContext& ctx, const DataWrite& write) const;
  Flow copy(StepContext& ctx, Op op) const;
  void apply_flow(StepContext& ctx, Flow flow) const;
  void advance(StepContext& ctx, uint8_t index) const;
  bool skipped(const ProcState& proc, Op op) const;
  void open_returned(StepContext& ctx) const;
  void commit_change(StepContext& ctx) const;
  void end_incarnation(ProcState& proc) const;
  // The dry run is over: the boot's writable open begins; its first call is
  // made in this step when first_call.
  void start_writable_open(StepContext& ctx, bool first_call) const;
  void preflight_refused(StepContext& ctx) const;
  Flow preflight_verdict(StepContext& ctx) const;
  void commit_dry_change(StepContext& ctx) const;
  // The reader (model/reader.cc).
  void reader_actions(const State& state, std::vector<Action>& actions) const;
  void reader_step(StepContext& ctx, const Action& action) const;
  void reader_call(StepContext& ctx) const;
  void reader_end_session(ReaderState& reader, bool failed) const;
  // After every step: the reader's window takes the reference's new value;
  // false when it would need more than kSeenMax values.
  bool update_read_window(State& state) const;
  uint32_t stash_lower_bound(const ProcState& proc) const;
  uint32_t persist_lower_bound(const ProcState& proc) const;

  const Variant* variant_;
  ModelBounds bounds_;
  uint32_t properties_;
  Programs programs_;
  ProgramFootprints footprints_;
  std::vector<MigrationModel> live_models_;  // one lone opener per liveness target
  bool preflight_always_ = false;            // a liveness opener in a run with pre-flights
};

class SingleTombstoneModel final : public MigrationModel {
 public:
  SingleTombstoneModel(const Variant& variant, const ModelBounds& bounds,
                       uint32_t properties = kAllProperties);
};

class TwoTombstoneModel final : public MigrationModel {
 public:
  TwoTombstoneModel(const Variant& variant, const ModelBounds& bounds,
                    uint32_t properties = kAllProperties);
};

static_assert(LivenessModel<SingleTombstoneModel>);
static_assert(LivenessModel<TwoTombstoneModel>);
static_assert(ReducibleModel<SingleTombstoneModel>);
static_assert(ReducibleModel<TwoTombstoneModel>);

}  // namespace catsim::model
