#include "sim/explorer.h"

namespace catsim::model {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kClean:
      return "clean";
    case Verdict::kViolation:
      return "violation";
    case Verdict::kIncomplete:
      return "incomplete";
  }
  return "?";
}

int verdict_exit_status(Verdict verdict) {
  switch (verdict) {
    case Verdict::kClean:
      return 0;
    case Verdict::kViolation:
      return 1;
    case Verdict::kIncomplete:
      return 3;
  }
  return 2;
}

}  // namespace catsim::model
