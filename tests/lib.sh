# lib.sh: shared by the shell tests.  Sourced; expects ARTCMP and top_srcdir
# from the test environment (Makefile.am TESTS_ENVIRONMENT).
: "${top_srcdir:=.}"
: "${ARTCMP:=src/artcmp}"
data="$top_srcdir/tests/data"
failures=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/artcmp-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Skip the calling test (exit 77) when the program has not been built.
require_artcmp() {
	if ! [ -x "$ARTCMP" ]; then
		echo "skip: $ARTCMP not built"
		exit 77
	fi
}

pass() {
	echo "ok: $*"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failed"
		exit 1
	fi
	exit 0
}
