#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "allocators.hpp"
#include "frame.hpp"
#include "net/session.hpp"
#include "sdkconfig.h"

// The finding (and its fix) is at the macro's definition, not at each use.
#define MEDIA_NEW_FRAME() std::make_shared<Frame>()  // @PSR001

namespace media {

uint32_t g_frame_caps = MALLOC_CAP_8BIT;
alloc_hook g_alloc_hook = std::malloc;

struct Decoder {
  virtual ~Decoder() = default;
  virtual bool decode(Frame &frame) = 0;
};

#if CONFIG_MEDIA_SOFTWARE_CODEC
struct SoftwareDecoder : Decoder {
  uint8_t scratch[4096];
  bool decode(Frame &) override { return true; }
};
#else
struct HardwareDecoder : Decoder {
  uint32_t channel = 0;
  bool decode(Frame &) override { return true; }
};
#endif

class Pipeline {
public:
  Pipeline()
      : session_(net::Session::create("camera")),
        stats_(std::make_shared<Stats>()) {}  // @PSR001

  void start() {
#if CONFIG_MEDIA_SOFTWARE_CODEC
    decoder_ = std::make_shared<SoftwareDecoder>();  // @PSR001:information (branch off)
#else
    decoder_ = std::make_shared<HardwareDecoder>();  // @PSR001
#endif
    for (int i = 0; i < CONFIG_MEDIA_FRAME_POOL; ++i) frames_.push_back(MEDIA_NEW_FRAME());
  }

  std::shared_ptr<Frame> pooled() {
    return std::allocate_shared<Frame>(SpiramAllocator<Frame>());  // in PSRAM: no finding
  }
  std::shared_ptr<Frame> configured() {
    return std::allocate_shared<Frame>(PoolAllocator<Frame>());  // @PSR002:information
  }
  std::shared_ptr<Frame> hooked() {
    return std::allocate_shared<Frame>(HookAllocator<Frame>());  // @PSR002:information
  }
  std::shared_ptr<Frame> counted() {
    return std::allocate_shared<Frame>(CountingAllocator<Frame>());  // @PSR002
  }
  std::shared_ptr<Frame> standard() {
    return std::allocate_shared<Frame>(std::allocator<Frame>());  // @PSR002
  }

private:
  struct Stats {
    uint32_t frames;
    uint32_t dropped;
  };
  std::shared_ptr<net::Session> session_;
  std::shared_ptr<Stats> stats_;
  std::weak_ptr<Stats> observer_{stats_};  // @PSR005
  std::shared_ptr<Decoder> decoder_;
  std::vector<std::shared_ptr<Frame>> frames_;
};

}  // namespace media

void media_start() {
  static media::Pipeline pipeline;
  pipeline.start();
  pipeline.pooled();
}
