// The lease protocol is built on the kernel alone: no file of lease/
// includes a header from outside sim/ and lease/ (CMake links catsim_lease
// against catsim_sim and fmt only; this keeps the includes honest too).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace catsim::lease {
namespace {

TEST(LeaseBoundary, LeaseFilesIncludeOnlyTheKernelAndThemselves) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CATSIM_SOURCE_DIR "/lease")) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 10u) << "lease/ not found under " << CATSIM_SOURCE_DIR;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.starts_with("#include \"")) continue;
      bool inside = line.starts_with("#include \"sim/") || line.starts_with("#include \"lease/");
      EXPECT_TRUE(inside) << path.filename() << ":" << number << " includes " << line;
    }
  }
}

}  // namespace
}  // namespace catsim::lease
