#include "emulator/gateway/hub.hpp"

#include <algorithm>
#include <cctype>

#include "emulator/rapidjson.hpp"

#include "emulator/json_reader.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/random.hpp"

namespace fluxer::emulator::gateway {

namespace {

constexpr std::size_t kMaxRetainedEvent = 2U << 20U;  // [B] single events > 2 MiB are not retained

bool is_int(const rapidjson::Value& v) {
  return v.IsInt64() || v.IsUint64();
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_ci(const std::optional<std::string>& value, const std::string& prefix_lower) {
  return value && lower_ascii(*value).rfind(prefix_lower, 0) == 0;
}

std::string ready_payload(const Hub& hub, const Session& s) {
  const auto& world = hub.world;
  const auto mode = hub.options.mode;
  json::Context ctx{world, mode, s.identity.user_id};
  return json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "session_id"), json::string(w, s.id);
    json::key(w, "version"), w.Int(1);
    json::key(w, "user");
    if (const auto* u = world.user(s.identity.user_id))
      json::private_user(w, ctx, *u);
    else
      w.Null();
    json::key(w, "guilds"), w.StartArray();
    if (!s.identity.is_bot()) {  // user sessions get their guilds in READY; bots get a burst
      for (auto gid : world.guilds_of(s.identity.user_id)) {
        const auto* g = world.guild(gid);
        if (g->unavailable)
          json::unavailable_guild(w, gid);
        else
          json::guild_ready(w, ctx, *g, false);
      }
    }
    w.EndArray();
    json::key(w, "private_channels"), w.StartArray();
    for (const auto* c : world.private_channels_of(s.identity.user_id)) json::channel(w, ctx, *c);
    w.EndArray();
    json::key(w, "relationships"), w.StartArray(), w.EndArray();
    json::key(w, "presences"), w.StartArray(), w.EndArray();
    json::key(w, "users"), w.StartArray(), w.EndArray();
    json::key(w, "sessions"), w.StartArray();
    w.StartObject();
    json::key(w, "session_id"), json::string(w, "all");
    json::key(w, "status"), json::string(w, s.status);
    json::key(w, "afk"), w.Bool(false);
    json::key(w, "mobile"), w.Bool(false);
    w.EndObject();
    w.EndArray();
    json::key(w, "read_states"), w.StartArray(), w.EndArray();
    json::key(w, "user_guild_settings"), w.StartArray(), w.EndArray();
    json::key(w, "notes"), w.StartObject(), w.EndObject();
    json::key(w, "pinned_dms"), w.StartArray(), w.EndArray();
    json::key(w, "favorite_memes"), w.StartArray(), w.EndArray();
    json::key(w, "user_settings"), w.Null();
    json::key(w, "rtc_regions"), w.StartArray();
    if (mode == ProtocolMode::A) {
      json::string(w, "local");
    } else {
      w.StartObject();
      json::key(w, "id"), json::string(w, "automatic");
      json::key(w, "name"), json::string(w, "Automatic");
      json::key(w, "emoji"), json::string(w, "🌐");
      w.EndObject();
    }
    w.EndArray();
    json::key(w, "country_code"), json::string(w, "US");
    if (mode == ProtocolMode::A) {
      json::key(w, "feature_flags"), w.StartArray(), w.EndArray();
    } else {
      json::key(w, "webauthn_credentials"), w.StartArray(), w.EndArray();
      if (s.shard) {
        json::key(w, "shard"), w.StartArray(), w.Int(s.shard->first), w.Int(s.shard->second), w.EndArray();
      }
    }
    w.EndObject();
  });
}

}  // namespace

std::string dispatch_frame(const std::string& name, std::int64_t seq, const std::string& data) {
  std::string out;
  out.reserve(name.size() + data.size() + 40);
  out += R"({"op":0,"t":")";
  out += name;
  out += R"(","s":)";
  out += std::to_string(seq);
  out += R"(,"d":)";
  out += data;
  out += '}';
  return out;
}

// ================================================================ Connection

