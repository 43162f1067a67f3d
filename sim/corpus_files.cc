#include "sim/corpus_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "sim/hash.h"
#include "sim/json_fields.h"
#include "sim/trace_lines.h"

namespace catsim {

namespace {

constexpr uint64_t kCorpusVersion = 1;
constexpr std::string_view kSuffix = ".corpus.jsonl";

uint64_t hex_field(const nlohmann::json& line, const char* name) {
  const std::string text = field<std::string>(line, name);
  uint64_t value = 0;
  auto [last, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || last != text.data() + text.size() || text.size() != 16) {
    throw MalformedJson(fmt::format("field '{}' must be 16 hex digits", name));
  }
  return value;
}

// An entry's header line, checked; starts entry (its log empty).
CorpusEntry read_entry_header(const nlohmann::json& line, const std::string& context,
                              size_t& processes) {
  if (field<uint64_t>(line, "version") != kCorpusVersion) {
    throw MalformedJson(
        fmt::format("unsupported corpus version (this catsim reads {})", kCorpusVersion));
  }
  const std::string saved_for = field<std::string>(line, "context");
  if (saved_for != context) {
    throw MalformedJson(fmt::format("saved for {}, not {}", echoed(saved_for), echoed(context)));
  }
  CorpusEntry entry;
  entry.feature = hex_field(line, "feature");
  entry.transition = field<bool>(line, "transition");
  entry.seed = field<uint64_t>(line, "seed");
  entry.origin = field<uint64_t>(line, "origin");
  processes = bounded(line, "processes", 1, 1024);
  return entry;
}

// Parses one corpus file's text into its entries.
std::variant<std::vector<CorpusEntry>, std::string> parse_entries(std::string_view text,
                                                                  const std::string& context) {
  std::vector<CorpusEntry> entries;
  std::vector<std::shared_ptr<std::vector<Decision>>> logs;
  size_t processes = 0;
  auto error = parse_json_lines(text, kCorpusFileLinesMax, [&](const nlohmann::json& line) {
    const std::string type = field<std::string>(line, "type");
    if (type == "corpus-entry") {
      entries.push_back(read_entry_header(line, context, processes));
      logs.push_back(std::make_shared<std::vector<Decision>>());
    } else if (type == "decision") {
      if (logs.empty()) throw MalformedJson("a decision before any corpus-entry line");
      logs.back()->push_back(read_decision_line(line, processes));
    } else {
      throw MalformedJson(fmt::format("unknown line type {}", echoed(type)));
    }
  });
  if (error) return *error;
  if (entries.empty()) return std::string("no corpus-entry line");
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].decisions = static_cast<uint32_t>(logs[i]->size());
    entries[i].log = std::move(logs[i]);
  }
  return entries;
}

}  // namespace

std::string corpus_entry_text(const CorpusEntry& entry, const std::string& context) {
  uint32_t processes = 1;
  for (uint32_t i = 0; i < entry.decisions; ++i)
    processes = std::max(processes, (*entry.log)[i].process + 1);
  std::string text = nlohmann::json{
      {"type", "corpus-entry"},
      {"version", kCorpusVersion},
      {"context", context},
      {"feature", fmt::format("{:016x}", entry.feature)},
      {"transition", entry.transition},
      {"seed", entry.seed},
      {"origin", entry.origin},
      {"processes",
       processes}}.dump();
  text += '\n';
  for (uint32_t i = 0; i < entry.decisions; ++i) {
    text += decision_line((*entry.log)[i]).dump();
    text += '\n';
  }
  return text;
}

std::string save_corpus_entries(const std::string& dir, std::span<const CorpusEntry> entries,
                                const std::string& context) {
  if (entries.empty()) return "";
  std::string text;
  uint64_t name = 0;
  for (const CorpusEntry& entry : entries) {
    text += corpus_entry_text(entry, context);
    name = mix64(name ^ entry.feature);
  }
  return write_file_atomically(fmt::format("{}/{:016x}{}", dir, name, kSuffix), text);
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
    auto parsed = parse_entries(text, context);
    if (auto* message = std::get_if<std::string>(&parsed)) {
      return fmt::format("{}: {}", path, *message);
    }
    for (CorpusEntry& entry : std::get<std::vector<CorpusEntry>>(parsed)) {
      if (corpus.add(std::move(entry))) ++added;
    }
  }
  if (loaded != nullptr) *loaded = added;
  return std::nullopt;
}

void SavedCorpus::absorb(CoverageTally& tally) {
  const std::vector<size_t> new_entries = corpus.absorb(tally);
  tally.candidates().clear();
  added += new_entries.size();
  if (dir.empty() || new_entries.empty()) return;
  // absorb() appends: the new entries are the last ones.
  std::span<const CorpusEntry> round(corpus.entries().end() - new_entries.size(),
                                     corpus.entries().end());
  std::string failed = save_corpus_entries(dir, round, context);
  if (error.empty()) error = failed;
}

FreshFeatures SavedCorpus::fresh(std::span<const ReachedFeature> reached,
                                 const std::vector<Decision>& log, uint64_t origin) const {
  FreshFeatures fresh;
  fresh.origin = origin;
  size_t prefix = 0;
  for (const ReachedFeature& r : reached) {
    if ((r.transition && !corpus.options().transition_entries) || corpus.known(r.feature)) continue;
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
