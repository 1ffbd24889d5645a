#!/bin/sh
# bad-input: whatever artcmp is given, it answers correctly or refuses
# clearly, in bounded time and memory (issue 7).
#
# A refusal is exit status 2, nothing on standard output and one line on
# standard error, "artcmp: FILE: problem".  A comparison has the exit
# status of diff (0 same, 1 different), nothing on standard error, and no
# byte in its output that a terminal would obey.  Big inputs are generated
# here in $tmp, never stored; each run is bounded by timeout and, unless the
# binary is built with ASan (which reserves terabytes of address space), by
# ulimit -v.
. "${top_srcdir:-.}/tests/lib.sh"

COLUMNS=80
export COLUMNS
LC_ALL=C.UTF-8
export LC_ALL
unset NO_COLOR

require_artcmp

# Memory is bounded when the binary runs under a 1 GB address-space limit
# at all; time limits are stretched for sanitizer builds.
if sh -c 'ulimit -v 1048576 && exec "$1" --version' sh "$ARTCMP" >/dev/null 2>&1; then
	bounded_memory=1
	slow=1
else
	bounded_memory=0
	slow=4
	echo "note: sanitizer build: memory not bounded, time limits x$slow"
fi

# run SECONDS MEGABYTES ARG...: run artcmp with standard input from $stdin
# (default /dev/null); sets status, leaves $tmp/out and $tmp/err.
stdin=/dev/null
run() {
	limit=$(($1 * slow))
	megabytes=$2
	shift 2
	started=$(date +%s%N)
	(
		if [ "$bounded_memory" = 1 ]; then
			ulimit -v $((megabytes * 1024))
		fi
		exec timeout -k 2 "$limit" "$ARTCMP" "$@"
	) <"$stdin" >"$tmp/out" 2>"$tmp/err"
	status=$?
	elapsed=$((($(date +%s%N) - started) / 1000000))
	stdin=/dev/null
}

message() {
	head -c 300 "$tmp/err" | tr '\n\033' '|?'
}

# refused WHAT FILE: exit 2, nothing on stdout, one line naming FILE.
refused() {
	if [ "$status" -ne 2 ]; then
		fail "$1: exit status $status, expected 2 (a refusal): $(message)"
	elif [ -s "$tmp/out" ]; then
		fail "$1: a refusal printed something on standard output"
	elif [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		fail "$1: the message is not one line: $(message)"
	else
		case $(cat "$tmp/err") in
		"artcmp: $2: "?*) pass "$1: $(cat "$tmp/err")" ;;
		*) fail "$1: the message does not start with 'artcmp: $2: ': $(message)" ;;
		esac
	fi
}

# usage_error WHAT: exit 2, nothing on stdout, one line "artcmp: ...", and
# at most the customary second line pointing to --help.
usage_error() {
	if [ "$status" -eq 2 ] && ! [ -s "$tmp/out" ] && head -n 1 "$tmp/err" | grep -q '^artcmp: ..' &&
		{ [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		  { [ "$(wc -l <"$tmp/err")" -eq 2 ] && tail -n 1 "$tmp/err" | grep -q -- '--help'; }; }; then
		pass "$1: $(head -n 1 "$tmp/err")"
	else
		fail "$1: status $status: $(message)"
	fi
}

# compared WHAT STATUS: a comparison with that exit status and no message.
compared() {
	case $status in
	124 | 137)
		fail "$1: still running after $limit s"
		return 1 ;;
	esac
	if [ "$status" -ne "$2" ]; then
		fail "$1: exit status $status, expected $2: $(message)"
		return 1
	elif [ -s "$tmp/err" ]; then
		fail "$1: unexpected message: $(message)"
		return 1
	elif [ "$2" -eq 1 ] && ! [ -s "$tmp/out" ]; then
		fail "$1: differences found but nothing printed"
		return 1
	fi
	pass "$1 (${elapsed} ms)"
}

