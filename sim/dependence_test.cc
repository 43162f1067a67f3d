#include "sim/dependence.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace catsim {
namespace {

TEST(Dependence, ALabelNamesItsStoreAndWhetherItWrites) {
  EXPECT_EQ(access_of("stash.connect").store, StoreTouched::kStash);
  EXPECT_TRUE(access_of("stash.connect").writes);
  EXPECT_FALSE(access_of("stash.read_epoch").writes);
  EXPECT_EQ(access_of("persist.append").store, StoreTouched::kPersist);
  EXPECT_TRUE(access_of("persist.fence").writes);
  EXPECT_FALSE(access_of("persist.snapshot").writes);
  EXPECT_EQ(access_of("restart").store, StoreTouched::kNone);
  EXPECT_EQ(access_of("reader.pause").store, StoreTouched::kNone);
}

TEST(Dependence, TwoCallsRaceOnTheSameStoreWhenOneWrites) {
  std::vector<std::string_view> labels{"stash.connect", "stash.read_epoch", "persist.sync"};
  EXPECT_TRUE(races_with_another(labels, 0));   // a write beside a read of the stash
  EXPECT_TRUE(races_with_another(labels, 1));   // the read beside that write
  EXPECT_FALSE(races_with_another(labels, 2));  // nobody else at persist
  std::vector<std::string_view> reads{"stash.read_epoch", "stash.snapshot", "restart"};
  EXPECT_FALSE(races_with_another(reads, 0));  // two reads commute
  EXPECT_FALSE(races_with_another(reads, 2));  // a restart touches no store
}

}  // namespace
}  // namespace catsim