Connection::Connection(Hub& hub, std::uint64_t id, const std::vector<std::pair<std::string, std::string>>& query)
    : hub_(hub), id_(id) {
  std::optional<std::string> v, compress, stream;
  for (const auto& [k, val] : query) {
    if (k == "v" && !v)
      v = val;
    else if (k == "compress" && !compress)
      compress = val;
    else if (k == "stream" && !stream)
      stream = val;
  }
  version_ok_ = v && *v == "1";
  if (compress && *compress == "zstd-stream" && zstd::available()) {
    if (hub_.options.mode == ProtocolMode::A) {
      compression_ = Compression::Frames;
    } else if (stream && (*stream == "1" || *stream == "true")) {
      compression_ = Compression::Stream;
      compressor_ = std::make_unique<zstd::StreamCompressor>();
      decompressor_ = std::make_unique<zstd::StreamDecompressor>();
    }
  }
}

void Connection::queue(Output o) {
  out_.push_back(std::move(o));
  hub_.notify(id_);
}

std::vector<Output> Connection::take_output() {
  std::vector<Output> out;
  out.swap(out_);
  return out;
}

void Connection::send_payload(const std::string& json) {
  if (closing_) return;
  if (hub_.options.log_traffic)
    hub_.log.info("gateway[{}] <- {}", id_, json.size() > 512 ? json.substr(0, 512) + "..." : json);
  switch (compression_) {
    case Compression::None: queue(Output{Output::Kind::Text, json, 0, {}}); return;
    case Compression::Frames: {
      auto z = zstd::compress_frame(json);
      if (!z) return close(4002, "Compression failed: zstd-stream");
      queue(Output{Output::Kind::Binary, std::move(*z), 0, {}});
      return;
    }
    case Compression::Stream: {
      auto z = compressor_ && compressor_->ok() ? compressor_->compress(json) : std::nullopt;
      if (!z) return close(4002, "Compression failed: zstd-stream");
      queue(Output{Output::Kind::Binary, std::move(*z), 0, {}});
      return;
    }
  }
}

void Connection::send_raw(std::string data, bool binary) {
  if (closing_) return;
  queue(Output{binary ? Output::Kind::Binary : Output::Kind::Text, std::move(data), 0, {}});
}

void Connection::close(std::uint16_t code, std::string reason) {
  if (closing_) return;
  hub_.log.debug("gateway[{}] closing {} {}", id_, code, reason);
  // Codes after which the session cannot be resumed.
  if (session_ && (code == 4004 || code == 4007 || code == 4010 || code == 4011)) {
    const auto sid = session_->id;
    session_->connection = nullptr;
    session_ = nullptr;
    hub_.invalidate_session(sid);
  }
  queue(Output{Output::Kind::Close, {}, code, std::move(reason)});
  closing_ = true;
}

void Connection::close_by_peer(std::uint16_t code) {
  if (closing_) return;
  hub_.log.debug("gateway[{}] client closed {}", id_, code);
  queue(Output{Output::Kind::Close, {}, code, {}});
  closing_ = true;
}

void Connection::drop() {
  if (closing_) return;
  queue(Output{Output::Kind::Drop, {}, 0, {}});
  closing_ = true;
}

void Connection::open(TimePoint now) {
  opened_ = true;
  last_heartbeat_ = now;
  next_tick_ = now + hub_.options.heartbeat_interval / 3;
  if (!version_ok_) return close(4012, "Invalid API version");
  send_payload(R"({"op":10,"d":{"heartbeat_interval":)" + std::to_string(hub_.options.heartbeat_interval.count()) +
               "}}");
}

void Connection::tick(TimePoint now) {
  if (closing_ || !opened_) return;
  if (now < next_tick_) return;
  const auto step = std::max(hub_.options.heartbeat_interval / 3, std::chrono::milliseconds{1});
  while (next_tick_ <= now) next_tick_ += step;
  const auto elapsed = now - last_heartbeat_;
  if (awaiting_heartbeat_) {
    if (elapsed > hub_.options.effective_heartbeat_timeout()) close(4009, "Heartbeat timeout");
  } else if (elapsed * 10 >= hub_.options.heartbeat_interval * 9) {
    send_payload(R"({"op":1,"d":null})");
    awaiting_heartbeat_ = true;
  }
}

void Connection::restart_timers(TimePoint now) {
  last_heartbeat_ = now;
  awaiting_heartbeat_ = false;
  next_tick_ = now + hub_.options.heartbeat_interval / 3;
}

void Connection::transport_closed(TimePoint now) {
  closing_ = true;
  if (session_) {
    if (session_->connection == this) {
      session_->connection = nullptr;
      session_->detached_at = now;
    }
    session_ = nullptr;
  }
}

