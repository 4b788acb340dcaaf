#include "rest/transport.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <curl/curl.h>
#include <fmt/format.h>

#include <fluxer/core/redact.hpp>
#include <fluxer/version.hpp>

#include "rest/headers.hpp"
#include "rest/rate_limiter.hpp"

namespace fluxer::rest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// Longest a worker sleeps without looking at its queues (also bounds a missed wake-up).
constexpr milliseconds kMaxPoll{1000};
/// Idle easy handles a worker keeps for reuse.
constexpr std::size_t kMaxIdleHandles = 32;
/// Workers are numbered in the low byte of a request id.
constexpr std::size_t kMaxWorkers = 64;
/// Response headers kept per response (Fluxer sends about 15) and their total size; past
/// either the transfer is aborted with RESPONSE_HEADERS_TOO_LARGE.
constexpr std::size_t kMaxHeaders = 128;
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE";
}

struct Pending {
  HttpRequest request;
  Transport::Callback done;
  RouteKey key;
  std::string queue;      ///< bucket + major: requests of one queue go one at a time, in order
  std::uint64_t id = 0;   ///< for cancel()
  std::uint64_t seq = 0;  ///< submission order
  int rate_limited = 0;   ///< 429 retries so far
  int failures = 0;       ///< network / 5xx retries so far
  bool retry_on_failure = false;
  SteadyTime not_before{};
  SteadyTime deadline{};
  std::string permit;

  // Live transfer state.
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::string url;
  HttpResponse response;
  std::size_t max_body = 0;
  bool too_large = false;
  std::size_t header_bytes = 0;  ///< of the current response (reset on a new status line)
  bool headers_too_large = false;
  std::unique_ptr<MultipartBody::Reader> reader;

  ~Pending() { free_headers(); }
  void free_headers() {
    if (header_list != nullptr) curl_slist_free_all(header_list);
    header_list = nullptr;
  }
  /// The path for logs and errors (a webhook token in it redacted).
  [[nodiscard]] std::string display() const {
    return fmt::format("{} {}", request.method, redact_credentials(request.url.empty() ? request.path : request.url));
  }
};

/// State every worker shares.
struct Shared {
  TransportOptions options;
  mutable std::mutex token_mutex;
  std::string authorization_line;  ///< "Authorization: Bot <token>"; empty without a token (token_mutex)
  std::atomic<bool> has_token{false};
  std::string user_agent_line;     ///< "User-Agent: ..."
  std::shared_ptr<Logger> log;
  std::shared_ptr<GlobalRateLimit> global;
  std::atomic<int> unauthorized_streak{0};
  std::atomic<bool> token_rejected{false};

  /// The header line to send, or "" without a token.
  [[nodiscard]] std::string authorization() const {
    std::lock_guard lock(token_mutex);
    return authorization_line;
  }
  void set_token(const std::string& token) {
    if (!token.empty()) log->add_token(token);
    {
      std::lock_guard lock(token_mutex);
      authorization_line = token.empty() ? std::string{} : "Authorization: Bot " + token;
    }
    has_token.store(!token.empty());
    unauthorized_streak.store(0);
    token_rejected.store(false);
  }
};

/// No bot-wide ceiling (accounts with RATE_LIMIT_BYPASS; benchmarks).
class UnlimitedGlobal final : public GlobalRateLimit {
 public:
  SlotGrant reserve(std::size_t count, WallTime) override { return {count, {}}; }
  void block_until(WallTime) override {}
};

Error cancelled_error(std::string_view why, std::string_view code = "CANCELLED") {
  return Error(ErrorKind::Cancelled, std::string(why), std::string(code));
}

// ---------------------------------------------------------------------------- worker

struct Worker {
  Shared& shared;
  std::size_t index;
  CURLM* multi = nullptr;
  std::thread thread;

  std::mutex mutex;  ///< guards incoming, cancels, stopping
  std::vector<std::unique_ptr<Pending>> incoming;
  std::vector<std::uint64_t> cancels;
  bool stopping = false;

  // Worker-only state.
  RateLimiter limiter;
  std::unordered_map<std::string, std::deque<std::unique_ptr<Pending>>> queues;
  std::unordered_set<std::string> busy;  ///< queues with a transfer in flight
  std::unordered_map<CURL*, std::unique_ptr<Pending>> active;
  std::vector<CURL*> idle_handles;
  std::mt19937_64 rng{std::random_device{}()};
  SteadyTime next_collect{};
  SteadyTime next_deadline{SteadyTime::max()};  ///< earliest deadline among queued requests

