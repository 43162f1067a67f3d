#include "sim/hash.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/rng.h"

namespace catsim {
namespace {

// FNV-1a one byte at a time, as the trace hash was first written: the
// reference every faster path must equal.
class ByteHasher {
 public:
  void add(uint64_t value) {
    for (int i = 0; i < 8; ++i) byte(static_cast<uint8_t>(value >> (8 * i)));
  }
  void add(std::string_view text) {
    add(static_cast<uint64_t>(text.size()));
    for (char c : text) byte(static_cast<uint8_t>(c));
  }
  uint64_t value() const { return state_; }

 private:
  void byte(uint8_t b) { state_ = (state_ ^ b) * 0x100000001b3ULL; }
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

TEST(Hasher, GoldenValue) {
  Hasher hasher;
  hasher.add(uint64_t{42});
  hasher.add("store_b.read_config");
  EXPECT_EQ(hasher.value(), 0xef8a24b054fb97e1ULL);
}

TEST(Hasher, EveryAddEqualsByteAtATimeFnv) {
  const std::string labels[] = {"",
                                "spin",
                                "restart",
                                "store_a.snapshot",
                                "store_b.read_config",
                                "store_b.append",
                                "boot.target_choice_x"};
  Rng rng(3);
  Hasher fast;
  ByteHasher reference;
  for (int i = 0; i < 20000; ++i) {
    uint64_t value = rng.next() >> rng.below(64);  // every width of value
    fast.add(value);
    reference.add(value);
    const std::string& label = labels[rng.below(std::size(labels))];
    if (rng.below(2) == 0) {
      fast.add_label(label);
    } else {
      fast.add(std::string_view(label));
    }
    reference.add(std::string_view(label));
    ASSERT_EQ(fast.value(), reference.value()) << "after " << i << " rounds";
  }
}

TEST(Hasher, AddLabelEqualsAddForEveryLowByteOfTheState) {
  for (uint64_t low = 0; low < 256; ++low) {
    Hasher fast;
    ByteHasher reference;
    fast.add(low * 0x9e3779b97f4a7c15ULL);
    reference.add(low * 0x9e3779b97f4a7c15ULL);
    fast.add_label("store_a.raise_fence");
    reference.add(std::string_view("store_a.raise_fence"));
    ASSERT_EQ(fast.value(), reference.value()) << low;
  }
}

}  // namespace
}  // namespace catsim
