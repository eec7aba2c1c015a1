#include <cstdint>
#include <functional>
#include <memory>

#include "net/session.hpp"

void media_start();

namespace {

struct Uptime {
  uint32_t seconds;
  uint32_t restarts;
};

std::function<void()> g_tick;

}  // namespace

extern "C" void app_main(void) {
  auto session = net::Session::create("peer");
  session->open();
  auto uptime = std::make_shared<Uptime>();  // @PSR001
  g_tick = [w = std::weak_ptr<Uptime>(uptime)] {  // @PSR005
    if (auto u = w.lock()) ++u->seconds;
  };
  media_start();
}
