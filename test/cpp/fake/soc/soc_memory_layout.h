// Fake soc/soc_memory_layout.h (where ESP-IDF before v5.0 declares esp_ptr_external_ram).
#pragma once
#include "../esp_memory_utils.h"
