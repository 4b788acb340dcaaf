#include <fluxer/core/time.hpp>

#include <gtest/gtest.h>

using namespace fluxer;
using namespace std::chrono;

namespace {
Timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s, int us = 0) {
  return Timestamp{sys_days{year{y} / month{mo} / day{d}}} + hours{h} + minutes{mi} + seconds{s} + microseconds{us};
}
}  // namespace

TEST(Time, ParsesUtcWithZ) {
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56Z"), at(2026, 1, 8, 12, 34, 56));
  EXPECT_EQ(parse_iso8601("2026-01-08t12:34:56z"), at(2026, 1, 8, 12, 34, 56));
}

TEST(Time, ParsesFractions) {
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56.7Z"), at(2026, 1, 8, 12, 34, 56, 700000));
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56.789Z"), at(2026, 1, 8, 12, 34, 56, 789000));
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56.123456+00:00"), at(2026, 1, 8, 12, 34, 56, 123456));
  // Nanoseconds are truncated to microseconds.
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56.123456789Z"), at(2026, 1, 8, 12, 34, 56, 123456));
}

TEST(Time, AppliesOffsets) {
  EXPECT_EQ(parse_iso8601("2026-01-08T14:34:56+02:00"), at(2026, 1, 8, 12, 34, 56));
  EXPECT_EQ(parse_iso8601("2026-01-08T10:04:56-0230"), at(2026, 1, 8, 12, 34, 56));
  // Crossing a day and a year boundary.
  EXPECT_EQ(parse_iso8601("2027-01-01T01:00:00+03:00"), at(2026, 12, 31, 22, 0, 0));
}

TEST(Time, MissingOffsetMeansUtcAndSpaceSeparatorIsAccepted) {
  EXPECT_EQ(parse_iso8601("2026-01-08T12:34:56"), at(2026, 1, 8, 12, 34, 56));
  EXPECT_EQ(parse_iso8601("2026-01-08 12:34:56.5"), at(2026, 1, 8, 12, 34, 56, 500000));
}

TEST(Time, RejectsMalformedInput) {
  for (const char* bad : {"", "2026", "2026-01-08", "2026-01-08T", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-01-08T24:00:00Z", "2026-01-08T12:60:00Z", "2026-01-08T12:34:56.Z",
                          "2026-01-08T12:34:56+2", "2026-01-08T12:34:56Zjunk", "2026/01/08T12:34:56Z",
                          "２026-01-08T12:34:56Z", "2026-01-08T12:34:56+24:00"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

TEST(Time, LeapYearDay) {
  EXPECT_EQ(parse_iso8601("2028-02-29T00:00:00Z"), at(2028, 2, 29, 0, 0, 0));
  EXPECT_FALSE(parse_iso8601("2027-02-29T00:00:00Z").has_value());
}

TEST(Time, FormatsWithMillisecondsOrMicroseconds) {
  EXPECT_EQ(format_iso8601(at(2026, 1, 8, 12, 34, 56)), "2026-01-08T12:34:56.000Z");
  EXPECT_EQ(format_iso8601(at(2026, 1, 8, 12, 34, 56, 789000)), "2026-01-08T12:34:56.789Z");
  EXPECT_EQ(format_iso8601(at(2026, 1, 8, 12, 34, 56, 123456)), "2026-01-08T12:34:56.123456Z");
  EXPECT_EQ(format_iso8601(Timestamp{}), "1970-01-01T00:00:00.000Z");
}

TEST(Time, RoundTrips) {
  for (auto t : {at(2015, 1, 1, 0, 0, 0), at(2026, 11, 22, 23, 59, 59, 999999), at(2038, 1, 19, 3, 14, 8, 1)}) {
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
  }
}

TEST(Time, ToTimestampRoundsDown) {
  const auto tp = sys_time<nanoseconds>{nanoseconds{1'500'999}};
  EXPECT_EQ(to_timestamp(tp).time_since_epoch(), microseconds{1500});
  const auto neg = sys_time<nanoseconds>{nanoseconds{-1}};
  EXPECT_EQ(to_timestamp(neg).time_since_epoch(), microseconds{-1});
}
