#!/bin/sh
# json: `artcmp --format=json` read back by Python's json module, as a script
# would read it: it parses, each unit's offset/length point at its text in the
# file as read, every unit index of each side is in exactly one entry, and a
# full disk is reported.  Skipped (77) without python3.
. "${top_srcdir:-.}/tests/lib.sh"

py=${PYTHON3:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

# Fixture pairs, written here so the test needs nothing outside the tree.
printf 'The minister resigned on Monday. Protests followed in the capital.\n\nPolice said 12 people were hurt.\n' >"$tmp/a1"
printf 'Protests followed in the capital. The minister quit on Monday.\n\nPolice said 14 people were hurt, and "order" returned.\n\nAlso Read | Weather\n' >"$tmp/b1"
printf '\357\273\277Caf\303\251 owner said: \033[31m "we\tclosed".\r\nNext line.\r\n' >"$tmp/a2"
printf 'Caf\303\251 owner said "we closed".\r\nNext line.\r\n' >"$tmp/b2"
: >"$tmp/empty"

check() {
	# $1 $2: files; $3: what the case is; $4: more options
	"$ARTCMP" --format=json $4 "$1" "$2" >"$tmp/out.json" 2>"$tmp/err"
	status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
		fail "$3: exit status $status: $(cat "$tmp/err")"
		return
	fi
	if "$py" - "$tmp/out.json" "$1" "$2" >"$tmp/py.log" 2>&1 <<'EOF'
import json, sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["artcmp"] == 1, "artcmp version"
files = {"left": sys.argv[2], "right": sys.argv[3]}
seen = {}
for side, path in files.items():
    raw = open(path, "rb").read()
    assert doc[side]["name"] == path, "%s name %r" % (side, doc[side]["name"])
    for i, u in enumerate(doc[side]["units"]):
        piece = raw[u["offset"]:u["offset"] + u["length"]].decode("utf-8")
        assert piece == u["text"], "%s unit %d: %r != %r" % (side, i, piece, u["text"])
    seen[side] = [0] * len(doc[side]["units"])
for n, e in enumerate(doc["alignment"]):
    assert e["op"] in ("equal", "change", "delete", "insert", "move"), e["op"]
    for side in ("left", "right"):
        for i in e[side]:
            seen[side][i] += 1
    if e["op"] in ("change", "move"):
        assert isinstance(e["words"], list) and isinstance(e["flags"], list)
        assert 0 <= e["score"] <= 1
    if e["op"] == "equal":
        assert e["score"] == 1
for side in seen:
    bad = [i for i, c in enumerate(seen[side]) if c != 1]
    assert not bad, "%s units not in exactly one entry: %r" % (side, bad)
s = doc["summary"]
for k in ("equal", "change", "delete", "insert", "move", "reused"):
    assert k in s, k
EOF
	then
		pass "$3"
	else
		fail "$3: $(cat "$tmp/py.log")"
	fi
	# The output must not carry raw escape sequences to a terminal.
	if LC_ALL=C grep -q "$(printf '\033')" "$tmp/out.json"; then
		fail "$3: raw ESC in the JSON"
	fi
}

check "$tmp/a1" "$tmp/b1" "paraphrase, move and an added line"
check "$tmp/a1" "$tmp/a1" "identical articles"
check "$tmp/a2" "$tmp/b2" "BOM, CRLF and control characters"
check "$tmp/empty" "$tmp/a1" "empty left side"
check "$tmp/a1" "$tmp/empty" "empty right side"
check "$tmp/empty" "$tmp/empty" "both sides empty"
for unit in line paragraph; do
	check "$tmp/a1" "$tmp/b1" "--unit=$unit" "--unit=$unit"
done
check "$tmp/a1" "$tmp/b1" "--no-moves" "--no-moves"
if [ -f "$top_srcdir/examples/wire.txt" ]; then
	check "$top_srcdir/examples/wire.txt" "$top_srcdir/examples/rewrite.txt" "the example pair"
fi
check "$tmp/a1" "$tmp/b1" "--threshold=0" "--threshold=0"
check "$tmp/a1" "$tmp/b1" "--threshold=1" "--threshold=1"

if [ -w /dev/full ]; then
	"$ARTCMP" --format=json "$tmp/a1" "$tmp/b1" >/dev/full 2>"$tmp/err"
	status=$?
	if [ "$status" -eq 2 ] && [ -s "$tmp/err" ]; then
		pass "a full disk exits 2 with a message"
	else
		fail "a full disk: exit status $status, stderr: $(cat "$tmp/err")"
	fi
fi

finish
