// Tells ThreadSanitizer about fiber switches; compiles to nothing elsewhere.
//
// Boost 1.74 annotates fiber switches for AddressSanitizer (with
// BOOST_USE_ASAN on ucontext) but not for ThreadSanitizer, which otherwise
// sees one thread's stack jump between unrelated stacks and reports races.
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
inline void destroy([[maybe_unused]] void* fiber) {
#if defined(CATSIM_TSAN)
  if (fiber != nullptr) __tsan_destroy_fiber(fiber);
#endif
}
inline void switch_to([[maybe_unused]] void* fiber) {
#if defined(CATSIM_TSAN)
  __tsan_switch_to_fiber(fiber, 0);
#endif
}

}  // namespace catsim::fiber_annotations
