// The catalog model's state through the kernel's state codec (sim/state_codec.h).
#include "sim/state_codec.h"

#include <gtest/gtest.h>

#include <vector>

#include "model/model_state.h"

namespace catsim::model {
namespace {

TEST(StateCodec, RoundTripsStatesCompactly) {
  ModelState state;
  state.procs = 3;
  state.stash = {0x80000003u, 4, Tomb::kTrue, {0, 0}};
  state.proc[1].pc = kPcChanges;
  state.proc[2].snap = 0xffffffffu;
  state.reader.seen = {1, 2, 3};
  std::vector<uint8_t> bytes;
  encode_state(ModelState{}, bytes);
  const size_t first = bytes.size();
  encode_state(state, bytes);
  EXPECT_LT(bytes.size(), sizeof(ModelState));
  EXPECT_EQ(encoded_size<ModelState>(bytes.data()), first);
  ModelState empty, back;
  const uint8_t* next = decode_state(bytes.data(), empty);
  EXPECT_EQ(decode_state(next, back), bytes.data() + bytes.size());
  EXPECT_EQ(empty, ModelState{});
  EXPECT_EQ(back, state);
}

}  // namespace
}  // namespace catsim::model
