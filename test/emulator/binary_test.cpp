// The fluxer-emulator binary: spawn it with a seed, read its printed settings, query it,
// stop it with SIGTERM; bad arguments and seeds fail with one line.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "raw_client.hpp"

namespace fluxer::emulator::test {
namespace {

// `export NAME=value` lines as a map; every other non-empty line must be a `#` comment
// (the output is meant for `eval`), else the map gets an "<invalid>" entry.
std::map<std::string, std::string> parse_settings(const std::string& text) {
  std::map<std::string, std::string> m;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (line.rfind("export FLUXER_", 0) != 0 || eq == std::string::npos) {
      m["<invalid>"] = line;
      continue;
    }
    m[line.substr(7, eq - 7)] = line.substr(eq + 1);
  }
  return m;
}

struct Child {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
  std::string out_text, err_text;

  explicit Child(const std::vector<std::string>& args) {
    int o[2], e[2];
    if (pipe(o) != 0 || pipe(e) != 0) return;
    pid = fork();
    if (pid == 0) {
      dup2(o[1], 1);
      dup2(e[1], 2);
      close(o[0]);
      close(e[0]);
      std::vector<char*> argv;
      std::string bin = FLUXER_EMULATOR_BINARY;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
    close(o[1]);
    close(e[1]);
    out = o[0];
    err = e[0];
  }
  ~Child() {
    if (pid > 0 && !exited) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
    if (err >= 0) close(err);
  }
  // Reads stdout until a line starting with `prefix` appears (or EOF/deadline).
  bool read_until(const std::string& prefix, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_text.find("\n" + prefix) == std::string::npos && out_text.rfind(prefix, 0) != 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{out, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      const auto n = read(out, buf, sizeof buf);
      if (n <= 0) return false;
      out_text.append(buf, static_cast<std::size_t>(n));
    }
    // Make sure the whole line arrived.
    return read_line_end(prefix, deadline);
  }
  bool read_line_end(const std::string& prefix, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      auto pos = out_text.rfind(prefix);
      if (out_text.find('\n', pos) != std::string::npos) return true;
      pollfd p{out, POLLIN, 0};
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      const auto n = read(out, buf, sizeof buf);
      if (n <= 0) return false;
      out_text.append(buf, static_cast<std::size_t>(n));
    }
  }
  // The `export NAME=value` lines of stdout.
  std::map<std::string, std::string> settings() const { return parse_settings(out_text); }
  // Waits for exit with a deadline; returns the exit status or -1.
  int wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      const auto r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        exited = true;
        drain_err();
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() > deadline) return -1;
      pollfd p{err, POLLIN, 0};
      if (poll(&p, 1, 20) > 0) drain_err();
    }
  }
  void drain_err() {
    char buf[4096];
    int flags = fcntl(err, F_GETFL);
    fcntl(err, F_SETFL, flags | O_NONBLOCK);
    for (;;) {
      const auto n = read(err, buf, sizeof buf);
      if (n <= 0) break;
      err_text.append(buf, static_cast<std::size_t>(n));
    }
  }
  bool exited = false;
};

std::string write_seed(const std::string& name, const std::string& text) {
  const auto path = std::string(::testing::TempDir()) + name;
  std::ofstream(path) << text;
  return path;
}

TEST(Binary, ServesASeededWorldAndStopsOnSigterm) {
  const auto seed = write_seed("emu_seed.json", R"({
    "users": [{"username": "carol"}],
    "bots": [{"name": "SeedBot", "owner": "carol"}],
    "guilds": [{"name": "Seed Guild", "owner": "carol", "members": ["SeedBot"],
                "channels": [{"name": "general"}]}]
  })");
  Child child({"--port", "0", "--seed", seed, "--mode", "a", "--heartbeat-ms", "5000", "--log-level", "info"});
  ASSERT_GT(child.pid, 0);
  ASSERT_TRUE(child.read_until("export FLUXER_USER_TOKEN=", 10s)) << child.out_text;
  auto s = child.settings();
  EXPECT_EQ(s.count("<invalid>"), 0U) << s["<invalid>"];
  ASSERT_FALSE(s["FLUXER_API_BASE"].empty());
  ASSERT_FALSE(s["FLUXER_TOKEN"].empty());
  // A seeded world gets the same picks: its guild, its only text channel, its owner.
  EXPECT_FALSE(s["FLUXER_GUILD_ID"].empty());
  EXPECT_FALSE(s["FLUXER_CHANNEL_ID"].empty());
  EXPECT_FALSE(s["FLUXER_USER_TOKEN"].empty());
  EXPECT_EQ(s["FLUXER_GATEWAY_URL"], "ws://127.0.0.1:" + s["FLUXER_EMULATOR_PORT"] + "/gateway");

  auto me = http("GET", s["FLUXER_API_BASE"] + "/users/@me", {"Authorization: Bot " + s["FLUXER_TOKEN"]});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(std::string(me.json()["username"].GetString()), "SeedBot");
  auto instance = http("GET", s["FLUXER_API_BASE"] + "/instance");
  ASSERT_EQ(instance.status, 200);
  EXPECT_EQ(std::string(instance.json()["endpoints"]["gateway"].GetString()), s["FLUXER_GATEWAY_URL"]);

  WsClient ws;
  ASSERT_TRUE(
      ws.connect(static_cast<std::uint16_t>(std::stoi(s["FLUXER_EMULATOR_PORT"])), "/gateway?v=1&encoding=json"));
  auto hello = parse(ws.next().payload);
  ASSERT_TRUE(hello.IsObject());
  EXPECT_EQ(hello["d"]["heartbeat_interval"].GetInt(), 5000);
  ws.close_socket();

  ASSERT_EQ(kill(child.pid, SIGTERM), 0);
  EXPECT_EQ(child.wait_exit(10s), 0);
  // Traffic is logged on stderr, with the token redacted.
  EXPECT_NE(child.err_text.find("/users/@me"), std::string::npos) << child.err_text;
  EXPECT_EQ(child.err_text.find(s["FLUXER_TOKEN"]), std::string::npos);
}

