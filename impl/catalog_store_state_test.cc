// Stateful property tests (rc::state) of the durable catalog API, CatalogStore,
// over each store fake, against a small model of our own (spec sections 2-3).
//
// The model holds the durable contents, the durable epoch and, per client, its
// mode, the epoch its open returned, whether it has been fenced, and the cache
// it must hold. Commands: add an unopened client; read the epoch or a config
// value through any client; open a client (writable with a lower bound,
// savepoint or read-only); commit a create/drop/alter through a client;
// replace_all through a client; snapshot through a client; fence_only through
// an unopened client; and a second writable opener taking over, after which
// the fenced writer's next commit or snapshot must fail with kFence. After
// every command the statuses, the durable contents and epoch, and every
// client's mode, epoch and cache must equal the model's.
//
// There is no scheduler here: no call yields and no fault fires.
//
// Reproducing a failure: rapidcheck ends a failing run with a line
//   RC_PARAMS="reproduce=<string>"
// Re-run that shrunk case alone, from build/release (keep -R on the failing
// test: the string is keyed by the test's name):
//   RC_PARAMS="reproduce=<string>" ctest -R StashStoreState --output-on-failure
// or run the binary directly:
//   RC_PARAMS="reproduce=<string>" bin/catsim_unit_tests --gtest_filter='StashStoreState.*'
// Add verbose_shrinking=1 to RC_PARAMS to watch the shrinking.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "impl/catalog_changes.h"
#include "impl/catalog_store.h"
#include "impl/catalog_store_model.h"

namespace catsim {
namespace {

using namespace store_model;  // NOLINT: the model is this test's vocabulary

constexpr size_t kClientsMax = 6;
constexpr size_t kNoClient = SIZE_MAX;
constexpr double kSequenceScale = 0.5;  // at most 51 commands per case

// ---------------------------------------------------------- the system

class System {
 public:
  explicit System(StoreId store) : store_(store) {}

  std::unique_ptr<CatalogStore> make_client() {
    StoreOptions options{.retries_max = 3, .switches = &switches_};
    if (store_ == StoreId::kStash) return make_stash_store(stash_, options);
    return make_persist_store(persist_, options);
  }
  const Catalog& durable() const {
    return store_ == StoreId::kStash ? stash_.contents() : persist_.contents();
  }
  uint64_t durable_epoch() const {
    return store_ == StoreId::kStash ? stash_.fence().epoch : persist_.epoch();
  }
  CatalogStore& client(size_t c) { return *clients[c]; }

  std::vector<std::unique_ptr<CatalogStore>> clients;

