#!/bin/sh
# cli_legacy.sh - TAP checks of our zstd CLI on legacy (v0.1 - v0.7) frames: `zstd -d`, `-t`,
# zstdcat from stdin and `-l`/`-lv` on every frame of $ZS_TESTDATA/legacy and the concatenations;
# versions the build was configured without (ZS_LEGACY_MIN_VERSION) must be refused.
set -u

builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
. "$(dirname "$0")/cli_find_zstd.sh"
data=${ZS_TESTDATA:-}/legacy
if [ -z "${ZS_TESTDATA:-}" ] || [ ! -d "$data" ]; then
    echo "1..0 # SKIP ZS_TESTDATA/legacy not found"
    exit 0
fi
min=$(sed -n 's/^#define ZS_LEGACY_MIN_VERSION \([0-9]*\).*/\1/p' "$builddir/config.h" 2>/dev/null)
min=${min:-1}
work=$(mktemp -d /tmp/zs-cli-legacy.XXXXXX)
trap 'rm -rf "$work"' EXIT
ln -s "$ZSTD" "$work/zstdcat"

n=0
check() {   # check NAME COMMAND...
    name=$1; shift
    n=$((n + 1))
    if ( "$@" ) >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}

# Dictionary options of a frame, from its name (MANIFEST.md section 3).
dict_of() {
    case $1 in
        *rawdict*) echo "-D $data/dicts/raw_content.dict" ;;
        *trained*) echo "-D $(dirname "$1")/trained.dict" ;;
    esac
}

decodes() {   # decodes FRAME ORIGINAL DICTOPTS
    # shellcheck disable=SC2086
    "$ZSTD" -q -d -c $3 "$1" > "$work/out" && cmp -s "$work/out" "$2"
}
tests_ok() {
    # shellcheck disable=SC2086
    "$ZSTD" -q -t $2 "$1"
}
zstdcat_stdin() {
    # shellcheck disable=SC2086
    "$work/zstdcat" $3 < "$1" > "$work/out" && cmp -s "$work/out" "$2"
}
lists() {   # lists FRAME VERSION FRAMES: -l counts the frames, -lv names the format
    "$ZSTD" -l "$1" > "$work/list" && grep -Eq "^ +$3 +0 " "$work/list" &&
        "$ZSTD" -lv "$1" > "$work/listv" && grep -q "^Legacy Format:.* v0\.$2" "$work/listv"
}
refused() {   # a disabled version: every command fails, nothing is written
    ! "$ZSTD" -q -d -c "$1" > "$work/out" && [ ! -s "$work/out" ] &&
        ! "$ZSTD" -q -t "$1" && ! "$ZSTD" -l "$1"
}

for frame in "$data"/v0[1-7]/*.zst "$data"/concat/*.zst; do
    [ -f "$frame" ] || continue
    dir=$(basename "$(dirname "$frame")")
    name=$(basename "$frame")
    original="$data/inputs/${name%%.*}"
    dict=$(dict_of "$frame")
    if [ "$dir" = concat ]; then
        # The oldest version of a concatenation is named first; v1 frames are not counted.
        version=$(echo "$name" | sed -n 's/^[^.]*\.v0\([1-7]\).*/\1/p')
        frames=$(echo "$name" | sed 's/^[^.]*\.//; s/\.zst$//' | tr '-' '\n' | grep -c .)
    else
        version=${dir#v0}
        frames=1
    fi
    if [ "$version" -ge "$min" ]; then
        check "cli_decompresses_legacy $dir/$name" decodes "$frame" "$original" "$dict"
        check "cli_tests_legacy $dir/$name" tests_ok "$frame" "$dict"
        check "zstdcat_stdin_legacy $dir/$name" zstdcat_stdin "$frame" "$original" "$dict"
        check "cli_lists_legacy_v0.$version $dir/$name" lists "$frame" "$version" "$frames"
    else
        check "cli_refuses_disabled_legacy_v0.$version $dir/$name (ZS_LEGACY_MIN_VERSION $min)" \
            refused "$frame"
    fi
done
for frame in "$data"/invalid/*.zst; do
    [ -f "$frame" ] || continue
    check "cli_test_rejects_invalid_legacy $(basename "$frame")" sh -c '! "$1" -q -t "$2"' sh "$ZSTD" "$frame"
done
echo "1..$n"
