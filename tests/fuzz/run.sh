#!/bin/sh
# run.sh: build the libFuzzer targets and run each for FUZZ_SECONDS.
# Called by `make fuzz` from the top of the build tree:
#   run.sh SRCDIR CC SECONDS TARGETS LIBS ENGINE-SOURCES...
# Outputs go to fuzz-out/ in the build tree: the binaries, the corpus each
# run grows (corpus-TARGET/), crashes (TARGET-crash-*, TARGET-timeout-*...) and logs.  Exits 1
# when a target found something.
set -u
srcdir=$1 cc=$2 seconds=$3 targets=$4 libs=$5
shift 5
out=fuzz-out
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "make fuzz: $cc not found: libFuzzer needs clang (apt-get install clang)" >&2
	exit 1
fi
mkdir -p "$out" || exit 1

# The engine sources, not the headers; util.c and the rest, as listed in
# Makefile.am for libartcmp.a.
engine=
for f in "$@"; do
	case $f in
	*.c) engine="$engine $srcdir/$f" ;;
	esac
done

status=0
for t in $targets; do
	bin=$out/fuzz-$t
	echo "== fuzz-$t: building"
	# shellcheck disable=SC2086 # word splitting of the flag and file lists is wanted
	if ! $cc $flags -I. -I"$srcdir/src" -o "$bin" "$srcdir/tests/fuzz/fuzz-$t.c" \
		$engine $libs -lm; then
		echo "make fuzz: fuzz-$t does not build" >&2
		status=1
		continue
	fi
	mkdir -p "$out/corpus-$t"
	echo "== fuzz-$t: running for $seconds s (log: $out/fuzz-$t.log)"
	# The first corpus directory receives what the run discovers; the seeds
	# in the source tree are only read.  -timeout catches inputs that make
	# the engine go quadratic: 8 KB must never take seconds.
	if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" "$out/corpus-$t" "$srcdir/tests/fuzz/corpus-$t" \
		-dict="$srcdir/tests/fuzz/articles.dict" \
		-max_total_time="$seconds" -max_len=8200 -timeout=20 -rss_limit_mb=2048 \
		-artifact_prefix="$out/$t-" -print_final_stats=1 \
		>"$out/fuzz-$t.log" 2>&1; then
		grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out/fuzz-$t.log" |
			sed "s/^/   fuzz-$t: /"
	else
		echo "make fuzz: fuzz-$t FOUND A PROBLEM; the end of its log:" >&2
		tail -n 40 "$out/fuzz-$t.log" >&2
		ls "$out/$t"-* 2>/dev/null >&2
		status=1
	fi
done
exit $status
