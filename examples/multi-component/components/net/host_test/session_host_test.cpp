// Host-only unit test of the net component: not in the component's SRCS, never built for the ESP32.
#include <cassert>
#include <memory>
#include <stdexcept>

#include "net/session.hpp"

#define EXPECT_THROW(stmt, E)  \
  do {                         \
    bool thrown = false;       \
    try {                      \
      stmt;                    \
    } catch (const E &) {      \
      thrown = true;           \
    }                          \
    assert(thrown);            \
  } while (0)

int main() {
  auto session = net::Session::create("host");  // not a factory call site: Session::create
  auto packet = std::make_shared<net::Packet>();  // @PSR001:information
  EXPECT_THROW(std::shared_ptr<net::Packet> p(new net::Packet()); throw std::runtime_error("x"),  // @PSR003:information
               std::runtime_error);
  (void)session;
  (void)packet;
  return 0;
}
