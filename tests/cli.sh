#!/bin/sh
# cli: the command line as a user meets it: --help and --version, every
# option documented in the man page, bad options refused with a message that
# names them, exit statuses 0/1/2, standard input as '-', a full disk and a
# closed pipe.
. "${top_srcdir:-.}/tests/lib.sh"

man="$top_srcdir/man/artcmp.1"
ex="$top_srcdir/examples"

# run ARGS...: run artcmp, leaving stdout in $tmp/out, stderr in $tmp/err and
# the exit status in $status.
run() {
	status=0
	"$ARTCMP" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}

expect_status() { # WANT DESCRIPTION
	if [ "$status" -eq "$1" ]; then
		pass "$2: exit $1"
	else
		fail "$2: exit $status, want $1 (stderr: $(head -c 300 "$tmp/err"))"
	fi
}

printf 'The council met on Monday. It approved the budget.\n' >"$tmp/a.txt"
printf 'The council met on Monday. It approved the budget.\n' >"$tmp/a-copy.txt"
printf 'The council met on Tuesday. It rejected the budget. Protesters gathered outside.\n' >"$tmp/b.txt"

# --- --help and --version -------------------------------------------------

for opt in --help -h; do
	run $opt
	expect_status 0 "$opt"
	if head -n 1 "$tmp/out" | grep -q '^Usage: artcmp \[OPTION\]\.\.\. LEFT RIGHT$' &&
	   grep -q '^Exit status is 0 if' "$tmp/out" && [ ! -s "$tmp/err" ]; then
		pass "$opt prints usage and exit status on stdout"
	else
		fail "$opt output: $(head -n 3 "$tmp/out")"
	fi
done
too_long=$(awk 'length > 79' "$tmp/out")
[ -z "$too_long" ] && pass "--help fits 80 columns" || fail "--help lines too long: $too_long"

for opt in --version -V; do
	run $opt
	expect_status 0 "$opt"
	if head -n 1 "$tmp/out" | grep -Eq '^artcmp [0-9]+\.[0-9]+\.[0-9]+$' &&
	   grep -q '^Copyright (C) ' "$tmp/out" && grep -q '^License ' "$tmp/out"; then
		pass "$opt is GNU style"
	else
		fail "$opt output: $(cat "$tmp/out")"
	fi
done

# --- every long option in --help is in the man page, and back --------------

