// Built with -m32 (size_t is 32 bits, as on ESP chips) by header.test.ts: more than 4 GiB pass
// through the allocator (a 1 MiB block allocated and freed 4,100 times) and the byte counters
// must hold the exact 64-bit total, in stats() and in the log line.
#include <cstdio>

#include "psram_shared.hpp"

static_assert(sizeof(std::size_t) == 4, "build this test with -m32");

int main() {
  fake_heap::heap().record = false;
  fake_heap::capacity(fake_heap::pool::psram) = 2u << 20;
  psram::allocator<char> bytes;
  constexpr std::size_t kBlock = 1u << 20;
  constexpr unsigned kRounds = 4100;
  for (unsigned i = 0; i < kRounds; ++i) bytes.deallocate(bytes.allocate(kBlock), kBlock);
  const psram::stats_snapshot s = psram::stats();
  const bool ok = s.bytes == std::uint64_t{kRounds} * kBlock && s.psram_bytes == s.bytes && s.live_bytes == 0;
  psram::log_stats();
  std::printf("%s\n", ok ? "PASS" : "FAILED");
  return ok ? 0 : 1;
}
