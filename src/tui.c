/*
 * tui: the viewer's lifecycle, state and main loop.  See tui.h.
 *
 * The model is the comparison; the layout is derived from it for the pane
 * width and fold setting of the moment, and rebuilt from scratch on resize,
 * fold and threshold changes (less, htop: react to KEY_RESIZE by laying out
 * again).  What the reader looks at survives a rebuild through an anchor:
 * the unit shown on the top row, which exists whatever the width, the fold
 * or the alignment.
 *
 * Terminal discipline: the TERM is checked with setupterm() before newterm()
 * so a bad one is an error value, not an exit inside curses; SIGINT, SIGTERM
 * and SIGHUP handlers only set a flag that the loop (woken by a wgetch()
 * timeout or EINTR) turns into endwin() and the default action; SIGTSTP and
 * SIGWINCH are left to ncurses (Ctrl-Z/fg, KEY_RESIZE); a fatal error
 * restores the terminal through util_set_cleanup().
 *
 * Costs: a key that scrolls is O(screen); next/previous difference is
 * O(log differences); search is O(text) at worst; resize and the
 * threshold keys pay one layout (and for + and -, one alignment); f only swaps
 * in the layout of the other fold, built while the loop waits for a key.
 */
#include "config.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "tui.h"
#include "tui-draw.h"
#include "tui-keys.h"
#include "tui-theme.h"

#define KEY_ESC 27
#define WHEEL_LINES 3
#define FOLD_CONTEXT 1
#define THRESHOLD_STEP 0.05

struct tui {
	struct tui_view view;
	const struct options *options;
	size_t *diff_of_entry;	/* entry -> difference index, TUI_NONE for equal */
	size_t diff_of_entry_count;
	size_t match_row;	/* row of the last search match, TUI_NONE */
	int match_backward;	/* the direction of the last / or ? */
	size_t partner_entry;	/* the move last jumped with m, and where to */
	int partner_at_left;
	int help;
	size_t help_top;
	char *text[2];		/* search buffers */
	size_t text_size[2];
	/* The layout for the same width and alignment with the other fold
	   setting, built while the loop waits for a key, so that f only swaps. */
	struct layout other;
	int other_ready;
};

/* Where the reader is, in terms that survive a new layout. */
struct anchor {
	int valid;
	int side;
	size_t unit;
	size_t delta;		/* rows between the top and the anchor row */
	size_t current_unit;	/* a unit of the current difference, TUI_NONE */
	int current_side;
};

static volatile sig_atomic_t tui_signal;
static int tui_active;

static void
tui_on_signal(int sig)
{
	tui_signal = sig;
}

static void
tui_cleanup(void)
{
	if (tui_active) {
		endwin();
		tui_active = 0;
	}
}

static size_t
body_height(void)
{
	return tui_draw_body_height(LINES);
}

static size_t
max_top(const struct tui *t)
{
	size_t height = body_height(), rows = t->view.layout.row_count;

	return rows > height ? rows - height : 0;
}

static void
set_top(struct tui *t, size_t top)
{
	size_t limit = max_top(t);

	t->view.top = top > limit ? limit : top;
}

/* Rows of context above a difference or match we jump to. */
static size_t
jump_context(void)
{
	size_t context = body_height() / 4;

	return context > 2 ? 2 : context;
}

static void
show_row(struct tui *t, size_t row)
{
	size_t context = jump_context();

	set_top(t, row > context ? row - context : 0);
}

static void
message(struct tui *t, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->view.message, sizeof(t->view.message), fmt, ap);
	va_end(ap);
	t->view.message_is_error = error;
}

static int
row_in_window(const struct tui *t, size_t row)
{
	return row != TUI_NONE && row >= t->view.top && row < t->view.top + body_height();
}

static int
entry_in_window(const struct tui *t, size_t entry)
{
	const struct layout *layout = &t->view.layout;
	size_t r, end = t->view.top + body_height();

	for (r = t->view.top; r < end && r < layout->row_count; r++)
		if (layout->row[r].entry == entry)
			return 1;
	return 0;
}

/*
 * The current difference is the one the reader stepped to while it stays on
 * screen; after scrolling it away, the first difference on screen, if any.
 */
static void
sync_current(struct tui *t)
{
	const struct layout *layout = &t->view.layout;
	size_t r, end = t->view.top + body_height();

	if (t->view.current != TUI_NONE && t->view.current < layout->diff_count &&
	    entry_in_window(t, layout->diff_entry[t->view.current]))
		return;
	t->view.current = TUI_NONE;
	for (r = t->view.top; r < end && r < layout->row_count; r++) {
		size_t entry = layout->row[r].entry;

		if (entry != TUI_NONE && entry < t->diff_of_entry_count &&
		    t->diff_of_entry[entry] != TUI_NONE) {
			t->view.current = t->diff_of_entry[entry];
			return;
		}
	}
}