 private:
  StoreId store_;
  FaultInjector faults_;  // zero rates: no call fails
  VariantSwitches switches_;
  StashFake stash_{faults_, nullptr};
  PersistFake persist_{faults_, nullptr};
};

// ---------------------------------------------------------- comparators

void expect_status(Status actual, Status expected, std::string_view what) {
  if (actual == expected) return;
  RC_FAIL(fmt::format("{}: got {}, the model predicts {}", what, status_name(actual),
                      status_name(expected)));
}

std::string show_u64(std::optional<uint64_t> value) {
  return value ? std::to_string(*value) : "none";
}

// Expected is the model; describe_differences skips the tombstone row, so it
// is compared on its own.
void expect_catalog(const Catalog& actual, const Catalog& expected, std::string_view what) {
  if (actual == expected) return;
  std::string message = fmt::format("{} differs from the model:", what);
  for (const std::string& line : expected.describe_differences(actual, 8)) {
    message += "\n  " + line;
  }
  std::optional<uint64_t> tombstone = actual.get_u64(Collection::kConfig, kTombstoneKey);
  std::optional<uint64_t> model_tombstone = expected.get_u64(Collection::kConfig, kTombstoneKey);
  if (tombstone != model_tombstone) {
    message += fmt::format("\n  config/tombstone: expected {}, found {}", show_u64(model_tombstone),
                           show_u64(tombstone));
  }
  RC_FAIL(message);
}

void expect_client(const ClientModel& expected, const CatalogStore& actual, size_t c) {
  std::string what = fmt::format("client {}", c);
  if (actual.opened() != expected.opened) RC_FAIL(what + ": opened() differs from the model");
  if (!expected.opened) return;
  if (actual.mode() != expected.mode) {
    RC_FAIL(fmt::format("{}: mode {}, the model says {}", what, open_mode_name(actual.mode()),
                        open_mode_name(expected.mode)));
  }
  RC_ASSERT(actual.epoch() == expected.epoch);
  expect_catalog(actual.cached(), expected.cached, what + " cached()");
}

// The per-command check: the system after the command equals the model after it.
void expect_matches(const Model& m, const System& sut) {
  expect_catalog(sut.durable(), m.durable, "durable contents");
  RC_ASSERT(sut.durable_epoch() == m.epoch);
  RC_ASSERT(sut.clients.size() == m.clients.size());
  for (size_t c = 0; c < m.clients.size(); ++c) expect_client(m.clients[c], *sut.clients[c], c);
}

// ---------------------------------------------------------- generators
// rc::gen::element, elementOf and weightedElement never shrink, and inRange
// narrows with the size, so every choice goes through pick_index: uniform at
// any size, shrinking towards 0.

size_t pick_index(size_t count) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<size_t>(0, count));
}

// One of choices, shrinking towards the first (weight a choice by repeating it).
template <class T>
T pick(const std::vector<T>& choices) {
  return choices[pick_index(choices.size())];
}

bool pick_bool() {
  return pick_index(2) == 1;
}

// One of the clients that satisfy pred, or kNoClient (the command is discarded).
template <class Pred>
size_t pick_client(const Model& m, Pred pred) {
  std::vector<size_t> eligible;
  for (size_t c = 0; c < m.clients.size(); ++c) {
    if (pred(m.clients[c])) eligible.push_back(c);
  }
  if (eligible.empty()) return kNoClient;
  return pick(eligible);
}

bool is_opened(const ClientModel& client) {
  return client.opened;
}
bool is_unopened(const ClientModel& client) {
  return !client.opened;
}
bool is_any(const ClientModel&) {
  return true;
}
bool is_live_writer(const ClientModel& client) {
  return client.opened && client.mode == OpenMode::kWritable && !client.fenced;
}
bool is_live(const ClientModel& client) {
  return client.opened && !client.fenced;
}

// An opened client; three times in four an unfenced one, when there is one.
size_t pick_opened(const Model& m) {
  bool prefer_live = pick<bool>({true, true, true, false});
  size_t live = prefer_live ? pick_client(m, is_live) : kNoClient;
  return live != kNoClient ? live : pick_client(m, is_opened);
}

// Below, at, just above and well above the next epoch (0 shrinks first).
uint64_t pick_lower_bound(const Model& m) {
  return pick<uint64_t>({0, m.epoch, m.epoch + 1, m.epoch + 2, m.epoch + 5});
}

std::string name_for(const Model& m) {
  return fmt::format("t{}", m.names_issued);
}

// ---------------------------------------------------------- commands

using StoreCommand = rc::state::Command<Model, System>;

struct AddClient : StoreCommand {
  void checkPreconditions(const Model& m) const override { RC_PRE(m.clients.size() < kClientsMax); }
  void apply(Model& m) const override { m.clients.emplace_back(); }
  void run(const Model& m, System& sut) const override {
    sut.clients.push_back(sut.make_client());
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AddClient"; }
};

struct ReadEpoch : StoreCommand {
  size_t client;
  explicit ReadEpoch(const Model& m) : client(pick_client(m, is_any)) {}

