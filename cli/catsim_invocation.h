// For end-to-end tests: runs the catsim binary the tests were built with
// (CATSIM_BINARY) with arguments, stdin empty, and captures its exit status,
// stdout and stderr. Test-only (gtest).
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace catsim::cli {

struct Invocation {
  int status = -1;  // the exit status, -1 if it did not exit normally
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The binary run with args after `cd` to run_dir (empty: the test's working
// directory), its stdout and stderr captured in capture_dir.
inline Invocation run_captured(const std::string& run_dir, const std::string& args,
                               const std::string& capture_dir) {
  const std::string out = capture_dir + "/.stdout", err = capture_dir + "/.stderr";
  const std::string cd = run_dir.empty() ? "" : "cd '" + run_dir + "' && ";
  const std::string command =
      cd + "'" CATSIM_BINARY "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
  const int raw = std::system(command.c_str());
  Invocation result;
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  result.out = read_file(out);
  result.err = read_file(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return result;
}

// The binary run in the existing directory dir with args (shell words).
inline Invocation run_catsim_in(const std::string& dir, const std::string& args) {
  return run_captured(dir, args, dir);
}

// The binary run with args from the test's working directory (its output
// captured in a scratch directory, removed after).
inline Invocation run_catsim(const std::string& args) {
  std::string dir = ::testing::TempDir() + "catsim_cli_XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << dir;
    return {};
  }
  Invocation result = run_captured("", args, dir);
  rmdir(dir.c_str());
  return result;
}

}  // namespace catsim::cli