static int
half_has_unit(const struct layout_half *half, size_t unit)
{
	return !half->filler && half->unit == unit;
}

static void
anchor_save(const struct tui *t, struct anchor *a)
{
	const struct layout *layout = &t->view.layout;
	size_t r;
	int side;

	memset(a, 0, sizeof(*a));
	a->current_unit = TUI_NONE;
	for (r = t->view.top; r < layout->row_count && !a->valid; r++)
		for (side = 0; side < 2 && !a->valid; side++)
			if (!layout->row[r].half[side].filler &&
			    layout->row[r].half[side].unit != TUI_NONE) {
				a->valid = 1;
				a->side = side;
				a->unit = layout->row[r].half[side].unit;
				a->delta = r - t->view.top;
			}
	if (t->view.current != TUI_NONE && t->view.current < layout->diff_count) {
		const struct align_entry *entry =
			&t->view.cmp->entry[layout->diff_entry[t->view.current]];

		a->current_side = entry->right_count > 0;
		a->current_unit = a->current_side ? entry->right_first : entry->left_first;
	}
}

static void
anchor_restore(struct tui *t, const struct anchor *a)
{
	const struct layout *layout = &t->view.layout;
	size_t r, found = TUI_NONE, k;

	if (a->valid) {
		for (r = 0; r < layout->row_count && found == TUI_NONE; r++)
			if (half_has_unit(&layout->row[r].half[a->side], a->unit))
				found = r;
		/* Folded away: stop on the row before the next unit shown. */
		for (r = 0; r < layout->row_count && found == TUI_NONE; r++) {
			const struct layout_half *half = &layout->row[r].half[a->side];

			if (!half->filler && half->unit != TUI_NONE && half->unit > a->unit)
				found = r > 0 ? r - 1 : 0;
		}
		if (found != TUI_NONE)
			set_top(t, found > a->delta ? found - a->delta : 0);
		else
			set_top(t, t->view.top);
	} else {
		set_top(t, 0);
	}
	t->view.current = TUI_NONE;
	if (a->current_unit != TUI_NONE) {
		for (k = 0; k < layout->diff_count; k++) {
			const struct align_entry *entry =
				&t->view.cmp->entry[layout->diff_entry[k]];
			size_t first = a->current_side ? entry->right_first : entry->left_first;
			size_t count = a->current_side ? entry->right_count : entry->left_count;

			if (a->current_unit >= first && a->current_unit < first + count) {
				t->view.current = k;
				break;
			}
		}
	}
	sync_current(t);
}

/* The layout of the present width and alignment, folded or not. */
static void
build(const struct tui *t, int fold, struct layout *out)
{
	struct layout_options options;

	memset(&options, 0, sizeof(options));
	options.pane_width = t->view.pane_width;
	options.fold = fold;
	options.fold_context = FOLD_CONTEXT;
	options.ascii = t->view.ascii;
	options.unit_kind = t->options->unit;
	layout_build(t->view.cmp, &options, out);
}

/* The layout in view has just changed: derived state, and the place. */
static void
adopt(struct tui *t, const struct anchor *a)
{
	size_t k;

	free(t->diff_of_entry);
	t->diff_of_entry_count = t->view.cmp->entry_count;
	t->diff_of_entry = xreallocarray(NULL, t->diff_of_entry_count + 1, sizeof(size_t));
	for (k = 0; k < t->diff_of_entry_count; k++)
		t->diff_of_entry[k] = TUI_NONE;
	for (k = 0; k < t->view.layout.diff_count; k++)
		if (t->view.layout.diff_entry[k] < t->diff_of_entry_count)
			t->diff_of_entry[t->view.layout.diff_entry[k]] = k;
	t->match_row = TUI_NONE;
	t->partner_entry = TUI_NONE;
	anchor_restore(t, a);
}

/* Lay out again for the present width and fold, keeping the reader's place. */
static void
relayout(struct tui *t, int keep)
{
	struct anchor a;

	memset(&a, 0, sizeof(a));
	a.current_unit = TUI_NONE;
	if (keep)
		anchor_save(t, &a);
	layout_free(&t->view.layout);
	/* The other fold was for the old width or alignment. */
	layout_free(&t->other);
	t->other_ready = 0;
	build(t, t->view.fold, &t->view.layout);
	adopt(t, &a);
}