"$ARTCMP" --help | grep -Eo -- '--[a-z][a-z-]*' | sort -u >"$tmp/help-options"
[ -s "$tmp/help-options" ] || fail "no options found in --help"
while read -r opt; do
	name=${opt#--}
	if grep -Eq "^\.It .*Fl -$name( |$)" "$man"; then
		pass "$opt from --help is an item in the man page"
	else
		fail "$opt is in --help but not in an .It item of $man"
	fi
done <"$tmp/help-options"
grep '^\.It .*Fl -' "$man" | grep -Eo 'Fl -[a-z][a-z-]*' | sed 's/^Fl /-/' |
	sort -u >"$tmp/man-options"
while read -r opt; do
	grep -qx -- "$opt" "$tmp/help-options" ||
		fail "$opt is in the man page but not in --help"
done <"$tmp/man-options"

# The default threshold is tuned in align.h; --help prints it, the man page
# must say the same.
help_default=$("$ARTCMP" --help | sed -n 's/.*--threshold=X.*(default \([0-9.]*\)).*/\1/p')
man_default=$(sed -n 's/^\.Pq default \([0-9.]*\).*/\1/p' "$man" | head -n 1)
if [ -n "$help_default" ] && [ -n "$man_default" ] &&
   awk -v a="$help_default" -v b="$man_default" 'BEGIN { exit !(a + 0 == b + 0) }'; then
	pass "default threshold $help_default in --help and the man page"
else
	fail "default threshold: --help '$help_default', man page '$man_default'"
fi

# --- the README's option list is the one --help prints ---------------------
# (it said "default 0.5" long after the default became 0.3)
readme="$top_srcdir/README"
"$ARTCMP" --help | grep -E '^ +-' | sed 's/^ *//' >"$tmp/help-options"
grep -E '^ {4,}-' "$readme" | sed 's/^ *//' | grep -vE '^-- ' >"$tmp/readme-options"
if [ -s "$tmp/help-options" ] && cmp -s "$tmp/help-options" "$tmp/readme-options"; then
	pass "README lists the options exactly as --help prints them"
else
	fail "README's option list differs from --help:"
	diff -u "$tmp/help-options" "$tmp/readme-options"
fi

# --- every key of the viewer's table is in the man page ---------------------

# Keys as the man page names them, from the one table the viewer uses.
sed -n '/key_table\[\] = {/,/^};/p' "$top_srcdir/src/tui-keys.c" |
	grep -o "CTRL('.')\|KEY_F([0-9]*)\|KEY_[A-Z]*\|'[^']*'" |
	sed "s/^CTRL('\(.\)')$/Ctrl-\1/; s/^KEY_F(\([0-9]*\))$/F\1/;
	     s/^KEY_BTAB$/Shift-Tab/; s/^KEY_DOWN$/Down/; s/^KEY_UP$/Up/;
	     s/^KEY_NPAGE$/PgDn/; s/^KEY_PPAGE$/PgUp/; s/^KEY_HOME$/Home/;
	     s/^KEY_END$/End/; s/^'\\\\t'$/Tab/; s/^'\\\\r'$/Enter/; s/^' '$/Space/;
	     /^KEY_ENTER$/d; /^KEY_MOUSE$/d; /^'\\\\n'$/d; s/^'\(.\)'$/\1/" |
	awk '/^Ctrl-/ { $0 = "Ctrl-" toupper(substr($0, 6)) } { print }' |
	sort -u >"$tmp/table-keys"
mandoc=${MANDOC:-$(command -v mandoc || true)}
if [ ! -s "$tmp/table-keys" ]; then
	fail "no keys found in src/tui-keys.c"
elif [ -z "$mandoc" ]; then
	echo "skip: no mandoc to render the man page's key list"
else
	# The tag of each item in VIEWER: "n, ], Tab   Next difference."
	"$mandoc" -Tascii "$man" | col -b | sed -n '/^VIEWER/,/^OUTPUT FORMATS/p' |
		awk '{ sub(/^[ \t]+/, ""); sub(/(\t|  ).*/, ""); n = split($0, k, ", ");
		       for (i = 1; i <= n; i++) print k[i] }' | sort -u >"$tmp/man-keys"
	missing=$(comm -23 "$tmp/table-keys" "$tmp/man-keys" | tr '\n' ' ')
	[ -z "$missing" ] && pass "all $(wc -l <"$tmp/table-keys") viewer keys are in the man page" ||
		fail "viewer keys missing from the man page: $missing"
fi

# --- bad options and values: exit 2, a message naming them, nothing drawn ---

# bad ARG... -- WORD: artcmp ARG... must exit 2 and name WORD on stderr.
bad() {
	word=$1
	shift
	run "$@"
	if [ "$status" -eq 2 ] && grep -q "^artcmp: .*$word" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		pass "refused: $*"
	else
		fail "artcmp $*: exit $status, stderr '$(head -n 1 "$tmp/err")', stdout $(wc -c <"$tmp/out") bytes"
	fi
}
bad "'--bogus'" --bogus "$tmp/a.txt" "$tmp/b.txt"
bad "-- 'x'" -x "$tmp/a.txt" "$tmp/b.txt"
bad "--unit 'word'" --unit=word "$tmp/a.txt" "$tmp/b.txt"
bad "--threshold '1.5'" --threshold=1.5 "$tmp/a.txt" "$tmp/b.txt"
bad "--threshold '0,5'" --threshold=0,5 "$tmp/a.txt" "$tmp/b.txt"
bad "--threshold 'x'" --threshold x "$tmp/a.txt" "$tmp/b.txt"
bad "--width '5'" --width=5 "$tmp/a.txt" "$tmp/b.txt"
bad "--color 'sometimes'" --color=sometimes "$tmp/a.txt" "$tmp/b.txt"
bad "--format 'xml'" --format=xml "$tmp/a.txt" "$tmp/b.txt"
bad "--encoding 'no-such-charset'" --encoding=no-such-charset "$tmp/a.txt" "$tmp/b.txt"
bad "'--no-moves' doesn't allow" --no-moves=1 "$tmp/a.txt" "$tmp/b.txt"
bad "'--width' requires" "$tmp/a.txt" "$tmp/b.txt" --width
bad "'--label' given more than twice" -L x -L y -L z "$tmp/a.txt" "$tmp/b.txt"
bad "'--stat' cannot be used with '--format=json'" --stat --format=json "$tmp/a.txt" "$tmp/b.txt"
bad "missing operands" --stat
bad "missing operand after" "$tmp/a.txt"
bad "extra operand" "$tmp/a.txt" "$tmp/b.txt" "$tmp/b.txt"
bad "standard input" - - <"$tmp/a.txt"
bad "$tmp/missing.txt" "$tmp/missing.txt" "$tmp/b.txt"
run --threshold=1.5 "$tmp/a.txt" "$tmp/b.txt"
want="artcmp: invalid --threshold '1.5': expected a number from 0 to 1"
[ "$(head -n 1 "$tmp/err")" = "$want" ] && pass "threshold message reads right" ||
	fail "threshold message: $(head -n 1 "$tmp/err")"

