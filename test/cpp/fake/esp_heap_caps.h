// Fake esp_heap_caps.h (a true boundary: the ESP-IDF heap). Every call is recorded (unless
// recording is switched off for stress runs). Three pools with settable capacities model what the
// header's choices depend on (docs/reference/malloc-policy.md C3, C5):
// - PSRAM: requests with MALLOC_CAP_SPIRAM;
// - internal RAM: every other request;
// - the CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL pool (caps DMA|INTERNAL|8BIT|32BIT): taken only when
//   internal RAM is full and the request asks for nothing the pool lacks, so MALLOC_CAP_DEFAULT
//   requests never reach it.
// heap_caps_malloc_prefer tries its caps in order and, like v4.4.1+, reports a failure to the
// failed-allocation hook (counted in hook_calls) only when every attempt failed; the other calls
// report each failure.
// On IDF before v4.3 (FAKE_IDF_VERSION) a heap_caps_aligned_alloc block must be released with
// heap_caps_aligned_free; from v4.3 heap_caps_aligned_free is deprecated. A wrong free aborts.
// Memory comes from the host's malloc so the sanitizers see every block; a mutex makes it
// thread-safe like the real heap.
#pragma once
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "esp_idf_version.h"

#define MALLOC_CAP_EXEC (1 << 0)
#define MALLOC_CAP_32BIT (1 << 1)
#define MALLOC_CAP_8BIT (1 << 2)
#define MALLOC_CAP_DMA (1 << 3)
#define MALLOC_CAP_SPIRAM (1 << 10)
#define MALLOC_CAP_INTERNAL (1 << 11)
#define MALLOC_CAP_DEFAULT (1 << 12)

namespace fake_heap {
enum class op { malloc, aligned_alloc, free, aligned_free };
enum class pool { psram, internal, reserve };
constexpr uint32_t kReserveCaps = MALLOC_CAP_DMA | MALLOC_CAP_INTERNAL | MALLOC_CAP_8BIT | MALLOC_CAP_32BIT;
constexpr bool kAlignedFreeRequired = ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(4, 3, 0);
struct call {
  op kind;
  std::size_t size;
  std::size_t alignment;
  uint32_t caps;
  void *ptr;  // result (nullptr when the request failed) or the freed pointer
};
struct block {
  std::size_t size;
  pool where;
  bool aligned;
};
struct state {
  std::mutex mutex;
  bool record = true;
  int hook_calls = 0;
  std::vector<call> calls;
  std::map<void *, block> live;
  std::size_t capacity[3] = {64 * 1024, SIZE_MAX, 32 * 1024};
  std::size_t used[3] = {0, 0, 0};
};
inline state &heap() {
  static state s;
  return s;
}
inline std::size_t &capacity(pool p) { return heap().capacity[static_cast<int>(p)]; }
inline std::size_t &used(pool p) { return heap().used[static_cast<int>(p)]; }
inline void *take(std::size_t size, std::size_t alignment, uint32_t caps, op kind, bool hook = true) {
  state &h = heap();
  std::lock_guard<std::mutex> lock(h.mutex);
  bool found = false;
  pool where = pool::internal;
  if ((caps & MALLOC_CAP_SPIRAM) != 0) {
    where = pool::psram;
    found = used(pool::psram) + size <= capacity(pool::psram);
  } else if (used(pool::internal) + size <= capacity(pool::internal)) {
    found = true;
  } else if ((caps & ~kReserveCaps) == 0 && used(pool::reserve) + size <= capacity(pool::reserve)) {
    where = pool::reserve;
    found = true;
  }
  void *p = nullptr;
  if (found) {
    const std::size_t a = alignment < alignof(std::max_align_t) ? alignof(std::max_align_t) : alignment;
    p = std::aligned_alloc(a, (size + a - 1) / a * a);
  }
  if (p != nullptr) {
    h.live[p] = block{size, where, kind == op::aligned_alloc};
    used(where) += size;
  }
  if (h.record) h.calls.push_back(call{kind, size, alignment, caps, p});
  if (p == nullptr && hook) ++h.hook_calls;
  return p;
}
inline void give_back(void *ptr, op kind) {
  state &h = heap();
  std::lock_guard<std::mutex> lock(h.mutex);
  if (h.record) h.calls.push_back(call{kind, 0, 0, 0, ptr});
  if (ptr == nullptr) return;
  auto it = h.live.find(ptr);
  if (it == h.live.end()) std::abort();  // freeing something this heap never gave out
  if (kAlignedFreeRequired && it->second.aligned != (kind == op::aligned_free)) std::abort();
  used(it->second.where) -= it->second.size;
  h.live.erase(it);
  std::free(ptr);
}
}  // namespace fake_heap

inline void *heap_caps_malloc(std::size_t size, uint32_t caps) {
  return fake_heap::take(size, 4, caps, fake_heap::op::malloc);
}
inline void *heap_caps_malloc_prefer(std::size_t size, std::size_t num, ...) {
  va_list ap;
  va_start(ap, num);
  void *p = nullptr;
  for (std::size_t i = 0; i < num && p == nullptr; ++i) {
    p = fake_heap::take(size, 4, va_arg(ap, uint32_t), fake_heap::op::malloc, false);
  }
  va_end(ap);
  if (p == nullptr) {
    std::lock_guard<std::mutex> lock(fake_heap::heap().mutex);
    ++fake_heap::heap().hook_calls;
  }
  return p;
}
inline void *heap_caps_aligned_alloc(std::size_t alignment, std::size_t size, uint32_t caps) {
  return fake_heap::take(size, alignment, caps, fake_heap::op::aligned_alloc);
}
inline void heap_caps_free(void *ptr) { fake_heap::give_back(ptr, fake_heap::op::free); }
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(4, 3, 0)
__attribute__((deprecated))
#endif
inline void heap_caps_aligned_free(void *ptr) {
  fake_heap::give_back(ptr, fake_heap::op::aligned_free);
}
