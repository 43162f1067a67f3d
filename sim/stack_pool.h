// PooledStack: a Boost.Context stack allocator that reuses stacks.
//
// Every process incarnation needs a fiber stack; allocating a fresh one each
// time (a large malloc, hence mmap and munmap) costs a system call pair and
// serializes worker threads on the kernel's memory map lock. A PooledStack
// hands out stacks from a free list owned by the calling thread and takes
// them back there. Guarantees: a stack is used by one fiber at a time; the
// free list keeps at most kPooledStacksMax stacks per thread; all stacks
// have the size given at construction.
#pragma once

#include <boost/context/stack_context.hpp>

#include <cstddef>

namespace catsim {

inline constexpr size_t kPooledStacksMax = 64;

class PooledStack {
 public:
  explicit PooledStack(size_t stack_bytes) : stack_bytes_(stack_bytes) {}
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack) noexcept;

 private:
  size_t stack_bytes_;
};

}  // namespace catsim
