#include "cli/campaign_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/run_flags.h"
#include "traces/render_html.h"
#include "traces/trace.h"

namespace catsim::cli {

namespace {

std::string seeds_text(const std::vector<uint64_t>& seeds) {
  std::string text;
  for (uint64_t seed : seeds) text += (text.empty() ? "" : " ") + std::to_string(seed);
  return text;
}

}  // namespace

void print_summary(const CampaignReportInput& in) {
  const CampaignResult& result = in.result;
  uint64_t steps = result.stats.get(Counter::kSteps);
  double seconds = std::max(in.seconds, 1e-9);
  fmt::print(
      "seeds {} ({} violating, {} distinct){}, steps {}, {:.1f} s, {:.0f} seeds/s, "
      "{:.0f} steps/s\n",
      result.seeds_run, result.failures.size(), in.failures.size(),
      result.stopped_early ? fmt::format(" of {} planned (stopped early)", result.seeds_planned)
                           : "",
      steps, in.seconds, static_cast<double>(result.seeds_run) / seconds,
      static_cast<double>(steps) / seconds);
  fmt::print("abstract states: {} ({} transitions between them)\n", result.abstract_states,
             result.abstract_transitions);
  if (const SavedCorpus* corpus = in.options.corpus) {
    fmt::print("guided corpus: {} entries ({} loaded, {} added){}\n",
               corpus->corpus.entries().size(), corpus->loaded, corpus->added,
               corpus->dir.empty() ? "" : fmt::format(", saved in {}", corpus->dir));
  }
  for (bool marks : {false, true}) {
    fmt::print("{}",
               marks ? "coverage marks (rare states the campaign must reach):\n" : "counts:\n");
    for (size_t i = 0; i < kCounterCount; ++i) {
      auto counter = static_cast<Counter>(i);
      if (is_coverage_mark(counter) != marks) continue;
      uint64_t value = result.stats.get(counter);
      bool flagged = value == 0 && counter_expected(counter, result.causes, in.config);
      fmt::print("  {:<36} {:>12}{}\n", counter_name(counter), value,
                 flagged ? (marks ? "   <- MISSED" : "   <- zero although enabled") : "");
    }
  }
  for (const FailureGroup& group : in.failures) {
    fmt::print("bug: {} {} x{} (seeds {}) {}\n", group.property, group.summary, group.count,
               seeds_text(group.seeds),
               group.shrunk_path.empty() ? group.trace_path : group.shrunk_path);
  }
}

std::string write_junit(const std::string& path, const CampaignReportInput& in) {
  std::string suite =
      fmt::format("catsim {} {}", protocol_name(in.config.protocol), in.config.variant);
  std::string cases;
  cases += fmt::format("  <testcase classname=\"{}\" name=\"campaign\" time=\"{:.3f}\">\n",
                       html_escape(suite), in.seconds);
  if (!in.failures.empty()) {
    cases += fmt::format("    <failure message=\"{} distinct failures\"/>\n", in.failures.size());
  }
  cases += fmt::format("    <system-out>{} seeds run of {} planned</system-out>\n  </testcase>\n",
                       in.result.seeds_run, in.result.seeds_planned);
  for (const FailureGroup& group : in.failures) {
    cases += fmt::format(
        "  <testcase classname=\"{}\" name=\"{}: {}\">\n    <failure message=\"{}\">seen {} "
        "times; seeds {}; trace {}; replay: catsim replay {}</failure>\n  </testcase>\n",
        html_escape(suite), property_name(group.property), html_escape(group.summary),
        html_escape(group.summary), group.count, html_escape(seeds_text(group.seeds)),
        html_escape(group.trace_path),
        html_escape(group.shrunk_path.empty() ? group.trace_path : group.shrunk_path));
  }
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"{}\" "
      "tests=\"{}\" failures=\"{}\" time=\"{:.3f}\">\n{}</testsuite>\n</testsuites>\n",
      html_escape(suite), in.failures.size() + 1,
      in.failures.size() + (in.failures.empty() ? 0 : 1), in.seconds, cases);
  return write_file_atomically(path, xml);
}

std::string write_json(const std::string& path, const CampaignReportInput& in) {
  using nlohmann::json;
  json counts = json::object(), marks = json::object();
  for (size_t i = 0; i < kCounterCount; ++i) {
    auto counter = static_cast<Counter>(i);
    (is_coverage_mark(counter) ? marks : counts)[std::string(counter_name(counter))] =
        in.result.stats.get(counter);
  }
  json failures = json::array();
  for (const FailureGroup& group : in.failures) {
    failures.push_back({{"property", std::string(property_name(group.property))},
                        {"summary", group.summary},
                        {"signature", group.signature},
                        {"count", group.count},
                        {"seeds", group.seeds},
                        {"trace", group.trace_path},
                        {"shrunk_trace", group.shrunk_path},
                        {"steps", group.steps},
                        {"shrunk_steps", group.shrunk_steps}});
  }
  const CampaignOptions& o = in.options;
  json document{{"configuration",
                 {{"protocol", protocol_name(in.config.protocol)},
                  {"variant", in.config.variant},
                  {"strategy",
                   o.corpus != nullptr ? std::string("guided") : strategy_text(in.config.strategy)},
                  {"procs", setting_text(in.config.procs)},
                  {"readers", setting_text(in.config.readers)},
                  {"seed_start", o.seed_start},
                  {"seeds", o.seeds},
                  {"shard", fmt::format("{}/{}", o.shard.index, o.shard.count)},
                  {"jobs", o.jobs},
                  {"keep_going", o.keep_going},
                  {"failures_max", o.failures_max}}},
                {"seeds_run", in.result.seeds_run},
                {"seeds_planned", in.result.seeds_planned},
                {"stopped_early", in.result.stopped_early},
                {"seconds", in.seconds},
                {"abstract_states", in.result.abstract_states},
                {"abstract_transitions", in.result.abstract_transitions},
                {"counts", counts},
                {"coverage_marks", marks},
                {"failures", failures}};
  if (const SavedCorpus* corpus = o.corpus) {
    document["corpus"] = {{"entries", corpus->corpus.entries().size()},
                          {"loaded", corpus->loaded},
                          {"added", corpus->added},
                          {"dir", corpus->dir}};
  }
  return write_file_atomically(path, document.dump(2) + "\n");
}

}  // namespace catsim::cli
