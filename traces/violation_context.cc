#include "traces/violation_context.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <regex>

#include "stores/catalog.h"

namespace catsim {

namespace {

std::optional<size_t> index_of_step(const Trace& trace, uint64_t step) {
  for (size_t i = 0; i < trace.events.size(); ++i) {
    if (trace.events[i].step == step) return i;
  }
  return std::nullopt;
}

// The object of an acknowledged change note ("create t0_1_0 -> ok"), or "".
std::string acknowledged_object(const std::string& note) {
  static const std::regex kAck(R"(^(create|alter|drop) (\S+) -> ok$)");
  std::smatch match;
  return std::regex_match(note, match, kAck) ? match[2].str() : "";
}

std::vector<uint64_t> numbers_after(const std::string& text, const std::regex& pattern) {
  std::vector<uint64_t> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    found.push_back(parse_u64((*it)[1].str()));
  }
  return found;
}

class Collector {
 public:
  void add(size_t index, const std::string& reason) {
    std::string& reasons = reasons_[index];
    if (reasons.find(reason) == std::string::npos)
      reasons += (reasons.empty() ? "" : "; ") + reason;
  }
  std::vector<RelatedStep> steps() const {
    std::vector<RelatedStep> out;
    for (const auto& [index, reason] : reasons_) out.push_back({index, reason});
    return out;
  }

 private:
  std::map<size_t, std::string> reasons_;
};

void add_truth_move(const Trace& trace, size_t last, Collector& out) {
  for (size_t i = last; i > 0; --i) {
    const auto& now = trace.events[i].after.source_of_truth;
    if (now != trace.events[i - 1].after.source_of_truth) {
      out.add(i, fmt::format("the source of truth moved to {}",
                             now ? std::string(store_name(*now)) : "NONE"));
      return;
    }
  }
}

void add_acknowledgements(const Trace& trace, size_t last, const std::string& evidence,
                          Collector& out) {
  const Violation& violation = *trace.violation;
  std::optional<size_t> own_last;
  for (size_t i = 0; i <= last; ++i) {
    for (const std::string& note : trace.events[i].notes) {
      const std::string object = acknowledged_object(note);
      if (object.empty()) continue;
      if (evidence.find(object) != std::string::npos) out.add(i, "acknowledged: " + note);
      if (trace.events[i].process == violation.process) own_last = i;
    }
  }
  if (violation.property == Property::kP2 && own_last) {
    out.add(*own_last, "the acknowledged commit that was lost");
  }
}

void add_own_open(const Trace& trace, size_t last, Collector& out) {
  static const std::regex kOpened(R"(^opened (stash|persist) at epoch \d+$)");
  for (size_t i = last + 1; i-- > 0;) {
    const StepEvent& event = trace.events[i];
    if (event.process != trace.violation->process) continue;
    for (const std::string& note : event.notes) {
      if (std::regex_match(note, kOpened)) return out.add(i, "this process's open: " + note);
    }
  }
}

// The first step after which store's epoch is epoch, if any (step 0 excluded: no fence seen).
std::optional<size_t> first_fenced_at(const Trace& trace, size_t last, StoreId store,
                                      uint64_t epoch) {
  const auto epoch_of = [&](size_t i) {
    const StoresState& after = trace.events[i].after;
    return store == StoreId::kStash ? after.stash_epoch : after.persist_epoch;
  };
  for (size_t i = 1; i <= last; ++i) {
    if (epoch_of(i) == epoch && epoch_of(i - 1) != epoch) return i;
  }
  return std::nullopt;
}

void add_epochs(const Trace& trace, size_t last, const std::string& evidence, Collector& out) {
  static const std::regex kEpoch(R"(epoch (\d+))");
  for (uint64_t epoch : numbers_after(evidence, kEpoch)) {
    const std::string opened = fmt::format(" at epoch {}", epoch);
    for (size_t i = 0; i <= last; ++i) {
      for (const std::string& note : trace.events[i].notes) {
        if (note.starts_with("opened ") && note.ends_with(opened)) {
          out.add(i, fmt::format("an open returned epoch {}", epoch));
        }
      }
    }
    for (StoreId store : {StoreId::kStash, StoreId::kPersist}) {
      if (auto i = first_fenced_at(trace, last, store, epoch)) {
        out.add(*i, fmt::format("{} fenced at epoch {}", store_name(store), epoch));
      }
    }
  }
}

void add_read_window(const Trace& trace, const std::string& evidence, Collector& out) {
  static const std::regex kWindow(R"(during steps (\d+)\.\.\d+)");
  for (uint64_t step : numbers_after(evidence, kWindow)) {
    if (auto index = index_of_step(trace, step)) out.add(*index, "the read began");
  }
}

}  // namespace

std::vector<RelatedStep> violation_context(const Trace& trace) {
  if (!trace.violation) return {};
  const std::optional<size_t> violated = index_of_step(trace, trace.violation->step);
  if (!violated) return {};
  std::string evidence = trace.violation->summary;
  for (const std::string& line : trace.violation->details) evidence += "\n" + line;
  Collector out;
  out.add(*violated, fmt::format("{} violated here", trace.violation->property));
  add_truth_move(trace, *violated, out);
  add_acknowledgements(trace, *violated, evidence, out);
  add_own_open(trace, *violated, out);
  add_epochs(trace, *violated, evidence, out);
  add_read_window(trace, evidence, out);
  return out.steps();
}

}  // namespace catsim
