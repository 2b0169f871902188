/*
 * fuzz_csv.c - libFuzzer target: a CSV response file (see fuzz_reader.h).
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, SDT_FORMAT_CSV);
}
