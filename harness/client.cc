#include "harness/client.h"

#include <fmt/format.h>

#include "sim/check.h"

namespace catsim {

namespace {
StoreId store_of(Target target) {
  return target == Target::kMigrateToPersist ? StoreId::kPersist : StoreId::kStash;
}
}  // namespace

uint32_t Client::process() const {
  Scheduler* scheduler = Scheduler::current();
  CATSIM_CHECK_MSG(scheduler == &world_.scheduler(), "a client runs inside its world's process");
  return scheduler->running_process();
}

Result<std::unique_ptr<CatalogStore>> Client::open(Target target) {
  auto opened = world_.make_migrator(target)->open(OpenMode::kWritable);
  world_.note("open {} -> {}", target_name(target), status_name(opened.status()));
  if (!opened.ok()) return opened;
  CatalogStore& store = *opened.value();
  CATSIM_CHECK(store.opened() && store.mode() == OpenMode::kWritable);
  world_.checker().on_open_returned(store.id(), store.epoch());
  world_.note("opened {} at epoch {}", store_name(store.id()), store.epoch());
  return opened;
}

Result<std::unique_ptr<CatalogStore>> Client::preflight(Target target) {
  world_.checker().begin_preflight(process(), store_of(target));
  auto opened = world_.make_migrator(target)->open(OpenMode::kSavepoint);
  world_.note("savepoint {} -> {}", target_name(target), status_name(opened.status()));
  world_.checker().on_preflight_result(process(), opened.status());
  return opened;
}

Outcome Client::commit(CatalogStore& store, const WriteSet& writes) {
  const uint64_t token = world_.next_commit_token();
  Outcome outcome = commit_change(store, writes, token, world_.variant().switches);
  if (outcome.ok() && store.mode() == OpenMode::kWritable) {
    world_.checker().on_acknowledged(token);
  }
  return outcome;
}

Result<std::optional<uint64_t>> Client::get(Getter getter) {
  world_.checker().begin_read(process());
  auto value = world_.make_migrator(reader_target())->preopen_get(getter);
  world_.note("pre-open {} -> {}", getter_name(getter), status_name(value.status()));
  if (!value.ok()) return value;
  const std::optional<uint64_t>& read = value.value();
  switch (getter) {
    case Getter::kUserVersion:
    case Getter::kSetting: {
      std::optional<std::string> text;
      if (read) text = std::to_string(*read);
      world_.checker().on_preopen_read(
          process(), getter == Getter::kSetting ? kSettingKey : kUserVersionKey, text);
      break;
    }
    case Getter::kIsInitialized: {
      CATSIM_CHECK(read && *read <= 1);
      std::optional<std::string> version;
      if (*read == 1) version = *default_catalog().get(Collection::kConfig, kUserVersionKey);
      world_.checker().on_preopen_read(process(), kUserVersionKey, version);
      break;
    }
    case Getter::kEpoch:
      CATSIM_CHECK(read.has_value());
      world_.checker().on_preopen_epoch(process(), *read);
      break;
  }
  return value;
}

Result<std::optional<uint64_t>> Client::get_config(std::string_view key, Target target) {
  world_.checker().begin_read(process());
  auto value = world_.make_migrator(target)->preopen_config(key);
  if (!value.ok()) return value;
  std::optional<std::string> text;
  if (value.value()) text = std::to_string(*value.value());
  world_.checker().on_preopen_read(process(), key, text);
  return value;
}

Result<ReadOnlyView> Client::open_read_only(std::optional<StoreId>& remembered) {
  world_.checker().begin_read(process());
  auto opened = world_.make_migrator(reader_target())->open_read_only(remembered);
  world_.note("read-only open -> {}", status_name(opened.status()));
  if (!opened.ok()) return opened.status();
  ReadOnlyView view{std::move(opened).value(), 0};
  CATSIM_CHECK(view.store->opened() && view.store->mode() == OpenMode::kReadOnly);
  view.opened_from_step = world_.checker().on_snapshot_read(process(), view.store->cached());
  return view;
}

Result<Catalog> Client::reread(ReadOnlyView& view) {
  CATSIM_CHECK(view.store != nullptr);
  world_.checker().begin_read(process());
  auto contents = view.store->snapshot();
  world_.note("read-only reread of the {} -> {}", store_name(view.store->id()),
              status_name(contents.status()));
  if (!contents.ok()) return contents;
  world_.checker().on_reread(process(), view.store->id(), view.opened_from_step, contents.value());
  return contents;
}

}  // namespace catsim
