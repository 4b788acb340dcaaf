// libFuzzer target: the emulator's HTTP/1.1 request parser (it is a server: anyone on the
// port can send it anything). The first input byte chooses how the rest is split into
// reads, so partial lines, split CRLFs and pipelining are all exercised. Completed requests
// go through the query, header and multipart helpers the routes use.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "emulator/http/http.hpp"

namespace {

constexpr std::size_t kMaxBody = 4096;
constexpr std::size_t kMaxHeader = 1024;

void check(bool condition) {
  if (!condition) std::abort();
}

void use(const fluxer::emulator::http::Request& r) {
  namespace http = fluxer::emulator::http;
  check(r.body.size() <= kMaxBody);
  (void)r.keep_alive();
  (void)r.query_param("limit");
  (void)http::percent_decode(r.path);
  if (const auto* type = r.header("content-type"))
    if (auto boundary = http::multipart_boundary(*type)) {
      if (auto parts = http::parse_multipart(r.body, *boundary))
        for (const auto& p : *parts) check(p.data.size() <= r.body.size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = fluxer::emulator::http;
  if (size == 0) return 0;
  const std::size_t step = static_cast<std::size_t>(data[0] % 64) + 1;  // 1..64 bytes per read
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  http::RequestParser parser(kMaxBody, kMaxHeader);
  std::size_t fed = 0;
  while (fed < input.size()) {
    const auto chunk = input.substr(fed, step);
    fed += chunk.size();
    auto state = parser.feed(chunk);
    while (state == http::RequestParser::State::Complete) {
      if (parser.wants_continue()) parser.continue_sent();
      use(parser.take());
      state = parser.resume();
    }
    if (state == http::RequestParser::State::Error) {
      const int status = parser.error_status();
      check(status >= 400 && status <= 599);
      check(!http::reason_phrase(status).empty());
      return 0;
    }
    // Bytes held between reads stay within the limits (plus the read that just arrived).
    check(parser.buffered_bytes() <= kMaxHeader + kMaxBody + 2 * step + 1024);
  }
  return 0;
}
