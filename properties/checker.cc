#include "properties/checker.h"

#include <fmt/format.h>

#include "stores/catalog.h"
#include "sim/check.h"
#include "sim/scheduler.h"

namespace catsim {

namespace {
constexpr size_t kDiffRowsMax = 12;

size_t store_index(StoreId store) {
  return static_cast<size_t>(store);
}

std::string show_source(std::optional<StoreId> source) {
  return source ? std::string(store_name(*source)) : std::string("no store");
}
}  // namespace

PropertyChecker::PropertyChecker(const Variant& variant, const StashFake& stash,
                                 const PersistFake& persist, RunStats& stats)
    : variant_(variant),
      stash_(stash),
      persist_(persist),
      stats_(stats),
      table_(spec_table_for(variant)) {
  tombstones_ = TombstoneRows{stash_.tombstone(), persist_.tombstone()};
  source_ = read_source_of_truth();
  content_hash_[0] = stash_.contents().content_hash();
  content_hash_[1] = persist_.contents().content_hash();
  reference_.reset(contents_of(source_.value_or(StoreId::kStash)), 0);
}

uint64_t PropertyChecker::current_step() const {
  Scheduler* scheduler = Scheduler::current();
  return scheduler != nullptr ? scheduler->steps() : 0;
}

const Catalog& PropertyChecker::contents_of(StoreId store) const {
  return store == StoreId::kStash ? stash_.contents() : persist_.contents();
}

std::optional<StoreId> PropertyChecker::read_source_of_truth() const {
  return spec_source_of_truth(table_, tombstones_);
}

void PropertyChecker::fail(Property property, std::string summary,
                           std::vector<std::string> details) {
  Scheduler* scheduler = Scheduler::current();
  fail_at(current_step(), scheduler != nullptr ? scheduler->running_process() : 0, property,
          std::move(summary), std::move(details));
}

void PropertyChecker::fail_at(uint64_t step, uint32_t process, Property property,
                              std::string summary, std::vector<std::string> details) {
  if (violation_) return;
  violation_ = Violation{property, std::move(summary), std::move(details), step, process};
}

void PropertyChecker::on_call(const CallEffect& effect) {
  if (!enabled_) return;
  if (!read_from_step_.empty() || !preflights_.empty()) {
    Scheduler* scheduler = Scheduler::current();
    const std::optional<uint32_t> running =
        scheduler ? std::optional<uint32_t>(scheduler->running_process()) : std::nullopt;
    auto read = running ? read_from_step_.find(*running) : read_from_step_.end();
    if (read != read_from_step_.end() && !read->second) read->second = current_step();
    auto preflight = running ? preflights_.find(*running) : preflights_.end();
    if (preflight != preflights_.end() && !preflight->second.initialized) {
      preflight->second.initialized = contents_of(preflight->second.target)
                                          .get(Collection::kConfig, kUserVersionKey)
                                          .has_value();
    }
  }
  const std::optional<StoreId> source_before = source_;
  const TombstoneRows tombstones_before = tombstones_;
  const uint64_t hash_before = content_hash_[store_index(effect.store)];
  if (effect.status == Status::kFence && effect.intent != Intent::kRead) {
    stats_.add(effect.store == StoreId::kStash ? Counter::kStaleWriterRejectedByStash
                                               : Counter::kStaleWriterRejectedByPersist);
  }
  // A store's contents (so its tombstone) change only in a call that took
  // effect: otherwise the fingerprint, tombstones and source stay as they are.
  if (effect.took_effect) {
    content_hash_[store_index(effect.store)] = contents_of(effect.store).content_hash();
    tombstones_ = TombstoneRows{stash_.tombstone(), persist_.tombstone()};
    source_ = read_source_of_truth();
  } else {
    CATSIM_CHECK(content_hash_[store_index(effect.store)] ==
                 contents_of(effect.store).content_hash());
  }
  if (source_before && source_before != source_) {
    left_source_at_[store_index(*source_before)] = current_step();
  }
  if (effect.took_effect && effect.intent != Intent::kFence) {
    check_data_write(effect, source_before, tombstones_before, hash_before);
  }
  if (effect.intent == Intent::kWorkload && effect.commit_token != 0) {
    bool on_source = effect.took_effect && source_before == effect.store;
    commit_on_source_[effect.commit_token] = on_source;
  }
}

void PropertyChecker::check_data_write(const CallEffect& effect,
                                       std::optional<StoreId> source_before,
                                       const TombstoneRows& tombstones_before,
                                       uint64_t hash_before) {
  // Formatted only for a violation's details.
  auto who = [&effect] {
    return fmt::format("{} {} handle at epoch {}", store_name(effect.store),
                       handle_mode_name(effect.mode), effect.handle_epoch);
  };
  if (effect.mode == HandleMode::kSavepoint || effect.mode == HandleMode::kReadOnly) {
    fail(Property::kP4, fmt::format("a dry run changed the {} durably", store_name(effect.store)),
         {fmt::format("{} wrote ({})", who(), intent_name(effect.intent))});
  }
  if (effect.handle_epoch < effect.store_epoch_max) {
    fail(Property::kP3, fmt::format("a stale writer changed the {}", store_name(effect.store)),
         {fmt::format("{} wrote ({}) after the store was fenced at epoch {}", who(),
                      intent_name(effect.intent), effect.store_epoch_max)});
  }
  const bool on_source = source_before == effect.store;
  const uint64_t step = current_step();
  switch (effect.intent) {
    case Intent::kInit:
      if (on_source) reference_.apply(*effect.writes, step);
      break;
    case Intent::kWorkload:
      if (on_source) apply_workload(effect);
      break;
    case Intent::kCopy:
    case Intent::kTombstone:
      if (spec_copy_completed(table_, tombstones_before, effect.store) &&
          hash_before != content_hash_[store_index(effect.store)]) {
        fail(Property::kP6, "re-running a completed direction changed data",
             {fmt::format("{} ({}) rewrote the {} although the tombstones ({}) say that copy "
                          "already completed",
                          who(), intent_name(effect.intent), store_name(effect.store),
                          show_rows(table_, tombstones_before))});
      }
      break;
    case Intent::kEmergency:
      if (source_before != source_) declare_loss(step);
      break;
    case Intent::kRead:
    case Intent::kFence:
      break;
  }
}

void PropertyChecker::apply_workload(const CallEffect& effect) {
  CATSIM_CHECK(effect.writes != nullptr);
  WriteSet replaced;
  if (effect.replaced_with != nullptr) {  // a whole-catalog replace: check what it changed
    Catalog target = *effect.replaced_with;
    target.apply(*effect.writes);
    replaced = reference_.contents().diff_to(target);
  }
  const WriteSet& writes = effect.replaced_with != nullptr ? replaced : *effect.writes;
  for (const Write& write : writes) {
    if (write.collection == Collection::kIdAlloc && write.value) {
      uint64_t next = parse_u64(*write.value);
      auto current = reference_.contents().get_u64(Collection::kIdAlloc, write.key);
      if (current && next < *current) {
        fail(Property::kP2,
             fmt::format("id allocator '{}' moved back: an id is handed out twice", write.key),
             {fmt::format("reference next id {}, the change wrote {}", *current, next)});
      }
      uint64_t& high = allocator_high_[write.key];
      if (next <= high) stats_.add(Counter::kIdsIssuedAgainAfterLoss);
      high = std::max(high, next);
    }
    if (write.collection == Collection::kItems && write.value && write.value->starts_with("id=u")) {
      std::string id = write.value->substr(3, write.value->find(';') - 3);
      auto [it, fresh] = object_of_id_.emplace(id, write.key);
      if (!fresh && it->second != write.key) {
        fail(Property::kP2, fmt::format("id {} handed out twice", id),
             {fmt::format("object '{}' got id {}, which object '{}' already had", write.key, id,
                          it->second)});
      }
    }
    if (write.collection == Collection::kItems) {
      if (write.value && dropped_.contains(write.key)) {
        fail(Property::kP2, fmt::format("dropped object '{}' came back", write.key),
             {fmt::format("a change wrote items/{} = '{}' after it was dropped", write.key,
                          *write.value)});
      }
      if (!write.value) dropped_.insert(write.key);
    }
  }
  reference_.apply(writes, current_step());
}

void PropertyChecker::declare_loss(uint64_t step) {
  const Catalog& stash = stash_.contents();
  size_t lost = reference_.contents().describe_differences(stash, SIZE_MAX).size();
  stats_.add(Counter::kDeclaredLosses);
  stats_.add(Counter::kChangesLostByDeclaredLoss, lost);
  reference_.reset(stash, step);
  // Ids given up with the loss may be handed out again: forget them.
  for (auto it = object_of_id_.begin(); it != object_of_id_.end();) {
    auto item = stash.get(Collection::kItems, it->second);
    bool kept = item && item->starts_with("id=" + it->first + ";");
    it = kept ? std::next(it) : object_of_id_.erase(it);
  }
  for (const auto& [name, value] : stash.rows(Collection::kItems)) {
    auto it = dropped_.find(name);
    if (it != dropped_.end()) dropped_.erase(it);
  }
}

void PropertyChecker::after_step(uint64_t step) {
  if (!enabled_) return;
  if (violation_) return;
  if (!source_) {
    fail(Property::kP1, "the tombstone state maps to no store",
         {fmt::format("tombstones {} have no rule in the {} table", show_rows(table_, tombstones_),
                      protocol_name(variant_.protocol))});
    violation_->step = step;
    return;
  }
  const Catalog& truth = contents_of(*source_);
  if (truth.content_hash() == reference_.contents().content_hash()) return;
  fail(Property::kP1,
       fmt::format("the source of truth ({}) differs from the reference catalog",
                   store_name(*source_)),
       reference_.contents().describe_differences(truth, kDiffRowsMax));
  violation_->step = step;
}

void PropertyChecker::on_acknowledged(uint64_t commit_token) {
  if (!enabled_) return;
  stats_.add(Counter::kChangesAcknowledged);
  auto it = commit_on_source_.find(commit_token);
  if (it == commit_on_source_.end() || !it->second) {
    fail(Property::kP2, "an acknowledged change is not on the source of truth",
         {fmt::format("commit {} was acknowledged but {}", commit_token,
                      it == commit_on_source_.end()
                          ? "never reached a store"
                          : "did not take effect on the truth (" + show_source(source_) + ")")});
  }
}

void PropertyChecker::on_open_returned(StoreId store, uint64_t epoch) {
  if (!enabled_) return;
  stats_.add(Counter::kOpensSucceeded);
  // Strict: a fencing token that two opens share fences nothing.
  if (epoch <= open_epoch_max_) {
    fail(Property::kP3, "a successful open returned an epoch no newer than an earlier one",
         {fmt::format("{} handle at epoch {}, after an open returned epoch {}", store_name(store),
                      epoch, open_epoch_max_)});
  }
  open_epoch_max_ = std::max(open_epoch_max_, epoch);
  open_epochs_.emplace_back(current_step(), epoch);
}

void PropertyChecker::begin_read(uint32_t process) {
  if (!enabled_) return;
  read_from_step_[process] = std::nullopt;
}

uint64_t PropertyChecker::read_start(uint32_t process) {
  auto it = read_from_step_.find(process);
  CATSIM_CHECK_MSG(it != read_from_step_.end() && it->second, "a read reported without calls");
  uint64_t from = *it->second;
  read_from_step_.erase(it);
  return from;
}

void PropertyChecker::on_preopen_read(uint32_t process, std::string_view key,
                                      const std::optional<std::string>& value) {
  if (!enabled_) return;
  const uint64_t from_step = read_start(process), to_step = current_step();
  stats_.add(Counter::kReadsChecked);
  if (reference_.had_config_during(key, value, from_step, to_step)) return;
  fail(Property::kP5, fmt::format("a pre-open read of '{}' saw a value the catalog never had", key),
       {fmt::format("read '{}' during steps {}..{}; the reference has '{}'",
                    value.value_or("(absent)"), from_step, to_step,
                    reference_.contents().get(Collection::kConfig, key).value_or("(absent)"))});
}

void PropertyChecker::on_preopen_epoch(uint32_t process, uint64_t epoch) {
  if (!enabled_) return;
  const uint64_t from_step = read_start(process), to_step = current_step();
  stats_.add(Counter::kReadsChecked);
  uint64_t before = 0;  // the newest epoch an open returned before the read began
  for (const auto& [step, returned] : open_epochs_) {
    if (step < from_step) before = std::max(before, returned);
  }
  if (epoch >= before) return;
  fail(Property::kP5, "a pre-open epoch read went back before an earlier open",
       {fmt::format("read epoch {} during steps {}..{}; an open had returned epoch {} before",
                    epoch, from_step, to_step, before)});
}

void PropertyChecker::judge_snapshot(std::string summary, uint64_t from_step,
                                     const Catalog& contents) {
  const uint64_t to_step = current_step();
  stats_.add(Counter::kReadsChecked);
  if (reference_.had_content_during(contents.content_hash(), from_step, to_step)) return;
  std::vector<std::string> details{fmt::format(
      "the read is judged over steps {}..{}; against the reference now:", from_step, to_step)};
  for (std::string& line : reference_.contents().describe_differences(contents, kDiffRowsMax)) {
    details.push_back(std::move(line));
  }
  fail(Property::kP5, std::move(summary), std::move(details));
}

uint64_t PropertyChecker::on_snapshot_read(uint32_t process, const Catalog& contents) {
  if (!enabled_) return 0;
  const uint64_t from_step = read_start(process);
  judge_snapshot("a read-only snapshot saw a catalog the reference never had", from_step, contents);
  return from_step;
}

void PropertyChecker::on_reread(uint32_t process, StoreId store, uint64_t opened_from_step,
                                const Catalog& contents) {
  if (!enabled_) return;
  uint64_t from_step = read_start(process);
  CATSIM_CHECK(opened_from_step <= from_step);
  const std::optional<uint64_t>& left = left_source_at_[store_index(store)];
  stats_.add(Counter::kRereadsChecked);
  if (source_ != store) {
    stats_.add(Counter::kRereadsOfAbandonedStore);
    from_step = left ? std::max(opened_from_step, std::min(*left, from_step)) : opened_from_step;
  }
  judge_snapshot(fmt::format("a later read through a read-only {} handle saw a catalog the "
                             "reference never had",
                             store_name(store)),
                 from_step, contents);
}

void PropertyChecker::begin_preflight(uint32_t process, StoreId target_store) {
  if (!enabled_) return;
  preflights_[process] = {target_store, std::nullopt};
}

void PropertyChecker::on_preflight_result(uint32_t process, Status status) {
  if (!enabled_) return;
  auto it = preflights_.find(process);
  CATSIM_CHECK_MSG(it != preflights_.end(), "a pre-flight result without its start");
  const StoreId store = it->second.target;
  CATSIM_CHECK_MSG(it->second.initialized, "a pre-flight result without a store call");
  const bool initialized = *it->second.initialized;
  preflights_.erase(it);
  stats_.add(Counter::kPreflightsChecked);
  if (status != Status::kNotWritable) return;
  if (!initialized) {
    stats_.add(Counter::kPreflightsRefusedUninitialized);
    return;
  }
  fail(Property::kP6, "a savepoint pre-flight refused an initialized target store",
       {fmt::format("the pre-flight of the {} returned NotWritable although the {} was "
                    "initialized when it began (only an uninitialized target may refuse)",
                    store_name(store), store_name(store))});
}

void PropertyChecker::on_liveness_failure(uint64_t step, uint32_t process, std::string summary,
                                          std::vector<std::string> details) {
  if (!enabled_ || violation_) return;
  fail_at(step, process, Property::kP6, std::move(summary), std::move(details));
  violation_->liveness = true;
}

}  // namespace catsim
