// Negative control for the ADL test: a factory written as a plain function template (the obvious
// design) is ambiguous with std::make_shared as soon as an argument's type comes from std.
// header.test.ts expects THIS file to fail to compile with an "ambiguous" error.
#include <memory>
#include <string>

namespace naive {
template <class T, class... A>
std::shared_ptr<T> make_shared(A &&...args) {
  return std::allocate_shared<T>(std::allocator<T>(), static_cast<A &&>(args)...);
}
}  // namespace naive

namespace app {
using naive::make_shared;
inline std::shared_ptr<std::string> f() { return make_shared<std::string>(std::string("x")); }
}  // namespace app
