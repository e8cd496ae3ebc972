#!/bin/sh
# cli_formats.sh - TAP checks that our zstd CLI, like upstream 1.5.7, decodes any concatenation
# of zstd, gzip, xz, lzma and lz4 frames in one input (each frame's format detected in turn),
# and that a truncated or corrupted frame of each format fails, with -d and with -t.
set -u

builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
. "$(dirname "$0")/cli_find_zstd.sh"
work=$(mktemp -d /tmp/zs-cli-formats.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# A format takes part when this build decodes it (zstd -vV says "yes") and Debian's tool for it
# is there to make reference frames; the others are reported as skipped, not failed.
features=$("$ZSTD" -vV 2>/dev/null)
formats=zst
missing=
want() {    # want FORMAT FEATURE TOOL
    if ! echo "$features" | grep -q "$2 yes"; then
        missing="$missing $1(zstd -vV: $2 no)"
    elif ! command -v "$3" >/dev/null 2>&1; then
        missing="$missing $1(no $3 tool)"
    else
        formats="$formats $1"
    fi
}
want gz gzip gzip
want xz xz xz
want lzma xz xz
want lz4 lz4 lz4

# Distinct contents per format, so that a frame decoded out of order or twice shows. Big enough
# (about 300 KB, barely compressible) that every frame straddles the CLI's 128 KiB input buffer.
make_sample() {
    awk -v seed="$2" 'BEGIN { srand(seed); for (i = 0; i < 20000; i++) printf "%s %d %x\n", "'"$1"'", i, int(rand() * 4294967296) }'
}
seed=1
for f in $formats; do
    make_sample "$f" $seed > "plain.$f"
    seed=$((seed + 1))
    case $f in
        zst) "$ZSTD" -q -c "plain.$f" > "frame.$f" ;;
        gz) gzip -c "plain.$f" > "frame.$f" ;;
        xz) xz -c "plain.$f" > "frame.$f" ;;
        lzma) xz --format=lzma -c "plain.$f" > "frame.$f" ;;
        lz4) lz4 -q -z -c "plain.$f" > "frame.$f" ;;
    esac
done
# Empty frames end right after their header: the next frame starts within the same read.
: > plain.empty
for f in $formats; do
    case $f in
        zst) "$ZSTD" -q -c plain.empty > "empty.$f" ;;
        gz) gzip -c plain.empty > "empty.$f" ;;
        xz) xz -c plain.empty > "empty.$f" ;;
        lzma) xz --format=lzma -c plain.empty > "empty.$f" ;;
        lz4) lz4 -q -z -c plain.empty > "empty.$f" ;;
    esac
done

n=0
check() {   # check NAME COMMAND...
    name=$1; shift
    n=$((n + 1))
    if ( "$@" ) >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}

# Every order of the available formats, each frame once.
permutations() (
    prefix=$1; rest=$2
    [ -n "$rest" ] || { echo "$prefix"; return; }
    for x in $rest; do
        others=
        for y in $rest; do [ "$y" = "$x" ] || others="$others $y"; done
        permutations "$prefix $x" "$others"
    done
)