# --- exit status as diff: 0 same, 1 different, 2 trouble --------------------

for format in text json; do
	run --format=$format "$tmp/a.txt" "$tmp/a-copy.txt"
	expect_status 0 "--format=$format on identical articles"
	run --format=$format "$tmp/a.txt" "$tmp/b.txt"
	expect_status 1 "--format=$format on different articles"
	[ -s "$tmp/out" ] && pass "--format=$format writes output" || fail "--format=$format wrote nothing"
done
run "$tmp/a.txt" "$tmp/a-copy.txt" </dev/null
expect_status 0 "default batch output on identical articles"
run "$ex/wire.txt" "$ex/rewrite.txt" </dev/null
expect_status 1 "the example pair"
run --stat "$tmp/a.txt" "$tmp/a-copy.txt"
expect_status 0 "--stat on identical articles"
run --stat "$tmp/a.txt" "$tmp/b.txt"
expect_status 1 "--stat on different articles"
run "$tmp/a.txt" "$tmp"
expect_status 2 "a directory"
# --format=tui insists on the viewer: into a file, that is trouble, said once.
run --format=tui "$tmp/a.txt" "$tmp/b.txt"
expect_status 2 "--format=tui into a file"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^artcmp: .*terminal' "$tmp/err" && [ ! -s "$tmp/out" ] &&
	pass "--format=tui into a file: one line about the terminal, nothing drawn" ||
	fail "--format=tui into a file: stderr '$(cat "$tmp/err")', stdout $(wc -c <"$tmp/out") bytes"

# --- --stat: one block, labels instead of paths ---------------------------

run --stat -L wire -L copy "$tmp/a.txt" "$tmp/b.txt"
for key in 'left: *wire$' 'right: *copy$' 'units: *[0-9]+ left, [0-9]+ right$' \
	'equal: *[0-9]+$' 'change: *[0-9]+$' 'delete: *[0-9]+$' 'insert: *[0-9]+$' \
	'move: *[0-9]+$' 'left used: *[0-9.]+%$' \
	'right: *[0-9.]+% verbatim, [0-9.]+% paraphrased, [0-9.]+% new$' \
	'similarity: *[01]\.[0-9][0-9]$' \
	'flags: *number [0-9]+, quote [0-9]+, attribution [0-9]+, negation [0-9]+, name [0-9]+$'; do
	grep -Eq "^$key" "$tmp/out" && pass "--stat line /$key/" ||
		fail "--stat has no line /$key/: $(cat "$tmp/out")"
done
run --stat "$tmp/a.txt" "$tmp/a-copy.txt"
grep -q '^similarity: *1\.00$' "$tmp/out" &&
	grep -Eq '^(change|delete|insert|move): *0$' "$tmp/out" &&
	! grep -Eq '^(change|delete|insert|move): *[1-9]' "$tmp/out" &&
	pass "--stat of identical articles: similarity 1, no differences" ||
	fail "--stat of identical articles: $(cat "$tmp/out")"
run --stat -L "$(printf 'evil\033[2J')" -L x "$tmp/a.txt" "$tmp/b.txt"
if grep -q "$(printf '\033')" "$tmp/out"; then
	fail "--stat writes a control character from a label"
else
	pass "--stat shows no control character from a label"
fi

# --- '-' reads standard input, on either side -------------------------------

"$ARTCMP" --format=json -L left -L right "$tmp/a.txt" "$tmp/b.txt" >"$tmp/by-path" 2>&1 || true
run --format=json -L left -L right - "$tmp/b.txt" <"$tmp/a.txt"
expect_status 1 "'-' on the left"
cmp -s "$tmp/out" "$tmp/by-path" && pass "'-' on the left reads standard input" ||
	fail "'-' on the left differs from the file"
run --format=json -L left -L right "$tmp/a.txt" - <"$tmp/b.txt"
expect_status 1 "'-' on the right"
cmp -s "$tmp/out" "$tmp/by-path" && pass "'-' on the right reads standard input" ||
	fail "'-' on the right differs from the file"
