// webhook-post: posts one message through a Fluxer webhook. REST only: no gateway, no bot
// token; the webhook's id and token are the only credentials.
//
//   webhook-post <webhook_id> <webhook_token> [message]
//   FLUXER_WEBHOOK_ID=... FLUXER_WEBHOOK_TOKEN=... webhook-post [message]
//   FLUXER_WEBHOOK_URL=https://api.fluxer.app/v1/webhooks/<id>/<token> webhook-post [message]
//   webhook-post --emulator [message]     (an embedded local instance; creates its own webhook)
//
// FLUXER_API_BASE overrides the API base (default https://api.fluxer.app/v1). Exits 0 on
// success, 1 with a one-line reason otherwise (2 for bad arguments).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <fluxer/fluxer.hpp>

#if defined(WEBHOOK_POST_WITH_EMULATOR)
#include <fluxer/emulator/server.hpp>
#endif

namespace {

int fail(int code, const std::string& reason) {
  std::fprintf(stderr, "webhook-post: %s\n", reason.c_str());
  return code;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

struct Target {
  fluxer::Snowflake id;
  std::string token;
};

/// "…/webhooks/<id>/<token>" -> id and token.
std::optional<Target> parse_url(std::string_view url) {
  const auto at = url.find("/webhooks/");
  if (at == std::string_view::npos) return std::nullopt;
  url.remove_prefix(at + 10);
  const auto slash = url.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto id = fluxer::Snowflake::parse(url.substr(0, slash));
  std::string_view token = url.substr(slash + 1);
  token = token.substr(0, token.find_first_of("/?#"));
  if (!id || token.empty()) return std::nullopt;
  return Target{*id, std::string(token)};
}

/// Posts `text` through the webhook and returns the message the server stored.
fluxer::Result<fluxer::Message> post(fluxer::Rest& rest, const Target& target, const std::string& text) {
  fluxer::ExecuteWebhook body;
  body.message.content = text;
  body.username = "webhook-post";
  return rest.execute_webhook(target.id, target.token, body).result();
}

fluxer::RestOptions options(std::string api_base) {
  fluxer::RestOptions o;
  if (!api_base.empty()) o.api_base = std::move(api_base);
  o.log_level = fluxer::LogLevel::Error;  // failures are reported in one line below
  return o;
}

#if defined(WEBHOOK_POST_WITH_EMULATOR)
int run_on_emulator(const std::string& text) {
  namespace emu = fluxer::emulator;
  auto demo = emu::make_demo_world();
  // The demo bot may not manage webhooks: give it a role that may.
  const auto managers = demo.world.add_role(demo.guild_id, "Webhook managers", emu::permission::kManageWebhooks).id;
  demo.world.add_member(demo.guild_id, demo.bot_user_id).roles.push_back(managers);
  emu::ServerOptions so;
  so.log_level = fluxer::LogLevel::Error;  // failures are reported in one line below
  emu::Server server(so, std::move(demo.world));
  if (auto started = server.start(); !started)
    return fail(1, "the emulator did not start: " + started.error().to_string());

  // The bot creates a webhook (this needs its token); the post itself needs none.
  auto bot_options = options(server.api_url());
  bot_options.token = demo.bot_token;
  fluxer::Rest bot(bot_options);
  auto hook = bot.create_webhook(demo.general_channel_id, {.name = "webhook-post"}).result();
  if (!hook || !hook->token)
    return fail(1, "could not create a webhook: " + (hook ? "no token" : hook.error().to_string()));

  fluxer::Rest rest(options(server.api_url()));
  auto posted = post(rest, {hook->id, *hook->token}, text);
  if (!posted) return fail(1, "the post failed: " + posted.error().to_string());

  auto received = server.wait_for_message(
      demo.general_channel_id, [&](const emu::Message& m) { return m.id == posted->id; }, std::chrono::seconds(5));
  if (!received) return fail(1, "the emulator did not store the message");
  std::printf("emulator received in #general from webhook %s (\"%s\"): %s\n", hook->id.str().c_str(),
              posted->author.username.c_str(), received->content.c_str());
  return 0;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  std::string text = "Hello from fluxer-cpp";
  if (argc > 1 && std::string_view(argv[1]) == "--emulator") {
    if (argc > 2) text = argv[2];
#if defined(WEBHOOK_POST_WITH_EMULATOR)
    return run_on_emulator(text);
#else
    return fail(2, "built without the emulator (-Demulator=false)");
#endif
  }

  std::optional<Target> target;
  if (argc >= 3 && std::string_view(argv[1]).find_first_not_of("0123456789") == std::string_view::npos) {
    if (auto id = fluxer::Snowflake::parse(argv[1])) target = Target{*id, argv[2]};
    if (argc > 3) text = argv[3];
  } else {
    if (argc > 1) text = argv[1];
    if (auto url = env("FLUXER_WEBHOOK_URL"); !url.empty()) {
      target = parse_url(url);
      if (!target) return fail(2, "FLUXER_WEBHOOK_URL is not a …/webhooks/<id>/<token> URL");
    } else if (auto id = fluxer::Snowflake::parse(env("FLUXER_WEBHOOK_ID"));
               id && !env("FLUXER_WEBHOOK_TOKEN").empty()) {
      target = Target{*id, env("FLUXER_WEBHOOK_TOKEN")};
    }
  }
  if (!target)
    return fail(2,
                "usage: webhook-post <webhook_id> <webhook_token> [message] (or FLUXER_WEBHOOK_URL, or "
                "FLUXER_WEBHOOK_ID + FLUXER_WEBHOOK_TOKEN, or --emulator)");

  fluxer::Rest rest(options(env("FLUXER_API_BASE")));
  auto posted = post(rest, *target, text);
  if (!posted) return fail(1, posted.error().to_string());  // the webhook token is redacted
  std::printf("posted message %s\n", posted->id.str().c_str());
  return 0;
}
