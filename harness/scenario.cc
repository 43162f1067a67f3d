#include "harness/scenario.h"

#include <stdexcept>

#include "harness/client.h"
#include "harness/timeline.h"
#include "sim/check.h"

namespace catsim {

namespace {
RunConfig scenario_config(Protocol protocol, std::string variant) {
  RunConfig config;
  config.protocol = protocol;
  config.variant = std::move(variant);
  config.crash_percent = 0;
  config.transient_percent = 0;
  config.indeterminate_percent = 0;
  return config;
}

const Variant& must_find(Protocol protocol, const std::string& name) {
  const Variant* variant = find_variant(protocol, name);
  if (variant == nullptr) throw std::invalid_argument("unknown variant " + name);
  return *variant;
}
}  // namespace

Scenario::Scenario(Protocol protocol, std::string variant)
    : config_(scenario_config(protocol, std::move(variant))), decider_(1, StrategyKind::kRandom) {
  Swarm quiet;  // no crashes, no faults
  world_ = std::make_unique<World>(must_find(protocol, config_.variant), config_, quiet, decider_);
}

Scenario::~Scenario() = default;

std::unique_ptr<CatalogStore> Scenario::store(StoreId id) {
  StoreOptions options{config_.retries_max, &world_->variant().switches};
  return id == StoreId::kStash ? make_stash_store(world_->stash(), options)
                               : make_persist_store(world_->persist(), options);
}

std::optional<Result<std::unique_ptr<CatalogStore>>> Scenario::migrate_open(Target target,
                                                                            OpenMode mode) {
  CATSIM_CHECK(mode != OpenMode::kReadOnly);
  return action("migrate-open", [&]() -> Result<std::unique_ptr<CatalogStore>> {
    Client client(*world_);
    return mode == OpenMode::kWritable ? client.open(target) : client.preflight(target);
  });
}

Result<std::optional<uint64_t>> Scenario::preopen_config(Target target, std::string_view key) {
  std::optional<Result<std::optional<uint64_t>>> result;
  world_->run_process("preopen-read", [&](ProcessContext&) {
    result.emplace(Client(*world_).get_config(key, target));
    return ProcessExit::kDone;
  });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return std::move(*result);
}

Status Scenario::make_source_of_truth(StoreId id) {
  if (world_->checker().source_of_truth() == id) return Status::kOk;
  auto opened =
      migrate_open(id == StoreId::kPersist ? Target::kMigrateToPersist : Target::kRollbackToStash);
  CATSIM_CHECK_MSG(opened.has_value(), "the opener died at an armed crash point");
  return opened->status();
}

Status Scenario::open(CatalogStore& store, OpenMode mode, uint64_t lower_bound) {
  auto result = action("open", [&] { return store.open(mode, lower_bound).status(); });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return *result;
}

Status Scenario::commit(CatalogStore& store, const WriteSet& writes) {
  auto result = action("commit", [&] { return Client(*world_).commit(store, writes).status(); });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return *result;
}

Status Scenario::add_item(CatalogStore& store, std::string_view name, std::string_view definition) {
  if (!store.opened()) return Status::kNotWritable;
  WriteSet writes = build_change(store.cached(), ChangeKind::kCreate, name, 0);
  for (Write& write : writes) {
    if (write.collection == Collection::kItems) *write.value += ";" + std::string(definition);
  }
  return commit(store, writes);
}

Status Scenario::drop_item(CatalogStore& store, std::string_view name) {
  if (!store.opened()) return Status::kNotWritable;
  return commit(store, {{Collection::kItems, std::string(name), std::nullopt}});
}

Status Scenario::set_config(CatalogStore& store, std::string_view key, uint64_t value) {
  if (!store.opened()) return Status::kNotWritable;
  return commit(store, {{Collection::kConfig, std::string(key), std::to_string(value)}});
}

Result<Catalog> Scenario::snapshot(CatalogStore& store) {
  auto result = action("snapshot", [&] { return store.snapshot(); });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return std::move(*result);
}

Result<std::optional<uint64_t>> Scenario::read_config(CatalogStore& store, std::string_view key) {
  auto result = action("read-config", [&] { return store.read_config(key); });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return std::move(*result);
}

Result<uint64_t> Scenario::read_epoch(CatalogStore& store) {
  auto result = action("read-epoch", [&] { return store.read_epoch(); });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return std::move(*result);
}

Status Scenario::replace_catalog(CatalogStore& store, const Catalog& contents) {
  if (!store.opened()) return Status::kNotWritable;
  const WriteSet described = store.cached().diff_to(contents);
  auto result = action("replace-catalog", [&] {
    return store.replace_all(contents, described, Intent::kWorkload).status();
  });
  CATSIM_CHECK_MSG(result.has_value(), unfinished());
  return *result;
}

Scenario& Scenario::crash_at(std::string_view point) {
  world_->crash_points().arm(point);
  return *this;
}

bool Scenario::initialized(StoreId id) {
  const Catalog& contents =
      id == StoreId::kStash ? world_->stash().contents() : world_->persist().contents();
  return contents.get(Collection::kConfig, kUserVersionKey).has_value();
}

std::string Scenario::unfinished() const {
  std::string text = violation_text();
  return "the action did not finish: " + (text.empty() ? "it crashed" : "stopped by " + text);
}

std::string Scenario::violation_text() const {
  return violation() ? describe_violation(*violation()) : std::string();
}

}  // namespace catsim
