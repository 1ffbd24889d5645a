/*
 * render: the batch front ends.  Each writes the whole comparison to out and
 * returns 0, or -1 when a write failed (errno set); the caller reports it.
 *
 *   render_text: side by side like diff -y, wrapped and never truncated,
 *                both halves of a pair starting on the same line, a marker
 *                column, colour (SGR) only when color is set.
 *   render_json: the JSON contract of DESIGN.md (--format=json).
 *   render_stat: one summary block (--stat).
 */
#ifndef ARTCMP_RENDER_H
#define ARTCMP_RENDER_H

#include <stdio.h>

#include "align.h"

struct render_options {
	const char *name[2];	/* labels or paths */
	unsigned width;		/* total line width */
	int color;
	int ascii;		/* non-UTF-8 locale: ASCII fallbacks */
};

int render_text(FILE *out, const struct comparison *cmp, const struct render_options *options);
int render_json(FILE *out, const struct comparison *cmp, const struct render_options *options);
int render_stat(FILE *out, const struct comparison *cmp, const struct render_options *options);

#endif
