#!/bin/sh
# playtests.sh - runs upstream's tests/playTests.sh (from Debian's libzstd 1.5.4 source package,
# fetched at test time, never committed) against our zstd CLI, one TAP line per top-level
# "===>" section, so that one failing section does not hide the others.
# ZS_REQUIRE_UPSTREAM=1 (set by .ci/run) fails instead of skipping when the suite cannot be
# fetched. ZS_PLAYTESTS_ONLY="n m ..." runs only those sections; ZS_PLAYTESTS_FULL=1 also runs the
# sections with multi-GB inputs (heavy_section below: too long for make check on 2 cores,
# run by hand before a release); ZS_PLAYTESTS_TIMEOUT sets each section's limit (900 s).
set -u

cache=${ZS_UPSTREAM_CACHE:-/tmp/zs-upstream-src}
builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
srcdir=${ZS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
# CI sets ZS_REQUIRE_UPSTREAM=1: there, not getting upstream's suite is a failure, not a skip
# (a mirror change once turned this whole test into a silent SKIP).
upstream_missing() {
    [ -n "${ZS_REQUIRE_UPSTREAM:-}" ] || skip_all "$*"
    echo "1..1"
    echo "not ok 1 - playTests: $* (ZS_REQUIRE_UPSTREAM is set)"
    exit 0
}

# Under ASan+UBSan the whole script takes far longer than the CI budget allows; the
# sanitizer build covers the CLI through cli_basic.sh instead.
[ -z "${ZS_SANITIZE_FLAGS:-}" ] || skip_all "sanitizer build (playTests runs in the default build)"

# Sections that exercise what this build does not do yet; their failure is reported as TODO
# (expected) with the reason, any other failure is a real one.
# Sections that push hundreds of MiB through the codec: minutes each, so only on request.
heavy_section() {
    case "$1" in
        *"large files tests"*|*"patch-from very large dictionary"*|*"patch-from long mode trigger larger file"*|*"zstd long, long distance matching round-trip"*|*"zstdmt long round-trip"*|*"very large dictionary"*) return 0 ;;
        *) return 1 ;;
    esac
}

known_gap() {
    case "$1" in
        # Format sections are gaps only when this build lacks the library (zstd -vV says "no").
        *"gzip "*) "$zstd_bin" -vV 2>/dev/null | grep -q "gzip no" && echo "this zstd is built without zlib (zstd -vV: gzip no)" ;;
        *"xz "*) "$zstd_bin" -vV 2>/dev/null | grep -q "xz no" && echo "this zstd is built without liblzma (zstd -vV: xz no)" ;;
        *"lz4 "*) "$zstd_bin" -vV 2>/dev/null | grep -q "lz4 no" && echo "this zstd is built without liblz4 (zstd -vV: lz4 no)" ;;
        *"integrity tests"*)
            # It checks every *.zst left in the shared folder; the dictionary sections normally
            # overwrite the size-hint section's dictionary frames with plain ones.
            [ -n "$dict_sections_failed" ] && echo "checks frames the failed dictionary sections would have replaced" ;;
        *) echo "" ;;
    esac
}

fetch_source() {
    [ -f "$cache/src/tests/playTests.sh" ] && return 0
    [ "$(id -u)" = 0 ] || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    mkdir -p "$cache" || return 1
    # The deb-src list lives only while fetching, so that later apt-get runs stay as they were.
    src_list=/etc/apt/sources.list.d/zs-deb-src.sources
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list" \
        2>/dev/null || { rm -f "$src_list"; return 1; }
    fetched=0
    if timeout 300 apt-get update -qq >/dev/null 2>&1; then
        # Every version the lists name, newest first: a mirror may list a security update
        # whose source files it does not carry (seen: 1.5.4+dfsg2-5+deb12u1 answered 404
        # while 1.5.4+dfsg2-5 downloaded), and a plain `apt-get source` tries only the newest.
        for version in $(apt-cache showsrc libzstd 2>/dev/null | sed -n 's/^Version: //p' |
                         sort -rV); do
            if (cd "$cache" && timeout 300 apt-get source --download-only \
                    "libzstd=$version" >/dev/null 2>&1); then
                fetched=1
                break
            fi
            rm -f "$cache"/libzstd_*
        done
    fi
    rm -f "$src_list"
    [ $fetched = 1 ] || return 1
    dsc=$(ls "$cache"/libzstd_*.dsc 2>/dev/null | head -n 1)
    [ -n "$dsc" ] || return 1
    (cd "$cache" && dpkg-source -x "$(basename "$dsc")" src >/dev/null 2>&1) || return 1
    [ -f "$cache/src/tests/playTests.sh" ]
}

