#pragma once

#include "rtc/common.hpp"

namespace rtc {

struct Message {
  int type = 0;
  unsigned int stream = 0;
  binary data;
};

class Channel : public enable_shared_from_this<Channel> {
public:
  explicit Channel(std::string label) : mLabel(std::move(label)) {}
  virtual ~Channel() = default;

  void onMessage(message_callback cb) { mCallback = std::move(cb); }
  bool send(const binary &data);
  const std::string &label() const { return mLabel; }

  // Queues are created lazily: one block per message.
  shared_ptr<Message> makeMessage(binary data, int type = 0);

  // The radio's transmit buffer: DMA-capable internal RAM only (ESP builds).
  static unsigned char *dmaBuffer(std::size_t size);

private:
  std::string mLabel;
  message_callback mCallback;
  std::vector<shared_ptr<Message>> mQueue;
};

} // namespace rtc
