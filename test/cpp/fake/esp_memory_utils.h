// Fake esp_memory_utils.h: esp_ptr_external_ram() answers from the fake heap's own records.
#pragma once
#include "esp_heap_caps.h"

inline bool esp_ptr_external_ram(const void *p) {
  fake_heap::state &h = fake_heap::heap();
  std::lock_guard<std::mutex> lock(h.mutex);
  auto it = h.live.find(const_cast<void *>(p));
  return it != h.live.end() && it->second.where == fake_heap::pool::psram;
}
