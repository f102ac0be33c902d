# lib_cli.sh - what the command-line test scripts share; sourced, never run.
#
# Sets $out (a temporary folder, removed on exit) and $status (0; 1 once a check
# failed), and gives: fail MESSAGE, ok MESSAGE, and expect2 NAME PATTERN CMD...
# (CMD exits with status 2, bad input, and its stderr matches PATTERN). A script
# ends with `exit $status`.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
fail() {
    echo "FAIL $1" >&2
    status=1
}
ok() { echo "ok   $1"; }
expect2() {
    local name=$1 pattern=$2
    shift 2
    "$@" >/dev/null 2>"$out/err"
    local rc=$?
    if [[ $rc != 2 ]]; then
        fail "$name: exit $rc, expected 2"
    elif ! grep -qE -- "$pattern" "$out/err"; then
        fail "$name: stderr does not match /$pattern/: $(cat "$out/err")"
    else
        ok "$name"
    fi
}