run --stat - "$tmp/a.txt" <"$tmp/a-copy.txt"
expect_status 0 "'-' identical to the file"

# --- colour and width of text output ---------------------------------------

esc=$(printf '\033')
run --format=text --color=always "$ex/wire.txt" "$ex/rewrite.txt"
grep -q "$esc\[" "$tmp/out" && pass "--color=always colours a pipe" ||
	fail "--color=always wrote no SGR sequence"
for args in "--color=never" "--color=auto" ""; do
	# shellcheck disable=SC2086
	run --format=text $args "$ex/wire.txt" "$ex/rewrite.txt"
	grep -q "$esc" "$tmp/out" && fail "text output ${args:-by default} has escapes in a pipe" ||
		pass "text output ${args:-by default} has no escapes in a pipe"
done
# --color=auto on a terminal: colour unless NO_COLOR is set.  script(1)
# gives artcmp a pseudo-terminal.
if command -v script >/dev/null 2>&1 &&
   script -qec true /dev/null >/dev/null 2>&1; then
	auto="'$ARTCMP' --format=text --color=auto '$ex/wire.txt' '$ex/rewrite.txt'"
	env -u NO_COLOR script -qec "$auto" /dev/null >"$tmp/tty-out" 2>&1 </dev/null || true
	grep -q "$esc\[" "$tmp/tty-out" && pass "--color=auto colours a terminal" ||
		fail "--color=auto wrote no colour to a terminal"
	NO_COLOR=1 script -qec "$auto" /dev/null >"$tmp/tty-out" 2>&1 </dev/null || true
	if grep -q "$esc" "$tmp/tty-out" || ! grep -q "Riverton" "$tmp/tty-out"; then
		fail "--color=auto with NO_COLOR: escapes, or no text"
	else
		pass "--color=auto with NO_COLOR set writes plain text to a terminal"
	fi
else
	echo "skip: no script(1) for a pseudo-terminal"
fi

# widest FILE: the longest line in bytes (output is ASCII under LC_ALL=C).
widest() { LC_ALL=C awk '{ if (length > w) w = length } END { print w + 0 }' "$1"; }
for width in 40 73 120; do
	LC_ALL=C "$ARTCMP" --format=text --width=$width "$ex/wire.txt" "$ex/rewrite.txt" >"$tmp/out" || true
	w=$(widest "$tmp/out")
	[ "$w" -le "$width" ] && [ "$w" -ge $((width - 4)) ] && pass "--width=$width: lines up to $w columns" ||
		fail "--width=$width: widest line $w columns"
done
LC_ALL=C COLUMNS=50 "$ARTCMP" --format=text "$ex/wire.txt" "$ex/rewrite.txt" >"$tmp/out" || true
w=$(widest "$tmp/out")
[ "$w" -le 50 ] && [ "$w" -ge 46 ] && pass "COLUMNS=50: lines up to $w columns" ||
	fail "COLUMNS=50: widest line $w columns"
LC_ALL=C COLUMNS=50 "$ARTCMP" --format=text --width=90 "$ex/wire.txt" "$ex/rewrite.txt" >"$tmp/out" || true
w=$(widest "$tmp/out")
[ "$w" -gt 50 ] && [ "$w" -le 90 ] && pass "--width wins over COLUMNS" ||
	fail "--width=90 with COLUMNS=50: widest line $w columns"
(unset COLUMNS; LC_ALL=C "$ARTCMP" --format=text "$ex/wire.txt" "$ex/rewrite.txt" >"$tmp/out") || true
w=$(widest "$tmp/out")
[ "$w" -le 160 ] && [ "$w" -gt 120 ] && pass "no COLUMNS, not a terminal: 160 columns" ||
	fail "default width: widest line $w columns, want 160"

# --- a full disk: exit 2 and say so ----------------------------------------

if [ -w /dev/full ]; then
	for args in "--format=text" "--format=json" "--stat" "--help" "--version"; do
		status=0
		# shellcheck disable=SC2086
		"$ARTCMP" $args "$tmp/a.txt" "$tmp/b.txt" >/dev/full 2>"$tmp/err" || status=$?
		if [ "$status" -eq 2 ] &&
		   [ "$(cat "$tmp/err")" = "artcmp: write error: No space left on device" ]; then
			pass "$args >/dev/full: exit 2, write error"
		else
			fail "$args >/dev/full: exit $status, stderr '$(cat "$tmp/err")'"
		fi
	done