bool Connection::over_budget(TimePoint now) {
  const auto window = hub_.options.payload_window;
  const auto limit = static_cast<std::size_t>(std::max(hub_.options.effective_payload_limit(), 0));
  while (!payload_times_.empty() && now - payload_times_.front() >= window) payload_times_.pop_front();
  payload_times_.push_back(now);
  if (payload_times_.size() > limit) return true;
  if (hub_.options.mode == ProtocolMode::B && !hub_.take_ip_payload(now)) return true;
  if (hub_.options.mode == ProtocolMode::B && session_) {
    if (now - session_->budget_window_start >= window) {
      session_->budget_window_start = now;
      session_->budget_count = 0;
    }
    if (static_cast<std::size_t>(++session_->budget_count) > limit) return true;
  }
  return false;
}

void Connection::receive_oversized(TimePoint) {
  close(4002, "Payload too large");
}

void Connection::receive(std::string_view payload, bool binary, TimePoint now) {
  if (closing_ || !opened_) return;
  const auto max = hub_.options.max_inbound_payload;
  if (payload.size() > max) return close(4002, "Payload too large");
  std::string text;
  if (compression_ == Compression::Stream) {
    // [B] stream mode: everything the client sends goes through the persistent decompressor,
    // which stops at the payload limit (as the server does: decompress(Data, Ctx, 4096)), so
    // a zstd bomb costs 4 KiB of output, not the megabytes it expands to.
    if (!decompressor_ || !decompressor_->ok()) return close(4002, "Decompression failed");
    auto plain = decompressor_->decompress(payload, max);
    if (plain.status == zstd::Decompressed::Status::TooLarge) return close(4002, "Payload too large");
    if (plain.status != zstd::Decompressed::Status::Ok) return close(4002, "Decompression failed");
    text = std::move(plain.data);
  } else {
    text.assign(payload);
  }
  (void)binary;  // without stream compression binary frames carry plain JSON too
  if (hub_.options.log_traffic) hub_.log.info("gateway[{}] -> {}", id_, text);
  if (over_budget(now)) return close(4008, "Rate limited");
  rapidjson::Document doc;
  // Strings must be valid UTF-8 (a binary frame is not checked by the WebSocket layer):
  // whatever the client sends may be echoed back in a text frame (nonces).
  if (json::parse(text, doc, json::kMaxDepth, true) != json::ReadStatus::Ok || !doc.IsObject())
    return close(4002, "Decode failed");
  auto op = doc.FindMember("op");
  if (op == doc.MemberEnd() || !op->value.IsInt()) return close(4002, "Invalid payload");
  handle(doc, now);
}

void Connection::handle(const rapidjson::Document& doc, TimePoint now) {
  const int op = doc["op"].GetInt();
  const auto d_it = doc.FindMember("d");
  const rapidjson::Value* d = d_it == doc.MemberEnd() ? nullptr : &d_it->value;
  if (!d) {
    if (op == 2) return close(4005, "Already authenticated");  // [B] Identify without d
    return close(4001, "Unknown opcode");
  }
  switch (op) {
    case 1:
      last_heartbeat_ = now;
      awaiting_heartbeat_ = false;
      return on_heartbeat(d);
    case 6: return on_resume(*d, now);
    case 2:
      if (session_) return close(4005, "Already authenticated");
      return on_identify(*d, now);
    default: break;
  }
  if (!session_) return close(4003, "Not authenticated");
  switch (op) {
    case 3: return on_presence(*d, now);
    case 4: return;  // voice state update: accepted; voice (LiveKit) is not emulated
    case 8: return on_request_members(*d, now);
    case 14: return;  // lazy request: accepted; member lists are not emulated
    case 15:
      if (hub_.options.mode == ProtocolMode::B) return on_guild_counts(*d);
      break;
    case 16:
      if (hub_.options.mode == ProtocolMode::B) return;  // accepted, no counts emulated
      break;
    default: break;
  }
  close(4001, "Unknown opcode");
}

void Connection::on_heartbeat(const rapidjson::Value* d) {
  if (session_) {
    if (d->IsNull()) {
      // fine
    } else if (is_int(*d) && !(d->IsInt64() && d->GetInt64() < 0)) {
      const std::int64_t v =
          d->IsInt64() ? d->GetInt64() : static_cast<std::int64_t>(std::min<std::uint64_t>(d->GetUint64(), INT64_MAX));
      if (hub_.options.mode == ProtocolMode::A) {
        if (v < session_->acked) return close(4007, "Invalid sequence");
        session_->acked = std::min(v, session_->seq);
      } else if (v >= session_->acked) {
        session_->acked = std::min(v, session_->seq);
        auto& r = session_->replay;
        while (!r.empty() && r.front().seq <= session_->acked) {
          session_->replay_bytes -= r.front().data.size();
          r.pop_front();
        }
      }
    } else {
      return close(4007, "Invalid sequence");
    }
  }
  if (!stop_acking) send_payload(R"({"op":11})");
}

