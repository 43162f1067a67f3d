// The trace page's data: one entry per step with its mark, and JSON that is
// safe inside <script> and reads back equal.
#include "traces/trace_page_data.h"

#include <gtest/gtest.h>

#include "harness/run.h"

namespace catsim {
namespace {

TEST(TracePageData, OneEntryPerStepWithItsMark) {
  RunConfig config;
  const Trace trace = make_trace(run_seed(1, config, RunOptions{true}), config);
  const nlohmann::json data = trace_page_data(trace);
  ASSERT_EQ(data["steps"].size(), trace.events.size());
  for (size_t i = 0; i < trace.events.size(); ++i) {
    EXPECT_EQ(data["steps"][i]["index"], i);
    EXPECT_EQ(data["steps"][i]["step"], trace.events[i].step);
    EXPECT_FALSE(data["steps"][i]["label"].get<std::string>().empty());
  }
  EXPECT_TRUE(data["violation"].is_null());
}

TEST(TracePageData, EmbeddedJsonCannotCloseTheScriptAndReadsBackEqual) {
  const nlohmann::json hostile = {
      {"a", "</script><script>alert(1)</script>"}, {"b", "<!-- & -->"}, {"c", "caf\xc3\xa9 \xff"}};
  const std::string text = embed_json(hostile);
  EXPECT_EQ(text.find_first_of("<>&"), std::string::npos) << text;
  for (char c : text) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << text;
  const nlohmann::json back = nlohmann::json::parse(text);
  EXPECT_EQ(back["a"], hostile["a"]);
  EXPECT_EQ(back["b"], hostile["b"]);
  EXPECT_EQ(back["c"], "caf\xc3\xa9 \xef\xbf\xbd") << "invalid UTF-8 is replaced";
}

}  // namespace
}  // namespace catsim
