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

/*
 * render_json() in two steps, for a comparison made by comparison_prepare()
 * and align_run(): render_json_begin(), called between the two, readies
 * the writing of the sides (which do not depend on the alignment), which
 * render_json_sides_start() begins in another thread while the alignment
 * works; nothing else may write to out until render_json_end(), which
 * writes the rest: the same bytes render_json() writes.  begin returns
 * NULL when the comparison is too small to be worth a thread; end with
 * NULL is render_json().  cmp's sides must stay as they are in between.
 *
 * render_json_sides_start() hands the writing of the sides to another
 * thread (work.h) and may come any time between begin and end: called as
 * align_run_keep_beside()'s step, it queues behind the alignment's
 * indexes, which the alignment soon waits for.  Without it, end writes
 * the sides too.
 */
struct render_json_sides;

struct render_json_sides *render_json_begin(FILE *out, const struct comparison *cmp,
					    const struct render_options *options);
void render_json_sides_start(struct render_json_sides *sides);
int render_json_end(FILE *out, const struct comparison *cmp, const struct render_options *options,
		    struct render_json_sides *sides);

#endif
