#pragma once
/// @file
/// Reaction: one emoji's reaction count on a message.

#include <fluxer/model/emoji.hpp>

namespace fluxer {

/// The reactions of one emoji on a message (at most 30 distinct emoji per message).
struct Reaction {
  Emoji emoji{};
  int count = 0;
  /// True when the current user reacted (the server sends `me` only when true).
  bool me = false;

  friend bool operator==(const Reaction&, const Reaction&) = default;
};

}  // namespace fluxer
