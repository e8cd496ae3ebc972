#!/bin/sh
# cli_block_shape.sh - TAP checks of the two CLI options that shape the frame's blocks rather
# than its content, read back from the block headers (RFC 8878 3.1.1.2):
# --target-compressed-block-size keeps compressed blocks near the target, and --rsyncable
# (with -T2) keeps most of the compressed bytes of an input edited near its start the same.
# Each check also has its control (the option left out), which must fail the same test.
# Inputs are generated here from fixed seeds (awk srand).
set -u

builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
. "$(dirname "$0")/cli_find_zstd.sh"
. "$(dirname "$0")/cli_tap.sh"
SYS=/usr/bin/zstd
[ -x "$SYS" ] || SYS=
work=$(mktemp -d /tmp/zs-cli-block-shape.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset ZSTD_CLEVEL ZSTD_NBTHREADS

# words: pseudo-random lines of words (srand(seed)), compressible about 3:1 like text
words() {   # words SEED BYTES
    awk -v seed="$1" -v size="$2" 'BEGIN {
        srand(seed); split("the frame block literal sequence offset window Huffman table stream decoder checksum of and a zstd match length repeat entropy", w, " ")
        total = 0
        while (total < size) {
            line = "line " int(rand() * 100000)
            for (k = 0; k < 10; k++) line = line " " w[1 + int(rand() * 20)]
            print line; total += length(line) + 1
        }
    }'
}
words 7 400000 > text
words 11 4000000 > big
# big.v2: big with 100 bytes inserted after its first 1000
{ head -c 1000 big; printf '%0100d' 0; tail -c +1001 big; } > big.v2

round_trips() { "$ZSTD" -q -d -c "$1" | cmp -s - "$2"; }
# "TYPE SIZE" for each block of a one-frame file (frame header per RFC 8878 3.1.1.1)
blocks() {
    od -An -v -tu1 "$1" | awk '
        { for (i = 1; i <= NF; i++) b[n++] = $i }
        END {
            fhd = b[4]; fcs = int(fhd / 64); single = int(fhd / 32) % 2; did = fhd % 4
            pos = 5 + (single ? 0 : 1) + (did == 3 ? 4 : did) + (fcs ? 2 ^ fcs : single)
            while (pos + 3 <= n) {
                h = b[pos] + 256 * b[pos + 1] + 65536 * b[pos + 2]
                type = int(h / 2) % 4; size = int(h / 8)
                print type, size
                pos += 3 + (type == 1 ? 1 : size)
                if (h % 2) break
            }
        }'
}
# The shape upstream's hint describes, made measurable: at least 4 compressed blocks, at
# least 90% of them at most 1.3 times the target and their mean at least half of it (see
# tests/api_block_shape.c for why these bounds).
near_target() {     # near_target FILE TARGET
    blocks "$1" | awk -v t="$2" '
        $1 == 2 { nb++; sum += $2; if ($2 * 10 > t * 13) over++ }
        END { exit !(nb >= 4 && over * 10 <= nb && sum / nb >= t / 2) }'
}
# The bytes of b.zst's second half appear, in order, as the end of a.zst: everything after the
# first content-defined job cut is the same (checksums left out, they differ).
shares_second_half() {   # shares_second_half A B
    half=$(( $(wc -c < "$2") / 2 ))
    tail -c "$half" "$1" > a.tail && tail -c "$half" "$2" > b.tail && cmp -s a.tail b.tail
}

t_target_sizes() {
    for t in 1340 4096 16384; do
        "$ZSTD" -q -f --target-compressed-block-size=$t text -o t$t.zst &&
        round_trips t$t.zst text && near_target t$t.zst $t || return 1
    done
}
t_target_streamed() {
    "$ZSTD" -q -c --target-compressed-block-size=4096 < text > ts.zst &&
    round_trips ts.zst text && near_target ts.zst 4096
}
t_target_control() { "$ZSTD" -q -f text -o plain.zst && round_trips plain.zst text && ! near_target plain.zst 16384; }
o_target_decodes() {
    "$ZSTD" -q -f --target-compressed-block-size=4096 text -o t4096.zst &&
    "$SYS" -q -d -c t4096.zst | cmp -s - text
}

t_rsyncable() {
    "$ZSTD" -q -f -T2 -B512K --no-check --rsyncable big -o r1.zst &&
    "$ZSTD" -q -f -T2 -B512K --no-check --rsyncable big.v2 -o r2.zst &&
    round_trips r1.zst big && round_trips r2.zst big.v2 && shares_second_half r1.zst r2.zst
}
t_rsyncable_control() {
    "$ZSTD" -q -f -T2 -B512K --no-check big -o f1.zst &&
    "$ZSTD" -q -f -T2 -B512K --no-check big.v2 -o f2.zst &&
    round_trips f1.zst big && round_trips f2.zst big.v2 && ! shares_second_half f1.zst f2.zst
}
o_rsyncable_decodes() {
    "$ZSTD" -q -f -T2 -B512K --rsyncable big.v2 -o r3.zst && "$SYS" -q -d -c r3.zst | cmp -s - big.v2
}

check target_compressed_block_size_keeps_blocks_near_1340_4096_16384 t_target_sizes
check target_compressed_block_size_applies_to_streamed_input t_target_streamed
check blocks_without_the_option_fail_the_16384_check t_target_control
oracle debian_zstd_decodes_target_compressed_block_size_frames o_target_decodes
check rsyncable_edit_near_start_keeps_second_half_of_output t_rsyncable
check without_rsyncable_the_edit_changes_the_second_half t_rsyncable_control
oracle debian_zstd_decodes_rsyncable_frames o_rsyncable_decodes
echo "1..$n"
