/*
 * tui-draw: the panes, the header and the status line.  See tui-draw.h.
 *
 * Every frame is drawn whole from the view (erase, then the visible rows);
 * curses compares it with what the terminal shows and sends only the
 * difference, so a key costs O(visible cells) here plus the changed cells
 * on the wire, independent of the length of the articles.
 *
 * Positions come from the layout's cell counts, not from curses' idea of
 * where the cursor ended: if the terminal's wcwidth() and libunistring
 * disagree on a character, one row may look off by a cell but the next
 * piece, the divider and the other pane stay in place.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui-draw.h"
#include "tui-theme.h"
#include "util.h"

#define MATCHES_MAX 32

unsigned
tui_draw_pane_width(int screen_cols)
{
	return screen_cols >= 7 ? (unsigned)(screen_cols - 5) / 2 : 1;
}

size_t
tui_draw_body_height(int screen_lines)
{
	int height = screen_lines - TUI_HEADER_LINES - TUI_STATUS_LINES;

	return height > 0 ? (size_t)height : 1;
}

int
tui_draw_too_small(int screen_lines, int screen_cols)
{
	return screen_lines < TUI_MIN_LINES || screen_cols < TUI_MIN_COLS;
}

static void
draw_attr(enum tui_theme_role role)
{
	attrset((attr_t)tui_theme_attr(role));
}

/* Fill screen line y from column x to the right edge with blanks. */
static void
draw_fill(int y, int x)
{
	move(y, x);
	for (; x < COLS; x++)
		addch(' ');
}

/*
 * The next character of s at *i as a printable wide character: anything a
 * terminal could take for a command (and, with ascii, anything not ASCII)
 * becomes '?'.  Sets *bytes to its length in s; returns its width.
 */
static int
clean_next(const char *s, size_t length, size_t i, mbstate_t *state, int ascii,
	   wchar_t *wc, size_t *bytes)
{
	size_t n = 1;
	int width;

	if (ascii) {
		*wc = (unsigned char)s[i];
	} else {
		n = mbrtowc(wc, s + i, length - i, state);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(state, 0, sizeof(*state));
			n = 1;
			*wc = L'?';
		}
	}
	if (!iswprint((wint_t)*wc) || (ascii && *wc > 0x7e))
		*wc = L'?';
	width = wcwidth(*wc);
	if (width < 0) {
		*wc = L'?';
		width = 1;
	}
	*bytes = n;
	return width;
}

/*
 * Put s at (y, x) in at most cells cells, cleaned by clean_next().  Text too
 * long ends in a truncation mark; with keep_end it loses its start instead
 * (a path's file name matters more than its directory).  Returns the cells
 * used.
 */
static int
draw_text(int y, int x, const char *s, int cells, int ascii, int keep_end)
{
	mbstate_t state;
	size_t length = strlen(s), i = 0, n;
	int used = 0, total = 0, width;
	wchar_t wc;

	if (cells <= 0)
		return 0;
	move(y, x);
	if (keep_end) {
		memset(&state, 0, sizeof(state));
		for (i = 0; i < length; i += n)
			total += clean_next(s, length, i, &state, ascii, &wc, &n);
		i = 0;
		if (total > cells) {
			/* Drop characters from the start until the rest fits after a mark. */
			memset(&state, 0, sizeof(state));
			while (i < length && total > cells - 1) {
				total -= clean_next(s, length, i, &state, ascii, &wc, &n);
				i += n;
			}
			addstr(ascii ? "<" : "\xe2\x80\xa6");
			used = 1;
		}
	}
	memset(&state, 0, sizeof(state));
	while (i < length && used < cells) {
		width = clean_next(s, length, i, &state, ascii, &wc, &n);
		if (used + width > cells || (used + width == cells && i + n < length)) {
			addstr(ascii ? "~" : "\xe2\x80\xa6");
			used++;
			break;
		}
		if (wc == L'?' || n == 1)
			addch((chtype)(wc < 0x80 ? wc : '?'));
		else
			addnstr(s + i, (int)n);
		used += width;
		i += n;
	}
	return used;
}