# forbidden FILE [json]: describe the first thing in FILE a terminal would
# obey: a C0 control other than newline, DEL, a C1 control, a bidi control.
# In JSON, which escapes C0 itself and may carry the others, only C0 counts.
forbidden() {
	od -An -v -tu1 "$1" | awk -v json="${2:-}" '
	{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
	END {
		for (i = 0; i < n; i++) {
			c = b[i]; d = b[i + 1]; e = b[i + 2]
			if (c < 32 && c != 10) { printf "control byte %d at offset %d\n", c, i; exit }
			if (json != "") continue
			if (c == 127) { printf "DEL at offset %d\n", i; exit }
			if (c == 194 && d >= 128 && d <= 159) { printf "C1 control U+%04X at offset %d\n", d, i; exit }
			if ((c == 226 && d == 128 && ((e >= 170 && e <= 174) || e == 142 || e == 143)) ||
			    (c == 226 && d == 129 && e >= 166 && e <= 169) || (c == 216 && d == 156)) {
				printf "bidi control at offset %d\n", i; exit
			}
		}
	}'
}

# widest FILE: the widest line in cells, for ASCII text with combining
# marks (U+0300..U+036F take no cell) and other characters one cell each.
widest() {
	LC_ALL=C awk '{
		gsub(/\314[\200-\277]|\315[\200-\257]/, "")
		gsub(/[\200-\277]/, "")
		if (length($0) > w) w = length($0)
	} END { print w + 0 }' "$1"
}

# clean WHAT [json]: the output holds nothing a terminal would obey.
clean() {
	bad=$(forbidden "$tmp/out" "${2:-}")
	if [ -n "$bad" ]; then
		fail "$1: output holds a $bad"
	else
		pass "$1: output holds no control sequence"
	fi
}

a=$tmp/a.txt
b=$tmp/b.txt
printf 'The council met on Tuesday.\nIt approved the budget.\n' >"$a"
printf 'The council met on Wednesday.\nIt approved the budget.\n' >"$b"

# --- Files that are not there or cannot be read -----------------------------

run 5 200 "$tmp/missing.txt" "$a"
refused "a missing left file" "$tmp/missing.txt"
run 5 200 "$a" "$tmp/missing.txt"
refused "a missing right file" "$tmp/missing.txt"
run 5 200 "$tmp" "$a"
refused "a directory" "$tmp"
run 5 200 "$a/child.txt" "$a"
refused "a path through a file" "$a/child.txt"

printf 'Secret.\n' >"$tmp/unreadable.txt"
chmod 000 "$tmp/unreadable.txt"
if [ "$(id -u)" -ne 0 ]; then
	run 5 200 "$tmp/unreadable.txt" "$a"
	refused "an unreadable file" "$tmp/unreadable.txt"
