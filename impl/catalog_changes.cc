#include "impl/catalog_changes.h"

#include <fmt/format.h>

#include "sim/check.h"

namespace catsim {

namespace {
constexpr std::string_view kUserPrefix = "id=u";

uint64_t next_id(const Catalog& catalog, std::string_view allocator) {
  auto next = catalog.get_u64(Collection::kIdAlloc, allocator);
  CATSIM_CHECK_MSG(next.has_value(), std::string(allocator));
  return *next;
}

void append_audit(const Catalog& cached, WriteSet& writes, std::string event) {
  uint64_t audit_id = next_id(cached, "audit");
  writes.push_back({Collection::kIdAlloc, "audit", std::to_string(audit_id + 1)});
  writes.push_back({Collection::kAuditLog, fmt::format("{:08}", audit_id), std::move(event)});
}
}  // namespace

std::string_view change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kCreate:
      return "create";
    case ChangeKind::kDrop:
      return "drop";
    case ChangeKind::kAlter:
      return "alter";
    case ChangeKind::kSetting:
      return "set";
  }
  return "?";
}

std::vector<std::string> user_objects(const Catalog& catalog) {
  std::vector<std::string> names;
  for (const auto& [name, definition] : catalog.rows(Collection::kItems)) {
    if (definition.starts_with(kUserPrefix)) names.push_back(name);
  }
  return names;
}

ChangeKind effective_change_kind(const Catalog& cached, ChangeKind kind) {
  const bool needs_object = kind == ChangeKind::kDrop || kind == ChangeKind::kAlter;
  return needs_object && user_objects(cached).empty() ? ChangeKind::kCreate : kind;
}

WriteSet build_change(const Catalog& cached, ChangeKind kind, std::string_view new_name,
                      size_t victim) {
  std::vector<std::string> objects = user_objects(cached);
  kind = effective_change_kind(cached, kind);
  WriteSet writes;
  switch (kind) {
    case ChangeKind::kCreate: {
      uint64_t id = next_id(cached, "user");
      writes.push_back({Collection::kIdAlloc, "user", std::to_string(id + 1)});
      writes.push_back({Collection::kItems, std::string(new_name), fmt::format("id=u{};v=1", id)});
      append_audit(cached, writes, fmt::format("create {}", new_name));
      break;
    }
    case ChangeKind::kDrop: {
      const std::string& name = objects[victim % objects.size()];
      writes.push_back({Collection::kItems, name, std::nullopt});
      append_audit(cached, writes, fmt::format("drop {}", name));
      break;
    }
    case ChangeKind::kAlter: {
      const std::string& name = objects[victim % objects.size()];
      std::string definition = *cached.get(Collection::kItems, name);
      writes.push_back({Collection::kItems, name, definition + "+"});
      append_audit(cached, writes, fmt::format("alter {}", name));
      break;
    }
    case ChangeKind::kSetting: {
      uint64_t next = cached.get_u64(Collection::kConfig, kSettingKey).value_or(0) + 1;
      writes.push_back({Collection::kConfig, std::string(kSettingKey), std::to_string(next)});
      append_audit(cached, writes, fmt::format("set {} {}", kSettingKey, next));
      break;
    }
  }
  return writes;
}

Outcome commit_change(CatalogStore& store, const WriteSet& writes, uint64_t commit_token,
                      const VariantSwitches& switches) {
  CATSIM_CHECK(commit_token != 0);
  Outcome outcome = store.commit(writes, Intent::kWorkload, commit_token);
  // MUTANT indeterminate_as_success: a lost reply is taken for a commit.
  if (outcome.status() == Status::kIndeterminate && switches.indeterminate_as_success) {
    return Unit{};
  }
  return outcome;
}

}  // namespace catsim
