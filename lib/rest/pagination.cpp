// PageWalker: the paging logic behind every Paginator (include/fluxer/rest/paginator.hpp).

#include <fluxer/rest/paginator.hpp>

#include <algorithm>

namespace fluxer {

PageWalker::PageWalker(Direction direction, const Paging& paging, int route_max_page)
    : direction_(direction),
      max_items_(paging.max_items),
      page_size_(std::max(1, paging.page_size > 0 ? std::min(paging.page_size, route_max_page) : route_max_page)),
      cursor_(paging.from),
      until_(paging.until),
      done_(paging.max_items == 0) {}

PageWalker::Request PageWalker::next_request() const noexcept {
  const std::size_t left = max_items_ > yielded_ ? max_items_ - yielded_ : 1;
  return {cursor_, static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(page_size_), left))};
}

std::vector<bool> PageWalker::accept(const std::vector<Snowflake>& ids, std::optional<bool> has_more,
                                     std::optional<Snowflake> next_cursor) {
  std::vector<bool> keep(ids.size(), false);
  if (done_) return keep;
  const auto requested = static_cast<std::size_t>(next_request().limit);
  const bool descending = direction_ == Direction::Descending;
  bool progressed = false;
  bool hit_bound = false;
  std::optional<Snowflake> cursor = cursor_;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Snowflake id = ids[i];
    if (until_ && (descending ? id <= *until_ : id >= *until_)) {
      hit_bound = true;
      continue;
    }
    const bool fresh = !cursor_ || (descending ? id < *cursor_ : id > *cursor_);
    if (!fresh) continue;  // a server that ignored the cursor: seen already
    if (!cursor || (descending ? id < *cursor : id > *cursor)) cursor = id;
    if (yielded_ >= max_items_) continue;
    keep[i] = true;
    ++yielded_;
    progressed = true;
  }
  if (!descending && next_cursor && (!cursor || *next_cursor > *cursor)) cursor = next_cursor;
  cursor_ = cursor;
  const bool server_says_more = has_more.value_or(false);
  done_ = ids.empty() || !progressed || hit_bound || yielded_ >= max_items_ || (has_more && !*has_more) ||
          (ids.size() < requested && !server_says_more) ||
          (ids.size() > requested && !server_says_more);  // the server ignored the limit: that was everything
  return keep;
}

}  // namespace fluxer
