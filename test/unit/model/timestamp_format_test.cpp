// fmt formatting of fluxer::Timestamp (ISO 8601, as format_iso8601), e.g. in log lines.

#include <string>

#include <gtest/gtest.h>

#include <fluxer/core/time.hpp>
#include <fluxer/model/message.hpp>

#include "test_util.hpp"

namespace {

using model_test::ts;

TEST(TimestampFormat, FormatsAsIso8601) {
  const fluxer::Timestamp t = ts("2026-01-05T12:34:56.789Z");
  EXPECT_EQ(fmt::format("{}", t), "2026-01-05T12:34:56.789Z");
  EXPECT_EQ(fmt::format("{}", t), fluxer::format_iso8601(t));
  EXPECT_EQ(fmt::format("{}", ts("2026-01-05T12:34:56.000123Z")), "2026-01-05T12:34:56.000123Z");
  EXPECT_EQ(fmt::format("{}", fluxer::Timestamp{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(fmt::format("[{:>26}]", t), "[  2026-01-05T12:34:56.789Z]");
  EXPECT_EQ(fmt::format("[{:<25}]", t), "[2026-01-05T12:34:56.789Z ]");
  // A model field, as a bot would log it.
  fluxer::Message m;
  m.timestamp = t;
  EXPECT_EQ(fmt::format("sent at {}", m.timestamp), "sent at 2026-01-05T12:34:56.789Z");
}

}  // namespace
