#include "sim/trace_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/json_fields.h"

namespace catsim {
namespace {

using nlohmann::json;

TEST(TraceLines, DecisionAndEndLinesRoundTrip) {
  const Decision decision{Stream::kFault, 2, "a.write", 100, 42};
  const Decision read = read_decision_line(decision_line(decision), 3);
  EXPECT_EQ(read.stream, decision.stream);
  EXPECT_EQ(read.process, decision.process);
  EXPECT_EQ(read.label, decision.label);
  EXPECT_EQ(read.bound, decision.bound);
  EXPECT_EQ(read.value, decision.value);
  const TraceEnd end = read_end_line(end_line(TraceEnd{77, 0xdeadbeefcafef00dULL}));
  EXPECT_EQ(end.steps, 77u);
  EXPECT_EQ(end.trace_hash, 0xdeadbeefcafef00dULL);
}

TEST(TraceLines, ABadDecisionNamesWhatIsWrong) {
  json line = decision_line(Decision{Stream::kSchedule, 0, "x", 3, 1});
  EXPECT_THROW(read_decision_line(line, 0), MalformedJson);  // no process to name
  line["value"] = 3;
  EXPECT_THROW(read_decision_line(line, 1), MalformedJson);  // outside its bound
  line["value"] = -1;
  EXPECT_THROW(read_decision_line(line, 1), MalformedJson);  // not a non-negative integer
  line = decision_line(Decision{Stream::kSchedule, 0, "x", 3, 1});
  line["label"] = "a\nb";
  EXPECT_THROW(read_decision_line(line, 1), MalformedJson);  // a control character
  line = end_line(TraceEnd{1, 2});
  line["trace_hash"] = "xyz";
  EXPECT_THROW(read_end_line(line), MalformedJson);
}

TEST(TraceLines, ParseReportsTheFirstBadLineByNumber) {
  std::vector<std::string> types;
  auto collect = [&](const json& line) {
    types.push_back(field<std::string>(line, "type"));
    if (types.back() == "bad") throw MalformedJson("a bad line");
  };
  EXPECT_EQ(parse_json_lines("{\"type\":\"a\"}\n\n{\"type\":\"b\"}\n", 10, collect), std::nullopt);
  EXPECT_EQ(types, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_json_lines("{\"type\":\"a\"}\n{\"type\":\"bad\"}\n", 10, collect),
            "line 2: a bad line");
  EXPECT_EQ(parse_json_lines("{\"type\":\"a\"}\nnot json\n", 10, collect),
            "line 2: not valid JSON");
  EXPECT_EQ(parse_json_lines("{}\n{}\n{}\n", 2, [](const json&) {}), "more than 2 lines");
  EXPECT_EQ(parse_json_lines("{}\n", 2, collect), "line 1: missing field 'type'");
}

}  // namespace
}  // namespace catsim