  void checkPreconditions(const Model& m) const override { RC_PRE(client < m.clients.size()); }
  void apply(Model& m) const override { apply_read(m, client); }
  void run(const Model& m, System& sut) const override {
    Result<uint64_t> epoch = sut.client(client).read_epoch();
    expect_status(epoch.status(), read_status(m, client), "read_epoch");
    if (epoch.ok()) RC_ASSERT(epoch.value() == m.epoch);
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "ReadEpoch(client " << client << ")"; }
};

struct ReadConfig : StoreCommand {
  size_t client;
  std::string_view key;
  explicit ReadConfig(const Model& m)
      : client(pick_client(m, is_any)),
        key(pick<std::string_view>({kUserVersionKey, kTombstoneKey, kCatalogKindKey})) {}

  void checkPreconditions(const Model& m) const override { RC_PRE(client < m.clients.size()); }
  void apply(Model& m) const override { apply_read(m, client); }
  void run(const Model& m, System& sut) const override {
    Result<std::optional<uint64_t>> value = sut.client(client).read_config(key);
    expect_status(value.status(), read_status(m, client), "read_config");
    std::optional<uint64_t> expected = m.durable.get_u64(Collection::kConfig, key);
    if (value.ok() && value.value() != expected) {
      RC_FAIL(fmt::format("read_config({}) = {}, the model has {}", key, show_u64(value.value()),
                          show_u64(expected)));
    }
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "ReadConfig(client " << client << ", " << key << ")";
  }
};

struct Open : StoreCommand {
  size_t client;  // kNoClient: a new client
  OpenMode mode;
  uint64_t lower_bound;
  explicit Open(const Model& m)
      : client(pick_bool() ? pick_client(m, is_unopened) : kNoClient),
        mode(pick<OpenMode>(
            {OpenMode::kWritable, OpenMode::kWritable, OpenMode::kSavepoint, OpenMode::kReadOnly})),
        lower_bound(pick_lower_bound(m)) {}

  void checkPreconditions(const Model& m) const override {
    if (client == kNoClient) {
      RC_PRE(m.clients.size() < kClientsMax);
    } else {
      RC_PRE(client < m.clients.size());
      RC_PRE(!m.clients[client].opened);
    }
  }
  void apply(Model& m) const override {
    if (client == kNoClient) m.clients.emplace_back();
    apply_open(m, client == kNoClient ? m.clients.size() - 1 : client, mode, lower_bound);
  }
  void run(const Model& m, System& sut) const override {
    if (client == kNoClient) sut.clients.push_back(sut.make_client());
    size_t c = client == kNoClient ? sut.clients.size() - 1 : client;
    OpenPrediction prediction = predict_open(m, mode, lower_bound);
    Result<uint64_t> epoch = sut.client(c).open(mode, lower_bound);
    expect_status(epoch.status(), prediction.status, "open");
    if (epoch.ok()) RC_ASSERT(epoch.value() == prediction.epoch);
    if (!epoch.ok()) sut.clients[c] = sut.make_client();  // the client starts over
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "Open(client " << (client == kNoClient ? std::string("new") : std::to_string(client))
       << ", " << open_mode_name(mode) << ", lower_bound " << lower_bound << ")";
  }
};

struct Commit : StoreCommand {
  size_t client;
  ChangeKind kind;
  size_t victim;
  explicit Commit(const Model& m)
      : client(pick_opened(m)),
        kind(pick<ChangeKind>({ChangeKind::kCreate, ChangeKind::kDrop, ChangeKind::kAlter})),
        victim(pick_index(4)) {}

