// The Rest client itself (construction, shutdown, options) and the discovery / self
// routes: /.well-known/fluxer, /instance, /gateway/bot, /applications/@me.

#include <algorithm>
#include <cstdint>

#include <fluxer/version.hpp>

#include "rest/rest_impl.hpp"

namespace fluxer {

// ---------------------------------------------------------------------------- Impl

namespace {

rest::TransportOptions transport_options(const RestOptions& o) {
  rest::TransportOptions t;
  t.api_base = o.api_base;
  t.token = o.token;
  t.user_agent = fmt::format("fluxer-cpp ({}, {})", o.user_agent_url, kVersion);
  t.request_timeout = o.request_timeout;
  t.connect_timeout = o.connect_timeout;
  t.call_timeout = o.call_timeout;
  t.max_response_bytes = o.max_response_bytes;
  t.verify_tls = o.verify_tls;
  t.ca_bundle = o.ca_bundle;
  t.proxy = o.proxy;
  t.max_connections_per_host = o.max_connections_per_host;
  t.workers = o.workers;
  t.max_retries = o.max_rate_limit_retries;
  t.max_failure_retries = o.max_failure_retries;
  t.backoff_base = o.retry_backoff_base;
  t.backoff_cap = o.retry_backoff_cap;
  t.max_unauthorized = o.max_unauthorized;
  t.global = o.global_limit;
  t.global_limit = o.global_limit_per_window;
  t.global_window = o.global_window;
  return t;
}

/// The origin + path prefix of the API ("https://host/api" for "https://host/api/v1").
std::string api_root(std::string base) {
  while (base.ends_with('/')) base.pop_back();
  if (base.ends_with("/v1")) base.resize(base.size() - 3);
  return base;
}

}  // namespace

Rest::Impl::Impl(RestOptions o, std::shared_ptr<Executor> callbacks, std::shared_ptr<Logger> log)
    : options(std::move(o)), logger(std::move(log)) {
  while (options.api_base.ends_with('/')) options.api_base.pop_back();
  if (options.token.starts_with("Bot ")) options.token.erase(0, 4);
  if (!logger)
    logger = std::make_shared<Logger>(options.log_sink ? options.log_sink : stderr_sink(), options.log_level);
  if (!options.token.empty()) logger->add_token(options.token);
  if (!callbacks) {
    own_pool = std::make_shared<ThreadPool>(std::max<std::size_t>(options.callback_threads, 1),
                                            [l = logger](std::exception_ptr ep) {
                                              try {
                                                std::rethrow_exception(ep);
                                              } catch (const std::exception& e) {
                                                l->error("rest: a callback threw: {}", e.what());
                                              } catch (...) {
                                                l->error("rest: a callback threw");
                                              }
                                            });
    callbacks = own_pool;
  }
  executor = std::make_shared<rest::TrackedExecutor>(std::move(callbacks), logger);
  transport = std::make_shared<rest::Transport>(transport_options(options), logger);
}

Rest::Impl::~Impl() {
  close();
}

void Rest::Impl::close() {
  // 1. Every pending call completes (Cancelled); continuations are posted.
  if (transport) transport->shutdown();
  // 2. A pool we own runs what was posted and stops (unless we are one of its threads).
  if (own_pool && !own_pool->in_pool()) own_pool->shutdown();
  // 3. Whatever has not started by now never runs; wait for what is running.
  if (executor) executor->close();
}

std::string Rest::Impl::random_token(std::size_t n) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  constexpr std::uint64_t kBase = sizeof kAlphabet - 1;
  constexpr std::size_t kPerDraw = 12;  // 36^12 < 2^64: twelve characters from each 64-bit draw
  std::string out(n, '0');
  std::lock_guard lock(mutex);
  for (std::size_t i = 0; i < n; i += kPerDraw) {
    std::uint64_t x = rng();
    for (std::size_t j = i; j < std::min(n, i + kPerDraw); ++j, x /= kBase) out[j] = kAlphabet[x % kBase];
  }
  return out;
}

// ---------------------------------------------------------------------------- Rest