void Connection::on_identify(const rapidjson::Value& d, TimePoint now) {
  const bool b = hub_.options.mode == ProtocolMode::B;
  // [B] per-IP Identify budget: the excess is dropped without a reply.
  if (b && !hub_.take_ip_identify(now)) return;
  auto invalid = [this] { close(4002, "Invalid identify payload"); };
  if (!d.IsObject()) return invalid();
  auto token_it = d.FindMember("token");
  if (token_it == d.MemberEnd() || !token_it->value.IsString()) return invalid();
  auto props = d.FindMember("properties");
  if (props == d.MemberEnd() || !props->value.IsObject()) return invalid();
  for (const char* field : {"os", "browser", "device"}) {
    auto f = props->value.FindMember(field);
    if (f == props->value.MemberEnd() || !f->value.IsString()) return invalid();
  }
  std::set<std::string> ignored;
  if (auto ig = d.FindMember("ignored_events"); ig != d.MemberEnd() && !ig->value.IsNull()) {
    if (!ig->value.IsArray() || (b && ig->value.Size() > 256)) return invalid();
    for (const auto& e : ig->value.GetArray()) {
      if (!e.IsString()) return invalid();
      ignored.insert(upper(std::string(e.GetString(), e.GetStringLength())));
    }
  }
  std::string status = "online";
  if (auto pr = d.FindMember("presence"); pr != d.MemberEnd() && !pr->value.IsNull()) {
    if (!pr->value.IsObject()) return invalid();
    if (auto st = pr->value.FindMember("status"); st != pr->value.MemberEnd() && st->value.IsString())
      status = st->value.GetString();
  }
  const std::string token(token_it->value.GetString(), token_it->value.GetStringLength());
  const auto identity = hub_.world.identify(token);
  if (!identity) return close(4004, "Invalid token");
  if (!b && !hub_.take_identify(token, now)) return close(4008, "Rate limited");

  std::optional<std::pair<int, int>> shard;
  if (auto sh = d.FindMember("shard"); b && sh != d.MemberEnd() && !sh->value.IsNull()) {
    const auto& a = sh->value;
    if (!a.IsArray() || a.Size() != 2 || !a[0].IsInt() || !a[1].IsInt()) return close(4010, "Invalid shard");
    const int sid = a[0].GetInt(), count = a[1].GetInt();
    if (count < 1 || count > 16384 || sid < 0 || sid >= count) return close(4010, "Invalid shard");
    shard = std::make_pair(sid, count);
  }

  auto& session = hub_.create_session(*identity, token);
  session.shard = shard;
  if (b && identity->is_bot()) {
    int count = 0;
    for (auto gid : hub_.world.guilds_of(identity->user_id))
      if (hub_.on_shard(session, gid)) ++count;
    if (count > hub_.options.max_guilds_per_shard) {
      hub_.invalidate_session(session.id);
      return close(4011, "Sharding required");
    }
  }
  session.ignored_events = std::move(ignored);
  session.status = status == "offline" ? "invisible" : status;
  session.connection = this;
  session.budget_window_start = now;
  session_ = &session;
  hub_.log.debug("gateway[{}] identified user {} session {}", id_, identity->user_id, session.id);

  hub_.deliver(session, "READY", ready_payload(hub_, session), false);
  if (!identity->is_bot()) return;
  const auto& world = hub_.world;
  json::Context ctx{world, hub_.options.mode, identity->user_id};
  std::vector<Snowflake> guilds;
  for (auto gid : world.guilds_of(identity->user_id))
    if (hub_.on_shard(session, gid)) guilds.push_back(gid);
  auto stub = [](Snowflake gid) { return json::build([&](json::Writer& w) { json::unavailable_guild(w, gid); }); };
  auto full = [&](Snowflake gid) {
    return json::build([&](json::Writer& w) { json::guild_ready(w, ctx, *world.guild(gid), true); });
  };
  if (b) {
    // [B]: GUILD_CREATE per available guild, GUILD_DELETE {id, unavailable} per unavailable
    // one, all outside the replay buffer.
    for (auto gid : guilds) {
      if (!session_) return;
      if (world.guild(gid)->unavailable)
        hub_.deliver(session, "GUILD_DELETE", stub(gid), false);
      else
        hub_.deliver(session, "GUILD_CREATE", full(gid), false);
    }
  } else {
    // [A]: `unavailable` stubs for every guild first, then a full GUILD_CREATE per guild.
    for (auto gid : guilds) hub_.deliver(session, "GUILD_CREATE", stub(gid), true);
    for (auto gid : guilds)
      if (!world.guild(gid)->unavailable) hub_.deliver(session, "GUILD_CREATE", full(gid), true);
  }
}