/* Idle work: lay out the other fold setting now, while nobody waits. */
static void
prepare_other(struct tui *t)
{
	if (t->other_ready)
		return;
	build(t, !t->view.fold, &t->other);
	t->other_ready = 1;
}

/* f: swap in the other fold's layout (built now if the idle time was
   short), keeping the one left as the other. */
static void
toggle_fold(struct tui *t)
{
	struct anchor a;
	struct layout swap;

	anchor_save(t, &a);
	prepare_other(t);
	swap = t->view.layout;
	t->view.layout = t->other;
	t->other = swap;
	t->view.fold = !t->view.fold;
	adopt(t, &a);
}

/* A new terminal size: lay out again if the pane width changed. */
static void
resize(struct tui *t)
{
	unsigned width = tui_draw_pane_width(COLS);

	if (tui_draw_too_small(LINES, COLS))
		return;
	if (width != t->view.pane_width) {
		int ch;

		/* A window being dragged sends a burst of sizes: lay out for the last. */
		timeout(40);
		while ((ch = getch()) == KEY_RESIZE)
			;
		timeout(250);
		if (ch != ERR)
			ungetch(ch);
		width = tui_draw_pane_width(COLS);
		if (tui_draw_too_small(LINES, COLS))
			return;
		t->view.pane_width = width;
		relayout(t, 1);
	} else {
		set_top(t, t->view.top);
		sync_current(t);
	}
}

static void
scroll_by(struct tui *t, long count)
{
	size_t top = t->view.top;

	if (count < 0)
		top = (size_t)-count > top ? 0 : top - (size_t)-count;
	else
		top += (size_t)count;
	set_top(t, top);
	sync_current(t);
}

static int
diff_wanted(const struct tui *t, size_t k, unsigned mask)
{
	return mask == 0 || (t->view.cmp->entry[t->view.layout.diff_entry[k]].flags & mask);
}

