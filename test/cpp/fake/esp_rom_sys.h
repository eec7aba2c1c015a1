// Fake esp_rom_sys.h: esp_rom_printf (the ROM printer, usable in an ISR) prints to stdout and
// keeps each line so the test program can inspect it.
#pragma once
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace fake_rom {
inline std::vector<std::string> &lines() {
  static std::vector<std::string> l;
  return l;
}
inline std::mutex &mutex() {
  static std::mutex m;
  return m;
}
}  // namespace fake_rom

__attribute__((format(printf, 1, 2))) inline int esp_rom_printf(const char *fmt, ...) {
  char text[600];
  va_list ap;
  va_start(ap, fmt);
  const int n = std::vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  std::lock_guard<std::mutex> lock(fake_rom::mutex());
  std::string line(text);
  if (!line.empty() && line.back() == '\n') line.pop_back();
  fake_rom::lines().push_back(line);
  std::fputs(text, stdout);
  std::fflush(stdout);
  return n;
}