else
	echo "skip: no /dev/full"
fi

# --- a closed pipe ends quietly ---------------------------------------------

# Far more output than a pipe holds, so artcmp is still writing when head
# exits; and enough sentences (5000) that the JSON is written by two threads.
awk 'BEGIN { for (i = 0; i < 2500; i++)
	printf "Sentence number %d tells of the council and its budget for year %d.\n", i, 1000 + i }' >"$tmp/long-a.txt"
awk 'BEGIN { for (i = 0; i < 2500; i++)
	printf "Line %d is about something else entirely, a harbour and a flood %d.\n", i, 5000 + i }' >"$tmp/long-b.txt"
for format in text json; do
	size=$("$ARTCMP" --format=$format --width=160 "$tmp/long-a.txt" "$tmp/long-b.txt" | wc -c)
	if [ "$size" -lt 262144 ]; then
		# Too little to fill a pipe: head could not close it under us.
		fail "--format=$format wrote only $size bytes for 5000 sentences"
		continue
	fi
	{ "$ARTCMP" --format=$format --width=160 "$tmp/long-a.txt" "$tmp/long-b.txt" 2>"$tmp/err"
	  echo $? >"$tmp/pipe-status"; } | head -n 1 >/dev/null
	st=$(cat "$tmp/pipe-status")
	# 141 = 128 + SIGPIPE: the default action, as for any filter.
	if [ ! -s "$tmp/err" ] && [ "$st" -eq 141 ]; then
		pass "--format=$format | head -n 1: quiet, ended by SIGPIPE"
	else
		fail "--format=$format | head -n 1: status $st, stderr '$(head -c 200 "$tmp/err")'"
	fi
done

# The same large JSON (two threads writing) to a full disk: one thread's
# failed write must not be lost.
if [ -w /dev/full ]; then
	status=0
	"$ARTCMP" --format=json "$tmp/long-a.txt" "$tmp/long-b.txt" >/dev/full 2>"$tmp/err" || status=$?
	if [ "$status" -eq 2 ] &&
	   [ "$(cat "$tmp/err")" = "artcmp: write error: No space left on device" ]; then
		pass "--format=json, 5000 sentences >/dev/full: exit 2, write error"
	else
		fail "--format=json, 5000 sentences >/dev/full: exit $status, stderr '$(cat "$tmp/err")'"
	fi
fi

# Two large files (256 KB and more each) are read by two threads and, in a
# batch run, aligned with the heaps on huge pages; standard input is read
# by one, on small pages.  The output must not tell the two apart.
awk 'BEGIN { srand(7); for (i = 0; i < 4000; i++) {
	printf "Paragraph %d: the council said %d homes flooded near the harbour.", i, int(rand() * 90000)
	if (i % 5 == 0) printf "\n\n"; else printf " " } }' >"$tmp/big-a.txt"
awk 'BEGIN { srand(7); for (i = 0; i < 4000; i++) {
	n = int(rand() * 90000)
	if (i % 7 == 3) printf "Paragraph %d: officials reported %d houses under water by the port.", i, n
	else if (i % 11 != 5) printf "Paragraph %d: the council said %d homes flooded near the harbour.", i, n
	if (i % 5 == 0) printf "\n\n"; else printf " " } }' >"$tmp/big-b.txt"
if [ "$(wc -c <"$tmp/big-a.txt")" -lt 262144 ] || [ "$(wc -c <"$tmp/big-b.txt")" -lt 262144 ]; then
	fail "the large test files are under 256 KB: the two-thread path is not taken"
fi
for opts in "--format=json" "--stat" "--format=text --width=120"; do
	# shellcheck disable=SC2086
	"$ARTCMP" $opts -L a -L b "$tmp/big-a.txt" "$tmp/big-b.txt" >"$tmp/big-files" 2>&1
	st_files=$?
	# shellcheck disable=SC2086
	"$ARTCMP" $opts -L a -L b "$tmp/big-a.txt" - <"$tmp/big-b.txt" >"$tmp/big-stdin" 2>&1
	st_stdin=$?
	if [ "$st_files" -eq 1 ] && [ "$st_stdin" -eq 1 ] && [ -s "$tmp/big-files" ] &&
	   cmp -s "$tmp/big-files" "$tmp/big-stdin"; then
		pass "$opts on two 300 KB files: as when one comes on standard input"
	else
		fail "$opts on two 300 KB files: status $st_files, from standard input $st_stdin, or the outputs differ"
	fi
done

finish