/* The first difference whose first row is at or after row (binary search). */
static size_t
first_diff_from(const struct layout *layout, size_t row)
{
	size_t low = 0, high = layout->diff_count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (layout->diff_row[mid] < row)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

static void
step_diff(struct tui *t, int forward, unsigned mask)
{
	const struct layout *layout = &t->view.layout;
	size_t k, count = layout->diff_count;
	unsigned all = (1u << ALIGN_FLAG_COUNT) - 1;
	const char *direction = forward ? "next" : "previous";

	if (count == 0) {
		message(t, 1, "no differences");
		return;
	}
	if (t->view.current != TUI_NONE &&
	    entry_in_window(t, layout->diff_entry[t->view.current])) {
		if (forward)
			k = t->view.current + 1;
		else
			k = t->view.current > 0 ? t->view.current - 1 : TUI_NONE;
	} else {
		k = first_diff_from(layout, t->view.top);
		if (!forward)
			k = k > 0 ? k - 1 : TUI_NONE;
	}
	while (k != TUI_NONE && k < count && !diff_wanted(t, k, mask))
		k = forward ? k + 1 : k > 0 ? k - 1 : TUI_NONE;
	if (k == TUI_NONE || k >= count) {
		if (mask == 0)
			message(t, 1, "no %s difference", direction);
		else if (mask == all)
			message(t, 1, "no %s flagged difference", direction);
		else
			message(t, 1, "no %s difference flagged %s", direction,
				align_flag_name(mask));
		return;
	}
	t->view.current = k;
	show_row(t, layout->diff_row[k]);
}

static void
cycle_filter(struct tui *t)
{
	const struct layout *layout = &t->view.layout;
	unsigned filter = t->view.filter;
	size_t k, count = 0;

	filter = filter == 0 ? 1u : filter << 1;
	if (filter >= 1u << ALIGN_FLAG_COUNT)
		filter = 0;
	t->view.filter = filter;
	if (filter == 0) {
		message(t, 0, "all %zu differences", layout->diff_count);
		return;
	}
	for (k = 0; k < layout->diff_count; k++)
		count += diff_wanted(t, k, filter) != 0;
	message(t, 0, "only differences flagged %s: %zu of %zu; F for the next flag",
		align_flag_name(filter), count, layout->diff_count);
}

static void
jump_partner(struct tui *t)
{
	const struct layout *layout = &t->view.layout;
	const struct comparison *cmp = t->view.cmp;
	size_t entry = TUI_NONE, r, end = t->view.top + body_height(), right_row, left_row;

	if (t->view.current != TUI_NONE) {
		size_t e = layout->diff_entry[t->view.current];

		if (cmp->entry[e].op == ALIGN_MOVE && entry_in_window(t, e))
			entry = e;
	}
	for (r = t->view.top; entry == TUI_NONE && r < end && r < layout->row_count; r++) {
		size_t e = layout->row[r].entry;

		if (e != TUI_NONE && e < cmp->entry_count && cmp->entry[e].op == ALIGN_MOVE)
			entry = e;
	}
	if (entry == TUI_NONE) {
		message(t, 1, "no moved unit on screen");
		return;
	}
	right_row = layout->entry_row[entry];
	left_row = layout->moved_away_row[entry];
	if (left_row == TUI_NONE || right_row == TUI_NONE) {
		message(t, 1, "this move has no other place shown");
		return;
	}
	if (row_in_window(t, right_row) &&
	    !(t->partner_entry == entry && t->partner_at_left && row_in_window(t, left_row))) {
		show_row(t, left_row);
		t->partner_at_left = 1;
		message(t, 0, "moved from here (left); m goes back");
	} else {
		show_row(t, right_row);
		t->partner_at_left = 0;
		message(t, 0, "moved to here (right); m goes back");
	}
	t->partner_entry = entry;
	t->view.current = t->diff_of_entry[entry];
}

/* Does row's half side contain the pattern, counting a match that runs on
   into the next row of the same unit (the text wrapped there)? */
static int
half_matches(struct tui *t, size_t row, int side)
{
	const struct layout *layout = &t->view.layout;
	const struct layout_half *half = &layout->row[row].half[side], *next;
	size_t length, more, pattern_length = strlen(t->view.pattern), tail, joined_length;
	const char *text, *text_next;
	char joined[2 * sizeof(t->view.pattern) + 1];

	if (half->filler || half->piece_count == 0)
		return 0;
	text = tui_draw_half_text(layout, row, side, &t->text[0], &t->text_size[0], &length);
	if (tui_draw_find(text, length, 0, t->view.pattern, t->view.ignore_case) != TUI_NONE)
		return 1;
	if (row + 1 >= layout->row_count || pattern_length < 2)
		return 0;
	next = &layout->row[row + 1].half[side];
	if (next->filler || half->unit == TUI_NONE || next->unit != half->unit)
		return 0;
	/* Only the seam matters: the end of this row and the start of the next. */
	tail = length < pattern_length - 1 ? length : pattern_length - 1;
	memcpy(joined, text + length - tail, tail);
	joined_length = tail;
	text_next = tui_draw_half_text(layout, row + 1, side, &t->text[1], &t->text_size[1],
				       &more);
	/* The wrap swallowed a space unless one is still there or a hyphen broke. */
	if (tail > 0 && joined[tail - 1] != ' ' && joined[tail - 1] != '-' && more > 0 &&
	    text_next[0] != ' ')
		joined[joined_length++] = ' ';
	if (more > pattern_length - 1)
		more = pattern_length - 1;
	memcpy(joined + joined_length, text_next, more);
	joined_length += more;
	return tui_draw_find(joined, joined_length, 0, t->view.pattern, t->view.ignore_case) !=
		TUI_NONE;
}

static void
search(struct tui *t, int backward)
{
	const struct layout *layout = &t->view.layout;
	size_t rows = layout->row_count, origin, i, height = body_height();
	const char *p;

	if (t->view.pattern[0] == '\0') {
		message(t, 1, "no search yet: / searches forward, ? backward");
		return;
	}
	t->view.ignore_case = 1;
	for (p = t->view.pattern; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			t->view.ignore_case = 0;
	if (rows == 0) {
		message(t, 1, "pattern not found: %s", t->view.pattern);
		return;
	}
	/* Rows are read from origin on (forward) or from origin - 1 down
	   (backward), going round the end once. */
	if (row_in_window(t, t->match_row))
		origin = backward ? t->match_row : t->match_row + 1;
	else if (backward)
		origin = t->view.top + height < rows ? t->view.top + height : rows;
	else
		origin = t->view.top;
	for (i = 0; i < rows; i++) {
		size_t row = backward ? (origin + rows - 1 - i) % rows : (origin + i) % rows;

		if (half_matches(t, row, 0) || half_matches(t, row, 1)) {
			int wrapped = backward ? i + 1 > origin : origin + i >= rows;

			t->match_row = row;
			show_row(t, row);
			sync_current(t);
			if (wrapped)
				message(t, 0, "search wrapped around: %s", t->view.pattern);
			return;
		}
	}
	message(t, 1, "pattern not found: %s", t->view.pattern);
}

static void
change_threshold(struct tui *t, double step)
{
	struct align_options options = t->options->align;
	double threshold = floor((t->view.threshold + step) * 100 + 0.5) / 100;

	if (threshold < 0)
		threshold = 0;
	if (threshold > 1)
		threshold = 1;
	if (threshold == t->view.threshold) {
		message(t, 1, "threshold already %.2f", threshold);
		return;
	}
	options.threshold = threshold;
	comparison_realign(t->view.cmp, &options);
	t->view.threshold = threshold;
	relayout(t, 1);
	message(t, 0, "threshold %.2f: %zu differences", threshold, t->view.layout.diff_count);
}

static int
is_enter(int ch)
{
	return ch == '\r' || ch == '\n' || ch == KEY_ENTER;
}

static void
redraw(struct tui *t)
{
	if (t->help) {
		size_t limit = tui_keys_draw_help(t->help_top);

		if (t->help_top > limit)
			t->help_top = limit;
	} else {
		tui_draw_screen(&t->view);
	}
	refresh();
}

/* Read a search pattern on the status line.  Returns 1 when confirmed. */
static int
prompt(struct tui *t, char prefix, char *out, size_t size)
{
	size_t length = 0;

	out[0] = '\0';
	for (;;) {
		int ch;

		tui_draw_prompt(prefix, out);
		curs_set(1);
		refresh();
		ch = getch();
		curs_set(0);
		if (tui_signal)
			return 0;
		if (ch == ERR)
			continue;
		if (is_enter(ch))
			return 1;
		if (ch == KEY_ESC || ch == ('g' & 0x1f) || ch == ('c' & 0x1f))
			return 0;
		if (ch == KEY_RESIZE) {
			resize(t);
			tui_draw_screen(&t->view);
			continue;
		}
		if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			if (length == 0)
				return 0;
			/* Take off one whole UTF-8 character. */
			do
				length--;
			while (length > 0 && ((unsigned char)out[length] & 0xc0) == 0x80);
			out[length] = '\0';
			continue;
		}
		if (ch == ('u' & 0x1f)) {
			length = 0;
			out[0] = '\0';
			continue;
		}
		if (ch >= ' ' && ch <= 0xff && ch != 127 && length + 1 < size) {
			out[length++] = (char)ch;
			out[length] = '\0';
		}
	}
}

static void
start_search(struct tui *t, int backward)
{
	char pattern[sizeof(t->view.pattern)];

	if (!prompt(t, backward ? '?' : '/', pattern, sizeof(pattern)))
		return;
	/* An empty pattern repeats the last one, as in less and vi. */
	if (pattern[0] != '\0') {
		memcpy(t->view.pattern, pattern, sizeof(pattern));
		t->match_row = TUI_NONE;
	}
	t->match_backward = backward;
	search(t, backward);
}

/* Help mode keys.  Returns 1 when the help closes. */
static int
help_key(struct tui *t, int ch)
{
	size_t page = body_height();

	switch (tui_keys_action(ch)) {
	case TUI_ACTION_QUIT:
	case TUI_ACTION_HELP:
		return 1;
	case TUI_ACTION_LINE_DOWN:
		t->help_top++;
		break;
	case TUI_ACTION_LINE_UP:
		t->help_top = t->help_top > 0 ? t->help_top - 1 : 0;
		break;
	case TUI_ACTION_PAGE_DOWN:
	case TUI_ACTION_HALF_DOWN:
		t->help_top += page;
		break;
	case TUI_ACTION_PAGE_UP:
	case TUI_ACTION_HALF_UP:
		t->help_top = t->help_top > page ? t->help_top - page : 0;
		break;
	case TUI_ACTION_TOP:
		t->help_top = 0;
		break;
	case TUI_ACTION_BOTTOM:
		t->help_top = tui_keys_help_lines();
		break;
	default:
		return ch == KEY_ESC;
	}
	return 0;
}

static void
mouse(struct tui *t)
{
	MEVENT event;

	if (getmouse(&event) != OK)
		return;
	if (event.bstate & BUTTON4_PRESSED)
		scroll_by(t, -WHEEL_LINES);
#ifdef BUTTON5_PRESSED
	else if (event.bstate & BUTTON5_PRESSED)
		scroll_by(t, WHEEL_LINES);
#endif
}

/* Act on one key.  Returns 1 to quit. */
static int
key(struct tui *t, int ch)
{
	size_t height = body_height();
	unsigned all = (1u << ALIGN_FLAG_COUNT) - 1;

	t->view.message[0] = '\0';
	if (ch == KEY_RESIZE) {
		resize(t);
		return 0;
	}
	if (t->help) {
		if (help_key(t, ch))
			t->help = 0;
		return 0;
	}
	if (tui_draw_too_small(LINES, COLS))
		return tui_keys_action(ch) == TUI_ACTION_QUIT;
	switch (tui_keys_action(ch)) {
	case TUI_ACTION_NONE:
		if (ch != KEY_ESC)
			message(t, 1, "no such key; h for help");
		break;
	case TUI_ACTION_QUIT:
		return 1;
	case TUI_ACTION_NEXT_DIFF:
		step_diff(t, 1, t->view.filter);
		break;
	case TUI_ACTION_PREV_DIFF:
		step_diff(t, 0, t->view.filter);
		break;
	case TUI_ACTION_NEXT_FLAGGED:
		step_diff(t, 1, t->view.filter ? t->view.filter : all);
		break;
	case TUI_ACTION_PREV_FLAGGED:
		step_diff(t, 0, t->view.filter ? t->view.filter : all);
		break;
	case TUI_ACTION_FILTER:
		cycle_filter(t);
		break;
	case TUI_ACTION_PARTNER:
		jump_partner(t);
		break;
	case TUI_ACTION_LINE_DOWN:
		scroll_by(t, 1);
		break;
	case TUI_ACTION_LINE_UP:
		scroll_by(t, -1);
		break;
	case TUI_ACTION_HALF_DOWN:
		scroll_by(t, (long)(height / 2 ? height / 2 : 1));
		break;
	case TUI_ACTION_HALF_UP:
		scroll_by(t, -(long)(height / 2 ? height / 2 : 1));
		break;
	case TUI_ACTION_PAGE_DOWN:
		scroll_by(t, (long)height);
		break;
	case TUI_ACTION_PAGE_UP:
		scroll_by(t, -(long)height);
		break;
	case TUI_ACTION_TOP:
		/* A fresh start: the first difference on screen becomes current. */
		set_top(t, 0);
		t->view.current = TUI_NONE;
		sync_current(t);
		break;
	case TUI_ACTION_BOTTOM:
		set_top(t, max_top(t));
		t->view.current = TUI_NONE;
		sync_current(t);
		break;
	case TUI_ACTION_MOUSE:
		mouse(t);
		break;
	case TUI_ACTION_SEARCH_FORWARD:
		start_search(t, 0);
		break;
	case TUI_ACTION_SEARCH_BACKWARD:
		start_search(t, 1);
		break;
	case TUI_ACTION_SEARCH_NEXT:
		search(t, t->match_backward);
		break;
	case TUI_ACTION_SEARCH_PREV:
		search(t, !t->match_backward);
		break;
	case TUI_ACTION_FOLD:
		toggle_fold(t);
		message(t, 0, t->view.fold ? "unchanged runs folded; f unfolds" :
			"unfolded; f folds unchanged runs");
		break;
	case TUI_ACTION_THRESHOLD_UP:
		change_threshold(t, THRESHOLD_STEP);
		break;
	case TUI_ACTION_THRESHOLD_DOWN:
		change_threshold(t, -THRESHOLD_STEP);
		break;
	case TUI_ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case TUI_ACTION_HELP:
		t->help = 1;
		t->help_top = 0;
		break;
	}
	return 0;
}

/* ---- benchmark: ARTCMP_TUI_BENCH=N times N rounds of keys, prints after endwin */

static double
clock_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time of the process: the figure that a loaded machine does not inflate. */
static double
cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

struct bench {
	long rounds;
	double open_layout, open_draw, open_cpu;
	double key_total, key_max, key_cpu_total, key_cpu_max;
	double search_miss;
	size_t key_count;
	int key_max_key;
	double fold_total, resize_total, realign_total;
	double other_total;	/* idle builds of the other fold's layout */
	size_t other_count;
	size_t fold_count, resize_count, realign_count;
};

/* What the main loop does when no key is waiting (untimed as a key). */
static void
bench_idle(struct tui *t, struct bench *b)
{
	double start;

	if (t->other_ready)
		return;
	start = now_ms();
	prepare_other(t);
	b->other_total += now_ms() - start;
	b->other_count++;
}

static void
bench_run(struct tui *t, struct bench *b)
{
	static const int keys[] = {
		'n', 'n', 'j', 'k', ' ', 'b', 'd', 'u', 'n', 'p', '}', '{', 'F', 'n', 'F',
		'F', 'F', 'F', 'F', '\t', KEY_BTAB, 'm', ';', ',', 'G', 'p', 'g', 'h', 'j', 'q',
	};
	long round;
	size_t i;
	double start;

	bench_idle(t, b);	/* the loop's first wait for a key */
	snprintf(t->view.pattern, sizeof(t->view.pattern), "the");
	for (round = 0; round < b->rounds; round++) {
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			double spent, cpu = cpu_ms();

			start = now_ms();
			key(t, keys[i]);
			redraw(t);
			spent = now_ms() - start;
			cpu = cpu_ms() - cpu;
			b->key_cpu_total += cpu;
			if (cpu > b->key_cpu_max)
				b->key_cpu_max = cpu;
			b->key_total += spent;
			b->key_count++;
			if (spent > b->key_max) {
				b->key_max = spent;
				b->key_max_key = keys[i];
			}
		}
		start = now_ms();
		key(t, 'f');
		redraw(t);
		b->fold_total += now_ms() - start;
		key(t, 'f');
		b->fold_count++;

		start = now_ms();
		t->view.pane_width = t->view.pane_width > 20 ? 18 : tui_draw_pane_width(COLS);
		relayout(t, 1);
		redraw(t);
		b->resize_total += now_ms() - start;
		b->resize_count++;
		resize(t);
		bench_idle(t, b);

		if (round == 0) {
			/* A search that finds nothing reads every row. */
			snprintf(t->view.pattern, sizeof(t->view.pattern), "no such words");
			start = now_ms();
			key(t, ';');
			redraw(t);
			b->search_miss = now_ms() - start;
			snprintf(t->view.pattern, sizeof(t->view.pattern), "the");

			start = now_ms();
			key(t, '+');
			redraw(t);
			key(t, '-');
			redraw(t);
			b->realign_total += now_ms() - start;
			b->realign_count += 2;
			bench_idle(t, b);
		}
	}
}