void Connection::on_resume(const rapidjson::Value& d, TimePoint now) {
  const bool b = hub_.options.mode == ProtocolMode::B;
  const rapidjson::Value* token = nullptr;
  const rapidjson::Value* sid = nullptr;
  const rapidjson::Value* seq = nullptr;
  if (d.IsObject()) {
    if (auto it = d.FindMember("token"); it != d.MemberEnd() && it->value.IsString()) token = &it->value;
    if (auto it = d.FindMember("session_id"); it != d.MemberEnd() && it->value.IsString()) sid = &it->value;
    if (auto it = d.FindMember("seq"); it != d.MemberEnd() && it->value.IsInt64() && it->value.GetInt64() >= 0)
      seq = &it->value;
  }
  if (!token || !sid || !seq) {
    if (b) return close(4002, "Invalid resume payload");
    return drop();  // [A]: a missing field crashes the handler: abnormal close
  }
  if (session_) {  // [B] processes Resume even on a socket that has a session
    session_->connection = nullptr;
    session_->detached_at = now;
    session_ = nullptr;
  }
  auto* s = hub_.find_session(std::string(sid->GetString(), sid->GetStringLength()));
  if (!s) return send_payload(R"({"op":9,"d":false})");
  const auto identity = hub_.world.identify(std::string_view(token->GetString(), token->GetStringLength()));
  if (!identity || identity->user_id != s->identity.user_id) return close(4004, "Invalid token");
  const std::int64_t from = seq->GetInt64();
  if (from > s->seq || (b && from < s->acked)) {
    // Only this socket is refused: the session process answers `invalid_seq` and keeps its
    // state, so a session still attached to a healthy socket carries on, and a detached one
    // stays resumable with a valid seq until its window ends.
    return close(4007, "Invalid sequence");
  }
  if (from < s->evicted_max) return send_payload(R"({"op":9,"d":false})");
  if (s->connection && s->connection != this) {
    auto* old = s->connection;
    old->detach();
    if (b) {
      old->send_payload(R"({"op":7})");
      old->close(4000, "Session drain requested; reconnect to continue");
    } else {
      old->close(4000, "Session resumed elsewhere");
    }
  }
  s->connection = this;
  session_ = s;
  for (const auto& e : s->replay)
    if (e.seq > from) send_payload(dispatch_frame(e.name, e.seq, e.data));
  if (b)
    send_payload(R"({"op":0,"t":"RESUMED","s":)" + std::to_string(s->seq) + R"(,"d":{}})");
  else
    send_payload(R"({"op":0,"t":"RESUMED","s":)" + std::to_string(from) + R"(,"d":null})");
}

void Connection::on_presence(const rapidjson::Value& d, TimePoint now) {
  const bool b = hub_.options.mode == ProtocolMode::B;
  static constexpr std::string_view kStatuses[] = {"online", "idle", "dnd", "invisible", "offline"};
  const rapidjson::Value* status = nullptr;
  if (d.IsObject())
    if (auto it = d.FindMember("status"); it != d.MemberEnd()) status = &it->value;
  const bool valid = status && status->IsString() &&
                     std::find(std::begin(kStatuses), std::end(kStatuses),
                               std::string_view(status->GetString(), status->GetStringLength())) != std::end(kStatuses);
  if (!valid) {
    if (b) return close(4002, "Invalid presence payload");
    if (!status) return drop();  // [A]: a missing key crashes the handler
    return;
  }
  if (b) {  // 5 per rolling 20 s per socket; excess silently discarded
    while (!presence_times_.empty() && now - presence_times_.front() >= std::chrono::seconds{20})
      presence_times_.pop_front();
    if (presence_times_.size() >= 5) return;
    presence_times_.push_back(now);
  }
  const std::string st = status->GetString();
  session_->status = st == "offline" ? "invisible" : st;
}

