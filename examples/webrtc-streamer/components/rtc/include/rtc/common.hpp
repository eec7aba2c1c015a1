// Platform header of the rtc component: every source file includes it first.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rtc {

using std::shared_ptr;
using std::weak_ptr;
using std::enable_shared_from_this;

using binary = std::vector<unsigned char>;
using message_callback = std::function<void(const std::string &)>;

} // namespace rtc
