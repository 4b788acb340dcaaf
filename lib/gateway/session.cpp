#include "gateway/session.hpp"

#include <algorithm>
#include <cctype>

#include <fluxer/model/codec.hpp>

namespace fluxer::gateway::detail {
namespace {

constexpr std::chrono::milliseconds kDefaultHeartbeatInterval{41'250};
constexpr int kLimitA = 120;  // [A] payloads per connection per 60 s
constexpr int kLimitB = 600;  // [B]

bool contains_ci(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

Error fatal_error(std::uint16_t code, std::string_view reason) {
  Error e;
  e.status = code;
  switch (code) {
    case 4004:
      e.kind = ErrorKind::InvalidToken;
      e.code = "INVALID_TOKEN";
      e.message = "the gateway refused the token (close 4004)";
      break;
    case 4010:
      e.kind = ErrorKind::WebSocket;
      e.code = "INVALID_SHARD";
      e.message = "the gateway refused the shard pair (close 4010): check shard_count and shard_ids";
      break;
    case 4011:
      e.kind = ErrorKind::WebSocket;
      e.code = "SHARDING_REQUIRED";
      e.message = "the gateway requires more shards (close 4011): raise shard_count";
      break;
    default:
      e.kind = ErrorKind::WebSocket;
      e.code = "INVALID_API_VERSION";
      e.message = "the gateway refused the API version (close 4012): check the gateway URL";
      break;
  }
  if (!reason.empty()) e.message += fmt::format(" [{}]", reason);
  return e;
}

}  // namespace

Session::Session(const GatewayOptions& options, int shard_id, std::uint64_t seed, const Logger& log)
    : options_(options),
      log_(log),
      shard_id_(shard_id),
      rng_(seed),
      backoff_(options.reconnect),
      pacer_(options.payload_limit.value_or(kLimitA), options.payload_window),
      presence_pacer_(options.presence_limit, options.presence_window),
      compress_(options.compression == Compression::ZstdStream),
      presence_(options.presence) {}

ShardState Session::state() const noexcept {
  switch (phase_) {
    case Phase::Idle: return ShardState::Idle;
    case Phase::WaitingToConnect: return ShardState::Reconnecting;
    case Phase::Connecting: return ShardState::Connecting;
    case Phase::WaitingGrant:
    case Phase::Identifying:
    case Phase::InvalidWait: return ShardState::Identifying;
    case Phase::Resuming: return ShardState::Resuming;
    case Phase::Ready: return ShardState::Ready;
    case Phase::Stopped: return ShardState::Stopped;
  }
  return ShardState::Idle;
}

std::chrono::milliseconds Session::random_between(std::chrono::milliseconds lo, std::chrono::milliseconds hi) {
  if (hi < lo) std::swap(lo, hi);
  std::uniform_int_distribution<std::int64_t> pick(lo.count(), hi.count());
  return std::chrono::milliseconds{pick(rng_)};
}

// ------------------------------------------------------------------ lifecycle

void Session::start(TimePoint now) {
  last_now_ = now;
  if (phase_ != Phase::Idle) return;
  open_socket(now);
}

void Session::open_socket(TimePoint now) {
  ++connection_;
  ++connects_;
  socket_open_ = true;
  phase_ = Phase::Connecting;
  hello_deadline_ = now + options_.hello_timeout;
  next_beat_.reset();
  awaiting_ack_ = false;
  act(OpenSocket{connection_, compress_});
}

void Session::stop(TimePoint now) {
  last_now_ = now;
  if (phase_ == Phase::Stopped) return;
  leave_identify_queue();
  if (socket_open_) act(CloseSocket{kCloseNormal, "client stopping"});
  socket_open_ = false;
  phase_ = Phase::Stopped;
  clear_timers();
  ShardEvent ev;
  ev.kind = ShardEvent::Kind::Stopped;
  ev.shard_id = shard_id_;
  ev.session_id = session_id_;
  ev.close_code = kCloseNormal;
  ev.reason = "stopped";
  act(Notify{std::move(ev)});
}

void Session::clear_timers() {
  reconnect_at_.reset();
  hello_deadline_.reset();
  auth_deadline_.reset();
  invalid_until_.reset();
  next_beat_.reset();
  awaiting_ack_ = false;
}

void Session::clear_session() {
  session_id_.clear();
  last_seq_ = 0;
}

void Session::leave_identify_queue() {
  if (!in_identify_queue_) return;
  in_identify_queue_ = false;
  act(ReleaseIdentify{});
}

void Session::fail(Error error, std::uint16_t code, std::string reason) {
  leave_identify_queue();
  socket_open_ = false;
  phase_ = Phase::Stopped;
  clear_timers();
  log_.error("gateway shard {}: stopping for good: {}", shard_id_, error.to_string());
  error_ = error;
  ShardEvent ev;
  ev.kind = ShardEvent::Kind::Stopped;
  ev.shard_id = shard_id_;
  ev.session_id = session_id_;
  ev.close_code = code;
  ev.reason = std::move(reason);
  ev.error = std::move(error);
  act(Notify{std::move(ev)});
}

void Session::reconnect(std::uint16_t code, std::string reason, bool we_close, bool resumable, bool slow,
                        TimePoint now) {
  if (phase_ == Phase::Stopped) return;
  leave_identify_queue();
  if (we_close && socket_open_) act(CloseSocket{code, reason});
  socket_open_ = false;
  if (!resumable) clear_session();
  if (ready_at_ && now - *ready_at_ >= options_.reconnect.stable_after) backoff_.reset();
  ready_at_.reset();
  auto delay = backoff_.next(rng_);
  if (slow) delay = std::max(delay, backoff_.next(rng_));
  clear_timers();
  phase_ = Phase::WaitingToConnect;
  reconnect_at_ = now + delay;
  ShardEvent ev;
  ev.kind = ShardEvent::Kind::Disconnected;
  ev.shard_id = shard_id_;
  ev.session_id = session_id_;
  ev.close_code = code;
  ev.reason = std::move(reason);
  ev.resumable = !session_id_.empty();
  ev.reconnect_in = delay;
  log_.info("gateway shard {}: disconnected ({} {}); {} in {} ms", shard_id_, ev.close_code, ev.reason,
            ev.resumable ? "resuming" : "identifying", delay.count());
  act(Notify{std::move(ev)});
}

// ------------------------------------------------------------------ socket events

void Session::on_open(std::uint64_t connection, TimePoint now) {
  last_now_ = now;
  if (connection != connection_ || !socket_open_ || phase_ == Phase::Stopped) return;
  log_.debug("gateway shard {}: socket {} open", shard_id_, connection);
}

void Session::on_closed(std::uint64_t connection, std::uint16_t code, std::string_view reason, TimePoint now) {
  last_now_ = now;
  if (connection != connection_ || !socket_open_ || phase_ == Phase::Stopped) return;
  const std::string why(reason);
  switch (code) {
    case 4004:
    case 4010:
    case 4011:
    case 4012: return fail(fatal_error(code, reason), code, why);
    case 4007:
      log_.warn("gateway shard {}: invalid sequence (4007 {}); identifying afresh", shard_id_, why);
      return reconnect(code, why, false, false, false, now);
    case 4003:
      log_.warn("gateway shard {}: not authenticated (4003 {}); identifying afresh", shard_id_, why);
      return reconnect(code, why, false, false, false, now);
    case 4002:
      // Two 4002 reasons mean the compressed connection itself failed (fluxer-protocol.md
      // §3.1, §3.2): "Compression failed: zstd-stream" (the server cannot compress for us)
      // and [B]'s "Decompression failed" (it cannot decompress what we sent on our stream).
      // The match on "compression failed" takes both on purpose: plain text is what every
      // server speaks, so reconnecting without compression is the safe answer to either (the
      // official client does it for the first); keeping compression after the second would
      // fail the same way on every new connection. Other 4002s (Decode failed, Payload too
      // large, a bad Identify/Resume/presence payload) are not about compression and keep it.
      if (compress_ && contains_ci(reason, "compression failed")) {
        log_.warn("gateway shard {}: the compressed connection failed (4002 {}); reconnecting without compression",
                  shard_id_, why);
        compress_ = false;
      } else {
        log_.error(
            "gateway shard {}: the server could not decode a payload we sent (4002 {}): a bug in the SDK or in "
            "a raw payload given to send_to_shard()",
            shard_id_, why);
      }
      return reconnect(code, why, false, true, false, now);
    case 4001:
    case 4005:
      log_.error(
          "gateway shard {}: the server refused a payload we sent ({} {}): a bug in the SDK or in a raw "
          "payload given to send_to_shard()",
          shard_id_, code, why);
      return reconnect(code, why, false, true, false, now);
    case 4008:
      log_.warn("gateway shard {}: rate limited (4008 {}); reconnecting with a longer backoff", shard_id_, why);
      return reconnect(code, why, false, true, true, now);
    case 4009:
      log_.warn("gateway shard {}: the server saw no heartbeat (4009 {}); resuming", shard_id_, why);
      return reconnect(code, why, false, true, false, now);
    default: return reconnect(code, why, false, true, false, now);
  }
}

void Session::on_transport_error(std::uint64_t connection, std::uint16_t code, std::string reason, TimePoint now) {
  last_now_ = now;
  if (connection != connection_ || !socket_open_ || phase_ == Phase::Stopped) return;
  log_.warn("gateway shard {}: {}; reconnecting", shard_id_, reason);
  reconnect(code, std::move(reason), true, true, false, now);
}

// ------------------------------------------------------------------ frames

bool Session::on_frame(std::uint64_t connection, Frame& frame, TimePoint now) {
  last_now_ = now;
  if (connection != connection_ || !socket_open_ || phase_ == Phase::Stopped) return false;
  switch (frame.op) {
    case 0: return on_dispatch(frame, now);
    case 1:
      // The server asks for a beat now. Answer without touching the zombie check: the ACK
      // of our own beat is what that check waits for.
      send_now(to_json(Heartbeat{last_seq_ > 0 ? std::optional<std::int64_t>(last_seq_) : std::nullopt}), now);
      break;
    case 7:
      log_.info("gateway shard {}: the server asked for a reconnect (op 7)", shard_id_);
      reconnect(kCloseResume, "reconnect requested (op 7)", true, true, false, now);
      break;
    case 9: on_invalid_session(now); break;
    case 10: on_hello(frame, now); break;
    case 11:
      if (awaiting_ack_) {
        awaiting_ack_ = false;
        latency_ = std::chrono::duration_cast<std::chrono::microseconds>(now - beat_sent_at_);
      }
      break;
    case 12:
      log_.warn("gateway shard {}: gateway error (op 12) {}: {}", shard_id_, frame.error_code, frame.error_message);
      break;
    default:
      if (std::find(warned_ops_.begin(), warned_ops_.end(), frame.op) == warned_ops_.end()) {
        if (warned_ops_.size() < 64) warned_ops_.push_back(frame.op);
        log_.warn("gateway shard {}: ignoring unknown opcode {}", shard_id_, frame.op);
      } else {
        log_.debug("gateway shard {}: ignoring unknown opcode {}", shard_id_, frame.op);
      }
      break;
  }
  pump(now);
  return false;
}

void Session::on_hello(const Frame& frame, TimePoint now) {
  if (phase_ != Phase::Connecting) {
    log_.warn("gateway shard {}: ignoring an unexpected HELLO", shard_id_);
    return;
  }
  auto interval = kDefaultHeartbeatInterval;
  if (frame.heartbeat_interval) {
    interval = *frame.heartbeat_interval;
  } else {
    log_.warn("gateway shard {}: HELLO without a usable heartbeat_interval; assuming {} ms", shard_id_,
              interval.count());
  }
  const double ratio = std::clamp(options_.heartbeat_ratio, 0.05, 1.0);
  period_ =
      std::max(std::chrono::milliseconds{1},
               std::chrono::milliseconds{static_cast<std::int64_t>(static_cast<double>(interval.count()) * ratio)});
  hello_deadline_.reset();
  // The first beat after a random part of the period, so shards do not beat in step.
  std::uniform_int_distribution<std::int64_t> jitter(0, period_.count());
  next_beat_ = now + std::chrono::milliseconds{jitter(rng_)};
  awaiting_ack_ = false;
  begin_auth(now);
}

void Session::begin_auth(TimePoint now) {
  if (!session_id_.empty()) {
    auto payload = to_json(Resume{options_.token, session_id_, last_seq_});
    if (!payload) return fail(std::move(payload).error(), 0, "cannot encode Resume");
    phase_ = Phase::Resuming;
    ++resumes_;
    auth_deadline_ = now + options_.identify_timeout;
    log_.debug("gateway shard {}: resuming session {} from seq {}", shard_id_, session_id_, last_seq_);
    send_now(std::move(*payload), now);
    return;
  }
  phase_ = Phase::WaitingGrant;
  in_identify_queue_ = true;
  act(AcquireIdentify{});
}

void Session::on_identify_granted(TimePoint now) {
  last_now_ = now;
  if (phase_ != Phase::WaitingGrant || !socket_open_ || !in_identify_queue_) {
    // Not waiting any more: give the lease back at once.
    act(ReleaseIdentify{});
    return;
  }
  Identify identify;
  identify.token = options_.token;
  identify.properties = options_.properties;
  identify.presence = presence_;
  identify.ignored_events = options_.ignored_events;
  identify.flags = options_.identify_flags;
  if (options_.shard_count > 1) identify.shard = std::make_pair(shard_id_, options_.shard_count);
  auto payload = to_json(identify);
  if (!payload) return fail(std::move(payload).error(), 0, "cannot encode Identify");
  clear_session();
  phase_ = Phase::Identifying;
  ++identifies_;
  auth_deadline_ = now + options_.identify_timeout;
  log_.debug("gateway shard {}: identifying", shard_id_);
  send_now(std::move(*payload), now);
}

void Session::on_invalid_session(TimePoint now) {
  const std::string lost = session_id_;
  leave_identify_queue();
  clear_session();
  auth_deadline_.reset();
  ready_at_.reset();
  phase_ = Phase::InvalidWait;
  const auto delay = random_between(options_.invalid_session_delay_min, options_.invalid_session_delay_max);
  invalid_until_ = now + delay;
  log_.info("gateway shard {}: invalid session (op 9); identifying afresh in {} ms", shard_id_, delay.count());
  ShardEvent ev;
  ev.kind = ShardEvent::Kind::SessionInvalidated;
  ev.shard_id = shard_id_;
  ev.session_id = lost;
  ev.reconnect_in = delay;
  act(Notify{std::move(ev)});
}

bool Session::on_dispatch(Frame& frame, TimePoint now) {
  if (frame.revision != RevisionHint::Unknown) set_revision(frame.revision);
  if (frame.name == "READY") {
    if (const auto* ready = std::get_if<Ready>(&frame.event)) {
      session_id_ = ready->session_id;
    } else {
      session_id_.clear();
      log_.error("gateway shard {}: READY did not decode; this session cannot be resumed", shard_id_);
    }
    last_seq_ = frame.seq.value_or(0);
    phase_ = Phase::Ready;
    ready_at_ = now;
    auth_deadline_.reset();
    leave_identify_queue();
    ShardEvent ev;
    ev.kind = ShardEvent::Kind::Ready;
    ev.shard_id = shard_id_;
    ev.session_id = session_id_;
    act(Notify{std::move(ev)});
    pump(now);
    return true;
  }
  if (frame.name == "RESUMED") {
    // [A] RESUMED carries the seq the client sent (older than the replay): never go back.
    if (frame.seq) last_seq_ = std::max(last_seq_, *frame.seq);
    phase_ = Phase::Ready;
    ready_at_ = now;
    auth_deadline_.reset();
    ShardEvent ev;
    ev.kind = ShardEvent::Kind::Resumed;
    ev.shard_id = shard_id_;
    ev.session_id = session_id_;
    act(Notify{std::move(ev)});
    pump(now);
    return true;
  }
  if (frame.seq) {
    if (*frame.seq <= last_seq_) {
      log_.debug("gateway shard {}: dropping {} seq {} (already delivered up to {})", shard_id_, frame.name, *frame.seq,
                 last_seq_);
      return false;
    }
    last_seq_ = *frame.seq;
  }
  return true;
}

void Session::set_revision(RevisionHint revision) {
  if (revision == RevisionHint::Unknown || revision == revision_) return;
  revision_ = revision;
  if (!options_.payload_limit) pacer_.set_limit(revision == RevisionHint::B ? kLimitB : kLimitA);
  log_.debug("gateway shard {}: the server looks like revision {}; {} payloads per {} ms", shard_id_,
             revision == RevisionHint::B ? "B" : "A", pacer_.limit(), pacer_.window().count());
}

// ------------------------------------------------------------------ timers

void Session::on_timer(TimePoint now) {
  last_now_ = now;
  if (phase_ == Phase::Stopped || phase_ == Phase::Idle) return;
  if (reconnect_at_ && now >= *reconnect_at_) {
    reconnect_at_.reset();
    open_socket(now);
    return;
  }
  if (hello_deadline_ && now >= *hello_deadline_) {
    return reconnect(kCloseResume, "no HELLO within hello_timeout", true, true, false, now);
  }
  if (auth_deadline_ && now >= *auth_deadline_) {
    const bool resuming = phase_ == Phase::Resuming;
    return reconnect(
        kCloseResume,
        resuming ? "no RESUMED within identify_timeout" : "no READY within identify_timeout (Identify lost)", true,
        true, false, now);
  }
  if (invalid_until_ && now >= *invalid_until_) {
    invalid_until_.reset();
    phase_ = Phase::WaitingGrant;
    in_identify_queue_ = true;
    act(AcquireIdentify{});
  }
  if (next_beat_ && now >= *next_beat_) {
    if (awaiting_ack_) {
      return reconnect(kCloseResume, "zombie connection: the last heartbeat was not acknowledged", true, true, false,
                       now);
    }
    send_heartbeat(now);
    next_beat_ = now + period_;
  }
  pump(now);
}

void Session::send_heartbeat(TimePoint now) {
  send_now(to_json(Heartbeat{last_seq_ > 0 ? std::optional<std::int64_t>(last_seq_) : std::nullopt}), now);
  awaiting_ack_ = true;
  beat_sent_at_ = now;
}

void Session::send_now(std::string text, TimePoint now) {
  pacer_.record(now);
  act(SendPayload{std::move(text)});
}

int Session::heartbeat_reserve() const noexcept {
  if (period_.count() <= 0) return kDefaultHeartbeatReserve;
  const auto beats = pacer_.window() / period_;
  return static_cast<int>(std::min<std::int64_t>(beats, 1'000)) + 2;
}

void Session::pump(TimePoint now) {
  if (phase_ != Phase::Ready || !socket_open_) return;
  const int reserve = heartbeat_reserve();
  while (!queue_.empty() && pacer_.can_send(now, reserve)) {
    send_now(std::move(queue_.front()), now);
    queue_.pop_front();
  }
  if (pending_presence_ && pacer_.can_send(now, reserve) && presence_pacer_.can_send(now)) {
    presence_pacer_.record(now);
    send_now(std::move(*pending_presence_), now);
    pending_presence_.reset();
  }
}

std::optional<TimePoint> Session::next_deadline() {
  std::optional<TimePoint> out;
  auto consider = [&](const std::optional<TimePoint>& t) {
    if (t && (!out || *t < *out)) out = t;
  };
  consider(reconnect_at_);
  consider(hello_deadline_);
  consider(auth_deadline_);
  consider(invalid_until_);
  consider(next_beat_);
  if (phase_ == Phase::Ready && socket_open_) {
    const int reserve = heartbeat_reserve();
    if (!queue_.empty()) consider(pacer_.next_slot(last_now_, reserve));
    if (pending_presence_)
      consider(std::max(pacer_.next_slot(last_now_, reserve), presence_pacer_.next_slot(last_now_)));
  }
  return out;
}

// ------------------------------------------------------------------ commands

Result<void> Session::queue_command(std::string payload, TimePoint now) {
  last_now_ = now;
  if (phase_ == Phase::Stopped)
    return Error{ErrorKind::ClientNotReady, fmt::format("gateway shard {} is stopped", shard_id_), "SHARD_STOPPED"};
  if (payload.empty() || payload.size() > kMaxOutboundPayload)
    return Error::invalid_argument(
        "payload", fmt::format("a gateway payload must be 1..{} bytes (got {})", kMaxOutboundPayload, payload.size()));
  if (queue_.size() >= options_.max_queued_commands)
    return Error{ErrorKind::RateLimit,
                 fmt::format("gateway shard {}: {} commands are already queued", shard_id_, queue_.size()),
                 "QUEUE_FULL"};
  queue_.push_back(std::move(payload));
  pump(now);
  return {};
}

Result<void> Session::update_presence(const UpdatePresence& presence, TimePoint now) {
  last_now_ = now;
  if (phase_ == Phase::Stopped)
    return Error{ErrorKind::ClientNotReady, fmt::format("gateway shard {} is stopped", shard_id_), "SHARD_STOPPED"};
  auto payload = to_json(presence);
  if (!payload) return std::move(payload).error();
  presence_ = presence;
  pending_presence_ = std::move(*payload);
  pump(now);
  return {};
}

}  // namespace fluxer::gateway::detail
