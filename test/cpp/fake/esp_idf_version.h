// Fake esp_idf_version.h: the ESP-IDF version the fake heap behaves like (FAKE_IDF_VERSION, as
// ESP_IDF_VERSION_VAL(major, minor, patch); default v5.3.0).
#pragma once
#define ESP_IDF_VERSION_VAL(major, minor, patch) (((major) << 16) | ((minor) << 8) | (patch))
#ifdef FAKE_IDF_VERSION
#define ESP_IDF_VERSION FAKE_IDF_VERSION
#else
#define ESP_IDF_VERSION ESP_IDF_VERSION_VAL(5, 3, 0)
#endif
