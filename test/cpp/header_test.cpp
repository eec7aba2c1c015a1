// Host proof of the generated PSRAM header (driven by test/cpp/header.test.ts).
// Built as plain host (factories = std), ESP-like (-DESP_PLATFORM, fake ESP-IDF headers from
// test/cpp/fake: factories = PSRAM) in several configurations (verbose, fallback policy, old IDF
// version), and PSRAM without ESP_PLATFORM. Prints "PASS <n> checks" or the failed checks, and
// exits non-zero on any failure.
#include "psram_shared.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

static int g_checks = 0;
static int g_failures = 0;
#define CHECK(cond)                                                        \
  do {                                                                     \
    ++g_checks;                                                            \
    if (!(cond)) {                                                         \
      ++g_failures;                                                        \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
    }                                                                      \
  } while (0)

static int g_alive = 0;
struct Tracked {
  int value;
  explicit Tracked(int v = 7) : value(v) { ++g_alive; }
  Tracked(const Tracked &o) : value(o.value) { ++g_alive; }
  ~Tracked() { --g_alive; }
};

struct Node : std::enable_shared_from_this<Node> {
  int id = 3;
  std::shared_ptr<Node> self() { return shared_from_this(); }
};

struct alignas(64) Aligned {
  unsigned char bytes[100];
};

// A class derived from a std type: ADL looks into std through its base.
struct Label : std::string {
  using std::string::string;
};

// User code in its own namespace, the seed's style: unqualified factory via using-declarations.
namespace app {
using psram::allocate_shared;
using psram::make_shared;

struct Widget {
  std::string name;
  std::vector<int> data;
  std::chrono::milliseconds period{0};
  Widget() = default;
  Widget(std::string n, std::vector<int> d, std::chrono::milliseconds p)
      : name(std::move(n)), data(std::move(d)), period(p) {}
  template <class It>
  Widget(It first, It last) : data(first, last) {}
};
struct Holder {
  std::shared_ptr<int> inner;
  explicit Holder(std::shared_ptr<int> i) : inner(std::move(i)) {}
};
struct Named {
  Label label;
  explicit Named(Label l) : label(std::move(l)) {}
};

// Every argument type below comes from std, so a make_shared *function* template here would be
// ambiguous with std::make_shared through ADL. The variable template is not.
inline std::size_t adl_prone_calls() {
  std::vector<int> v{1, 2, 3};
  auto a = make_shared<std::string>(std::string("text"));
  auto b = make_shared<Widget>(std::string("w"), v, std::chrono::milliseconds(5));
  auto c = make_shared<Holder>(std::make_shared<int>(4));
  auto d = make_shared<Widget>(v.begin(), v.end());
  auto e = make_shared<Named>(Label("derived"));
  auto f = make_shared<std::chrono::seconds>(std::chrono::seconds(2));
  auto g = allocate_shared<std::vector<int>>(std::allocator<int>(), v);
  auto h = make_shared<std::map<std::string, int>>();
  return a->size() + b->data.size() + static_cast<std::size_t>(*c->inner) + d->data.size() +
         e->label.size() + static_cast<std::size_t>(f->count()) + g->size() + h->size();
}

// A template using the unqualified name: the declaration above is visible at its definition.
template <class T, class... A>
std::shared_ptr<T> build(A &&...args) {
  return make_shared<T>(std::forward<A>(args)...);
}
}  // namespace app

// `using namespace std` at global scope does not make the unqualified call ambiguous inside a
// namespace that has the using-declaration (the directive's names count as global ones).
using namespace std;
namespace app2 {
using psram::make_shared;
inline shared_ptr<string> under_using_namespace_std() { return make_shared<string>(string("u")); }
}  // namespace app2

static void test_adl_and_templates() {
  CHECK(app::adl_prone_calls() == 4 + 3 + 4 + 3 + 7 + 2 + 3 + 0);
  CHECK(app::build<Tracked>(9)->value == 9);
  CHECK(*app2::under_using_namespace_std() == "u");
  CHECK(g_alive == 0);
}

#if PSRAM_LENS_USE_PSRAM

template <class T>
using block_of = std::_Sp_counted_ptr_inplace<T, psram::allocator<T>, __gnu_cxx::__default_lock_policy>;

static const std::vector<fake_heap::call> &calls() { return fake_heap::heap().calls; }

