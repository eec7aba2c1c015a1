// Public header of the net component: media and main include it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace net {

struct Packet {
  uint32_t sequence;
  uint16_t length;
  uint8_t payload[64];
  // Member functions take no room in the object: sizeof(Packet) is 72 on ESP targets.
  const uint8_t *data() const { return payload; }
  bool empty() const { return length == 0; }
};

class Transport;

class Session : public std::enable_shared_from_this<Session> {
public:
  explicit Session(std::string peer);
  ~Session();

  static std::shared_ptr<Session> create(const std::string &peer) {
    return std::make_shared<Session>(peer);  // @PSR001
  }

  void open();
  void send(const Packet &packet);
  std::shared_ptr<Packet> lastPacket() const { return last_; }
  std::weak_ptr<Packet> watchScratch() const {
    std::weak_ptr<Packet> watch = scratch_;  // @PSR005
    return watch;
  }

private:
  std::string peer_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<Packet> last_;
  std::shared_ptr<Packet> scratch_ = std::make_shared<Packet>();  // @PSR001
};

}  // namespace net
