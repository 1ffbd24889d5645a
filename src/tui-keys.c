/*
 * tui-keys: the key table and the help screen drawn from it.  See tui-keys.h.
 *
 * Habits from less and vim: n/p and ]/[ step through differences, j/k a
 * line, Space/b a page, d/u half a page, g/G the ends, / and ? search.
 * Search repeats on ; (same direction) and , (the other one) because n and
 * N-like keys are taken by difference navigation.  } and { (next to ] and [)
 * step through flagged differences, ! too; F cycles the flag filter.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "tui-keys.h"
#include "tui-theme.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)
#define KEYS_MAX 5

struct key_binding {
	const char *section;	/* non-NULL opens a new section of the help */
	enum tui_action action;
	int key[KEYS_MAX];	/* 0-terminated */
	const char *help;
};

static const struct key_binding key_table[] = {
	{ "Differences", TUI_ACTION_NEXT_DIFF, { 'n', ']', '\t' },
	  "next difference" },
	{ NULL, TUI_ACTION_PREV_DIFF, { 'p', '[', KEY_BTAB },
	  "previous difference" },
	{ NULL, TUI_ACTION_NEXT_FLAGGED, { '}', '!' },
	  "next flagged difference (number, quote, ...)" },
	{ NULL, TUI_ACTION_PREV_FLAGGED, { '{' },
	  "previous flagged difference" },
	{ NULL, TUI_ACTION_FILTER, { 'F' },
	  "filter by flag: all, number, quote, attribution, negation, name" },
	{ NULL, TUI_ACTION_PARTNER, { 'm', '\r', '\n', KEY_ENTER },
	  "on a moved unit: jump to its other place" },
	{ NULL, TUI_ACTION_FOLD, { 'f' },
	  "fold unchanged runs into one line, and back" },
	{ NULL, TUI_ACTION_THRESHOLD_UP, { '+', '=' },
	  "raise the similarity threshold by 0.05 and align again" },
	{ NULL, TUI_ACTION_THRESHOLD_DOWN, { '-', '_' },
	  "lower the similarity threshold by 0.05 and align again" },
	{ "Moving", TUI_ACTION_LINE_DOWN, { 'j', KEY_DOWN, CTRL('n'), CTRL('e') },
	  "one line down" },
	{ NULL, TUI_ACTION_LINE_UP, { 'k', KEY_UP, CTRL('p'), CTRL('y') },
	  "one line up" },
	{ NULL, TUI_ACTION_PAGE_DOWN, { ' ', KEY_NPAGE, CTRL('f') },
	  "one page down" },
	{ NULL, TUI_ACTION_PAGE_UP, { 'b', KEY_PPAGE, CTRL('b') },
	  "one page up" },
	{ NULL, TUI_ACTION_HALF_DOWN, { 'd', CTRL('d') },
	  "half a page down" },
	{ NULL, TUI_ACTION_HALF_UP, { 'u', CTRL('u') },
	  "half a page up" },
	{ NULL, TUI_ACTION_TOP, { 'g', '<', KEY_HOME },
	  "first line" },
	{ NULL, TUI_ACTION_BOTTOM, { 'G', '>', KEY_END },
	  "last line" },
	{ NULL, TUI_ACTION_MOUSE, { KEY_MOUSE },
	  "scroll three lines (where the terminal reports the wheel)" },
	{ "Search", TUI_ACTION_SEARCH_FORWARD, { '/' },
	  "search forward in both articles (lower case ignores case)" },
	{ NULL, TUI_ACTION_SEARCH_BACKWARD, { '?' },
	  "search backward" },
	{ NULL, TUI_ACTION_SEARCH_NEXT, { ';' },
	  "repeat the search in the same direction" },
	{ NULL, TUI_ACTION_SEARCH_PREV, { ',' },
	  "repeat the search in the other direction" },
	{ "Other", TUI_ACTION_REDRAW, { CTRL('l') },
	  "redraw the screen" },
	{ NULL, TUI_ACTION_HELP, { 'h', KEY_F(1) },
	  "this help (q, h or Esc closes it)" },
	{ NULL, TUI_ACTION_QUIT, { 'q', 'Q' },
	  "quit (also Ctrl-C)" },
};

/* Header lines above the table, then one line per section heading, per
   binding, and a blank line between sections. */
static const char *const help_intro[] = {
	"artcmp: keys",
	"",
	"Gutter: ~ changed, - removed, + added, > moved, ! flagged;",
	"the reversed bar marks the current difference.",
};

enum tui_action
tui_keys_action(int key)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(key_table); i++)
		for (k = 0; k < KEYS_MAX && key_table[i].key[k] != 0; k++)
			if (key_table[i].key[k] == key)
				return key_table[i].action;
	return TUI_ACTION_NONE;
}