static std::size_t count_calls(std::size_t from, fake_heap::op kind) {
  std::size_t n = 0;
  for (std::size_t i = from; i < calls().size(); ++i) n += calls()[i].kind == kind ? 1 : 0;
  return n;
}

constexpr uint32_t kPsramCaps = MALLOC_CAP_SPIRAM | MALLOC_CAP_8BIT;
#if PSRAM_LENS_FALLBACK == 2
constexpr uint32_t kInternalCaps = MALLOC_CAP_8BIT | MALLOC_CAP_INTERNAL;
#else
constexpr uint32_t kInternalCaps = MALLOC_CAP_DEFAULT | MALLOC_CAP_INTERNAL;
#endif
using fake_heap::pool;

template <class T, class Make>
static void expect_one_psram_block(Make make) {
  const std::size_t before = calls().size();
  {
    auto p = make();
    CHECK(calls().size() == before + 1);
    const fake_heap::call &c = calls()[before];
    CHECK(c.kind == (alignof(block_of<T>) > PSRAM_LENS_HEAP_ALIGNMENT ? fake_heap::op::aligned_alloc
                                                                      : fake_heap::op::malloc));
    CHECK(c.caps == kPsramCaps);
    CHECK(c.size == sizeof(block_of<T>));
    CHECK(c.ptr != nullptr);
    // Object and counts share the block: the object lies inside it.
    const auto *obj = reinterpret_cast<const unsigned char *>(p.get());
    const auto *blk = static_cast<const unsigned char *>(c.ptr);
    CHECK(obj >= blk && obj + sizeof(T) <= blk + c.size);
  }
  CHECK(count_calls(before, fake_heap::op::free) + count_calls(before, fake_heap::op::aligned_free) == 1);
}

static void test_one_allocation_each() {
  expect_one_psram_block<Tracked>([] { return psram::make_shared<Tracked>(1); });
  expect_one_psram_block<std::string>([] { return psram::make_shared<std::string>(40, 'x'); });
  expect_one_psram_block<double>([] { return psram::make_shared<double>(2.5); });
  expect_one_psram_block<Node>([] { return psram::make_shared<Node>(); });
  expect_one_psram_block<std::array<Tracked, 8>>([] { return psram::make_shared<std::array<Tracked, 8>>(); });
  expect_one_psram_block<Aligned>([] { return psram::make_shared<Aligned>(); });
  expect_one_psram_block<Tracked>(
      [] { return psram::allocate_shared<Tracked>(std::allocator<Tracked>(), 5); });
  CHECK(g_alive == 0);
}

static void test_weak_ptr_keeps_block() {
  const psram::stats_snapshot before = psram::stats();
  std::weak_ptr<Tracked> w;
  {
    auto p = psram::make_shared<Tracked>(2);
    w = p;
    CHECK(!w.expired());
  }
  CHECK(w.expired());
  CHECK(g_alive == 0);                                  // destructor ran at use count 0 ...
  CHECK(psram::stats().frees == before.frees);          // ... but the block is still there
  w.reset();
  CHECK(psram::stats().frees == before.frees + 1);
}

static void test_shared_from_this() {
  auto n = psram::make_shared<Node>();
  auto again = n->self();
  CHECK(again.get() == n.get());
  CHECK(n.use_count() == 2);
}

static void test_arrays_and_alignment() {
  {
    auto arr = psram::make_shared<std::array<Tracked, 8>>();
    CHECK(g_alive == 8);
    CHECK((*arr)[7].value == 7);
    std::vector<Tracked, psram::allocator<Tracked>> vec;
    for (int i = 0; i < 100; ++i) vec.emplace_back(i);
    CHECK(vec[99].value == 99);
    CHECK(g_alive == 108);
  }
  CHECK(g_alive == 0);
  const std::size_t before = calls().size();
  {
    auto a = psram::make_shared<Aligned>();
    CHECK(reinterpret_cast<std::uintptr_t>(a.get()) % 64 == 0);
    CHECK(calls()[before].kind == fake_heap::op::aligned_alloc);
    CHECK(calls()[before].alignment == 64);
  }
  // The matching free: heap_caps_aligned_free before IDF v4.3, heap_caps_free after (the fake
  // aborts on a mismatch, and -Werror rejects the deprecated one on v4.3+).
  CHECK(calls().back().kind ==
        (fake_heap::kAlignedFreeRequired ? fake_heap::op::aligned_free : fake_heap::op::free));
  CHECK(count_calls(before, fake_heap::op::aligned_free) == (fake_heap::kAlignedFreeRequired ? 1u : 0u));
  // A type of ordinary alignment never takes the aligned path.
  const std::size_t plain = calls().size();
  psram::allocator<char> bytes;
  bytes.deallocate(bytes.allocate(3), 3);
  CHECK(calls()[plain].kind == fake_heap::op::malloc && calls().back().kind == fake_heap::op::free);
}