build_datagen() {
    [ -x "$cache/datagen" ] && return 0
    s="$cache/src"
    ${ZS_CC:-cc} -O2 -I"$s/programs" -I"$s/lib" -I"$s/lib/common" "$s/tests/datagencli.c" \
        "$s/programs/datagen.c" "$s/programs/util.c" "$s/programs/timefn.c" \
        -o "$cache/datagen" >/dev/null 2>&1
}

fetch_source || upstream_missing "cannot fetch Debian's libzstd source package (needs root, apt and network)"
build_datagen || upstream_missing "cannot build upstream's datagen"

. "$(dirname "$0")/cli_find_zstd.sh"
zstd_bin=$ZSTD

work=$(mktemp -d /tmp/zs-playtests.XXXXXX) || skip_all "mktemp failed"
trap 'rm -rf "$work"' EXIT
cp -a "$cache/src/tests" "$cache/src/programs" "$work/" || skip_all "cannot copy the test tree"
play="$work/tests/playTests.sh"

# Split at top-level section headers; a chunk that is not valid shell on its own (a section
# opened inside an if) is merged with the next one.
first=$(grep -n '^println "\\n===>' "$play" | head -n 1 | cut -d: -f1)
head -n $((first - 1)) "$play" > "$work/preamble.sh"
grep -n '^println "\\n===>' "$play" | cut -d: -f1 > "$work/starts"
total=$(wc -l < "$play")
n=0
dict_sections_failed=
chunk_start=""
: > "$work/chunks"
while read -r start; do
    if [ -n "$chunk_start" ]; then
        sed -n "${chunk_start},$((start - 1))p" "$play" > "$work/try.sh"
        if bash -n "$work/try.sh" 2>/dev/null; then
            echo "$chunk_start $((start - 1))" >> "$work/chunks"
            chunk_start=$start
        fi
    else
        chunk_start=$start
    fi
done < "$work/starts"
echo "$chunk_start $total" >> "$work/chunks"

count=$(wc -l < "$work/chunks")
echo "1..$count"
echo "# upstream playTests from $(ls "$cache"/libzstd_*.dsc | head -n 1 | xargs basename); ZSTD_BIN=$zstd_bin"
while read -r from to; do
    n=$((n + 1))
    title=$(sed -n "${from}p" "$play" | sed 's/^println "\\n===> *//; s/ *"$//')
    script="$work/tests/zs_section_$n.sh"
    case " ${ZS_PLAYTESTS_ONLY:-$n} " in *" $n "*) ;; *) echo "ok $n - playTests: $title # SKIP not selected"; continue ;; esac
    if heavy_section "$title" && [ -z "${ZS_PLAYTESTS_FULL:-}" ]; then
        echo "ok $n - playTests: $title # SKIP large inputs: set ZS_PLAYTESTS_FULL=1"
        continue
    fi
    # A section may end on `cmd && die`, whose status is not an error under `set -e`.
    { cat "$work/preamble.sh"; sed -n "${from},${to}p" "$play"; echo "exit 0"; } > "$script"
    log="$work/section_$n.log"
    (cd "$work/tests" && ZSTD_BIN="$zstd_bin" DATAGEN_BIN="$cache/datagen" \
        timeout "${ZS_PLAYTESTS_TIMEOUT:-900}" bash "$script" < /dev/null > "$log" 2>&1)
    rc=$?
    gap=$(known_gap "$title")
    case "$title" in *"dictionary tests"*) [ $rc = 0 ] || dict_sections_failed=1 ;; esac
    if [ $rc = 0 ]; then
        echo "ok $n - playTests: $title"
    elif [ -n "$gap" ]; then
        echo "not ok $n - playTests: $title # TODO $gap"
        tail -n 5 "$log" | sed 's/^/#   /'
    else
        echo "not ok $n - playTests: $title (exit $rc)"
        tail -n 15 "$log" | sed 's/^/#   /'
    fi
done < "$work/chunks"
