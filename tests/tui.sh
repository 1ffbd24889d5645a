#!/bin/sh
# tui.sh: the viewer, driven headlessly.  Keys go in through tmux send-keys,
# screens come out through capture-pane and are compared with the stored
# screens tests/data/tui-*.screen (tig's and tmux's way of testing a TUI).
#
#   TUI_UPDATE=1 tests/tui.sh     rewrite the stored screens from this build
#                                 (then read the diff before committing it)
#
# Each run has its own tmux server (-L artcmp-test-PID, no config file),
# killed on every way out.  Skipped (77) where tmux is missing.
. "${top_srcdir:-.}/tests/lib.sh"

left="$data/tui-left.txt"
right="$data/tui-right.txt"

# No terminal: refused before anything is drawn, with the reason.  These need
# no tmux.
for term in dumb unknown-terminal-xyz ""; do
	status=0
	TERM=$term "$ARTCMP" --format=tui "$left" "$right" >"$tmp/out" 2>"$tmp/err" </dev/null ||
		status=$?
	if [ "$status" -eq 2 ] && grep -q "^artcmp: cannot use the terminal: TERM.*--format=text" "$tmp/err" &&
	   [ ! -s "$tmp/out" ]; then
		pass "TERM='$term' is refused with a message and nothing drawn"
	else
		fail "TERM='$term': status $status, stderr: $(cat "$tmp/err")"
	fi
done

tmux_bin=${TMUX_BIN:-$(command -v tmux 2>/dev/null)}
if [ -z "$tmux_bin" ] || [ ! -x "$tmux_bin" ]; then
	echo "tmux not found: screen tests skipped"
	[ "$failures" -eq 0 ] || finish
	exit 77
fi
locale=C.UTF-8
if ! locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	locale=$(locale -a 2>/dev/null | grep -i 'utf-\?8' | head -n 1)
fi
if [ -z "$locale" ]; then
	echo "no UTF-8 locale: screen tests skipped"
	[ "$failures" -eq 0 ] || finish
	exit 77
fi

