#include <cstdio>
#include <memory>

#include "peer_connection.hpp"

#ifdef ESP_PLATFORM
#include "esp_heap_caps.h"
#include "esp_log.h"
#endif

namespace app {
std::vector<std::shared_ptr<struct Frame>> makeFrames(std::size_t count);
}

extern "C" void app_main(void) {
  auto pc = std::make_shared<app::PeerConnection>();  // PSR001
  auto channel = pc->createDataChannel("video");
  auto frames = app::makeFrames(3);
  std::printf("channels: %u, frames: %u\n", static_cast<unsigned>(pc->channelCount()),
              static_cast<unsigned>(frames.size()));
#ifdef ESP_PLATFORM
  heap_caps_print_heap_info(MALLOC_CAP_INTERNAL);
#endif
}

#ifndef ESP_PLATFORM
int main() {
  app_main();
  return 0;
}
#endif
