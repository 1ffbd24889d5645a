/*
 * tui-theme: what a thing on the screen means -> how it looks.
 *
 * Three schemes, chosen once by tui_theme_init(): 256 colours, 8/16 colours,
 * and monochrome (NO_COLOR, --color=never, or a terminal without colour such
 * as TERM=vt100).  Monochrome is a complete scheme of its own made of
 * attributes: every role stays distinguishable from the ones it can stand
 * next to, and the gutter markers carry the kind of every row anyway, so
 * nothing depends on colour alone.
 *
 * Attributes are returned as unsigned long holding a curses attr_t with its
 * colour pair, so that this header needs no <curses.h>.
 */
#ifndef ARTCMP_TUI_THEME_H
#define ARTCMP_TUI_THEME_H

#include "layout.h"

enum tui_theme_role {
	TUI_THEME_TEXT,		/* plain text, equal units */
	TUI_THEME_DELETED_WORD,	/* changed words, left pane */
	TUI_THEME_INSERTED_WORD,	/* changed words, right pane */
	TUI_THEME_REMOVED,	/* a whole removed unit */
	TUI_THEME_ADDED,	/* a whole added unit */
	TUI_THEME_MOVED,	/* the unchanged words of a moved unit */
	TUI_THEME_CONTROL,	/* a stand-in for a control character */
	TUI_THEME_FOLD,		/* "... 12 unchanged sentences ..." */
	TUI_THEME_MARK_CHANGE,	/* gutter markers, by kind */
	TUI_THEME_MARK_DELETE,
	TUI_THEME_MARK_INSERT,
	TUI_THEME_MARK_MOVE,
	TUI_THEME_CURRENT,	/* the gutter bar of the current difference */
	TUI_THEME_FLAG,		/* the flag marker and the flags on the status line */
	TUI_THEME_MATCH,	/* a search match */
	TUI_THEME_DIVIDER,
	TUI_THEME_HEADER,	/* the names line */
	TUI_THEME_COUNTS,	/* the counts line */
	TUI_THEME_STATUS,
	TUI_THEME_MESSAGE,	/* a message or prompt on the status line */
	TUI_THEME_HELP_HEADING,
	TUI_THEME_ROLE_COUNT
};

enum tui_theme_scheme {
	TUI_THEME_MONO,
	TUI_THEME_COLOR8,
	TUI_THEME_COLOR256
};

/*
 * Pick the scheme after newterm(): monochrome when want_color is 0 or the
 * terminal has no colour, else 256 or 8 colours as the terminal offers.
 */
enum tui_theme_scheme tui_theme_init(int want_color);

unsigned long tui_theme_attr(enum tui_theme_role role);

/* The role a layout style is drawn in. */
enum tui_theme_role tui_theme_style_role(enum layout_style style);

/* The role of a gutter marker character (LAYOUT_MARK_*). */
enum tui_theme_role tui_theme_marker_role(char marker);

#endif
