// A vector of trivially copyable elements that keeps its first N elements inline, so the
// common case (one owned endpoint, one token entry) never touches the heap. The inline
// storage and the heap pointer share their bytes: SmallVec<uint32_t, 2> is 16 bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

namespace tt::vm::detail {

template <class T, std::size_t N>
class SmallVec {
  static_assert(std::is_trivially_copyable_v<T>, "SmallVec holds plain data only");

 public:
  SmallVec() = default;
  SmallVec(const SmallVec& o) { assign(o); }
  SmallVec& operator=(const SmallVec& o) {
    if (this != &o) {
      size_ = 0;
      assign(o);
    }
    return *this;
  }
  SmallVec(SmallVec&& o) noexcept { steal(o); }
  SmallVec& operator=(SmallVec&& o) noexcept {
    if (this != &o) {
      release();
      steal(o);
    }
    return *this;
  }
  ~SmallVec() { release(); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return onHeap() ? u_.heap : u_.local; }
  const T* data() const { return onHeap() ? u_.heap : u_.local; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  const T& front() const { return data()[0]; }
  void clear() { size_ = 0; }

  void push_back(const T& v) {
    if (size_ == cap_) grow(size_ + 1);
    data()[size_++] = v;
  }
  void push_front(const T& v) {
    if (size_ == cap_) grow(size_ + 1);
    T* d = data();
    std::memmove(static_cast<void*>(d + 1), d, size_ * sizeof(T));
    d[0] = v;
    ++size_;
  }
  // Removes every element for which pred holds, keeping the order of the rest; returns the
  // number removed.
  template <class P>
  std::size_t eraseIf(P pred) {
    T* d = data();
    std::uint32_t w = 0;
    for (std::uint32_t r = 0; r < size_; ++r)
      if (!pred(d[r])) d[w++] = d[r];
    const std::size_t removed = size_ - w;
    size_ = w;
    return removed;
  }
  template <class P>
  bool any(P pred) const {
    for (const T& x : *this)
      if (pred(x)) return true;
    return false;
  }

 private:
  bool onHeap() const { return cap_ > N; }
  void assign(const SmallVec& o) {
    if (o.size_ > cap_) grow(o.size_);
    std::memcpy(static_cast<void*>(data()), o.data(), o.size_ * sizeof(T));
    size_ = o.size_;
  }
  void steal(SmallVec& o) {
    if (o.onHeap()) {
      u_.heap = o.u_.heap;
      cap_ = o.cap_;
      o.cap_ = N;
    } else {
      std::memcpy(static_cast<void*>(u_.local), o.u_.local, o.size_ * sizeof(T));
    }
    size_ = o.size_;
    o.size_ = 0;
  }
  void release() {
    if (onHeap()) std::free(u_.heap);
    cap_ = N;
    size_ = 0;
  }
  void grow(std::size_t want) {
    std::size_t cap = std::size_t{cap_} * 2;
    if (cap < want) cap = want;
    T* mem = static_cast<T*>(std::malloc(cap * sizeof(T)));
    if (!mem) throw std::bad_alloc();
    std::memcpy(static_cast<void*>(mem), data(), size_ * sizeof(T));
    if (onHeap()) std::free(u_.heap);
    u_.heap = mem;
    cap_ = static_cast<std::uint32_t>(cap);
  }

  union Storage {
    T local[N];
    T* heap;
    Storage() : heap(nullptr) {}
  } u_;
  std::uint32_t size_ = 0;
  std::uint32_t cap_ = N;
};

}  // namespace tt::vm::detail
