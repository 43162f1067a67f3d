// Tells ThreadSanitizer about fiber switches; compiles to nothing elsewhere.
//
// Boost 1.74 annotates fiber switches for AddressSanitizer (with
// BOOST_USE_ASAN on ucontext) but not for ThreadSanitizer, which otherwise
// sees one thread's stack jump between unrelated stacks and reports races.
//
// TSan keeps a shadow call stack per fiber: every instrumented function
// pushes a frame on entry and pops one on exit, on whichever fiber TSan
// believes is current. A switch annotated on the wrong side of a jump moves
// pushes and pops between shadow stacks; one that underflows corrupts TSan's
// state (it crashed in its stack depot). The protocol the scheduler follows,
// for Boost.Context fcontext fibers (sim/scheduler.cc):
//  1. The side that switches calls switch_to(target) immediately before
//     fiber::resume(): resume's frame is pushed on the target's shadow stack
//     and popped there when the target's own resume() returns.
//  2. Creation: the fiber constructor jumps onto the new stack and back (to
//     move its record there). It runs as the new fiber, with switch_to(new)
//     before and switch_to(creator) after; the new fiber keeps the stale
//     frames, never the creator.
//  3. The last switch out of a fiber is Boost's own ontop_fcontext, after the
//     entry function has returned through several instrumented frames of
//     Boost's, which must pop from the fiber's shadow stack. So the fiber does
//     not annotate it; the side it returns to calls switch_to(self) as soon as
//     resume() returns with the fiber finished (Boost's stack-freeing code in
//     between runs as the finished fiber), then destroy().
//  4. The scheduler side is the fiber current() returns on the thread that
//     resumes, captured at every resume (one scheduler per worker thread).
//  5. Flags are 0 (synchronizing): control, and the simulated world with it,
//     is handed from fiber to fiber, so every switch is a happens-before edge.
//     __tsan_switch_to_fiber_no_sync would report those hand-offs as races.
//  6. A fiber is destroyed only after a switch away from it, never current.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define CATSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CATSIM_TSAN 1
#endif
#endif

#if defined(CATSIM_TSAN)
extern "C" {
void* __tsan_get_current_fiber(void);
void* __tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void* fiber);
void __tsan_switch_to_fiber(void* fiber, unsigned flags);
}
#endif

namespace catsim::fiber_annotations {

// The fiber running now (the thread's own one outside any created fiber).
inline void* current() {
#if defined(CATSIM_TSAN)
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}
inline void* create() {
#if defined(CATSIM_TSAN)
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}
// fiber must not be current (rule 6).
inline void destroy([[maybe_unused]] void* fiber) {
#if defined(CATSIM_TSAN)
  if (fiber != nullptr) {
    __tsan_destroy_fiber(fiber);
  }
#endif
}
// A synchronizing switch (rule 5); call it right before the jump (rule 1).
inline void switch_to([[maybe_unused]] void* fiber) {
#if defined(CATSIM_TSAN)
  __tsan_switch_to_fiber(fiber, 0);
#endif
}

}  // namespace catsim::fiber_annotations
