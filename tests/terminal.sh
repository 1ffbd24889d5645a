#!/bin/sh
# terminal: hard terminal conditions (issue 7).  Without a usable terminal
# the viewer refuses in one line and exits 2; when output is not a terminal
# the text comes out in batch; LANG=C gets ASCII; resize storms, a 1x1
# window, SIGINT, SIGTERM and a closed pipe end cleanly and leave the
# terminal as it was: no alternate screen, cursor shown, keypad and mouse
# modes off, the tty line discipline sane.
#
# The interactive cases run in a detached tmux server on a private socket.
. "${top_srcdir:-.}/tests/lib.sh"

COLUMNS=80
export COLUMNS
LC_ALL=C.UTF-8
export LC_ALL
unset NO_COLOR

require_artcmp

a=$tmp/a.txt
b=$tmp/b.txt
printf 'The mayor\342\200\231s office said on Tuesday that the caf\303\251 would close.\n' >"$a"
printf 'Rents rose by a third \342\200\224 too much, the owner said.\n\n' >>"$a"
printf '\342\200\234We tried,\342\200\235 she said.\n' >>"$a"
printf 'The mayor\342\200\231s office said on Monday that the caf\303\251 would close.\n' >"$b"
printf 'Rents rose by a third \342\200\224 too much, the owner said.\n\n' >>"$b"
printf 'A new sentence appears here.\n' >>"$b"

# article SENTENCES: a long article with a difference now and then.
article() {
	awk -v count="$1" -v edit="$2" 'BEGIN {
		for (i = 1; i <= count; i++) {
			verb = edit && i % 997 == 0 ? "rejected" : "approved"
			printf "Report %d says the council of district %d %s measure %d.", \
				i, i % 97, verb, (i * 7919) % 100003
			printf (i % 4 == 0 ? "\n\n" : " ")
		}
	}'
}

# --- Output that is not a terminal: batch text, whatever TERM says -------

for term in unset dumb no-such-terminal xterm-256color; do
	if [ "$term" = unset ]; then
		env -u TERM "$ARTCMP" "$a" "$b" >"$tmp/out" 2>"$tmp/err" </dev/null
	else
		TERM=$term "$ARTCMP" "$a" "$b" >"$tmp/out" 2>"$tmp/err" </dev/null
	fi
	status=$?
	if [ "$status" -eq 1 ] && [ -s "$tmp/out" ] && ! [ -s "$tmp/err" ] &&
		! grep -q "$(printf '\033')" "$tmp/out"; then
		pass "TERM $term, output to a file: batch text, no escape sequence"
	else
		fail "TERM $term, output to a file: status $status: $(head -c 200 "$tmp/err")"
	fi
done

LC_ALL=C "$ARTCMP" --color=never "$a" "$b" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 1 ] && [ -s "$tmp/out" ] && ! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/out"; then
	pass "LC_ALL=C: batch text is plain ASCII"
else
	fail "LC_ALL=C: status $status, or bytes beyond ASCII in the output"
fi
if grep -q 'caf' "$tmp/out" && grep -q 'third' "$tmp/out"; then
	pass "LC_ALL=C: the ASCII text reads"
else
	fail "LC_ALL=C: the words around the non-ASCII characters are missing"
fi

# SIGPIPE: a reader that stops early ends artcmp quietly.
article 20000 0 >"$tmp/long.txt"
article 20000 1 >"$tmp/long2.txt"
for format in text json; do
	{ timeout 20 "$ARTCMP" --format=$format "$tmp/long.txt" "$tmp/long2.txt" 2>"$tmp/err"
	  echo $? >"$tmp/status"; } | head -c 100 >/dev/null
	status=$(cat "$tmp/status")
	if [ "$status" -ne 124 ] && ! [ -s "$tmp/err" ]; then
		pass "a closed pipe ($format): quiet exit, status $status"
	else
		fail "a closed pipe ($format): status $status: $(head -c 200 "$tmp/err")"
	fi
