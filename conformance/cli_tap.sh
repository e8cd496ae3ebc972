# cli_tap.sh - sourced (not run) by the conformance/cli_*.sh scripts that report one TAP line
# per behaviour through a named function: report, check, and the SKIP-aware variants. Needs
# $SYS (Debian's zstd, or empty).
n=0
report() {  # report NAME STATUS [SKIP-REASON]
    n=$((n + 1))
    if [ -n "${3:-}" ]; then echo "ok $n - $1 # SKIP $3"
    elif [ "$2" = 0 ]; then echo "ok $n - $1"
    else echo "not ok $n - $1"; fi
}
# stdin is /dev/null: no check may wait for an answer on the terminal make was started from
check() {   # check NAME FUNCTION
    name=$1; shift
    ( "$@" ) < /dev/null > /dev/null 2>&1
    report "$name" $?
}
needs() {   # needs TOOL NAME FUNCTION: SKIP when an outside program is missing
    tool=$1; shift
    if command -v "$tool" >/dev/null 2>&1; then check "$@"; else report "$1" 0 "no $tool"; fi
}
oracle() {  # oracle NAME FUNCTION: the same behaviour seen in Debian's zstd, when installed
    if [ -n "$SYS" ]; then check "$@"; else report "$1" 0 "no Debian zstd"; fi
}
