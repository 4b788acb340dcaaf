#include "client/handler_registry.hpp"

#include <algorithm>

namespace fluxer::client_detail {

HandlerRegistry::HandlerRegistry(ExceptionHook on_exception)
    : on_exception_(std::move(on_exception)), table_(std::make_shared<Table>()) {}

std::shared_ptr<const HandlerRegistry::Table> HandlerRegistry::build(EntryList all) {
  auto table = std::make_shared<Table>();
  for (const auto& e : all) {
    if (e->name.empty()) table->catch_all.push_back(e);
  }
  for (const auto& e : all) {
    if (e->name.empty() || table->by_name.contains(e->name)) continue;
    EntryList merged;
    for (const auto& x : all) {
      if (x->name.empty() || x->name == e->name) merged.push_back(x);
    }
    table->by_name.emplace(e->name, std::move(merged));
  }
  table->all = std::move(all);
  return table;
}

std::uint64_t HandlerRegistry::add(std::string name, HandlerFn fn) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  EntryList all = table_->all;
  all.push_back(std::make_shared<const Entry>(Entry{id, std::move(name), std::move(fn)}));
  table_ = build(std::move(all));
  return id;
}

bool HandlerRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  EntryList all = table_->all;
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& e) { return e->id == id; });
  if (it == all.end()) return false;
  all.erase(it);
  table_ = build(std::move(all));
  return true;
}

std::shared_ptr<const HandlerRegistry::Table> HandlerRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  return table_;
}

void HandlerRegistry::dispatch(const RawEvent& event) const {
  const auto table = snapshot();
  const EntryList* list = &table->catch_all;
  if (auto it = table->by_name.find(event.name()); it != table->by_name.end()) list = &it->second;
  for (const auto& entry : *list) {
    try {
      entry->fn(event);
    } catch (...) {
      if (on_exception_) {
        try {
          on_exception_(event.name(), std::current_exception());
        } catch (...) {
        }
      }
    }
  }
}

bool HandlerRegistry::has_handlers(std::string_view name) const {
  const auto table = snapshot();
  return !table->catch_all.empty() || table->by_name.contains(name);
}

std::vector<std::string> HandlerRegistry::names() const {
  const auto table = snapshot();
  std::vector<std::string> out;
  out.reserve(table->by_name.size());
  for (const auto& [name, list] : table->by_name) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace fluxer::client_detail
