/*
 * tui-theme: meaning -> colour pair or monochrome attribute.  See tui-theme.h.
 *
 * Each role has one line per scheme in the table below.  Colour schemes
 * keep the default background (use_default_colors) so the viewer sits in
 * the user's own terminal colours; changed words get a background, whole
 * units a foreground, which keeps a changed word inside a moved unit
 * visible.  The monochrome scheme uses attributes only and falls back when
 * the terminal lacks one (vt100 has no dim and no italic).
 */
#include "config.h"

#include <curses.h>
#include <term.h>

#include "tui-theme.h"

#define NONE (-1)

struct theme_color {
	short fg, bg;
	attr_t attr;
};

struct theme_entry {
	attr_t mono;
	struct theme_color color8, color256;
};

static const struct theme_entry theme_table[TUI_THEME_ROLE_COUNT] = {
	[TUI_THEME_TEXT] = { A_NORMAL,
		{ NONE, NONE, A_NORMAL }, { NONE, NONE, A_NORMAL } },
	[TUI_THEME_DELETED_WORD] = { A_BOLD | A_UNDERLINE,
		{ COLOR_WHITE, COLOR_RED, A_BOLD }, { 224, 52, A_BOLD } },
	[TUI_THEME_INSERTED_WORD] = { A_BOLD | A_UNDERLINE,
		{ COLOR_BLACK, COLOR_GREEN, A_NORMAL }, { 194, 22, A_BOLD } },
	[TUI_THEME_REMOVED] = { A_DIM,
		{ COLOR_RED, NONE, A_NORMAL }, { 174, NONE, A_NORMAL } },
	[TUI_THEME_ADDED] = { A_BOLD,
		{ COLOR_GREEN, NONE, A_NORMAL }, { 114, NONE, A_NORMAL } },
	[TUI_THEME_MOVED] = { A_ITALIC,
		{ COLOR_CYAN, NONE, A_NORMAL }, { 117, NONE, A_NORMAL } },
	[TUI_THEME_CONTROL] = { A_UNDERLINE | A_DIM,
		{ COLOR_MAGENTA, NONE, A_BOLD }, { 201, NONE, A_BOLD } },
	[TUI_THEME_FOLD] = { A_DIM,
		{ COLOR_BLUE, NONE, A_BOLD }, { 244, NONE, A_NORMAL } },
	[TUI_THEME_MARK_CHANGE] = { A_BOLD,
		{ COLOR_YELLOW, NONE, A_BOLD }, { 221, NONE, A_BOLD } },
	[TUI_THEME_MARK_DELETE] = { A_BOLD,
		{ COLOR_RED, NONE, A_BOLD }, { 203, NONE, A_BOLD } },
	[TUI_THEME_MARK_INSERT] = { A_BOLD,
		{ COLOR_GREEN, NONE, A_BOLD }, { 114, NONE, A_BOLD } },
	[TUI_THEME_MARK_MOVE] = { A_BOLD,
		{ COLOR_CYAN, NONE, A_BOLD }, { 117, NONE, A_BOLD } },
	[TUI_THEME_CURRENT] = { A_REVERSE | A_BOLD,
		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD }, { 16, 220, A_BOLD } },
	[TUI_THEME_FLAG] = { A_BOLD,
		{ COLOR_MAGENTA, NONE, A_BOLD }, { 208, NONE, A_BOLD } },
	[TUI_THEME_MATCH] = { A_REVERSE,
		{ COLOR_BLACK, COLOR_CYAN, A_NORMAL }, { 16, 117, A_NORMAL } },
	[TUI_THEME_DIVIDER] = { A_NORMAL,
		{ COLOR_BLUE, NONE, A_NORMAL }, { 240, NONE, A_NORMAL } },
	[TUI_THEME_HEADER] = { A_REVERSE | A_BOLD,
		{ COLOR_WHITE, COLOR_BLUE, A_BOLD }, { 255, 24, A_BOLD } },
	[TUI_THEME_COUNTS] = { A_REVERSE,
		{ COLOR_WHITE, COLOR_BLUE, A_NORMAL }, { 252, 236, A_NORMAL } },
	[TUI_THEME_STATUS] = { A_REVERSE,
		{ COLOR_BLACK, COLOR_WHITE, A_NORMAL }, { 252, 238, A_NORMAL } },
	[TUI_THEME_MESSAGE] = { A_REVERSE | A_BOLD,
		{ COLOR_BLACK, COLOR_YELLOW, A_NORMAL }, { 16, 220, A_NORMAL } },
	[TUI_THEME_HELP_HEADING] = { A_BOLD | A_UNDERLINE,
		{ COLOR_YELLOW, NONE, A_BOLD }, { 221, NONE, A_BOLD } },
};

