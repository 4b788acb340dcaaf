#include "rest/transport.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <curl/curl.h>
#include <fmt/format.h>

#include <fluxer/version.hpp>

#include "rest/headers.hpp"
#include "rest/rate_limiter.hpp"

namespace fluxer::rest {
namespace {

using Clock = std::chrono::steady_clock;

/// Longest the worker sleeps without looking at its queues (also bounds a missed wake-up).
constexpr std::chrono::milliseconds kMaxPoll{1000};

struct Pending {
  HttpRequest request;
  Transport::Callback done;
  RouteKey key;
  std::string queue;      ///< route + major: requests of one queue go one at a time, in order
  std::uint64_t seq = 0;  ///< submission order
  int attempts = 0;
  SteadyTime not_before{};
  std::string permit;

  // Live transfer state.
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::string url;
  HttpResponse response;
  std::size_t max_body = 0;
  bool too_large = false;

  ~Pending() { reset_transfer(); }
  void reset_transfer() {
    if (header_list != nullptr) curl_slist_free_all(header_list);
    header_list = nullptr;
    if (easy != nullptr) curl_easy_cleanup(easy);
    easy = nullptr;
    response = {};
    too_large = false;
  }
};

/// The server counts a request when it arrives, we when it leaves: a batch sent the moment
/// our window ends can land in the server's previous window. A window 5% (at least 10 ms)
/// longer than the server's keeps that from happening.
std::chrono::milliseconds padded(std::chrono::milliseconds window) {
  return window + std::max(window / 20, std::chrono::milliseconds(10));
}

}  // namespace

struct Transport::Impl {
  TransportOptions options;
  Logger& log;
  Executor& callbacks;
  std::size_t max_response_bytes;

  CURLM* multi = nullptr;
  std::thread worker;

  std::mutex mutex;  ///< guards incoming, stopping
  std::vector<std::unique_ptr<Pending>> incoming;
  bool stopping = false;
  std::uint64_t next_seq = 0;  ///< submission order, given under `mutex`
  std::once_flag shutdown_once;

  // Worker-only state.
  RateLimiter limiter;
  std::unordered_map<std::string, std::deque<std::unique_ptr<Pending>>> queues;
  std::unordered_set<std::string> busy;  ///< queues with a transfer in flight
  std::unordered_map<CURL*, std::unique_ptr<Pending>> active;
  SteadyTime next_collect{};

  Impl(TransportOptions o, Logger& l, Executor& c)
      : options(std::move(o)),
        log(l),
        callbacks(c),
        max_response_bytes(options.max_response_bytes),
        limiter(RateLimiter::Options{},
                std::make_unique<SlidingWindowLimit>(options.global_limit, padded(options.global_window))) {
    if (options.user_agent.empty()) options.user_agent = fmt::format("fluxer-cpp/{}", kVersion);
    while (options.api_base.ends_with('/')) options.api_base.pop_back();
    if (!options.token.empty()) log.add_token(options.token);
    curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted by libcurl; thread-safe since 7.84
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
  }
  ~Impl() {
    if (multi != nullptr) curl_multi_cleanup(multi);
    curl_global_cleanup();
  }

  // ------------------------------------------------------------------ completion

  void complete(std::unique_ptr<Pending> p, Result<HttpResponse> result) {
    auto done = std::move(p->done);
    p.reset();
    auto task = [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); };
    if (!callbacks.post(std::move(task))) {
      log.warn("rest: the callback executor refused a completion (shut down?); the result is dropped");
    }
  }

