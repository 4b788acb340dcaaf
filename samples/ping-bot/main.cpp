// ping-bot: replies "pong" to "!ping" and reports the gateway latency on "!latency".
//
//   FLUXER_TOKEN=... ping-bot                 # against fluxer.app (or FLUXER_API_BASE)
//   ping-bot --emulator                       # against an embedded emulator, scripted
//
// Environment: FLUXER_TOKEN (required unless --emulator), FLUXER_API_BASE (default
// https://api.fluxer.app/v1), FLUXER_GATEWAY_URL (default: GET /gateway/bot),
// FLUXER_COMPRESS=zstd-stream (optional), FLUXER_LOG_LEVEL (default info).
// Exits 0 after Ctrl-C (or, with --emulator, after the scripted conversation), 1 with a
// one-line reason on a fatal error (bad token, refused shard, ...).

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include <fluxer/fluxer.hpp>
#if defined(PING_BOT_WITH_EMULATOR)
#include <fluxer/emulator/server.hpp>
#endif

#include "../common/signals.hpp"

namespace {

using namespace std::chrono_literals;

std::string env(const char* name, std::string fallback = {}) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

int fail(std::string_view why) {
  std::fprintf(stderr, "ping-bot: %.*s\n", static_cast<int>(why.size()), why.data());
  return 1;
}

// The bot itself: the same code runs against the emulator and a real instance.
void add_commands(fluxer::Client& client) {
  client.on_message_create([&client](const fluxer::MessageCreate& e) {
    const fluxer::Message& m = e.message;
    if (m.author.bot) return;
    std::string reply;
    if (m.content == "!ping") {
      reply = "pong";
    } else if (m.content == "!latency") {
      const int shard = m.guild_id ? fluxer::gateway::shard_for_guild(*m.guild_id, client.options().shard_count) : 0;
      auto rtt = client.latency(shard);
      reply = rtt ? fmt::format("gateway heartbeat round trip: {:.1f} ms", static_cast<double>(rtt->count()) / 1000.0)
                  : std::string("no heartbeat acknowledged yet");
    } else {
      return;
    }
    client.logger().info("{} said {} in {}; replying", m.author.username, m.content, m.channel_id);
    fluxer::CreateMessage body;
    body.content = reply;
    body.message_reference = fluxer::MessageReference{.message_id = m.id, .channel_id = m.channel_id};
    client.channels().send(m.channel_id, std::move(body)).then([&client](fluxer::Result<fluxer::Message> r) {
      if (!r) client.logger().warn("could not reply: {}", r.error());
    });
  });
}

#if defined(PING_BOT_WITH_EMULATOR)
// What add_commands() answers to !latency once a heartbeat was acknowledged:
// "gateway heartbeat round trip: <digits>.<digit> ms".
bool is_round_trip_reply(std::string_view reply) {
  constexpr std::string_view prefix = "gateway heartbeat round trip: ";
  constexpr std::string_view suffix = " ms";
  if (reply.size() <= prefix.size() + suffix.size() || reply.substr(0, prefix.size()) != prefix ||
      reply.substr(reply.size() - suffix.size()) != suffix)
    return false;
  const auto number = reply.substr(prefix.size(), reply.size() - prefix.size() - suffix.size());
  const auto dot = number.find('.');
  if (dot == std::string_view::npos || dot == 0 || number.size() - dot != 2) return false;
  for (std::size_t i = 0; i < number.size(); ++i)
    if (i != dot && (number[i] < '0' || number[i] > '9')) return false;
  return true;
}
#endif

fluxer::ClientOptions base_options() {
  fluxer::ClientOptions options;
  options.log_level = fluxer::parse_log_level(env("FLUXER_LOG_LEVEL", "info")).value_or(fluxer::LogLevel::Info);
  if (env("FLUXER_COMPRESS") == "zstd-stream") options.compression = fluxer::gateway::Compression::ZstdStream;
  return options;
}

int run_live() {
  const std::string token = env("FLUXER_TOKEN");
  if (token.empty()) return fail("FLUXER_TOKEN is not set (or run with --emulator)");
  fluxer::ClientOptions options = base_options();
  options.api_base = env("FLUXER_API_BASE", options.api_base);
  if (auto url = env("FLUXER_GATEWAY_URL"); !url.empty()) options.gateway_url = url;

  fluxer::Client client(options);
  add_commands(client);
  client.on_ready([&client](const fluxer::ClientReady& r) {
    client.logger().info("ready as {} in {} guild(s); try !ping", r.user.username, r.guilds);
  });
  samples::StopSignalWatcher stop([&client](int) {
    client.logger().info("stopping");
    client.destroy();
  });
  auto result = client.login(token);
  if (!result) return fail(result.error().to_string());
  return 0;
}

#if defined(PING_BOT_WITH_EMULATOR)
// --emulator: a local Fluxer instance, a scripted human, and the same bot.
int run_emulated() {
  namespace emu = fluxer::emulator;
  auto demo = emu::make_demo_world();
  emu::ServerOptions server_options;
  server_options.heartbeat_interval = 2'000ms;  // so !latency has a measurement quickly
  // The emulator logs only its warnings (the bot's own log shows what happens), unless
  // FLUXER_EMULATOR_LOG_LEVEL asks for more.
  server_options.log_level =
      fluxer::parse_log_level(env("FLUXER_EMULATOR_LOG_LEVEL", "warn")).value_or(fluxer::LogLevel::Warn);
  emu::Server server(server_options, std::move(demo.world));
  if (auto started = server.start(); !started) return fail("the emulator did not start: " + started.error().to_string());

  fluxer::ClientOptions options = base_options();
  options.api_base = server.api_url();
  options.gateway_url = server.gateway_url();
  options.wait_for_guilds = true;
  fluxer::Client client(options);
  add_commands(client);

  fluxer::Promise<void> ready_promise;
  auto ready = ready_promise.get_future();
  auto ready_holder = std::make_shared<fluxer::Promise<void>>(std::move(ready_promise));
  client.on_ready([ready_holder](const fluxer::ClientReady&) { ready_holder->set_value(); });
  samples::StopSignalWatcher stop([&client](int) { client.destroy(); });

  auto running = client.start(demo.bot_token);
  if (!ready.wait_for(15s)) {
    client.destroy();
    auto r = running.result();
    return fail(r ? "the bot did not become ready within 15 s" : r.error().to_string());
  }

  // Says `text` as alice and checks the bot's reply with `expected` (which also names what
  // was expected, for the failure message).
  std::string wrong;
  auto say = [&](const std::string& text, const std::function<bool(std::string_view)>& expected,
                 std::string_view what) -> bool {
    auto sent = server.send_message(demo.human_id, demo.general_channel_id, text);
    if (!sent) return false;
    std::printf("alice: %s\n", text.c_str());
    auto reply = server.wait_for_message(
        demo.general_channel_id, [&](const emu::Message& m) { return m.author_id == demo.bot_user_id; }, 10s,
        sent->id);
    if (!reply) return false;
    std::printf("bot:   %s\n", reply->content.c_str());
    if (!expected(reply->content)) {
      wrong = fmt::format("the reply to {} was \"{}\", not {}", text, reply->content, what);
      return false;
    }
    return true;
  };
  bool ok = say("!ping", [](std::string_view r) { return r == "pong"; }, "\"pong\"");
  // The first heartbeat ACK may take a moment: !latency is asked once it has one.
  for (int i = 0; ok && i < 100 && !client.latency(0); ++i) std::this_thread::sleep_for(50ms);
  ok = ok && say("!latency", is_round_trip_reply, "the round trip (\"gateway heartbeat round trip: <n> ms\")");
  std::fflush(stdout);
  client.destroy();
  auto result = running.result();
  if (!result) return fail(result.error().to_string());
  if (!wrong.empty()) return fail(wrong);
  if (!ok) return fail("the bot did not answer the scripted conversation in time");
  return 0;
}
#else
int run_emulated() {
  return fail("built without the emulator (-Demulator=false)");
}
#endif

}  // namespace

int main(int argc, char** argv) {
  samples::block_stop_signals();
  bool emulated = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--emulator") {
      emulated = true;
    } else if (arg == "--help" || arg == "-h") {
      std::printf("usage: ping-bot [--emulator]\n  environment: FLUXER_TOKEN, FLUXER_API_BASE, FLUXER_GATEWAY_URL, "
                  "FLUXER_COMPRESS=zstd-stream, FLUXER_LOG_LEVEL\n");
      return 0;
    } else {
      return fail(fmt::format("unknown argument {} (try --help)", arg));
    }
  }
  return emulated ? run_emulated() : run_live();
}
