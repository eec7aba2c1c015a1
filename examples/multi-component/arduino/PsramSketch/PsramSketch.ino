// An Arduino-ESP32 sketch (its own project: no sdkconfig, so PSRAM Lens grades it with the
// arduino-esp32 core's PSRAM defaults, docs/reference/arduino-esp32.md).
#include <memory>
#include <vector>

struct Reading {
  float celsius;
  uint32_t at;
  char label[16];
  bool valid() const { return at != 0; }
};

std::vector<std::shared_ptr<Reading>> history;

std::shared_ptr<Reading> sample() {
  auto r = std::make_shared<Reading>();  // @PSR001
  r->celsius = temperatureRead();
  r->at = millis();
  return r;
}

void setup() {
  Serial.begin(115200);
  Serial.printf("PSRAM %s, %u bytes free\n", psramFound() ? "found" : "missing",
                static_cast<unsigned>(ESP.getFreePsram()));
}

void loop() {
  history.push_back(sample());
  if (history.size() > 32) history.erase(history.begin());
  delay(1000);
}
