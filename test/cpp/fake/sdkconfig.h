// Fake sdkconfig.h for the ESP-like host build of the PSRAM header test: PSRAM enabled.
#pragma once
#define CONFIG_SPIRAM 1
#define CONFIG_SPIRAM_USE_MALLOC 1
#define CONFIG_IDF_TARGET_ESP32S3 1
