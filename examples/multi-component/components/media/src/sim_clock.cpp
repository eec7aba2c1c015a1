// Host simulator clock: EXCLUDE_SRCS keeps it out of the ESP-IDF build.
#include <chrono>
#include <memory>

namespace media {

struct SimClock {
  std::chrono::microseconds now{0};
};

std::shared_ptr<SimClock> simClock() { return std::make_shared<SimClock>(); }  // @PSR001:information

}  // namespace media
