#include "sim/determinism_check.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>

namespace catsim {

namespace {

// Reads an unsigned integer in base from the front of text, and what follows.
std::optional<uint64_t> take_number(std::string_view& text, int base) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return value;
}

}  // namespace

std::string hash_line(uint64_t seed, uint64_t trace_hash) {
  return fmt::format("hash {} {:x}", seed, trace_hash);
}

std::optional<std::pair<uint64_t, uint64_t>> parse_hash_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  constexpr std::string_view kPrefix = "hash ";
  if (!line.starts_with(kPrefix)) return std::nullopt;
  line.remove_prefix(kPrefix.size());
  const auto seed = take_number(line, 10);
  if (!seed || !line.starts_with(' ')) return std::nullopt;
  line.remove_prefix(1);
  const auto hash = take_number(line, 16);
  if (!hash || !line.empty()) return std::nullopt;
  return std::pair{*seed, *hash};
}

std::optional<std::string> compare_with_child(const std::string& child_command,
                                              const std::map<uint64_t, uint64_t>& hashes,
                                              DeterminismReport& report) {
  FILE* pipe = popen(child_command.c_str(), "r");
  if (pipe == nullptr) return std::string("cannot start the determinism child");
  report = DeterminismReport{};
  constexpr size_t kLineBytesMax = 256;
  char line[kLineBytesMax];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) {
    const auto parsed = parse_hash_line(line);
    if (!parsed) continue;
    const auto it = hashes.find(parsed->first);
    if (it == hashes.end()) continue;
    ++report.compared;
    if (it->second == parsed->second) continue;
    ++report.mismatched;
    if (report.first_mismatches.size() < kMismatchesShownMax) {
      report.first_mismatches.push_back(HashMismatch{parsed->first, it->second, parsed->second});
    }
  }
  report.child_status = pclose(pipe);
  return std::nullopt;
}

std::optional<std::string> own_executable() {
  constexpr size_t kPathBytesMax = 4096;
  char path[kPathBytesMax];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (length <= 0) return std::nullopt;
  return std::string(path, static_cast<size_t>(length));
}

}  // namespace catsim
