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

}  // namespace catsim::model
