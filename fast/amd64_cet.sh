#!/bin/sh
# fast/amd64_cet.sh - the hand-written x86-64 loops of fast/ keep a -fcf-protection build's
# CET marking: assembled as the compiler would with that flag, every .S object carries the
# IBT/SHSTK property note and each exported entry point starts with endbr64 (the linker drops
# the library's marking if any one object lacks the note). TAP output.

CC=${ZS_CC:-cc}
TOP=${ZS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zs-cet.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; sed -n '1,20s/^/# /p' "$tmp/log"; }

case $(uname -m) in
x86_64) ;;
*) echo "1..0 # SKIP not x86-64"; exit 0 ;;
esac
if ! command -v readelf >/dev/null 2>&1 || ! command -v objdump >/dev/null 2>&1 \
   || ! echo 'int f(void){return 0;}' | $CC -fcf-protection -x c -c -o "$tmp/probe.o" - 2>/dev/null; then
    echo "1..0 # SKIP no readelf/objdump or $CC lacks -fcf-protection"
    exit 0
fi

for src in "$TOP"/fast/*_amd64.S; do
    name=$(basename "$src" .S)
    obj=$tmp/$name.o
    if ! $CC -fcf-protection -I"$TOP/fast" -c "$src" -o "$obj" >"$tmp/log" 2>&1; then
        notok "$name assembles with -fcf-protection"
        continue
    fi
    if readelf -n "$obj" >"$tmp/log" 2>&1 && grep -q 'x86 feature: IBT, SHSTK' "$tmp/log"; then
        ok "$name has the IBT/SHSTK property note"
    else
        notok "$name has the IBT/SHSTK property note"
    fi
    # Each global function's first instruction.
    globals=$(readelf -sW "$obj" | awk '$4 == "FUNC" && $5 == "GLOBAL" { print $8 }')
    [ -n "$globals" ] || { echo "no global function" >"$tmp/log"; notok "$name exports a function"; continue; }
    for fn in $globals; do
        objdump -d --no-show-raw-insn "$obj" | awk -v fn="<$fn>:" '$2 == fn { getline; print; exit }' >"$tmp/log"
        if grep -q endbr64 "$tmp/log"; then
            ok "$name: $fn starts with endbr64"
        else
            notok "$name: $fn starts with endbr64"
        fi
    done
    # Without the flag neither appears (the marking follows the compiler's request).
    if $CC -I"$TOP/fast" -c "$src" -o "$tmp/plain.o" >"$tmp/log" 2>&1 \
       && ! readelf -n "$tmp/plain.o" 2>&1 | grep -q 'x86 feature' \
       && ! objdump -d "$tmp/plain.o" | grep -q endbr64; then
        ok "$name without -fcf-protection has no CET marking"
    else
        notok "$name without -fcf-protection has no CET marking"
    fi
done
echo "1..$n"
