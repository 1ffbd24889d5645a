/*
 * tui-keys: the viewer's one key table.  tui_keys_action() maps a key read
 * by wgetch() to an action, and tui_keys_draw_help() draws the help screen
 * from the same table, so the help can never disagree with the keys.  The
 * man page's KEYS section mirrors this table.
 *
 * Keys are ints as wgetch() returns them (characters and KEY_* codes); the
 * header does not include <curses.h>.
 */
#ifndef ARTCMP_TUI_KEYS_H
#define ARTCMP_TUI_KEYS_H

#include <stddef.h>

enum tui_action {
	TUI_ACTION_NONE,
	TUI_ACTION_NEXT_DIFF,
	TUI_ACTION_PREV_DIFF,
	TUI_ACTION_NEXT_FLAGGED,
	TUI_ACTION_PREV_FLAGGED,
	TUI_ACTION_FILTER,
	TUI_ACTION_PARTNER,
	TUI_ACTION_LINE_DOWN,
	TUI_ACTION_LINE_UP,
	TUI_ACTION_HALF_DOWN,
	TUI_ACTION_HALF_UP,
	TUI_ACTION_PAGE_DOWN,
	TUI_ACTION_PAGE_UP,
	TUI_ACTION_TOP,
	TUI_ACTION_BOTTOM,
	TUI_ACTION_MOUSE,
	TUI_ACTION_SEARCH_FORWARD,
	TUI_ACTION_SEARCH_BACKWARD,
	TUI_ACTION_SEARCH_NEXT,
	TUI_ACTION_SEARCH_PREV,
	TUI_ACTION_FOLD,
	TUI_ACTION_THRESHOLD_UP,
	TUI_ACTION_THRESHOLD_DOWN,
	TUI_ACTION_REDRAW,
	TUI_ACTION_HELP,
	TUI_ACTION_QUIT
};

/* The action bound to key, TUI_ACTION_NONE when none is. */
enum tui_action tui_keys_action(int key);

/* Lines the help screen has (for scrolling it). */
size_t tui_keys_help_lines(void);

/*
 * Draw the help screen on the whole of stdscr, from help line top on.
 * Returns the largest useful top for this window height.
 */
size_t tui_keys_draw_help(size_t top);

#endif
