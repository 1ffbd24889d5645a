#!/bin/sh
# golden: the batch output of the pairs tests/data/golden-NAME-{left,right}.txt
# (text at 40, 80 and 160 columns, text in colour, JSON and --stat) compared
# byte for byte with the stored outputs in tests/data/golden/.
#
#   tests/golden.sh            compare (make check runs this)
#   tests/golden.sh --update   write the stored outputs again
#
# Run --update from the top of the tree (or set top_srcdir and ARTCMP) when a
# change alters output on purpose, and read the diff before committing it.
. "${top_srcdir:-.}/tests/lib.sh"

golden="$data/golden"
update=0
case ${1:-} in
--update) update=1 ;;
"") ;;
*) echo "usage: tests/golden.sh [--update]" >&2; exit 2 ;;
esac

# Output depends on the locale (UTF-8 borders and widths) and on the
# environment (COLUMNS, NO_COLOR): fix them all.
utf8=$(locale -a 2>/dev/null | grep -i -m 1 -E '^(C|en_US)\.utf-?8$')
if [ -z "$utf8" ]; then
	echo "no UTF-8 locale (C.UTF-8 or en_US.UTF-8): skipped"
	exit 77
fi
LC_ALL=$utf8
export LC_ALL
unset COLUMNS NO_COLOR LANG LANGUAGE

if [ "$update" -eq 0 ] && ! ls "$golden"/*.json >/dev/null 2>&1; then
	echo "no stored outputs in $golden (tests/golden.sh --update writes them): skipped"
	exit 77
fi
[ "$update" -eq 1 ] && mkdir -p "$golden"

pairs=0
for left in "$data"/golden-*-left.txt; do
	[ -e "$left" ] || continue
	right=${left%-left.txt}-right.txt
	name=${left##*/golden-}
	name=${name%-left.txt}
	pairs=$((pairs + 1))
	# Labels, not paths: the stored outputs must not depend on where the
	# source tree is (make distcheck builds elsewhere).
	for variant in w40 w80 w160 w80-color json stat; do
		case $variant in
		w40) set -- --format=text --color=never --width=40 ;;
		w80) set -- --format=text --color=never --width=80 ;;
		w160) set -- --format=text --color=never --width=160 ;;
		w80-color) set -- --format=text --color=always --width=80 ;;
		json) set -- --format=json ;;
		stat) set -- --stat ;;
		esac
		case $variant in
		json) out=$name.json ;;
		stat) out=$name.stat ;;
		*) out=$name.$variant.txt ;;
		esac
		status=0
		"$ARTCMP" "$@" -L "golden-$name-left.txt" -L "golden-$name-right.txt" \
			"$left" "$right" >"$tmp/$out" 2>"$tmp/err" || status=$?
		# Every golden pair differs somewhere: exit status 1, nothing on stderr.
		if [ "$status" -ne 1 ] || [ -s "$tmp/err" ]; then
			fail "$name $variant: exit $status, stderr '$(head -c 200 "$tmp/err")'"
			continue
		fi
		if [ "$update" -eq 1 ]; then
			cp "$tmp/$out" "$golden/$out"
			echo "wrote $golden/$out"
		elif [ ! -f "$golden/$out" ]; then
			fail "$name $variant: no stored output $golden/$out"
		elif cmp -s "$golden/$out" "$tmp/$out"; then
			pass "$name $variant"
		else
			fail "$name $variant differs from $golden/$out:"
			diff -u "$golden/$out" "$tmp/$out" | head -n 40
		fi
	done
done
[ "$pairs" -ge 5 ] || fail "only $pairs golden pairs in $data"

# Stored outputs whose pair is gone would rot unnoticed.
if [ "$update" -eq 0 ]; then
	for stored in "$golden"/*; do
		base=${stored##*/}
		name=${base%%.*}
		[ -f "$data/golden-$name-left.txt" ] || fail "stored output $base has no pair"
	done
fi
finish
