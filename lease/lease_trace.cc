#include "lease/lease_trace.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <set>

namespace catsim::lease {

namespace {

constexpr std::string_view kMagic = "lease-trace 1";
constexpr size_t kWordsMax = 8;

std::optional<StrategyKind> strategy_from_name(std::string_view name) {
  for (StrategyKind kind : {StrategyKind::kRandom, StrategyKind::kPct, StrategyKind::kSkewed}) {
    if (strategy_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<uint64_t> number(std::string_view word) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (error != std::errc() || end != word.data() + word.size()) return std::nullopt;
  return value;
}

std::optional<uint32_t> small_number(std::string_view word) {
  std::optional<uint64_t> value = number(word);
  if (!value || *value > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

// Splits line at spaces; nullopt past kWordsMax words.
std::optional<std::vector<std::string_view>> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  while (!line.empty()) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    size_t end = line.find(' ');
    words.push_back(line.substr(0, end));
    if (words.size() > kWordsMax) return std::nullopt;
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  }
  return words;
}

class Parser {
 public:
  // An error message, or empty when the line was understood.
  std::string line(const std::vector<std::string_view>& words) {
    std::string_view key = words[0];
    if (key == "decision") return decision(words);
    if (key == "expect") return expect(words);
    if (!seen_.insert(std::string(key)).second) return "a setting given twice";
    if (key == "variant" && words.size() == 2) {
      trace_.config.variant = std::string(words[1]);
      return {};
    }
    if (key == "pct" && words.size() == 3) {
      auto depth = small_number(words[1]);
      auto steps = number(words[2]);
      if (!depth || !steps) return "pct wants two numbers";
      trace_.config.pct = PctOptions{*depth, *steps};
      return {};
    }
    if (key == "strategy" && words.size() == 2) {
      trace_.config.strategy = strategy_from_name(words[1]);
      return trace_.config.strategy ? std::string() : "an unknown strategy";
    }
    if (words.size() != 2) return "a setting wants one value";
    return setting(key, words[1]);
  }

  std::string finish() {
    for (std::string_view key : kSettings) {
      if (!seen_.contains(std::string(key))) return fmt::format("no '{}' setting", key);
    }
    return {};
  }

  LeaseTrace& trace() { return trace_; }

 private:
  static constexpr std::array<std::string_view, 11> kSettings = {"variant",
                                                                 "steps_max",
                                                                 "pct",
                                                                 "strategy",
                                                                 "holders",
                                                                 "boots_max",
                                                                 "retries_max",
                                                                 "crash_percent",
                                                                 "transient_percent",
                                                                 "writes_per_lease",
                                                                 "indeterminate_percent"};

  std::string setting(std::string_view key, std::string_view word) {
    std::optional<uint32_t> value = small_number(word);
    if (key == "steps_max") {
      std::optional<uint64_t> steps = number(word);
      if (!steps) return "steps_max wants a number";
      trace_.config.steps_max = *steps;
      return {};
    }
    if (!value) return fmt::format("{} wants a number", key);
    if (key == "writes_per_lease")
      trace_.config.writes_per_lease = *value;
    else if (key == "boots_max")
      trace_.config.boots_max = *value;
    else if (key == "retries_max")
      trace_.config.retries_max = *value;
    else if (key == "holders")
      trace_.config.holders = *value;
    else if (key == "crash_percent")
      trace_.config.crash_percent = *value;
    else if (key == "transient_percent")
      trace_.config.transient_percent = *value;
    else if (key == "indeterminate_percent")
      trace_.config.indeterminate_percent = *value;
    else
      return fmt::format("an unknown setting '{}'", key);
    return {};
  }

  std::string decision(const std::vector<std::string_view>& words) {
    if (words.size() != 6) return "a decision wants stream, process, label, bound, value";
    std::optional<Stream> stream = stream_from_name(words[1]);
    std::optional<uint32_t> process = small_number(words[2]);
    std::optional<uint64_t> bound = number(words[4]);
    std::optional<uint64_t> value = number(words[5]);
    if (!stream || !process || !bound || !value) return "a malformed decision";
    trace_.decisions.push_back(Decision{*stream, *process, intern_label(words[3]), *bound, *value});
    return {};
  }

  std::string expect(const std::vector<std::string_view>& words) {
    if (words.size() != 3 || trace_.expected) return "expect wants one property and a step";
    std::optional<LeaseProperty> property = parse_property(words[1]);
    std::optional<uint64_t> step = number(words[2]);
    if (!property || !step) return "a malformed expect";
    trace_.expected = ExpectedViolation{*property, *step};
    return {};
  }

  LeaseTrace trace_;
  std::set<std::string> seen_;
};

}  // namespace

std::string format_trace(const LeaseReport& report) {
  const LeaseConfig& c = report.config;
  std::string text = fmt::format("{}\n# seed {}, {} steps, trace hash {:#018x}\n", kMagic,
                                 report.seed, report.steps, report.trace_hash);
  text += fmt::format("variant {}\nsteps_max {}\nwrites_per_lease {}\nboots_max {}\n", c.variant,
                      c.steps_max, c.writes_per_lease, c.boots_max);
  text += fmt::format("retries_max {}\npct {} {}\nstrategy {}\nholders {}\n", c.retries_max,
                      c.pct.depth, c.pct.steps_estimate, strategy_name(report.swarm.strategy),
                      report.swarm.holders);
  text += fmt::format("crash_percent {}\ntransient_percent {}\nindeterminate_percent {}\n",
                      report.swarm.crash_percent, report.swarm.faults.transient_percent,
                      report.swarm.faults.indeterminate_percent);
  if (report.violation) {
    text += fmt::format("# {}\nexpect {} {}\n", report.violation->summary,
                        property_name(report.violation->property), report.violation->step);
  }
  for (const Decision& d : report.decisions) {
    text += fmt::format("decision {} {} {} {} {}\n", stream_name(d.stream), d.process, d.label,
                        d.bound, d.value);
  }
  return text;
}

ParsedTrace parse_trace(std::string_view text) {
  Parser parser;
  size_t number = 0;
  bool magic = false;
  while (!text.empty()) {
    ++number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty() || line.starts_with('#')) continue;
    if (!magic) {
      if (line != kMagic) return {std::nullopt, fmt::format("line {}: not a lease trace", number)};
      magic = true;
      continue;
    }
    std::optional<std::vector<std::string_view>> words = words_of(line);
    if (words && words->empty()) continue;
    std::string error = words ? parser.line(*words) : "too many words";
    if (!error.empty()) return {std::nullopt, fmt::format("line {}: {}", number, error)};
  }
  if (!magic) return {std::nullopt, "an empty trace"};
  std::string error = parser.finish();
  if (!error.empty()) return {std::nullopt, error};
  return {std::move(parser.trace()), {}};
}

}  // namespace catsim::lease