  Worker(Shared& s, std::size_t i) : shared(s), index(i), limiter(RateLimiter::Options{}, s.global) {
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(std::max<std::size_t>(shared.options.max_connections_per_host, 1)));
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  }
  ~Worker() {
    for (CURL* e : idle_handles) curl_easy_cleanup(e);
    if (multi != nullptr) curl_multi_cleanup(multi);
  }

  Logger& log() const { return *shared.log; }
  const TransportOptions& options() const { return shared.options; }

  // ------------------------------------------------------------------ completion

  void complete(std::unique_ptr<Pending> p, Result<HttpResponse> result) {
    release_handle(*p);
    if (!result) {
      // A server may echo what it was sent (a token) in its message: error text goes
      // through the same redaction as log lines.
      Error e = std::move(result).error();
      e.message = log().redact(e.message);
      for (auto& fe : e.errors) fe.message = log().redact(fe.message);
      result = std::move(e);
    }
    auto done = std::move(p->done);
    p.reset();
    try {
      if (done) done(std::move(result));
    } catch (const std::exception& e) {
      log().error("rest: a completion threw: {}", e.what());
    } catch (...) {
      log().error("rest: a completion threw");
    }
  }

  void release_handle(Pending& p) {
    p.free_headers();
    p.reader.reset();
    if (p.easy == nullptr) return;
    if (idle_handles.size() < kMaxIdleHandles) {
      idle_handles.push_back(p.easy);
    } else {
      curl_easy_cleanup(p.easy);
    }
    p.easy = nullptr;
  }

  // ------------------------------------------------------------------ curl callbacks

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* p = static_cast<Pending*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      p->response.headers.clear();  // a new status line (after 100 Continue or a redirect)
      p->header_bytes = 0;
    }
    // A hostile or broken server cannot make us hold unbounded headers.
    p->header_bytes += n;
    if (p->header_bytes > kMaxHeaderBytes) {
      p->headers_too_large = true;
      return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    if (!line.starts_with("HTTP/")) {
      if (auto header = parse_header_line(line)) {
        if (p->response.headers.size() >= kMaxHeaders) {
          p->headers_too_large = true;
          return 0;
        }
        p->response.headers.push_back(std::move(*header));
      }
    }
    return n;
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

  static std::size_t on_read(char* out, std::size_t size, std::size_t count, void* user) {
    auto* p = static_cast<Pending*>(user);
    const std::size_t n = p->reader->read(out, size * count);
    if (n == 0 && p->reader->error()) return CURL_READFUNC_ABORT;
    return n;
  }

  static int on_seek(void* user, curl_off_t offset, int origin) {
    auto* p = static_cast<Pending*>(user);
    if (offset != 0 || origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
    p->reader->rewind();
    return CURL_SEEKFUNC_OK;
  }

  // ------------------------------------------------------------------ starting a transfer

  bool start(Pending& p, SteadyTime now) {
    CURL* easy = nullptr;
    if (!idle_handles.empty()) {
      easy = idle_handles.back();
      idle_handles.pop_back();
      curl_easy_reset(easy);
    } else {
      easy = curl_easy_init();
    }
    if (easy == nullptr) return false;
    p.easy = easy;
    p.response = {};
    p.too_large = false;
    p.header_bytes = 0;
    p.headers_too_large = false;
    const auto& o = options();
    const auto& r = p.request;
    if (!r.url.empty()) {
      p.url = r.url;
    } else {
      p.url.clear();
      p.url.reserve(o.api_base.size() + r.path.size() + r.query.size() + 1);
      p.url.append(o.api_base).append(r.path);
    }
    if (!r.query.empty()) p.url.append("?").append(r.query);

    curl_slist* h = nullptr;
    if (r.authenticated && shared.has_token.load(std::memory_order_relaxed)) {
      const std::string line = shared.authorization();
      if (!line.empty()) h = curl_slist_append(h, line.c_str());
    }
    h = curl_slist_append(h, shared.user_agent_line.c_str());
    const bool has_body = r.multipart || !r.body.empty();
    if (r.multipart) {
      h = curl_slist_append(h, ("Content-Type: " + r.multipart->content_type()).c_str());
    } else if (!r.body.empty()) {
      h = curl_slist_append(
          h, ("Content-Type: " + (r.content_type.empty() ? std::string("application/json") : r.content_type)).c_str());
    } else {
      h = curl_slist_append(h, "Content-Type:");  // no body: no (form) content type at all
    }
    for (const auto& [name, value] : r.headers) h = curl_slist_append(h, (name + ": " + value).c_str());
    h = curl_slist_append(h, "Expect:");  // no 100-continue round trip for uploads
    p.header_list = h;

    const auto left = std::chrono::duration_cast<milliseconds>(p.deadline - now);
    const auto attempt = std::clamp(left, milliseconds(1), o.request_timeout);
    curl_easy_setopt(easy, CURLOPT_URL, p.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(attempt.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, o.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, o.verify_tls ? 2L : 0L);
    if (!o.ca_bundle.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, o.ca_bundle.c_str());
    if (!o.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, o.proxy.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Worker::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &p);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Worker::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &p);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &p);
    const auto& method = r.method;
    if (method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
      if (method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
      if (r.multipart) {
        p.reader = std::make_unique<MultipartBody::Reader>(*r.multipart);
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Worker::on_read);
        curl_easy_setopt(easy, CURLOPT_READDATA, &p);
        curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, &Worker::on_seek);
        curl_easy_setopt(easy, CURLOPT_SEEKDATA, &p);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.multipart->size()));
      } else if (has_body || method == "POST" || method == "PUT" || method == "PATCH") {
        // An empty POST/PUT/PATCH still says Content-Length: 0.
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      }
    }
    p.max_body = o.max_response_bytes;
    return curl_multi_add_handle(multi, easy) == CURLM_OK;
  }

  // ------------------------------------------------------------------ queues

  /// Moves submitted requests into their queues and applies cancellations.
  bool take_incoming() {
    std::vector<std::unique_ptr<Pending>> batch;
    std::vector<std::uint64_t> cancelled;
    bool stop = false;
    {
      std::lock_guard lock(mutex);
      batch.swap(incoming);
      cancelled.swap(cancels);
      stop = stopping;
    }
    for (auto& p : batch) {
      next_deadline = std::min(next_deadline, p->deadline);
      queues[p->queue].push_back(std::move(p));
    }
    for (auto id : cancelled) cancel_now(id);
    return !stop;
  }

  void cancel_now(std::uint64_t id) {
    for (auto it = active.begin(); it != active.end(); ++it) {
      if (it->second->id != id) continue;
      auto p = std::move(it->second);
      active.erase(it);
      curl_multi_remove_handle(multi, p->easy);
      busy.erase(p->queue);
      limiter.on_failure(p->permit);  // it was sent: the server may count it
      log().debug("rest: {} cancelled in flight", p->display());
      complete(std::move(p), cancelled_error("the call was cancelled"));
      return;
    }
    for (auto& [name, q] : queues) {
      for (auto it = q.begin(); it != q.end(); ++it) {
        if ((*it)->id != id) continue;
        auto p = std::move(*it);
        q.erase(it);
        complete(std::move(p), cancelled_error("the call was cancelled"));
        return;
      }
    }
  }

  /// Fails queued requests whose deadline passed (the head of a busy queue waits for its
  /// turn; a rate-limit wait is checked in dispatch()).
  void expire(SteadyTime now) {
    if (now < next_deadline) return;
    next_deadline = SteadyTime::max();
    for (auto& [name, q] : queues) {
      for (auto it = q.begin(); it != q.end();) {
        if ((*it)->deadline <= now) {
          auto p = std::move(*it);
          it = q.erase(it);
          log().debug("rest: {} timed out in its queue", p->display());
          Error e(ErrorKind::Timeout, fmt::format("{}: the call timed out while waiting for its turn", p->display()),
                  "TIMEOUT");
          complete(std::move(p), std::move(e));
        } else {
          next_deadline = std::min(next_deadline, (*it)->deadline);
          ++it;
        }
      }
    }
  }

  /// Starts what may start; returns when the worker must look again at the latest.
  SteadyTime dispatch(SteadyTime now, WallTime wall_now) {
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
        if (p->request.authenticated && shared.token_rejected.load(std::memory_order_relaxed)) {
          auto owned = std::move(p);
          q->pop_front();
          complete(std::move(owned), token_rejected_error());
          continue;
        }
        auto a = limiter.try_acquire(p->key, now, wall_now);
        if (a.kind == Acquire::Kind::WaitUntil) {
          if (a.at > p->deadline) {
            auto owned = std::move(p);
            q->pop_front();
            Error e = wait_too_long(*owned, a.at - now);
            complete(std::move(owned), std::move(e));
            continue;  // the next request of this queue may have a later deadline
          }
          wake = std::min(wake, a.at);
        }
        if (!a.go()) break;
        p->permit = std::move(a.permit);
        auto owned = std::move(p);
        q->pop_front();
        if (!start(*owned, now)) {
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

  Error token_rejected_error() const {
    return Error(ErrorKind::InvalidToken,
                 fmt::format("the token was refused {} times in a row (401); no further requests are sent with it",
                             std::max(options().max_unauthorized, 1)),
                 "TOKEN_REJECTED");
  }

  static Error wait_too_long(const Pending& p, SteadyTime::duration wait) {
    Error e(ErrorKind::RateLimit,
            fmt::format("{}: rate limited for another {} ms, past the call's deadline", p.display(),
                        std::chrono::duration_cast<milliseconds>(wait).count()),
            "RATE_LIMIT_EXCEEDS_TIMEOUT");
    e.retry_after = std::chrono::ceil<milliseconds>(wait);
    return e;
  }

  /// Capped exponential backoff with full jitter, at least `minimum`.
  SteadyTime::duration backoff(int failures, SteadyTime::duration minimum) {
    const auto& o = options();
    const auto shift = std::min(failures, 20);
    const auto ceiling = std::min<std::int64_t>(o.backoff_cap.count(), o.backoff_base.count() << shift);
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(ceiling, 1));
    return std::max<SteadyTime::duration>(milliseconds(jitter(rng)), minimum);
  }

  /// Puts `p` back at the head of its queue to be sent again at `at`.
  void requeue(std::unique_ptr<Pending> p, SteadyTime at) {
    release_handle(*p);
    p->not_before = at;
    next_deadline = std::min(next_deadline, p->deadline);
    auto& q = queues[p->queue];
    q.push_front(std::move(p));  // keeps its place: nothing of its queue overtakes it
  }

  // ------------------------------------------------------------------ a transfer ended

  void finish(CURL* easy, CURLcode code) {
    auto node = active.extract(easy);
    if (node.empty()) return;
    std::unique_ptr<Pending> p = std::move(node.mapped());
    curl_multi_remove_handle(multi, easy);
    busy.erase(p->queue);
    const auto now = Clock::now();

    if (code != CURLE_OK) return transfer_failed(std::move(p), code, now);

    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    p->response.status = static_cast<int>(status);

    const bool ok = status >= 200 && status < 300;
    if (p->request.authenticated && shared.has_token.load(std::memory_order_relaxed)) {
      if (status == 401) {
        const int streak = ++shared.unauthorized_streak;
        if (streak >= std::max(options().max_unauthorized, 1) && !shared.token_rejected.exchange(true)) {
          log().error(
              "rest: the token was refused {} times in a row; authenticated requests now fail with "
              "InvalidToken without being sent",
              streak);
        }
      } else if (ok) {
        shared.unauthorized_streak.store(0, std::memory_order_relaxed);
      }
    }
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

    if (status == 429 && verdict.retry) {
      if (p->rate_limited < options().max_retries && verdict.at <= p->deadline) {
        ++p->rate_limited;
        log().debug("rest: {} answered 429 {}; retry {} of {} in {} ms", p->display(), failure->code, p->rate_limited,
                    options().max_retries, std::chrono::duration_cast<milliseconds>(verdict.at - now).count());
        return requeue(std::move(p), verdict.at);
      }
    } else if (status >= 500 && p->retry_on_failure && p->failures < options().max_failure_retries) {
      // 503 says when (Retry-After, in the verdict); other 5xx only get the backoff.
      const auto minimum = verdict.retry ? verdict.at - now : SteadyTime::duration::zero();
      const auto at = now + backoff(p->failures, minimum);
      if (at <= p->deadline) {
        ++p->failures;
        log().debug("rest: {} answered {}; retry {} of {} in {} ms", p->display(), status, p->failures,
                    options().max_failure_retries, std::chrono::duration_cast<milliseconds>(at - now).count());
        return requeue(std::move(p), at);
      }
    }
    if (ok) {
      auto response = std::move(p->response);
      complete(std::move(p), std::move(response));
      return;
    }
    failure->message = fmt::format("{}: {}", p->display(), failure->message);
    log().debug("rest: {} failed: {}", p->display(), failure->to_string());
    complete(std::move(p), std::move(*failure));
  }

  void transfer_failed(std::unique_ptr<Pending> p, CURLcode code, SteadyTime now) {
    limiter.on_failure(p->permit);
    const bool upload_failed = p->reader && p->reader->error();
    Error e;
    bool retryable = false;
    if (p->headers_too_large) {
      e = Error(ErrorKind::Rest,
                fmt::format("{}: response headers exceed {} lines or {} bytes", p->display(), kMaxHeaders,
                            kMaxHeaderBytes),
                "RESPONSE_HEADERS_TOO_LARGE");
    } else if (p->too_large) {
      e = Error(ErrorKind::Rest,
                fmt::format("{}: response larger than {} bytes", p->display(), options().max_response_bytes),
                "RESPONSE_TOO_LARGE");
    } else if (upload_failed) {
      e = Error(ErrorKind::InvalidArgument, fmt::format("{}: {}", p->display(), *p->reader->error()),
                "UPLOAD_READ_FAILED");
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      e = Error(ErrorKind::Timeout, fmt::format("{}: {}", p->display(), curl_easy_strerror(code)), "TIMEOUT");
      retryable = now < p->deadline;
    } else {
      e = Error(ErrorKind::Rest, fmt::format("{}: {}", p->display(), curl_easy_strerror(code)),
                fmt::format("CURL_{}", static_cast<int>(code)));
      retryable = true;
    }
    if (retryable && p->retry_on_failure && p->failures < options().max_failure_retries) {
      const auto at = now + backoff(p->failures, SteadyTime::duration::zero());
      if (at < p->deadline) {
        ++p->failures;
        log().info("rest: {}; retry {} of {} in {} ms", e.message, p->failures, options().max_failure_retries,
                   std::chrono::duration_cast<milliseconds>(at - now).count());
        return requeue(std::move(p), at);
      }
    }
    log().warn("rest: {}", e.message);
    complete(std::move(p), std::move(e));
  }

  // ------------------------------------------------------------------ the loop

  void run() {
    while (take_incoming()) {
      const auto now = Clock::now();
      expire(now);
      const SteadyTime wake = std::min(dispatch(now, std::chrono::system_clock::now()), next_deadline);
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
      if (finished || has_news()) continue;

      const auto timeout = std::chrono::duration_cast<milliseconds>(wake - Clock::now());
      const int ms = static_cast<int>(std::clamp<std::int64_t>(timeout.count() + 1, 0, kMaxPoll.count()));
      curl_multi_poll(multi, nullptr, 0, ms, nullptr);
    }
    // Stopping: abort transfers, cancel everything left.
    for (auto& [easy, p] : active) {
      curl_multi_remove_handle(multi, easy);
      complete(std::move(p), cancelled_error("the REST client was shut down", "SHUTDOWN"));
    }
    active.clear();
    std::vector<std::unique_ptr<Pending>> rest;
    {
      std::lock_guard lock(mutex);
      rest.swap(incoming);
    }
    for (auto& p : rest) complete(std::move(p), cancelled_error("the REST client was shut down", "SHUTDOWN"));
    for (auto& [name, q] : queues)
      for (auto& p : q) complete(std::move(p), cancelled_error("the REST client was shut down", "SHUTDOWN"));
    queues.clear();
  }

  bool has_news() {
    std::lock_guard lock(mutex);
    return !incoming.empty() || !cancels.empty() || stopping;
  }
};

}  // namespace

