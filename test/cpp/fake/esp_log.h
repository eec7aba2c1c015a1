// Fake esp_log.h (a true boundary: the ESP-IDF logging component). Lines are printed to stdout in
// the real log v1 format ("I (ms) tag: message") with a fake, increasing timestamp, and each
// message is also kept so the test program can inspect it. The run-time level filter is modelled:
// debug lines of a tag print only after esp_log_level_set(tag, ESP_LOG_DEBUG).
#pragma once
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

typedef enum {
  ESP_LOG_NONE,
  ESP_LOG_ERROR,
  ESP_LOG_WARN,
  ESP_LOG_INFO,
  ESP_LOG_DEBUG,
  ESP_LOG_VERBOSE
} esp_log_level_t;

namespace fake_log {
inline std::vector<std::string> &lines() {
  static std::vector<std::string> l;
  return l;
}
inline std::set<std::string> &debug_tags() {
  static std::set<std::string> t;
  return t;
}
inline uint32_t &clock() {
  static uint32_t ms = 1000;
  return ms;
}
__attribute__((format(printf, 3, 4))) inline void write(char letter, const char *tag,
                                                        const char *fmt, ...) {
  if (letter == 'D' && debug_tags().count(tag) == 0) return;
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  char line[600];
  std::snprintf(line, sizeof line, "%c (%u) %s: %s", letter, static_cast<unsigned>(clock()++), tag,
                message);
  lines().push_back(line);
  std::printf("%s\n", line);
}
}  // namespace fake_log

inline void esp_log_level_set(const char *tag, esp_log_level_t level) {
  if (level >= ESP_LOG_DEBUG) fake_log::debug_tags().insert(tag);
  else fake_log::debug_tags().erase(tag);
}

#define ESP_LOGI(tag, format, ...) fake_log::write('I', tag, format, ##__VA_ARGS__)
#define ESP_LOGD(tag, format, ...) fake_log::write('D', tag, format, ##__VA_ARGS__)
#define ESP_LOG_LEVEL(level, tag, format, ...) \
  fake_log::write((level) == ESP_LOG_DEBUG ? 'D' : 'I', tag, format, ##__VA_ARGS__)