  // ------------------------------------------------------------------ curl callbacks

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* p = static_cast<Pending*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      p->response.headers.clear();  // a new status line (after 100 Continue or a redirect)
    } else if (auto header = parse_header_line(line)) {
      p->response.headers.push_back(std::move(*header));
    }
    return n;
  }

  // ------------------------------------------------------------------ worker

  bool start(std::unique_ptr<Pending>& p) {
    p->reset_transfer();
    CURL* easy = curl_easy_init();
    if (easy == nullptr) return false;
    p->easy = easy;
    p->url = options.api_base + p->request.path;
    if (!p->request.query.empty()) p->url += "?" + p->request.query;

    curl_slist* h = nullptr;
    if (p->request.authenticated && !options.token.empty()) {
      h = curl_slist_append(h, ("Authorization: Bot " + options.token).c_str());
    }
    h = curl_slist_append(h, ("User-Agent: " + options.user_agent).c_str());
    if (!p->request.body.empty() || !p->request.content_type.empty()) {
      h = curl_slist_append(h, ("Content-Type: " + (p->request.content_type.empty() ? std::string("application/json")
                                                                                    : p->request.content_type))
                                   .c_str());
    }
    for (const auto& [name, value] : p->request.headers) h = curl_slist_append(h, (name + ": " + value).c_str());
    h = curl_slist_append(h, "Expect:");  // no 100-continue round trip for uploads
    p->header_list = h;

    curl_easy_setopt(easy, CURLOPT_URL, p->url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Impl::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, p.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Impl::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, p.get());
    const auto& method = p->request.method;
    if (method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
      if (method != "HEAD") {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, p->request.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(p->request.body.size()));
      }
    }
    p->max_body = max_response_bytes;
    return curl_multi_add_handle(multi, easy) == CURLM_OK;
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* p = static_cast<Pending*>(user);
    const std::size_t n = size * count;
    if (p->response.body.size() + n > p->max_body) {
      p->too_large = true;
      return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    p->response.body.append(data, n);
    return n;
  }

  /// Moves submitted requests into their queues.
  void take_incoming() {
    std::vector<std::unique_ptr<Pending>> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(incoming);
    }
    for (auto& p : batch) {
      auto& q = queues[p->queue];
      q.push_back(std::move(p));
    }
  }

  /// Starts what may start; returns when the worker must look again at the latest.
  SteadyTime dispatch(SteadyTime now) {
    SteadyTime wake = now + kMaxPoll;
    // Queues whose head may go now, oldest request first: when the global ceiling is the
    // bottleneck, slots go in submission order, so no channel starves behind busier ones.
    std::vector<std::deque<std::unique_ptr<Pending>>*> ready;
    for (auto it = queues.begin(); it != queues.end();) {
      auto& q = it->second;
      if (q.empty()) {
        it = queues.erase(it);
        continue;
      }
      if (!busy.contains(it->first)) {
        if (q.front()->not_before > now) {
          wake = std::min(wake, q.front()->not_before);
        } else {
          ready.push_back(&q);
        }
      }
      ++it;
    }
    std::sort(ready.begin(), ready.end(),
              [](const auto* a, const auto* b) { return a->front()->seq < b->front()->seq; });

    for (auto* q : ready) {
      while (!q->empty()) {
        auto& p = q->front();
        auto a = limiter.try_acquire(p->key, now);
        if (a.kind == Acquire::Kind::WaitUntil) wake = std::min(wake, a.at);
        if (!a.go()) break;
        p->permit = std::move(a.permit);
        auto owned = std::move(p);
        q->pop_front();
        if (!start(owned)) {
          limiter.release(owned->permit);
          complete(std::move(owned), Error(ErrorKind::Rest, "could not start an HTTP transfer", "CURL_INIT"));
          continue;  // the next request of this queue
        }
        busy.insert(owned->queue);
        CURL* easy = owned->easy;
        active.emplace(easy, std::move(owned));
        break;
      }
    }
    return wake;
  }

  void finish(CURL* easy, CURLcode code) {
    auto node = active.extract(easy);
    if (node.empty()) return;
    std::unique_ptr<Pending> p = std::move(node.mapped());
    curl_multi_remove_handle(multi, easy);
    busy.erase(p->queue);
    const auto now = Clock::now();

    if (code != CURLE_OK) {
      limiter.on_failure(p->permit);
      Error e;
      if (p->too_large) {
        e = Error(
            ErrorKind::Rest,
            fmt::format("{} {}: response larger than {} bytes", p->request.method, p->request.path, max_response_bytes),
            "RESPONSE_TOO_LARGE");
      } else if (code == CURLE_OPERATION_TIMEDOUT) {
        e = Error(ErrorKind::Timeout,
                  fmt::format("{} {}: {}", p->request.method, p->request.path, curl_easy_strerror(code)), "TIMEOUT");
      } else {
        e = Error(ErrorKind::Rest,
                  fmt::format("{} {}: {}", p->request.method, p->request.path, curl_easy_strerror(code)),
                  fmt::format("CURL_{}", static_cast<int>(code)));
      }
      log.warn("rest: {}", e.message);
      complete(std::move(p), std::move(e));
      return;
    }

    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    p->response.status = static_cast<int>(status);

    const bool ok = status >= 200 && status < 300;
    // A failure's body is decoded once: for the caller's Error, and for the limiter (code,
    // global, retry_after; the Error already prefers the body's retry_after to Retry-After).
    std::optional<Error> failure;
    if (!ok) failure = error_from_response(p->response.status, p->response.body, p->response.headers);
    RateLimitInfo info;
    info.status = p->response.status;
    info.read_headers(p->response.headers);
    if (failure) {
      info.code = failure->code;
      info.global = info.global || failure->global;
      if (failure->retry_after) info.retry_after_body = std::chrono::duration<double>(*failure->retry_after).count();
    }
    const Verdict verdict = limiter.on_response(p->key, p->permit, info, now, std::chrono::system_clock::now());
    if (verdict.retry && p->attempts < options.max_retries) {
      ++p->attempts;
      p->not_before = verdict.at;
      log.debug("rest: {} {} answered {}; retry {} of {} in {} ms", p->request.method, p->request.path, status,
                p->attempts, options.max_retries,
                std::chrono::duration_cast<std::chrono::milliseconds>(verdict.at - now).count());
      p->reset_transfer();
      auto& q = queues[p->queue];
      q.push_front(std::move(p));  // keeps its place: nothing of its queue overtakes it
      return;
    }
    if (ok) {
      auto response = std::move(p->response);
      complete(std::move(p), std::move(response));
      return;
    }
    log.debug("rest: {} {} failed: {}", p->request.method, p->request.path, failure->to_string());
    complete(std::move(p), std::move(*failure));
  }

  void run() {
    while (true) {
      {
        std::lock_guard lock(mutex);
        if (stopping) break;
      }
      take_incoming();
      const auto now = Clock::now();
      const SteadyTime wake = dispatch(now);
      if (now >= next_collect) {
        limiter.collect(now);
        next_collect = now + std::chrono::minutes(1);
      }

      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      bool finished = false;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        // Copy before finish(): removing the handle invalidates `msg`.
        CURL* easy = msg->easy_handle;
        const CURLcode code = msg->data.result;
        finish(easy, code);
        finished = true;
      }
      // A finished transfer may have freed a bucket whose next request can start now.
      if (finished || !incoming_empty()) continue;

      const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now());
      const int ms = static_cast<int>(std::clamp<std::int64_t>(timeout.count() + 1, 0, kMaxPoll.count()));
      curl_multi_poll(multi, nullptr, 0, ms, nullptr);
    }
    // Stopping: abort transfers, cancel everything left.
    for (auto& [easy, p] : active) {
      curl_multi_remove_handle(multi, easy);
      complete(std::move(p), Error(ErrorKind::Cancelled, "the REST client was shut down", "SHUTDOWN"));
    }
    active.clear();
    take_incoming();
    for (auto& [name, q] : queues) {
      for (auto& p : q)
        complete(std::move(p), Error(ErrorKind::Cancelled, "the REST client was shut down", "SHUTDOWN"));
    }
    queues.clear();
  }

  bool incoming_empty() {
    std::lock_guard lock(mutex);
    return incoming.empty();
  }
};

Transport::Transport(TransportOptions options, Logger& logger, Executor& callbacks)
    : impl_(std::make_unique<Impl>(std::move(options), logger, callbacks)) {
  impl_->worker = std::thread([impl = impl_.get()] { impl->run(); });
}

Transport::~Transport() {
  shutdown();
}

void Transport::submit(HttpRequest request, Callback done) {
  auto p = std::make_unique<Pending>();
  p->key = route_key(request.method, request.path);
  p->queue = p->key.route + "|" + p->key.major;
  p->request = std::move(request);
  p->done = std::move(done);
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->stopping) {
      p->seq = impl_->next_seq++;
      impl_->incoming.push_back(std::move(p));
    }
  }
  if (p) {
    impl_->complete(std::move(p), Error(ErrorKind::Cancelled, "the REST client is shut down", "SHUTDOWN"));
    return;
  }
  curl_multi_wakeup(impl_->multi);
}

void Transport::shutdown() {
  std::call_once(impl_->shutdown_once, [this] {
    {
      std::lock_guard lock(impl_->mutex);
      impl_->stopping = true;
    }
    curl_multi_wakeup(impl_->multi);
    if (impl_->worker.joinable()) impl_->worker.join();
  });
}

}  // namespace fluxer::rest
