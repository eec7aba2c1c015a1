// Fake esp_heap_caps.h (a true boundary: the ESP-IDF heap). Every call is recorded. PSRAM is a pool
// with a settable capacity: a request with MALLOC_CAP_SPIRAM fails once it would not fit, exactly
// like a full external heap; internal RAM never fails. Memory comes from the host's malloc so the
// sanitizers see every block.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <vector>

#define MALLOC_CAP_EXEC (1 << 0)
#define MALLOC_CAP_32BIT (1 << 1)
#define MALLOC_CAP_8BIT (1 << 2)
#define MALLOC_CAP_DMA (1 << 3)
#define MALLOC_CAP_SPIRAM (1 << 10)
#define MALLOC_CAP_INTERNAL (1 << 11)
#define MALLOC_CAP_DEFAULT (1 << 12)

namespace fake_heap {
enum class op { malloc, aligned_alloc, free };
struct call {
  op kind;
  std::size_t size;
  std::size_t alignment;
  uint32_t caps;
  void *ptr;  // result (nullptr when the request failed) or the freed pointer
};
struct block {
  std::size_t size;
  bool psram;
};
struct state {
  std::vector<call> calls;
  std::map<void *, block> live;
  std::size_t psram_capacity = 64 * 1024;
  std::size_t psram_used = 0;
};
inline state &heap() {
  static state s;
  return s;
}
inline void *take(std::size_t size, std::size_t alignment, uint32_t caps, op kind) {
  state &h = heap();
  const bool psram = (caps & MALLOC_CAP_SPIRAM) != 0;
  void *p = nullptr;
  if (!psram || h.psram_used + size <= h.psram_capacity) {
    const std::size_t a = alignment < alignof(std::max_align_t) ? alignof(std::max_align_t) : alignment;
    p = std::aligned_alloc(a, (size + a - 1) / a * a);
  }
  if (p != nullptr) {
    h.live[p] = block{size, psram};
    if (psram) h.psram_used += size;
  }
  h.calls.push_back(call{kind, size, alignment, caps, p});
  return p;
}
}  // namespace fake_heap

inline void *heap_caps_malloc(std::size_t size, uint32_t caps) {
  return fake_heap::take(size, 4, caps, fake_heap::op::malloc);
}
inline void *heap_caps_aligned_alloc(std::size_t alignment, std::size_t size, uint32_t caps) {
  return fake_heap::take(size, alignment, caps, fake_heap::op::aligned_alloc);
}
inline void heap_caps_free(void *ptr) {
  fake_heap::state &h = fake_heap::heap();
  h.calls.push_back(fake_heap::call{fake_heap::op::free, 0, 0, 0, ptr});
  if (ptr == nullptr) return;
  auto it = h.live.find(ptr);
  if (it == h.live.end()) std::abort();  // freeing something this heap never gave out
  if (it->second.psram) h.psram_used -= it->second.size;
  h.live.erase(it);
  std::free(ptr);
}
