// Never spells the smart pointer: transport_ and last_ are std::shared_ptr members declared in
// net/session.hpp, so both reset(new ...) calls are shared_ptr-from-new sites.
#include "net/session.hpp"

#include "transport.hpp"

namespace net {

Session::Session(std::string peer) : peer_(std::move(peer)) {}

Session::~Session() = default;

void Session::open() {
  transport_.reset(new Transport(peer_));  // @PSR003
}

void Session::send(const Packet &packet) {
  last_.reset(new Packet(packet));  // @PSR003
  if (transport_) transport_->write(packet.data(), packet.length);
}

}  // namespace net