static attr_t theme_attr[TUI_THEME_ROLE_COUNT];

/* Monochrome attributes the terminal cannot show are replaced by ones it can. */
static attr_t
theme_mono(attr_t attr, attr_t supported)
{
	if ((attr & A_DIM) && !(supported & A_DIM))
		attr = (attr & ~A_DIM) | (attr & A_UNDERLINE ? A_NORMAL : A_UNDERLINE);
	if ((attr & A_ITALIC) && !(supported & A_ITALIC))
		attr = (attr & ~A_ITALIC) | A_UNDERLINE;
	return attr;
}

static attr_t
theme_supported(void)
{
	attr_t supported = termattrs();
	const char *sitm = tigetstr("sitm");

	/* termattrs() does not report italic on every ncurses version. */
	if (sitm != NULL && sitm != (char *)-1)
		supported |= A_ITALIC;
	return supported;
}

enum tui_theme_scheme
tui_theme_init(int want_color)
{
	enum tui_theme_scheme scheme = TUI_THEME_MONO;
	attr_t supported = theme_supported();
	size_t i;

	if (want_color && has_colors() && start_color() == OK && COLORS >= 8 &&
	    COLOR_PAIRS > TUI_THEME_ROLE_COUNT)
		scheme = COLORS >= 256 ? TUI_THEME_COLOR256 : TUI_THEME_COLOR8;
	if (scheme != TUI_THEME_MONO && use_default_colors() == ERR) {
		/* No default colours: fall back to white on black for "none". */
		assume_default_colors(COLOR_WHITE, COLOR_BLACK);
	}
	for (i = 0; i < TUI_THEME_ROLE_COUNT; i++) {
		const struct theme_entry *entry = &theme_table[i];
		const struct theme_color *color;

		if (scheme == TUI_THEME_MONO) {
			theme_attr[i] = theme_mono(entry->mono, supported);
			continue;
		}
		color = scheme == TUI_THEME_COLOR256 ? &entry->color256 : &entry->color8;
		if (color->fg == NONE && color->bg == NONE) {
			theme_attr[i] = color->attr;
			continue;
		}
		init_pair((short)(i + 1), color->fg, color->bg);
		theme_attr[i] = color->attr | COLOR_PAIR((int)i + 1);
	}
	return scheme;
}

unsigned long
tui_theme_attr(enum tui_theme_role role)
{
	return theme_attr[role];
}

enum tui_theme_role
tui_theme_style_role(enum layout_style style)
{
	switch (style) {
	case LAYOUT_DELETED_WORD:
		return TUI_THEME_DELETED_WORD;
	case LAYOUT_INSERTED_WORD:
		return TUI_THEME_INSERTED_WORD;
	case LAYOUT_REMOVED:
		return TUI_THEME_REMOVED;
	case LAYOUT_ADDED:
		return TUI_THEME_ADDED;
	case LAYOUT_MOVED:
		return TUI_THEME_MOVED;
	case LAYOUT_CONTROL:
		return TUI_THEME_CONTROL;
	case LAYOUT_FOLD:
		return TUI_THEME_FOLD;
	case LAYOUT_SAME:
	case LAYOUT_STYLE_COUNT:
		break;
	}
	return TUI_THEME_TEXT;
}

enum tui_theme_role
tui_theme_marker_role(char marker)
{
	switch (marker) {
	case LAYOUT_MARK_CHANGE:
		return TUI_THEME_MARK_CHANGE;
	case LAYOUT_MARK_DELETE:
		return TUI_THEME_MARK_DELETE;
	case LAYOUT_MARK_INSERT:
		return TUI_THEME_MARK_INSERT;
	case LAYOUT_MARK_MOVE:
		return TUI_THEME_MARK_MOVE;
	default:
		return TUI_THEME_TEXT;
	}
}
