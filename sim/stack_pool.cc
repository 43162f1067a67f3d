#include "sim/stack_pool.h"

#include <cstdlib>
#include <new>
#include <vector>

#include "sim/check.h"

namespace catsim {

namespace {

struct FreeStacks {
  size_t stack_bytes = 0;
  std::vector<void*> stacks;
  ~FreeStacks() {
    for (void* stack : stacks) std::free(stack);
  }
};

FreeStacks& free_stacks() {
  thread_local FreeStacks pool;
  return pool;
}

}  // namespace

boost::context::stack_context PooledStack::allocate() {
  FreeStacks& pool = free_stacks();
  void* base = nullptr;
  if (pool.stack_bytes == stack_bytes_ && !pool.stacks.empty()) {
    base = pool.stacks.back();
    pool.stacks.pop_back();
  } else {
    base = std::malloc(stack_bytes_);
    if (base == nullptr) throw std::bad_alloc();
  }
  boost::context::stack_context stack;
  stack.size = stack_bytes_;
  stack.sp = static_cast<char*>(base) + stack_bytes_;  // stacks grow down
  return stack;
}

void PooledStack::deallocate(boost::context::stack_context& stack) noexcept {
  CATSIM_CHECK(stack.size == stack_bytes_);
  void* base = static_cast<char*>(stack.sp) - stack.size;
  FreeStacks& pool = free_stacks();
  if (pool.stack_bytes != stack_bytes_) {
    for (void* old : pool.stacks) std::free(old);
    pool.stacks.clear();
    pool.stack_bytes = stack_bytes_;
  }
  if (pool.stacks.size() < kPooledStacksMax) {
    pool.stacks.push_back(base);
  } else {
    std::free(base);
  }
}

}  // namespace catsim
