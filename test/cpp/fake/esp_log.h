// Fake esp_log.h (a true boundary: the ESP-IDF logging component). Lines are printed to stdout in
// the real log v1 format ("I (ms) tag: message") with a fake, increasing timestamp, and each
// message is also kept so the test program can inspect it. The run-time level filter is modelled
// per tag (default Info, esp_log_level_set changes it). ESP_LOG takes a lock on the device, which
// an ISR or a critical section must not: a call there aborts.
#pragma once
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "freertos/FreeRTOS.h"

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
inline std::map<std::string, esp_log_level_t> &levels() {
  static std::map<std::string, esp_log_level_t> t;
  return t;
}
inline std::mutex &mutex() {
  static std::mutex m;
  return m;
}
inline uint32_t &clock() {
  static uint32_t ms = 1000;
  return ms;
}
inline esp_log_level_t level_of(const char *tag) {
  auto it = levels().find(tag);
  return it == levels().end() ? ESP_LOG_INFO : it->second;
}
__attribute__((format(printf, 3, 4))) inline void write(esp_log_level_t level, const char *tag,
                                                        const char *fmt, ...) {
  if (!xPortCanYield()) std::abort();  // the real ESP_LOG would take its lock here
  std::lock_guard<std::mutex> lock(mutex());
  if (level > level_of(tag)) return;
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  const char letter = "NEWIDV"[level];
  char line[600];
  std::snprintf(line, sizeof line, "%c (%u) %s: %s", letter, static_cast<unsigned>(clock()++), tag,
                message);
  lines().push_back(line);
  std::printf("%s\n", line);
  std::fflush(stdout);
}
}  // namespace fake_log

inline void esp_log_level_set(const char *tag, esp_log_level_t level) {
  std::lock_guard<std::mutex> lock(fake_log::mutex());
  fake_log::levels()[tag] = level;
}
inline uint32_t esp_log_early_timestamp(void) { return fake_log::clock(); }

#define ESP_LOGE(tag, format, ...) fake_log::write(ESP_LOG_ERROR, tag, format, ##__VA_ARGS__)
#define ESP_LOGI(tag, format, ...) fake_log::write(ESP_LOG_INFO, tag, format, ##__VA_ARGS__)
#define ESP_LOGD(tag, format, ...) fake_log::write(ESP_LOG_DEBUG, tag, format, ##__VA_ARGS__)
#define ESP_LOG_LEVEL(level, tag, format, ...) fake_log::write(level, tag, format, ##__VA_ARGS__)
