#include <fluxer/core/snowflake.hpp>

#include <gtest/gtest.h>

#include <unordered_set>

using namespace fluxer;
using namespace fluxer::literals;
using namespace std::chrono;

TEST(Snowflake, DefaultIsEmptyZero) {
  Snowflake s;
  EXPECT_EQ(s.value(), 0u);
  EXPECT_TRUE(s.empty());
  EXPECT_FALSE(static_cast<bool>(s));
}

TEST(Snowflake, ParsesDecimalStrings) {
  EXPECT_EQ(Snowflake::parse("0"), Snowflake{0});
  EXPECT_EQ(Snowflake::parse("1234567890123456789")->value(), 1234567890123456789ull);
  EXPECT_EQ(Snowflake::parse("18446744073709551615")->value(), 18446744073709551615ull);
  EXPECT_EQ(Snowflake::parse("007")->value(), 7u);
}

TEST(Snowflake, RejectsEverythingElse) {
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "abc", "12a", "18446744073709551616",
                          "99999999999999999999", "123456789012345678901"}) {
    EXPECT_FALSE(Snowflake::parse(bad).has_value()) << bad;
  }
}

TEST(Snowflake, FormatsAsDecimal) {
  const Snowflake s{1234567890123456789ull};
  EXPECT_EQ(s.str(), "1234567890123456789");
  EXPECT_EQ(fmt::format("{}", s), "1234567890123456789");
  EXPECT_EQ(fmt::format("<{:>5}>", Snowflake{42}), "<   42>");
  EXPECT_EQ(Snowflake{}.str(), "0");
  EXPECT_EQ(Snowflake{18446744073709551615ull}.str(), "18446744073709551615");
}

TEST(Snowflake, RoundTripsThroughString) {
  for (std::uint64_t v : {1ull, 10ull, 175928847299117063ull, 9007199254740993ull, 18446744073709551615ull}) {
    EXPECT_EQ(Snowflake::parse(Snowflake{v}.str())->value(), v);
  }
}

TEST(Snowflake, CreationTimeUsesThe2015Epoch) {
  // id 0 -> the epoch itself.
  EXPECT_EQ(Snowflake{1}.created_at().time_since_epoch(), milliseconds{1420070400000});
  // 1000 ms after the epoch, with worker/sequence bits set (they must be ignored).
  const Snowflake s{(1000ull << 22) | 0x3FFFFF};
  EXPECT_EQ(s.created_at().time_since_epoch(), milliseconds{1420070401000});
  // A realistic id: 2026-01-08T00:00:00Z.
  const auto t = sys_days{year{2026} / January / 8};
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count() - 1420070400000;
  const Snowflake real{static_cast<std::uint64_t>(ms) << 22 | 12345};
  EXPECT_EQ(real.created_at(), time_point_cast<milliseconds>(t));
}

TEST(Snowflake, FromTimeIsTheSmallestIdAtThatTime) {
  const auto t = time_point_cast<milliseconds>(sys_days{year{2026} / March / 1} + 123ms);
  const Snowflake s = Snowflake::from_time(t);
  EXPECT_EQ(s.created_at(), t);
  EXPECT_EQ(s.value() & 0x3FFFFF, 0u);
  EXPECT_EQ(Snowflake::from_time(Snowflake::TimePoint{milliseconds{0}}), Snowflake{});
  EXPECT_LT(Snowflake::from_time(t), Snowflake::from_time(t + 1ms));
}

TEST(Snowflake, ComparesAsIntegers) {
  EXPECT_LT(Snowflake{9}, Snowflake{10});  // "9" > "10" as strings; must compare numerically
  EXPECT_EQ(Snowflake{5}, 5_id);
  EXPECT_NE(Snowflake{5}, Snowflake{6});
  EXPECT_GT(Snowflake{18446744073709551615ull}, Snowflake{1});
}

TEST(Snowflake, HashesSpreadSequentialIds) {
  std::unordered_set<Snowflake> set;
  for (std::uint64_t i = 0; i < 1000; ++i) set.insert(Snowflake{(i + 1) << 22});
  EXPECT_EQ(set.size(), 1000u);
  EXPECT_TRUE(set.contains(Snowflake{5ull << 22}));
  // Ids that differ only in their timestamp bits must not all land in one of 16 shards.
  std::unordered_set<std::size_t> shards;
  for (std::uint64_t i = 0; i < 64; ++i) shards.insert(std::hash<Snowflake>{}(Snowflake{(i + 1) << 22}) % 16);
  EXPECT_GT(shards.size(), 8u);
}
