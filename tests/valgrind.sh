#!/bin/sh
# valgrind: memcheck on the example pair in every output format, on the
# hostile fixtures and on the refusal paths, and on the viewer under tmux
# (issue 7).  No invalid read or write, no use of uninitialised memory, no
# leak (definite, indirect or possible; ncurses keeps still-reachable
# memory on purpose).  Run by `make valgrind`; needs a build without
# --enable-asan.
. "${top_srcdir:-.}/tests/lib.sh"

COLUMNS=80
export COLUMNS
LC_ALL=C.UTF-8
export LC_ALL

if ! command -v valgrind >/dev/null 2>&1; then
	echo "skip: valgrind not found (apt-get install valgrind)"
	exit 77
fi
require_artcmp
if ! valgrind --quiet --error-exitcode=99 "$ARTCMP" --version >/dev/null 2>&1; then
	echo "skip: $ARTCMP does not run under valgrind (an --enable-asan build?)"
	exit 77
fi

vg() {
	valgrind --quiet --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--track-origins=yes --log-file="$tmp/vg.log" "$@"
}

# check WHAT EXPECTED-STATUSES ARG...: artcmp under memcheck.
check() {
	what=$1 expected=$2
	shift 2
	vg "$ARTCMP" "$@" >"${out:-$tmp/out}" 2>"$tmp/err" </dev/null
	status=$?
	if [ "$status" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
		fail "$what: memcheck errors:"
		sed 's/^/    /' "$tmp/vg.log" | head -n 60
	else
		case " $expected " in
		*" $status "*) pass "$what (status $status)" ;;
		*) fail "$what: status $status, expected $expected: $(head -c 200 "$tmp/err")" ;;
		esac
	fi
}

data=$top_srcdir/tests/data
pairs=
if [ -r "$top_srcdir/examples/wire.txt" ] && [ -r "$top_srcdir/examples/rewrite.txt" ]; then
	pairs="$top_srcdir/examples/wire.txt:$top_srcdir/examples/rewrite.txt"
else
	echo "note: examples/wire.txt and examples/rewrite.txt missing; hostile fixtures only"
fi
pairs="$pairs $data/hostile-escapes-left.txt:$data/hostile-escapes-right.txt"
pairs="$pairs $data/hostile-bidi-left.txt:$data/hostile-bidi-right.txt"
pairs="$pairs $data/hostile-combining-left.txt:$data/hostile-combining-right.txt"

for pair in $pairs; do
	left=${pair%%:*} right=${pair#*:}
	name=$(basename "$left")
	check "$name: text" "1" "$left" "$right"
	check "$name: text, colour" "1" --color=always "$left" "$right"
	check "$name: json" "1" --format=json "$left" "$right"
	check "$name: --stat" "1" --stat "$left" "$right"
	LC_ALL=C
	check "$name: text, LC_ALL=C" "1" --color=never "$left" "$right"
	LC_ALL=C.UTF-8
	for unit in line paragraph; do
		check "$name: --unit=$unit, json" "1" --unit=$unit --format=json "$left" "$right"
	done
	check "$name: against itself" "0" "$left" "$left"
done

check "UTF-16LE with a BOM" "0" "$data/hostile-utf16le.txt" "$data/hostile-utf16-twin.txt"
check "--encoding=ISO-8859-1" "0" --encoding=ISO-8859-1 "$data/hostile-latin1.txt" \
	"$data/hostile-latin1.txt"
check "/dev/null against an article" "1" /dev/null "$data/hostile-utf16-twin.txt"
check "a missing file" "2" "$data/hostile-utf16-twin.txt" "$tmp/missing.txt"
printf 'Before.\000After.\n' >"$tmp/nul.txt"
check "a binary right file" "2" "$data/hostile-utf16-twin.txt" "$tmp/nul.txt"
printf 'Le caf\351.\n' >"$tmp/latin1.txt"
check "invalid UTF-8 on the right" "2" "$data/hostile-utf16-twin.txt" "$tmp/latin1.txt"
check "an unknown option" "2" --no-such-option "$tmp/nul.txt" "$tmp/nul.txt"
check "--help" "0" --help
out=/dev/full
check "a write to /dev/full" "2" "$data/hostile-bidi-left.txt" "$data/hostile-bidi-right.txt"
out=

# The viewer: draw, move around, resize, quit.
if [ -n "${TMUX_BIN:-}" ] || TMUX_BIN=$(command -v tmux 2>/dev/null); then
	unset TMUX
	set -- $pairs
	left=${1%%:*} right=${1#*:}
	socket=$tmp/tmux.sock
	tm() {
		"$TMUX_BIN" -S "$socket" -f /dev/null "$@"
	}
	trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
	cat >"$tmp/viewer.sh" <<EOF
TERM=screen valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	--log-file="$tmp/vg-viewer.log" "$ARTCMP" "$left" "$right"
echo \$? >"$tmp/viewer.status"
sleep 600
EOF
	tm new-session -d -s v -x 100 -y 30 "sh $tmp/viewer.sh"
	tm set-option -t v -w window-size manual >/dev/null 2>&1
	sleep 3
	for key in j j n p } { G g Space b d u f f F m + - h q / council Enter \; , C-l; do
		tm send-keys -t v "$key"
		sleep 0.2
	done
	tm resize-window -t v -x 40 -y 10 >/dev/null 2>&1
	sleep 0.5
	tm send-keys -t v q
	i=0
	while ! [ -s "$tmp/viewer.status" ] && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	status=$(cat "$tmp/viewer.status" 2>/dev/null)
	if [ -z "$status" ]; then
		fail "the viewer under valgrind: still running after q"
	elif [ "$status" -eq 99 ] || [ -s "$tmp/vg-viewer.log" ]; then
		fail "the viewer under valgrind: memcheck errors:"
		sed 's/^/    /' "$tmp/vg-viewer.log" | head -n 60
	elif [ "$status" -le 1 ]; then
		pass "the viewer under valgrind (status $status)"
	else
		fail "the viewer under valgrind: status $status"
	fi
else
	echo "skip: the viewer under valgrind needs tmux"
fi

finish
