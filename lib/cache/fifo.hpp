#pragma once
// Fifo: insertion order of the entries of one slab, for eviction under a limit. An
// intrusive doubly-linked list over slab handles, each link carrying the entry's global
// insertion sequence number, so the oldest entry over all shards is the shard head with
// the smallest sequence number. `head_seq()` can be read without the shard's lock (to pick
// the shard); everything else needs it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "cache/chunked_storage.hpp"

namespace fluxer::cache_detail {

class Fifo {
 public:
  static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();

  void push_back(std::uint32_t h, std::uint64_t seq) {
    links_.ensure(h + 1);
    Link& l = *links_.slot(h);
    l.prev = tail_;
    l.next = kNoHandle;
    l.seq = seq;
    if (tail_ != kNoHandle) {
      links_.slot(tail_)->next = h;
    } else {
      head_ = h;
      head_seq_.store(seq, std::memory_order_release);
    }
    tail_ = h;
    ++size_;
  }

  void unlink(std::uint32_t h) noexcept {
    Link& l = *links_.slot(h);
    if (l.prev != kNoHandle) {
      links_.slot(l.prev)->next = l.next;
    } else {
      head_ = l.next;
      head_seq_.store(head_ == kNoHandle ? kEmpty : links_.slot(head_)->seq, std::memory_order_release);
    }
    if (l.next != kNoHandle) {
      links_.slot(l.next)->prev = l.prev;
    } else {
      tail_ = l.prev;
    }
    if (--size_ == 0) links_.release();
  }

  [[nodiscard]] std::uint32_t head() const noexcept { return head_; }
  [[nodiscard]] std::uint32_t next(std::uint32_t h) const noexcept { return links_.slot(h)->next; }
  [[nodiscard]] std::uint64_t seq(std::uint32_t h) const noexcept { return links_.slot(h)->seq; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// The head's sequence number, or kEmpty; safe without the lock.
  [[nodiscard]] std::uint64_t head_seq() const noexcept { return head_seq_.load(std::memory_order_acquire); }

  void clear() noexcept {
    links_.release();
    head_ = tail_ = kNoHandle;
    size_ = 0;
    head_seq_.store(kEmpty, std::memory_order_release);
  }

  [[nodiscard]] std::size_t heap_bytes() const noexcept { return links_.heap_bytes(); }

 private:
  struct Link {
    std::uint32_t prev;
    std::uint32_t next;
    std::uint64_t seq;
  };
  ChunkedStorage<Link> links_;
  std::uint32_t head_ = kNoHandle;
  std::uint32_t tail_ = kNoHandle;
  std::size_t size_ = 0;
  std::atomic<std::uint64_t> head_seq_{kEmpty};
};

}  // namespace fluxer::cache_detail
