#!/bin/sh
# man-lint: the man page is clean under mandoc -Tlint -Wwarning.
: "${top_srcdir:=.}"
mandoc=${MANDOC:-$(command -v mandoc)}
if [ -z "$mandoc" ]; then
	echo "mandoc not found: skipped"
	exit 77
fi
"$mandoc" -Tlint -Wwarning "$top_srcdir/man/artcmp.1"
