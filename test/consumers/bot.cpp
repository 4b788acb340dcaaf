// The bot skeleton every downstream consumer project builds (test/consumers/*).
// It exercises the installed headers and library: logging with token redaction,
// snowflakes and futures.
#include <fluxer/fluxer.hpp>

#include <cstdlib>

int main(int argc, char** argv) {
  fluxer::Logger log;
  if (const char* token = std::getenv("FLUXER_TOKEN")) log.add_token(token);
  auto channel = fluxer::Snowflake::parse(argc > 1 ? argv[1] : "175928847299117063");
  if (!channel) {
    log.error("usage: {} [channel id]", argv[0]);
    return 2;
  }
  fluxer::Promise<std::string> reply;
  auto done = reply.get_future().then([&](fluxer::Result<std::string> r) { log.info("reply: {}", r.value()); });
  reply.set_value(fmt::format("pong in {} (created {})", *channel, fluxer::format_iso8601(channel->created_at())));
  done.get();
  log.info("fluxer {} (headers {}) works", fluxer::runtime_version(), fluxer::kVersion);
  return 0;
}
