/*
 * tui-draw: the viewer's state -> the screen.
 *
 * The screen, top to bottom: two header lines (the names over their panes;
 * the counts and reuse shares), the body, and one status line.  A body row:
 *
 *     F L left pane (pane_width cells) _ | R right pane (pane_width cells)
 *
 * F is the flag marker ('!' on the first row of a flagged pair), L and R the
 * layout's gutter markers, _ a blank column; on every row of the current
 * difference F, L and R are drawn reversed, a bar down the gutter.  Everything
 * drawn comes from layout pieces (display text, already free of control
 * characters) or from strings sanitised here (names); no article byte reaches
 * the terminal otherwise.
 *
 * tui_draw_screen() only writes to stdscr; the caller calls refresh().
 * The struct is owned by tui.c; tui-draw reads it.
 */
#ifndef ARTCMP_TUI_DRAW_H
#define ARTCMP_TUI_DRAW_H

#include <stddef.h>

#include "align.h"
#include "layout.h"

#define TUI_NONE ((size_t)-1)
#define TUI_HEADER_LINES 2
#define TUI_STATUS_LINES 1
#define TUI_MIN_PANE 10
#define TUI_MIN_COLS (2 * TUI_MIN_PANE + 5)
#define TUI_MIN_LINES (TUI_HEADER_LINES + TUI_STATUS_LINES + 3)

struct tui_view {
	struct comparison *cmp;
	struct layout layout;	/* the rows on screen and a few more: a window
				   of the document, not the whole */
	size_t diff_count;	/* differences in the whole document */
	const size_t *diff_entry;	/* their entries */
	size_t row_total;	/* rows in the whole document, 0 while counted */
	size_t row_top;		/* with row_total: the number of the top row, from 0 */
	size_t percent;		/* how far down the bottom row is */
	const char *name[2];	/* labels or paths, unsanitised */
	int ascii;		/* ASCII-only output (non-UTF-8 locale) */
	int fold;
	double threshold;
	unsigned pane_width;
	size_t top;		/* first body row shown, in layout */
	size_t current;		/* current difference, TUI_NONE */
	unsigned filter;	/* ALIGN_FLAG_* bit the navigation keeps to, 0 all */
	char pattern[256];	/* search pattern, "" none */
	int ignore_case;
	char message[256];	/* shown on the status line until the next key */
	int message_is_error;	/* a refusal ("no next difference"), drawn to stand out */
};

/* Pane width for a terminal screen_cols wide: (screen_cols - 5) / 2. */
unsigned tui_draw_pane_width(int screen_cols);

/* Body rows for a terminal screen_lines high (at least 1). */
size_t tui_draw_body_height(int screen_lines);

/* 1 when the terminal is below TUI_MIN_COLS x TUI_MIN_LINES. */
int tui_draw_too_small(int screen_lines, int screen_cols);

void tui_draw_screen(const struct tui_view *view);

/* The search prompt on the status line: prefix ('/' or '?') and the text. */
void tui_draw_prompt(char prefix, const char *text);

/*
 * The display text of one half of row (its pieces joined), *length bytes,
 * not NUL-terminated: a pointer into the layout when the pieces lie one
 * after the other there, else into *buffer (grown as needed).
 */
const char *tui_draw_half_text(const struct layout *layout, size_t row, int side,
			       char **buffer, size_t *size, size_t *length);

/*
 * Where pattern occurs in text[0..length) at or after from: its offset, or
 * TUI_NONE.  ignore_case folds ASCII letters.
 */
size_t tui_draw_find(const char *text, size_t length, size_t from,
		     const char *pattern, int ignore_case);

#endif
