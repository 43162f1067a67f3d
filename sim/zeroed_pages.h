// ZeroedPages: a large array of zero bytes straight from the kernel
// (anonymous mmap), for the explorer's fingerprint sets.
//
// Guarantees:
//  1. The memory reads as zero until written, and costs nothing resident
//     until touched (no memset pass over gigabytes).
//  2. release_prefix(bytes) hands the pages wholly inside [0, bytes) back
//     to the kernel at once (a rehash drains the old table front to back,
//     so the old and the new table never both sit in memory whole); they
//     read as zero afterwards.
//  3. Page-aligned (so any element type up to a page is aligned), freed on
//     destruction; move-only.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <utility>

#include "sim/check.h"

namespace catsim::model {

class ZeroedPages {
 public:
  ZeroedPages() = default;
  explicit ZeroedPages(size_t bytes) : bytes_(bytes) {
    CATSIM_CHECK(bytes > 0);
    void* data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CATSIM_CHECK_MSG(data != MAP_FAILED, "out of memory for the explorer's fingerprint set");
    data_ = static_cast<unsigned char*>(data);
  }
  ZeroedPages(ZeroedPages&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        bytes_(std::exchange(other.bytes_, 0)),
        released_(std::exchange(other.released_, 0)) {}
  ZeroedPages& operator=(ZeroedPages&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
    std::swap(released_, other.released_);
    return *this;
  }
  ZeroedPages(const ZeroedPages&) = delete;
  ZeroedPages& operator=(const ZeroedPages&) = delete;
  ~ZeroedPages() {
    if (data_ != nullptr) munmap(data_, bytes_);
  }

  template <class T>
  T* as() const {
    return reinterpret_cast<T*>(data_);
  }
  size_t bytes() const { return bytes_; }

  void release_prefix(size_t bytes) {
    const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t whole = std::min(bytes, bytes_) / page * page;
    if (whole > released_) {
      CATSIM_CHECK(madvise(data_ + released_, whole - released_, MADV_DONTNEED) == 0);
      released_ = whole;
    }
  }

 private:
  unsigned char* data_ = nullptr;
  size_t bytes_ = 0;
  size_t released_ = 0;
};

}  // namespace catsim::model