static int
draw_clean(int y, int x, const char *s, int cells, int ascii)
{
	return draw_text(y, x, s, cells, ascii, 0);
}

const char *
tui_draw_half_text(const struct layout *layout, size_t row, int side, char **buffer,
		   size_t *size, size_t *length)
{
	const struct layout_half *half = &layout->row[row].half[side];
	const struct layout_piece *first = &layout->piece[half->first_piece];
	size_t i, used = 0;

	*length = 0;
	if (half->piece_count == 0)
		return "";
	/* Pieces laid down one after the other need no copy. */
	for (i = 1; i < half->piece_count; i++)
		if (first[i].text != first[i - 1].text + first[i - 1].length)
			break;
	if (i == half->piece_count) {
		*length = first[i - 1].text + first[i - 1].length - first[0].text;
		return layout->chars + first[0].text;
	}
	for (i = 0; i < half->piece_count; i++) {
		if (used + first[i].length + 1 > *size) {
			*size = (used + first[i].length + 1) * 2;
			*buffer = xrealloc(*buffer, *size);
		}
		memcpy(*buffer + used, layout->chars + first[i].text, first[i].length);
		used += first[i].length;
	}
	*length = used;
	return *buffer;
}

static int
fold_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

size_t
tui_draw_find(const char *text, size_t length, size_t from, const char *pattern,
	      int ignore_case)
{
	size_t pattern_length = strlen(pattern), i, k;
	int first, first_other;

	if (pattern_length == 0 || pattern_length > length)
		return TUI_NONE;
	/* A search with no match reads every row: test the first byte against
	   its one or two forms before anything else (issue 5, 20 ms a key). */
	first = (unsigned char)pattern[0];
	first_other = first;
	if (ignore_case) {
		first = fold_ascii(first);
		first_other = first >= 'a' && first <= 'z' ? first - 'a' + 'A' : first;
	}
	for (i = from; i + pattern_length <= length; i++) {
		int c = (unsigned char)text[i];

		if (c != first && c != first_other)
			continue;
		for (k = 1; k < pattern_length; k++) {
			int a = (unsigned char)text[i + k], b = (unsigned char)pattern[k];

			if (ignore_case ? fold_ascii(a) != fold_ascii(b) : a != b)
				break;
		}
		if (k == pattern_length)
			return i;
	}
	return TUI_NONE;
}

/* The search matches in one half: byte ranges [start, end) of its text. */
struct matches {
	size_t start[MATCHES_MAX], end[MATCHES_MAX];
	size_t count;
};

static void
find_matches(const struct tui_view *view, size_t row, int side, struct matches *out)
{
	static char *buffer;	/* reused across frames; freed never, one per process */
	static size_t size;
	size_t length, at = 0, found, pattern_length = strlen(view->pattern);
	const char *text;

	out->count = 0;
	if (pattern_length == 0)
		return;
	text = tui_draw_half_text(&view->layout, row, side, &buffer, &size, &length);
	while (out->count < MATCHES_MAX &&
	       (found = tui_draw_find(text, length, at, view->pattern,
				      view->ignore_case)) != TUI_NONE) {
		out->start[out->count] = found;
		out->end[out->count] = found + pattern_length;
		out->count++;
		at = found + pattern_length;
	}
}

