// The three views of a trace: the HTML page is well formed (checked by a
// strict parser below), self-contained, has one lane per process and one
// mark per step in the right lane, and escapes hostile text; the Perfetto
// JSON parses and has one complete event per step and a named thread per
// process; the column timeline lists every process and fits 160 columns.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/run.h"
#include "traces/render_columns.h"
#include "traces/render_html.h"
#include "traces/render_perfetto.h"
#include "traces/step_marks.h"

namespace catsim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// ---------------------------------------------------------------------------
// A strict parser for the XML-compatible subset render_html writes: every
// element closed in order (or self-closed), attribute values double-quoted,
// only the five named entities and numeric ones, script and style raw text.

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;  // values decoded
  int parent = -1;
  std::string text;  // the decoded text directly inside
  std::string attribute(const std::string& key) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? "" : it->second;
  }
};

struct Document {
  std::vector<Element> elements;  // in document order
  std::string error;              // "" if well formed
};

class StrictParser {
 public:
  explicit StrictParser(std::string_view text) : text_(text) {}

  Document parse() {
    constexpr std::string_view kDoctype = "<!DOCTYPE html>";
    if (text_.substr(0, kDoctype.size()) == kDoctype) pos_ = kDoctype.size();
    while (pos_ < text_.size() && document_.error.empty()) {
      if (text_[pos_] == '<') {
        tag();
      } else {
        text_node();
      }
    }
    if (document_.error.empty() && !open_.empty()) {
      fail("<" + document_.elements[open_.back()].name + "> is never closed");
    }
    return std::move(document_);
  }

 private:
  void fail(const std::string& why) {
    if (document_.error.empty()) document_.error = why + " (at byte " + std::to_string(pos_) + ")";
  }

  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  }

  std::string name() {
    size_t start = pos_;
    while (pos_ < text_.size() && name_char(text_[pos_])) ++pos_;
    if (start == pos_) fail("expected a name");
    return std::string(text_.substr(start, pos_ - start));
  }

  // Decodes text[start, end), which must not contain '<' and whose '&' each
  // start an entity.
  std::string decode(size_t start, size_t end) {
    static const std::map<std::string, std::string> kEntities = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"#39", "'"}};
    std::string out;
    for (size_t i = start; i < end; ++i) {
      const char c = text_[i];
      if (c == '<') return fail("a raw '<' in text or an attribute"), out;
      if (c != '&') {
        out += c;
        continue;
      }
      size_t semicolon = text_.find(';', i);
      if (semicolon == std::string_view::npos || semicolon > end || semicolon - i > 8) {
        return fail("a raw '&'"), out;
      }
      auto entity = kEntities.find(std::string(text_.substr(i + 1, semicolon - i - 1)));
      if (entity == kEntities.end()) return fail("an unknown entity"), out;
      out += entity->second;
      i = semicolon;
    }
    return out;
  }

  void attributes(Element& element) {
    while (pos_ < text_.size()) {
      while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
      if (pos_ >= text_.size() || text_[pos_] == '>' || text_[pos_] == '/') return;
      std::string key = name();
      if (pos_ + 1 >= text_.size() || text_[pos_] != '=' || text_[pos_ + 1] != '"') {
        return fail("attribute '" + key + "' is not followed by =\"");
      }
      size_t close = text_.find('"', pos_ + 2);
      if (close == std::string_view::npos) return fail("an unterminated attribute value");
      std::string value = decode(pos_ + 2, close);
      if (!element.attributes.emplace(key, value).second) fail("a repeated attribute " + key);
      pos_ = close + 1;
    }
  }

  void tag() {
    if (text_.substr(pos_, 2) == "</") {
      pos_ += 2;
      std::string closing = name();
      if (pos_ >= text_.size() || text_[pos_] != '>') return fail("a malformed end tag");
      ++pos_;
      if (open_.empty() || document_.elements[open_.back()].name != closing) {
        return fail("</" + closing + "> closes the wrong element");
      }
      open_.pop_back();
      return;
    }
    ++pos_;
    Element element;
    element.name = name();
    element.parent = open_.empty() ? -1 : open_.back();
    attributes(element);
    const bool self_closed = text_.substr(pos_, 2) == "/>";
    if (!self_closed && (pos_ >= text_.size() || text_[pos_] != '>')) {
      return fail("a malformed start tag");
    }
    pos_ += self_closed ? 2 : 1;
    document_.elements.push_back(std::move(element));
    const int index = static_cast<int>(document_.elements.size()) - 1;
    if (self_closed) return;
    open_.push_back(index);
    const std::string& tag_name = document_.elements[index].name;
    if (tag_name == "script" || tag_name == "style") raw_text(index, tag_name);
  }

  void raw_text(int index, const std::string& tag_name) {
    const std::string end_tag = "</" + tag_name + ">";
    size_t end = text_.find(end_tag, pos_);
    if (end == std::string_view::npos) return fail("an unterminated " + tag_name);
    document_.elements[index].text = std::string(text_.substr(pos_, end - pos_));
    pos_ = end;
  }

  void text_node() {
    size_t end = std::min(text_.find('<', pos_), text_.size());
    std::string decoded = decode(pos_, end);
    if (open_.empty()) {
      if (decoded.find_first_not_of(" \n") != std::string::npos) fail("text outside <html>");
    } else {
      document_.elements[open_.back()].text += decoded;
    }
    pos_ = end;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<int> open_;
  Document document_;
};