  Change change(const Model& m) const {
    return {std::nullopt, build_change(m.clients[client].cached, kind, name_for(m), victim)};
  }
  void checkPreconditions(const Model& m) const override {
    RC_PRE(client < m.clients.size());
    RC_PRE(m.clients[client].opened);
  }
  void apply(Model& m) const override {
    Change writes = change(m);
    ++m.names_issued;
    apply_change(m, client, writes);
  }
  void run(const Model& m, System& sut) const override {
    Outcome outcome =
        sut.client(client).commit(change(m).writes, Intent::kWorkload, m.names_issued + 1);
    expect_status(outcome.status(), write_status(m, client), "commit");
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "Commit(client " << client << ", " << change_kind_name(kind) << ", victim " << victim
       << ")";
  }
};

enum class TombstoneWrite : uint8_t { kNone, kTrue, kFalse, kErase };

struct ReplaceAll : StoreCommand {
  size_t client;
  bool reset;  // replace with the default catalog, else with the cache changed a little
  size_t victim;
  TombstoneWrite tombstone;
  explicit ReplaceAll(const Model& m)
      : client(pick_opened(m)),
        reset(pick_bool()),
        victim(pick_index(4)),
        tombstone(pick<TombstoneWrite>({TombstoneWrite::kNone, TombstoneWrite::kTrue,
                                        TombstoneWrite::kFalse, TombstoneWrite::kErase})) {}

  // The cache with one user object dropped and one added, or the default catalog.
  Change change(const Model& m) const {
    Catalog contents = reset ? default_catalog() : m.clients[client].cached;
    if (!reset) {
      std::vector<std::string> objects = user_objects(contents);
      if (!objects.empty()) contents.erase(Collection::kItems, objects[victim % objects.size()]);
      contents.put(Collection::kItems, name_for(m),
                   fmt::format("id=u{};v=1", 1000 + m.names_issued));
    }
    WriteSet then;
    std::string key(kTombstoneKey);
    if (tombstone == TombstoneWrite::kTrue) then.push_back({Collection::kConfig, key, "1"});
    if (tombstone == TombstoneWrite::kFalse) then.push_back({Collection::kConfig, key, "0"});
    if (tombstone == TombstoneWrite::kErase) then.push_back({Collection::kConfig, key, {}});
    return {std::move(contents), std::move(then)};
  }
  void checkPreconditions(const Model& m) const override {
    RC_PRE(client < m.clients.size());
    RC_PRE(m.clients[client].opened);
  }
  void apply(Model& m) const override {
    Change replacement = change(m);
    ++m.names_issued;
    apply_change(m, client, replacement);
  }
  void run(const Model& m, System& sut) const override {
    Change replacement = change(m);
    Outcome outcome =
        sut.client(client).replace_all(*replacement.replace, replacement.writes, Intent::kCopy);
    expect_status(outcome.status(), write_status(m, client), "replace_all");
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    static constexpr std::string_view kTombstoneNames[] = {"none", "true", "false", "erase"};
    os << "ReplaceAll(client " << client << ", " << (reset ? "default" : "cache-1+1") << ", victim "
       << victim << ", tombstone " << kTombstoneNames[static_cast<size_t>(tombstone)] << ")";
  }
};

struct Snapshot : StoreCommand {
  size_t client;
  explicit Snapshot(const Model& m) : client(pick_opened(m)) {}

  void checkPreconditions(const Model& m) const override {
    RC_PRE(client < m.clients.size());
    RC_PRE(m.clients[client].opened);
  }
  void apply(Model& m) const override {
    if (read_status(m, client) == Status::kOk) {
      m.clients[client].cached = expected_snapshot(m, client);
    }
  }
  void run(const Model& m, System& sut) const override {
    Result<Catalog> snapshot = sut.client(client).snapshot();
    expect_status(snapshot.status(), read_status(m, client), "snapshot");
    if (snapshot.ok()) expect_catalog(snapshot.value(), expected_snapshot(m, client), "snapshot");
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "Snapshot(client " << client << ")"; }
};

struct FenceOnly : StoreCommand {
  size_t client;
  uint64_t lower_bound;
  explicit FenceOnly(const Model& m)
      : client(pick_client(m, is_unopened)), lower_bound(pick_lower_bound(m)) {}