/* Draw one half's pieces from column x, in at most width cells. */
static void
draw_half(const struct tui_view *view, size_t row, int side, int y, int x, int width)
{
	const struct layout *layout = &view->layout;
	const struct layout_half *half = &layout->row[row].half[side];
	struct matches matches;
	size_t i, offset = 0, m = 0;
	int column = x, limit = x + width;

	if (half->filler || half->piece_count == 0)
		return;
	find_matches(view, row, side, &matches);
	for (i = 0; i < half->piece_count; i++) {
		const struct layout_piece *piece = &layout->piece[half->first_piece + i];
		const char *text = layout->chars + piece->text;
		enum tui_theme_role role = tui_theme_style_role(piece->style);
		size_t at = 0;

		/* Split the piece where a search match starts or ends. */
		while (at < piece->length) {
			size_t absolute = offset + at, end = offset + piece->length;
			int in_match = 0;
			unsigned cells;

			while (m < matches.count && matches.end[m] <= absolute)
				m++;
			if (m < matches.count && matches.start[m] <= absolute) {
				in_match = 1;
				if (matches.end[m] < end)
					end = matches.end[m];
			} else if (m < matches.count && matches.start[m] < end) {
				end = matches.start[m];
			}
			end -= offset;
			cells = at == 0 && end == piece->length ? piece->cells :
				layout_width(text + at, end - at);
			if (column + (int)cells > limit)
				return;	/* the layout promised it fits; never spill */
			draw_attr(in_match ? TUI_THEME_MATCH : role);
			mvaddnstr(y, column, text + at, (int)(end - at));
			column += (int)cells;
			at = end;
		}
		offset += piece->length;
	}
}

static int
row_is_current(const struct tui_view *view, const struct layout_row *row)
{
	return view->current != TUI_NONE && row->entry != TUI_NONE &&
		row->entry == view->diff_entry[view->current];
}

static void
draw_marker(int y, int x, char marker, int current)
{
	draw_attr(current ? TUI_THEME_CURRENT : tui_theme_marker_role(marker));
	mvaddch(y, x, (chtype)(unsigned char)(marker ? marker : ' '));
}

static void
draw_row(const struct tui_view *view, size_t index, int y)
{
	const struct layout_row *row = &view->layout.row[index];
	int width = (int)view->pane_width, current = row_is_current(view, row);
	int flagged = row->entry != TUI_NONE && (row->flags & LAYOUT_ROW_FIRST) &&
		view->cmp->entry[row->entry].flags != 0;

	draw_half(view, index, 0, y, 2, width);
	draw_half(view, index, 1, y, width + 5, COLS - (width + 5));
	draw_attr(TUI_THEME_DIVIDER);
	mvaddch(y, width + 3, view->ascii ? '|' : ACS_VLINE);
	draw_attr(current ? TUI_THEME_CURRENT : flagged ? TUI_THEME_FLAG : TUI_THEME_TEXT);
	mvaddch(y, 0, flagged ? '!' : ' ');
	draw_marker(y, 1, row->half[0].marker, current);
	draw_marker(y, width + 4, row->half[1].marker, current);
}

static void
draw_header(const struct tui_view *view)
{
	const struct align_summary *s = &view->cmp->summary;
	int width = (int)view->pane_width, i;
	char counts[4][256];	/* longest first */

	draw_attr(TUI_THEME_HEADER);
	draw_fill(0, 0);
	draw_text(0, 2, view->name[0], width, view->ascii, 1);
	draw_text(0, width + 5, view->name[1], COLS - width - 5, view->ascii, 1);

	/* The longest form that fits: all shares, right shares, reuse, symbols. */
	snprintf(counts[0], sizeof(counts[0]),
		 " %zu same, %zu changed, %zu added, %zu removed, %zu moved | "
		 "reused %.0f%%, %.0f%% paraphrased, %.0f%% new; left %.0f%% used",
		 s->count[ALIGN_EQUAL], s->count[ALIGN_CHANGE], s->count[ALIGN_INSERT],
		 s->count[ALIGN_DELETE], s->count[ALIGN_MOVE], 100 * s->reused,
		 100 * s->right_paraphrased, 100 * s->right_new, 100 * s->left_used);
	snprintf(counts[1], sizeof(counts[1]),
		 " %zu same, %zu changed, %zu added, %zu removed, %zu moved | "
		 "reused %.0f%%, %.0f%% paraphrased, %.0f%% new",
		 s->count[ALIGN_EQUAL], s->count[ALIGN_CHANGE], s->count[ALIGN_INSERT],
		 s->count[ALIGN_DELETE], s->count[ALIGN_MOVE], 100 * s->reused,
		 100 * s->right_paraphrased, 100 * s->right_new);
	snprintf(counts[2], sizeof(counts[2]),
		 " %zu same, %zu changed, %zu added, %zu removed, %zu moved | reused %.0f%%",
		 s->count[ALIGN_EQUAL], s->count[ALIGN_CHANGE], s->count[ALIGN_INSERT],
		 s->count[ALIGN_DELETE], s->count[ALIGN_MOVE], 100 * s->reused);
	snprintf(counts[3], sizeof(counts[3]), " =%zu ~%zu +%zu -%zu >%zu reused %.0f%%",
		 s->count[ALIGN_EQUAL], s->count[ALIGN_CHANGE], s->count[ALIGN_INSERT],
		 s->count[ALIGN_DELETE], s->count[ALIGN_MOVE], 100 * s->reused);
	for (i = 0; i < 3 && (int)strlen(counts[i]) > COLS; i++)
		;
	draw_attr(TUI_THEME_COUNTS);
	draw_fill(1, 0);
	draw_clean(1, 0, counts[i], COLS, 1);
}