socket=artcmp-test-$$
# The socket lives in $tmp, so it goes with it.
TMUX_TMPDIR=$tmp
export TMUX_TMPDIR
data_dir=$(cd "$data" && pwd)
case $ARTCMP in /*) ;; *) ARTCMP=$(pwd)/$ARTCMP ;; esac
unset TMUX
tm() {
	"$tmux_bin" -L "$socket" -f /dev/null "$@"
}
pair="tui-left.txt tui-right.txt"
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
# A pipe closed under us (make check | grep -q) must still clean up.
trap 'exit 1' INT TERM HUP PIPE

# start NAME COLS ROWS ENV...: run the viewer on the fixture pair ($pair,
# files in tests/data) in a new session; after it ends the pane shows its
# exit status and terminal modes.
# The threshold is given (0.5, or $start_threshold) so that + and - have
# known results whatever the default becomes.
start() {
	name=$1 cols=$2 rows=$3
	shift 3
	cat >"$tmp/$name.run" <<EOF
trap : INT
cd "$data_dir" || exit 1
# A watchdog, so that a test killed without its clean-up leaves no viewer
# (and no tmux server) waiting for keys for ever.
(sleep 300; kill "\$(cat "$tmp/$name.pid")") 2>/dev/null &
watchdog=\$!
sh -c 'echo \$\$ >"\$0"; exec "\$@"' "$tmp/$name.pid" \\
	env LC_ALL=$locale TERM=screen $* "$ARTCMP" --threshold=${start_threshold:-0.5} $pair 2>"$tmp/$name.err"
echo "exit=\$?"
kill \$watchdog 2>/dev/null
echo "modes: \$(stty -a | tr ' ;' '\n\n' | grep -x -e '-\\{0,1\\}icanon' -e '-\\{0,1\\}echo' | tr '\n' ' ')"
sleep 120
EOF
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "exec sh $tmp/$name.run"
}

capture() {
	tm capture-pane -p -t "$1"
}

# settle NAME [TEXT]: wait until the screen shows TEXT (if given) and has
# stopped changing for 0.3 s; 15 s at most (ASan builds start slowly).
settle() {
	i=0 last= same=0
	while [ "$i" -lt 150 ]; do
		now=$(capture "$1")
		case $now in
		*"$2"*)
			if [ "$now" = "$last" ]; then
				same=$((same + 1))
				[ "$same" -ge 3 ] && return 0
			else
				same=0
			fi
			;;
		esac
		last=$now
		sleep 0.1
		i=$((i + 1))
	done
	echo "timeout waiting for '$2' on $1; screen:"
	capture "$1"
	return 1
}

keys() {
	name=$1
	shift
	tm send-keys -t "$name" "$@"
}

# check NAME SCREEN WHAT: compare the screen with tests/data/tui-SCREEN.screen.
check() {
	capture "$1" >"$tmp/$2.screen"
	stored="$data/tui-$2.screen"
	if [ -n "$TUI_UPDATE" ]; then
		cp "$tmp/$2.screen" "$stored"
		pass "$3 (stored $stored)"
	elif diff -u "$stored" "$tmp/$2.screen" >"$tmp/$2.diff" 2>&1; then
		pass "$3"
	else
		fail "$3: the screen differs from $stored:"
		cat "$tmp/$2.diff"
	fi
}

# expect NAME TEXT WHAT: the screen shows TEXT.
expect() {
	if capture "$1" | grep -qF -e "$2"; then
		pass "$3"
	else
		fail "$3: no '$2' on the screen:"
		capture "$1"
	fi
}

# The main session: 100x30, colour.
start main 100 30
settle main "h help" || fail "the viewer did not start"
check main first "first screen: names, counts, both panes, status line"
expect main "difference 1 of" "the status line counts the differences"

# The wheel, as the terminal reports it once the viewer asked for the mouse
# (TERM=screen: the X10 form ESC [ M, button 64/65 + 32, column, row).
keys main -H 1b 5b 4d 61 30 30
settle main "line 4/"
expect main "line 4/36" "the mouse wheel scrolls down three lines"
keys main -H 1b 5b 4d 60 30 30
settle main "line 1/"
expect main "line 1/36" "the mouse wheel scrolls back up"

keys main n
settle main "difference 2 of"
check main next "n steps to the next difference"
keys main p
settle main "difference 1 of"
expect main "difference 1 of" "p steps back to the previous difference"
keys main ']' ']' Tab
settle main "difference 4 of"
expect main "difference 4 of" "] and Tab step forward like n"
keys main BTab '['
settle main "difference 2 of"
expect main "difference 2 of" "Shift-Tab and [ step back like p"

keys main h
settle main "artcmp: keys"
check main help "h shows the help screen drawn from the key table"
keys main q
settle main "difference 2 of"
expect main "difference 2 of" "q leaves the help and keeps the place"

keys main g / museum Enter
settle main "museum"
check main search "/ finds text in the articles and brings it on screen"
expect main "^[[31mCLOSED^[[0m" "an escape sequence in the article is shown, not sent"
keys main '\;'
settle main "search wrapped"
expect main "search wrapped around: museum" "; repeats the search, going round the end"
keys main g
settle main "line 1/"
keys main / Enter
settle main "museum"
expect main "line 10/36 100%" "an empty pattern repeats the last search"
keys main g / 'no such words here' Enter
settle main "pattern not found"
expect main "pattern not found: no such words here" "a search that fails says so"

keys main G '?' ELLIS Enter
settle main "PORT ELLIS"
expect main "PORT ELLIS, June 3" "? with capitals matches case: ELLIS is found in the first sentence"
keys main G '?' 'no such WORDS' Enter
settle main "pattern not found"
expect main "pattern not found: no such WORDS" "? that matches nothing says so"

keys main g / 'the islands much' Enter
settle main "h help"
if capture main | grep -q "pattern not found"; then
	fail "a phrase cut by the wrap of a line is not found"
else
	pass "a phrase cut by the wrap of a line is found"
fi

keys main g m
settle main "moved to here"
expect main "moved to here (right)" "m on a moved unit goes to where it went"
keys main m
settle main "moved from here"
expect main "moved from here (left)" "m again goes back to where it was"

keys main g '}' '}'
settle main "difference 4 of"
expect main "! attribution, negation" "} steps to flagged differences, the status line names the flags"
keys main '{'
settle main "difference 3 of"
expect main "! quote" "{ steps back to the previous flagged difference"
keys main F
settle main "only differences flagged number"
expect main "only differences flagged number: 1 of" "F filters navigation by flag"
keys main n
settle main "no next difference flagged number"
expect main "no next difference flagged number" "with a filter, n keeps to that flag"
keys main F F F F F
settle main "all "
expect main "all 6 differences" "F cycles back to all differences"

keys main g f
settle main "folded"
check main fold "f folds runs of unchanged units into one line"
keys main / "night ferry" Enter
settle main "unfolded to show"
expect main "The night ferry keeps its timetable." "a search finds text under a fold and unfolds to show it"
keys main f
settle main "folded"
keys main g / "no such words here" Enter
settle main "pattern not found"
expect main "… 8 unchanged sentences …" "a search that finds nothing leaves the fold closed"
keys main f
settle main "unfolded"

keys main G
settle main "100%"
expect main "100%" "G goes to the end"
keys main g
settle main "line 1/"
expect main "line 1/" "g goes back to the top"

keys main +
settle main "threshold 0.55"
expect main "threshold 0.55:" "+ raises the threshold and aligns again"
# + swaps in an alignment made in the background: it must be the one a run
# started at the new threshold shows (every line but the status line).  The
# fixture pairs one paraphrase fewer at 0.95 than at 0.9, so the screens
# before and after differ.  Nine quick presses from 0.5 (keys typed while
# alignments are still being made) must end on the same screen.
start_threshold=0.9 start plus 100 30
start_threshold=0.95 start fresh 100 30
start quick 100 30
settle plus "h help" && settle fresh "h help" && settle quick "h help"
capture plus | sed '$d' >"$tmp/before.screen"
capture fresh | sed '$d' >"$tmp/fresh.screen"
keys plus +
settle plus "threshold 0.95"
capture plus | sed '$d' >"$tmp/plus.screen"
keys quick + + + + + + + + +
settle quick "threshold 0.95"
capture quick | sed '$d' >"$tmp/quick.screen"
if cmp -s "$tmp/before.screen" "$tmp/fresh.screen"; then
	fail "the fixture aligns alike at 0.9 and 0.95: + shows nothing new"
elif diff -u "$tmp/fresh.screen" "$tmp/plus.screen" >"$tmp/plus.diff" 2>&1; then
	pass "after +, the screen is the first screen of a run at --threshold=0.95"
else
	fail "after + from 0.9, the screen differs from a run at --threshold=0.95:"
	cat "$tmp/plus.diff"
fi
if diff -u "$tmp/fresh.screen" "$tmp/quick.screen" >"$tmp/quick.diff" 2>&1; then
	pass "nine quick + from 0.5 end on the screen of a run at --threshold=0.95"
else
	fail "nine quick + from 0.5: the screen differs from a run at --threshold=0.95:"
	cat "$tmp/quick.diff"
fi
keys plus q
keys fresh q
keys quick q
keys main - -
settle main "threshold 0.45"
expect main "threshold 0.45:" "- lowers it"
keys main +

tm resize-window -t main -x 40 -y 30
settle main "h:help"
check main resize40 "resized to 40 columns, the text is laid out again"
tm resize-window -t main -x 20 -y 8
settle main "too small"
expect main "terminal too small" "a tiny window says it is too small"
tm resize-window -t main -x 100 -y 30
settle main "h help"
expect main "line 1/" "growing again recovers the viewer"

keys main q
settle main "modes:"
expect main "exit=1" "q quits with the exit status of a difference"
expect main "modes: icanon echo" "q restores the terminal modes"
if [ -s "$tmp/main.err" ]; then
	fail "the viewer wrote to stderr: $(cat "$tmp/main.err")"
else
	pass "nothing on stderr after q (ASan: no leak)"
fi

# Monochrome: NO_COLOR.  Attributes only, no colour, same text.
start mono 100 30 NO_COLOR=1
settle mono "h help"
keys mono n
settle mono "difference 2 of"
check mono mono "NO_COLOR: the same screen in monochrome"
tm capture-pane -p -e -t mono >"$tmp/mono.sgr"
if grep -q "$(printf '\033')\[[0-9;]*\(3[0-7]\|4[0-7]\|38;\|48;\|9[0-7]\)[0-9;]*m" "$tmp/mono.sgr"; then
	fail "NO_COLOR: colour sequences on the screen"
else
	pass "NO_COLOR: no colour at all (and no colour from the article's escape)"
fi
if grep -q "$(printf '\033')\[[0-9;]*7[0-9;]*m" "$tmp/mono.sgr"; then
	pass "NO_COLOR: reverse video marks the current difference and the bars"
else
	fail "NO_COLOR: no reverse video on the screen"
fi
keys mono q
settle mono "modes:"

# The wheel in the SGR form (ESC [ < 65 ; x ; y M) of terminals like xterm.
start sgr 100 30 TERM=xterm-256color
settle sgr "h help"
keys sgr -l "$(printf '\033[<65;10;10M')"
settle sgr "line 4/"
expect sgr "line 4/36" "the mouse wheel scrolls in the SGR mouse form too"
keys sgr q
settle sgr "modes:"

# Characters that libunistring and the C library measure differently
# (U+4DC0 is one cell for one, two for the other, as for curses and tmux):
# the layout counts them as curses draws them, so none is lost under the
# divider or past the edge.
pair="tui/wide-left.txt tui/wide-right.txt"
start wide 40 12
settle wide "h:help"
count=$(capture wide | grep -o "$(printf '\344\267\200')" | wc -l)
if [ "$count" -eq 48 ]; then
	pass "wide characters as curses measures them: all 48 shown at 40 columns"
else
	fail "wide characters: $count of 48 shown at 40 columns:"
	capture wide
fi
expect wide "$(printf '\343\211\210')" "a circled number is shown"
expect wide "$(printf '\360\237\230\200')" "an emoji is shown"
keys wide q
settle wide "modes:"
pair="tui-left.txt tui-right.txt"

# Ctrl-C and SIGTERM restore the terminal too, and end with the signal.
start intr 100 30
settle intr "h help"
keys intr C-c
settle intr "modes:"
expect intr "exit=130" "Ctrl-C ends the viewer as SIGINT does"
expect intr "modes: icanon echo" "Ctrl-C restores the terminal modes"

start term 100 30
settle term "h help"
kill -TERM "$(cat "$tmp/term.pid")"
settle term "modes:"
expect term "exit=143" "SIGTERM ends the viewer"
expect term "modes: icanon echo" "SIGTERM restores the terminal modes"

finish
