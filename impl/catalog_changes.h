// Catalog changes a client makes once the catalog is open: create, drop and
// alter an object, or set the config value `setting`, each one transaction
// computed from the opened store's cached catalog.
//
// create allocates an object id from id_alloc["user"] and an audit event id
// from id_alloc["audit"]; drop and alter act on an existing user object
// (falling back to create when there is none) and append an audit event;
// setting moves config `setting` to its next value (1 when absent) and
// appends an audit event.
// Names passed to create must be unique within a run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "impl/catalog_store.h"
#include "impl/variant.h"

namespace catsim {

enum class ChangeKind : uint8_t { kCreate, kDrop, kAlter, kSetting };
inline constexpr uint32_t kChangeKinds = 4;
inline constexpr std::array<ChangeKind, kChangeKinds> kEveryChangeKind = {
    ChangeKind::kCreate, ChangeKind::kDrop, ChangeKind::kAlter, ChangeKind::kSetting};
std::string_view change_kind_name(ChangeKind kind);

// Names of user objects in catalog, in key order.
std::vector<std::string> user_objects(const Catalog& catalog);

// The change build_change makes for kind: drop and alter fall back to
// create when cached holds no user object.
ChangeKind effective_change_kind(const Catalog& cached, ChangeKind kind);

// The writes of a change. For drop and alter, victim indexes user_objects();
// new_name is used by create (and by drop/alter when there is no object).
WriteSet build_change(const Catalog& cached, ChangeKind kind, std::string_view new_name,
                      size_t victim);

// Commits a workload change; kOk means the client may be told it committed.
Outcome commit_change(CatalogStore& store, const WriteSet& writes, uint64_t commit_token,
                      const VariantSwitches& switches);

}  // namespace catsim
