#include <fluxer/core/result.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

using namespace fluxer;

namespace {
Result<int> parse_positive(int v) {
  if (v <= 0) return Error{ErrorKind::InvalidArgument, "not positive"};
  return v;
}
}  // namespace

TEST(Result, HoldsAValue) {
  Result<int> r = parse_positive(3);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 3);
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(r.value_or(9), 3);
}

TEST(Result, HoldsAnError) {
  Result<int> r = parse_positive(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(r.error().message, "not positive");
  EXPECT_EQ(r.value_or(9), 9);
}

TEST(Result, ValueOnErrorThrowsTheError) {
  Result<int> r = parse_positive(0);
  try {
    (void)r.value();
    FAIL() << "value() should throw";
  } catch (const Exception& e) {
    EXPECT_EQ(e.error().kind, ErrorKind::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("not positive"), std::string::npos);
  }
}

TEST(Result, MovesMoveOnlyValues) {
  Result<std::unique_ptr<int>> r{std::make_unique<int>(7)};
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 7);
}

TEST(Result, ArrowAccessesMembers) {
  Result<std::string> r{std::string("hello")};
  EXPECT_EQ(r->size(), 5u);
}

TEST(Result, VoidResult) {
  Result<void> ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_NO_THROW(ok.value());
  Result<void> bad = Error{ErrorKind::Timeout, "late"};
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Timeout);
  EXPECT_THROW(bad.value(), Exception);
  EXPECT_TRUE(ok_result().ok());
}
