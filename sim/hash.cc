#include "sim/hash.h"

#include <cstring>
#include <memory>
#include <string>

#include "sim/check.h"

namespace catsim {

namespace {

// What FNV-1a over one text does to any state s: s * multiplier +
// offsets[s & 0xff]. A byte's xor moves only the low 8 bits of the state,
// by an amount that depends only on those bits, and the low 8 bits of a
// product depend only on the low 8 bits of its factors: so each byte adds
// a term fixed by the text and s & 0xff, times a power of the prime.
struct TextStep {
  std::string text;
  uint64_t multiplier = 1;
  std::array<uint64_t, 256> offsets{};
};

constexpr size_t kTextBytesMin = 8;     // shorter texts go byte by byte
constexpr size_t kTextStepSlots = 512;  // a power of two
constexpr size_t kTextStepsMax = 384;   // then the remaining texts go byte by byte

std::unique_ptr<TextStep> make_step(std::string_view text) {
  auto step = std::make_unique<TextStep>();
  step->text = std::string(text);
  for (size_t i = 0; i < text.size(); ++i) step->multiplier *= kFnvPrime;
  for (uint64_t low = 0; low < step->offsets.size(); ++low) {
    uint64_t state = low;
    for (char c : text) state = fnv_byte(state, static_cast<uint8_t>(c));
    step->offsets[low] = state - low * step->multiplier;
  }
  return step;
}

uint64_t text_key(std::string_view text) {
  CATSIM_CHECK(text.size() >= kTextBytesMin);
  uint64_t first = 0;
  uint64_t last = 0;
  std::memcpy(&first, text.data(), sizeof(first));
  std::memcpy(&last, text.data() + text.size() - sizeof(last), sizeof(last));
  return mix64(first ^ std::rotl(last, 29) ^ text.size());
}

// Per thread, so campaign workers share nothing; open addressing, never evicted.
class TextStepCache {
 public:
  // The step for text, or nullptr when the text is too short or the cache full.
  const TextStep* find(std::string_view text) {
    if (text.size() < kTextBytesMin) return nullptr;
    for (size_t i = text_key(text) % kTextStepSlots;; i = (i + 1) % kTextStepSlots) {
      std::unique_ptr<TextStep>& slot = slots_[i];
      if (slot == nullptr) {
        if (count_ >= kTextStepsMax) return nullptr;
        ++count_;
        slot = make_step(text);
        return slot.get();
      }
      if (slot->text == text) return slot.get();
    }
  }

 private:
  std::array<std::unique_ptr<TextStep>, kTextStepSlots> slots_;
  size_t count_ = 0;
};

thread_local TextStepCache text_steps;

}  // namespace

void Hasher::add_label(std::string_view text) {
  const TextStep* step = text_steps.find(text);
  if (step == nullptr) {
    add(text);
    return;
  }
  add(static_cast<uint64_t>(text.size()));
  state_ = state_ * step->multiplier + step->offsets[state_ & 0xff];
}

}  // namespace catsim
