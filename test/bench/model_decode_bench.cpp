// Typed decoding vs RapidJSON's own parse of the same bytes, in the same run.
//
//   BM_parse/<payload>        rapidjson::Document::Parse with default flags (the baseline)
//   BM_codec_parse/<payload>  the decoder's own parsing step alone (for reference)
//   BM_decode/<payload>       fluxer::decode_dispatch: parse + conversion into the typed structs
//   BM_convert/<payload>      conversion only, from an already-parsed `d` (what the gateway does)
//
// At the end the reporter prints decode/parse per payload (median of the repetitions when
// --benchmark_repetitions is used). Target: ≤ 2×.

#include <cstdio>
#include <unistd.h>
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fluxer/model/codec.hpp>

#include "../unit/model/fixtures.hpp"
#include "model/codec_internal.hpp"

namespace {

std::string compact(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  return fluxer::mjson::to_text(d);
}

/// A realistic ~1.3 KB MESSAGE_CREATE: author, member, mentions, an embed, a reaction, a
/// reply reference.
const std::string& message_create() {
  static const std::string json = compact(fixtures::kMessageCreate);
  return json;
}

/// A GUILD_CREATE with 500 channels (20 categories, text and voice channels with
/// overwrites) and 250 roles, shaped like the post-READY burst.
const std::string& guild_create() {
  static const std::string json = [] {
    const std::uint64_t gid = 1400000000000000001ull;
    std::string s = R"({"id":")" + std::to_string(gid) + R"(","properties":{"id":")" + std::to_string(gid) +
                    R"(","name":"Big Community","icon":"0123456789abcdef0123456789abcdef","banner":null,)"
                    R"("splash":null,"splash_card_alignment":0,"vanity_url_code":"big","owner_id":"1400000000000000200",)"
                    R"("system_channel_id":"1400000000000100000","system_channel_flags":0,"rules_channel_id":null,)"
                    R"("afk_channel_id":null,"afk_timeout":300,"features":["ANIMATED_ICON","BANNER","VANITY_URL"],)"
                    R"("verification_level":1,"mfa_level":0,"nsfw_level":0,"explicit_content_filter":1,)"
                    R"("default_message_notifications":1,"disabled_operations":0,"nsfw":false},"roles":[)";
    for (int i = 0; i < 250; ++i) {
      if (i) s += ',';
      const std::uint64_t rid = i == 0 ? gid : 1400000000000200000ull + static_cast<std::uint64_t>(i);
      s += R"({"id":")" + std::to_string(rid) + R"(","name":")" + (i == 0 ? std::string("@everyone") : "Role " + std::to_string(i)) +
           R"(","color":)" + std::to_string(i * 4099 % 16777215) + R"(,"position":)" + std::to_string(i) +
           R"(,"hoist_position":)" + (i % 10 == 0 ? std::to_string(i / 10) : std::string("null")) +
           R"(,"permissions":")" + std::to_string(i == 0 ? 8933636165185ull : (1ull << (i % 40)) | 3072ull) +
           R"(","hoist":)" + (i % 10 == 0 ? "true" : "false") + R"(,"mentionable":)" + (i % 3 == 0 ? "true" : "false") +
           "}";
    }
    s += R"(],"channels":[)";
    for (int i = 0; i < 500; ++i) {
      if (i) s += ',';
      const std::uint64_t cid = 1400000000000100000ull + static_cast<std::uint64_t>(i);
      const int kind = i % 25 == 0 ? 4 : (i % 5 == 4 ? 2 : 0);
      const std::uint64_t parent = 1400000000000100000ull + static_cast<std::uint64_t>(i / 25 * 25);
      s += R"({"id":")" + std::to_string(cid) + R"(","type":)" + std::to_string(kind) + R"(,"guild_id":")" +
           std::to_string(gid) + R"(","name":"channel-)" + std::to_string(i) + R"(","position":)" + std::to_string(i);
      if (kind != 4) s += R"(,"parent_id":")" + std::to_string(parent) + R"(")";
      if (kind == 0)
        s += R"(,"topic":"Discussion about topic number )" + std::to_string(i) +
             R"(","nsfw":false,"rate_limit_per_user":0,"last_message_id":")" + std::to_string(cid + 900000) + R"(")";
      if (kind == 2) s += R"(,"bitrate":64000,"user_limit":0,"rtc_region":null)";
      s += R"(,"permission_overwrites":[{"id":")" + std::to_string(gid) +
           R"(","type":0,"allow":"0","deny":"2048"},{"id":")" +
           std::to_string(1400000000000200000ull + static_cast<std::uint64_t>(i % 250)) +
           R"(","type":0,"allow":"3072","deny":"0"}]})";
    }
    s += R"(],"emojis":[{"id":"1400000000000000701","name":"party_blob","animated":true}],"stickers":[],)"
         R"("members":[{"user":{"id":"1400000000000000100"},"nick":null,"roles":[],"joined_at":"2026-01-01T00:00:00Z",)"
         R"("mute":false,"deaf":false,"communication_disabled_until":null}],"member_count":25000,"online_count":3100,)"
         R"("presences":[],"voice_states":[],"joined_at":"2026-01-01T00:00:00Z"})";
    return s;
  }();
  return json;
}