Document parse_strict(std::string_view html) {
  return StrictParser(html).parse();
}

TEST(StrictParser, RejectsWhatItShould) {
  EXPECT_EQ(parse_strict("<a><b x=\"1\"/></a>").error, "");
  EXPECT_NE(parse_strict("<a><b></a></b>").error, "");
  EXPECT_NE(parse_strict("<a x=1></a>").error, "");
  EXPECT_NE(parse_strict("<a>1 & 2</a>").error, "");
  EXPECT_NE(parse_strict("<a>").error, "");
  EXPECT_NE(parse_strict("<a x=\"<\"></a>").error, "");
  EXPECT_NE(parse_strict("<a x=\"1\" x=\"2\"></a>").error, "");
}

// ---------------------------------------------------------------------------
// Traces to render.

Trace recorded(uint64_t seed, RunConfig config) {
  return make_trace(run_seed(seed, config, RunOptions{true}), config);
}

Trace violating_trace() {
  RunConfig config;
  config.variant = "tombstone-before-copy";
  config.procs = 3;  // the hostile names below need three processes
  config.readers = 1;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Trace trace = recorded(seed, config);
    if (trace.violation) return trace;
  }
  ADD_FAILURE() << "tombstone-before-copy did not violate within 50 seeds";
  return {};
}

Trace faulty_trace() {
  RunConfig config;
  config.crash_percent = 12;
  config.transient_percent = 12;
  return recorded(4, config);
}

std::vector<Trace> sample_traces() {
  RunConfig two;
  two.protocol = Protocol::kTwoTombstone;
  return {recorded(1, RunConfig{}), recorded(2, two), faulty_trace(), violating_trace()};
}

// A real trace whose every string is an attack on the page.
Trace hostile_trace() {
  Trace trace = violating_trace();
  std::vector<std::string>& names = trace.header.process_names;
  names[0] = "<script>alert(1)</script>";
  names[1] = "a\"b&c'd<e>f";
  names[2] = "\x1b[31mred\x1b[0m";
  trace.header.config.variant = "v</title><script>alert(2)</script>";
  trace.header.catsim_version = "\xff\xfe not utf-8";
  trace.header.git_commit = "--></style><style>body{background:url(#x)}</style>";
  for (StepEvent& event : trace.events) {
    event.notes.push_back("\" onmouseover=\"alert(3)\" & <b>bold</b> &amp;");
    event.label = "</title></rect><script>alert(4)</script>";
    for (CallRecord& call : event.calls) call.call = "<![CDATA[ ]]> ' \"";
  }
  trace.violation->summary = "<img src=x onerror=alert(5)>";
  trace.violation->details = {"&amp; stays &amp;amp;", "]]> </svg> </section>"};
  return trace;
}

std::vector<const Element*> with_class(const Document& document, const std::string& name) {
  std::vector<const Element*> found;
  for (const Element& element : document.elements) {
    if (element.attribute("class") == name) found.push_back(&element);
  }
  return found;
}

const Element* ancestor_with_class(const Document& document, const Element& element,
                                   const std::string& name) {
  for (int i = element.parent; i >= 0; i = document.elements[i].parent) {
    if (document.elements[i].attribute("class") == name) return &document.elements[i];
  }
  return nullptr;
}

