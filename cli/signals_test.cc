// Killed mid-run, nothing is lost: after SIGKILL every failure reported so
// far is on disk and replays; SIGINT stops the campaign within a second with
// the summary so far.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

// A running `catsim run ...` whose stdout we read line by line.
struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;
};

Child start(const std::string& arguments) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::string command = std::string("exec '") + CATSIM_BINARY + "' " + arguments;
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return Child{pid, fdopen(fds[0], "r")};
}

std::string temp_dir(const char* name) {
  auto dir =
      std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(Signals, SigkillAfterAReportedFailureLeavesAReplayableTrace) {
  std::string out = temp_dir("catsim-sigkill");
  Child child = start(
      "run --variant reader-ignores-tombstone --keep-going --no-progress "
      "--seeds 100000000 --jobs 2 --out " +
      out);
  std::string trace;
  char line[4096];
  while (trace.empty() && std::fgets(line, sizeof(line), child.out) != nullptr) {
    std::string text(line);
    if (text.rfind("replay: catsim replay " + out, 0) == 0) {
      trace = text.substr(std::string("replay: catsim replay ").size());
      trace.pop_back();  // newline
    }
  }
  ASSERT_FALSE(trace.empty()) << "no failure was reported";
  kill(child.pid, SIGKILL);
  int status = 0;
  waitpid(child.pid, &status, 0);
  fclose(child.out);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::string replay = std::string("'") + CATSIM_BINARY + "' replay --quiet '" + trace + "'";
  FILE* pipe = popen(replay.c_str(), "r");
  std::string printed;
  while (std::fgets(line, sizeof(line), pipe) != nullptr) printed += line;
  int replay_status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(replay_status), 1) << printed;
  EXPECT_NE(printed.find("VIOLATION P5"), std::string::npos) << printed;
  std::filesystem::remove_all(out);
}

TEST(Signals, SigintStopsWithinASecondWithASummary) {
  std::string out = temp_dir("catsim-sigint");
  Child child = start("run --no-progress --seeds 100000000 --jobs 2 --out " + out);
  char line[4096];
  ASSERT_NE(std::fgets(line, sizeof(line), child.out), nullptr);  // the header: it is running
  usleep(300 * 1000);
  auto sent = std::chrono::steady_clock::now();
  kill(child.pid, SIGINT);
  std::string printed;
  while (std::fgets(line, sizeof(line), child.out) != nullptr) printed += line;
  int status = 0;
  waitpid(child.pid, &status, 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  fclose(child.out);
  EXPECT_LT(seconds, 1.0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << printed;
  EXPECT_NE(printed.find("stopped early"), std::string::npos) << printed;
  EXPECT_NE(printed.find("coverage marks"), std::string::npos) << printed;
  std::filesystem::remove_all(out);
}

}  // namespace
