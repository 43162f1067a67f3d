// The kernel's boundary: sim/ is the machinery any protocol reuses, so no
// file of it includes a header from outside sim/ or names a word of the
// catalog protocol. (CMake builds sim/ as catsim_sim, linked against no
// protocol library; this test keeps the words out too.)
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace catsim {
namespace {

constexpr std::array<std::string_view, 9> kProtocolWords = {"stash",    "persist",   "tombstone",
                                                            "epoch",    "catalog",   "migrat",
                                                            "rollback", "savepoint", "lease"};

std::vector<std::filesystem::path> kernel_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CATSIM_SOURCE_DIR "/sim")) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string lowercase_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string lower = text.str();
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

TEST(KernelBoundary, NoKernelFileNamesAProtocolWord) {
  const auto files = kernel_files();
  ASSERT_GT(files.size(), 20u) << "sim/ not found under " << CATSIM_SOURCE_DIR;
  for (const auto& path : files) {
    if (path.filename() == "kernel_boundary_test.cc") continue;  // it lists the words
    const std::string text = lowercase_text(path);
    for (std::string_view word : kProtocolWords) {
      EXPECT_EQ(text.find(word), std::string::npos) << path.filename() << " names '" << word << "'";
    }
  }
}

TEST(KernelBoundary, KernelFilesIncludeOnlyTheKernel) {
  for (const auto& path : kernel_files()) {
    std::ifstream in(path);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.starts_with("#include \"")) continue;
      EXPECT_TRUE(line.starts_with("#include \"sim/"))
          << path.filename() << ":" << number << " includes outside the kernel: " << line;
    }
  }
}

}  // namespace
}  // namespace catsim