const Element* child_with_class(const Document& document, const Element& element,
                                const std::string& name) {
  const int index = static_cast<int>(&element - document.elements.data());
  for (const Element& other : document.elements) {
    if (other.parent == index && other.attribute("class") == name) return &other;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// HTML.

TEST(RenderHtml, IsWellFormedWithOneLanePerProcessAndOneMarkPerStep) {
  for (const Trace& trace : sample_traces()) {
    SCOPED_TRACE(::testing::Message() << "seed " << trace.header.seed);
    const Document document = parse_strict(render_html(trace));
    ASSERT_EQ(document.error, "");
    const auto lanes = with_class(document, "row lane");
    ASSERT_EQ(lanes.size(), trace.header.process_names.size());
    for (size_t p = 0; p < lanes.size(); ++p) {
      EXPECT_EQ(lanes[p]->attribute("data-process"), trace.header.process_names[p]);
    }
    // Marks come lane by lane, each lane's in step order.
    std::vector<std::pair<std::string, std::string>> expected, found;
    for (const std::string& name : trace.header.process_names) {
      for (const StepEvent& event : trace.events) {
        if (trace.header.process_names[event.process] == name) {
          expected.emplace_back(name, std::to_string(event.step));
        }
      }
    }
    for (const Element* mark : with_class(document, "step")) {
      const Element* lane = ancestor_with_class(document, *mark, "row lane");
      ASSERT_NE(lane, nullptr) << "a mark outside every lane";
      found.emplace_back(lane->attribute("data-process"), mark->attribute("data-step"));
      const Element* label = child_with_class(document, *mark, "op");
      ASSERT_NE(label, nullptr) << "a mark without a label";
      EXPECT_FALSE(label->text.empty()) << "a mark with an empty label";
    }
    EXPECT_EQ(found, expected);
  }
}

TEST(RenderHtml, MarksCrashesRestartsFailuresAndTheViolation) {
  for (const Trace& trace : {faulty_trace(), violating_trace()}) {
    const Document document = parse_strict(render_html(trace));
    ASSERT_EQ(document.error, "");
    const auto marks = with_class(document, "step");
    ASSERT_EQ(marks.size(), trace.events.size());
    std::map<std::string, const StepEvent*> by_step;
    for (const StepEvent& event : trace.events) by_step[std::to_string(event.step)] = &event;
    std::set<std::string> kinds;
    for (const Element* mark : marks) {
      const StepEvent& event = *by_step.at(mark->attribute("data-step"));
      const std::string kind = mark->attribute("data-kind");
      kinds.insert(kind);
      EXPECT_EQ(kind, step_action_name(event.action));
      EXPECT_EQ(mark->name, "div");
      EXPECT_EQ(mark->attribute("data-result"), mark_result_name(mark_result(event)));
      EXPECT_EQ(mark->attribute("data-failed") == "true", step_failed(event));
      const bool violated = trace.violation && trace.violation->step == event.step;
      EXPECT_EQ(mark->attribute("data-violation") == "true", violated);
    }
    if (!trace.violation) {
      EXPECT_TRUE(kinds.count("crash") && kinds.count("restart")) << "no crash in the sample";
      continue;
    }
    EXPECT_EQ(with_class(document, "band violation-band").size(), 1u);
    const auto panels = with_class(document, "violation");
    ASSERT_EQ(panels.size(), 1u);
    std::string panel_text;
    const int panel = static_cast<int>(panels[0] - document.elements.data());
    for (const Element& element : document.elements) {
      if (element.parent == panel || &element == panels[0]) panel_text += element.text + "\n";
      if (element.parent >= 0 && document.elements[element.parent].parent == panel) {
        panel_text += element.text + "\n";
      }
    }
    EXPECT_THAT(panel_text, HasSubstr(std::string(property_name(trace.violation->property))));
    EXPECT_THAT(panel_text, HasSubstr(trace.violation->summary));
    for (const std::string& line : trace.violation->details) {
      EXPECT_THAT(panel_text, HasSubstr(line));
    }
  }
}

// Every reference in the page points inside it ("#...") or is inline (data:).
void expect_self_contained(const Document& document) {
  const auto local = [](const std::string& target) {
    return target.rfind("#", 0) == 0 || target.rfind("data:", 0) == 0;
  };
  const auto urls_local = [&](const std::string& css) {
    for (size_t at = css.find("url("); at != std::string::npos; at = css.find("url(", at + 1)) {
      std::string target = css.substr(at + 4);
      target.erase(0, target.find_first_not_of(" '\""));
      EXPECT_TRUE(local(target)) << "url(" << target.substr(0, 40);
    }
    EXPECT_THAT(css, Not(HasSubstr("@import")));
  };
  const std::set<std::string> kFetching = {"img",   "link", "iframe", "object", "embed",
                                           "image", "use",  "audio",  "video",  "source"};
  size_t scripts = 0, data_scripts = 0;
  for (const Element& element : document.elements) {
    EXPECT_EQ(kFetching.count(element.name), 0u) << "<" << element.name << ">";
    for (const char* key : {"src", "href", "xlink:href", "action", "srcset"}) {
      if (element.attributes.count(key)) {
        EXPECT_TRUE(local(element.attribute(key))) << key;
      }
    }
    for (const auto& [key, value] : element.attributes) {
      EXPECT_NE(key.rfind("on", 0), 0u) << "an event handler attribute " << key;
    }
    if (element.attributes.count("style")) urls_local(element.attribute("style"));
    if (element.name == "style") urls_local(element.text);
    if (element.name == "script") ++scripts;
    if (element.name == "script" && element.attribute("type") == "application/json") {
      ++data_scripts;
    }
  }
  EXPECT_EQ(scripts, 2u) << "the data and the code";
  EXPECT_EQ(data_scripts, 1u);
}

TEST(RenderHtml, ReferencesNothingOutsideItself) {
  for (const Trace& trace : sample_traces()) {
    const std::string html = render_html(trace);
    std::string lower = html;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    EXPECT_THAT(lower, Not(HasSubstr("http")));
    EXPECT_THAT(lower, Not(HasSubstr("src=")));
    EXPECT_THAT(lower, Not(HasSubstr("href=")));
    const Document document = parse_strict(html);
    ASSERT_EQ(document.error, "");
    expect_self_contained(document);
  }
}

TEST(RenderHtml, EscapesHostileText) {
  const Trace trace = hostile_trace();
  const std::string html = render_html(trace);
  const Document document = parse_strict(html);
  ASSERT_EQ(document.error, "");
  expect_self_contained(document);
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&quot; onmouseover=&quot;alert(3)&quot; &amp; &lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("&amp;amp; stays &amp;amp;amp;"));
  // The code script is the page's own, the same as for a harmless trace.
  const auto script_of = [](const Document& d) {
    for (const Element& element : d.elements) {
      if (element.name == "script" && element.attribute("type").empty()) return element.text;
    }
    return std::string();
  };
  EXPECT_EQ(script_of(document), script_of(parse_strict(render_html(violating_trace()))));
  const std::set<std::string> kAllowed = {"html", "head", "meta",   "title",   "style", "body",
                                          "h1",   "h2",   "p",      "section", "ul",    "li",
                                          "span", "div",  "header", "button",  "script"};
  for (const Element& element : document.elements) {
    EXPECT_EQ(kAllowed.count(element.name), 1u) << "<" << element.name << ">";
  }
  // The lanes still carry the names, decoded back exactly (control characters replaced).
  const auto lanes = with_class(document, "row lane");
  ASSERT_EQ(lanes.size(), trace.header.process_names.size());
  EXPECT_EQ(lanes[0]->attribute("data-process"), trace.header.process_names[0]);
  EXPECT_EQ(lanes[1]->attribute("data-process"), trace.header.process_names[1]);
  EXPECT_EQ(lanes[2]->attribute("data-process"), "?[31mred?[0m");
  EXPECT_EQ(with_class(document, "step").size(), trace.events.size());
}

TEST(RenderHtml, TotalOnStepsAndViolationsOfUnknownProcesses) {
  Trace trace = violating_trace();
  trace.events.front().process = 1000;
  trace.violation->process = 2000;
  trace.violation->step = 1ULL << 62;
  const Document document = parse_strict(render_html(trace));
  ASSERT_EQ(document.error, "");
  EXPECT_EQ(with_class(document, "step").size(), trace.events.size() - 1);
  EXPECT_THAT(render_html(trace), HasSubstr("process 2000"));
}

// ---------------------------------------------------------------------------
// Perfetto.

nlohmann::json perfetto_json(const Trace& trace) {
  const std::string text = render_perfetto(trace);
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << text.substr(0, 200);
  return parsed;
}

TEST(RenderPerfetto, OneCompleteEventPerStepOnItsProcessThread) {
  for (const Trace& trace : sample_traces()) {
    SCOPED_TRACE(::testing::Message() << "seed " << trace.header.seed);
    const nlohmann::json document = perfetto_json(trace);
    ASSERT_TRUE(document.contains("traceEvents"));
    std::map<uint64_t, std::string> thread_names;
    std::vector<nlohmann::json> complete, instants;
    size_t counters = 0;
    for (const nlohmann::json& event : document["traceEvents"]) {
      const std::string phase = event.at("ph");
      if (phase == "M" && event.at("name") == "thread_name") {
        thread_names[event.at("tid").get<uint64_t>()] =
            event.at("args").at("name").get<std::string>();
      }
      if (phase == "X") complete.push_back(event);
      if (phase == "i") instants.push_back(event);
      if (phase == "C") ++counters;
    }
    ASSERT_EQ(thread_names.size(), trace.header.process_names.size());
    for (size_t p = 0; p < trace.header.process_names.size(); ++p) {
      EXPECT_EQ(thread_names.at(p + 1), trace.header.process_names[p]);
    }
    ASSERT_EQ(complete.size(), trace.events.size());
    for (size_t i = 0; i < complete.size(); ++i) {
      const StepEvent& step = trace.events[i];
      EXPECT_EQ(complete[i]["tid"], step.process + 1);
      EXPECT_EQ(complete[i]["ts"], i * 1000);
      EXPECT_EQ(complete[i]["dur"], 900);
      EXPECT_EQ(complete[i]["args"]["step"], step.step);
      EXPECT_EQ(complete[i]["args"]["calls"].size(), step.calls.size());
      EXPECT_EQ(complete[i]["args"]["after"]["stash_epoch"], step.after.stash_epoch);
    }
    EXPECT_GE(counters, 2u);
    EXPECT_EQ(instants.empty(), !trace.violation.has_value());
    if (trace.violation) {
      EXPECT_THAT(instants[0].dump(), HasSubstr(trace.violation->summary));
    }
  }
}

TEST(RenderPerfetto, HostileAndInvalidTextStillGivesValidJson) {
  Trace trace = hostile_trace();
  trace.header.process_names[1] = "\xc3\x28 bad utf-8";
  const nlohmann::json document = perfetto_json(trace);
  ASSERT_TRUE(document.contains("traceEvents"));
  EXPECT_THAT(document.dump(), HasSubstr("<script>alert(1)</script>"));
}

// ---------------------------------------------------------------------------
// Columns.

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t code_points(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

TEST(RenderColumns, ListsEveryProcessAndOneRowPerStepWithin160Columns) {
  for (const Trace& trace : sample_traces()) {
    const std::vector<std::string> lines = lines_of(render_columns(trace));
    ASSERT_GE(lines.size(), trace.events.size() + 2);
    const std::string& header = lines[1];
    size_t at = 0;
    for (const std::string& name : trace.header.process_names) {
      at = header.find(" " + name + " ", at);
      EXPECT_NE(at, std::string::npos) << name << " missing from: " << header;
    }
    for (size_t i = 0; i < trace.events.size(); ++i) {
      const std::string& row = lines[i + 2];
      EXPECT_LE(code_points(row), kColumnsWidthMax) << row;
      const bool marked = trace.violation && trace.violation->step == trace.events[i].step;
      EXPECT_EQ(row.substr(0, 5), fmt::format("{:>4}{}", trace.events[i].step, marked ? "!" : " "));
    }
    if (trace.violation) {
      EXPECT_THAT(lines[trace.events.size() + 2], HasSubstr(trace.violation->summary));
      EXPECT_EQ(lines.back().substr(4), trace.violation->details.back());
    }
  }
}

TEST(RenderColumns, DescribesCrashesRestartsAndNotes) {
  const Trace trace = faulty_trace();
  const std::string text = render_columns(trace, 1000);
  EXPECT_THAT(text, HasSubstr("CRASH at "));
  EXPECT_THAT(text, HasSubstr("restart #2"));
  for (const StepEvent& event : trace.events) {
    for (const std::string& note : event.notes) EXPECT_THAT(text, HasSubstr(note));
  }
}

TEST(RenderColumns, TruncatesWithAnEllipsisAndDefusesControlCharacters) {
  Trace trace = hostile_trace();
  trace.header.process_names[0] = std::string(300, 'x');
  const std::string text = render_columns(trace);
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, HasSubstr("?[31mred"));
  const std::vector<std::string> lines = lines_of(text);
  EXPECT_THAT(lines[1], HasSubstr("x…"));
  for (size_t i = 1; i < trace.events.size() + 2; ++i) {
    EXPECT_LE(code_points(lines[i]), kColumnsWidthMax) << lines[i];
  }
  EXPECT_EQ(fit("abcdef", 4), "abc…");
  EXPECT_EQ(fit("abcd", 4), "abcd");
  EXPECT_EQ(fit("ééééé", 3), "éé…");
  EXPECT_EQ(printable("a\x1b\x7f\xff\xc2\x85z"), "a????z");
}

TEST(RenderColumns, TotalOnUnknownProcesses) {
  Trace trace = violating_trace();
  trace.events.back().process = 77;
  trace.violation->process = 99;
  const std::string text = render_columns(trace);
  EXPECT_THAT(text, HasSubstr("[process 77: "));
  EXPECT_THAT(text, HasSubstr("(process 99)"));
}

}  // namespace
}  // namespace catsim
