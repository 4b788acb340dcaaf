// Nullable<T> (absent / null / value) and Box<T> (deep-copying indirection).

#include <string>

#include <gtest/gtest.h>

#include <fluxer/model/box.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/nullable.hpp>

namespace {

using fluxer::Box;
using fluxer::Nullable;

TEST(Nullable, ThreeStates) {
  Nullable<std::string> n;
  EXPECT_TRUE(n.is_absent());
  EXPECT_FALSE(n.is_null());
  EXPECT_FALSE(n.has_value());
  EXPECT_EQ(n.get(), nullptr);

  n = nullptr;
  EXPECT_TRUE(n.is_null());
  EXPECT_FALSE(n.is_absent());
  EXPECT_FALSE(n);
  EXPECT_EQ(n.value_or("x"), "x");

  n = "nick";
  EXPECT_TRUE(n.has_value());
  EXPECT_EQ(*n, "nick");
  EXPECT_EQ(n->size(), 4u);
  EXPECT_EQ(n.value(), "nick");

  n.reset();
  EXPECT_TRUE(n.is_absent());
  n.set_null();
  EXPECT_TRUE(n.is_null());

  Nullable<std::string> e;
  e.emplace(3, 'a');
  EXPECT_EQ(*e, "aaa");
}

TEST(Nullable, EqualityDistinguishesAbsentFromNull) {
  EXPECT_EQ(Nullable<int>{}, Nullable<int>{});
  EXPECT_EQ(Nullable<int>{nullptr}, Nullable<int>::null());
  EXPECT_NE(Nullable<int>{}, Nullable<int>{nullptr});
  EXPECT_NE(Nullable<int>{0}, Nullable<int>{nullptr});
  EXPECT_EQ(Nullable<int>{5}, Nullable<int>{5});
  EXPECT_THROW((void)Nullable<int>{nullptr}.value(), std::bad_optional_access);
}

TEST(Box, DeepCopy) {
  Box<std::string> a{std::string("hello")};
  Box<std::string> b = a;
  *b += " world";
  EXPECT_EQ(*a, "hello");
  EXPECT_EQ(*b, "hello world");
  EXPECT_NE(a, b);
  b = a;
  EXPECT_EQ(a, b);
  Box<std::string> moved = std::move(b);
  EXPECT_EQ(*moved, "hello");
}

TEST(Box, RecursiveMessageStaysAValue) {
  fluxer::Message reply;
  reply.id = fluxer::Snowflake{2};
  fluxer::Message target;
  target.id = fluxer::Snowflake{1};
  target.content = "original";
  reply.referenced_message = Box<fluxer::Message>{target};
  fluxer::Message copy = reply;
  EXPECT_EQ(copy, reply);
  (*copy.referenced_message)->content = "edited";
  EXPECT_EQ((*reply.referenced_message)->content, "original");
  static_assert(std::is_copy_constructible_v<fluxer::Message>);
  static_assert(std::is_nothrow_move_constructible_v<Box<fluxer::Message>>);
}

}  // namespace
