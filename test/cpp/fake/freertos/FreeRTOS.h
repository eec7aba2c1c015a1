// Fake freertos/FreeRTOS.h: only xPortCanYield(), false in an ISR or a critical section. The test
// program sets fake_rtos::constrained() to run code "in an ISR".
#pragma once
namespace fake_rtos {
inline bool &constrained() {
  static thread_local bool c = false;
  return c;
}
}  // namespace fake_rtos
inline bool xPortCanYield(void) { return !fake_rtos::constrained(); }