elif command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$ARTCMP" --version >/dev/null 2>&1; then
	# Root reads everything: drop to nobody for this one case.
	chmod 755 "$tmp"
	chmod 644 "$a"
	(exec setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ARTCMP" "$tmp/unreadable.txt" "$a") </dev/null >"$tmp/out" 2>"$tmp/err"
	status=$?
	refused "an unreadable file (as nobody)" "$tmp/unreadable.txt"
else
	echo "skip: an unreadable file: running as root and cannot drop to nobody"
fi
# A file that opens but fails to read (EIO) works even for root.
if [ -r /proc/self/mem ]; then
	run 5 200 /proc/self/mem "$a"
	refused "a file whose read fails" /proc/self/mem
fi

# --- Nothing, or nothing but blanks -----------------------------------------

: >"$tmp/empty.txt"
printf ' \t\n\n   \r\n\n\t\n' >"$tmp/blank.txt"
run 5 200 /dev/null /dev/null
compared "/dev/null against itself: no difference" 0
run 5 200 /dev/null "$a"
compared "/dev/null against an article: all added" 1
run 5 200 "$a" /dev/null
compared "an article against /dev/null: all removed" 1
run 5 200 "$tmp/empty.txt" "$tmp/empty.txt"
compared "two empty files: no difference" 0
run 5 200 "$tmp/empty.txt" "$a"
compared "an empty file against an article" 1
run 5 200 --format=json "$tmp/empty.txt" "$a"
if compared "an empty file in JSON" 1; then
	if tr -d ' \n\t' <"$tmp/out" | grep -q '"left":{"name":"[^"]*empty.txt","units":\[\]'; then
		pass "an empty file has no units in JSON"
	else
		fail "an empty file: JSON left side is not {\"name\": ..., \"units\": []}"
	fi
fi
run 5 200 "$tmp/blank.txt" "$tmp/empty.txt"
compared "whitespace only against an empty file: no difference" 0
run 5 200 "$tmp/blank.txt" "$a"
compared "whitespace only against an article" 1
stdin=$a
run 5 200 - "$a"
compared "standard input against the same file" 0
run 5 200 - -
usage_error "standard input twice"

# --- Not text, or not UTF-8 --------------------------------------------------

printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001\000' >"$tmp/image.png"
run 5 200 "$tmp/image.png" "$a"
refused "a binary file" "$tmp/image.png"
grep -qi binary "$tmp/err" || fail "a binary file: the message does not say binary"
printf 'Before the null.\000After the null.\n' >"$tmp/nul.txt"
run 5 200 "$a" "$tmp/nul.txt"
refused "a NUL in the middle" "$tmp/nul.txt"
grep -qi binary "$tmp/err" || fail "a NUL in the middle: the message does not say binary"
stdin=$tmp/nul.txt
run 5 200 "$a" -
if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qi binary "$tmp/err"; then
	pass "a NUL on standard input: $(cat "$tmp/err")"
else
	fail "a NUL on standard input: status $status: $(message)"
fi

# invalid FILE OFFSET WHAT: refused, and the message says where.
invalid() {
	run 5 200 "$a" "$1"
	refused "$3" "$1"
	if ! grep -q 'UTF-8' "$tmp/err" || ! grep -Eq "(^|[^0-9])$2([^0-9]|\$)" "$tmp/err"; then
		fail "$3: the message does not name UTF-8 and byte $2: $(message)"
	fi
}
printf 'Le caf\351 est ferm\351.\n' >"$tmp/latin1.txt"
invalid "$tmp/latin1.txt" 6 "Latin-1 bytes (invalid UTF-8)"
printf 'Good start. \300\257 overlong slash.\n' >"$tmp/overlong2.txt"
invalid "$tmp/overlong2.txt" 12 "a two-byte overlong encoding"
printf 'Good start. \340\200\257 overlong slash.\n' >"$tmp/overlong3.txt"
invalid "$tmp/overlong3.txt" 12 "a three-byte overlong encoding"
printf 'Good start. \360\200\200\257 overlong slash.\n' >"$tmp/overlong4.txt"
invalid "$tmp/overlong4.txt" 12 "a four-byte overlong encoding"
printf 'A surrogate \355\240\200 here.\n' >"$tmp/surrogate.txt"
invalid "$tmp/surrogate.txt" 12 "a UTF-16 surrogate encoded in UTF-8"
printf 'A pair \355\240\275\355\270\200 (CESU-8).\n' >"$tmp/cesu.txt"
invalid "$tmp/cesu.txt" 7 "a surrogate pair encoded in UTF-8 (CESU-8)"
printf 'Beyond Unicode \364\220\200\200 here.\n' >"$tmp/beyond.txt"
invalid "$tmp/beyond.txt" 15 "a code point beyond U+10FFFF"
printf 'Cut short \342\202' >"$tmp/truncated.txt"
invalid "$tmp/truncated.txt" 10 "a character cut at the end of the file"

run 5 200 --encoding=ISO-8859-1 "$data/hostile-latin1.txt" "$data/hostile-latin1.txt"
compared "--encoding=ISO-8859-1 converts" 0
run 5 200 --encoding=ISO-8859-1 --format=json "$data/hostile-latin1.txt" /dev/null
if compared "--encoding=ISO-8859-1 in JSON" 1; then
	if grep -q "$(printf 'caf\303\251')" "$tmp/out"; then
		pass "--encoding=ISO-8859-1: the text became UTF-8"
	else
		fail "--encoding=ISO-8859-1: no 'café' in the JSON"
	fi
fi
run 5 200 --encoding=NO-SUCH-ENCODING "$a" "$b"
usage_error "an unknown encoding"

run 5 200 "$data/hostile-utf16le.txt" "$data/hostile-utf16-twin.txt"
compared "UTF-16LE with a BOM equals its UTF-8 twin" 0
run 5 200 "$data/hostile-utf16be.txt" "$data/hostile-utf16-twin.txt"
compared "UTF-16BE with a BOM equals its UTF-8 twin" 0
run 5 200 "$data/hostile-bom.txt" "$data/hostile-utf16-twin.txt"
compared "a UTF-8 BOM changes nothing" 0
run 5 200 "$data/hostile-crlf.txt" "$data/hostile-utf16-twin.txt"
compared "CRLF line ends change nothing" 0
printf '\377\376H\000i\000\000\330.\000' >"$tmp/lone-surrogate.txt"
run 5 200 "$tmp/lone-surrogate.txt" "$a"
refused "UTF-16 with a lone surrogate" "$tmp/lone-surrogate.txt"
printf '\377\376H\000i\000.' >"$tmp/odd-utf16.txt"
run 5 200 "$tmp/odd-utf16.txt" "$a"
refused "UTF-16 with an odd number of bytes" "$tmp/odd-utf16.txt"

# --- Text that must not drive the terminal -------------------------------

run 5 200 --color=never "$data/hostile-escapes-left.txt" "$data/hostile-escapes-right.txt"
if compared "escape sequences and control characters" 1; then
	clean "escape sequences, --color=never"
	w=$(widest "$tmp/out")
	[ "$w" -le 80 ] || fail "escape sequences: a line of $w cells in 80 columns"
fi
run 5 200 --color=always "$data/hostile-escapes-left.txt" "$data/hostile-escapes-right.txt"
if compared "escape sequences, --color=always" 1; then
	esc=$(printf '\033')
	sed "s/$esc\\[[0-9;]*m//g" "$tmp/out" >"$tmp/stripped"
	mv "$tmp/stripped" "$tmp/out"
	clean "escape sequences, --color=always, colours aside"
fi
run 5 200 --format=json "$data/hostile-escapes-left.txt" "$data/hostile-escapes-right.txt"
compared "escape sequences in JSON" 1 && clean "escape sequences in JSON" json
run 5 200 --stat "$data/hostile-escapes-left.txt" "$data/hostile-escapes-right.txt"
compared "escape sequences, --stat" 1 && clean "escape sequences, --stat"
LC_ALL=C
run 5 200 --color=never "$data/hostile-escapes-left.txt" "$data/hostile-escapes-right.txt"
compared "escape sequences, LC_ALL=C" 1 && clean "escape sequences, LC_ALL=C"
LC_ALL=C.UTF-8

run 5 200 --color=never "$data/hostile-bidi-left.txt" "$data/hostile-bidi-right.txt"
compared "bidi controls" 1 && clean "bidi controls"

name=$(printf '%s/evil\033]0;owned\007\033[2J.txt' "$tmp")
cp "$a" "$name"
run 5 200 --color=never "$name" "$b"
compared "a file name with escape sequences" 1 && clean "a file name with escape sequences"
run 5 200 "$name.missing" "$b"
if [ "$status" -eq 2 ] && [ -z "$(forbidden "$tmp/err")" ]; then
	pass "a missing file whose name holds escape sequences: the message holds none"
else
	fail "a missing file whose name holds escape sequences: status $status, message holds a $(forbidden "$tmp/err")"
fi

run 5 200 --color=never "$data/hostile-combining-left.txt" "$data/hostile-combining-right.txt"
if compared "combining marks" 1; then
	w=$(widest "$tmp/out")
	[ "$w" -le 80 ] && pass "combining marks: widest line $w cells" ||
		fail "combining marks: a line of $w cells in 80 columns"
fi

# --- Big inputs: bounded time and memory ----------------------------------

mark=$(printf '\314\201')
{
	printf 'A tower a'
	yes "$mark" | head -n 100000 | tr -d '\n'
	printf ' of combining marks.\nA second sentence.\n'
} >"$tmp/tower.txt"
printf 'A tower a of combining marks.\nA second sentence here.\n' >"$tmp/tower2.txt"
run 20 1000 --color=never "$tmp/tower.txt" "$tmp/tower2.txt"
if compared "a tower of 100000 combining marks" 1; then
	w=$(widest "$tmp/out")
	[ "$w" -le 80 ] && pass "a tower of combining marks: widest line $w cells" ||
		fail "a tower of combining marks: a line of $w cells in 80 columns"
	clean "a tower of combining marks"
fi

yes abcdefghijklmnopqrstuvwxyz | head -c 10485760 | tr -d '\n' >"$tmp/line.txt"
{ cat "$tmp/line.txt"; printf 'Z\n'; } >"$tmp/line2.txt"
run 30 600 --color=never "$tmp/line.txt" "$tmp/line2.txt"
compared "a 10 MB line without spaces" 1
rm -f "$tmp/line.txt" "$tmp/line2.txt"

# article SENTENCES EDIT: a news-like article, sentence i unique; EDIT=1
# changes every 50000th sentence and drops every 70000th.
article() {
	awk -v count="$1" -v edit="$2" 'BEGIN {
		for (i = 1; i <= count; i++) {
			if (edit && i % 70000 == 0)
				continue
			verb = edit && i % 50000 == 0 ? "rejected" : "approved"
			printf "Report %d says the council of district %d %s measure %d by %d votes to %d.", \
				i, i % 97, verb, (i * 7919) % 100003, i % 13 + 5, i % 7
			printf (i % 4 == 0 ? "\n\n" : " ")
		}
	}'
}
# Beyond the largest article (TEXT_MAX_BYTES, text.h): refused before any work, from a
# file (sparse: no disk used) or from standard input.
truncate -s 300M "$tmp/huge.txt"
run 10 400 "$tmp/huge.txt" "$a"
refused "a 300 MB file" "$tmp/huge.txt"
grep -q 'too large' "$tmp/err" || fail "a 300 MB file: the message does not say too large"
# The limit the message gives is the one the man page documents.
limit=$(sed -n 's/.*the limit is \([0-9]*\) MiB.*/\1/p' "$tmp/err")
if [ -n "$limit" ] && grep -q "^Each article may be at most $limit MiB\$" "$top_srcdir/man/artcmp.1"; then
	pass "the man page gives the same limit ($limit MiB)"
