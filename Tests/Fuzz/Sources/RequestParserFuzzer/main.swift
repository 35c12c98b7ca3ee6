import CLibFuzzer
import Glibc

// SwiftPM links an ELF executable with `--defsym main=RequestParserFuzzer_main`, so the
// module needs a main of its own (and cannot be built with -parse-as-library, which would
// leave that symbol undefined). It hands the process to libFuzzer's driver, which reads the
// usual libFuzzer flags and calls `fuzzRequestParser` for every input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzRequestParser))
