#!/bin/sh
# cli_options.sh - TAP checks of our zstd CLI, one option at a time, against upstream 1.5.7's
# documented behaviour (Debian's zstd 1.5.4 serves as oracle where present): what each option
# changes in the frames (read back with zstd -lv), in the files written and in the messages,
# and that bad values are refused with a message, a non-zero exit and no output left behind.
# One TAP line per behaviour; all inputs are generated here from fixed seeds.
set -u

builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
srcdir=${ZS_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
. "$(dirname "$0")/cli_find_zstd.sh"
. "$(dirname "$0")/cli_tap.sh"
SYS=/usr/bin/zstd
[ -x "$SYS" ] || SYS=
work=$(mktemp -d /tmp/zs-cli-options.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# The options under test come from the command line only.
unset ZSTD_CLEVEL ZSTD_NBTHREADS

# script(1) lends a command a terminal; -e passes the command's exit status on.
terminal() {
    if command -v script >/dev/null 2>&1 && script -qec true /dev/null < /dev/null > /dev/null 2>&1
    then check "$@"; else report "$1" 0 "no script(1) able to open a terminal"; fi
}

# ---- inputs (seeds in the names of the generators) ----
# text: 3000 numbered lines, a permutation by 7919 mod 1000 keeps it mildly compressible
i=0
while [ $i -lt 3000 ]; do echo "entry $i of the option sample, key $((i * 7919 % 1000))"; i=$((i + 1)); done > text
text_size=$(wc -c < text)
# records: 60000 pseudo-random lines (awk srand(11)), about 1.4 MB, hardly compressible
awk 'BEGIN { srand(11); for (i = 0; i < 60000; i++) printf "rec %06d %08x\n", i, int(rand() * 4294967296) }' > records
# json samples for dictionary training (seed: the index)
mkdir samples
i=0
while [ $i -lt 300 ]; do
    printf '{"id":%d,"user":"name%d","team":"t%d","on":%s,"score":%d}\n' $i $((i * 37 % 101)) \
        $((i % 7)) "$([ $((i % 3)) = 0 ] && echo true || echo false)" $((i * 7919 % 1000)) > samples/s$i.json
    i=$((i + 1))
done
mkdir -p tree/a/b && cp text tree/a/one && cp records tree/a/b/two
sed 's/^entry 1500 /ENTRY 1500 /' text > text.v2
# frames and dictionaries several checks read
"$ZSTD" -q --train samples/* --maxdict=4K --dictID=1234 -o dict.a
"$ZSTD" -q --train samples/* --maxdict=2K --dictID=99 -o dict.b
"$ZSTD" -q text -o text.zst
"$ZSTD" -q -D dict.a samples/s5.json -o dd.zst
"$ZSTD" -q --patch-from=text text.v2 -o patch.zst
cat text | "$ZSTD" -q --long=30 -c > l30.zst
"$ZSTD" -b1 -e2 -i1 text > bench.out 2>&1

lv() { "$ZSTD" -lv "$1" 2>/dev/null; }
# the byte count in parentheses of one `zstd -lv` line, e.g. "Window Size: 2.00 MiB (2097152 B)"
lv_bytes() { lv "$1" | sed -n "s/^$2:.*(\([0-9]*\) B) *\$/\1/p"; }
size_of() { wc -c < "$1"; }
round_trips() { "$ZSTD" -q -d -c "$1" | cmp -s - "$2"; }
# a failure: non-zero exit, a message on stderr (not a sanitizer's report), the named output
# not created
fails_cleanly() {   # fails_cleanly OUTPUT COMMAND...
    out=$1; shift
    rm -f "$out" err
    ! "$@" 2> err && [ -s err ] && [ ! -e "$out" ] && ! grep -q -e 'Sanitizer' -e 'runtime error' err
}
vv_line() { "$@" -vv -c text 2>&1 >/dev/null | grep -e '--threads='; }

# ---- levels ----
# Streamed input (unknown size) shows each level's own window: 2^19 at 1 up to 2^23 at 19.
t_levels() {
    l=1; previous=0
    while [ $l -le 19 ]; do
        cat text | "$ZSTD" -q -$l -c > l$l.zst && round_trips l$l.zst text || return 1
        window=$(lv_bytes l$l.zst 'Window Size')
        [ "$window" -ge "$previous" ] || return 1
        previous=$window; l=$((l + 1))
    done
    [ "$(lv_bytes l1.zst 'Window Size')" = 524288 ] && [ "$(lv_bytes l19.zst 'Window Size')" = 8388608 ] &&
    ! cmp -s l1.zst l19.zst
}
# Upstream lowers the level and warns (exit 0), it does not refuse.
t_level22_without_ultra() {
    cat text | "$ZSTD" -22 -c > l22.zst 2> err && grep -q 'reduced to 19' err &&
    cat text | "$ZSTD" -q -19 -c | cmp -s - l22.zst
}
t_ultra22() {
    cat text | "$ZSTD" -q --ultra -22 -c > u22.zst && round_trips u22.zst text &&
    cat text | "$ZSTD" -q -19 -c > s19.zst &&
    [ "$(lv_bytes u22.zst 'Window Size')" = 134217728 ] && [ "$(lv_bytes s19.zst 'Window Size')" = 8388608 ]
}
t_ultra_caps_at_22() {
    "$ZSTD" --ultra -30 text -o u30.zst 2> err && grep -q 'reduced to 22' err && round_trips u30.zst text &&
    "$ZSTD" -q --ultra -22 text -o u22f.zst && cmp -s u30.zst u22f.zst
}
t_fast() {
    cat text | "$ZSTD" -q --fast=5 -c > f5.zst && cat text | "$ZSTD" -q --fast -c > f1.zst &&
    cat text | "$ZSTD" -q -1 -c > p1.zst && round_trips f5.zst text && round_trips f1.zst text &&
    [ "$(size_of f5.zst)" -gt "$(size_of p1.zst)" ] && [ "$(size_of f5.zst)" -ge "$(size_of f1.zst)" ]
}
t_fast_refused() { fails_cleanly bad.zst "$ZSTD" --fast=0 text -o bad.zst && fails_cleanly bad.zst "$ZSTD" --fast=x text -o bad.zst; }
# --best and --no-name belong to the gzip name only (upstream's zstdcli); gzip's own default 6.
t_gzip_name_levels() {
    ! "$ZSTD" --best -c text > /dev/null 2> err && grep -q 'Incorrect parameter' err &&
    ! "$ZSTD" --no-name -c text > /dev/null 2>&1 || return 1
    "$ZSTD" -vV 2>/dev/null | grep -q 'gzip yes' || return 0
    ln -sf "$ZSTD" gzip &&
    ./gzip -q -c text > g6.gz && "$ZSTD" -q --format=gzip -6 -c text | cmp -s - g6.gz &&
    ./gzip -q --best --no-name -c text > g9.gz && "$ZSTD" -q --format=gzip -9 -c text | cmp -s - g9.gz &&
    ! cmp -s g6.gz g9.gz
}

# ---- threads ----
t_nbthreads_env() {
    ZSTD_NBTHREADS=3 vv_line "$ZSTD" | grep -q -e '--threads=3 ' &&
    ZSTD_NBTHREADS=3 vv_line "$ZSTD" -T2 | grep -q -e '--threads=2 ' &&
    ZSTD_NBTHREADS=abc "$ZSTD" -vv -c text 2> err > /dev/null &&
    grep -q 'Ignore environment variable setting ZSTD_NBTHREADS=abc' err && grep -q -e '--threads=1 ' err
}
t_threads() {
    "$ZSTD" -q -T2 records -o t2.zst && round_trips t2.zst records &&
    vv_line "$ZSTD" -T2 | grep -q -e '--threads=2 ' &&
    vv_line "$ZSTD" --threads=2 | grep -q -e '--threads=2 ' &&
    "$ZSTD" -v -T0 -c text 2> err > /dev/null && grep -q 'physical core(s) detected' err
}
t_single_thread() {
    "$ZSTD" -q --single-thread records -o st.zst && round_trips st.zst records &&
    vv_line "$ZSTD" --single-thread | grep -q -e '--threads=0 '
}
t_auto_threads() {
    logical=$(getconf _NPROCESSORS_ONLN)
    "$ZSTD" -v -T0 --auto-threads=logical -c text 2> err > /dev/null &&
    grep -q "^Note: $logical logical core(s) detected" err &&
    "$ZSTD" -v -T0 --auto-threads physical -c text 2> err > /dev/null &&
    physical=$(sed -n 's/^Note: \([0-9]*\) physical core(s) detected.*/\1/p' err) &&
    [ "$physical" -ge 1 ] && [ "$physical" -le "$logical" ]
}
t_adapt() {
    cat records | "$ZSTD" -q --adapt -c > ad.zst && round_trips ad.zst records &&
    cat records | "$ZSTD" -q --adapt=min=1,max=5 -c > ad2.zst && round_trips ad2.zst records &&
    vv_line "$ZSTD" --adapt=min=2,max=4 | grep -q -e '--adapt=min=2,max=4'
}
# A slow reader (32 KiB per 20 ms) makes writing the bottleneck: the level goes up from 3,
# within its bounds; a fast output (a file) keeps every change within the bounds;
# --single-thread --adapt is refused (as upstream); negative bounds are accepted. Jobs of
# 512 KiB (-B) give the 4.8 MB input several waves to adapt at.
adapt_levels_within() {   # adapt_levels_within MIN MAX FILE: every "adapt: level N" in range
    ! grep -q 'adapt: level' "$3" && return 0
    sed -n 's/^adapt: level \(-*[0-9]*\)$/\1/p' "$3" | awk -v lo="$1" -v hi="$2" \
        '$1 < lo || $1 > hi { bad = 1 } END { exit bad }'
}
slow_copy() {
    while dd bs=32k count=1 iflag=fullblock 2>/dev/null > chunk && [ -s chunk ]; do
        cat chunk; sleep 0.02
    done
}
t_adapt_levels() {
    cat records records records records > big4
    "$ZSTD" -f -T2 -B512K --adapt=min=1,max=5 -vv -c big4 2> slow.err | slow_copy > slow.zst &&
    round_trips slow.zst big4 && adapt_levels_within 1 5 slow.err &&
    sed -n 's/^adapt: level \([0-9]*\)$/\1/p' slow.err | awk '$1 > 3 { up = 1 } END { exit !up }' &&
    "$ZSTD" -f -T2 -B512K --adapt=min=2,max=4 -vv big4 -o fast.zst 2> fast.err &&
    round_trips fast.zst big4 && adapt_levels_within 2 4 fast.err &&
    fails_cleanly st.zst "$ZSTD" --single-thread --adapt text -o st.zst &&
    grep -q 'not compatible with single thread mode' err &&
    "$ZSTD" -q -f -T2 --adapt=min=-2,max=-1 text -o neg.zst && round_trips neg.zst text
}
t_adapt_refused() {
    fails_cleanly bad.zst "$ZSTD" --adapt=min=5,max=3 text -o bad.zst &&
    fails_cleanly bad.zst "$ZSTD" --adapt=foo=1 text -o bad.zst
}

# ---- long distance matching ----
t_long_window() {
    cat text | "$ZSTD" -q --long -c > lg.zst && [ "$(lv_bytes lg.zst 'Window Size')" = 134217728 ] &&
    cat text | "$ZSTD" -q --long=20 -c > lg20.zst && [ "$(lv_bytes lg20.zst 'Window Size')" = 1048576 ] &&
    round_trips lg.zst text && round_trips lg20.zst text
}
t_long30_decode() {
    [ "$(lv_bytes l30.zst 'Window Size')" = 1073741824 ] &&
    fails_cleanly l30 "$ZSTD" -d l30.zst && grep -q -e '--long=30' err &&
    "$ZSTD" -q -d --long=30 -c l30.zst | cmp -s - text &&
    "$ZSTD" -q -d --memory=1024MB -c l30.zst | cmp -s - text
}
t_memory_limit() {
    "$ZSTD" -q -d -M1024M -c l30.zst | cmp -s - text &&
    "$ZSTD" -q -d --memlimit=1048576K -c l30.zst | cmp -s - text &&
    fails_cleanly l30 "$ZSTD" -d -M512M l30.zst && grep -q 'Window size larger than maximum' err
}
t_long_refused() { fails_cleanly bad.zst "$ZSTD" --long=40 text -o bad.zst && fails_cleanly bad.zst "$ZSTD" --longer text -o bad.zst; }

# ---- frame parameters ----
t_zstd_params() {
    cat text | "$ZSTD" -q --zstd=wlog=18,clog=16,hlog=17,slog=3,mml=4,tlen=16,strat=5 -c > zp.zst &&
    [ "$(lv_bytes zp.zst 'Window Size')" = 262144 ] && round_trips zp.zst text &&
    cat text | "$ZSTD" -q --zstd=windowLog=19,strategy=1 -c > zp2.zst &&
    [ "$(lv_bytes zp2.zst 'Window Size')" = 524288 ] && round_trips zp2.zst text
}
t_zstd_params_refused() {
    for spec in wlog=18,foo=3 wlog=abc wlog=99 strat=10 wlog=18, hlog; do
        fails_cleanly bad.zst "$ZSTD" --zstd=$spec text -o bad.zst || return 1
    done
}
# A value the library refuses (out of its bounds) exits with 11, as upstream's CLI does.
t_zstd_params_out_of_bound_exit_11() {
    for spec in wlog=99 strat=10 slog=40; do
        rm -f bad.zst
        "$ZSTD" -q --zstd=$spec text -o bad.zst 2> /dev/null
        [ $? = 11 ] && [ ! -e bad.zst ] || return 1
    done
}
# Size suffixes are K and M (with i/B) only: upstream has no G.
t_size_suffixes() {
    "$ZSTD" -q -d -M1024M -c l30.zst | cmp -s - text && "$ZSTD" -q -d --memory=1024MiB -c l30.zst | cmp -s - text &&
    fails_cleanly l30 "$ZSTD" -d -M1G l30.zst && fails_cleanly l30 "$ZSTD" -d --memory=1GB l30.zst &&
    fails_cleanly bad.zst "$ZSTD" -B1G text -o bad.zst
}
t_rsyncable() {
    "$ZSTD" -q -T2 --rsyncable records -o rs.zst && round_trips rs.zst records &&
    vv_line "$ZSTD" -T2 --rsyncable | grep -q -e ' --rsyncable'
}
t_checksum_flags() {
    "$ZSTD" -q --no-check text -o ck1.zst &&
    "$ZSTD" -q --no-check -C text -o ck2.zst && "$ZSTD" -q --check text -o ck3.zst &&
    lv text.zst | grep -q '^Check: XXH64' && lv ck1.zst | grep -q '^Check: None' &&
    lv ck2.zst | grep -q '^Check: XXH64' && lv ck3.zst | grep -q '^Check: XXH64' &&
    [ $(( $(size_of text.zst) - $(size_of ck1.zst) )) = 4 ]
}
# The checksum is the frame's last 4 bytes: spoiling it fails -d, unless --no-check.
t_no_check_decoding() {
    head -c $(( $(size_of text.zst) - 4 )) text.zst > bad.zst && printf 'ABCD' >> bad.zst &&
    fails_cleanly badout "$ZSTD" -d bad.zst -o badout &&
    "$ZSTD" -q -d --no-check -c bad.zst | cmp -s - text
}
t_content_size() {
    [ "$(lv_bytes text.zst 'Decompressed Size')" = "$text_size" ] &&
    "$ZSTD" -q --no-content-size text -o ncs.zst && [ -z "$(lv_bytes ncs.zst 'Decompressed Size')" ] &&
    "$ZSTD" -q --no-content-size --content-size text -o cs.zst &&
    [ "$(lv_bytes cs.zst 'Decompressed Size')" = "$text_size" ] && round_trips ncs.zst text
}
# Upstream does not look at what stdin is: a redirected file is streamed, size unknown.
t_stdin_size_unknown() {
    "$ZSTD" -q -c < text > in.zst && [ -z "$(lv_bytes in.zst 'Decompressed Size')" ] &&
    [ "$(lv_bytes in.zst 'Window Size')" = 2097152 ] && round_trips in.zst text
}
t_stream_size() {
    cat text | "$ZSTD" -q --stream-size=$text_size -c > ss.zst &&
    [ "$(lv_bytes ss.zst 'Decompressed Size')" = "$text_size" ] && round_trips ss.zst text &&
    cat text | "$ZSTD" -q --stream-size $text_size -c | cmp -s - ss.zst
}
t_stream_size_wrong() {
    rm -f ss2.zst
    ! (cat text | "$ZSTD" --stream-size=1000 -o ss2.zst 2> err) && grep -q 'incorrect' err && [ ! -e ss2.zst ]
}
t_size_hint() {
    cat text | "$ZSTD" -q --size-hint=$text_size -c > sh.zst && cat text | "$ZSTD" -q -c > nosh.zst &&
    [ "$(lv_bytes sh.zst 'Window Size')" -lt "$(lv_bytes nosh.zst 'Window Size')" ] &&
    [ -z "$(lv_bytes sh.zst 'Decompressed Size')" ] && round_trips sh.zst text
}
t_target_block_size() {
    "$ZSTD" -q --target-compressed-block-size=1024 text -o tb.zst && round_trips tb.zst text &&
    vv_line "$ZSTD" --target-compressed-block-size 2K | grep -q -e '--target-compressed-block-size=2048'
}
t_show_default_cparams() {
    "$ZSTD" -q --show-default-cparams -f text -o sd.zst 2> err && round_trips sd.zst text &&
    grep -q "^text ($text_size bytes)" err && grep -q '^ - windowLog *: 17' err &&
    grep -q '^ - strategy *: ZSTD_dfast (2)' err &&
    cat text | "$ZSTD" -q --show-default-cparams -c 2> err > /dev/null && grep -q '(src size unknown)' err &&
    ! "$ZSTD" -d --show-default-cparams -c text.zst > /dev/null 2>&1
}

# ---- dictionaries ----
t_dictionary() {
    "$ZSTD" -q samples/s5.json -o nd.zst && [ "$(size_of dd.zst)" -lt "$(size_of nd.zst)" ] &&
    "$ZSTD" -q -d -D dict.a -c dd.zst | cmp -s - samples/s5.json && lv dd.zst | grep -q '^DictID: 1234$'
}
t_no_dictid() {
    "$ZSTD" -q -D dict.a --no-dictID samples/s5.json -o nid.zst &&
    lv nid.zst | grep -q '^DictID: 0$' && "$ZSTD" -q -d -D dict.a -c nid.zst | cmp -s - samples/s5.json
}
t_wrong_dictionary() {
    fails_cleanly s5.out "$ZSTD" -d -D dict.b dd.zst -o s5.out && grep -qi 'dictionary' err &&
    fails_cleanly s5.out "$ZSTD" -d dd.zst -o s5.out
}
t_patch_from() {
    "$ZSTD" -q text.v2 -o full.zst && [ $(( $(size_of patch.zst) * 2 )) -lt "$(size_of full.zst)" ] &&
    "$ZSTD" -q -d --patch-from text -c patch.zst | cmp -s - text.v2
}
t_patch_from_needed() { fails_cleanly v2.out "$ZSTD" -d patch.zst -o v2.out; }

# ---- benchmark (one second per level; bench.out is -b1 -e2 -i1, run with the inputs) ----
t_bench_levels() { grep -q '^ *1#text *: *[0-9]* -> *[0-9]*' bench.out && grep -q '^ *2#text' bench.out; }
t_bench_chunks() {
    whole=$(sed -n 's/^ *1#text *: *[0-9]* -> *\([0-9]*\) .*/\1/p' bench.out)
    "$ZSTD" -b1 -i1 -B4K text > chunks.out 2>&1 &&
    cut=$(sed -n 's/^ *1#text *: *[0-9]* -> *\([0-9]*\) .*/\1/p' chunks.out) &&
    [ -n "$whole" ] && [ "$cut" -gt "$whole" ]
}
t_bench_separate() {
    "$ZSTD" -b1 -i1 -S text records > sep.out 2>&1 &&
    grep -q '^ *1#text ' sep.out && grep -q '^ *1#records ' sep.out
}

# ---- dictionary training ----
t_train_maxdict_dictid() {
    [ "$(size_of dict.a)" -le 4096 ] &&
    [ "$(od -An -tx1 -N8 dict.a | tr -d ' ')" = 37a430ecd2040000 ] &&
    "$ZSTD" -q --train samples/* --maxdict 3K --dictID 77 -o dict.c && [ "$(size_of dict.c)" -le 3072 ] &&
    [ "$(od -An -tx1 -j4 -N4 dict.c | tr -d ' ')" = 4d000000 ]
}
t_train_algorithms() {
    for algo in --train-cover=k=64,d=8 --train-fastcover=k=64,d=8 --train-legacy=s=5; do
        rm -f dict.x
        "$ZSTD" -q $algo samples/* --maxdict=4K -o dict.x &&
        [ "$(od -An -tx1 -N4 dict.x | tr -d ' ')" = 37a430ec ] &&
        "$ZSTD" -q -D dict.x -c samples/s7.json | "$ZSTD" -q -d -D dict.x | cmp -s - samples/s7.json || return 1
    done
}
t_train_blocks() { rm -f dict.blk; "$ZSTD" -q --train -B2K records -o dict.blk && [ -s dict.blk ]; }
t_train_refused() {
    fails_cleanly dict.bad "$ZSTD" --train-cover=k=bad samples/* -o dict.bad &&
    fails_cleanly dict.bad "$ZSTD" --train --maxdict=lots samples/* -o dict.bad
}

# ---- files ----
t_stdout() {
    rm -f copy copy.zst && cp text copy && "$ZSTD" -q -c copy > c.out &&
    [ -f copy ] && [ ! -e copy.zst ] && "$ZSTD" -q copy && cmp -s c.out copy.zst
}
t_output_name() {
    "$ZSTD" -q text -o named.bin && round_trips named.bin text &&
    "$ZSTD" -q text records -o both.zst && cat text records > both && round_trips both.zst both
}
t_force() {
    echo stale > restored && ! "$ZSTD" -q -d text.zst -o restored && [ "$(cat restored)" = stale ] &&
    "$ZSTD" -q -d -f text.zst -o restored && cmp -s restored text
}
t_keep_rm() {
    cp text k1 && "$ZSTD" -q --rm -k k1 && [ -f k1 ] && [ -f k1.zst ] &&
    cp text k2 && echo taken > k2.zst && ! "$ZSTD" -q --rm k2 && [ -f k2 ] && [ "$(cat k2.zst)" = taken ] &&
    "$ZSTD" -q --rm -f k2 && [ ! -e k2 ] && round_trips k2.zst text
}
t_recursive() {
    cp -r tree rtree && "$ZSTD" -q -r rtree && [ -f rtree/a/one.zst ] && [ -f rtree/a/b/two.zst ] &&
    rm rtree/a/one rtree/a/b/two && "$ZSTD" -q -d -r rtree &&
    cmp -s rtree/a/one text && cmp -s rtree/a/b/two records
}
t_filelist() {
    mkdir -p fl && cp text fl/a && cp records fl/b && printf 'fl/a\nfl/b\n' > names &&
    "$ZSTD" -q --filelist=names && [ -f fl/a.zst ] && [ -f fl/b.zst ] &&
    rm fl/*.zst && "$ZSTD" -q --filelist names && [ -f fl/a.zst ] && [ -f fl/b.zst ] &&
    ! "$ZSTD" -q --filelist=no-such-list
}
t_output_dir_flat() {
    mkdir -p flat && "$ZSTD" -q -r tree/a --output-dir-flat flat &&
    [ -f flat/one.zst ] && [ -f flat/two.zst ] && [ ! -e tree/a/one.zst ] &&
    mkdir -p back && "$ZSTD" -q -d flat/one.zst --output-dir-flat=back && cmp -s back/one text
}
t_output_dir_mirror() {
    "$ZSTD" -q -r tree/a --output-dir-mirror mirror &&
    [ -f mirror/tree/a/one.zst ] && [ -f mirror/tree/a/b/two.zst ] && [ ! -e tree/a/b/two.zst ] &&
    round_trips mirror/tree/a/b/two.zst records
}
t_exclude_compressed() {
    mkdir -p ex && cp text ex/plain && cp text.zst ex/done.zst && cp text ex/done.gz &&
    "$ZSTD" -q --exclude-compressed ex/plain ex/done.zst ex/done.gz &&
    [ -f ex/plain.zst ] && [ ! -e ex/done.zst.zst ] && [ ! -e ex/done.gz.zst ]
}
t_zst_again() {
    cp text.zst again.zst && "$ZSTD" -q again.zst && [ -f again.zst.zst ] &&
    "$ZSTD" -q -d -c again.zst.zst | cmp -s - again.zst
}
t_sparse() {
    head -c 4194304 /dev/zero > zeros && "$ZSTD" -q zeros -o zeros.zst &&
    "$ZSTD" -q -d --sparse zeros.zst -o zs && "$ZSTD" -q -d --no-sparse zeros.zst -o zn &&
    cmp -s zs zeros && cmp -s zn zeros && [ "$(stat -c %b zs)" -lt "$(stat -c %b zn)" ]
}
t_pass_through() {
    "$ZSTD" -q -dc --pass-through text | cmp -s - text &&
    ! "$ZSTD" -dc --no-pass-through text > pt.out 2> err && [ ! -s pt.out ] && [ -s err ] &&
    "$ZSTD" -q -dcf text | cmp -s - text && ! "$ZSTD" -q -dcf --no-pass-through text > /dev/null
}
t_no_name() { "$ZSTD" -q -n text -c | cmp -s - text.zst && "$ZSTD" -q -nc text | cmp -s - text.zst; }
t_double_dash() {
    cp text ./-v && "$ZSTD" -q -- -v && [ -f ./-v.zst ] && rm ./-v &&
    "$ZSTD" -q -d -- -v.zst && cmp -s ./-v text
}
t_multiple_inputs() {
    cp text m1 && cp records m2 && "$ZSTD" -q m1 m2 && [ -f m1.zst ] && [ -f m2.zst ] &&
    rm m1 m2 && "$ZSTD" -q -d m1.zst m2.zst && cmp -s m1 text && cmp -s m2 records
}
t_permissions() {
    cp text p600 && chmod 600 p600 && "$ZSTD" -q p600 && [ "$(stat -c %a p600.zst)" = 600 ] &&
    rm p600 && "$ZSTD" -q -d p600.zst && [ "$(stat -c %a p600)" = 600 ] &&
    cp text p640 && chmod 640 p640 && "$ZSTD" -q p640 && [ "$(stat -c %a p640.zst)" = 640 ]
}
t_terminal_stdout() {
    ! script -qec "'$ZSTD' < text" /dev/null > tty.out 2>&1 < /dev/null &&
    grep -q 'stdout is a console' tty.out &&
    script -qec "'$ZSTD' -q -c text" /dev/null > tty.out 2>&1 < /dev/null && [ -s tty.out ]
}
t_terminal_stdin() {
    rm -f fromtty.zst
    ! script -qec "'$ZSTD' -q -o fromtty.zst" /dev/null > tty.out 2>&1 < /dev/null &&
    grep -q 'stdin is a console' tty.out && [ ! -e fromtty.zst ]
}
t_quiet_verbose() {
    "$ZSTD" -q -f text -o qv.zst 2> err && [ ! -s err ] &&
    "$ZSTD" -f text -o qv.zst 2> err && grep -q 'qv.zst' err &&
    "$ZSTD" -v -f text -o qv.zst 2> verr && [ "$(wc -l < verr)" -gt "$(wc -l < err)" ] &&
    ! "$ZSTD" -qq -d no-such.zst 2> err && [ ! -s err ]
}
t_stdout_summary() {
    "$ZSTD" -c text 2> err > /dev/null && [ ! -s err ] &&
    "$ZSTD" -dc text.zst 2> err > /dev/null && [ ! -s err ] &&
    "$ZSTD" -v -c text 2> err > /dev/null && grep -q 'text' err
}
t_help() {
    "$ZSTD" -h > h.out && grep -q '^Usage:' h.out && ! grep -q 'Advanced options' h.out &&
    "$ZSTD" -H > hh.out && grep -q 'Advanced options' hh.out && head -1 hh.out | grep -q '^\*\*\* .* v1\.5\.7' &&
    "$ZSTD" --help | cmp -s - hh.out
}
t_version() { "$ZSTD" -V | grep -q 'v1\.5\.7' && "$ZSTD" --version | grep -q 'v1\.5\.7'; }
t_unknown_option() {
    ! "$ZSTD" --no-such-option text > un.out 2> err && [ ! -s un.out ] &&
    grep -q 'Incorrect parameter' err && grep -q 'Usage:' err &&
    ! "$ZSTD" -Y text > /dev/null 2>&1
}
t_separate_values() {
    "$ZSTD" -q -d --memory 1024MB -c l30.zst | cmp -s - text &&
    ! "$ZSTD" -q -d -c l30.zst --memory 2> err && grep -q 'missing command argument' err &&
    ! "$ZSTD" -q --memory -q text 2> err && grep -q 'cannot be separated' err
}

# ---- other names and scripts ----
t_zstdmt() {
    ln -sf "$ZSTD" zstdmt && ./zstdmt -q records -o mt.zst && round_trips mt.zst records &&
    cores=$(./zstdmt -v -c text 2>&1 >/dev/null | sed -n 's/^Note: \([0-9]*\) physical core(s) detected.*/\1/p') &&
    [ -n "$cores" ] && ./zstdmt -vv -c text 2>&1 >/dev/null | grep -q -e "--threads=$cores "
}
t_zstdgrep() {
    mkdir -p bin && ln -sf "$ZSTD" bin/zstdcat &&
    ZCAT="$work/bin/zstdcat" sh "$srcdir/cli/zstdgrep" 'entry 2999 ' text.zst > grep.out &&
    [ "$(wc -l < grep.out)" = 1 ] && grep -q '^entry 2999 of the option sample' grep.out &&
    ! ZCAT="$work/bin/zstdcat" sh "$srcdir/cli/zstdgrep" 'absent-word' text.zst
}
t_zstdless() {
    [ -x "$srcdir/cli/zstdless" ] && ZSTD="$ZSTD" sh "$srcdir/cli/zstdless" text.zst < /dev/null | cmp -s - text
}
# cli_formats.sh decodes mixed formats; here: each --format= writes its suffix, read back by
# the format's own tool when installed, and an unknown format is refused.
t_format_suffixes() {
    features=$("$ZSTD" -vV 2>/dev/null)
    for pair in gzip:gz:gzip xz:xz:xz lzma:lzma:xz lz4:lz4:lz4; do
        format=${pair%%:*}; rest=${pair#*:}; suffix=${rest%%:*}; tool=${rest#*:}
        feature=$format; [ "$format" = lzma ] && feature=xz
        echo "$features" | grep -q "$feature yes" || continue
        cp text fmt && "$ZSTD" -q --format=$format fmt && [ -f fmt.$suffix ] || return 1
        if command -v "$tool" >/dev/null 2>&1; then
            case $format in
                lzma) xz --format=lzma -dc fmt.lzma ;;
                lz4) lz4 -dc fmt.lz4 ;;
                *) $tool -dc fmt.$suffix ;;
            esac | cmp -s - text || return 1
        fi
        rm -f fmt fmt.$suffix
    done
    fails_cleanly text.rar "$ZSTD" --format=rar text -o text.rar
}

