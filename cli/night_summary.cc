#include "cli/night_summary.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace catsim::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Thrown inside this file only, turned into a NightError at its edge.
struct Malformed {
  std::string what;
};

const json& field(const json& object, const char* key, json::value_t type) {
  auto it = object.find(key);
  if (it == object.end()) throw Malformed{fmt::format("missing \"{}\"", key)};
  const bool ok = type == json::value_t::number_unsigned ? it->is_number_unsigned()
                  : type == json::value_t::number_float  ? it->is_number()
                                                         : it->type() == type;
  if (!ok) throw Malformed{fmt::format("\"{}\" has the wrong type", key)};
  return *it;
}

uint64_t unsigned_field(const json& object, const char* key) {
  return field(object, key, json::value_t::number_unsigned).get<uint64_t>();
}

std::string string_field(const json& object, const char* key) {
  return field(object, key, json::value_t::string).get<std::string>();
}

std::vector<std::pair<std::string, uint64_t>> counters(const json& object, const char* key) {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& [name, value] : field(object, key, json::value_t::object).items()) {
    if (!value.is_number_unsigned()) {
      throw Malformed{fmt::format("\"{}\".\"{}\" is not a count", key, name)};
    }
    out.emplace_back(name, value.get<uint64_t>());
  }
  return out;
}

struct Spec {
  fs::path summary, base;  // base: where trace paths are looked up
  bool by_name = false;    // look traces up in base by file name only
  std::string label;
};

Spec parse_spec(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon != std::string::npos && text.substr(0, colon).ends_with(".json")) {
    const fs::path summary = text.substr(0, colon);
    return {summary, text.substr(colon + 1), true, summary.parent_path().filename().string()};
  }
  const fs::path path = text;
  if (fs::is_directory(path)) {
    std::error_code error;
    const fs::path full = fs::absolute(path, error).lexically_normal();
    const fs::path name = full.filename().empty() ? full.parent_path().filename() : full.filename();
    return {path / "summary.json", path, false, name.empty() ? text : name.string()};
  }
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  return {path, parent, false, path.stem().string()};
}

// The trace file the summary names, where it is now, or "".
std::string find_trace(const Spec& spec, const std::string& recorded) {
  if (recorded.empty()) return "";
  const fs::path path = recorded;
  std::error_code error;
  fs::path candidate =
      spec.by_name || path.is_absolute() ? spec.base / path.filename() : spec.base / path;
  if (path.is_absolute() && !spec.by_name && fs::is_regular_file(path, error)) candidate = path;
  return fs::is_regular_file(candidate, error) ? candidate.string() : "";
}

NightFailure failure_of(const Spec& spec, const json& entry) {
  if (!entry.is_object()) throw Malformed{"a failure is not an object"};
  NightFailure failure{string_field(entry, "property"), string_field(entry, "summary"),
                       string_field(entry, "signature"), unsigned_field(entry, "count")};
  for (const json& seed : field(entry, "seeds", json::value_t::array)) {
    if (!seed.is_number_unsigned()) throw Malformed{"a failure's seed is not a number"};
    failure.seeds.push_back(seed.get<uint64_t>());
  }
  failure.steps = unsigned_field(entry, "steps");
  failure.shrunk_steps = unsigned_field(entry, "shrunk_steps");
  failure.trace_file = find_trace(spec, string_field(entry, "shrunk_trace"));
  failure.shrunk = !failure.trace_file.empty();
  if (!failure.shrunk) failure.trace_file = find_trace(spec, string_field(entry, "trace"));
  return failure;
}

Night night_of(const Spec& spec, const json& document) {
  if (!document.is_object()) throw Malformed{"not a JSON object"};
  const json& configuration = field(document, "configuration", json::value_t::object);
  Night night{spec.label, spec.summary.string(), string_field(configuration, "protocol"),
              string_field(configuration, "variant")};
  night.seeds_run = unsigned_field(document, "seeds_run");
  night.seeds_planned = unsigned_field(document, "seeds_planned");
  night.stopped_early = field(document, "stopped_early", json::value_t::boolean).get<bool>();
  night.seconds = field(document, "seconds", json::value_t::number_float).get<double>();
  if (!(night.seconds >= 0)) throw Malformed{"\"seconds\" is negative"};
  night.counts = counters(document, "counts");
  night.coverage_marks = counters(document, "coverage_marks");
  for (const json& entry : field(document, "failures", json::value_t::array)) {
    night.failures.push_back(failure_of(spec, entry));
  }
  return night;
}

}  // namespace

std::variant<Night, NightError> load_night(const std::string& text) {
  const Spec spec = parse_spec(text);
  std::ifstream in(spec.summary);
  if (!in) return NightError{fmt::format("{}: cannot read", spec.summary.string())};
  std::stringstream contents;
  contents << in.rdbuf();
  const json document = json::parse(contents.str(), nullptr, false);
  if (document.is_discarded()) {
    return NightError{fmt::format("{}: not valid JSON", spec.summary.string())};
  }
  try {
    return night_of(spec, document);
  } catch (const Malformed& malformed) {
    return NightError{fmt::format("{}: {}", spec.summary.string(), malformed.what)};
  }
}

}  // namespace catsim::cli
