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

/* Lines above the table: a title, then text wrapped to the screen. */
static const char *const help_intro[] = {
	"artcmp: keys",
	"",
	"Gutter: ~ changed, - removed, + added, > moved, ! flagged; "
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

/*
 * The help is produced by one walk over the table that both counts its lines
 * and draws those falling in the window [top, top + height), when draw is
 * set.  Wide screens put the keys and their description on one line; narrow
 * ones give the description its own lines, wrapped at spaces.
 */
struct help_walk {
	int draw;
	size_t line, top;
	int height, column, narrow;
};

static void
help_put(struct help_walk *w, int x, enum tui_theme_role role, const char *text, size_t length)
{
	if (w->draw && w->line >= w->top && w->line < w->top + (size_t)w->height &&
	    x < COLS) {
		attrset((attr_t)tui_theme_attr(role));
		mvaddnstr((int)(w->line - w->top), x, text, (int)length < COLS - x ?
			  (int)length : COLS - x);
	}
}

/* Put text from column x on as many lines as it needs, broken at spaces. */
static void
help_wrapped(struct help_walk *w, int x, const char *text)
{
	int room = COLS - x > 10 ? COLS - x : 10;
	size_t length = strlen(text);

	while (length > 0) {
		size_t take = length;

		if ((int)take > room) {
			take = (size_t)room;
			while (take > 0 && text[take] != ' ')
				take--;
			if (take == 0)
				take = (size_t)room;
		}
		help_put(w, x, TUI_THEME_TEXT, text, take);
		w->line++;
		text += take;
		length -= take;
		while (length > 0 && *text == ' ') {
			text++;
			length--;
		}
	}
}

static size_t
help_run(struct help_walk *w)
{
	char keys[64];
	size_t i;

	w->column = 0;
	for (i = 0; i < ARRAY_SIZE(key_table); i++) {
		binding_keys(&key_table[i], keys, sizeof(keys));
		if ((int)strlen(keys) + 4 > w->column)
			w->column = (int)strlen(keys) + 4;
	}
	w->narrow = COLS < w->column + 50;
	w->line = 0;
	for (i = 0; i < ARRAY_SIZE(help_intro); i++) {
		if (i == 0) {
			help_put(w, 2, TUI_THEME_HELP_HEADING, help_intro[i], strlen(help_intro[i]));
			w->line++;
		} else if (help_intro[i][0] == '\0') {
			w->line++;
		} else {
			help_wrapped(w, 2, help_intro[i]);
		}
	}
	for (i = 0; i < ARRAY_SIZE(key_table); i++) {
		if (key_table[i].section != NULL) {
			w->line++;
			help_put(w, 2, TUI_THEME_HELP_HEADING, key_table[i].section,
				 strlen(key_table[i].section));
			w->line++;
		}
		binding_keys(&key_table[i], keys, sizeof(keys));
		help_put(w, 2, TUI_THEME_TEXT, keys, strlen(keys));
		if (w->narrow) {
			w->line++;
			help_wrapped(w, 6, key_table[i].help);
		} else {
			help_wrapped(w, w->column, key_table[i].help);
		}
	}
	return w->line;
}

size_t
tui_keys_help_lines(void)
{
	struct help_walk w;

	memset(&w, 0, sizeof(w));
	return help_run(&w);
}

size_t
tui_keys_draw_help(size_t top)
{
	struct help_walk w;
	size_t total = tui_keys_help_lines(), max_top;
	int height = LINES - 1, x;

	if (height < 1)
		height = 1;
	max_top = total > (size_t)height ? total - (size_t)height : 0;
	if (top > max_top)
		top = max_top;
	erase();
	memset(&w, 0, sizeof(w));
	w.draw = 1;
	w.top = top;
	w.height = height;
	help_run(&w);
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