else
	fail "the man page LIMITS does not say 'at most ${limit:-?} MiB' as the refusal does"
fi
rm -f "$tmp/huge.txt"
mkfifo "$tmp/fifo"
yes 'All work and no play makes Jack a dull boy.' 2>/dev/null | head -c 300000000 >"$tmp/fifo" &
stdin=$tmp/fifo
run 20 1000 - "$a"
refused "300 MB on standard input" "standard input"
grep -q 'too large' "$tmp/err" || fail "300 MB on standard input: the message does not say too large"
wait

# Two 50 MB articles: sentences 50000, 100000, ... reworded, 70000,
# 140000, ... dropped (350000 is both: dropped), so 11 changes, 8 deletes.
article 615000 0 >"$tmp/big.txt"
article 615000 1 >"$tmp/big2.txt"
run 30 2000 --stat "$tmp/big.txt" "$tmp/big2.txt"
if compared "two 50 MB articles ($(($(wc -c <"$tmp/big.txt") / 1048576)) MB each)" 1; then
	if grep -q 'change: *11$' "$tmp/out" && grep -q 'delete: *8$' "$tmp/out" &&
		grep -q 'insert: *0$' "$tmp/out"; then
		pass "two 50 MB articles: the 11 changes and 8 deletions found"
	else
		fail "two 50 MB articles: not 11 changes and 8 deletions: $(tr '\n' ' ' <"$tmp/out")"
	fi
