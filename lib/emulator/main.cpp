// fluxer-emulator: serves a local Fluxer instance until SIGINT/SIGTERM.
//
//   fluxer-emulator [--port N] [--seed world.json] [--mode a|b] [--heartbeat-ms N]
//                   [--log-level L] [--env-file PATH]
//
// Prints ready-to-use settings on stdout as shell assignments (`export FLUXER_API_BASE=...`,
// every other line a `#` comment, so the output can be `eval`ed), optionally writes the
// same to a file, and logs traffic on stderr with tokens redacted.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <fluxer/emulator/server.hpp>

namespace {

constexpr std::string_view kUsage =
    "usage: fluxer-emulator [--port N] [--seed FILE] [--mode a|b] [--heartbeat-ms N] [--log-level LEVEL]\n"
    "                       [--env-file PATH]\n"
    "  --port N          listen on 127.0.0.1:N (default 8080; 0 = any free port)\n"
    "  --seed FILE       load the world from a JSON seed file (default: the demo world)\n"
    "  --mode a|b        protocol revision to imitate (default b, the current server)\n"
    "  --heartbeat-ms N  HELLO heartbeat_interval in milliseconds (default 41250)\n"
    "  --log-level L     trace, debug, info, warn, error or off (default info)\n"
    "  --env-file PATH   also write the printed settings to PATH (mode 0600)\n";

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

// A value as a POSIX shell word: bare when it only has safe characters, else single-quoted.
std::string shell_quote(std::string_view value) {
  const bool safe = !value.empty() && value.find_first_not_of(
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                          "_-.,:/@%+=") == std::string_view::npos;
  if (safe) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// What a bot author needs to talk to this world: the first bot, a guild it is in (the
// first available one), a text channel there and a human user with a token.
struct Picks {
  const fluxer::emulator::Application* bot = nullptr;
  const fluxer::emulator::Guild* guild = nullptr;
  const fluxer::emulator::Channel* channel = nullptr;
  const fluxer::emulator::User* human = nullptr;
  std::string human_token;
};

Picks pick(const fluxer::emulator::World& world) {
  using namespace fluxer::emulator;
  Picks p;
  if (!world.applications().empty()) p.bot = &world.applications().begin()->second;
  for (const auto& [id, g] : world.guilds()) {
    if (g.unavailable || (p.bot && !world.member(id, p.bot->bot_user_id))) continue;
    p.guild = &g;
    break;
  }
  if (p.guild) {
    const auto viewer = p.bot ? p.bot->bot_user_id : fluxer::Snowflake{};
    const auto usable = [&](const Channel* c) {
      return c && c->type == ChannelType::GuildText && (!p.bot || world.can_view_channel(c->id, viewer));
    };
    if (p.guild->system_channel_id && usable(world.channel(*p.guild->system_channel_id)))
      p.channel = world.channel(*p.guild->system_channel_id);
    for (const auto* c : world.guild_channels(p.guild->id))
      if (!p.channel && usable(c)) p.channel = c;
  }
  const auto human_with_token = [&](fluxer::Snowflake id) {
    const auto* u = world.user(id);
    if (!u || u->bot || world.user_token(id).empty()) return false;
    p.human = u;
    p.human_token = world.user_token(id);
    return true;
  };
  if (p.guild && !human_with_token(p.guild->owner_id))
    for (const auto& [id, m] : world.members(p.guild->id))
      if (human_with_token(id)) break;
  if (!p.human)
    for (const auto& [id, u] : world.users())
      if (human_with_token(id)) break;
  return p;
}

// The settings block: `export NAME=value` lines, everything else a `#` comment.
std::string settings_text(const fluxer::emulator::Server& server, const Picks& p, bool seeded,
                          fluxer::emulator::ProtocolMode mode) {
  std::string out = fmt::format("# fluxer-emulator: serving a {} world in mode {} on 127.0.0.1:{}\n",
                                seeded ? "seeded" : "demo", fluxer::emulator::to_string(mode), server.port());
  const auto assign = [&](std::string_view name, std::string_view value) {
    out += fmt::format("export {}={}\n", name, shell_quote(value));
  };
  assign("FLUXER_API_BASE", server.api_url());
  assign("FLUXER_GATEWAY_URL", server.gateway_url());
  assign("FLUXER_DISCOVERY_URL", server.http_url() + "/.well-known/fluxer");
  assign("FLUXER_EMULATOR_PORT", std::to_string(server.port()));
  if (p.bot) {
    assign("FLUXER_TOKEN", p.bot->token());
    assign("FLUXER_APPLICATION_ID", p.bot->id.str());
    assign("FLUXER_BOT_USER_ID", p.bot->bot_user_id.str());
    out += fmt::format("# bot: {}\n", p.bot->name);
  } else {
    out += "# the seed defines no bot: FLUXER_TOKEN is not set\n";
  }
  if (p.guild) {
    assign("FLUXER_GUILD_ID", p.guild->id.str());
    out += fmt::format("# guild: {}\n", p.guild->name);
  } else {
    out += "# no available guild with the bot in it: FLUXER_GUILD_ID is not set\n";
  }
  if (p.channel) {
    assign("FLUXER_CHANNEL_ID", p.channel->id.str());
    out += fmt::format("# channel: #{}\n", p.channel->name.value_or(""));
  } else {
    out += "# no text channel the bot can see: FLUXER_CHANNEL_ID is not set\n";
  }
  if (p.human) {
    assign("FLUXER_USER_ID", p.human->id.str());
    assign("FLUXER_USER_TOKEN", p.human_token);
    out += fmt::format("# human user: {} (send as them with `Authorization: $FLUXER_USER_TOKEN`)\n", p.human->username);
  } else {
    out += "# no human user with a token: FLUXER_USER_TOKEN is not set\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fluxer;
  emulator::ServerOptions options;
  options.port = 8080;
  options.log_level = LogLevel::Info;
  options.log_traffic = true;
  std::optional<std::string> seed;
  std::optional<std::string> env_file;

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
    } else if (arg == "--env-file") {
      env_file = std::string(value());
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

  emulator::World world;
  if (seed) {
    auto loaded = emulator::World::from_json_file(*seed);
    if (!loaded) fail("bad seed file: " + loaded.error().to_string());
    world = std::move(loaded).value();
  } else {
    world = emulator::make_demo_world().world;
  }

  // Block the signals before the service thread starts, so only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  emulator::Server server(options, std::move(world));
  if (auto started = server.start(); !started) fail(started.error().message);

  const auto text = server.query(
      [&](const emulator::World& w) { return settings_text(server, pick(w), seed.has_value(), options.mode); });
  if (env_file) {
    // Tokens inside: readable by the owner only. Written aside and renamed, so a script
    // waiting for the file never reads half of it.
    const auto partial = *env_file + ".partial";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    if (fd >= 0) written = (::close(fd) == 0) && written;
    if (written) written = std::rename(partial.c_str(), env_file->c_str()) == 0;
    if (!written) {
      const int err = errno;
      if (fd >= 0) std::remove(partial.c_str());
      fail(fmt::format("cannot write --env-file {}: {}", *env_file, std::strerror(err)));
    }
  }
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "fluxer-emulator: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  return 0;
}