static void test_fallback_when_psram_full() {
#if PSRAM_LENS_FALLBACK != 0
  const std::size_t saved = fake_heap::capacity(pool::psram);
  const psram::stats_snapshot before = psram::stats();
  auto kept = psram::make_shared<Tracked>(1);
  fake_heap::capacity(pool::psram) = fake_heap::used(pool::psram);  // PSRAM is now full
  const std::size_t first = calls().size();
  auto spilled = psram::make_shared<Tracked>(2);
  CHECK(calls().size() == first + 2);
  CHECK(calls()[first].caps == kPsramCaps && calls()[first].ptr == nullptr);
  CHECK(calls()[first + 1].caps == kInternalCaps && calls()[first + 1].ptr != nullptr);
  const psram::stats_snapshot after = psram::stats();
  CHECK(after.fallbacks == before.fallbacks + 1);
  CHECK(after.fallback_bytes == before.fallback_bytes + sizeof(block_of<Tracked>));
  CHECK(after.psram_allocs == before.psram_allocs + 1);
  CHECK(after.allocs == before.allocs + 2);
  // The failed-allocation hook hears nothing of a request the fallback serves (one
  // heap_caps_malloc_prefer call) ...
  const int hooks = fake_heap::heap().hook_calls;
  psram::allocator<char> bytes;
  char *c = bytes.allocate(16);
  CHECK(fake_heap::heap().hook_calls == hooks);
  CHECK(fake_heap::heap().live.at(c).where == pool::internal);
  CHECK(psram::stats().fallbacks == after.fallbacks + 1);
  bytes.deallocate(c, 16);
  // ... but an over-aligned type has no "prefer" call: the full PSRAM reaches the hook.
  auto aligned = psram::make_shared<Aligned>();
  CHECK(fake_heap::heap().hook_calls == hooks + 1);
  fake_heap::capacity(pool::psram) = saved;
#endif
}

// Where a request goes when PSRAM and ordinary internal RAM are full: the reserve pool only under
// PSRAM_LENS_FALLBACK=2; otherwise the request fails, logged with its size and caps.
static void test_fallback_policy() {
  const std::size_t saved_psram = fake_heap::capacity(pool::psram);
  const std::size_t saved_internal = fake_heap::capacity(pool::internal);
  fake_heap::capacity(pool::psram) = fake_heap::used(pool::psram);
  fake_heap::capacity(pool::internal) = fake_heap::used(pool::internal);
  const psram::stats_snapshot before = psram::stats();
  bool failed = false;
  try {
    auto p = psram::make_shared<Tracked>(3);
    CHECK(fake_heap::heap().live.at(calls().back().ptr).where == pool::reserve);
  } catch (const std::bad_alloc &) {
    failed = true;
  }
  CHECK(failed == (PSRAM_LENS_FALLBACK != 2));
  CHECK(fake_heap::used(pool::reserve) == 0);
  CHECK(psram::stats().allocs == before.allocs + (failed ? 0 : 1));
#if defined(ESP_PLATFORM)
  if (failed) {
    const std::string &line = fake_log::lines().back();
    CHECK(line.rfind("E (", 0) == 0);
    CHECK(line.find(" psram_lens: alloc failed size=" + std::to_string(sizeof(block_of<Tracked>)) +
                    " align=") != std::string::npos);
    CHECK(line.find(" caps=0x00000404 ") != std::string::npos);
  }
#endif
  fake_heap::capacity(pool::psram) = saved_psram;
  fake_heap::capacity(pool::internal) = saved_internal;
}

static_assert(sizeof(psram::stats_snapshot::bytes) == 8 && sizeof(psram::stats_snapshot::live_bytes) == 8,
              "counters are 64-bit on every target");

// One make_shared with a type of a size nothing else has: header.test.ts decodes the logged caller
// with addr2line and expects this line.
struct Probe {
  char bytes[77];
};
__attribute__((noinline)) static std::shared_ptr<Probe> probe_site() {
  return psram::make_shared<Probe>();  // PROBE_SITE
}

