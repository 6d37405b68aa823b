/*
 * fuzz.h - the fuzz targets' entry point (libFuzzer's), also driven by
 * driver.c over the seed corpus in `make check`.
 */
#ifndef SALESAN_FUZZ_H
#define SALESAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
