#include "sim/dependence.h"

#include <gtest/gtest.h>

#include <vector>

namespace catsim {
namespace {

constexpr PendingCall kWriteA{"a.write", {1, true}};
constexpr PendingCall kReadA{"a.read", {1, false}};
constexpr PendingCall kReadB{"b.read", {2, false}};
constexpr PendingCall kNoResource{"restart", {}};

TEST(Dependence, TwoCallsRaceOnTheSameResourceWhenOneWrites) {
  std::vector<PendingCall> accesses{kWriteA, kReadA, kReadB};
  EXPECT_TRUE(races_with_another(accesses, 0));   // a write beside a read of A
  EXPECT_TRUE(races_with_another(accesses, 1));   // the read beside that write
  EXPECT_FALSE(races_with_another(accesses, 2));  // nobody else at B
  std::vector<PendingCall> reads{kReadA, kReadA, kNoResource};
  EXPECT_FALSE(races_with_another(reads, 0));  // two reads commute
  EXPECT_FALSE(races_with_another(reads, 2));  // a restart touches nothing
  std::vector<PendingCall> writes{kWriteA, kWriteA};
  EXPECT_TRUE(races_with_another(writes, 1));  // two writes never commute
}

}  // namespace
}  // namespace catsim