static void test_verbose_lines() {
#if PSRAM_LENS_VERBOSE && defined(ESP_PLATFORM)
  {
    auto p = probe_site();
    const std::string &line = fake_log::lines().back();
    CHECK(line.find(" psram_lens: alloc ptr=0x") != std::string::npos);
    CHECK(line.find(" caller=0x") != std::string::npos);
    CHECK(line.find(" type_size=77") != std::string::npos);
  }
  // A container allocation has no call site.
  {
    std::vector<int, psram::allocator<int>> v(3);
    CHECK(fake_log::lines().back().find("caller=") == std::string::npos);
  }
  // The user's level for the tag is kept: Warn hides the Info lines, and stays Warn.
  esp_log_level_set("psram_lens", ESP_LOG_WARN);
  const std::size_t shown = fake_log::lines().size();
  psram::make_shared<int>(1).reset();
  CHECK(fake_log::lines().size() == shown);
  CHECK(fake_log::level_of("psram_lens") == ESP_LOG_WARN);
  esp_log_level_set("psram_lens", ESP_LOG_INFO);
  // The last reference dies "in an ISR": no ESP_LOG (the fake aborts on it), the ROM printer.
  auto q = psram::make_shared<int>(2);
  fake_rtos::constrained() = true;
  q.reset();
  fake_rtos::constrained() = false;
  CHECK(!fake_rom::lines().empty());
  CHECK(fake_rom::lines().back().find(" psram_lens: free ptr=0x") != std::string::npos);
  CHECK(fake_rom::lines().back().rfind("I (", 0) == 0);
#else
  probe_site().reset();
#endif
}

template <class T>
struct counting_allocator {
  using value_type = T;
  int *count;
  explicit counting_allocator(int *c) noexcept : count(c) {}
  template <class U>
  counting_allocator(const counting_allocator<U> &o) noexcept : count(o.count) {}
  T *allocate(std::size_t n) {
    ++*count;
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T *p, std::size_t n) noexcept { std::allocator<T>().deallocate(p, n); }
  template <class U>
  bool operator==(const counting_allocator<U> &o) const noexcept { return count == o.count; }
  template <class U>
  bool operator!=(const counting_allocator<U> &o) const noexcept { return count != o.count; }
};

static void test_custom_allocator_kept() {
  int used = 0;
  const std::size_t before = calls().size();
  {
    auto p = psram::allocate_shared<Tracked>(counting_allocator<Tracked>(&used), 4);
    CHECK(p->value == 4);
  }
  CHECK(used == 1);                     // the caller's own allocator made the block ...
  CHECK(calls().size() == before);      // ... and the PSRAM heap was not touched
}

static void test_no_leaks_and_log_line() {
  psram::log_stats();
  const psram::stats_snapshot s = psram::stats();
  CHECK(s.live_bytes == 0);
  CHECK(s.allocs == s.frees);
  CHECK(s.allocs == s.psram_allocs + s.fallbacks);
  CHECK(fake_heap::heap().live.empty());
  CHECK(fake_heap::used(pool::psram) == 0);
#if defined(ESP_PLATFORM)
  const std::string &line = fake_log::lines().back();
  CHECK(line.find(" psram_lens: stats: allocs=") != std::string::npos);
#endif
}

#endif  // PSRAM_LENS_USE_PSRAM

int main() {
  test_adl_and_templates();
#if PSRAM_LENS_USE_PSRAM
  CHECK(psram::uses_psram);
  test_one_allocation_each();
  test_weak_ptr_keeps_block();
  test_shared_from_this();
  test_arrays_and_alignment();
  test_fallback_when_psram_full();
  test_fallback_policy();
  test_verbose_lines();
  test_custom_allocator_kept();
  test_no_leaks_and_log_line();
#else
  CHECK(!psram::uses_psram);
  std::shared_ptr<Tracked> p = psram::make_shared<Tracked>(3);
  CHECK(p->value == 3 && p.use_count() == 1);
  const psram::stats_snapshot s = psram::stats();
  CHECK(s.allocs == 0 && s.live_bytes == 0);
  psram::log_stats();
#endif
  std::printf("%s %d checks\n", g_failures == 0 ? "PASS" : "FAILED", g_checks);
  return g_failures == 0 ? 0 : 1;
}