void Connection::on_request_members(const rapidjson::Value& d, TimePoint now) {
  const bool b = hub_.options.mode == ProtocolMode::B;
  if (!d.IsObject()) return;  // never closes; invalid input yields nothing
  std::optional<Snowflake> guild_id;
  if (auto it = d.FindMember("guild_id"); it != d.MemberEnd() && it->value.IsString()) {
    guild_id = Snowflake::parse(it->value.GetString());
  } else if (auto ids = d.FindMember("guild_ids");
             b && ids != d.MemberEnd() && ids->value.IsArray() && ids->value.Size() == 1 && ids->value[0].IsString()) {
    guild_id = Snowflake::parse(ids->value[0].GetString());
  }
  if (!guild_id) return;
  const auto& world = hub_.world;
  const auto me = session_->identity.user_id;
  if (!world.guild(*guild_id) || !world.member(*guild_id, me)) return;
  std::optional<std::string> nonce;
  if (auto it = d.FindMember("nonce"); it != d.MemberEnd() && it->value.IsString() && it->value.GetStringLength() <= 32)
    nonce = it->value.GetString();
  bool presences = false;
  if (auto it = d.FindMember("presences"); it != d.MemberEnd() && it->value.IsBool()) presences = it->value.GetBool();
  std::string query;
  if (auto it = d.FindMember("query"); it != d.MemberEnd() && it->value.IsString())
    query = lower_ascii(it->value.GetString());
  std::int64_t limit = 0;
  if (auto it = d.FindMember("limit"); it != d.MemberEnd() && it->value.IsInt64()) limit = it->value.GetInt64();
  if (limit < 0) return;
  std::vector<Snowflake> user_ids;
  bool by_ids = false;
  if (auto it = d.FindMember("user_ids"); it != d.MemberEnd() && it->value.IsArray()) {
    by_ids = true;
    if (it->value.Size() > 100) return;
    for (const auto& v : it->value.GetArray())
      if (v.IsString())
        if (auto id = Snowflake::parse(v.GetString())) user_ids.push_back(*id);
  }
  if (b) {
    limit = std::clamp<std::int64_t>(limit, 0, 100);
    if (limit == 0 && !query.empty()) limit = 25;
  }
  const bool full_list = !by_ids && query.empty() && limit == 0;
  if (full_list) {
    if (b && session_->identity.is_bot()) {
      auto& last = member_list_requests_[guild_id->value()];
      const auto wait = std::chrono::seconds{30};
      if (last != TimePoint{} && now - last < wait) {
        const double retry = std::chrono::duration<double>(wait - (now - last)).count();
        auto data = json::build([&](json::Writer& w) {
          w.StartObject();
          json::key(w, "opcode"), w.Int(8);
          json::key(w, "retry_after"), w.Double(retry);
          json::key(w, "meta"), w.StartObject();
          json::key(w, "guild_id"), json::snowflake(w, *guild_id);
          if (nonce) json::key(w, "nonce"), json::string(w, *nonce);
          w.EndObject();
          w.EndObject();
        });
        hub_.deliver(*session_, "RATE_LIMITED", data, false);
        return;
      }
      last = now;
    } else if (!world.has_guild_permission(
                   *guild_id, me, permission::kManageRoles | permission::kKickMembers | permission::kBanMembers)) {
      return;
    }
  }
  std::vector<const Member*> found;
  for (const auto& [uid, m] : world.members(*guild_id)) {
    if (by_ids) {
      if (std::find(user_ids.begin(), user_ids.end(), uid) == user_ids.end()) continue;
    } else if (!query.empty()) {
      const auto* u = world.user(uid);
      if (!(starts_with_ci(m.nick, query) || (u && starts_with_ci(u->global_name, query)) ||
            (u && lower_ascii(u->username).rfind(query, 0) == 0)))
        continue;
    }
    found.push_back(&m);
    if (!by_ids && limit > 0 && static_cast<std::int64_t>(found.size()) >= limit) break;
    if (found.size() >= 100'000) break;
  }
  const std::size_t chunk_size = 1000;
  const std::size_t chunk_count = std::max<std::size_t>(1, (found.size() + chunk_size - 1) / chunk_size);
  json::Context ctx{world, hub_.options.mode, me};
  for (std::size_t i = 0; i < chunk_count && session_; ++i) {
    auto data = json::build([&](json::Writer& w) {
      w.StartObject();
      json::key(w, "guild_id"), json::snowflake(w, *guild_id);
      json::key(w, "members"), w.StartArray();
      for (std::size_t k = i * chunk_size; k < std::min(found.size(), (i + 1) * chunk_size); ++k)
        json::member(w, ctx, *found[k], json::MemberUser::Full);
      w.EndArray();
      json::key(w, "chunk_index"), w.Uint64(i);
      json::key(w, "chunk_count"), w.Uint64(chunk_count);
      if (presences) json::key(w, "presences"), w.StartArray(), w.EndArray();
      if (nonce) json::key(w, "nonce"), json::string(w, *nonce);
      w.EndObject();
    });
    hub_.deliver(*session_, "GUILD_MEMBERS_CHUNK", data, !b);
  }
}

void Connection::on_guild_counts(const rapidjson::Value& d) {
  if (!d.IsObject()) return;
  auto ids = d.FindMember("guild_ids");
  if (ids == d.MemberEnd() || !ids->value.IsArray() || ids->value.Size() > 100) return;
  const auto& world = hub_.world;
  const auto me = session_->identity.user_id;
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "counts"), w.StartArray();
    for (const auto& v : ids->value.GetArray()) {
      if (!v.IsString()) continue;
      const auto gid = Snowflake::parse(v.GetString());
      if (!gid || !world.member(*gid, me)) continue;
      w.StartObject();
      json::key(w, "guild_id"), json::snowflake(w, *gid);
      json::key(w, "member_count"), w.Uint64(world.members(*gid).size());
      json::key(w, "online_count"), w.Int(0);
      w.EndObject();
    }
    w.EndArray();
    if (auto n = d.FindMember("nonce"); n != d.MemberEnd() && n->value.IsString())
      json::key(w, "nonce"), json::string(w, n->value.GetString());
    w.EndObject();
  });
  hub_.deliver(*session_, "GUILD_COUNTS_UPDATE", data, false);
}

