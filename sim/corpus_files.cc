#include "sim/corpus_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "sim/json_fields.h"
#include "sim/trace_lines.h"

namespace catsim {

namespace {

constexpr uint64_t kCorpusVersion = 1;
constexpr std::string_view kSuffix = ".corpus.jsonl";

std::string entry_name(uint64_t feature) {
  return fmt::format("{:016x}{}", feature, kSuffix);
}

uint64_t hex_field(const nlohmann::json& line, const char* name) {
  const std::string text = field<std::string>(line, name);
  uint64_t value = 0;
  auto [last, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || last != text.data() + text.size() || text.size() != 16) {
    throw MalformedJson(fmt::format("field '{}' must be 16 hex digits", name));
  }
  return value;
}

// Parses one entry file's text.
std::variant<CorpusEntry, std::string> parse_entry(std::string_view text,
                                                   const std::string& context) {
  CorpusEntry entry;
  auto log = std::make_shared<std::vector<Decision>>();
  size_t processes = 0;
  bool have_header = false;
  auto error = parse_json_lines(text, kCorpusEntryLinesMax, [&](const nlohmann::json& line) {
    const std::string type = field<std::string>(line, "type");
    if (!have_header) {
      if (type != "corpus-entry") throw MalformedJson("the first line must be a corpus-entry");
      if (field<uint64_t>(line, "version") != kCorpusVersion)
        throw MalformedJson(fmt::format("unsupported corpus version (this catsim reads {})",
                                        kCorpusVersion));
      const std::string saved_for = field<std::string>(line, "context");
      if (saved_for != context)
        throw MalformedJson(fmt::format("saved for {}, not {}", echoed(saved_for), echoed(context)));
      entry.feature = hex_field(line, "feature");
      entry.transition = field<bool>(line, "transition");
      entry.seed = field<uint64_t>(line, "seed");
      entry.origin = field<uint64_t>(line, "origin");
      processes = bounded(line, "processes", 1, 1024);
      have_header = true;
    } else if (type == "decision") {
      log->push_back(read_decision_line(line, processes));
    } else {
      throw MalformedJson(fmt::format("unknown line type {}", echoed(type)));
    }
  });
  if (error) return *error;
  if (!have_header) return std::string("empty corpus entry");
  entry.decisions = static_cast<uint32_t>(log->size());
  entry.log = std::move(log);
  return entry;
}

}  // namespace

std::string corpus_entry_text(const CorpusEntry& entry, const std::string& context) {
  uint32_t processes = 1;
  for (uint32_t i = 0; i < entry.decisions; ++i)
    processes = std::max(processes, (*entry.log)[i].process + 1);
  std::string text = nlohmann::json{{"type", "corpus-entry"},
                                    {"version", kCorpusVersion},
                                    {"context", context},
                                    {"feature", fmt::format("{:016x}", entry.feature)},
                                    {"transition", entry.transition},
                                    {"seed", entry.seed},
                                    {"origin", entry.origin},
                                    {"processes", processes}}
                         .dump();
  text += '\n';
  for (uint32_t i = 0; i < entry.decisions; ++i) {
    text += decision_line((*entry.log)[i]).dump();
    text += '\n';
  }
  return text;
}

std::string save_corpus_entry(const std::string& dir, const CorpusEntry& entry,
                              const std::string& context) {
  return write_file_atomically(dir + "/" + entry_name(entry.feature),
                               corpus_entry_text(entry, context));
}

std::optional<std::string> load_corpus(const std::string& dir, const std::string& context,
                                       GuidedCorpus& corpus, size_t* loaded) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return fmt::format("{}: cannot create: {}", dir, error.message());
  std::vector<std::string> names;
  for (const auto& item : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = item.path().filename().string();
    if (name.size() > kSuffix.size() && name.ends_with(kSuffix)) names.push_back(name);
  }
  if (error) return fmt::format("{}: cannot list: {}", dir, error.message());
  std::sort(names.begin(), names.end());
  size_t added = 0;
  for (const std::string& name : names) {
    const std::string path = dir + "/" + name;
    std::string text;
    if (auto read_error = read_whole_file(path, text)) return *read_error;
    auto parsed = parse_entry(text, context);
    if (auto* message = std::get_if<std::string>(&parsed)) return fmt::format("{}: {}", path, *message);
    CorpusEntry& entry = std::get<CorpusEntry>(parsed);
    if (name != entry_name(entry.feature))
      return fmt::format("{}: the file name does not match its feature", path);
    if (corpus.add(std::move(entry))) ++added;
  }
  if (loaded != nullptr) *loaded = added;
  return std::nullopt;
}

void SavedCorpus::absorb(CoverageTally& tally) {
  for (size_t index : corpus.absorb(tally)) {
    ++added;
    if (dir.empty()) continue;
    std::string failed = save_corpus_entry(dir, corpus.entries()[index], context);
    if (error.empty()) error = failed;
  }
  tally.candidates.clear();
}

FreshFeatures SavedCorpus::fresh(std::span<const ReachedFeature> reached,
                                 const std::vector<Decision>& log, uint64_t origin) const {
  FreshFeatures fresh;
  fresh.origin = origin;
  size_t prefix = 0;
  for (const ReachedFeature& r : reached) {
    if (corpus.known(r.feature)) continue;
    fresh.features.push_back(r.feature);
    prefix = std::max<size_t>(prefix, r.decisions);
  }
  if (fresh.features.empty()) return fresh;
  std::sort(fresh.features.begin(), fresh.features.end());
  prefix = std::min({prefix, log.size(), corpus.options().prefix_decisions_max});
  fresh.log = std::make_shared<const std::vector<Decision>>(
      log.begin(), log.begin() + static_cast<std::ptrdiff_t>(prefix));
  return fresh;
}

}  // namespace catsim
