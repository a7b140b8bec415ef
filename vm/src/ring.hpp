// One edge's message buffer: a FIFO ring of values that grows by doubling (never per
// message once warm) and never shrinks. Capacity rules live with the caller (bufEnqueue).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "ids.hpp"

namespace tt::vm::detail {

class Ring {
 public:
  Ring() = default;
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  Ring(Ring&& o) noexcept : data_(o.data_), head_(o.head_), count_(o.count_), mask_(o.mask_) {
    o.data_ = nullptr;
    o.head_ = o.count_ = 0;
    o.mask_ = 0;
  }
  Ring& operator=(Ring&& o) noexcept {
    if (this != &o) {
      std::free(data_);
      data_ = o.data_;
      head_ = o.head_;
      count_ = o.count_;
      mask_ = o.mask_;
      o.data_ = nullptr;
      o.head_ = o.count_ = 0;
      o.mask_ = 0;
    }
    return *this;
  }
  ~Ring() { std::free(data_); }

  std::uint64_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const Val& front() const { return data_[head_]; }
  // i-th value from the head.
  const Val& at(std::uint64_t i) const { return data_[(head_ + i) & mask_]; }

  void push(const Val& v) {
    if (count_ == capacity()) grow();
    data_[(head_ + count_) & mask_] = v;
    ++count_;
  }
  void pop() {
    head_ = (head_ + 1) & mask_;
    --count_;
  }
  // latestValue mode: the buffer becomes exactly [v].
  void overwrite(const Val& v) {
    if (capacity() == 0) grow();
    head_ = 0;
    count_ = 1;
    data_[0] = v;
  }
  void clear() {
    head_ = 0;
    count_ = 0;
  }

 private:
  std::uint64_t capacity() const { return data_ ? mask_ + 1 : 0; }
  void grow() {
    const std::uint64_t cap = data_ ? (mask_ + 1) * 2 : 4;
    Val* mem = static_cast<Val*>(std::malloc(cap * sizeof(Val)));
    if (!mem) throw std::bad_alloc();
    for (std::uint64_t i = 0; i < count_; ++i) mem[i] = at(i);
    std::free(data_);
    data_ = mem;
    head_ = 0;
    mask_ = cap - 1;
  }

  Val* data_ = nullptr;
  std::uint64_t head_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t mask_ = 0;
};

}  // namespace tt::vm::detail
