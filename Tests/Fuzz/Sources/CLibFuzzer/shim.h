// libFuzzer's driver entry point (compiler-rt FuzzerInterface.h), linked in by
// `-sanitize=fuzzer`. Declared here because libFuzzer ships no header for it.
#ifndef COUNTERPART_CLIBFUZZER_H
#define COUNTERPART_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
