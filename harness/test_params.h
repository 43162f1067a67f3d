// Names and printers for the parameters of parameterized tests, so a case
// reads as what it is: in its test name (gtest takes letters, digits and '_'
// only) and in failure messages, instead of a dump of its bytes. Test-only.
#pragma once

#include <cctype>
#include <ostream>
#include <string>
#include <string_view>

#include "impl/variant.h"

namespace catsim {

// "as-designed" -> "as_designed".
inline std::string test_name(std::string_view text) {
  std::string name(text);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

// "single_tombstone_as_designed".
inline std::string test_name(Protocol protocol, std::string_view variant) {
  return test_name(protocol_name(protocol)) + "_" + test_name(variant);
}

inline void PrintTo(Protocol protocol, std::ostream* os) {
  *os << protocol_name(protocol);
}

}  // namespace catsim
