// See odr_a.cpp: this unit is built with PSRAM_LENS_USE_PSRAM=0 (std's factories), and holds main.
#include <cstdio>
#include <memory>

#include "esp_heap_caps.h"
#include "psram_shared.hpp"

std::shared_ptr<int> make_in_a(int v);
std::shared_ptr<int> make_in_b(int v);
bool a_uses_psram();
bool b_uses_psram();

int main() {
  int failures = 0;
  auto check = [&failures](bool ok, const char *what) {
    if (!ok) {
      ++failures;
      std::printf("FAIL %s\n", what);
    }
  };
  check(a_uses_psram() && b_uses_psram() && !psram::uses_psram, "each unit keeps its PSRAM switch");
  const std::size_t logged = fake_log::lines().size();
  const std::size_t heap_calls = fake_heap::heap().calls.size();
  {
    auto a = make_in_a(1);
    check(fake_log::lines().size() == logged + 1, "the verbose unit logs its allocation");
  }
  check(fake_log::lines().size() == logged + 2, "... and its free");
  {
    auto b = make_in_b(2);
    check(fake_heap::heap().calls.size() == heap_calls + 3, "the quiet unit allocates from PSRAM too");
  }
  check(fake_log::lines().size() == logged + 2, "the quiet unit logs nothing");
  {
    auto c = psram::make_shared<int>(3);
    check(*c == 3, "std's factory works");
  }
  check(fake_heap::heap().calls.size() == heap_calls + 4, "std's factory leaves the PSRAM heap alone");
  const psram::stats_snapshot s = psram::stats();
  check(s.allocs == 2 && s.frees == 2 && s.live_bytes == 0, "one set of counters for all units");
  std::printf("%s\n", failures == 0 ? "PASS" : "FAILED");
  return failures == 0 ? 0 : 1;
}