// ================================================================ Hub

Hub::Hub(World& w, const ServerOptions& o, const Logger& l) : world(w), options(o), log(l) {}
Hub::~Hub() = default;

Connection& Hub::add_connection(std::uint64_t id, const std::vector<std::pair<std::string, std::string>>& query) {
  auto c = std::make_unique<Connection>(*this, id, query);
  auto& ref = *c;
  connections_[id] = std::move(c);
  return ref;
}

Connection* Hub::connection(std::uint64_t id) {
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second.get();
}

void Hub::remove_connection(std::uint64_t id) {
  connections_.erase(id);
}

void Hub::tick(TimePoint now) {
  for (auto& [id, c] : connections_) c->tick(now);
  const auto window = options.effective_resume_window();
  std::erase_if(sessions_, [&](const auto& kv) {
    const auto& s = *kv.second;
    return s.connection == nullptr && now - s.detached_at > window;
  });
}

Session& Hub::create_session(const Identity& identity, std::string token) {
  auto s = std::make_unique<Session>();
  do {
    s->id = random_hex(32);
  } while (sessions_.count(s->id) != 0);
  s->identity = identity;
  s->token = std::move(token);
  auto& ref = *s;
  sessions_[ref.id] = std::move(s);
  return ref;
}

Session* Hub::find_session(const std::string& id) {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second.get();
}

void Hub::invalidate_session(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  if (auto* c = it->second->connection) {
    c->detach();
    c->send_payload(R"({"op":9,"d":false})");
  }
  sessions_.erase(it);
}

bool Hub::on_shard(const Session& s, std::optional<Snowflake> guild_id) const {
  if (options.mode == ProtocolMode::A || !s.shard || s.shard->second <= 1) return true;
  const auto [id, count] = *s.shard;
  if (!guild_id) return id == 0;
  return static_cast<int>((guild_id->value() >> 22U) % static_cast<std::uint64_t>(count)) == id;
}

bool Hub::take_ip_identify(TimePoint now) {
  while (!ip_identify_times_.empty() && now - ip_identify_times_.front() >= std::chrono::seconds{60})
    ip_identify_times_.pop_front();
  if (static_cast<int>(ip_identify_times_.size()) >= options.ip_identify_limit) return false;
  ip_identify_times_.push_back(now);
  return true;
}

bool Hub::take_ip_payload(TimePoint now) {
  if (ip_window_start_ == TimePoint{} || now - ip_window_start_ >= options.payload_window) {
    ip_window_start_ = now;
    ip_payloads_ = 0;
  }
  return ++ip_payloads_ <= options.ip_payload_limit;
}

