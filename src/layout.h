/*
 * layout: a comparison and a pane width -> the rows both front ends draw.
 *
 * A pure function of its inputs, unit-tested without a terminal.  Each
 * unit's text is wrapped at line-break opportunities (libunistring unilbrk)
 * by display width (uniwidth: CJK wide, combining marks zero, emoji wide) so
 * that no line is wider than the pane and nothing is cut; a word longer than
 * the pane is broken between characters, never inside a character or a
 * grapheme cluster (unless the cluster alone is wider than the pane: then
 * between its characters, never before one of no width).  Both halves of a pair start on the same row; the shorter
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
 * Choices the front ends rely on:
 *   - Whitespace: a run of spaces inside a row is kept; spaces (and the line
 *     ends inside a unit, shown as one space each) at a wrap point are
 *     dropped, so rows never start or end with wrap whitespace; tabs become
 *     spaces to the next multiple of 8 cells within the row.  Every other
 *     character of a unit is shown exactly once, in order.
 *   - A row is never wider than pane_width, except for a row holding one
 *     single character wider than the pane (a CJK character or an emoji
 *     in a 1-cell pane): it takes a row of its own rather than being cut.
 *     Front ends clip such a row.
 *   - Moves: a fact-checker wants to see at once whether a moved sentence
 *     was also reworded.  So the move entry, at its position in the right
 *     article, shows both halves like a change pair (marker '>', unchanged
 *     words LAYOUT_MOVED, changed words LAYOUT_DELETED_WORD on the left and
 *     LAYOUT_INSERTED_WORD on the right), and the left units also appear
 *     where they stood in the left article, in rows flagged
 *     LAYOUT_ROW_MOVED_AWAY (marker '>', all LAYOUT_MOVED, filler on the
 *     right).  The left text of a move is therefore shown twice; the right
 *     pane still reads as the right article in order.  A moved-away block
 *     stands before the first non-move entry whose left units come after it.
 *   - Gap rows: one blank row (both halves filler) where the paragraph
 *     changes on either side; never two in a row, never first.
 *   - Fold rows (options->fold): a run of equal entries keeps fold_context
 *     entries next to each difference (or moved-away block) and the rest,
 *     when at least two, becomes one row "… 12 unchanged sentences …" on
 *     both halves (shortened to fit narrow panes), styled LAYOUT_FOLD; its
 *     entry is the first folded entry, its half.unit the first folded unit,
 *     and entry_row of every folded entry points at it.
 *
 * Ownership: layout_build() fills a struct layout released with
 * layout_free(); layout_free() on a zeroed layout is a no-op.
 */
#ifndef ARTCMP_LAYOUT_H
#define ARTCMP_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

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
	enum segment_kind unit_kind;	/* names the units in fold rows; 0 is sentences */
	int word_marks;		/* enclose changed words in [-deleted-] / {+inserted+}
				   (wdiff), for output without colour */
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
	size_t row_cap, piece_cap, chars_cap;	/* private: allocated sizes */
};

void layout_build(const struct comparison *cmp, const struct layout_options *options,
		  struct layout *out);
void layout_free(struct layout *layout);

/*
 * Incremental layout, for a viewer that must not lay out a long document at
 * every resize.  The rows fall into blocks: an entry's rows, the rows of a
 * move's left units where they stood (moved away), or one fold row; a block
 * may open with a gap row.  Which blocks there are, in which order and
 * where the gaps go does not depend on the width: a struct layout_plan holds
 * that, built in O(entries) (plus sorting the moves).  layout_plan_rows()
 * then lays out one block at any width in time linear in its text.  The
 * rows of every block in order are the rows of layout_build(), which is
 * built that way; so a block's rows never depend on those of another.
 *
 * Ownership: layout_plan_build() fills a plan released with
 * layout_plan_free() (a no-op on a zeroed plan); the plan keeps a pointer to
 * the comparison, which must outlive it.  layout_plan_rows() reuses buffers
 * kept in the plan, so a plan is not to be shared between threads.
 */
enum layout_block_kind {
	LAYOUT_BLOCK_ENTRY,		/* entry: all its rows */
	LAYOUT_BLOCK_MOVED_AWAY,	/* entry (a move): its left units where they were */
	LAYOUT_BLOCK_FOLD		/* entries entry .. last, folded into one row */
};

struct layout_block {
	enum layout_block_kind kind;
	int gap;		/* the block opens with a gap row */
	size_t entry;		/* its entry; a fold's first entry */
	size_t last;		/* a fold's last entry; else entry */
	size_t units;		/* a fold's units (left side) */
};

struct layout_scratch;

struct layout_plan {
	const struct comparison *cmp;
	struct layout_options options;	/* pane_width is not used */
	struct layout_block *block;
	size_t block_count;
	size_t *entry_block;	/* entry -> its block (a move: the right position;
				   a folded entry: its fold) */
	size_t *moved_away_block;	/* move entries: the moved-away block, else (size_t)-1 */
	size_t *diff_block;	/* differences as in struct layout: their blocks */
	size_t *diff_entry;	/* and their entries */
	size_t diff_count;
	size_t entry_count;
	struct layout_scratch *scratch;	/* private: buffers reused across calls */
};

void layout_plan_build(const struct comparison *cmp, const struct layout_options *options,
		       struct layout_plan *out);
void layout_plan_free(struct layout_plan *plan);

/*
 * Append the rows of block index at pane width to out (zeroed, or filled by
 * earlier calls; pieces and text go to out too).  Returns the rows added,
 * at least 1.  Only rows, pieces and chars grow: the entry and difference
 * indexes of out are left alone.
 */
size_t layout_plan_rows(struct layout_plan *plan, size_t index, unsigned width,
			struct layout *out);

/* Empty a layout's rows, pieces and text, keeping the memory for reuse. */
void layout_clear(struct layout *layout);

/*
 * The width in cells of one printable character, for a front end whose
 * terminal library measures characters otherwise than libunistring does
 * (curses uses wcwidth()): width(uc) is used for every character instead of
 * uc_width(), and a character it gives no width (< 0) is shown as a
 * stand-in (<U+1FAE8>).  NULL restores uc_width().  Process-wide; set it
 * before laying out.
 */
void layout_set_char_width(int (*width)(uint32_t uc));

/* The display width of a NUL-free UTF-8 string as the layout measures it
   (control characters counted as their stand-ins, tabs from column 0). */
unsigned layout_width(const char *s, size_t length);

/*
 * The line-break opportunities the layout uses, as u8_possible_linebreaks()
 * gives them (UC_BREAK_* in brk[0 .. n)), with a faster path for ASCII.
 * Exposed so that tests can hold the two paths to the same answers.
 */
void layout_linebreaks(const char *s, size_t n, char *brk);

/*
 * s[0 .. length) made safe to print on one line (a file name or a label for
 * a header): controls, bidi and format characters as stand-ins, tabs and
 * line ends as spaces, ASCII fallbacks when ascii is set.  Returns a
 * NUL-terminated string the caller frees; *cells (when not NULL) gets its
 * display width.
 */
char *layout_sanitize(const char *s, size_t length, int ascii, unsigned *cells);

#endif
