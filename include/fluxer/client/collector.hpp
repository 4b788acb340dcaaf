#pragma once
/// @file
/// Collectors: gather messages or reactions as they arrive, until a count, a time limit,
/// an idle limit, `stop()`, or the client's destruction ends them.
///
///     auto answers = client.collect_messages({.channel_id = channel,
///                                             .filter = [](const fluxer::Message& m) { return !m.author.bot; },
///                                             .max = 3, .time = 30s});
///     fluxer::Collected<fluxer::Message> got = answers.result().get();   // or .then(...)
///     // got.items, got.reason == fluxer::CollectorEnd::Limit / Time / Idle / ...

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <fluxer/core/future.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/message.hpp>

namespace fluxer {

/// Why a collector ended.
enum class CollectorEnd : std::uint8_t {
  Limit,            ///< `max` items were collected
  Time,             ///< the `time` limit passed
  Idle,             ///< nothing was collected for `idle`
  Stopped,          ///< `stop()` was called
  ClientDestroyed,  ///< the client was destroyed (or stopped) first
};

/// "limit", "time", "idle", "stopped", "client_destroyed".
[[nodiscard]] std::string_view to_string(CollectorEnd reason) noexcept;

/// What a collector gathered, in arrival order, and why it ended.
template <class T>
struct Collected {
  std::vector<T> items;
  CollectorEnd reason = CollectorEnd::Stopped;
};

/// Collects messages (MESSAGE_CREATE). Every limit is optional; without any, the collector
/// runs until `stop()` or the client's end.
struct MessageCollectorOptions {
  /// Only messages in this channel.
  std::optional<Snowflake> channel_id{};
  /// Only messages for which this returns true (runs on the event's shard strand).
  std::function<bool(const Message&)> filter{};
  /// End after this many messages.
  std::optional<std::size_t> max{};
  /// End this long after the collector started.
  std::optional<std::chrono::milliseconds> time{};
  /// End when nothing was collected for this long.
  std::optional<std::chrono::milliseconds> idle{};
  /// Called for each collected message, in order (on the event's shard strand).
  std::function<void(const Message&)> on_collect{};
};

/// Collects reactions added to one message (MESSAGE_REACTION_ADD).
struct ReactionCollectorOptions {
  /// The message whose reactions are collected (required).
  Snowflake message_id{};
  /// Only reactions for which this returns true.
  std::function<bool(const MessageReactionAdd&)> filter{};
  std::optional<std::size_t> max{};
  std::optional<std::chrono::milliseconds> time{};
  std::optional<std::chrono::milliseconds> idle{};
  std::function<void(const MessageReactionAdd&)> on_collect{};
};

/// A running collector. Copyable handle; the collector runs whether or not a handle is
/// kept. `result()` may be called once.
template <class T>
class Collector {
 public:
  struct Control {
    virtual ~Control() = default;
    virtual void stop() = 0;
    [[nodiscard]] virtual bool ended() const = 0;
    [[nodiscard]] virtual std::size_t collected() const = 0;
  };

  Collector() = default;
  Collector(std::shared_ptr<Control> control, std::shared_ptr<Future<Collected<T>>> future)
      : control_(std::move(control)), future_(std::move(future)) {}

  /// Ends the collector now (reason Stopped) unless it already ended.
  void stop() const {
    if (control_) control_->stop();
  }
  /// True once the collector ended.
  [[nodiscard]] bool ended() const { return !control_ || control_->ended(); }
  /// Items collected so far.
  [[nodiscard]] std::size_t collected() const { return control_ ? control_->collected() : 0; }
  /// The future of everything collected; completes when the collector ends. Valid once:
  /// later calls return an invalid future.
  [[nodiscard]] Future<Collected<T>> result() const {
    if (!future_) return Future<Collected<T>>{};
    return std::move(*future_);
  }

 private:
  std::shared_ptr<Control> control_;
  std::shared_ptr<Future<Collected<T>>> future_;
};

using MessageCollector = Collector<Message>;
using ReactionCollector = Collector<MessageReactionAdd>;

}  // namespace fluxer
