// Private header of the net component (PRIV_INCLUDE_DIRS "src").
#pragma once

#include <cstdint>
#include <string>

namespace net {

class Transport {
public:
  explicit Transport(std::string peer) : peer_(std::move(peer)) {}
  std::size_t write(const uint8_t *data, std::size_t length);

private:
  std::string peer_;
  uint32_t sent_ = 0;
};

}  // namespace net
