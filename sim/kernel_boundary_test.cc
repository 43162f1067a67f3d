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

// Kernel words that happen to contain a protocol word.
constexpr std::array<std::string_view, 2> kKernelWords = {"release", "persistent"};

// Whether text holds word, other than inside one of kKernelWords.
bool names_word(const std::string& text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool excused = false;
    for (std::string_view kernel_word : kKernelWords) {
      const size_t offset = kernel_word.find(word);
      excused |= offset != std::string_view::npos && at >= offset &&
                 text.compare(at - offset, kernel_word.size(), kernel_word) == 0;
    }
    if (!excused) return true;
  }
  return false;
}

TEST(KernelBoundary, NamesWordSeesThroughKernelWordsOnly) {
  EXPECT_FALSE(names_word("memory_order_release", "lease"));
  EXPECT_FALSE(names_word("a persistent set", "persist"));
  EXPECT_TRUE(names_word("a lease holder", "lease"));
  EXPECT_TRUE(names_word("kpoststashfence", "stash"));
  EXPECT_TRUE(names_word("persist.append", "persist"));
}

TEST(KernelBoundary, NoKernelFileNamesAProtocolWord) {
  const auto files = kernel_files();
  ASSERT_GT(files.size(), 20u) << "sim/ not found under " << CATSIM_SOURCE_DIR;
  for (const auto& path : files) {
    if (path.filename() == "kernel_boundary_test.cc") continue;  // it lists the words
    const std::string text = lowercase_text(path);
    for (std::string_view word : kProtocolWords) {
      EXPECT_FALSE(names_word(text, word)) << path.filename() << " names '" << word << "'";
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
