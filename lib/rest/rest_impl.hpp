#pragma once
/// @file
/// Rest::Impl: what every per-area source file of the REST client shares: the transport,
/// the callback executor, and `call()`, which turns a request into a Future of a decoded
/// model.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include <fmt/format.h>

#include <fluxer/model/codec.hpp>
#include <fluxer/rest/rest.hpp>

#include "rest/request_util.hpp"
#include "rest/tracked_executor.hpp"
#include "rest/transport.hpp"

namespace fluxer {

struct Rest::Impl {
  RestOptions options;
  std::shared_ptr<Logger> logger;
  std::shared_ptr<ThreadPool> own_pool;  ///< standalone clients only
  std::shared_ptr<rest::TrackedExecutor> executor;
  std::shared_ptr<rest::Transport> transport;

  mutable std::mutex mutex;  ///< guards instance, rng
  std::optional<InstanceInfo> instance;
  std::mt19937_64 rng{std::random_device{}()};

  Impl(RestOptions o, std::shared_ptr<Executor> callbacks, std::shared_ptr<Logger> log);
  ~Impl();
  /// Cancels what is pending, then makes sure no continuation runs any more.
  void close();

  /// A random string of `n` characters from [0-9a-z] (message nonces, multipart boundaries).
  std::string random_token(std::size_t n);

  /// Sends `request` and completes the returned future with `decode(response)`.
  /// `user_facing`: continuations run on the callback executor; false (paginators' internal
  /// requests): they run on the thread that completes the request.
  template <class T, class Decode>
  Future<T> call(rest::HttpRequest request, const CallOptions& options, Decode decode, bool user_facing = true) {
    Promise<T> promise(user_facing ? std::shared_ptr<Executor>(executor) : nullptr);
    Future<T> future = promise.get_future();
    if (!options.audit_log_reason.empty()) {
      if (auto ok = rest::check_audit_log_reason(options.audit_log_reason); !ok) {
        promise.set_error(std::move(ok).error());
        return future;
      }
      request.headers.emplace_back("X-Audit-Log-Reason", options.audit_log_reason);
    }
    if (options.timeout) request.timeout = *options.timeout;
    if (options.cancel.cancelled()) {
      promise.set_error(Error(ErrorKind::Cancelled, "the call was cancelled before it was sent", "CANCELLED"));
      return future;
    }
    // The cancellation subscription lives until the call completes.
    struct Link {
      std::mutex mutex;
      bool completed = false;
      std::uint64_t subscription = 0;
    };
    std::shared_ptr<Link> link;
    if (options.cancel.can_cancel()) link = std::make_shared<Link>();
    auto done = [promise = std::move(promise), decode = std::move(decode), link,
                 token = options.cancel](Result<rest::HttpResponse> r) mutable {
      if (link) {
        std::uint64_t sub = 0;
        {
          std::lock_guard lock(link->mutex);
          link->completed = true;
          sub = link->subscription;
        }
        token.unsubscribe(sub);
      }
      if (!r) {
        promise.set_error(std::move(r).error());
        return;
      }
      promise.set_result(decode(*r));
    };
    const auto id = transport->submit(std::move(request), std::move(done));
    if (link && id != 0) {
      std::weak_ptr<rest::Transport> weak = transport;
      const auto sub = options.cancel.subscribe([weak, id] {
        if (auto t = weak.lock()) t->cancel(id);
      });
      bool completed = false;
      {
        std::lock_guard lock(link->mutex);
        completed = link->completed;
        link->subscription = sub;
      }
      if (completed) options.cancel.unsubscribe(sub);
    }
    return future;
  }
};

namespace rest {

/// Decodes a JSON body into T.
template <class T>
struct JsonDecoder {
  Result<T> operator()(const HttpResponse& r) const { return from_json<T>(r.body); }
};
/// Decodes a JSON array, reading an empty (204) body as an empty list.
template <class T>
struct ListOrEmptyDecoder {
  Result<std::vector<T>> operator()(const HttpResponse& r) const {
    if (r.status == 204 || r.body.empty()) return std::vector<T>{};
    return from_json<std::vector<T>>(r.body);
  }
};
/// Ignores the body (204 routes).
struct NoBody {
  Result<void> operator()(const HttpResponse&) const { return {}; }
};

/// A request for `method` on `path` (relative to the API base).
inline HttpRequest request(std::string_view method, std::string path, std::string query = {}) {
  HttpRequest r;
  r.method = std::string(method);
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}
/// A request with a JSON body.
inline HttpRequest json_request(std::string_view method, std::string path, std::string body) {
  HttpRequest r = request(method, std::move(path));
  r.body = std::move(body);
  r.content_type = "application/json";
  return r;
}

}  // namespace rest

/// A Paginator over a list route. `make(request)` builds the HTTP request of one page (or
/// fails), `decode(response)` reads one page. The paginator holds the client weakly: pages
/// asked for after the client is gone fail with Cancelled.
template <class T, class Make, class Decode>
Paginator<T> make_paginator(const std::shared_ptr<Rest::Impl>& impl, PageWalker::Direction direction,
                            const Paging& paging, int route_max, Make make, Decode decode, CallOptions options,
                            typename Paginator<T>::IdOf id_of) {
  std::weak_ptr<Rest::Impl> weak = impl;
  auto fetch = [weak, make = std::move(make), decode = std::move(decode),
                options = std::move(options)](const PageWalker::Request& page) -> Future<FetchedPage<T>> {
    auto impl = weak.lock();
    if (!impl)
      return make_error_future<FetchedPage<T>>(Error(ErrorKind::Cancelled, "the REST client is gone", "SHUTDOWN"));
    Result<rest::HttpRequest> request = make(page);
    if (!request) return make_error_future<FetchedPage<T>>(std::move(request).error());
    return impl->template call<FetchedPage<T>>(std::move(*request), options, decode, false);
  };
  return Paginator<T>(PageWalker(direction, paging, route_max), std::move(fetch), id_of, impl->executor);
}

/// Wraps a callback-overload's callback: an exception it throws is logged (it would
/// otherwise vanish into the discarded future of `then()`).
template <class T>
auto deliver(RestCallback<T> done, Rest::Impl& impl) {
  return [done = std::move(done), log = impl.logger](Result<T> r) mutable {
    try {
      if (done) done(std::move(r));
    } catch (const std::exception& e) {
      log->error("rest: a callback threw: {}", e.what());
    } catch (...) {
      log->error("rest: a callback threw");
    }
  };
}

/// A Future that has already failed, whose continuations run on `impl`'s executor.
template <class T>
Future<T> failed(Rest::Impl& impl, Error error) {
  Promise<T> promise(impl.executor);
  auto f = promise.get_future();
  promise.set_error(std::move(error));
  return f;
}

}  // namespace fluxer