t_concat() {    # t_concat FORMAT...: piped through -d, then as a file through -d -o and -t
    : > in.cat; : > want.cat
    for f in "$@"; do cat "frame.$f" >> in.cat; cat "plain.$f" >> want.cat; done
    cat in.cat | "$ZSTD" -q -d -c | cmp -s - want.cat &&
    "$ZSTD" -q -d -f in.cat -o out.cat && cmp -s out.cat want.cat &&
    "$ZSTD" -q -t in.cat
}
t_empty_frames() {
    : > in.cat
    for f in $formats; do cat "empty.$f" "frame.$f" "empty.$f" >> in.cat; done
    : > want.cat
    for f in $formats; do cat "plain.$f" >> want.cat; done
    "$ZSTD" -q -d -c < in.cat | cmp -s - want.cat
}
t_repeat() {    # same format twice, with a zstd frame between and after
    cat "frame.$1" "frame.$1" frame.zst "frame.$1" frame.zst > in.cat &&
    cat "plain.$1" "plain.$1" plain.zst "plain.$1" plain.zst > want.cat &&
    "$ZSTD" -q -d -c < in.cat | cmp -s - want.cat
}
t_upstream_lz4() {  # the exact pipeline of upstream playTests' "lz4 frame tests"
    "$ZSTD" -q -f --format=lz4 plain.zst -o own.lz4 && "$ZSTD" -q -f plain.zst -o own.zst &&
    cat own.lz4 own.zst own.lz4 own.zst | "$ZSTD" -q -d -f -o out.cat &&
    cat plain.zst plain.zst plain.zst plain.zst | cmp -s - out.cat
}
t_test_ok() { "$ZSTD" -q -t "frame.$1" && "$ZSTD" -q -t < "frame.$1"; }
# Cut one byte, or half the frame: -d and -t must fail, say so, and leave no output file.
t_truncated() {
    size=$(wc -c < "frame.$1")
    for cut in 1 $((size / 2)) $((size - 10)); do
        head -c $((size - cut)) "frame.$1" > "cut.$1"
        ! "$ZSTD" -q -t "cut.$1" 2>/dev/null || return 1
        ! head -c $((size - cut)) "frame.$1" | "$ZSTD" -t 2> err || return 1
        grep -q . err || return 1
        rm -f cut.out
        ! "$ZSTD" -q -d "cut.$1" -o cut.out 2>/dev/null || return 1
        [ ! -f cut.out ] || return 1
    done
}
# A truncated frame of this format in the middle of a concatenation reads the next frame as its
# own continuation or fails; either way the whole must not decode successfully to the right data.
t_truncated_then_zstd() {
    size=$(wc -c < "frame.$1")
    head -c $((size - 1)) "frame.$1" > cut.cat
    cat frame.zst >> cut.cat
    cat "plain.$1" plain.zst > want.cat
    ! { "$ZSTD" -q -d -c < cut.cat 2>/dev/null | cmp -s - want.cat && "$ZSTD" -q -t cut.cat 2>/dev/null; }
}
t_corrupted() {
    cp "frame.$1" "bad.$1" &&
    printf 'XXXXXXXXXXXXXXXX' | dd of="bad.$1" bs=1 seek=3000 conv=notrunc 2>/dev/null &&
    ! "$ZSTD" -q -t "bad.$1" 2>/dev/null && ! "$ZSTD" -q -d -c "bad.$1" > /dev/null 2>&1
}
t_own_compress() {  # our --format=X output read back by the format's own tool
    case $1 in
        gz) "$ZSTD" -q -c --format=gzip plain.gz | gzip -dc | cmp -s - plain.gz ;;
        xz) "$ZSTD" -q -c --format=xz plain.xz | xz -dc | cmp -s - plain.xz ;;
        lzma) "$ZSTD" -q -c --format=lzma plain.lzma | xz --format=lzma -dc | cmp -s - plain.lzma ;;
        lz4) "$ZSTD" -q -c --format=lz4 plain.lz4 | lz4 -dc | cmp -s - plain.lz4 ;;
        *) true ;;
    esac
}

echo "# formats: $formats${missing:+; skipped:$missing}"
permutations "" "$formats" > orders
while read -r order; do
    # shellcheck disable=SC2086 # the order is a word list on purpose
    check "concatenation: $order" t_concat $order
done < orders
check "empty frames between full ones: $formats" t_empty_frames
if echo "$features" | grep -q "lz4 yes"; then
    check "upstream lz4 frame tests pipeline: cat a.lz4 a.zst a.lz4 a.zst | zstd -d -o" t_upstream_lz4
else
    n=$((n + 1)); echo "ok $n - upstream lz4 frame tests pipeline # SKIP zstd -vV: lz4 no"
fi
for f in $formats; do
    [ "$f" = zst ] || check "$f: repeated frames with zstd frames between" t_repeat "$f"
    check "$f: -t accepts a whole frame (file and stdin)" t_test_ok "$f"
    check "$f: truncated frame fails with -d and -t, with a message, no output left" t_truncated "$f"
    check "$f: truncated frame followed by a zstd frame is not accepted" t_truncated_then_zstd "$f"
    check "$f: corrupted frame fails with -d and -t" t_corrupted "$f"
    [ "$f" = zst ] || check "$f: --format=$f output read by its own tool" t_own_compress "$f"
done
for f in $missing; do
    n=$((n + 1)); echo "ok $n - format ${f%%(*} # SKIP ${f#*(}" | sed 's/)$//'
done
echo "1..$n"
