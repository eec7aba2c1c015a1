#include "transport.hpp"

#include <cstring>
#include <memory>

namespace net {

std::size_t Transport::write(const uint8_t *data, std::size_t length) {
  // A local unique_ptr that happens to share a name with Session's shared_ptr member: reset on it
  // is not a shared_ptr construction, and must not be rewritten.
  std::unique_ptr<uint8_t[]> last_;
  last_.reset(new uint8_t[length]);
  std::memcpy(last_.get(), data, length);
  sent_ += static_cast<uint32_t>(length);
  return length;
}

}  // namespace net
