#pragma once
// Helpers for the REST API tests (part 2): an authenticated raw libcurl client, Fluxer
// error assertions, multipart bodies written by hand, and gateway event collection.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"

namespace fluxer::emulator::test {

inline std::string str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string("<not a string>");
}

/// Options for functional REST tests: rate limits off unless a test wants them.
inline ServerOptions rest_options(ProtocolMode mode, bool rate_limits = false) {
  auto o = fast_options(mode);
  o.rate_limits = rate_limits;
  return o;
}

/// A raw HTTP client bound to one credential ("Bot <token>", a user token, or none).
class Api {
 public:
  Api(const Server& server, std::string authorization) : base_(server.api_url()), auth_(std::move(authorization)) {}

  HttpResult get(const std::string& path, std::vector<std::string> headers = {}) const {
    return call("GET", path, {}, std::move(headers));
  }
  HttpResult del(const std::string& path, std::vector<std::string> headers = {}) const {
    return call("DELETE", path, {}, std::move(headers));
  }
  HttpResult post(const std::string& path, const std::string& json, std::vector<std::string> headers = {}) const {
    return call("POST", path, json, with_json(std::move(headers)));
  }
  HttpResult patch(const std::string& path, const std::string& json, std::vector<std::string> headers = {}) const {
    return call("PATCH", path, json, with_json(std::move(headers)));
  }
  HttpResult put(const std::string& path, const std::string& json = {}, std::vector<std::string> headers = {}) const {
    return call("PUT", path, json, with_json(std::move(headers)));
  }
  /// A request with an explicit body and content type.
  HttpResult raw(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type) const {
    return call(method, path, body, {"Content-Type: " + content_type});
  }

 private:
  static std::vector<std::string> with_json(std::vector<std::string> headers) {
    headers.emplace_back("Content-Type: application/json");
    return headers;
  }
  HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                  std::vector<std::string> headers) const {
    if (!auth_.empty()) headers.push_back("Authorization: " + auth_);
    return http(method, base_ + path, headers, body);
  }
  std::string base_;
  std::string auth_;
};

/// Expects a Fluxer error body with `status` and `code`.
inline void expect_error(const HttpResult& r, long status, const std::string& code, const std::string& where = {}) {
  EXPECT_EQ(r.status, status) << where << " body: " << r.body;
  auto d = r.json();
  ASSERT_TRUE(d.IsObject()) << where << " body: " << r.body;
  ASSERT_TRUE(d.HasMember("code") && d["code"].IsString()) << where << " body: " << r.body;
  EXPECT_EQ(str(d["code"]), code) << where << " body: " << r.body;
  EXPECT_TRUE(d.HasMember("message") && d["message"].IsString()) << where;
}

/// One part of a hand-written multipart/form-data body.
struct FormPart {
  std::string name{};
  std::string data{};
  std::string filename{};      ///< empty: a plain field
  std::string content_type{};  ///< empty: none sent
};

inline const std::string kBoundary = "----fluxer-test-boundary-7MA4YWxkTrZu0gW";

inline std::string multipart(const std::vector<FormPart>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += "--" + kBoundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
    body += "\r\n";
    if (!p.content_type.empty()) body += "Content-Type: " + p.content_type + "\r\n";
    body += "\r\n" + p.data + "\r\n";
  }
  body += "--" + kBoundary + "--\r\n";
  return body;
}
inline std::string multipart_type() {
  return "multipart/form-data; boundary=" + kBoundary;
}

/// A 1×1 PNG... with a header claiming 3×2, enough for dimension sniffing.
inline std::string tiny_png() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\x0dIHDR", 8);
  png += std::string("\0\0\0\x03\0\0\0\x02", 8);  // width 3, height 2
  png += std::string("\x08\x02\0\0\0", 5);
  return png;
}

/// Dispatch names received until (and including) the first `stop` dispatch.
inline std::vector<std::string> names_until(Gw& gw, const std::string& stop, std::chrono::milliseconds timeout = 5s) {
  std::vector<std::string> names;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto d = gw.next(std::max(left, 0ms));
    if (!d.IsObject()) return names;
    if (d["op"].GetInt() != 0) continue;
    names.push_back(str(d["t"]));
    if (names.back() == stop) return names;
  }
}

/// A logged-in gateway session for `token`, with the post-READY burst consumed.
struct Session {
  Gw gw;
  /// Logs in; for a bot (`guilds` > 0) also consumes the guild burst: that many full
  /// GUILD_CREATEs ([A] `unavailable` stubs before them are skipped too) and, on [B], the
  /// GUILD_DELETE stubs of the bot's unavailable guilds (the demo world has one).
  bool open(Server& server, const std::string& token, int guilds = 0) {
    if (!gw.connect(server) || gw.login(token).empty()) return false;
    int stubs = 0;
    if (guilds > 0 && server.options().mode == ProtocolMode::B)
      stubs = server.query([&](World& w) {
        const auto user = w.identify(token);
        int n = 0;
        if (user)
          for (auto gid : w.guilds_of(user->user_id)) n += w.guild(gid)->unavailable ? 1 : 0;
        return n;
      });
    for (int full = 0, deleted = 0; full < guilds || deleted < stubs;) {
      auto d = gw.next();
      if (!d.IsObject()) return false;
      if (d["op"].GetInt() != 0) continue;
      const auto name = str(d["t"]);
      const bool stub = d["d"].IsObject() && d["d"].HasMember("unavailable");
      if (name == "GUILD_CREATE" && !stub) ++full;
      if (name == "GUILD_DELETE" && stub) ++deleted;
    }
    return true;
  }
  /// The next dispatch named `name` (skipping others), or a non-object on timeout.
  rapidjson::Document next(const std::string& name, std::chrono::milliseconds timeout = 5s) {
    return gw.until_dispatch(name, timeout);
  }
};

/// Adds a human user who joins the demo guild; returns (id, token).
inline std::pair<Snowflake, std::string> add_member_user(Server& server, Snowflake guild_id, const std::string& name) {
  std::pair<Snowflake, std::string> out;
  server.with_world([&](World& w) {
    auto& u = w.add_user(name);
    w.add_member(guild_id, u.id);
    out = {u.id, w.user_token(u.id)};
  });
  return out;
}

}  // namespace fluxer::emulator::test
