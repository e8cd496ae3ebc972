#!/bin/sh
# fuzz/smoke.sh - builds fuzz/fuzz_decode_diff with clang (-fsanitize=fuzzer,address,undefined)
# from the library's sources and runs it for $ZS_FUZZ_RUNS inputs (default 30000, a fixed seed, so a run
# is repeatable; at most 5 x $ZS_FUZZ_SECONDS seconds) seeded with the
# conformance frames. TAP: one line; SKIP when clang cannot build a libFuzzer binary.
src=${ZS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${ZS_TOP_BUILDDIR:-$(pwd)}
seconds=${ZS_FUZZ_SECONDS:-60}
work=$(mktemp -d "${TMPDIR:-/tmp}/zs-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
echo "1..1"

skip() { echo "ok 1 - fuzz_decode_diff_smoke_${seconds}s # SKIP $1"; exit 0; }

command -v clang >/dev/null 2>&1 || skip "clang not installed"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$work/probe.c"
clang -fsanitize=fuzzer "$work/probe.c" -o "$work/probe" >/dev/null 2>&1 || skip "clang has no libFuzzer"

sources=$(make -s -C "$build" zs-print-core-sources 2>/dev/null) || skip "cannot list the library sources"
files=
for s in $sources; do
    case $s in *.c|*.S) ;; *) continue ;; esac
    # A VPATH build may hold its own copy of a source (make prefers it); do the same.
    if [ -f "$build/$s" ]; then files="$files $build/$s"; else files="$files $src/$s"; fi
done
flags="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_GNU_SOURCE -DZSTD_DISABLE_DEPRECATE_WARNINGS -I$src/abi -I$src/fast -I$build"
# shellcheck disable=SC2086
if ! clang $flags $files "$src/fuzz/fuzz_decode_diff.c" -o "$work/fuzz_decode_diff" -ldl -lpthread \
        >"$work/build.log" 2>&1; then
    sed 's/^/# /' "$work/build.log" | tail -20
    echo "not ok 1 - fuzz_decode_diff_smoke_${seconds}s (build failed)"
    exit 1
fi

mkdir "$work/corpus"
if [ -n "$ZS_TESTDATA" ] && [ -d "$ZS_TESTDATA" ]; then
    find "$ZS_TESTDATA/decodecorpus" "$ZS_TESTDATA/upstream-golden" -name '*.zst' -size -256k \
        -exec cp {} "$work/corpus/" \; 2>/dev/null
fi
# Fixed seed so a failure replays; crashes land in $work (printed below before cleanup).
if "$work/fuzz_decode_diff" -seed=1 -runs="${ZS_FUZZ_RUNS:-30000}" -max_total_time=$((seconds * 5)) -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$work/" "$work/corpus" >"$work/fuzz.log" 2>&1; then
    tail -3 "$work/fuzz.log" | sed 's/^/# /'
    echo "ok 1 - fuzz_decode_diff_smoke_${seconds}s (seed 1)"
else
    tail -40 "$work/fuzz.log" | sed 's/^/# /'
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
        [ -f "$f" ] && echo "# artifact $(basename "$f"): $(od -An -tx1 "$f" | tr -d '\n' | cut -c1-400)"
    done
    echo "not ok 1 - fuzz_decode_diff_smoke_${seconds}s (seed 1)"
    exit 1
fi
