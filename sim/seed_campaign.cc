#include "sim/seed_campaign.h"

namespace catsim {

uint64_t shard_seed_count(uint64_t seeds, Shard shard) {
  CATSIM_CHECK(shard.count >= 1);
  CATSIM_CHECK(shard.index >= 1 && shard.index <= shard.count);
  if (seeds < shard.index) return 0;
  return (seeds - shard.index) / shard.count + 1;
}

}  // namespace catsim
