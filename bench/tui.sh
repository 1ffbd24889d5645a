#!/bin/sh
# tui.sh: the viewer's speed (make bench, called from bench/run.sh).  Prints
# figures, never fails because something was slow.
#
#   bench/tui.sh [BUILDDIR]
#
# On a generated pair of 30k sentences a side (bench/gen-pairs, seed 1;
# BENCH_TUI_SIZE changes it) the viewer runs in a detached tmux window of
# 100x30 with ARTCMP_TUI_BENCH=N set: after the first screen it plays a few
# keys before any idle time (G k g n f f Space: typed ahead of the row count),
# lets the idle work run (counting rows, in slices), then N rounds of a fixed
# key sequence (n, p, j, k, Space, b, d, u, {, }, F, Tab, m, ; and ,, G, g,
# h, f, ...) drawing the screen after every key, a fold and unfold, a resize
# to a new width followed at once by G p g, and a search with no match (the
# first for its pattern, then repeated); in the first round also + and -,
# each once the background has made the alignments at the neighbouring
# thresholds (ready) and each right after another (maybe not ready: the
# time of the key, and until the alignment is shown), with the background's
# time per alignment (the CPU max of these counts the worker thread too).  It
# prints its timings on stderr after endwin: mean and max wall time per kind
# of key, with the max CPU time (which a loaded machine does not inflate).
# "Opens in" is the wall time of a run with N=0: load, align, plan, first
# screen, quit.
# Targets (issue 5): open <= 1 s, every key <= 20 ms.
build=${1:-.}
artcmp=$build/src/artcmp
gen=$build/bench/gen-pairs
size=${BENCH_TUI_SIZE:-30000}
rounds=${BENCH_TUI_ROUNDS:-20}

echo
echo "viewer on $size generated sentences a side (tmux, 100x30)"
tmux_bin=$(command -v tmux 2>/dev/null)
if [ -z "$tmux_bin" ]; then
	echo "  tmux not found: viewer benchmark skipped"
	exit 0
fi
for prog in "$artcmp" "$gen"; do
	if [ ! -x "$prog" ]; then
		echo "tui.sh: $prog is missing: run make bench" >&2
		exit 2
	fi
done
case $artcmp in /*) ;; *) artcmp=$(pwd)/$artcmp ;; esac
locale=$(locale -a 2>/dev/null | grep -i '^c\.utf-\{0,1\}8$' | head -n 1)
[ -n "$locale" ] || locale=$(locale -a 2>/dev/null | grep -i 'utf-\{0,1\}8' | head -n 1)
[ -n "$locale" ] || locale=C

tmp=$(mktemp -d "${TMPDIR:-/tmp}/artcmp-bench-tui.XXXXXX") || exit 2
socket=artcmp-bench-$$
TMUX_TMPDIR=$tmp	# the socket goes with $tmp
export TMUX_TMPDIR
tm() {
	"$tmux_bin" -L "$socket" -f /dev/null "$@"
}
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP PIPE

"$gen" -s 1 "$size" "$tmp/left" "$tmp/right" || exit 2

# run NAME ROUNDS: the viewer in tmux; waits for it to finish (2 min at most).
run() {
	cat >"$tmp/$1.sh" <<EOF
start=\$(date +%s%N)
LC_ALL=$locale TERM=screen-256color ARTCMP_TUI_BENCH=$2 "$artcmp" "$tmp/left" "$tmp/right" 2>"$tmp/$1.err"
end=\$(date +%s%N)
echo "\$start \$end" >"$tmp/$1.wall"
EOF
	tm new-session -d -s "$1" -x 100 -y 30 "sh $tmp/$1.sh"
	i=0
	while [ ! -s "$tmp/$1.wall" ] && [ "$i" -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s "$tmp/$1.wall" ]; then
		echo "  the viewer did not finish; stderr:"
		cat "$tmp/$1.err"
		exit 0
	fi
}

if grep -q __asan_init "$artcmp" 2>/dev/null; then
	echo "  note: artcmp is built with --enable-asan: times are not representative"
fi
run open 0
awk '{ printf "  opens in (load, align, layout, first screen, quit): %.0f ms\n", ($2 - $1) / 1e6 }' \
	"$tmp/open.wall"
run keys "$rounds"
sed 's/^tui: /  /' "$tmp/keys.err"
echo "  (targets: open <= 1000 ms, every key <= 20 ms)"
exit 0
