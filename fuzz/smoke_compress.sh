#!/bin/sh
# fuzz/smoke_compress.sh - builds fuzz/fuzz_compress with clang (-fsanitize=fuzzer,address,undefined)
# from the library's sources and runs it for $ZS_FUZZ_COMPRESS_RUNS inputs
# (default 4000, seed 1, so a run is repeatable; at most $ZS_FUZZ_COMPRESS_SECONDS, default 30),
# from a seed corpus of header variants over text, binary and zeros.
# TAP: one line; SKIP when clang cannot build a libFuzzer binary.
src=${ZS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${ZS_TOP_BUILDDIR:-$(pwd)}
runs=${ZS_FUZZ_COMPRESS_RUNS:-4000}
seconds=${ZS_FUZZ_COMPRESS_SECONDS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/zs-fuzz-compress.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
echo "1..1"
name="fuzz_compress_smoke_${runs}_runs_seed_1"

skip() { echo "ok 1 - $name # SKIP $1"; exit 0; }

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
       -D_GNU_SOURCE -DZSTD_DISABLE_DEPRECATE_WARNINGS -I$src/abi -I$src/tests -I$build"
# shellcheck disable=SC2086
if ! clang $flags $files "$src/tests/zs_testutil.c" "$src/fuzz/fuzz_compress.c" \
        -o "$work/fuzz_compress" -ldl -lpthread >"$work/build.log" 2>&1; then
    sed 's/^/# /' "$work/build.log" | tail -20
    echo "not ok 1 - $name (build failed)"
    exit 1
fi

# Seeds: 16 header bytes (level/flags/strategy/windowLog/hashLog/chainLog/searchLog/minMatch/
# targetLength/row/dict size/stream seed 2/flush odds/in step/out step) then the content.
mkdir "$work/corpus"
n=0
# The headers are printf formats on purpose: their bytes are written as octal escapes.
# shellcheck disable=SC2059
for header in \
    '\003\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' \
    '\012\010\000\000\000\000\000\000\000\000\000\007\000\005\011\006' \
    '\004\001\001\021\014\015\000\005\003\000\000\000\000\000\021\021' \
    '\004\011\002\000\000\000\003\004\004\001\000\001\000\003\005\007' \
    '\004\001\003\000\000\000\007\000\000\002\000\000\000\000\000\000' \
    '\004\201\004\377\377\377\011\000\013\000\000\000\000\000\021\021' \
    '\012\021\000\000\000\000\000\000\000\000\100\000\000\000\000\000' \
    '\012\041\002\000\000\000\000\000\000\000\000\000\000\000\000\000' \
    '\013\161\003\000\000\000\000\000\000\001\040\003\000\002\014\013' \
    '\377\000\000\000\000\000\000\000\000\004\000\000\000\000\000\000' \
    '\376\012\000\000\000\000\000\000\000\000\000\002\000\001\003\003' \
    '\037\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'; do
    for content in "$src/abi/zstd.h" "$src/README.md" "$build/config.h"; do
        [ -f "$content" ] || continue
        n=$((n + 1))
        { printf "$header"; head -c 30000 "$content"; } > "$work/corpus/seed$n"
    done
    n=$((n + 1))
    { printf "$header"; head -c 20000 /dev/zero; } > "$work/corpus/seed$n"
    n=$((n + 1))
    { printf "$header"; head -c 12000 "$work/probe"; } > "$work/corpus/seed$n"
done

# Fixed seed so a failure replays; crashes land in $work (printed below before cleanup).
if "$work/fuzz_compress" -seed=1 -runs="$runs" -max_total_time="$seconds" -max_len=20000 \
        -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=2560 -artifact_prefix="$work/" \
        "$work/corpus" >"$work/fuzz.log" 2>&1; then
    tail -3 "$work/fuzz.log" | sed 's/^/# /'
    echo "ok 1 - $name"
else
    grep -h 'fuzz_compress:' "$work/fuzz.log" | head -5 | sed 's/^/# /'
    tail -40 "$work/fuzz.log" | sed 's/^/# /'
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -f "$f" ] && echo "# artifact $(basename "$f"): $(od -An -tx1 "$f" | tr -d '\n' | cut -c1-400)"
    done
    echo "not ok 1 - $name"
    exit 1
fi