TEST(Binary, DemoWorldByDefaultAndSigint) {
  const auto env_file = std::string(::testing::TempDir()) + "emu_demo.env";
  std::remove(env_file.c_str());
  Child child({"--port", "0", "--env-file", env_file});
  ASSERT_TRUE(child.read_until("export FLUXER_USER_TOKEN=", 10s)) << child.out_text;
  auto s = child.settings();
  // Every line is an assignment or a comment; ids and the human's token are there.
  EXPECT_EQ(s.count("<invalid>"), 0U) << s["<invalid>"];
  EXPECT_EQ(child.out_text.rfind("# fluxer-emulator: serving a demo world in mode b", 0), 0U) << child.out_text;
  for (const char* name : {"FLUXER_API_BASE", "FLUXER_GATEWAY_URL", "FLUXER_TOKEN", "FLUXER_GUILD_ID",
                           "FLUXER_CHANNEL_ID", "FLUXER_USER_ID", "FLUXER_USER_TOKEN", "FLUXER_APPLICATION_ID"})
    EXPECT_FALSE(s[name].empty()) << name << "\n" << child.out_text;
  // The ids and the token work: the human posts in the channel, the bot reads it.
  auto post = http("POST", s["FLUXER_API_BASE"] + "/channels/" + s["FLUXER_CHANNEL_ID"] + "/messages",
                   {"Authorization: " + s["FLUXER_USER_TOKEN"], "Content-Type: application/json"},
                   R"({"content":"hi from the shell"})");
  EXPECT_EQ(post.status, 200) << post.body;
  auto guild = http("GET", s["FLUXER_API_BASE"] + "/guilds/" + s["FLUXER_GUILD_ID"],
                    {"Authorization: Bot " + s["FLUXER_TOKEN"]});
  EXPECT_EQ(guild.status, 200) << guild.body;
  // --env-file has the same text, readable by its owner only, and a shell can source it.
  std::ifstream in(env_file);
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(parse_settings(file.str()), s);
  struct stat st {};
  ASSERT_EQ(stat(env_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const auto cmd = "sh -c '. \"$1\" && printf %s \"$FLUXER_CHANNEL_ID:$FLUXER_USER_TOKEN\"' sh " + env_file;
  FILE* shell = popen(cmd.c_str(), "r");
  ASSERT_NE(shell, nullptr);
  char buf[512] = {};
  const auto n = fread(buf, 1, sizeof buf - 1, shell);
  pclose(shell);
  EXPECT_EQ(std::string(buf, n), s["FLUXER_CHANNEL_ID"] + ":" + s["FLUXER_USER_TOKEN"]);
  auto wk = http("GET", "http://127.0.0.1:" + s["FLUXER_EMULATOR_PORT"] + "/.well-known/fluxer");
  EXPECT_EQ(wk.status, 200);  // mode b by default
  ASSERT_EQ(kill(child.pid, SIGINT), 0);
  EXPECT_EQ(child.wait_exit(10s), 0);
  std::remove(env_file.c_str());
  // libwebsockets' own notices are not printed (they go through the emulator's log).
  EXPECT_EQ(child.err_text.find("lws_create_context"), std::string::npos) << child.err_text;
}

TEST(Binary, FatalErrorsExitNonZeroWithOneLine) {
  {
    Child child({"--seed", "/nonexistent/world.json", "--port", "0"});
    EXPECT_EQ(child.wait_exit(10s), 1);
    EXPECT_NE(child.err_text.find("bad seed file"), std::string::npos) << child.err_text;
  }
  {
    const auto seed = write_seed("emu_bad_seed.json", R"({"guilds":[{"name":"G","owner":"ghost"}]})");
    Child child({"--seed", seed, "--port", "0"});
    EXPECT_EQ(child.wait_exit(10s), 1);
    EXPECT_NE(child.err_text.find("guilds.0.owner"), std::string::npos) << child.err_text;
  }
  {
    Child child({"--mode", "c"});
    EXPECT_EQ(child.wait_exit(10s), 2);
  }
  {
    Child child({"--port", "0", "--env-file", "/nonexistent/dir/emulator.env"});
    EXPECT_EQ(child.wait_exit(10s), 1);
    EXPECT_NE(child.err_text.find("cannot write --env-file"), std::string::npos) << child.err_text;
  }
  {  // port in use
    Child first({"--port", "0"});
    ASSERT_TRUE(first.read_until("export FLUXER_EMULATOR_PORT=", 10s));
    Child second({"--port", first.settings()["FLUXER_EMULATOR_PORT"]});
    EXPECT_EQ(second.wait_exit(10s), 1);
    EXPECT_NE(second.err_text.find("cannot listen"), std::string::npos) << second.err_text;
    kill(first.pid, SIGTERM);
    EXPECT_EQ(first.wait_exit(10s), 0);
  }
}

}  // namespace
}  // namespace fluxer::emulator::test
