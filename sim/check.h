// Assertions that stay on in every build of the simulator.
//
// CATSIM_CHECK(cond) aborts with the condition, file and line, and the
// context registered by the running simulation (seed and step), so a failed
// assertion deep inside a fake still says how to replay it. Programmer errors
// are assertions; expected failures (fences, faults) are values.
#pragma once

#include <cstdint>
#include <string>

namespace catsim {

// What the current thread is simulating, printed by a failed check.
struct CheckContext {
  uint64_t seed = 0;
  uint64_t step = 0;
  bool active = false;
};

CheckContext& check_context();

[[noreturn]] void check_failed(const char* condition, const char* file, int line,
                               const std::string& message);

}  // namespace catsim

#define CATSIM_CHECK(cond)                                              \
  do {                                                                  \
    if (!(cond)) ::catsim::check_failed(#cond, __FILE__, __LINE__, ""); \
  } while (0)

#define CATSIM_CHECK_MSG(cond, msg)                                        \
  do {                                                                     \
    if (!(cond)) ::catsim::check_failed(#cond, __FILE__, __LINE__, (msg)); \
  } while (0)