/* A key's name as the help shows it; buffer holds at least 16 bytes. */
static const char *
binding_key_name(int key, char *buffer)
{
	switch (key) {
	case ' ':
		return "Space";
	case '\t':
		return "Tab";
	case '\r':
		return "Enter";
	case '\n':
		return NULL;	/* Enter again, as the terminal may send it */
	case KEY_ENTER:
		return NULL;
	case KEY_BTAB:
		return "Shift-Tab";
	case KEY_DOWN:
		return "Down";
	case KEY_UP:
		return "Up";
	case KEY_NPAGE:
		return "PgDn";
	case KEY_PPAGE:
		return "PgUp";
	case KEY_HOME:
		return "Home";
	case KEY_END:
		return "End";
	case KEY_MOUSE:
		return "wheel";
	}
	if (key == KEY_F(1))
		return "F1";
	if (key > 0 && key < 0x20) {
		buffer[0] = 'C';
		buffer[1] = 't';
		buffer[2] = 'r';
		buffer[3] = 'l';
		buffer[4] = '-';
		buffer[5] = (char)(key + '@');
		buffer[6] = '\0';
		return buffer;
	}
	buffer[0] = (char)key;
	buffer[1] = '\0';
	return buffer;
}

static void
binding_keys(const struct key_binding *binding, char *out, size_t size)
{
	char buffer[16];
	size_t k, used = 0;

	out[0] = '\0';
	for (k = 0; k < KEYS_MAX && binding->key[k] != 0; k++) {
		const char *name = binding_key_name(binding->key[k], buffer);
		size_t length;

		if (name == NULL)
			continue;
		length = strlen(name);
		if (used + length + 3 > size)
			break;
		if (used > 0) {
			memcpy(out + used, "  ", 2);
			used += 2;
		}
		memcpy(out + used, name, length + 1);
		used += length;
	}
}

size_t
tui_keys_help_lines(void)
{
	size_t i, lines = ARRAY_SIZE(help_intro);

	for (i = 0; i < ARRAY_SIZE(key_table); i++)
		lines += key_table[i].section != NULL ? 3 : 1;
	return lines;
}

/* Put help line *line on the screen if it falls in the window, and count it. */
static void
help_put(size_t *line, size_t top, int height, int column, int heading, const char *left,
	 const char *right)
{
	if (*line >= top && *line < top + (size_t)height) {
		int y = (int)(*line - top);

		attrset((attr_t)tui_theme_attr(heading ? TUI_THEME_HELP_HEADING : TUI_THEME_TEXT));
		mvaddnstr(y, 2, left, COLS > 2 ? COLS - 2 : 0);
		attrset((attr_t)tui_theme_attr(TUI_THEME_TEXT));
		if (right != NULL && COLS > column)
			mvaddnstr(y, column, right, COLS - column);
	}
	(*line)++;
}

size_t
tui_keys_draw_help(size_t top)
{
	size_t total = tui_keys_help_lines(), i, line = 0, max_top;
	int height = LINES - 1, x, column = 0;
	char keys[64];

	if (height < 1)
		height = 1;
	/* The descriptions start after the longest list of keys. */
	for (i = 0; i < ARRAY_SIZE(key_table); i++) {
		binding_keys(&key_table[i], keys, sizeof(keys));
		if ((int)strlen(keys) + 4 > column)
			column = (int)strlen(keys) + 4;
	}
	if (column > COLS / 2)
		column = COLS / 2;
	max_top = total > (size_t)height ? total - (size_t)height : 0;
	if (top > max_top)
		top = max_top;
	erase();
	for (i = 0; i < ARRAY_SIZE(help_intro); i++)
		help_put(&line, top, height, column, i == 0, help_intro[i], NULL);
	for (i = 0; i < ARRAY_SIZE(key_table); i++) {
		if (key_table[i].section != NULL) {
			help_put(&line, top, height, column, 0, "", NULL);
			help_put(&line, top, height, column, 1, key_table[i].section, NULL);
		}
		binding_keys(&key_table[i], keys, sizeof(keys));
		help_put(&line, top, height, column, 0, keys, key_table[i].help);
	}
	attrset((attr_t)tui_theme_attr(TUI_THEME_STATUS));
	move(LINES - 1, 0);
	for (x = 0; x < COLS; x++)
		addch(' ');
	mvaddnstr(LINES - 1, 0, max_top > 0 ?
		  " help: j/k/Space/b scroll; q, h or Esc back" : " help: q, h or Esc back",
		  COLS);
	attrset(A_NORMAL);
	return max_top;
}