bool header_safe(std::string_view text) noexcept {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// ---------------------------------------------------------------------------- transport

struct Transport::Impl {
  Shared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<std::uint64_t> next_seq{0};
  std::mutex stop_mutex;
  bool stopped = false;

  Impl(TransportOptions o, std::shared_ptr<Logger> l) {
    shared.options = std::move(o);
    shared.log = l ? std::move(l) : std::make_shared<Logger>();
    auto& opts = shared.options;
    if (opts.user_agent.empty())
      opts.user_agent = fmt::format("fluxer-cpp (https://github.com/fluxer-cpp/fluxer, {})", kVersion);
    while (opts.api_base.ends_with('/')) opts.api_base.pop_back();
    shared.set_token(opts.token);
    shared.user_agent_line = "User-Agent: " + opts.user_agent;
    if (opts.global) {
      shared.global = opts.global;
    } else if (opts.global_limit == 0) {
      shared.global = std::make_shared<UnlimitedGlobal>();  // RATE_LIMIT_BYPASS accounts
    } else {
      shared.global = std::make_shared<InProcessGlobalLimit>(opts.global_limit, opts.global_window);
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted by libcurl; thread-safe since 7.84
    const std::size_t n = std::clamp<std::size_t>(opts.workers, 1, kMaxWorkers);
    for (std::size_t i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>(shared, i));
    for (auto& w : workers) w->thread = std::thread([w = w.get()] { w->run(); });
  }
  ~Impl() {
    workers.clear();
    curl_global_cleanup();
  }

  std::size_t worker_for(const RouteKey& key) const {
    if (workers.size() == 1 || key.major.empty()) return 0;
    return std::hash<std::string>{}(key.major) % workers.size();
  }
};

Transport::Transport(TransportOptions options, std::shared_ptr<Logger> logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(logger))) {}

Transport::~Transport() {
  shutdown();
}

void Transport::set_token(const std::string& token) {
  impl_->shared.set_token(token);
}

bool Transport::token_rejected() const noexcept {
  return impl_->shared.token_rejected.load();
}

std::uint64_t Transport::submit(HttpRequest request, Callback done) {
  auto refuse = [&](Error e) {
    try {
      done(std::move(e));
    } catch (...) {
    }
    return std::uint64_t{0};
  };
  for (const auto& [name, value] : request.headers) {
    if (!header_safe(name) || !header_safe(value))
      return refuse(Error::invalid_argument("headers." + redact_credentials(name),
                                            "a header may not contain CR, LF or NUL (it would end the header)",
                                            "INVALID_HEADER"));
  }
  if (request.authenticated && impl_->shared.token_rejected.load(std::memory_order_relaxed))
    return refuse(impl_->workers.front()->token_rejected_error());

  auto p = std::make_unique<Pending>();
  p->key = route_key(request.method, request.path);
  p->queue.reserve(p->key.route.size() + p->key.major.size() + 1);
  p->queue.append(p->key.route).append("|").append(p->key.major);
  p->retry_on_failure = request.retry_on_failure.value_or(is_safe_method(request.method));
  p->deadline = Clock::now() + request.timeout.value_or(impl_->shared.options.call_timeout);
  p->request = std::move(request);
  p->done = std::move(done);
  const std::size_t w = impl_->worker_for(p->key);
  Worker& worker = *impl_->workers[w];
  p->seq = impl_->next_seq.fetch_add(1, std::memory_order_relaxed);
  p->id = ((p->seq + 1) << 8U) | w;
  const std::uint64_t id = p->id;
  bool wake = false;
  {
    std::lock_guard lock(worker.mutex);
    if (!worker.stopping) {
      // Only the first request of a batch wakes the worker: until it takes the batch, an
      // earlier wake-up is pending (or it is about to look anyway).
      wake = worker.incoming.empty();
      worker.incoming.push_back(std::move(p));
    }
  }
  if (p) {
    Callback cb = std::move(p->done);
    try {
      cb(cancelled_error("the REST client is shut down", "SHUTDOWN"));
    } catch (...) {
    }
    return 0;
  }
  if (wake) curl_multi_wakeup(worker.multi);
  return id;
}

void Transport::cancel(std::uint64_t id) {
  if (id == 0) return;
  const std::size_t w = id & 0xFFU;
  if (w >= impl_->workers.size()) return;
  Worker& worker = *impl_->workers[w];
  {
    std::lock_guard lock(worker.mutex);
    if (worker.stopping) return;
    worker.cancels.push_back(id);
  }
  curl_multi_wakeup(worker.multi);
}

void Transport::shutdown() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (auto& w : impl_->workers) {
    {
      std::lock_guard wl(w->mutex);
      w->stopping = true;
    }
    curl_multi_wakeup(w->multi);
  }
  for (auto& w : impl_->workers)
    if (w->thread.joinable()) w->thread.join();
}

}  // namespace fluxer::rest
