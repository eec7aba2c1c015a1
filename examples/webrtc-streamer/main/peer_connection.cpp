#include "peer_connection.hpp"


namespace app {

namespace stdns = ::std;

PeerConnection::PeerConnection() {
  // PSR001 through a namespace alias of std, split over lines.
  mLastCandidate = stdns::
      make_shared<IceCandidate>();
  // PSR005: a weak_ptr taken from make_shared storage keeps the whole block alive.
  mObserved = mLastCandidate;
}

std::shared_ptr<rtc::Channel> PeerConnection::createDataChannel(const std::string &label) {
  auto channel = ::std::make_shared<rtc::Channel>(label);  // PSR001 with a leading ::
  mChannels[label] = channel;
  return channel;
}

void PeerConnection::addCandidate(const IceCandidate &candidate) {
  std::allocator<IceCandidate> alloc;
  // PSR002: allocate_shared with the default allocator still lands in internal RAM.
  mLastCandidate = std::allocate_shared<IceCandidate>(alloc, candidate);
  // "std::make_shared<IceCandidate>()" in a string or a comment is never flagged.
  const char *doc = "std::make_shared<IceCandidate>()";
  (void)doc;
}

} // namespace app
