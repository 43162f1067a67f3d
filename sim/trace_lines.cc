#include "sim/trace_lines.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/check.h"
#include "sim/json_fields.h"

namespace catsim {

using nlohmann::json;

namespace {
constexpr std::array<Stream, kStreamCount> kStreams = {Stream::kSchedule, Stream::kCrash,
                                                       Stream::kFault, Stream::kWorkload};
}  // namespace

json decision_line(const Decision& d) {
  return json{{"type", "decision"},   {"stream", stream_name(d.stream)},
              {"process", d.process}, {"label", d.label},
              {"bound", d.bound},     {"value", d.value}};
}

Decision read_decision_line(const json& line, size_t process_count) {
  if (process_count == 0) throw MalformedJson("a decision before any process is named");
  Decision d;
  d.stream = enum_field(line, "stream", kStreams, stream_name);
  d.process = static_cast<uint32_t>(bounded(line, "process", 0, process_count - 1));
  d.label = intern_label(field<std::string>(line, "label"));
  d.bound = field<uint64_t>(line, "bound");
  d.value = field<uint64_t>(line, "value");
  if (d.bound != 0 && d.value >= d.bound) throw MalformedJson("decision value outside its bound");
  return d;
}

json end_line(TraceEnd end) {
  return json{{"type", "end"},
              {"steps", end.steps},
              {"trace_hash", fmt::format("{:016x}", end.trace_hash)}};
}

TraceEnd read_end_line(const json& line) {
  TraceEnd end;
  end.steps = field<uint64_t>(line, "steps");
  const std::string hash = field<std::string>(line, "trace_hash");
  auto [last, error] = std::from_chars(hash.data(), hash.data() + hash.size(), end.trace_hash, 16);
  if (error != std::errc() || last != hash.data() + hash.size()) {
    throw MalformedJson("field 'trace_hash' is not hex");
  }
  return end;
}

std::optional<std::string> parse_json_lines(std::string_view text, size_t lines_max,
                                            const std::function<void(const json&)>& read_line) {
  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line_number > lines_max) return fmt::format("more than {} lines", lines_max);
    if (line.empty()) continue;
    const json object = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) return fmt::format("line {}: not valid JSON", line_number);
    try {
      read_line(object);
    } catch (const MalformedJson& e) {
      return fmt::format("line {}: {}", line_number, e.what());
    }
  }
  return std::nullopt;
}

std::variant<TraceFrame, std::string> parse_trace_frame(std::string_view text, size_t lines_max,
                                                        const TraceFrameReader& reader) {
  TraceFrame frame;
  size_t processes = 0;  // 0 until the header is read
  bool have_end = false;
  auto error = parse_json_lines(text, lines_max, [&](const json& line) {
    const std::string type = field<std::string>(line, "type");
    if (have_end) throw MalformedJson("content after the end line");
    if (type == "header") {
      if (processes != 0) throw MalformedJson("a second header");
      processes = reader.header(line);
      CATSIM_CHECK_MSG(processes >= 1, "a trace header names at least one process");
      return;
    }
    if (processes == 0) throw MalformedJson("the first line must be the header");
    if (type == "decision") {
      frame.decisions.push_back(read_decision_line(line, processes));
    } else if (type == "end") {
      frame.end = read_end_line(line);
      have_end = true;
    } else if (!reader.line(type, line)) {
      throw MalformedJson(fmt::format("unknown line type {}", echoed(type)));
    }
  });
  if (error) return *error;
  if (processes == 0) return std::string("empty trace: no header line");
  if (!have_end) return std::string("truncated trace: no end line");
  return frame;
}

std::optional<std::string> read_whole_file(const std::string& path, std::string& contents) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return fmt::format("{}: cannot open: {}", path, std::strerror(errno));
  std::ostringstream text;
  text << file.rdbuf();
  contents = text.str();
  return std::nullopt;
}

std::string write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("{}: cannot create: {}", temporary, std::strerror(errno));
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string error = fmt::format("{}: write failed: {}", temporary, std::strerror(errno));
      ::close(fd);
      ::unlink(temporary.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary.c_str());
    return fmt::format("{}: cannot sync: {}", temporary, std::strerror(errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return fmt::format("{}: cannot rename into place: {}", path, std::strerror(errno));
  }
  return "";
}

}  // namespace catsim