static const char *
kind_name(enum align_op op)
{
	switch (op) {
	case ALIGN_EQUAL:
		return "same";
	case ALIGN_CHANGE:
		return "changed";
	case ALIGN_DELETE:
		return "removed";
	case ALIGN_INSERT:
		return "added";
	case ALIGN_MOVE:
		return "moved";
	case ALIGN_OP_COUNT:
		break;
	}
	return "?";
}

/* "number, quote" for the flag bits set in flags. */
static void
flag_names(unsigned flags, char *out, size_t size)
{
	unsigned i;
	size_t used = 0;

	out[0] = '\0';
	for (i = 0; i < ALIGN_FLAG_COUNT; i++) {
		if (!(flags & (1u << i)))
			continue;
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "",
					 align_flag_name(1u << i));
		if (used >= size)
			break;
	}
}

static int
text_width(const char *s)
{
	return (int)strlen(s);	/* status strings are ASCII */
}

static void
draw_status(const struct tui_view *view)
{
	char left[2][160], right[2][96], flags[96], filter[48];
	const struct align_entry *entry = NULL;
	int y = LINES - 1, l = 0, r = 0, flags_width, x;

	/* The line numbers wait until the rows are counted (while idle,
	   after a resize); the share is there from the start. */
	if (view->row_total > 0)
		snprintf(right[0], sizeof(right[0]), " line %zu/%zu %zu%%  h help ",
			 view->row_top + 1, view->row_total, view->percent);
	else
		snprintf(right[0], sizeof(right[0]), " %zu%%  h help ", view->percent);
	snprintf(right[1], sizeof(right[1]), " %zu%% h:help ", view->percent);

	if (view->current != TUI_NONE)
		entry = &view->cmp->entry[view->diff_entry[view->current]];
	if (view->diff_count == 0) {
		snprintf(left[0], sizeof(left[0]), " no differences");
		snprintf(left[1], sizeof(left[1]), " no diff");
	} else if (entry == NULL) {
		snprintf(left[0], sizeof(left[0]), " difference - of %zu", view->diff_count);
		snprintf(left[1], sizeof(left[1]), " -/%zu", view->diff_count);
	} else if (entry->op == ALIGN_CHANGE || entry->op == ALIGN_MOVE) {
		snprintf(left[0], sizeof(left[0]), " difference %zu of %zu: %s, similarity %.2f",
			 view->current + 1, view->diff_count, kind_name(entry->op),
			 entry->score);
		snprintf(left[1], sizeof(left[1]), " %zu/%zu %s %.2f", view->current + 1,
			 view->diff_count, kind_name(entry->op), entry->score);
	} else {
		snprintf(left[0], sizeof(left[0]), " difference %zu of %zu: %s",
			 view->current + 1, view->diff_count, kind_name(entry->op));
		snprintf(left[1], sizeof(left[1]), " %zu/%zu %s", view->current + 1,
			 view->diff_count, kind_name(entry->op));
	}
	flags[0] = '\0';
	if (entry != NULL && entry->flags != 0)
		flag_names(entry->flags, flags, sizeof(flags));
	filter[0] = '\0';
	if (view->filter != 0)
		snprintf(filter, sizeof(filter), "  [only %s]", align_flag_name(view->filter));
	flags_width = flags[0] ? text_width(flags) + 4 : 0;

	/* The longest form that fits: full, then a short right, then short both. */
	if (text_width(left[0]) + flags_width + text_width(filter) + text_width(right[0]) > COLS) {
		r = 1;
		if (text_width(left[0]) + flags_width + text_width(filter) +
		    text_width(right[1]) > COLS)
			l = 1;
	}
	if (text_width(right[r]) > COLS)
		r = 1;

	draw_attr(TUI_THEME_STATUS);
	draw_fill(y, 0);
	if (view->message[0] != '\0') {
		int room = COLS - text_width(right[1]);

		r = 1;
		/* A refusal stands out; news (a new threshold, a wrapped search) less. */
		if (view->message_is_error)
			draw_attr(TUI_THEME_MESSAGE);
		else
			attrset((attr_t)tui_theme_attr(TUI_THEME_STATUS) | A_BOLD);
		draw_clean(y, 0, view->message, room > 8 ? room : COLS, view->ascii);
	} else {
		int room = COLS - text_width(right[r]);

		x = draw_clean(y, 0, left[l], room, 1);
		if (flags[0] != '\0' && x + 4 < room) {
			draw_attr(TUI_THEME_STATUS);
			mvaddstr(y, x, "  ");
			attrset((attr_t)tui_theme_attr(TUI_THEME_STATUS) | A_BOLD);
			addstr("! ");
			x += 4 + draw_clean(y, x + 4, flags, room - x - 4, 1);
		}
		if (filter[0] != '\0' && x < room) {
			draw_attr(TUI_THEME_STATUS);
			draw_clean(y, x, filter, room - x, 1);
		}
	}
	x = COLS - text_width(right[r]);
	if (x >= 0) {
		draw_attr(TUI_THEME_STATUS);
		draw_clean(y, x, right[r], COLS - x, 1);
	}
}