  void checkPreconditions(const Model& m) const override {
    RC_PRE(client < m.clients.size());
    RC_PRE(!m.clients[client].opened);
  }
  void apply(Model& m) const override { apply_fence(m, lower_bound); }
  void run(const Model& m, System& sut) const override {
    Result<uint64_t> epoch = sut.client(client).fence_only(lower_bound);
    expect_status(epoch.status(), Status::kOk, "fence_only");
    RC_ASSERT(epoch.value() == std::max(m.epoch + 1, lower_bound));
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "FenceOnly(client " << client << ", lower_bound " << lower_bound << ")";
  }
};

// A new client opens writable while `writer` is the live writer; the old
// writer's next commit or snapshot must fail with kFence (and change nothing).
struct TakeOver : StoreCommand {
  size_t writer;
  uint64_t lower_bound;
  bool probe_with_commit;
  explicit TakeOver(const Model& m)
      : writer(pick_client(m, is_live_writer)),
        lower_bound(pick_lower_bound(m)),
        probe_with_commit(pick_bool()) {}

  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.clients.size() < kClientsMax);
    RC_PRE(writer < m.clients.size());
    RC_PRE(is_live_writer(m.clients[writer]));
  }
  void apply(Model& m) const override {
    m.clients.emplace_back();
    apply_open(m, m.clients.size() - 1, OpenMode::kWritable, lower_bound);
  }
  void run(const Model& m, System& sut) const override {
    sut.clients.push_back(sut.make_client());
    Result<uint64_t> epoch = sut.clients.back()->open(OpenMode::kWritable, lower_bound);
    expect_status(epoch.status(), Status::kOk, "second writable open");
    RC_ASSERT(epoch.value() == std::max(m.epoch + 1, lower_bound));
    CatalogStore& old = sut.client(writer);
    Status probe = Status::kOk;
    if (probe_with_commit) {
      WriteSet writes = build_change(old.cached(), ChangeKind::kCreate, "probe", 0);
      probe = old.commit(writes, Intent::kWorkload, 1).status();
    } else {
      probe = old.snapshot().status();
    }
    expect_status(probe, Status::kFence, "the fenced writer's next call");
    expect_matches(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "TakeOver(writer " << writer << ", lower_bound " << lower_bound << ", probe "
       << (probe_with_commit ? "commit" : "snapshot") << ")";
  }
};

using CommandPtr = std::shared_ptr<const StoreCommand>;

template <class Cmd>
rc::Gen<CommandPtr> gen_command(const Model& m) {
  return rc::state::gen::execOneOfWithArgs<Cmd>()(m);
}

// Weighted towards the commands that use opened clients; epoch bumps are rarer
// so that savepoint and read-only clients live long enough to be interesting.
rc::Gen<CommandPtr> next_command(const Model& m) {
  return rc::gen::weightedOneOf<CommandPtr>({
      {1, gen_command<AddClient>(m)},
      {1, gen_command<ReadEpoch>(m)},
      {1, gen_command<ReadConfig>(m)},
      {3, gen_command<Open>(m)},
      {4, gen_command<Commit>(m)},
      {1, gen_command<ReplaceAll>(m)},
      {3, gen_command<Snapshot>(m)},
      {1, gen_command<FenceOnly>(m)},
      {1, gen_command<TakeOver>(m)},
  });
}

void check_store(StoreId store) {
  Model initial;
  initial.store = store;
  System sut(store);
  auto commands = *rc::gen::scale(kSequenceScale, rc::state::gen::commands(initial, &next_command));
  rc::state::runAll(commands, initial, sut);
}

RC_GTEST_PROP(StashStoreState, CommandsMatchTheModel, ()) {
  check_store(StoreId::kStash);
}

RC_GTEST_PROP(PersistStoreState, CommandsMatchTheModel, ()) {
  check_store(StoreId::kPersist);
}

}  // namespace
}  // namespace catsim
