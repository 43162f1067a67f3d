// The one symbol Boost.Context's ucontext fibers need from the library.
//
// Debian builds libboost_context with fcontext only, so the ucontext
// implementation (which the AddressSanitizer build needs, see CMakeLists.txt)
// finds no definition of fiber_activation_record::current(). It is defined
// here: a thread-local pointer to the running record, which starts out as a
// record of the thread's own stack (the "main context").
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>

namespace boost::context::detail {

fiber_activation_record*& fiber_activation_record::current() noexcept {
  thread_local fiber_activation_record thread_context;
  thread_local fiber_activation_record* running = &thread_context;
  return running;
}

}  // namespace boost::context::detail

#endif  // BOOST_USE_UCONTEXT
