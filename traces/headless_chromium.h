// Test-only: headless Chromium as the slow tests drive it. It loads a page
// from a file with every network feature off, at a given window size, and
// either dumps the DOM its scripts built or takes a PNG screenshot.
// Failures are reported as gtest failures and give "" / false.
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace catsim::chromium {

inline constexpr const char* kBinary = "/usr/bin/chromium";
inline constexpr int kSecondsMax = 120;
inline constexpr int kWidth = 1400, kHeight = 900;

inline bool installed() {
  return access(kBinary, X_OK) == 0;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string make_temp_dir(const std::string& prefix) {
  std::string dir = ::testing::TempDir() + prefix + "XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << dir;
    return "";
  }
  return dir;
}

// Runs Chromium on page with mode ("--dump-dom" or "--screenshot=FILE"), its
// stdout into out; whether it exited 0.
inline bool run(const std::string& page, const std::string& mode, const std::string& out,
                const std::string& work_dir) {
  const std::string profile = make_temp_dir("catsim_chromium_profile_");
  const std::string err = work_dir + "/chromium.log";
  const std::string command =
      "timeout " + std::to_string(kSecondsMax) + " " + kBinary +
      " --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --window-size=" +
      std::to_string(kWidth) + "," + std::to_string(kHeight) + " --user-data-dir='" + profile +
      "' " + mode + " 'file://" + page + "' >'" + out + "' 2>'" + err + "' </dev/null";
  const int raw = std::system(command.c_str());
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  const bool exited = raw != -1 && WIFEXITED(raw) && WEXITSTATUS(raw) == 0;
  EXPECT_TRUE(exited) << "chromium failed (status " << raw << "):\n" << read_file(err);
  return exited;
}

// The DOM Chromium built from the page at kWidth x kHeight, or "".
inline std::string dump_dom(const std::string& page, const std::string& work_dir) {
  const std::string out = work_dir + "/dom.html";
  return run(page, "--dump-dom", out, work_dir) ? read_file(out) : "";
}

// A kWidth x kHeight PNG of the page at png; whether one was written.
inline bool screenshot(const std::string& page, const std::string& png,
                       const std::string& work_dir) {
  if (!run(page, "--screenshot='" + png + "'", work_dir + "/screenshot.log", work_dir)) {
    return false;
  }
  const std::string bytes = read_file(png);
  EXPECT_EQ(bytes.substr(0, 8), "\x89PNG\r\n\x1a\n") << png << " is not a PNG";
  return bytes.size() > 8;
}

// The integer value of attribute name on the first element that has it, or -1.
inline long attribute_number(const std::string& dom, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = dom.find(key);
  if (at == std::string::npos) return -1;
  return std::strtol(dom.c_str() + at + key.size(), nullptr, 10);
}

}  // namespace catsim::chromium
