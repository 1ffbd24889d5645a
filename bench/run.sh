#!/bin/sh
# run.sh: the benchmark (make bench).  Prints figures; it never fails because
# something was slow: speed is read by people, not asserted by make check.
#
#   bench/run.sh [BUILDDIR]
#
# For article pairs of 1k, 10k and 30k sentences a side (bench/gen-pairs,
# fixed seed) it prints the wall time and peak memory of
# `artcmp --format=json`, the time of `git diff --no-index --word-diff` on
# the same files and the ratio; then the mean time of a 40-sentence article
# over many runs.  artcmp and git run in turns, BENCH_REPEAT times each (9),
# and each figure is the median of its runs (peak memory: the largest): a
# shared machine's speed drifts by a fifth or more within a minute, and
# turns give both programs the same drift while the median drops the odd
# run that a neighbour's burst slowed.  Nine, not five: on a VM whose
# bursts slowed two threads more than one, the 30k ratio of one build
# ranged 0.36 to 0.55 over fourteen medians of five, 0.40 to 0.46 over
# eight medians of nine (a second and a half more at 30k).  BENCH_SIZES="1000 5000",
# BENCH_REPEAT=N and BENCH_RUNS=N change the sizes and the numbers of runs.
# artcmp uses two threads on large inputs, so its wall time can be below its
# CPU time; the ratio is of wall times, "cpu rat" of CPU times.
LC_ALL=C
export LC_ALL
build=${1:-.}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
artcmp=$build/src/artcmp
gen=$build/bench/gen-pairs
measure=$build/bench/measure
sizes=${BENCH_SIZES:-"1000 10000 30000"}
runs=${BENCH_RUNS:-200}
repeat=${BENCH_REPEAT:-9}

for prog in "$artcmp" "$gen" "$measure"; do
	if [ ! -x "$prog" ]; then
		echo "run.sh: $prog is missing: run make bench" >&2
		exit 2
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/artcmp-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

if grep -q __asan_init "$artcmp" 2>/dev/null; then
	echo "note: artcmp is built with --enable-asan: times and memory are not representative"
fi
have_git=0
command -v git >/dev/null 2>&1 && have_git=1

# The median of the first field of each line of standard input ($1: which field).
median() {
	cut -d' ' -f"$1" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "artcmp --format=json on generated article pairs (bench/gen-pairs, seed 1)"
echo "wall and CPU (user+sys) seconds, medians of $repeat runs taken in turns with git's;"
echo "ratio = artcmp / git diff --no-index --word-diff"
printf '%9s %8s | %8s %8s %8s | %8s %8s | %7s %7s\n' sentences "size KB" \
	"wall s" "cpu s" "peak MB" "git wall" "git cpu" "ratio" "cpu rat"
for n in $sizes; do
	"$gen" -s 1 "$n" "$tmp/left" "$tmp/right" || exit 2
	kb=$(($(wc -c <"$tmp/left") / 1024))
	: >"$tmp/runs-artcmp"
	: >"$tmp/runs-git"
	r=0
	while [ $r -lt "$repeat" ]; do
		if ! "$measure" "$artcmp" --format=json "$tmp/left" "$tmp/right" \
			>>"$tmp/runs-artcmp"; then
			echo "run.sh: artcmp failed on $n sentences" >&2
			exit 2
		fi
		[ $have_git -eq 1 ] && "$measure" git --no-pager diff --no-index --word-diff \
			"$tmp/left" "$tmp/right" >>"$tmp/runs-git"
		r=$((r + 1))
	done
	a_time=$(median 1 <"$tmp/runs-artcmp")
	a_cpu=$(median 3 <"$tmp/runs-artcmp")
	a_kb=$(cut -d' ' -f2 "$tmp/runs-artcmp" | sort -n | tail -n 1)
	g_time=$(median 1 <"$tmp/runs-git")
	g_cpu=$(median 3 <"$tmp/runs-git")
	awk -v n="$n" -v kb="$kb" -v t="$a_time" -v m="$a_kb" -v c="$a_cpu" \
		-v gt="$g_time" -v gc="$g_cpu" 'BEGIN {
		printf "%9s %8s | %8.3f %8.3f %8.1f | ", n, kb, t, c, m / 1024
		if (gt > 0)
			printf "%8.3f %8.3f | %7.2f %7.2f\n", gt, gc, t / gt, (gc > 0 ? c / gc : 0)
		else
			printf "%8s %8s | %7s %7s\n", "-", "-", "-", "-"
	}'
done
echo "(a ratio below 1 is faster than git's word diff)"

echo
echo "small articles, mean of $runs runs (process start included)"
"$gen" -s 1 40 "$tmp/left40" "$tmp/right40" || exit 2
set -- $("$measure" -n "$runs" "$artcmp" --format=json "$tmp/left40" "$tmp/right40")
awk -v t="$1" -v m="$2" -v c="$3" 'BEGIN { printf "  40 generated sentences:     %7.2f ms  cpu %5.2f ms  peak %.1f MB\n", t * 1000, c * 1000, m / 1024 }'
if [ -f "$srcdir/examples/wire.txt" ] && [ -f "$srcdir/examples/rewrite.txt" ]; then
	set -- $("$measure" -n "$runs" "$artcmp" --format=json "$srcdir/examples/wire.txt" \
		"$srcdir/examples/rewrite.txt")
	awk -v t="$1" -v m="$2" -v c="$3" 'BEGIN { printf "  examples/ wire vs rewrite:  %7.2f ms  cpu %5.2f ms  peak %.1f MB\n", t * 1000, c * 1000, m / 1024 }'
fi
set -- $("$measure" -n "$runs" /bin/true)
awk -v t="$1" -v c="$3" 'BEGIN { printf "  (starting /bin/true:        %7.2f ms  cpu %5.2f ms)\n", t * 1000, c * 1000 }'
sh "$srcdir/bench/tui.sh" "$build"
exit 0