fi
rm -f "$tmp/big.txt" "$tmp/big2.txt"

awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "W%d.%s", i, (i % 20 ? " " : "\n") }' >"$tmp/words.txt"
awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "%s%d.%s", (i % 100000 ? "W" : "V"), i, (i % 20 ? " " : "\n") }' >"$tmp/words2.txt"
run 30 1000 --stat "$tmp/words.txt" "$tmp/words2.txt"
compared "a million one-word sentences" 1
# Beyond the memory there is: one line, exit 2, no crash.
if [ "$bounded_memory" = 1 ]; then
	run 30 100 --stat "$tmp/words.txt" "$tmp/words2.txt"
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q '^artcmp: out of memory' "$tmp/err" && ! [ -s "$tmp/out" ]; then
		pass "out of memory (ulimit -v 100 MB): $(cat "$tmp/err")"
	else
		fail "out of memory (ulimit -v 100 MB): status $status: $(message)"
	fi
fi
rm -f "$tmp/words.txt" "$tmp/words2.txt"

awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "The market closed higher today.%s", (i % 10 ? " " : "\n") }' >"$tmp/same.txt"
awk 'BEGIN { for (i = 1; i <= 100000; i++) {
	if (i == 70000) continue
	printf "The market closed %s today.%s", (i == 50000 ? "lower" : "higher"), (i % 10 ? " " : "\n") } }' >"$tmp/same2.txt"
run 30 400 --format=json "$tmp/same.txt" "$tmp/same2.txt"
if compared "100000 identical sentences against nearly the same" 1; then
	equal=$(tr -d ' \n\t' <"$tmp/out" | sed -n 's/.*"summary":{[^}]*"equal":\([0-9]*\).*/\1/p')
	if [ "$equal" = 99998 ]; then
		pass "100000 identical sentences: 99998 equal pairs, the most there can be"
	else
		fail "100000 identical sentences: ${equal:-no} equal pairs in the summary, not 99998"
	fi
fi
rm -f "$tmp/same.txt" "$tmp/same2.txt"

finish
