// JSON fields read from an untrusted file (a trace, a corpus): typed,
// bounded, and failing with a one-line reason.
//
// Every reader throws MalformedJson naming the field; a parse loop catches
// it and prefixes the line number. Guarantees: integers are read only from
// non-negative JSON integers (never a float, a negative number or a
// string); strings are valid UTF-8 (the parser's check) without control
// characters or line separators, so they print on one line; a value echoed
// in an error is cut short and ASCII-escaped.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace catsim {

struct MalformedJson : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A value read from the file, for an error message: a JSON string literal,
// ASCII only and cut to a few dozen bytes.
std::string echoed(std::string_view text);

// Throws MalformedJson if text holds a control character (C0, DEL, C1) or a
// Unicode line or paragraph separator.
void require_printable(std::string_view text, const char* name);

template <class T>
T field(const nlohmann::json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) {
    throw MalformedJson(fmt::format("missing field '{}'", name));
  }
  const nlohmann::json& value = object.at(name);
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (!value.is_number_unsigned()) {
      throw MalformedJson(fmt::format("field '{}' must be a non-negative integer", name));
    }
  }
  T result;
  try {
    result = value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw MalformedJson(fmt::format("field '{}' has the wrong type", name));
  }
  if constexpr (std::is_same_v<T, std::string>) {
    require_printable(result, name);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    for (const std::string& text : result) require_printable(text, name);
  }
  return result;
}

// An integer field within [low, high].
uint64_t bounded(const nlohmann::json& object, const char* name, uint64_t low, uint64_t high);

// A field holding the name of one of values (to_name gives each one's name).
template <class Enum, size_t N>
Enum enum_field(const nlohmann::json& object, const char* name, const std::array<Enum, N>& values,
                std::string_view (*to_name)(Enum)) {
  const std::string text = field<std::string>(object, name);
  for (Enum value : values) {
    if (to_name(value) == text) return value;
  }
  throw MalformedJson(fmt::format("field '{}' has unknown value {}", name, echoed(text)));
}

nlohmann::json optional_u64(const std::optional<uint64_t>& value);
// Absent or null reads as nullopt.
std::optional<uint64_t> read_optional_u64(const nlohmann::json& object, const char* name);

}  // namespace catsim