done

# --- The viewer in a terminal ---------------------------------------------

if [ -z "${TMUX_BIN:-}" ]; then
	TMUX_BIN=$(command -v tmux 2>/dev/null)
fi
if [ -z "$TMUX_BIN" ]; then
	echo "skip: the interactive cases need tmux"
	finish
fi
unset TMUX
socket=$tmp/tmux.sock
tm() {
	"$TMUX_BIN" -S "$socket" -f /dev/null "$@"
}
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT

# wait_for FILE TENTHS: wait until FILE exists and is not empty.
wait_for() {
	i=0
	while ! [ -s "$1" ] && [ "$i" -lt "$2" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$1" ]
}

# start NAME WIDTH HEIGHT COMMAND: run COMMAND in a fresh tmux window under
# sh; when it ends, its status goes to $tmp/NAME.status and the tty modes to
# $tmp/NAME.stty; the pane then stays open for inspection.  SIGINT is
# caught (not ignored, which the command would inherit) so that the shell
# outlives a Ctrl-C.
case_number=0
start() {
	name=$1
	case_number=$((case_number + 1))
	rm -f "$tmp/$name.status" "$tmp/$name.stty"
	cat >"$tmp/$name.sh" <<EOF
trap : INT
$4
echo \$? >"$tmp/$name.status.tmp"
stty -a >"$tmp/$name.stty" 2>&1
mv "$tmp/$name.status.tmp" "$tmp/$name.status"
exec sleep 600
EOF
	if [ "$case_number" -eq 1 ]; then
		tm new-session -d -s t -n "$name" -x "$2" -y "$3" "sh $tmp/$name.sh"
	else
		tm new-window -d -t t: -n "$name" "sh $tmp/$name.sh"
	fi
	tm set-option -t "t:$name" -w window-size manual >/dev/null 2>&1
	tm resize-window -t "t:$name" -x "$2" -y "$3" >/dev/null 2>&1
	window=t:$name
}

# restored WHAT: after the command ended, the terminal is as it was.
restored() {
	modes=$(tm display-message -p -t "$window" \
		'#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag} #{mouse_any_flag}')
	if [ "$modes" = "0 1 0 0 0" ]; then
		pass "$1: terminal modes restored"
	else
		fail "$1: terminal modes left as alternate/cursor/keypad/cursor keys/mouse = $modes, expected 0 1 0 0 0"
	fi
	if grep -q -- '-icanon\|-echo \|-isig\|-icrnl\|-opost' "$tmp/$name.stty"; then
		fail "$1: tty line discipline left changed: $(grep -o -- '-icanon\|-echo \|-isig\|-icrnl\|-opost' "$tmp/$name.stty" | tr '\n' ' ')"
	else
		pass "$1: tty line discipline sane"
	fi
}

screen() {
	tm capture-pane -p -t "$window"
}

# Drawn: wait until the viewer shows something of the articles.
drawn() {
	i=0
	while [ "$i" -lt 50 ]; do
		if screen | grep -q "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The viewer itself (issue 5) may not be there yet in a partial tree.
start probe 80 24 "TERM=screen '$ARTCMP' '$a' '$b' 2>'$tmp/probe.err'"
sleep 0.5
tm send-keys -t "$window" q
wait_for "$tmp/probe.status" 30
if grep -q 'not built yet' "$tmp/probe.err" 2>/dev/null; then
	echo "skip: the viewer is still a stand-in: $(cat "$tmp/probe.err")"
	finish
fi

# No usable terminal, in interactive use: one line, exit 2, nothing drawn.
for term in unset dumb no-such-terminal; do
	if [ "$term" = unset ]; then
		start "term-$term" 80 24 "env -u TERM '$ARTCMP' '$a' '$b' 2>'$tmp/term-$term.err'"
	else
		start "term-$term" 80 24 "TERM=$term '$ARTCMP' '$a' '$b' 2>'$tmp/term-$term.err'"
	fi
	if ! wait_for "$tmp/term-$term.status" 50; then
		fail "TERM $term in a terminal: still running after 5 s"
		tm send-keys -t "$window" q
		continue
	fi
	status=$(cat "$tmp/term-$term.status")
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/term-$term.err")" -eq 1 ] &&
		grep -q '^artcmp: ' "$tmp/term-$term.err"; then
		pass "TERM $term in a terminal: $(cat "$tmp/term-$term.err")"
	else
		fail "TERM $term in a terminal: status $status: $(head -c 200 "$tmp/term-$term.err")"
	fi
	restored "TERM $term in a terminal"
done

# The ordinary way out: q.
start quit 100 30 "TERM=screen '$ARTCMP' '$a' '$b'"
if drawn 'Monday'; then
	pass "the viewer draws both articles"
	tm send-keys -t "$window" q
	if wait_for "$tmp/quit.status" 50; then
		status=$(cat "$tmp/quit.status")
		[ "$status" -eq 1 ] && pass "q: exit status 1 (differences)" ||
			fail "q: exit status $status, expected 1"
		restored "q"
	else
		fail "q: still running after 5 s"
	fi
else
	fail "the viewer did not draw the articles: $(screen | head -c 300)"
fi

# LANG=C in the viewer: the ASCII parts read, no mojibake.
start ascii 100 30 "LC_ALL=C TERM=screen '$ARTCMP' '$a' '$b'"
if drawn 'Monday'; then
	if screen | grep -q "$(printf '\303\203\|\357\277\275')"; then
		fail "LC_ALL=C viewer: mojibake on the screen"
	else
		pass "LC_ALL=C viewer: no mojibake"
	fi
	tm send-keys -t "$window" q
	wait_for "$tmp/ascii.status" 50 && restored "LC_ALL=C viewer" ||
		fail "LC_ALL=C viewer: still running after q"
else
	fail "LC_ALL=C viewer: nothing drawn: $(screen | head -c 300)"
fi

# A resize storm, through tiny and huge sizes, then keys, then q.
start storm 80 24 "TERM=screen '$ARTCMP' '$tmp/long.txt' '$tmp/long2.txt'"
if drawn 'Report'; then
	for size in 1x1 2x1 1x2 3x3 10x2 200x60 5x40 300x100 40x5 1x1 79x23 20x1 1x20 \
		120x40 7x7 0x0 999x999 60x3 4x4 80x24 1x1 33x11 80x24; do
		tm resize-window -t "$window" -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
		tm send-keys -t "$window" j
	done
	for size in 1x1 150x50 2x2 80x24 1x1 100x30 1x1 80x24; do
		tm resize-window -t "$window" -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
	done
	sleep 0.5
	if [ -s "$tmp/storm.status" ]; then
		fail "resize storm: the viewer ended by itself with status $(cat "$tmp/storm.status")"
	elif drawn 'Report'; then
		pass "resize storm: still running and drawn at 80x24"
	else
		fail "resize storm: not redrawn at 80x24: $(screen | head -c 300)"
	fi
	tm send-keys -t "$window" q
	wait_for "$tmp/storm.status" 50 && restored "resize storm" ||
		fail "resize storm: still running after q"
else
	fail "resize storm: nothing drawn: $(screen | head -c 300)"
fi

# A 1x1 window from the start, most keys of the viewer's table.
start tiny 1 1 "TERM=screen '$ARTCMP' '$a' '$b'"
sleep 0.5
for key in j k n p } { F f m d u Space b g G h q / x Enter \; , + - Tab BTab C-l q; do
	tm send-keys -t "$window" "$key"
done
wait_for "$tmp/tiny.status" 20 || tm send-keys -t "$window" Escape q q
if wait_for "$tmp/tiny.status" 30; then
	status=$(cat "$tmp/tiny.status")
	[ "$status" -le 1 ] && pass "a 1x1 window: ends with status $status" ||
		fail "a 1x1 window: status $status"
	restored "a 1x1 window"
else
	fail "a 1x1 window: still running after q"
fi

# SIGINT while a large pair is being aligned: out promptly, terminal as it was.
article 150000 0 >"$tmp/big.txt"
article 150000 1 >"$tmp/big2.txt"
start sigint 80 24 "TERM=screen '$ARTCMP' '$tmp/big.txt' '$tmp/big2.txt'"
sleep 0.3
tm send-keys -t "$window" C-c
if wait_for "$tmp/sigint.status" 30; then
	pass "SIGINT while aligning: out within 3 s, status $(cat "$tmp/sigint.status")"
	restored "SIGINT while aligning"
else
	fail "SIGINT while aligning: still running 3 s after Ctrl-C"
	tm send-keys -t "$window" C-c q
fi

# Ctrl-Z and fg from a job-control shell: suspended, the terminal is the
# shell's again; resumed, the viewer redraws; q still works.
if command -v bash >/dev/null 2>&1; then
	tm new-window -d -t t: -n suspend "env PS1='$ ' TERM=screen bash --norc --noprofile -i"
	window=t:suspend
	sleep 0.5
	tm send-keys -t "$window" "'$ARTCMP' '$a' '$b'" Enter
	if drawn 'Monday'; then
		tm send-keys -t "$window" C-z
		sleep 0.5
		modes=$(tm display-message -p -t "$window" '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{mouse_any_flag}')
		if [ "$modes" = "0 1 0 0" ] && ! screen | tail -n 3 | grep -q 'Monday'; then
			pass "Ctrl-Z: the shell gets its terminal back"
		else
			fail "Ctrl-Z: terminal modes $modes (alternate/cursor/cursor keys/mouse), expected 0 1 0 0"
		fi
		tm send-keys -t "$window" clear Enter
		sleep 0.3
		tm send-keys -t "$window" fg Enter
		if drawn 'Monday'; then
			pass "fg: the viewer draws again"
		else
			fail "fg: the viewer did not redraw: $(screen | head -c 300)"
		fi
		tm send-keys -t "$window" q
		sleep 0.3
		# fg returns the status of the job it resumed.
		tm send-keys -t "$window" "echo \$? >'$tmp/suspend.status'" Enter
		if wait_for "$tmp/suspend.status" 50; then
			[ "$(cat "$tmp/suspend.status")" -eq 1 ] && pass "q after fg: exit status 1" ||
				fail "q after fg: exit status $(cat "$tmp/suspend.status")"
			sleep 0.3
			modes=$(tm display-message -p -t "$window" '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{mouse_any_flag}')
			[ "$modes" = "0 1 0 0" ] && pass "q after fg: terminal modes restored" ||
				fail "q after fg: terminal modes $modes, expected 0 1 0 0"
		else
			fail "q after fg: still running"
		fi
	else
		fail "Ctrl-Z: nothing drawn: $(screen | head -c 300)"
	fi
else
	echo "skip: Ctrl-Z and fg need bash for job control"
fi

# SIGTERM in the viewer.
start sigterm 80 24 "TERM=screen '$ARTCMP' '$a' '$b'"
if drawn 'Monday'; then
	pid=$(pgrep -P "$(tm display-message -p -t "$window" '#{pane_pid}')" -x artcmp | head -n 1)
	if [ -n "$pid" ]; then
		kill -TERM "$pid"
		if wait_for "$tmp/sigterm.status" 30; then
			pass "SIGTERM: out, status $(cat "$tmp/sigterm.status")"
			restored "SIGTERM"
		else
			fail "SIGTERM: still running 3 s later"
		fi
	else
		echo "skip: SIGTERM: cannot find the viewer's process"
	fi
else
	fail "SIGTERM: nothing drawn"
fi

finish
