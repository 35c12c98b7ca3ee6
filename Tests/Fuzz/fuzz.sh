#!/usr/bin/env bash
# Fuzzes the HTTP request parser with libFuzzer for a while.
#
#   Tests/Fuzz/fuzz.sh [seconds]     default 60
#
# Builds Tests/Fuzz (its own package, so the sanitizer flags never reach the main build) with
# coverage instrumentation and AddressSanitizer, then runs it from the seed corpus in
# Tests/Fuzz/corpus. Inputs the fuzzer discovers go to Tests/Fuzz/.build/corpus (kept between
# runs, never committed); an input that crashes or breaks an invariant is written to
# Tests/Fuzz/crashes/ and the script exits non-zero. Turn such a file into a regression test
# in Tests/HTTPTests before fixing the parser.
#
# The build does not pass -parse-as-library: SwiftPM links ELF executables with
# `--defsym main=<Module>_main`, which that flag would leave undefined; the harness has a
# main.swift that hands over to libFuzzer's driver instead.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: Tests/Fuzz/fuzz.sh [seconds]   (a positive whole number; default 60)" >&2
  exit 2
fi

package="$(cd "$(dirname "$0")" && pwd)"
build_flags=(-c release -Xswiftc -sanitize=fuzzer,address --package-path "$package")

echo "fuzz: building the request parser fuzzer"
swift build "${build_flags[@]}" --product RequestParserFuzzer
fuzzer="$(swift build "${build_flags[@]}" --show-bin-path)/RequestParserFuzzer"

discovered="$package/.build/corpus"
crashes="$package/crashes"
mkdir -p "$discovered" "$crashes"

echo "fuzz: running for ${seconds}s; crashes go to ${crashes#"$PWD"/}"
status=0
# The Swift runtime's backtracer would catch the trap first and can stall for minutes
# symbolicating an instrumented binary; libFuzzer reports crashes itself.
export SWIFT_BACKTRACE=enable=no
# -max_len covers the harness's limits (request line 64, header section 256, body 128) with
# room to spare. The first corpus directory receives new inputs; the seeds are read only.
"$fuzzer" -max_total_time="$seconds" -max_len=1024 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashes/" "$discovered" "$package/corpus" || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz: the fuzzer stopped with status $status; reproduce with: $fuzzer <file>" >&2
  ls -1 "$crashes" >&2 || true
  exit "$status"
fi
echo "fuzz: no crash in ${seconds}s"
