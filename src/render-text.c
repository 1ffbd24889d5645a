/*
 * render-text: the comparison as side-by-side text, like diff -y but
 * wrapped and never truncated.
 *
 * Idea: lay the comparison out with layout_build() at the pane width the
 * total width leaves, then print each row as
 *
 *     M left pane text (padded)  | M right pane text
 *
 * where M is the row half's gutter marker (' ' same, '~' changed, '-'
 * removed, '+' added, '>' moved).  Both halves of a pair start on the same
 * line because the layout's rows do.  Only the layout's pieces are printed,
 * so article text reaches the output sanitized (no control sequence of its
 * own); the only escapes are our SGR colours, and only when options->color
 * is set, each span closed with a reset so that nothing leaks into the next
 * line or the shell.  Lines carry no trailing blanks.
 *
 * Cost: that of layout_build() plus one pass over its rows.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwidth.h>

#include "layout.h"
#include "render.h"
#include "util.h"

/* "M " before each pane, " | " between the panes. */
#define GUTTER 2
#define DIVIDER " | "
#define DIVIDER_CELLS 3
#define MIN_PANE 1

#define SGR_RESET "\033[0m"

/* Colour by meaning; bold on changed words so they stand out in a pair. */
static const char *const style_sgr[LAYOUT_STYLE_COUNT] = {
	[LAYOUT_SAME] = NULL,
	[LAYOUT_DELETED_WORD] = "\033[1;31m",
	[LAYOUT_INSERTED_WORD] = "\033[1;32m",
	[LAYOUT_REMOVED] = "\033[31m",
	[LAYOUT_ADDED] = "\033[32m",
	[LAYOUT_MOVED] = "\033[36m",
	[LAYOUT_CONTROL] = "\033[7m",
	[LAYOUT_FOLD] = "\033[2m",
};

static const char *
marker_sgr(char marker)
{
	switch (marker) {
	case LAYOUT_MARK_CHANGE:
		return "\033[1;33m";
	case LAYOUT_MARK_DELETE:
		return "\033[1;31m";
	case LAYOUT_MARK_INSERT:
		return "\033[1;32m";
	case LAYOUT_MARK_MOVE:
		return "\033[1;36m";
	default:
		return NULL;
	}
}

static void
put_spaces(FILE *out, unsigned count)
{
	while (count-- > 0)
		putc(' ', out);
}

static void
put_marker(FILE *out, char marker, int color)
{
	const char *sgr = color ? marker_sgr(marker) : NULL;

	if (sgr != NULL)
		fprintf(out, "%s%c%s", sgr, marker, SGR_RESET);
	else
		putc(marker, out);
}

static void
put_half(FILE *out, const struct layout *layout, const struct layout_half *half, int color)
{
	size_t i;

	for (i = 0; i < half->piece_count; i++) {
		const struct layout_piece *piece = &layout->piece[half->first_piece + i];
		const char *sgr = color ? style_sgr[piece->style] : NULL;

		if (sgr != NULL)
			fputs(sgr, out);
		fwrite(layout->chars + piece->text, 1, piece->length, out);
		if (sgr != NULL)
			fputs(SGR_RESET, out);
	}
}

/* The cells of the character at p (sanitized text: no control). */
static int
char_cells(const char *p)
{
	ucs4_t uc;

	u8_mbtouc(&uc, (const uint8_t *)p, strlen(p));
	return uc_width(uc, "UTF-8");
}

/* Step over the character at p, taking its cells off *width. */
static size_t
char_step(const char *p, unsigned *width)
{
	ucs4_t uc;
	int length = u8_mbtouc(&uc, (const uint8_t *)p, strlen(p));
	int cells = uc_width(uc, "UTF-8");

	if (cells > 0)
		*width -= (unsigned)cells < *width ? (unsigned)cells : *width;
	return length > 0 ? (size_t)length : 1;
}

/*
 * A name fitted to cells: sanitized, and when too wide its end kept behind
 * an ellipsis (a file name's end tells more than its directory).
 */
static void
put_name(FILE *out, const char *name, unsigned cells, int ascii, int pad)
{
	unsigned width;
	char *safe = layout_sanitize(name, strlen(name), ascii, &width);
	const char *ellipsis = ascii ? "..." : "\xe2\x80\xa6";
	unsigned ellipsis_cells = ascii ? 3 : 1;
	const char *p = safe;

	if (width > cells && cells > ellipsis_cells) {
		/* Drop characters from the front until the rest fits, then any
		   mark that belonged to the last one dropped. */
		while (*p != '\0' && (width + ellipsis_cells > cells || char_cells(p) == 0))
			p += char_step(p, &width);
		fputs(ellipsis, out);
		width += ellipsis_cells;
	}
	fputs(p, out);
	if (pad && width < cells)
		put_spaces(out, cells - width);
	free(safe);
}

int
render_text(FILE *out, const struct comparison *cmp, const struct render_options *options)
{
	struct layout_options layout_options = { 0 };
	struct layout layout;
	unsigned pane, total = options->width;
	size_t r;
	int color = options->color;

	pane = total > 2 * GUTTER + DIVIDER_CELLS + 2 * MIN_PANE ?
		(total - 2 * GUTTER - DIVIDER_CELLS) / 2 : MIN_PANE;
	layout_options.pane_width = pane;
	layout_options.ascii = options->ascii;
	/* Without colour, changed words would not show at all. */
	layout_options.word_marks = !color;
	layout_build(cmp, &layout_options, &layout);

	/* Header: both names over their panes, then a rule. */
	put_spaces(out, GUTTER);
	put_name(out, options->name[0] ? options->name[0] : "-", pane, options->ascii, 1);
	fputs(DIVIDER, out);
	put_spaces(out, GUTTER);
	put_name(out, options->name[1] ? options->name[1] : "-", pane, options->ascii, 0);
	putc('\n', out);
	for (r = 0; r < GUTTER + pane; r++)
		putc('-', out);
	fputs("-+-", out);
	for (r = 0; r < GUTTER + pane; r++)
		putc('-', out);
	putc('\n', out);

	for (r = 0; r < layout.row_count && !ferror(out); r++) {
		const struct layout_row *row = &layout.row[r];
		const struct layout_half *left = &row->half[0], *right = &row->half[1];

		put_marker(out, left->marker, color);
		putc(' ', out);
		put_half(out, &layout, left, color);
		put_spaces(out, left->cells < pane ? pane - left->cells : 0);
		if (right->piece_count == 0 && right->marker == ' ') {
			fputs(" |\n", out);
			continue;
		}
		fputs(DIVIDER, out);
		put_marker(out, right->marker, color);
		if (right->piece_count > 0)
			putc(' ', out);
		put_half(out, &layout, right, color);
		putc('\n', out);
	}
	layout_free(&layout);
	return ferror(out) ? -1 : 0;
}
