#pragma once
/// @file
/// Paginator<T>: list routes fetched page by page, lazily, up to a limit the caller sets.
///
///     auto pages = rest.paginate_messages(channel, {.max_items = 500});
///     while (!pages.done()) {
///       std::vector<fluxer::Message> page = pages.next().get();   // one request
///       ...
///     }
///     std::vector<fluxer::Member> all = rest.paginate_members(guild, {.max_items = 10'000}).collect().get();
///
/// A paginator never fetches without bound: it stops at `max_items`, at an empty or short
/// page, when the server says there is no more, when a page brings nothing new (a server
/// that ignores the cursor), or at the `until` bound. Pages are fetched one at a time.
/// Blocking in `next().get()` or `collect().get()` inside a callback is safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/executor.hpp>
#include <fluxer/core/future.hpp>
#include <fluxer/core/snowflake.hpp>

namespace fluxer {

/// What to page through.
struct Paging {
  /// The most items to return, in all pages together. 0 = none (no request is made).
  std::size_t max_items = 0;
  /// Items per request; 0 = the route's maximum.
  int page_size = 0;
  /// Where to start: for newest-first routes (messages, audit log) items older than this
  /// id; for ascending routes (members, bans, reaction users) items newer than it.
  std::optional<Snowflake> from{};
  /// Where to stop (exclusive): newest-first routes stop at items at or below this id,
  /// ascending routes at items at or above it.
  std::optional<Snowflake> until{};
};

/// The sans-IO paging logic behind every Paginator: which cursor to ask for next, which
/// items of a page to hand out, and when to stop.
class PageWalker {
 public:
  enum class Direction : std::uint8_t {
    Descending,  ///< newest first, cursor = `before`
    Ascending,   ///< oldest first, cursor = `after`
  };
  struct Request {
    std::optional<Snowflake> cursor;
    int limit = 0;
  };

  PageWalker(Direction direction, const Paging& paging, int route_max_page);

  [[nodiscard]] bool done() const noexcept { return done_; }
  /// Items handed out so far.
  [[nodiscard]] std::size_t yielded() const noexcept { return yielded_; }
  /// The next request (meaningful while !done()).
  [[nodiscard]] Request next_request() const noexcept;
  /// Feeds one page: the ids of its items in the server's order, and the server's own
  /// paging hints when it gives them. Returns, per item, whether to hand it out.
  std::vector<bool> accept(const std::vector<Snowflake>& ids, std::optional<bool> has_more = std::nullopt,
                           std::optional<Snowflake> next_cursor = std::nullopt);
  /// Stops (after an error).
  void finish() noexcept { done_ = true; }

 private:
  Direction direction_;
  std::size_t max_items_;
  int page_size_;
  std::optional<Snowflake> cursor_;
  std::optional<Snowflake> until_;
  std::size_t yielded_ = 0;
  bool done_ = false;
};

/// One page as a route returned it (internal to the Rest client's paginators).
template <class T>
struct FetchedPage {
  std::vector<T> items{};
  std::optional<bool> has_more{};
  std::optional<Snowflake> next_cursor{};
};

/// Pages of T. Move-only; one consumer. See the file comment.
template <class T>
class Paginator {
 public:
  using Fetch = std::function<Future<FetchedPage<T>>(const PageWalker::Request&)>;
  using IdOf = Snowflake (*)(const T&);

  /// Used by the Rest client. `fetch` performs one request; `executor` runs the
  /// continuations of the futures handed out.
  Paginator(PageWalker walker, Fetch fetch, IdOf id_of, std::shared_ptr<Executor> executor)
      : state_(std::make_shared<State>(std::move(walker), std::move(fetch), id_of, std::move(executor))) {}

  /// True when no further page will be fetched.
  [[nodiscard]] bool done() const {
    std::lock_guard lock(state_->mutex);
    return state_->walker.done();
  }
  /// Items handed out so far.
  [[nodiscard]] std::size_t fetched() const {
    std::lock_guard lock(state_->mutex);
    return state_->walker.yielded();
  }

  /// Fetches the next page. Empty when done(); an error stops the paginator. Calling it
  /// again before the previous page arrived fails with InvalidArgument (PAGE_IN_FLIGHT).
  Future<std::vector<T>> next() {
    Promise<std::vector<T>> promise(state_->executor);
    auto out = promise.get_future();
    fetch_page(state_,
               [promise = std::move(promise)](Result<std::vector<T>> r) mutable { promise.set_result(std::move(r)); });
    return out;
  }

  /// Fetches every remaining page (up to `max_items`) and returns their items in order.
  Future<std::vector<T>> collect() {
    Promise<std::vector<T>> promise(state_->executor);
    auto out = promise.get_future();
    auto shared = std::make_shared<Promise<std::vector<T>>>(std::move(promise));
    collect_step(state_, std::make_shared<std::vector<T>>(), std::move(shared));
    return out;
  }

 private:
  struct State {
    State(PageWalker w, Fetch f, IdOf i, std::shared_ptr<Executor> e)
        : walker(std::move(w)), fetch(std::move(f)), id_of(i), executor(std::move(e)) {}
    std::mutex mutex;
    PageWalker walker;
    Fetch fetch;
    IdOf id_of;
    std::shared_ptr<Executor> executor;
    bool in_flight = false;
  };
  using Done = UniqueFunction<void(Result<std::vector<T>>)>;

  /// Fetches one page; `done` runs on the thread that completes the request (the Rest
  /// client's futures for paginators carry no executor), never needing the callback pool.
  static void fetch_page(const std::shared_ptr<State>& state, Done done) {
    PageWalker::Request request;
    {
      std::lock_guard lock(state->mutex);
      if (state->in_flight) {
        done(Error{ErrorKind::InvalidArgument, "a page is already being fetched", "PAGE_IN_FLIGHT"});
        return;
      }
      if (state->walker.done()) {
        done(std::vector<T>{});
        return;
      }
      state->in_flight = true;
      request = state->walker.next_request();
    }
    state->fetch(request).then([state, done = std::move(done)](Result<FetchedPage<T>> r) mutable {
      std::vector<T> out;
      {
        std::lock_guard lock(state->mutex);
        state->in_flight = false;
        if (!r) {
          state->walker.finish();
        } else {
          std::vector<Snowflake> ids;
          ids.reserve(r->items.size());
          for (const auto& item : r->items) ids.push_back(state->id_of(item));
          const auto keep = state->walker.accept(ids, r->has_more, r->next_cursor);
          for (std::size_t i = 0; i < r->items.size(); ++i)
            if (keep[i]) out.push_back(std::move(r->items[i]));
        }
      }
      if (!r) {
        done(std::move(r).error());
      } else {
        done(std::move(out));
      }
    });
  }

  static void collect_step(std::shared_ptr<State> state, std::shared_ptr<std::vector<T>> acc,
                           std::shared_ptr<Promise<std::vector<T>>> promise) {
    bool finished = false;
    {
      std::lock_guard lock(state->mutex);
      finished = state->walker.done();
    }
    if (finished) {
      promise->set_value(std::move(*acc));
      return;
    }
    fetch_page(state, [state, acc, promise](Result<std::vector<T>> r) mutable {
      if (!r) {
        promise->set_error(std::move(r).error());
        return;
      }
      for (auto& item : *r) acc->push_back(std::move(item));
      collect_step(std::move(state), std::move(acc), std::move(promise));
    });
  }

  std::shared_ptr<State> state_;
};

}  // namespace fluxer