bool Hub::take_identify(const std::string& token, TimePoint now) {
  auto& times = identify_times_[token];
  while (!times.empty() && now - times.front() >= std::chrono::seconds{60}) times.pop_front();
  if (static_cast<int>(times.size()) >= options.identify_limit) return false;
  times.push_back(now);
  return true;
}

void Hub::deliver(Session& s, const std::string& name, const std::string& data, bool replayable) {
  if (s.ignored_events.count(name) != 0) {
    bool exempt = false;
    if (options.mode == ProtocolMode::B && name == "MESSAGE_CREATE") {
      // [B] a MESSAGE_CREATE that mentions the bot or @everyone is delivered anyway.
      rapidjson::Document doc;
      doc.Parse(data.data(), data.size());
      if (doc.IsObject()) {
        if (auto me = doc.FindMember("mention_everyone"); me != doc.MemberEnd() && me->value.IsTrue()) exempt = true;
        if (auto ms = doc.FindMember("mentions"); ms != doc.MemberEnd() && ms->value.IsArray())
          for (const auto& m : ms->value.GetArray())
            if (m.IsObject() && m.HasMember("id") && m["id"].IsString() &&
                s.identity.user_id.str() == m["id"].GetString())
              exempt = true;
      }
    }
    if (!exempt) return;
  }
  const auto seq = ++s.seq;
  bool retain = replayable;
  if (options.mode == ProtocolMode::A) {
    if (name == "MESSAGE_REACTION_ADD" || name == "MESSAGE_REACTION_REMOVE") retain = false;
  } else if (name == "GUILD_SYNC" || name == "GUILD_MEMBER_LIST_UPDATE" || name == "GUILD_MEMBERS_CHUNK" ||
             data.size() > kMaxRetainedEvent) {
    retain = false;
  }
  if (retain) {
    s.replay.push_back(Session::Replayed{seq, name, data});
    s.replay_bytes += data.size();
    while (!s.replay.empty() &&
           (s.replay.size() > options.replay_max_events || s.replay_bytes > options.replay_max_bytes)) {
      s.evicted_max = std::max(s.evicted_max, s.replay.front().seq);
      s.replay_bytes -= s.replay.front().data.size();
      s.replay.pop_front();
    }
  }
  if (s.connection && !s.connection->closing()) s.connection->send_payload(dispatch_frame(name, seq, data));
}

void Hub::dispatch(const GatewayEvent& event) {
  // Collect first: delivering may close connections (compression failure) and invalidate sessions.
  std::vector<Session*> targets;
  for (auto& [id, sp] : sessions_) {
    auto& s = *sp;
    const auto user = s.identity.user_id;
    if (!event.user_ids.empty()) {
      if (std::find(event.user_ids.begin(), event.user_ids.end(), user) == event.user_ids.end()) continue;
    } else if (event.guild_id) {
      if (!world.member(*event.guild_id, user)) continue;
      if (event.channel_id && !world.can_view_channel(*event.channel_id, user)) continue;
    } else {
      continue;
    }
    if (event.required_permissions != 0) {
      const bool ok =
          event.channel_id
              ? world.has_channel_permission(*event.channel_id, user, event.required_permissions)
              : event.guild_id && world.has_guild_permission(*event.guild_id, user, event.required_permissions);
      if (!ok) continue;
    }
    if (!on_shard(s, event.guild_id)) continue;
    if (!event.exclude_session.empty() && s.id == event.exclude_session) continue;
    targets.push_back(&s);
  }
  for (auto* s : targets) {
    const auto data = event.data_for ? event.data_for(s->identity.user_id) : event.data;
    deliver(*s, event.name, data, event.replayable);
  }
}

std::vector<ConnectionSnapshot> Hub::snapshot() const {
  std::vector<ConnectionSnapshot> out;
  for (const auto& [id, c] : connections_) {
    if (c->closing()) continue;
    ConnectionSnapshot snap;
    snap.id = id;
    snap.compression = c->compression();
    if (const auto* s = c->session()) {
      snap.identified = true;
      snap.session_id = s->id;
      snap.user_id = s->identity.user_id;
      snap.shard = s->shard;
      snap.seq = s->seq;
    }
    out.push_back(std::move(snap));
  }
  return out;
}

}  // namespace fluxer::emulator::gateway
