#include "sim/check.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace catsim {

CheckContext& check_context() {
  thread_local CheckContext context;
  return context;
}

void check_failed(const char* condition, const char* file, int line, const std::string& message) {
  const CheckContext& context = check_context();
  std::string where = context.active ? fmt::format(" (seed {} step {})", context.seed, context.step)
                                     : std::string();
  std::fprintf(stderr, "catsim: check failed: %s at %s:%d%s%s%s\n", condition, file, line,
               where.c_str(), message.empty() ? "" : ": ", message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace catsim