Rest::Rest(RestOptions options) : impl_(std::make_shared<Impl>(std::move(options), nullptr, nullptr)) {}

Rest::Rest(RestOptions options, std::shared_ptr<Executor> callbacks, std::shared_ptr<Logger> logger)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(callbacks), std::move(logger))) {}

Rest::~Rest() {
  if (impl_) impl_->close();
}

void Rest::set_token(std::string token) {
  if (token.starts_with("Bot ")) token.erase(0, 4);
  if (!token.empty()) impl_->logger->add_token(token);
  impl_->transport->set_token(token);
}

void Rest::shutdown() {
  impl_->close();
}

const RestOptions& Rest::options() const noexcept {
  return impl_->options;
}
std::shared_ptr<Executor> Rest::executor() const noexcept {
  return impl_->executor->target();
}
std::shared_ptr<Logger> Rest::logger() const noexcept {
  return impl_->logger;
}

// ---------------------------------------------------------------------------- discovery

Future<InstanceInfo> Rest::discover(CallOptions options) {
  // [B] /.well-known/fluxer at the API's root; on any failure, [A] /instance under /v1.
  auto request = rest::request("GET", "/.well-known/fluxer");
  request.url = api_root(impl_->options.api_base) + "/.well-known/fluxer";
  request.authenticated = false;
  std::weak_ptr<Impl> weak = impl_;
  Promise<InstanceInfo> promise(impl_->executor);
  auto out = promise.get_future();
  auto remember = [weak](Result<InstanceInfo> r) {
    if (auto impl = weak.lock(); impl && r) {
      std::lock_guard lock(impl->mutex);
      impl->instance = *r;
    }
    return r;
  };
  impl_->call<InstanceInfo>(std::move(request), options, rest::JsonDecoder<InstanceInfo>{}, false)
      .then([weak, options, remember, promise = std::move(promise)](Result<InstanceInfo> r) mutable {
        if (r) {
          promise.set_result(remember(std::move(r)));
          return;
        }
        auto impl = weak.lock();
        if (!impl || r.error().kind == ErrorKind::Cancelled || r.error().kind == ErrorKind::InvalidArgument) {
          promise.set_result(std::move(r));
          return;
        }
        impl->logger->debug("rest: discovery document unavailable ({}); trying /instance", r.error().to_string());
        auto fallback = rest::request("GET", "/instance");
        fallback.authenticated = false;
        impl->call<InstanceInfo>(std::move(fallback), options, rest::JsonDecoder<InstanceInfo>{}, false)
            .then([remember, promise = std::move(promise)](Result<InstanceInfo> r2) mutable {
              promise.set_result(remember(std::move(r2)));
            });
      });
  return out;
}
void Rest::discover(RestCallback<InstanceInfo> done, CallOptions options) {
  discover(std::move(options)).then(deliver(std::move(done), *impl_));
}

std::optional<InstanceInfo> Rest::instance() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->instance;
}

std::string Rest::media_base() const {
  std::lock_guard lock(impl_->mutex);
  if (impl_->instance && !impl_->instance->endpoints.media.empty()) return impl_->instance->endpoints.media;
  return std::string(Cdn::kDefaultMediaBase);
}

Cdn Rest::cdn() const {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->instance) return Cdn{};
  return Cdn{impl_->instance->endpoints.media, impl_->instance->endpoints.static_cdn};
}

Future<GatewayBotInfo> Rest::get_gateway_bot(CallOptions options) {
  return impl_->call<GatewayBotInfo>(rest::request("GET", "/gateway/bot"), options,
                                     rest::JsonDecoder<GatewayBotInfo>{});
}
void Rest::get_gateway_bot(RestCallback<GatewayBotInfo> done, CallOptions options) {
  get_gateway_bot(std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Application> Rest::get_current_application(CallOptions options) {
  return impl_->call<Application>(rest::request("GET", "/applications/@me"), options, rest::JsonDecoder<Application>{});
}
void Rest::get_current_application(RestCallback<Application> done, CallOptions options) {
  get_current_application(std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
