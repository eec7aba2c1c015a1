// One of three translation units linked into one program (test/cpp/header.test.ts): built with
// PSRAM_LENS_VERBOSE=1. odr_b.cpp has verbose off, odr_c.cpp has the PSRAM factories off. The same
// make_shared<int> is instantiated in each; every unit must keep its own behaviour.
#include <memory>

#include "psram_shared.hpp"

std::shared_ptr<int> make_in_a(int v) { return psram::make_shared<int>(v); }
bool a_uses_psram() { return psram::uses_psram; }