static void
bench_report(const struct tui *t, const struct bench *b)
{
	fprintf(stderr, "tui: rows %zu, differences %zu, pane width %u\n",
		t->view.layout.row_count, t->view.layout.diff_count, t->view.pane_width);
	fprintf(stderr, "tui: open: layout %.1f ms, first draw %.1f ms; "
		"CPU from process start to first screen %.0f ms\n", b->open_layout,
		b->open_draw, b->open_cpu);
	if (b->key_count > 0) {
		fprintf(stderr, "tui: keys (action and redraw): %zu, mean %.2f ms, max %.2f ms "
			"(key '%s')\n", b->key_count, b->key_total / (double)b->key_count,
			b->key_max, keyname(b->key_max_key));
		fprintf(stderr, "tui: keys, CPU time: mean %.2f ms, max %.2f ms\n",
			b->key_cpu_total / (double)b->key_count, b->key_cpu_max);
	}
	if (b->rounds > 0)
		fprintf(stderr, "tui: search with no match (reads every row): %.1f ms\n",
			b->search_miss);
	if (b->fold_count > 0)
		fprintf(stderr, "tui: fold (f): %.1f ms each\n",
			b->fold_total / (double)b->fold_count);
	if (b->other_count > 0)
		fprintf(stderr, "tui: other fold laid out while idle (after open, resize, +/-): "
			"%.1f ms each\n", b->other_total / (double)b->other_count);
	if (b->resize_count > 0)
		fprintf(stderr, "tui: resize (new width): %.1f ms each\n",
			b->resize_total / (double)b->resize_count);
	if (b->realign_count > 0)
		fprintf(stderr, "tui: threshold (+/-, align and layout): %.1f ms each\n",
			b->realign_total / (double)b->realign_count);
	{
		struct rusage usage;

		/* Both fold layouts are held: the peak shows what that costs. */
		if (getrusage(RUSAGE_SELF, &usage) == 0)
			fprintf(stderr, "tui: peak resident memory %ld MB\n",
				usage.ru_maxrss / 1024);
	}
}

