// Built with -fno-exceptions (ESP-IDF's default), run as a child process by header.test.ts: PSRAM
// and internal RAM are both full, so make_shared must log the request (size, caps) and abort.
#include <memory>

#include "psram_shared.hpp"

int main() {
  fake_heap::capacity(fake_heap::pool::psram) = 0;
  fake_heap::capacity(fake_heap::pool::internal) = 0;
  fake_heap::capacity(fake_heap::pool::reserve) = 0;
  auto p = psram::make_shared<long>(1);
  return p ? 3 : 4;  // not reached
}
