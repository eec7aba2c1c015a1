// See odr_a.cpp: this unit is built with PSRAM_LENS_VERBOSE=0.
#include <memory>

#include "psram_shared.hpp"

std::shared_ptr<int> make_in_b(int v) { return psram::make_shared<int>(v); }
bool b_uses_psram() { return psram::uses_psram; }