# ---- the same behaviours in Debian's zstd 1.5.4 ----
o_level22() { "$SYS" -22 -c text 2> err > /dev/null && grep -q 'reduced to 19' err; }
o_decodes_ours() {
    "$SYS" -q -d -D dict.a -c dd.zst | cmp -s - samples/s5.json &&
    "$SYS" -q -d --patch-from=text -c patch.zst | cmp -s - text.v2 &&
    "$SYS" -q -d --long=30 -c l30.zst | cmp -s - text &&
    "$ZSTD" -q -T2 --zstd=wlog=18,strat=7 -c text | "$SYS" -q -d | cmp -s - text
}
o_stdin_size_unknown() { "$SYS" -q -c < text > sysin.zst && [ -z "$(lv_bytes sysin.zst 'Decompressed Size')" ]; }
o_zst_again() { cp text.zst sysagain.zst && "$SYS" -q sysagain.zst && [ -f sysagain.zst.zst ]; }

check levels_1_to_19_round_trip_with_growing_windows t_levels
check level_22_without_ultra_is_lowered_to_19_with_a_warning t_level22_without_ultra
check ultra_22_writes_level_22_frames t_ultra22
check ultra_levels_above_22_are_lowered_to_22 t_ultra_caps_at_22
check fast_levels_round_trip_and_are_larger t_fast
check fast_zero_and_garbage_are_refused t_fast_refused
check best_and_no_name_belong_to_the_gzip_name t_gzip_name_levels
check zstd_nbthreads_sets_the_default_thread_count t_nbthreads_env
check T_sets_the_worker_threads t_threads
check single_thread_uses_no_worker t_single_thread
check auto_threads_counts_logical_or_physical_cores t_auto_threads
check adapt_round_trips_within_its_bounds t_adapt
check adapt_bad_bounds_are_refused t_adapt_refused
check long_sets_the_frame_window t_long_window
check long_30_frame_needs_long_or_memory_to_decode t_long30_decode
check M_and_memory_bound_the_decoding_window t_memory_limit
check long_bad_values_are_refused t_long_refused
check zstd_parameters_reach_the_frame t_zstd_params
check zstd_bad_keys_and_values_are_refused t_zstd_params_refused
check zstd_parameters_out_of_bound_exit_11 t_zstd_params_out_of_bound_exit_11
check size_suffixes_are_K_and_M_only t_size_suffixes
check rsyncable_round_trips_with_workers t_rsyncable
check C_and_no_check_set_the_checksum_flag t_checksum_flags
check no_check_skips_checksum_verification t_no_check_decoding
check content_size_flags_follow_the_options t_content_size
check stdin_is_streamed_with_unknown_size t_stdin_size_unknown
check stream_size_writes_the_content_size t_stream_size
check wrong_stream_size_fails_without_output t_stream_size_wrong
check size_hint_shrinks_the_window_of_streamed_input t_size_hint
check target_compressed_block_size_round_trips t_target_block_size
check show_default_cparams_prints_each_input t_show_default_cparams
check dictionary_round_trips_and_is_recorded t_dictionary
check no_dictID_leaves_the_id_out t_no_dictid
check wrong_or_missing_dictionary_fails t_wrong_dictionary
check patch_from_round_trips t_patch_from
check patch_from_frame_needs_its_reference t_patch_from_needed
check bench_prints_one_line_per_level t_bench_levels
check bench_B_cuts_the_input_into_chunks t_bench_chunks
check bench_S_reports_each_file t_bench_separate
check train_honours_maxdict_and_dictID t_train_maxdict_dictid
check train_cover_fastcover_legacy_make_usable_dictionaries t_train_algorithms
check train_B_cuts_one_file_into_samples t_train_blocks
check train_bad_parameters_are_refused t_train_refused
check c_writes_stdout_and_keeps_the_source t_stdout
check o_names_one_output_for_all_inputs t_output_name
check f_overwrites_an_existing_output t_force
check rm_removes_only_after_success_and_k_keeps t_keep_rm
check r_walks_a_directory_tree t_recursive
check filelist_reads_input_names t_filelist
check output_dir_flat_collects_outputs t_output_dir_flat
check output_dir_mirror_repeats_the_tree t_output_dir_mirror
check exclude_compressed_skips_compressed_suffixes t_exclude_compressed
check a_zst_file_is_compressed_again_without_f t_zst_again
check sparse_and_no_sparse_write_the_same_bytes t_sparse
check pass_through_copies_plain_input_with_dc t_pass_through
check n_is_accepted_and_changes_nothing t_no_name
check double_dash_ends_the_options t_double_dash
check several_inputs_get_one_output_each t_multiple_inputs
check permissions_are_copied_to_outputs t_permissions
terminal compressed_data_is_not_written_to_a_terminal t_terminal_stdout
terminal a_terminal_is_not_read_as_input t_terminal_stdin
check q_silences_and_v_adds_messages t_quiet_verbose
check no_summary_when_writing_to_stdout t_stdout_summary
check h_prints_usage_H_the_banner_and_all_options t_help
check V_prints_the_version t_version
check unknown_options_are_refused_with_usage t_unknown_option
check option_values_may_follow_as_the_next_argument t_separate_values
check zstdmt_uses_the_cores_and_round_trips t_zstdmt
check zstdgrep_finds_a_line_in_a_zst_file t_zstdgrep
needs less zstdless_shows_the_decompressed_text t_zstdless
check format_writes_its_suffix_and_unknown_formats_fail t_format_suffixes
oracle debian_zstd_also_lowers_level_22_to_19 o_level22
oracle debian_zstd_decodes_our_dictionary_patch_long_and_mt_frames o_decodes_ours
oracle debian_zstd_also_streams_stdin_with_unknown_size o_stdin_size_unknown
oracle debian_zstd_also_compresses_a_zst_file_again o_zst_again
check adapt_raises_the_level_for_a_slow_output_within_its_bounds t_adapt_levels
echo "1..$n"
