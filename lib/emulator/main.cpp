// fluxer-emulator: serves a local Fluxer instance until SIGINT/SIGTERM.
//
//   fluxer-emulator [--port N] [--seed world.json] [--mode a|b] [--heartbeat-ms N] [--log-level L]
//
// Prints ready-to-use settings on stdout (FLUXER_API_BASE, FLUXER_GATEWAY_URL,
// FLUXER_TOKEN, ...), logs traffic on stderr with tokens redacted.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <libwebsockets.h>

#include <fluxer/emulator/server.hpp>

namespace {

constexpr std::string_view kUsage =
    "usage: fluxer-emulator [--port N] [--seed FILE] [--mode a|b] [--heartbeat-ms N] [--log-level LEVEL]\n"
    "  --port N          listen on 127.0.0.1:N (default 8080; 0 = any free port)\n"
    "  --seed FILE       load the world from a JSON seed file (default: the demo world)\n"
    "  --mode a|b        protocol revision to imitate (default b, the current server)\n"
    "  --heartbeat-ms N  HELLO heartbeat_interval in milliseconds (default 41250)\n"
    "  --log-level L     trace, debug, info, warn, error or off (default info)\n";

[[noreturn]] void fail(const std::string& reason, int code = 1) {
  std::fprintf(stderr, "fluxer-emulator: %s\n", reason.c_str());
  std::exit(code);
}

std::optional<long> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fluxer;
  emulator::ServerOptions options;
  options.port = 8080;
  options.log_level = LogLevel::Info;
  options.log_traffic = true;
  std::optional<std::string> seed;

  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) fail(fmt::format("{} needs a value\n{}", arg, kUsage), 2);
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage.data(), stdout);
      return 0;
    } else if (arg == "--port") {
      const auto v = parse_number(value());
      if (!v || *v > 65535) fail("--port must be a number from 0 to 65535", 2);
      options.port = static_cast<std::uint16_t>(*v);
    } else if (arg == "--seed") {
      seed = std::string(value());
    } else if (arg == "--mode") {
      const auto m = emulator::parse_protocol_mode(value());
      if (!m) fail("--mode must be a or b", 2);
      options.mode = *m;
    } else if (arg == "--heartbeat-ms") {
      const auto v = parse_number(value());
      if (!v || *v < 10) fail("--heartbeat-ms must be a number >= 10", 2);
      options.heartbeat_interval = std::chrono::milliseconds{*v};
    } else if (arg == "--log-level") {
      const auto l = parse_log_level(value());
      if (!l) fail("--log-level must be trace, debug, info, warn, error or off", 2);
      options.log_level = *l;
    } else {
      fail(fmt::format("unknown argument '{}'\n{}", arg, kUsage), 2);
    }
  }

  lws_set_log_level(LLL_ERR, nullptr);

  emulator::World world;
  std::string human_token;
  if (seed) {
    auto loaded = emulator::World::from_json_file(*seed);
    if (!loaded) fail("bad seed file: " + loaded.error().to_string());
    world = std::move(loaded).value();
  } else {
    auto demo = emulator::make_demo_world();
    human_token = demo.human_token;
    world = std::move(demo.world);
  }
  std::string bot_token, bot_name;
  for (const auto& [id, app] : world.applications()) {
    bot_token = app.token();
    bot_name = app.name;
    break;
  }

  // Block the signals before the service thread starts, so only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  emulator::Server server(options, std::move(world));
  if (auto started = server.start(); !started) fail(started.error().message);

  std::printf("fluxer-emulator: serving a %s world in mode %s\n", seed ? "seeded" : "demo",
              std::string(emulator::to_string(options.mode)).c_str());
  std::printf("FLUXER_API_BASE=%s\n", server.api_url().c_str());
  std::printf("FLUXER_GATEWAY_URL=%s\n", server.gateway_url().c_str());
  std::printf("FLUXER_DISCOVERY_URL=%s/.well-known/fluxer\n", server.http_url().c_str());
  std::printf("FLUXER_EMULATOR_PORT=%u\n", static_cast<unsigned>(server.port()));
  if (!bot_token.empty())
    std::printf("FLUXER_TOKEN=%s\n", bot_token.c_str());
  else
    std::printf("FLUXER_TOKEN=\n# the seed defines no bot\n");
  if (!bot_name.empty()) std::printf("# bot: %s\n", bot_name.c_str());
  if (!human_token.empty()) std::printf("# human user alice's token: %s\n", human_token.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "fluxer-emulator: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  return 0;
}