/* ---- the terminal */

static int
locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* Copy s for a message, with anything unprintable as '?'. */
static void
clean_copy(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		out[i] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
	out[i] = '\0';
}

/* 0 when term names a terminal curses can draw on (cursor addressing). */
static int
check_terminal(const char *term, struct error *err)
{
	char clean[64];
	int errret = 0, ok;
	const char *cup;

	if (term == NULL || term[0] == '\0') {
		error_set(err, "cannot use the terminal: TERM is not set (use --format=text)");
		return -1;
	}
	clean_copy(clean, sizeof(clean), term);
	if (strcmp(term, "dumb") == 0 || setupterm(term, STDOUT_FILENO, &errret) != OK) {
		error_set(err, "cannot use the terminal: TERM=%s (use --format=text)", clean);
		return -1;
	}
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		error_set(err, "cannot use the terminal: TERM=%s (use --format=text)", clean);
		return -1;
	}
	if (!isatty(STDOUT_FILENO)) {
		error_set(err, "cannot use the terminal: standard output is not a terminal "
			  "(use --format=text)");
		return -1;
	}
	return 0;
}

static const int handled_signals[] = { SIGINT, SIGTERM, SIGHUP };

int
tui_run(struct comparison *cmp, const struct options *options, struct error *err)
{
	struct sigaction action, saved[ARRAY_SIZE(handled_signals)];
	struct tui t;
	struct bench bench;
	const char *term = getenv("TERM"), *bench_env = getenv("ARTCMP_TUI_BENCH");
	const char *no_color = getenv("NO_COLOR");
	FILE *input = stdin, *tty = NULL;
	SCREEN *screen;
	int want_color, sig;
	size_t i;
	double start;

	if (check_terminal(term, err) != 0)
		return -1;
	if (!isatty(STDIN_FILENO)) {
		/* An article came on standard input: read keys from the terminal. */
		tty = fopen("/dev/tty", "r");
		if (tty == NULL) {
			error_set(err, "cannot use the terminal: /dev/tty: %s", strerror(errno));
			return -1;
		}
		input = tty;
	}

	memset(&action, 0, sizeof(action));
	action.sa_handler = tui_on_signal;
	sigemptyset(&action.sa_mask);
	action.sa_flags = 0;	/* no SA_RESTART: a signal interrupts wgetch() */
	tui_signal = 0;
	for (i = 0; i < ARRAY_SIZE(handled_signals); i++)
		sigaction(handled_signals[i], &action, &saved[i]);

	screen = newterm(term, stdout, input);
	if (screen == NULL) {
		for (i = 0; i < ARRAY_SIZE(handled_signals); i++)
			sigaction(handled_signals[i], &saved[i], NULL);
		if (tty != NULL)
			fclose(tty);
		error_set(err, "cannot use the terminal: TERM=%s (use --format=text)", term);
		return -1;
	}
	set_term(screen);
	tui_active = 1;
	util_set_cleanup(tui_cleanup);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	/* Wake up now and then to see the flags a signal handler set. */
	timeout(250);
#ifdef BUTTON5_PRESSED
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
#else
	mousemask(BUTTON4_PRESSED, NULL);
#endif
	want_color = options->color == OPTIONS_COLOR_ALWAYS ||
		(options->color == OPTIONS_COLOR_AUTO && (no_color == NULL || no_color[0] == '\0'));
	tui_theme_init(want_color);

	memset(&t, 0, sizeof(t));
	memset(&bench, 0, sizeof(bench));
	t.options = options;
	t.view.cmp = cmp;
	t.view.name[0] = options->label[0] ? options->label[0] : options->path[0];
	t.view.name[1] = options->label[1] ? options->label[1] : options->path[1];
	t.view.ascii = !locale_is_utf8();
	t.view.threshold = options->align.threshold;
	t.view.current = TUI_NONE;
	t.view.pane_width = tui_draw_pane_width(COLS);
	if (t.view.pane_width < TUI_MIN_PANE)
		t.view.pane_width = TUI_MIN_PANE;
	t.match_row = TUI_NONE;
	t.partner_entry = TUI_NONE;

	start = now_ms();
	relayout(&t, 0);
	bench.open_layout = now_ms() - start;
	start = now_ms();
	redraw(&t);
	bench.open_draw = now_ms() - start;
	bench.open_cpu = cpu_ms();

	if (bench_env != NULL) {
		bench.rounds = strtol(bench_env, NULL, 10);
		bench_run(&t, &bench);
	} else {
		int dirty = 0;

		while (!tui_signal) {
			int ch;

			if (dirty)
				redraw(&t);
			dirty = 0;
			if (!t.other_ready) {
				/* No key waiting: build the other fold now, so that f
				   is a swap.  A key typed meanwhile waits one layout. */
				timeout(0);
				ch = getch();
				timeout(250);
				if (ch == ERR) {
					prepare_other(&t);
					continue;
				}
			} else {
				ch = getch();
			}
			if (ch == ERR)
				continue;
			dirty = 1;
			if (key(&t, ch))
				break;
		}
	}

	endwin();
	tui_active = 0;
	util_set_cleanup(NULL);
	if (bench_env != NULL)
		bench_report(&t, &bench);	/* before delscreen: keyname() needs it */
	delscreen(screen);
	if (tty != NULL)
		fclose(tty);
	for (i = 0; i < ARRAY_SIZE(handled_signals); i++)
		sigaction(handled_signals[i], &saved[i], NULL);
	layout_free(&t.view.layout);
	layout_free(&t.other);
	free(t.diff_of_entry);
	free(t.text[0]);
	free(t.text[1]);

	sig = tui_signal;
	if (sig != 0) {
		/* Die of the signal, as an interrupted program should. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
