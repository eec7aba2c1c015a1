#include <memory>
#include <string>
#include <vector>

#include "peer_connection.hpp"

using namespace std;  // PSR004: unqualified make_shared below resolves to std::make_shared

namespace app {

struct Frame {
  uint32_t timestamp;
  uint8_t payload[1200];
};

vector<shared_ptr<Frame>> makeFrames(size_t count) {
  vector<shared_ptr<Frame>> frames;
  frames.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    frames.push_back(make_shared<Frame>());  // PSR004
  }
  return frames;
}

shared_ptr<Frame> reuse(shared_ptr<Frame> &slot) {
  slot.reset(new Frame);  // PSR003: reset(new ...)
  return slot;
}

#ifndef ESP_PLATFORM
// Host-only test helper: never flagged.
shared_ptr<Frame> hostFrame() { return std::make_shared<Frame>(); }
#endif

}  // namespace app
