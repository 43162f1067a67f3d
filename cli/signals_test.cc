// Killed mid-run, nothing is lost: after SIGKILL every failure reported so
// far is on disk and replays; SIGINT stops the campaign promptly with the
// summary so far, and SIGTERM an explore (a swarm shard) with its own.
// "Promptly" is measured in the CPU time the run spends after the signal,
// not in wall-clock time, so a loaded machine (or ASan) does not fail it;
// every wait on the child has its own deadline, so a run that never reports
// (or never stops) fails clearly instead of hanging until ctest's timeout.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// A running `catsim run ...` whose stdout we read line by line, each read
// bounded by a deadline. Killed and reaped on destruction if still running.
class Child {
 public:
  explicit Child(const std::string& arguments) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::string command = std::string("exec '") + CATSIM_BINARY + "' " + arguments;
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (!reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(fd_);
  }

  pid_t pid() const { return pid_; }
  bool timed_out() const { return timed_out_; }

  // The next line (without its newline), or nullopt at end of output or when
  // the deadline passes first (then timed_out()).
  std::optional<std::string> next_line(Clock::time_point deadline) {
    while (true) {
      size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      if (eof_) return std::nullopt;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        timed_out_ = true;
        return std::nullopt;
      }
      pollfd waiting{fd_, POLLIN, 0};
      if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      ssize_t got = read(fd_, chunk, sizeof(chunk));
      if (got <= 0) {
        eof_ = true;
      } else {
        buffer_.append(chunk, static_cast<size_t>(got));
      }
    }
  }

  // Everything left on stdout until it closes (or the deadline passes).
  std::string rest(Clock::time_point deadline) {
    std::string printed;
    while (auto line = next_line(deadline)) printed += *line + "\n";
    return printed;
  }

  // The CPU seconds the child has used so far, all threads (from /proc).
  double cpu_seconds() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // past "pid (comm) "
    std::vector<std::string> values{std::istream_iterator<std::string>(fields),
                                    std::istream_iterator<std::string>()};
    EXPECT_GT(values.size(), 12u) << text;
    if (values.size() <= 12) return 0;
    // Fields 14 and 15 of stat(5), utime and stime, in clock ticks.
    double ticks = std::stod(values[11]) + std::stod(values[12]);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  }

  // Reaps the child: its wait status, and its total CPU seconds in *cpu.
  int wait(double* cpu = nullptr) {
    int status = 0;
    rusage usage{};
    EXPECT_EQ(wait4(pid_, &status, 0, &usage), pid_);
    reaped_ = true;
    if (cpu != nullptr) {
      *cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    return status;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
  bool timed_out_ = false;
  bool reaped_ = false;
};

std::string temp_dir(const char* name) {
  auto dir =
      std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(Signals, SigkillAfterAReportedFailureLeavesAReplayableTrace) {
  std::string out = temp_dir("catsim-sigkill");
  Child child(
      "run --variant reader-ignores-tombstone --keep-going --no-progress "
      "--seeds 100000000 --jobs 2 --out " +
      out);
  // The mutant is found within a few seconds; the deadline only keeps a
  // mutant that stopped firing from hanging the test.
  auto deadline = Clock::now() + std::chrono::seconds(120);
  std::string trace;
  while (trace.empty()) {
    std::optional<std::string> line = child.next_line(deadline);
    if (!line) break;
    if (line->rfind("replay: catsim replay " + out, 0) == 0) {
      trace = line->substr(std::string("replay: catsim replay ").size());
    }
  }
  ASSERT_FALSE(child.timed_out()) << "no failure was reported within 120 s";
  ASSERT_FALSE(trace.empty()) << "the run ended without reporting a failure";
  kill(child.pid(), SIGKILL);
  int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status));
  std::string replay = std::string("'") + CATSIM_BINARY + "' replay --quiet '" + trace + "'";
  FILE* pipe = popen(replay.c_str(), "r");
  std::string printed;
  char line[4096];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) printed += line;
  int replay_status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(replay_status), 1) << printed;
  EXPECT_NE(printed.find("VIOLATION P5"), std::string::npos) << printed;
  std::filesystem::remove_all(out);
}

