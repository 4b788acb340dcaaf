// PageWalker: cursors and stop conditions of every paginator.

#include <vector>

#include <gtest/gtest.h>

#include <fluxer/rest/paginator.hpp>

namespace fluxer {
namespace {

using Dir = PageWalker::Direction;

std::vector<Snowflake> ids(std::initializer_list<std::uint64_t> values) {
  std::vector<Snowflake> out;
  for (auto v : values) out.emplace_back(v);
  return out;
}
std::size_t kept(const std::vector<bool>& keep) {
  return static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
}

TEST(PageWalker, NothingAskedNothingFetched) {
  PageWalker w(Dir::Descending, Paging{.max_items = 0}, 100);
  EXPECT_TRUE(w.done());
}

TEST(PageWalker, DescendingWalksBeforeTheOldestAndStopsAtMax) {
  PageWalker w(Dir::Descending, Paging{.max_items = 5, .page_size = 3}, 100);
  auto r = w.next_request();
  EXPECT_FALSE(r.cursor);
  EXPECT_EQ(r.limit, 3);
  EXPECT_EQ(kept(w.accept(ids({90, 80, 70}))), 3U);
  r = w.next_request();
  EXPECT_EQ(r.cursor, Snowflake{70});
  EXPECT_EQ(r.limit, 2);  // only two more wanted
  EXPECT_FALSE(w.done());
  EXPECT_EQ(kept(w.accept(ids({60, 50}))), 2U);
  EXPECT_TRUE(w.done());
  EXPECT_EQ(w.yielded(), 5U);
}

TEST(PageWalker, ShortOrEmptyPageEnds) {
  PageWalker w(Dir::Ascending, Paging{.max_items = 1000, .page_size = 100}, 1000);
  w.accept(ids({1, 2, 3}));
  EXPECT_TRUE(w.done());
  PageWalker e(Dir::Ascending, Paging{.max_items = 1000}, 1000);
  EXPECT_EQ(e.next_request().limit, 1000);
  e.accept({});
  EXPECT_TRUE(e.done());
}

TEST(PageWalker, UntilBoundStopsAndIsExclusive) {
  PageWalker w(Dir::Descending, Paging{.max_items = 100, .page_size = 4, .until = Snowflake{50}}, 100);
  const auto keep = w.accept(ids({80, 60, 50, 40}));
  EXPECT_EQ(keep, (std::vector<bool>{true, true, false, false}));
  EXPECT_TRUE(w.done());
}

TEST(PageWalker, AServerIgnoringTheCursorCannotLoop) {
  // The same full page twice: nothing new the second time -> stop.
  PageWalker w(Dir::Ascending, Paging{.max_items = 100, .page_size = 2}, 1000);
  EXPECT_EQ(kept(w.accept(ids({1, 2}))), 2U);
  EXPECT_FALSE(w.done());
  EXPECT_EQ(w.next_request().cursor, Snowflake{2});
  EXPECT_EQ(kept(w.accept(ids({1, 2}))), 0U);
  EXPECT_TRUE(w.done());
}

TEST(PageWalker, AServerIgnoringTheLimitGaveEverything) {
  // [A] members: the whole list at once, more than asked for.
  PageWalker w(Dir::Ascending, Paging{.max_items = 3, .page_size = 2}, 1000);
  const auto keep = w.accept(ids({1, 2, 3, 4, 5}));
  EXPECT_EQ(kept(keep), 3U);  // up to the caller's maximum; the page held everything
  EXPECT_TRUE(w.done());
  PageWalker all(Dir::Ascending, Paging{.max_items = 10, .page_size = 2}, 1000);
  EXPECT_EQ(kept(all.accept(ids({1, 2, 3, 4, 5}))), 5U);
  EXPECT_TRUE(all.done());
}

TEST(PageWalker, ServerPagingHintsWin) {
  PageWalker w(Dir::Ascending, Paging{.max_items = 100, .page_size = 3}, 100);
  w.accept(ids({1, 2}), true, Snowflake{7});  // short, but the server says there is more
  EXPECT_FALSE(w.done());
  EXPECT_EQ(w.next_request().cursor, Snowflake{7});
  w.accept(ids({8, 9, 10}), false);
  EXPECT_TRUE(w.done());
}

TEST(PageWalker, StartCursorAndRouteMaximum) {
  PageWalker w(Dir::Ascending, Paging{.max_items = 5000, .page_size = 5000, .from = Snowflake{10}}, 1000);
  const auto r = w.next_request();
  EXPECT_EQ(r.cursor, Snowflake{10});
  EXPECT_EQ(r.limit, 1000);
  EXPECT_EQ(w.accept(ids({5, 11})), (std::vector<bool>{false, true}));
}

}  // namespace
}  // namespace fluxer
