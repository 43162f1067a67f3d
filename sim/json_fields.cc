#include "sim/json_fields.h"

namespace catsim {

using nlohmann::json;

std::string echoed(std::string_view text) {
  constexpr size_t kShownBytesMax = 40;
  std::string shown(text.substr(0, kShownBytesMax));
  if (text.size() > kShownBytesMax) shown += "...";
  return json(shown).dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::replace);
}

void require_printable(std::string_view text, const char* name) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = [&](size_t k) { return k < text.size() ? static_cast<uint8_t>(text[k]) : 0; };
    const uint8_t c = byte(i);
    const bool c0 = c < 0x20 || c == 0x7f;
    const bool c1 = c == 0xc2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9f;
    const bool separator = c == 0xe2 && byte(i + 1) == 0x80 && (byte(i + 2) & 0xfe) == 0xa8;
    if (c0 || c1 || separator) {
      throw MalformedJson(fmt::format("field '{}' contains a control character", name));
    }
  }
}

uint64_t bounded(const json& object, const char* name, uint64_t low, uint64_t high) {
  const uint64_t value = field<uint64_t>(object, name);
  if (value < low || value > high) {
    throw MalformedJson(fmt::format("field '{}' = {} is outside [{}, {}]", name, value, low, high));
  }
  return value;
}

json optional_u64(const std::optional<uint64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<uint64_t> read_optional_u64(const json& object, const char* name) {
  if (!object.contains(name) || object.at(name).is_null()) return std::nullopt;
  return field<uint64_t>(object, name);
}

}  // namespace catsim
