// stats() under concurrency (driven by test/cpp/header.test.ts, built ESP-like with the fake heap,
// once under -fsanitize=thread and once optimised as a stress run). Two threads allocate and free
// PSRAM blocks while a third samples stats(): live_bytes must stay within what can be live at
// once (it wrapped below zero when it was computed from two separate loads), and every counter
// must add up at the end. Usage: threads_test <rounds per thread>.
#include "psram_shared.hpp"

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace {
struct Payload {
  std::array<unsigned char, 40> bytes{};
};
constexpr int kWriters = 2;
constexpr std::size_t kHeld = 8;  // objects each writer keeps (plus the one replacing the oldest)

std::uint64_t block_size() {
  const std::uint64_t before = psram::stats().bytes;
  psram::make_shared<Payload>().reset();
  return psram::stats().bytes - before;
}
}  // namespace

int main(int argc, char **argv) {
  const long rounds = argc > 1 ? std::atol(argv[1]) : 100000;
  fake_heap::heap().record = false;
  fake_heap::capacity(fake_heap::pool::psram) = SIZE_MAX / 2;
  const std::uint64_t block = block_size();
  const std::uint64_t bound = block * kWriters * (kHeld + 1);

  std::atomic<bool> done{false};
  std::atomic<long> samples{0}, bad{0};
  std::uint64_t worst = 0;
  std::thread reader([&] {
    while (!done.load(std::memory_order_acquire)) {
      const std::uint64_t live = psram::stats().live_bytes;
      if (live > bound) {
        bad.fetch_add(1, std::memory_order_relaxed);
        if (live > worst) worst = live;
      }
      samples.fetch_add(1, std::memory_order_relaxed);
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([rounds] {
      std::array<std::shared_ptr<Payload>, kHeld> held;
      for (long i = 0; i < rounds; ++i) held[static_cast<std::size_t>(i) % kHeld] = psram::make_shared<Payload>();
    });
  }
  for (auto &t : writers) t.join();
  done.store(true, std::memory_order_release);
  reader.join();

  const psram::stats_snapshot s = psram::stats();
  const std::uint64_t expected_allocs = 1 + static_cast<std::uint64_t>(kWriters) * static_cast<std::uint64_t>(rounds);
  const bool ok = bad.load() == 0 && s.live_bytes == 0 && s.allocs == expected_allocs &&
                  s.frees == s.allocs && s.bytes == s.allocs * block;
  std::printf("samples=%ld out_of_range=%ld worst=%llu bound=%llu allocs=%llu live=%llu\n", samples.load(),
              bad.load(), static_cast<unsigned long long>(worst), static_cast<unsigned long long>(bound),
              static_cast<unsigned long long>(s.allocs), static_cast<unsigned long long>(s.live_bytes));
  psram::log_stats();
  std::printf("%s\n", ok ? "PASS" : "FAILED");
  return ok ? 0 : 1;
}
