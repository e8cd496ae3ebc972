#!/bin/sh
# cli_basic.sh - TAP checks of our zstd CLI against upstream 1.5.7 behaviour: round trips with
# Debian's zstd both ways, exit codes, overwrite and --rm safety, partial outputs removed on
# error, /dev/full, argv[0] aliases. One TAP line per behaviour.
set -u

builddir=${ZS_TOP_BUILDDIR:-$(pwd)}
. "$(dirname "$0")/cli_find_zstd.sh"
SYS=/usr/bin/zstd
work=$(mktemp -d /tmp/zs-cli-basic.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

n=0
check() {   # check NAME COMMAND...
    name=$1; shift
    n=$((n + 1))
    if ( "$@" ) >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
skip_or_check() {
    name=$1; shift
    n=$((n + 1))
    if [ ! -x "$SYS" ]; then echo "ok $n - $name # SKIP no Debian zstd"; return; fi
    if ( "$@" ) >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}

# A fixed, mildly compressible sample (seed: the text repeated with a counter).
i=0
while [ $i -lt 3000 ]; do echo "line $i of the structured-zstd cli sample $((i * 7919 % 1000))"; i=$((i + 1)); done > sample
cp sample keep.orig

t_version() { "$ZSTD" -V | grep -q 'v1\.5\.7' && [ "$("$ZSTD" -qV)" = 1.5.7 ]; }
t_roundtrip_self() { "$ZSTD" -q -c sample | "$ZSTD" -d -c | cmp -s - sample; }
t_ours_to_debian() { "$ZSTD" -q -19 -c sample | "$SYS" -d -c | cmp -s - sample; }
t_debian_to_ours() { "$SYS" -q -c sample | "$ZSTD" -d -c | cmp -s - sample; }
t_file_suffix() { rm -f sample.zst; "$ZSTD" -q sample && [ -f sample.zst ] && [ -f sample ]; }
t_refuse_overwrite() { ! "$ZSTD" -q sample && "$ZSTD" -q -f sample; }
t_keep_mtime() {
    touch -m -t 200001010000.00 sample && "$ZSTD" -q -f sample &&
    [ "$(stat -c %Y sample)" = "$(stat -c %Y sample.zst)" ]
}
t_rm_after_success() { cp sample s2 && "$ZSTD" -q --rm s2 && [ ! -f s2 ] && [ -f s2.zst ]; }
t_truncated_keeps_source() {
    head -c 100 sample.zst > cut.zst && cp cut.zst cut.copy && rm -f cut &&
    ! "$ZSTD" -q -d --rm cut.zst && [ -f cut.zst ] && [ ! -f cut ] && cmp -s cut.zst cut.copy
}
t_corrupt_named() {
    cp sample.zst bad.zst && printf 'XXXX' | dd of=bad.zst bs=1 seek=40 conv=notrunc 2>/dev/null &&
    ! "$ZSTD" -d -c bad.zst > /dev/null 2> err && grep -q 'bad.zst' err
}
t_dev_full() { ! "$ZSTD" -q -c sample > /dev/full && ! "$ZSTD" -q -d -c sample.zst > /dev/full; }
t_missing_input() { ! "$ZSTD" -q nothere && [ ! -f nothere.zst ]; }
t_wrong_suffix() { ! "$ZSTD" -q -d sample; }
t_test_mode() { "$ZSTD" -q -t sample.zst && ! "$ZSTD" -q -t cut.zst; }
t_zstdcat_alias() { ln -sf "$ZSTD" zstdcat && ./zstdcat sample.zst | cmp -s - sample; }
t_unzstd_alias() { ln -sf "$ZSTD" unzstd && rm -f sample.out && ./unzstd -q sample.zst -o sample.out && cmp -s sample.out sample; }
t_pass_through() { ./zstdcat sample | cmp -s - sample; }
t_list() { "$ZSTD" -l sample.zst | grep -q 'XXH64' && ! "$ZSTD" -l < sample.zst; }
t_gzip() {
    "$ZSTD" --format=gzip -V >/dev/null 2>&1 || return 0
    "$ZSTD" -q -f --format=gzip sample && gzip -dc sample.gz | cmp -s - sample &&
    gzip -c sample | "$ZSTD" -d -c | cmp -s - sample
}
t_train_rejects_two_samples() { ! "$ZSTD" --train sample sample -o dict 2> err && grep -q 'training failed' err && [ ! -e dict ]; }
t_clevel_env() { ZSTD_CLEVEL=19 "$ZSTD" -q -c sample | "$ZSTD" -d -c | cmp -s - sample; }
# Thread counts above the library's limit are clamped, not refused (upstream's playTests -T999).
t_threads_clamped() {
    "$ZSTD" -q -T999 -c sample | "$ZSTD" -d -c | cmp -s - sample &&
    "$ZSTD" -q --threads=4096 -c sample | "$ZSTD" -d -c | cmp -s - sample
}
t_multi_stdout() { "$ZSTD" -q -c sample sample | "$ZSTD" -d -c > two && cat sample sample | cmp -s - two; }

check prints_version_1_5_7 t_version
check round_trips_through_itself t_roundtrip_self
skip_or_check debian_zstd_decodes_our_frames t_ours_to_debian
skip_or_check decodes_debian_zstd_frames t_debian_to_ours
check writes_dot_zst_and_keeps_source t_file_suffix
check refuses_overwrite_without_force t_refuse_overwrite
check copies_mtime_to_output t_keep_mtime
check rm_removes_source_after_success t_rm_after_success
check truncated_input_keeps_source_and_removes_partial_output t_truncated_keeps_source
check corrupt_input_error_names_the_file t_corrupt_named
check reports_disk_full t_dev_full
check missing_input_fails_without_output t_missing_input
check refuses_unknown_suffix t_wrong_suffix
check test_mode_accepts_good_and_rejects_truncated t_test_mode
check zstdcat_alias_decompresses_to_stdout t_zstdcat_alias
check unzstd_alias_decompresses t_unzstd_alias
check zstdcat_passes_through_plain_data t_pass_through
check list_shows_checksum_and_refuses_stdin t_list
check gzip_format_interoperates t_gzip
check train_rejects_two_samples t_train_rejects_two_samples
check zstd_clevel_environment t_clevel_env
check multiple_inputs_concatenate_on_stdout t_multi_stdout
check thread_counts_beyond_the_limit_are_clamped t_threads_clamped
echo "1..$n"
