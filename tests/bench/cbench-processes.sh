#!/bin/bash
# tests/bench/cbench-processes.sh - cbench's speed ratios (ours / upstream) over many
# processes: each library given runs RUNS times, alternating, each run a process of its own,
# and every (library, level, input) row prints the median of its ratios.
#
# Why: on a VM one process's tables land on physical pages that ran the same input 10-40%
# faster or slower than the next process's, and one cbench run is one such draw for every
# row sharing a context (fast/README.md, "Stop 21"). Comparing two builds of ours through
# their ratios to upstream, over processes, cancels both that and the machine's drift.
# The library files themselves are such draws too (their page cache pages): every run loads
# fresh copies of ours and of upstream's (CBENCH_UPSTREAM, default Debian's).
#
# usage, from the build directory (or with CBENCH=path/to/cbench):
#   cbench-processes.sh [-n RUNS] LIB... [-- cbench options]
#   e.g. cbench-processes.sh -n 15 /tmp/a.so /tmp/b.so -- -r 3 -l 5,7 -f licenses
set -euo pipefail
cbench=${CBENCH:-tests/bench/cbench}
runs=11
if [ "${1:-}" = -n ]; then
    runs=$2
    shift 2
fi
libs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    libs+=("$1")
    shift
done
[ $# -gt 0 ] && shift
if [ ${#libs[@]} -eq 0 ] || [ ! -x "$cbench" ]; then
    echo "usage: $0 [-n RUNS] LIB... [-- cbench options] (cbench: $cbench, from the build" \
         "directory or CBENCH)" >&2
    exit 2
fi
upstream=${CBENCH_UPSTREAM:-/usr/lib/x86_64-linux-gnu/libzstd.so.1}
rows=$(mktemp)
copies=$(mktemp -d)
trap 'rm -rf "$rows" "$copies"' EXIT
for run in $(seq "$runs"); do
    for i in "${!libs[@]}"; do
        lib=${libs[$i]}
        # Each run loads fresh copies of both libraries: the same bytes in another file
        # sit on other physical pages, and one copy ran level 8 20% slower than another,
        # run after run (fast/README.md, "Stop 23"). The copies stay until the end, so
        # that the next ones do not get the freed pages back.
        cp "$lib" "$copies/ours-$run-$i.so"
        cp "$upstream" "$copies/upstream-$run-$i.so"
        # Rows are "name ours-bytes upstream-bytes size-ratio ours-MB/s up-MB/s speed-ratio"
        # under a "level N, ..." heading.
        "$cbench" -u "$copies/upstream-$run-$i.so" "$@" "$copies/ours-$run-$i.so" \
            | awk -v lib="$lib" '/^level /{ level = $2; sub(",", "", level) }
                                NF == 7 && $7 ~ /^[0-9.]+$/ { print lib, level, $1, $7 }' \
            >> "$rows"
    done
done
sort -k1,1 -k2,2n -k3,3 -k4,4n "$rows" | awk '
    function flush() {
        if (n > 0)
            printf "%s L%s %-24s median %.3f (%d runs, %.3f-%.3f)\n", lib, level, name,
                   n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2, n, v[1], v[n]
    }
    { key = $1 " " $2 " " $3 }
    key != last { flush(); n = 0; last = key; lib = $1; level = $2; name = $3 }
    { v[++n] = $4 }
    END { flush() }'
