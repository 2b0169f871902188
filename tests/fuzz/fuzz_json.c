/*
 * fuzz_json.c - libFuzzer target: a JSON response file (see fuzz_reader.h).
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, SDT_FORMAT_JSON);
}
