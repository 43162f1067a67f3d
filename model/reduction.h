// Reduction: the actions the explorer follows from a state when partial-order
// reduction is on (ExploreOptions::partial_order): coarser crash placement,
// then a persistent set built from the static independence relation of
// model/footprint.h.
//
// 1. Crash placement. A writer's crash is not offered where it is redundant:
//    (a) right after a call that read and changed only the writer's own
//        state (its program's previous op is a read that is never skipped,
//        and no jump lands here): the crash wipes that state, so the result
//        equals a crash just before the read (offered there, or, before the
//        incarnation's first call, dominated by never scheduling it: that
//        state has a boot and a crash more to spend and the same stores);
//    (b) where the writer's next call is doomed (its fence check fails, which
//        stays so: epochs never go back, and only the writer itself puts its
//        persist handle back in sync): the call ends the incarnation as the
//        crash would, without spending the crash budget, so it dominates it.
//    A crash changes no shared object and no later step reads the crashed
//    process's state, so a crash can move left past other processes' steps;
//    moved left past the writer's own read-only calls it is (a) or (b). Every
//    path to a violation therefore has a counterpart here that violates too.
// 2. Persistent sets. For a seed process p, Q is the least set holding p and
//    every process whose *future* (every step it may still take, over all
//    interleavings: the rest of its program, its changes, its later
//    incarnations while boots remain, crashes and indeterminate outcomes while
//    the budgets last) conflicts with the *current* steps of Q. The actions of
//    Q form a persistent set: no sequence of steps of other processes touches
//    what Q's actions read or write, so each such step commutes with each
//    action of Q, and none enables or disables one (footprints include every
//    guard: fence checks, budgets). A doomed call (1b) has an empty footprint:
//    it only ends its incarnation, and stays doomed whatever others do.
//    The reduced set is the smallest such Q's actions (lowest seed on ties),
//    taken only when it is not all of them and all of its actions are
//    invisible: they write no object a state property reads (P1: both stores'
//    data and the reference; P6 liveness, when on, also the epochs and the
//    largest open epoch). Properties judged on a step (P2, P3, P4, P5, P6's
//    re-run and pre-flight checks) read only objects in the step's footprint,
//    so independent steps cannot change their verdict. Never while the
//    reader runs: its window reads the reference after every step.
// Why a violation is still found: the usual induction. From a state s with
// a path w to a violating step (or state), either w contains an action t of
// Q (the first such commutes to the front of w: the same steps follow from
// s·t, the violating one judged alike, the last state the same) or it does
// not (then any t of Q can run first, and being invisible and independent of
// w it changes neither w's steps nor its final state's P1 or liveness). So
// some successor in the reduced set has a path to a violation. Symmetry
// reduction keeps this: the footprints and properties do not depend on
// process slots or label names, so a canonical successor has the permuted
// path.
// Ignoring: the model's state graph is acyclic, so no action can be put off
// forever along a cycle and no cycle proviso is needed. Every step either
// raises, lexicographically, the tuple (boots used, phase: start < dry run <
// program < changes < down, op index or changes made) of the writer taking
// it, leaving the others' tuples as they were; or keeps it and spends a
// budget (a retried write spends an indeterminate outcome); or raises the
// reader's (sessions begun, its pc ranked calls in order < down < start,
// rereads left counting down); and no step lowers any tuple or budget. So
// the induction above runs on the longest path left from s, which the step
// to a successor shortens, and terminates.
// Shortest counterexamples: a reduced breadth-first search returns a
// counterexample that is a real path, but not necessarily a shortest one
// (the step that was put off may be what made a path short); search with
// partial_order off for the shortest.
// Guarantees: deterministic (a function of the state and bounds only); the
// result is a non-empty subset of enabled(), in enabled()'s order.
#pragma once

#include <vector>

#include "model/migration_model.h"

namespace catsim::model {

// Narrows actions (enabled(state), in its order) to the ones a reduced search
// follows. liveness: whether the search checks P6 liveness on every state.
void reduce_actions(const MigrationModel& model, const ModelState& state,
                    std::vector<Action>& actions, bool liveness);

}  // namespace catsim::model
