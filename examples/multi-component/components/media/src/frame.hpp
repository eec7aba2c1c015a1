// Private header of the media component (PRIV_INCLUDE_DIRS "src").
#pragma once

#include <cstdint>

namespace media {

struct Frame {
  uint64_t pts;
  uint32_t width;
  uint32_t height;
  uint8_t *planes[3];
  uint32_t stride() const { return width; }
};

}  // namespace media
