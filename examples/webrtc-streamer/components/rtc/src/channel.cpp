#include "rtc/channel.hpp"

namespace rtc {

bool Channel::send(const binary &data) {
  // PSR001: a std::make_shared in a hot path, one internal-RAM block per message.
  auto message = std::make_shared<Message>();
  message->data = data;
  mQueue.push_back(message);
  return true;
}

shared_ptr<Message> Channel::makeMessage(binary data, int type) {
  // PSR003: shared_ptr from a raw new, two internal-RAM blocks.
  shared_ptr<Message> message(new Message);
  message->type = type;
  message->data = std::move(data);
  return message;
}

} // namespace rtc

#ifdef ESP_PLATFORM
#include "esp_heap_caps.h"

// Only DMA-capable internal RAM qualifies, however much PSRAM is free: this is the request that
// fails once the make_shared blocks above have filled internal RAM.
unsigned char *rtc::Channel::dmaBuffer(std::size_t size) {
  return static_cast<unsigned char *>(heap_caps_malloc(size, MALLOC_CAP_DMA | MALLOC_CAP_INTERNAL));
}
#endif
