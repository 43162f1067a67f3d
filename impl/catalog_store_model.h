// The model behind the stateful tests of CatalogStore
// (catalog_store_state_test.cc): what the durable catalog API of either store
// fake must do (spec sections 2-3), as plain data and pure functions. It
// holds the durable contents and epoch and, per client, its mode, the epoch
// its open returned, whether it has been fenced, and the cache it must hold.
// Test-only.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "impl/catalog_changes.h"
#include "impl/catalog_store.h"

namespace catsim::store_model {

// A change through a client: replace everything (replace_all only), then writes.
struct Change {
  std::optional<Catalog> replace;
  WriteSet writes;
};

struct ClientModel {
  bool opened = false;
  OpenMode mode = OpenMode::kReadOnly;
  uint64_t epoch = 0;                     // opened: what open() returned
  bool fenced = false;                    // opened: every later read and write fails with kFence
  std::optional<uint64_t> adopted_epoch;  // unopened: adopted at the first read
  Catalog cached;                         // opened: what cached() must equal
  std::vector<Change> buffered;           // a savepoint's commits, never durable
};

// The store as the model sees it: durable state and every client.
struct Model {
  StoreId store = StoreId::kStash;
  Catalog durable;
  uint64_t epoch = 1;  // a never-opened store has epoch 1
  std::vector<ClientModel> clients;
  uint64_t names_issued = 0;  // object names are unique within a case

  bool initialized() const { return durable.get(Collection::kConfig, kUserVersionKey).has_value(); }
};

// An unopened client is fenced once the epoch moved past the one it adopted.
inline Status read_status(const Model& m, size_t c) {
  const ClientModel& client = m.clients[c];
  if (client.opened) return client.fenced ? Status::kFence : Status::kOk;
  bool moved = client.adopted_epoch.has_value() && *client.adopted_epoch != m.epoch;
  return moved ? Status::kFence : Status::kOk;
}

// A read-only client is refused by the store before any fence check.
inline Status write_status(const Model& m, size_t c) {
  const ClientModel& client = m.clients[c];
  if (client.mode == OpenMode::kReadOnly) return Status::kNotWritable;
  return client.fenced ? Status::kFence : Status::kOk;
}

inline void apply_read(Model& m, size_t c) {
  ClientModel& client = m.clients[c];
  if (!client.opened && !client.adopted_epoch) client.adopted_epoch = m.epoch;
}

// A writable connect (stash) or epoch append (persist): every opened handle is
// fenced (stash: new nonce; persist: the upper moved and the epoch grew).
inline uint64_t apply_fence(Model& m, uint64_t lower_bound) {
  m.epoch = std::max(m.epoch + 1, lower_bound);
  for (ClientModel& client : m.clients) {
    if (client.opened) client.fenced = true;
  }
  return m.epoch;
}

// A durable write. In persist it moves the upper, fencing every other writable
// or savepoint handle (read-only handles sync forward); a stash commit fences
// nobody.
inline void apply_durable_write(Model& m, size_t writer, const Change& change) {
  if (change.replace) m.durable = *change.replace;
  m.durable.apply(change.writes);
  if (m.store != StoreId::kPersist) return;
  for (size_t c = 0; c < m.clients.size(); ++c) {
    ClientModel& client = m.clients[c];
    if (c != writer && client.opened && client.mode != OpenMode::kReadOnly) client.fenced = true;
  }
}

struct OpenPrediction {
  Status status = Status::kOk;
  uint64_t epoch = 0;
};

inline OpenPrediction predict_open(const Model& m, OpenMode mode, uint64_t lower_bound) {
  if (mode == OpenMode::kWritable) return {Status::kOk, std::max(m.epoch + 1, lower_bound)};
  if (!m.initialized()) return {Status::kNotWritable, 0};
  return {Status::kOk, m.epoch};
}

// A failed open leaves the client unopened (the test starts it over). Only the
// fresh store is uninitialized here, so initializing writes the default catalog.
inline void apply_open(Model& m, size_t c, OpenMode mode, uint64_t lower_bound) {
  OpenPrediction prediction = predict_open(m, mode, lower_bound);
  m.clients[c] = ClientModel{};
  if (prediction.status != Status::kOk) return;
  if (mode == OpenMode::kWritable) apply_fence(m, lower_bound);
  m.clients[c] = ClientModel{.opened = true, .mode = mode, .epoch = prediction.epoch};
  if (!m.initialized()) apply_durable_write(m, c, Change{default_catalog(), {}});
  m.clients[c].cached = m.durable;
}

// Writable: durable; savepoint: only the client's cache (and its buffer).
inline void apply_change(Model& m, size_t c, const Change& change) {
  if (write_status(m, c) != Status::kOk) return;
  ClientModel& client = m.clients[c];
  if (change.replace) client.cached = *change.replace;
  client.cached.apply(change.writes);
  if (client.mode == OpenMode::kSavepoint) {
    client.buffered.push_back(change);
  } else {
    apply_durable_write(m, c, change);
  }
}

// What a snapshot returns: the durable contents, plus a savepoint's own writes.
inline Catalog expected_snapshot(const Model& m, size_t c) {
  Catalog view = m.durable;
  for (const Change& change : m.clients[c].buffered) {
    if (change.replace) view = *change.replace;
    view.apply(change.writes);
  }
  return view;
}

}  // namespace catsim::store_model