// A guided night killed mid-run keeps its failures and its corpus: the
// corpus directory loads whole into the next run.
TEST(Signals, SigkillOfAGuidedRunKeepsItsCorpus) {
  std::string out = temp_dir("catsim-sigkill-guided");
  std::string corpus = out + "/corpus";
  Child child(
      "run --strategy guided --guided-round-seeds 32 --variant reader-ignores-tombstone "
      "--keep-going --no-progress --no-shrink --seeds 100000000 --jobs 2 --out " +
      out + " --corpus " + corpus);
  auto deadline = Clock::now() + std::chrono::seconds(120);
  std::string trace;
  while (trace.empty()) {
    std::optional<std::string> line = child.next_line(deadline);
    if (!line) break;
    if (line->rfind("replay: catsim replay " + out, 0) == 0) {
      trace = line->substr(std::string("replay: catsim replay ").size());
    }
  }
  ASSERT_FALSE(child.timed_out()) << "no failure was reported within 120 s";
  ASSERT_FALSE(trace.empty()) << "the run ended without reporting a failure";
  kill(child.pid(), SIGKILL);
  int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(std::filesystem::exists(trace));
  std::string resume =
      std::string("'") + CATSIM_BINARY + "' run --strategy guided --seeds 32 --no-progress --out " +
      out + "/again --variant reader-ignores-tombstone --keep-going --corpus " + corpus + " 2>&1";
  FILE* pipe = popen(resume.c_str(), "r");
  std::string printed;
  char line[4096];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) printed += line;
  int resume_status = pclose(pipe);
  EXPECT_NE(WEXITSTATUS(resume_status), 2) << printed;
  EXPECT_NE(printed.find("guided corpus: "), std::string::npos) << printed;
  EXPECT_EQ(printed.find("(0 loaded"), std::string::npos) << printed;
  std::filesystem::remove_all(out);
}

TEST(Signals, SigintStopsPromptlyWithASummary) {
  std::string out = temp_dir("catsim-sigint");
  Child child("run --no-progress --seeds 100000000 --jobs 2 --out " + out);
  ASSERT_TRUE(child.next_line(Clock::now() + std::chrono::seconds(60)))  // the header: it runs
      << (child.timed_out() ? "no header within 60 s" : "the run ended at once");
  usleep(300 * 1000);
  double cpu_before = child.cpu_seconds();
  kill(child.pid(), SIGINT);
  // Without the stop, the run would go on for hours: the deadline fails it.
  std::string printed = child.rest(Clock::now() + std::chrono::seconds(60));
  ASSERT_FALSE(child.timed_out()) << "still running 60 s after SIGINT\n" << printed;
  double cpu_total = 0;
  int status = child.wait(&cpu_total);
  // Each of the 2 jobs finishes its current seed and the summary is printed:
  // far less than a CPU second per job, however loaded the machine is.
  EXPECT_LT(cpu_total - cpu_before, 2.0) << "CPU seconds spent after SIGINT";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << printed;
  EXPECT_NE(printed.find("stopped early"), std::string::npos) << printed;
  EXPECT_NE(printed.find("coverage marks"), std::string::npos) << printed;
  std::filesystem::remove_all(out);
}

// An explore (here a swarm shard) stops on SIGTERM, as under a CI time
// limit, with what it covered: its states and omission estimate, exit 3.
TEST(Signals, SigtermStopsASwarmShardWithItsSummary) {
  Child child(
      "explore --variant correct --procs 3 --swarm --shard 1/2 --bitstate-bytes 64MiB 2>/dev/null");
  ASSERT_TRUE(child.next_line(Clock::now() + std::chrono::seconds(60)))  // the header: it runs
      << (child.timed_out() ? "no header within 60 s" : "the search ended at once");
  usleep(300 * 1000);
  kill(child.pid(), SIGTERM);
  std::string printed = child.rest(Clock::now() + std::chrono::seconds(60));
  ASSERT_FALSE(child.timed_out()) << "still running 60 s after SIGTERM\n" << printed;
  int status = child.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3) << printed;
  EXPECT_NE(printed.find("(swarm shard 1/2, not exhaustive; omission probability "),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("; stopped by a signal"), std::string::npos) << printed;
}

}  // namespace
