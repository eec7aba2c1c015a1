// Fake Arduino.h (a true boundary: the arduino-esp32 core) with just what the example sketch uses,
// so host g++ can check that the sketch is valid C++. The Arduino build includes it implicitly.
#pragma once
#include <cstdarg>
#include <cstdint>
#include <cstdio>

struct HardwareSerial {
  void begin(unsigned long) {}
  __attribute__((format(printf, 2, 3))) int printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = std::vprintf(fmt, ap);
    va_end(ap);
    return n;
  }
};
inline HardwareSerial Serial;

struct EspClass {
  uint32_t getFreePsram() { return 0; }
  uint32_t getPsramSize() { return 0; }
};
inline EspClass ESP;

inline bool psramFound() { return false; }
inline unsigned long millis() { return 0; }
inline void delay(uint32_t) {}
inline float temperatureRead() { return 0.0f; }