struct Payload {
  const char* event;
  const std::string& (*json)();
};

const Payload kMessage{"MESSAGE_CREATE", &message_create};
const Payload kGuild{"GUILD_CREATE", &guild_create};

void BM_parse(benchmark::State& state, const Payload& p) {
  const std::string& json = p.json();
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    benchmark::DoNotOptimize(doc);
    if (doc.HasParseError()) state.SkipWithError("parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

/// Only the parsing step of the decoder (stack-buffer document, depth-limited recursive
/// parser), for reference.
void BM_codec_parse(benchmark::State& state, const Payload& p) {
  const std::string& json = p.json();
  for (auto _ : state) {
    fluxer::mjson::StackDocument doc;
    auto r = doc.parse(json);
    benchmark::DoNotOptimize(doc.root());
    if (!r) state.SkipWithError("parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

void BM_decode(benchmark::State& state, const Payload& p) {
  const std::string& json = p.json();
  for (auto _ : state) {
    auto ev = fluxer::decode_dispatch(p.event, json);
    if (!ev.ok()) state.SkipWithError(ev.error().to_string().c_str());
    benchmark::DoNotOptimize(ev);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

void BM_convert(benchmark::State& state, const Payload& p) {
  const std::string& json = p.json();
  rapidjson::Document doc;
  doc.Parse<fluxer::mjson::kParseFlags>(json.data(), json.size());
  for (auto _ : state) {
    auto ev = fluxer::mjson::decode_dispatch(p.event, doc);
    if (!ev.ok()) state.SkipWithError(ev.error().to_string().c_str());
    benchmark::DoNotOptimize(ev);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

BENCHMARK_CAPTURE(BM_parse, message_create, kMessage);
BENCHMARK_CAPTURE(BM_codec_parse, message_create, kMessage);
BENCHMARK_CAPTURE(BM_decode, message_create, kMessage);
BENCHMARK_CAPTURE(BM_convert, message_create, kMessage);
BENCHMARK_CAPTURE(BM_parse, guild_create, kGuild);
BENCHMARK_CAPTURE(BM_codec_parse, guild_create, kGuild);
BENCHMARK_CAPTURE(BM_decode, guild_create, kGuild);
BENCHMARK_CAPTURE(BM_convert, guild_create, kGuild);

/// Console output plus a ratio table: decode / parse per payload.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  /// Colours only on a terminal (a custom reporter does not see --benchmark_color).
  RatioReporter() : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const std::string name = r.run_name.str();  // "BM_decode/message_create"
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      auto& slot = cpu_ns_[name];
      // With repetitions, keep the median aggregate; otherwise the (last) iteration run.
      if (r.run_type == Run::RT_Aggregate || !slot.from_aggregate) {
        slot.ns = r.GetAdjustedCPUTime();
        slot.from_aggregate = r.run_type == Run::RT_Aggregate;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nTyped decode vs RapidJSON parse of the same bytes (CPU time, %s):\n",
                any_aggregate() ? "medians" : "single runs");
    for (const char* payload : {"message_create", "guild_create"}) {
      const double parse = get(std::string("BM_parse/") + payload);
      const double decode = get(std::string("BM_decode/") + payload);
      const double convert = get(std::string("BM_convert/") + payload);
      if (parse <= 0 || decode <= 0) continue;
      std::printf("  %-15s parse %10.0f ns   decode %10.0f ns   convert-only %10.0f ns   decode/parse = %.2fx %s\n",
                  payload, parse, decode, convert, decode / parse, decode / parse <= 2.0 ? "(<= 2x target met)"
                                                                                        : "(ABOVE the 2x target)");
    }
  }

 private:
  struct Slot {
    double ns = 0;
    bool from_aggregate = false;
  };
  double get(const std::string& name) const {
    auto it = cpu_ns_.find(name);
    return it == cpu_ns_.end() ? 0 : it->second.ns;
  }
  bool any_aggregate() const {
    for (const auto& [name, slot] : cpu_ns_)
      if (slot.from_aggregate) return true;
    return false;
  }
  std::map<std::string, Slot> cpu_ns_;
};

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Keep freed memory in the process. Otherwise glibc hands the 64 KiB RapidJSON pool chunks
  // of a large document back to the OS after every iteration and the next parse pays page
  // faults; the two sides of the comparison are hit differently (the typed result's own
  // allocations pin the heap top), which made the parse baseline look 3x slower than it is.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::printf("payload sizes: MESSAGE_CREATE %zu bytes, GUILD_CREATE %zu bytes\n", message_create().size(),
              guild_create().size());
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
