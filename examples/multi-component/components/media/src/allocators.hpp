// Allocators of the media component: where allocate_shared puts a block is what allocate() does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "esp_heap_caps.h"

namespace media {

/** Every block in PSRAM. */
template <class T>
struct SpiramAllocator {
  using value_type = T;
  SpiramAllocator() = default;
  template <class U>
  SpiramAllocator(const SpiramAllocator<U> &) {}
  T *allocate(std::size_t n) {
    return static_cast<T *>(heap_caps_malloc(n * sizeof(T), MALLOC_CAP_SPIRAM | MALLOC_CAP_8BIT));
  }
  void deallocate(T *p, std::size_t) { heap_caps_free(p); }
};

/** Caps chosen by the pool configuration at run time. */
extern uint32_t g_frame_caps;

template <class T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() = default;
  template <class U>
  PoolAllocator(const PoolAllocator<U> &) {}
  T *allocate(std::size_t n) { return static_cast<T *>(heap_caps_malloc(n * sizeof(T), g_frame_caps)); }
  void deallocate(T *p, std::size_t) { heap_caps_free(p); }
};

/** The application installs the hook. */
using alloc_hook = void *(*)(std::size_t);
extern alloc_hook g_alloc_hook;

template <class T>
struct HookAllocator {
  using value_type = T;
  HookAllocator() = default;
  template <class U>
  HookAllocator(const HookAllocator<U> &) {}
  T *allocate(std::size_t n) { return static_cast<T *>(g_alloc_hook(n * sizeof(T))); }
  void deallocate(T *p, std::size_t) { std::free(p); }
};

/** Counts, then asks malloc: placed like std::allocator's blocks. */
template <class T>
struct CountingAllocator {
  using value_type = T;
  CountingAllocator() = default;
  template <class U>
  CountingAllocator(const CountingAllocator<U> &) {}
  T *allocate(std::size_t n) {
    ++count;
    return static_cast<T *>(std::malloc(n * sizeof(T)));
  }
  void deallocate(T *p, std::size_t) { std::free(p); }
  static inline std::size_t count = 0;
};

template <class T, class U>
bool operator==(const SpiramAllocator<T> &, const SpiramAllocator<U> &) { return true; }
template <class T, class U>
bool operator!=(const SpiramAllocator<T> &, const SpiramAllocator<U> &) { return false; }
template <class T, class U>
bool operator==(const PoolAllocator<T> &, const PoolAllocator<U> &) { return true; }
template <class T, class U>
bool operator!=(const PoolAllocator<T> &, const PoolAllocator<U> &) { return false; }
template <class T, class U>
bool operator==(const HookAllocator<T> &, const HookAllocator<U> &) { return true; }
template <class T, class U>
bool operator!=(const HookAllocator<T> &, const HookAllocator<U> &) { return false; }
template <class T, class U>
bool operator==(const CountingAllocator<T> &, const CountingAllocator<U> &) { return true; }
template <class T, class U>
bool operator!=(const CountingAllocator<T> &, const CountingAllocator<U> &) { return false; }

}  // namespace media
