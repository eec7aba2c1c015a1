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
