/*
 * layout: a comparison and a pane width -> the rows both front ends draw.
 *
 * A pure function of its inputs, unit-tested without a terminal.  Each
 * unit's text is wrapped at line-break opportunities (libunistring unilbrk)
 * by display width (uniwidth: CJK wide, combining marks zero, emoji wide) so
 * that no line is wider than the pane and nothing is cut; a word longer than
 * the pane is broken between characters, never inside a character or a
 * grapheme cluster.  Both halves of a pair start on the same row; the shorter
 * half is padded with blank filler; a removed unit faces filler, an added one
 * the reverse.
 *
 * Article text is untrusted: the pieces hold display text only.  Control
 * characters, escape sequences, bidi controls and the like are replaced by
 * visible stand-ins (^[ , <U+202E>) styled LAYOUT_CONTROL, so nothing a
 * renderer prints from a piece can be a terminal control sequence.  With
 * options->ascii (a non-UTF-8 locale) every non-ASCII character is shown as
 * an ASCII fallback.
 *
 * Ownership: layout_build() fills a struct layout released with
 * layout_free(); layout_free() on a zeroed layout is a no-op.
 */
#ifndef ARTCMP_LAYOUT_H
#define ARTCMP_LAYOUT_H

#include <stddef.h>

#include "align.h"

enum layout_style {
	LAYOUT_SAME,		/* equal units, equal words inside a pair */
	LAYOUT_DELETED_WORD,	/* a changed word in the left half of a pair */
	LAYOUT_INSERTED_WORD,	/* a changed word in the right half of a pair */
	LAYOUT_REMOVED,		/* a whole removed unit */
	LAYOUT_ADDED,		/* a whole added unit */
	LAYOUT_MOVED,		/* the unchanged words of a moved unit */
	LAYOUT_CONTROL,		/* visible stand-in for a control character */
	LAYOUT_FOLD,		/* the text of a fold row */
	LAYOUT_STYLE_COUNT
};

/* Gutter markers: one character per kind of unit, readable without colour. */
#define LAYOUT_MARK_SAME ' '
#define LAYOUT_MARK_CHANGE '~'
#define LAYOUT_MARK_DELETE '-'
#define LAYOUT_MARK_INSERT '+'
#define LAYOUT_MARK_MOVE '>'	/* moved here (right) / moved from here (left) */
#define LAYOUT_MARK_FILLER ' '

struct layout_piece {
	size_t text;		/* offset into layout->chars */
	size_t length;		/* bytes */
	unsigned cells;		/* display width */
	enum layout_style style;
};

struct layout_half {
	size_t first_piece, piece_count;
	unsigned cells;		/* total width of the pieces */
	char marker;		/* gutter marker; LAYOUT_MARK_FILLER on filler */
	int filler;		/* no text on this side in this row */
	size_t unit;		/* unit index shown, or (size_t)-1 */
};

enum layout_row_flag {
	LAYOUT_ROW_FIRST = 1u << 0,	/* first row of its entry */
	LAYOUT_ROW_FOLD = 1u << 1,	/* a fold row: "… 12 unchanged sentences …" */
	LAYOUT_ROW_GAP = 1u << 2,	/* blank row between paragraphs */
	LAYOUT_ROW_MOVED_AWAY = 1u << 3	/* left units of a move, shown where they were */
};

struct layout_row {
	size_t entry;		/* alignment entry index, (size_t)-1 for gap rows */
	unsigned flags;
	struct layout_half half[2];
};

struct layout_options {
	unsigned pane_width;	/* cells per pane, >= 1 */
	int fold;		/* fold runs of equal entries into one row */
	unsigned fold_context;	/* equal entries kept on each side of a difference when folding */
	int ascii;		/* ASCII-only output */
};

struct layout {
	struct layout_row *row;
	size_t row_count;
	struct layout_piece *piece;
	size_t piece_count;
	char *chars;
	size_t chars_length;
	/* Differences: one per non-equal entry, in row order (a move counts once,
	   at its right position). */
	size_t *diff_row;	/* first row of each difference */
	size_t *diff_entry;	/* its entry */
	size_t diff_count;
	size_t *entry_row;	/* first row of each entry (moves: the right position) */
	size_t *moved_away_row;	/* for move entries: the row of the left units, else (size_t)-1 */
	size_t entry_count;
};

void layout_build(const struct comparison *cmp, const struct layout_options *options,
		  struct layout *out);
void layout_free(struct layout *layout);

/* The display width of a NUL-free UTF-8 string as the layout measures it. */
unsigned layout_width(const char *s, size_t length);

#endif
