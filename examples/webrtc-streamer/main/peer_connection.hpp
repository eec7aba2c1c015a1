#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "rtc/channel.hpp"

namespace app {

struct IceCandidate {
  char foundation[32];
  uint32_t priority;
  uint16_t port;
  bool relayed;
};

class PeerConnection {
public:
  PeerConnection();
  std::shared_ptr<rtc::Channel> createDataChannel(const std::string &label);
  void addCandidate(const IceCandidate &candidate);
  std::size_t channelCount() const { return mChannels.size(); }

private:
  std::map<std::string, std::shared_ptr<rtc::Channel>> mChannels;
  std::shared_ptr<IceCandidate> mLastCandidate;
  std::weak_ptr<IceCandidate> mObserved;
};

} // namespace app