static void
draw_too_small(void)
{
	char size[64];

	erase();
	attrset(A_NORMAL);
	snprintf(size, sizeof(size), "%dx%d, need %dx%d", COLS, LINES, TUI_MIN_COLS,
		 TUI_MIN_LINES);
	/* One short line each, so that even a very small window shows why. */
	mvaddnstr(0, 0, "terminal too small", COLS);
	if (LINES > 1)
		mvaddnstr(1, 0, size, COLS);
	if (LINES > 2)
		mvaddnstr(2, 0, "q quits", COLS);
}

void
tui_draw_screen(const struct tui_view *view)
{
	size_t height, i;

	if (tui_draw_too_small(LINES, COLS)) {
		draw_too_small();
		return;
	}
	erase();
	draw_header(view);
	height = tui_draw_body_height(LINES);
	for (i = 0; i < height; i++) {
		int y = TUI_HEADER_LINES + (int)i;

		if (view->top + i < view->layout.row_count) {
			draw_row(view, view->top + i, y);
		} else {
			draw_attr(TUI_THEME_DIVIDER);
			mvaddch(y, (int)view->pane_width + 3, view->ascii ? '|' : ACS_VLINE);
		}
	}
	draw_status(view);
	attrset(A_NORMAL);
}

void
tui_draw_prompt(char prefix, const char *text)
{
	int y = LINES - 1;
	size_t length = strlen(text);
	int room = COLS - 2;

	draw_attr(TUI_THEME_TEXT);
	draw_fill(y, 0);
	mvaddch(y, 0, (chtype)(unsigned char)prefix);
	/* Show the end of a long pattern: that is where the typing is. */
	while ((int)length > room && length > 0) {
		text++;
		length--;
	}
	draw_clean(y, 1, text, room > 0 ? room : 0, 0);
}
