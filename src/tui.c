/*
 * tui: the viewer's lifecycle, state and main loop.  See tui.h.
 *
 * The model is the comparison; the layout is derived from it lazily: a plan
 * of blocks (layout.h: an entry, a move's old place, a fold row), rebuilt
 * when the fold or the alignment changes (O(entries), a few ms at 30k
 * sentences), and the rows of the blocks on screen, laid out for the pane
 * width when they are shown (view.layout is that window, not the whole).
 * The reader's place is a block and a row within it, so no key needs the
 * rows above it: a resize, f, + and - lay out one screen, not the 100k
 * rows of a long pair (120 ms).  The one thing that needs every row, the
 * line numbers of the status line, is counted while the loop waits for a
 * key, in slices of 2 ms; until then the status line shows the share only.
 * What the reader looks at survives a new plan or width through an anchor:
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
 * Costs: a key that scrolls is O(screen) (the blocks it crosses);
 * next/previous difference is O(log differences); resize and f are O(screen)
 * plus O(entries) for a new plan; + and - swap in the alignment at the new
 * threshold, which a background thread (realign.h) computed while the
 * reader read, and ask it for the next neighbours; if the reader is faster,
 * a message says so and the keys stay live until it arrives; a search reads
 * the units' bytes (memchr, in chunks) up to the first that holds the
 * pattern, at most once per pattern (a few ms for 6 MB), and lays out only
 * the blocks whose units may match.
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
#include <wchar.h>

#include "layout.h"
#include "realign.h"
#include "tui.h"
#include "tui-draw.h"
#include "tui-keys.h"
#include "tui-theme.h"

#define KEY_ESC 27
#define WHEEL_LINES 3
#define FOLD_CONTEXT 1
#define THRESHOLD_STEP 0.05
#define IDLE_SLICE_MS 2.0
/* How often the loop looks for an alignment it waits for. */
#define REALIGN_POLL_MS 5

struct place {
	size_t block;		/* a block of the plan */
	size_t offset;		/* a row of it, counted from its first (a gap row) */
};

struct tui {
	struct tui_view view;
	const struct options *options;
	struct layout_plan plan;	/* blocks for the alignment and fold of the moment */
	/* While folded, the unfolded plan for the same alignment, made when a
	   search first looks inside a fold (open_valid); its block numbers are
	   the ones plan gets when f unfolds. */
	struct layout_plan open;
	int open_valid;
	/* Rows of each block at the pane width, 0 until laid out once; blocks
	   [0, counted) are counted and start[] holds their first rows. */
	unsigned *height;
	size_t *start;
	size_t counted;
	struct layout measure;	/* scratch for measuring and searching one block */
	struct place top;	/* the first row shown */
	/* The window: view.layout holds the rows of blocks [win_first,
	   win_first + win_count), win_start[i] the first row of each. */
	size_t win_first, win_count, *win_start, win_cap;
	size_t *diff_of_entry;	/* entry -> difference index, TUI_NONE for equal */
	size_t *unit_entry[2];	/* unit -> its entry, per side */
	struct place match;	/* the row of the last search match */
	int match_valid;
	int match_backward;	/* the direction of the last / or ? */
	size_t partner_entry;	/* the move last jumped with m, and where to */
	int partner_at_left;
	int help;
	size_t help_top;
	char *text[2];		/* search buffers */
	size_t text_size[2];
	/* Units a search may match: hit for the pattern searched last (the
	   units do not change when the alignment does), odd for units whose
	   display differs from their bytes (controls, ASCII fallbacks). */
	unsigned char *hit[2], *odd[2];
	char hit_pattern[sizeof(((struct tui_view *)0)->pattern)];
	int hit_ignore_case, hit_valid;
	/* Alignments at the neighbouring thresholds, made in the background;
	   pending: + or - asked for the one at pending_threshold, not ready yet. */
	struct realign *realign;
	int pending;
	double pending_threshold;
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

/* ---- blocks and places */

/* Rows of block b at the pane width (laid out once to know). */
static size_t
block_height(struct tui *t, size_t b)
{
	if (t->height[b] == 0) {
		layout_clear(&t->measure);
		t->height[b] = (unsigned)layout_plan_rows(&t->plan, b, t->view.pane_width,
							  &t->measure);
	}
	return t->height[b];
}

static int
place_cmp(struct place a, struct place b)
{
	if (a.block != b.block)
		return a.block < b.block ? -1 : 1;
	return a.offset < b.offset ? -1 : a.offset > b.offset;
}

/* The first row of an entry or moved-away block (after its gap row). */
static struct place
block_head(const struct tui *t, size_t b)
{
	struct place p;

	p.block = b;
	p.offset = t->plan.block[b].gap ? 1 : 0;
	return p;
}

/* p moved count rows on, stopping at the last row; *past_end (when not
   NULL) tells whether it had to stop short. */
static struct place
place_forward(struct tui *t, struct place p, size_t count, int *past_end)
{
	if (past_end != NULL)
		*past_end = 0;
	while (count > 0 && t->plan.block_count > 0) {
		size_t room = block_height(t, p.block) - 1 - p.offset;

		if (count <= room) {
			p.offset += count;
			break;
		}
		if (p.block + 1 >= t->plan.block_count) {
			p.offset += room;
			if (past_end != NULL)
				*past_end = 1;
			break;
		}
		count -= room + 1;
		p.block++;
		p.offset = 0;
	}
	return p;
}

/* p moved count rows back, stopping at the first row. */
static struct place
place_back(struct tui *t, struct place p, size_t count)
{
	while (count > 0) {
		if (count <= p.offset) {
			p.offset -= count;
			break;
		}
		if (p.block == 0) {
			p.offset = 0;
			break;
		}
		count -= p.offset + 1;
		p.block--;
		p.offset = block_height(t, p.block) - 1;
	}
	return p;
}

/* The lowest top: the last screenful. */
static struct place
max_top(struct tui *t)
{
	struct place last = { 0, 0 };
	size_t height = body_height();

	if (t->plan.block_count == 0)
		return last;
	last.block = t->plan.block_count - 1;
	last.offset = block_height(t, last.block) - 1;
	return place_back(t, last, height > 0 ? height - 1 : 0);
}

/*
 * Make view.layout hold the rows from the top down to a screen below the
 * bottom (so that scrolling lays out little), reusing it while it does.
 */
static void
window_update(struct tui *t)
{
	size_t height = body_height(), want, rows, b;

	if (t->plan.block_count == 0) {
		layout_clear(&t->view.layout);
		t->win_count = 0;
		t->view.top = 0;
		return;
	}
	if (t->win_count > 0 && t->top.block >= t->win_first &&
	    t->top.block < t->win_first + t->win_count) {
		size_t row = t->win_start[t->top.block - t->win_first] + t->top.offset;

		if (row + height <= t->view.layout.row_count ||
		    t->win_first + t->win_count == t->plan.block_count) {
			t->view.top = row;
			return;
		}
	}
	layout_clear(&t->view.layout);
	t->win_first = t->top.block;
	t->win_count = 0;
	want = t->top.offset + 2 * height;
	for (b = t->top.block, rows = 0; b < t->plan.block_count && rows < want; b++) {
		size_t count;

		if (t->win_count + 2 > t->win_cap) {
			t->win_cap = t->win_cap ? 2 * t->win_cap : 64;
			t->win_start = xreallocarray(t->win_start, t->win_cap, sizeof(size_t));
		}
		t->win_start[t->win_count++] = rows;
		count = layout_plan_rows(&t->plan, b, t->view.pane_width, &t->view.layout);
		t->height[b] = (unsigned)count;
		rows += count;
	}
	t->win_start[t->win_count] = rows;
	t->view.top = t->top.offset;
}

/* The place of window row r. */
static struct place
window_place(const struct tui *t, size_t r)
{
	struct place p;
	size_t i = 0;

	while (i + 1 < t->win_count && t->win_start[i + 1] <= r)
		i++;
	p.block = t->win_first + i;
	p.offset = r - t->win_start[i];
	return p;
}

/* Is p on screen? */
static int
place_in_window(const struct tui *t, struct place p)
{
	size_t row;

	if (p.block < t->win_first || p.block >= t->win_first + t->win_count)
		return 0;
	row = t->win_start[p.block - t->win_first] + p.offset;
	return row >= t->view.top && row < t->view.top + body_height();
}

/* The status line's figures: the position, exact once the rows are counted. */
static void
update_position(struct tui *t)
{
	size_t count = t->plan.block_count, height = body_height();

	t->view.diff_count = t->plan.diff_count;
	t->view.diff_entry = t->plan.diff_entry;
	if (count == 0) {
		t->view.row_total = 0;
		t->view.percent = 100;
		return;
	}
	if (t->counted == count) {
		size_t total = t->start[count], top = t->start[t->top.block] + t->top.offset;
		size_t bottom = top + height < total ? top + height : total;

		t->view.row_total = total;
		t->view.row_top = top;
		t->view.percent = total ? bottom * 100 / total : 100;
	} else {
		/* Still counting: the share of blocks down to the bottom row. */
		size_t rows = t->view.layout.row_count, bottom = t->view.top + height;
		struct place p = window_place(t, bottom < rows ? bottom : rows ? rows - 1 : 0);

		t->view.row_total = 0;
		t->view.percent = bottom >= rows && p.block + 1 == count ? 100 :
			(p.block + 1) * 100 / count;
	}
}

static void
set_top(struct tui *t, struct place top)
{
	struct place limit = max_top(t);

	t->top = place_cmp(top, limit) > 0 ? limit : top;
	window_update(t);
}

/* Rows of context above a difference or match we jump to. */
static size_t
jump_context(void)
{
	size_t context = body_height() / 4;

	return context > 2 ? 2 : context;
}

static void
show_place(struct tui *t, struct place p)
{
	set_top(t, place_back(t, p, jump_context()));
}

/* Idle work: count the rows of a few more blocks, for at most budget_ms.
   Returns 1 while blocks are left. */
static int
count_rows(struct tui *t, double budget_ms)
{
	struct timespec ts;
	double until;
	size_t n = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	until = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 + budget_ms;
	while (t->counted < t->plan.block_count) {
		size_t b = t->counted;

		t->start[b + 1] = t->start[b] + block_height(t, b);
		t->counted++;
		if (++n % 32 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			if ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 >= until)
				break;
		}
	}
	return t->counted < t->plan.block_count;
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

	if (t->view.current != TUI_NONE && t->view.current < t->plan.diff_count &&
	    entry_in_window(t, t->plan.diff_entry[t->view.current]))
		return;
	t->view.current = TUI_NONE;
	for (r = t->view.top; r < end && r < layout->row_count; r++) {
		size_t entry = layout->row[r].entry;

		if (entry != TUI_NONE && entry < t->plan.entry_count &&
		    t->diff_of_entry[entry] != TUI_NONE) {
			t->view.current = t->diff_of_entry[entry];
			return;
		}
	}
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
	if (t->view.current != TUI_NONE && t->view.current < t->plan.diff_count) {
		const struct align_entry *entry =
			&t->view.cmp->entry[t->plan.diff_entry[t->view.current]];

		a->current_side = entry->right_count > 0;
		a->current_unit = a->current_side ? entry->right_first : entry->left_first;
	}
}

/* The first place showing unit of side (a folded unit: its fold row). */
static struct place
unit_place(struct tui *t, int side, size_t unit)
{
	size_t entry = t->unit_entry[side][unit], b = t->plan.entry_block[entry], r;
	struct place p;

	if (side == 0 && t->plan.moved_away_block[entry] != TUI_NONE &&
	    t->plan.moved_away_block[entry] < b)
		b = t->plan.moved_away_block[entry];
	p = block_head(t, b);
	layout_clear(&t->measure);
	layout_plan_rows(&t->plan, b, t->view.pane_width, &t->measure);
	for (r = 0; r < t->measure.row_count; r++) {
		const struct layout_half *half = &t->measure.row[r].half[side];

		if (!half->filler && half->unit == unit) {
			p.offset = r;
			break;
		}
	}
	return p;
}

static void
anchor_restore(struct tui *t, const struct anchor *a)
{
	struct place top = { 0, 0 };

	if (a->valid && t->plan.block_count > 0)
		top = place_back(t, unit_place(t, a->side, a->unit), a->delta);
	set_top(t, top);
	t->view.current = TUI_NONE;
	if (a->current_unit != TUI_NONE)
		t->view.current =
			t->diff_of_entry[t->unit_entry[a->current_side][a->current_unit]];
	sync_current(t);
}

/* The plan changed (alignment, fold) or the width: rows to be counted again. */
static void
reset_rows(struct tui *t)
{
	size_t count = t->plan.block_count;

	free(t->height);
	free(t->start);
	t->height = xcalloc(count + 1, sizeof(*t->height));
	t->start = xcalloc(count + 1, sizeof(*t->start));
	t->counted = 0;
	t->win_count = 0;
}

/* A new plan for the present alignment and fold, and the maps from it. */
static void
replan(struct tui *t)
{
	const struct comparison *cmp = t->view.cmp;
	struct layout_options options;
	size_t k, u;
	int s;

	memset(&options, 0, sizeof(options));
	options.fold = t->view.fold;
	options.fold_context = FOLD_CONTEXT;
	options.ascii = t->view.ascii;
	options.unit_kind = t->options->unit;
	layout_plan_free(&t->plan);
	layout_plan_build(cmp, &options, &t->plan);
	layout_plan_free(&t->open);
	memset(&t->open, 0, sizeof(t->open));
	t->open_valid = 0;
	free(t->diff_of_entry);
	t->diff_of_entry = xreallocarray(NULL, cmp->entry_count + 1, sizeof(size_t));
	for (k = 0; k < cmp->entry_count; k++)
		t->diff_of_entry[k] = TUI_NONE;
	for (k = 0; k < t->plan.diff_count; k++)
		t->diff_of_entry[t->plan.diff_entry[k]] = k;
	for (s = 0; s < 2; s++) {
		free(t->unit_entry[s]);
		t->unit_entry[s] = xreallocarray(NULL, cmp->side[s].units.count + 1,
						 sizeof(size_t));
	}
	for (k = 0; k < cmp->entry_count; k++) {
		const struct align_entry *e = &cmp->entry[k];

		for (u = 0; u < e->left_count; u++)
			t->unit_entry[0][e->left_first + u] = k;
		for (u = 0; u < e->right_count; u++)
			t->unit_entry[1][e->right_first + u] = k;
	}
	reset_rows(t);
}

/*
 * Lay out again for the present width, fold and alignment (new_plan: the
 * fold or the alignment changed), keeping the reader's place.  Only the
 * blocks on screen are laid out now; the rows are counted while idle.
 */
static void
relayout(struct tui *t, int keep, int new_plan)
{
	struct anchor a;

	memset(&a, 0, sizeof(a));
	a.current_unit = TUI_NONE;
	if (keep)
		anchor_save(t, &a);
	if (new_plan)
		replan(t);
	else
		reset_rows(t);
	t->match_valid = 0;
	t->partner_entry = TUI_NONE;
	anchor_restore(t, &a);
}

/* f: fold or unfold the runs of equal units. */
static void
toggle_fold(struct tui *t)
{
	t->view.fold = !t->view.fold;
	relayout(t, 1, 1);
}

/* A new terminal size: lay out again if the pane width changed. */
static void
resize(struct tui *t)
{
	unsigned width;
	int ch;

	/* A window being dragged sends a burst of sizes: act on the last
	   already queued (waiting for more would delay the redraw). */
	timeout(0);
	while ((ch = getch()) == KEY_RESIZE)
		;
	timeout(250);
	if (ch != ERR)
		ungetch(ch);
	if (tui_draw_too_small(LINES, COLS))
		return;
	width = tui_draw_pane_width(COLS);
	if (width != t->view.pane_width) {
		t->view.pane_width = width;
		relayout(t, 1, 0);
	} else {
		set_top(t, t->top);
		sync_current(t);
	}
}

static void
scroll_by(struct tui *t, long count)
{
	if (count < 0)
		set_top(t, place_back(t, t->top, (size_t)-count));
	else
		set_top(t, place_forward(t, t->top, (size_t)count, NULL));
	sync_current(t);
}

static int
diff_wanted(const struct tui *t, size_t k, unsigned mask)
{
	return mask == 0 || (t->view.cmp->entry[t->plan.diff_entry[k]].flags & mask);
}

/* The first difference whose first row is at or after p (binary search). */
static size_t
first_diff_from(const struct tui *t, struct place p)
{
	size_t low = 0, high = t->plan.diff_count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (place_cmp(block_head(t, t->plan.diff_block[mid]), p) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

static void
step_diff(struct tui *t, int forward, unsigned mask)
{
	size_t k, count = t->plan.diff_count;
	unsigned all = (1u << ALIGN_FLAG_COUNT) - 1;
	const char *direction = forward ? "next" : "previous";

	if (count == 0) {
		message(t, 1, "no differences");
		return;
	}
	if (t->view.current != TUI_NONE &&
	    entry_in_window(t, t->plan.diff_entry[t->view.current])) {
		if (forward)
			k = t->view.current + 1;
		else
			k = t->view.current > 0 ? t->view.current - 1 : TUI_NONE;
	} else {
		k = first_diff_from(t, t->top);
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
	show_place(t, block_head(t, t->plan.diff_block[k]));
}

static void
cycle_filter(struct tui *t)
{
	unsigned filter = t->view.filter;
	size_t k, count = 0;

	filter = filter == 0 ? 1u : filter << 1;
	if (filter >= 1u << ALIGN_FLAG_COUNT)
		filter = 0;
	t->view.filter = filter;
	if (filter == 0) {
		message(t, 0, "all %zu differences", t->plan.diff_count);
		return;
	}
	for (k = 0; k < t->plan.diff_count; k++)
		count += diff_wanted(t, k, filter) != 0;
	message(t, 0, "only differences flagged %s: %zu of %zu; F for the next flag",
		align_flag_name(filter), count, t->plan.diff_count);
}

static void
jump_partner(struct tui *t)
{
	const struct layout *layout = &t->view.layout;
	const struct comparison *cmp = t->view.cmp;
	size_t entry = TUI_NONE, r, end = t->view.top + body_height();
	struct place right, left;

	if (t->view.current != TUI_NONE) {
		size_t e = t->plan.diff_entry[t->view.current];

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
	if (t->plan.moved_away_block[entry] == TUI_NONE) {
		message(t, 1, "this move has no other place shown");
		return;
	}
	right = block_head(t, t->plan.entry_block[entry]);
	left = block_head(t, t->plan.moved_away_block[entry]);
	if (place_in_window(t, right) &&
	    !(t->partner_entry == entry && t->partner_at_left && place_in_window(t, left))) {
		show_place(t, left);
		t->partner_at_left = 1;
		message(t, 0, "moved from here (left); m goes back");
	} else {
		show_place(t, right);
		t->partner_at_left = 0;
		message(t, 0, "moved to here (right); m goes back");
	}
	t->partner_entry = entry;
	t->view.current = t->diff_of_entry[entry];
}

/* ---- search: the units' bytes first, then the rows of the few blocks
   whose units may match */

static int
fold_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does the pattern (p, m bytes) start at s (n bytes left)?  A space in the
   pattern stands for any blank, as the display shows line ends as spaces. */
static int
match_at(const unsigned char *s, size_t n, const unsigned char *p, size_t m, int ignore_case)
{
	size_t k;

	if (m > n)
		return 0;
	for (k = 0; k < m; k++) {
		int a = s[k], b = p[k];

		if (b == ' ' ? !is_blank(a) : ignore_case ? fold_ascii(a) != fold_ascii(b) : a != b)
			return 0;
	}
	return 1;
}

#define HIT_CHUNK 256	/* units whose bytes are searched at once */

/*
 * The byte of the pattern least likely in text, to look for with memchr():
 * a letter far down the usual English order, a digit, punctuation.  Never
 * a blank (a space in the pattern matches a line end).  Returns its index,
 * or -1 for a pattern of blanks only.
 */
static int
anchor_byte(const char *pattern)
{
	static const char common[] = "etaoinshrdlcumwfgypbvkjxqz";
	int i, best = -1, best_rank = -1;

	for (i = 0; pattern[i] != '\0'; i++) {
		int c = fold_ascii((unsigned char)pattern[i]), rank;
		const char *at;

		if (is_blank(c))
			continue;
		at = c != 0 ? strchr(common, c) : NULL;
		rank = at != NULL ? (int)(at - common) : (int)sizeof(common);
		if (rank > best_rank) {
			best = i;
			best_rank = rank;
		}
	}
	return best;
}

/*
 * Does unit u of side s hold the pattern?  The first time a pattern asks
 * about a unit, the units of its chunk are searched together: one memchr()
 * sweep over their bytes for the pattern's rarest byte (in its one or two
 * forms), each find checked in place.  The answers are kept (hit: 0 not
 * known, 1 no, 2 yes), so a common word is found after reading a few
 * chunks and a pattern found nowhere costs one pass over the text, then
 * nothing.
 */
static int
unit_hit(struct tui *t, int s, size_t u)
{
	const struct side *side = &t->view.cmp->side[s];
	const struct unit *unit = side->units.unit;
	const unsigned char *p = (const unsigned char *)t->view.pattern;
	const unsigned char *text = (const unsigned char *)side->text->bytes;
	size_t m = strlen(t->view.pattern), first, last, k;
	int anchor, form, forms = 1, want[2];

	if (t->hit[s][u] != 0)
		return t->hit[s][u] == 2;
	first = u - u % HIT_CHUNK;
	last = first + HIT_CHUNK < side->units.count ? first + HIT_CHUNK : side->units.count;
	anchor = anchor_byte(t->view.pattern);
	for (k = first; k < last; k++)
		t->hit[s][k] = anchor < 0 ? 2 : 1;	/* blanks only: the rows decide */
	if (anchor < 0)
		return 1;
	want[0] = t->view.ignore_case ? fold_ascii(p[anchor]) : p[anchor];
	if (t->view.ignore_case && want[0] >= 'a' && want[0] <= 'z') {
		want[1] = want[0] - 'a' + 'A';
		forms = 2;
	}
	for (form = 0; form < forms; form++) {
		const unsigned char *at = text + unit[first].offset;
		const unsigned char *end = text + unit[last - 1].offset + unit[last - 1].length;

		k = first;
		while (at < end && (at = memchr(at, want[form], (size_t)(end - at))) != NULL) {
			size_t offset = (size_t)(at - text);

			while (k < last && unit[k].offset + unit[k].length <= offset)
				k++;
			if (k >= last)
				break;
			if (t->hit[s][k] != 2 && offset >= unit[k].offset + (size_t)anchor &&
			    match_at(at - anchor, unit[k].offset + unit[k].length -
				     (offset - (size_t)anchor), p, m, t->view.ignore_case))
				t->hit[s][k] = 2;
			at++;
		}
	}
	return t->hit[s][u] == 2;
}

/* A new pattern: nothing known about the units. */
static void
forget_hits(struct tui *t)
{
	int s;

	for (s = 0; s < 2; s++) {
		size_t units = t->view.cmp->side[s].units.count;

		if (t->hit[s] == NULL)
			t->hit[s] = xcalloc(units + 1, 1);
		else
			memset(t->hit[s], 0, units + 1);
	}
	memcpy(t->hit_pattern, t->view.pattern, sizeof(t->hit_pattern));
	t->hit_ignore_case = t->view.ignore_case;
	t->hit_valid = 1;
}

/* odd[s][u] = 1 for units shown otherwise than their bytes read. */
static void
find_odd_units(struct tui *t)
{
	unsigned char odd_byte[256];
	int s, c;

	for (c = 0; c < 256; c++)
		odd_byte[c] = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ||
			(c >= 0x80 && t->view.ascii);
	for (s = 0; s < 2; s++) {
		const struct side *side = &t->view.cmp->side[s];
		const unsigned char *bytes = (const unsigned char *)side->text->bytes;
		size_t u, i;

		t->odd[s] = xcalloc(side->units.count + 1, 1);
		for (u = 0; u < side->units.count; u++) {
			const unsigned char *b = bytes + side->units.unit[u].offset;

			for (i = 0; i < side->units.unit[u].length; i++)
				if (odd_byte[b[i]]) {
					t->odd[s][u] = 1;
					break;
				}
		}
	}
}

static int
units_may_match(struct tui *t, int s, size_t first, size_t count)
{
	size_t u;

	for (u = first; u < first + count; u++)
		if (t->odd[s][u] || unit_hit(t, s, u))
			return 1;
	return 0;
}

static int
block_may_match(struct tui *t, size_t b)
{
	const struct layout_block *block = &t->plan.block[b];
	const struct align_entry *e = &t->view.cmp->entry[block->entry];

	switch (block->kind) {
	case LAYOUT_BLOCK_FOLD: {
		/* Not the fold row ("… 12 unchanged sentences …" is ours) but the
		   equal units under it, the same on both sides. */
		const struct align_entry *last = &t->view.cmp->entry[block->last];

		return units_may_match(t, 0, e->left_first,
				       last->left_first + last->left_count - e->left_first);
	}
	case LAYOUT_BLOCK_MOVED_AWAY:
		return units_may_match(t, 0, e->left_first, e->left_count);
	case LAYOUT_BLOCK_ENTRY:
	default:
		return units_may_match(t, 0, e->left_first, e->left_count) ||
			units_may_match(t, 1, e->right_first, e->right_count);
	}
}

/* Does row's half side of layout contain the pattern, counting a match that
   runs on into the next row of the same unit (the text wrapped there)? */
static int
half_matches(struct tui *t, const struct layout *layout, size_t row, int side)
{
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

/*
 * The first row of block b in [from, to) that matches, going forward or
 * backward; TUI_NONE if none.
 */
static size_t
search_rows(struct tui *t, struct layout_plan *plan, size_t b, size_t from, size_t to,
	    int backward)
{
	size_t r;

	layout_clear(&t->measure);
	layout_plan_rows(plan, b, t->view.pane_width, &t->measure);
	if (to > t->measure.row_count)
		to = t->measure.row_count;
	for (r = from; r < to; r++) {
		size_t row = backward ? to - 1 - (r - from) : r;

		if (half_matches(t, &t->measure, row, 0) || half_matches(t, &t->measure, row, 1))
			return row;
	}
	return TUI_NONE;
}

/*
 * A fold row hides units a search must still find (less and vim open a fold
 * to show a match): look in the blocks the unfolded plan has for the fold's
 * entries.  Returns the row, and in *open_block the unfolded block, or
 * TUI_NONE.
 */
static size_t
search_fold(struct tui *t, const struct layout_block *fold, int backward, size_t *open_block)
{
	size_t count = fold->last - fold->entry + 1, i, row;

	if (!t->open_valid) {
		struct layout_options options = t->plan.options;

		options.fold = 0;
		layout_plan_build(t->view.cmp, &options, &t->open);
		t->open_valid = 1;
	}
	for (i = 0; i < count; i++) {
		size_t entry = backward ? fold->last - i : fold->entry + i;
		size_t b = t->open.entry_block[entry];

		row = search_rows(t, &t->open, b, 0, TUI_NONE, backward);
		if (row != TUI_NONE) {
			*open_block = b;
			return row;
		}
	}
	return TUI_NONE;
}

/*
 * The first row of block b in [from, to) that matches, going forward or
 * backward; TUI_NONE if none.  A match inside a fold sets *open_block to
 * its block in the unfolded plan (else it is left TUI_NONE).
 */
static size_t
search_block(struct tui *t, size_t b, size_t from, size_t to, int backward,
	     size_t *open_block)
{
	if (from >= to || !block_may_match(t, b))
		return TUI_NONE;
	if (t->plan.block[b].kind == LAYOUT_BLOCK_FOLD)
		return search_fold(t, &t->plan.block[b], backward, open_block);
	return search_rows(t, &t->plan, b, from, to, backward);
}

static void
search(struct tui *t, int backward)
{
	size_t count = t->plan.block_count, i, found = TUI_NONE, height = body_height();
	size_t open_block = TUI_NONE;
	struct place origin, p;
	const char *q;
	int wrapped = 0, end = 0;

	if (t->view.pattern[0] == '\0') {
		message(t, 1, "no search yet: / searches forward, ? backward");
		return;
	}
	t->view.ignore_case = 1;
	for (q = t->view.pattern; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			t->view.ignore_case = 0;
	if (count == 0) {
		message(t, 1, "pattern not found: %s", t->view.pattern);
		return;
	}
	if (t->odd[0] == NULL)
		find_odd_units(t);
	if (!t->hit_valid || t->hit_ignore_case != t->view.ignore_case ||
	    strcmp(t->hit_pattern, t->view.pattern) != 0)
		forget_hits(t);
	/* Forward: rows from origin on; backward: rows before origin; going
	   round the end once.  origin.block == count stands for the end. */
	if (t->match_valid && place_in_window(t, t->match))
		origin = backward ? t->match : place_forward(t, t->match, 1, &end);
	else if (backward)
		origin = place_forward(t, t->top, height, &end);
	else
		origin = t->top;
	if (end) {
		origin.block = count;
		origin.offset = 0;
	}
	if (!backward && origin.block == count) {
		origin.block = origin.offset = 0;
		wrapped = 1;
	} else if (backward && origin.block == count) {
		origin.block = count - 1;
		origin.offset = TUI_NONE;
	}
	for (i = 0; i <= count && found == TUI_NONE; i++) {
		size_t from = 0, to = TUI_NONE;

		p.block = backward ? (origin.block + count - i) % count : (origin.block + i) % count;
		if (i > 0 && p.block == (backward ? count - 1 : 0))
			wrapped = 1;
		if (i == 0)
			*(backward ? &to : &from) = origin.offset;
		else if (i == count)
			*(backward ? &from : &to) = origin.offset;
		found = search_block(t, p.block, from, to, backward, &open_block);
	}
	if (found == TUI_NONE) {
		message(t, 1, "pattern not found: %s", t->view.pattern);
		return;
	}
	if (open_block != TUI_NONE) {
		/* Unfold: the new plan numbers its blocks as t->open did. */
		toggle_fold(t);
		p.block = open_block;
	}
	p.offset = found;
	t->match = p;
	t->match_valid = 1;
	show_place(t, p);
	sync_current(t);
	if (open_block != TUI_NONE)
		message(t, 0, "unfolded to show the match; f folds again");
	else if (wrapped)
		message(t, 0, "search wrapped around: %s", t->view.pattern);
}

/* threshold + step, rounded to the hundredth (as --threshold=0.35 reads), in [0, 1]. */
static double
threshold_step(double threshold, double step)
{
	threshold = floor((threshold + step) * 100 + 0.5) / 100;
	return threshold < 0 ? 0 : threshold > 1 ? 1 : threshold;
}

/* Ask the background for the alignments around the present threshold. */
static void
want_neighbours(struct tui *t)
{
	struct align_options options = t->options->align;
	double at = t->pending ? t->pending_threshold : t->view.threshold, next[3];
	size_t count = 0;

	if (t->pending)
		next[count++] = at;
	next[count] = threshold_step(at, THRESHOLD_STEP);
	if (next[count] != at)
		count++;
	next[count] = threshold_step(at, -THRESHOLD_STEP);
	if (next[count] != at)
		count++;
	realign_want(t->realign, &options, next, count);
}

/* Show the alignment at threshold; the one it replaces is a neighbour now. */
static void
install_alignment(struct tui *t, double threshold, struct alignment *alignment)
{
	comparison_swap_alignment(t->view.cmp, alignment);
	realign_give(t->realign, alignment);
	t->view.threshold = threshold;
	t->pending = 0;
	relayout(t, 1, 1);
	message(t, 0, "threshold %.2f: %zu differences", threshold, t->plan.diff_count);
	want_neighbours(t);
}

/* The alignment + or - waits for, if it is ready now: 1 when shown. */
static int
take_pending(struct tui *t)
{
	struct align_options options = t->options->align;
	struct alignment alignment;

	if (!t->pending)
		return 0;
	options.threshold = t->pending_threshold;
	if (!realign_take(t->realign, &options, &alignment))
		return 0;
	install_alignment(t, t->pending_threshold, &alignment);
	return 1;
}

/*
 * + and -: from the threshold shown, or from the one still awaited (two
 * quick presses go two steps).  The alignment is usually ready; if not,
 * say so and keep the keys live: the loop takes it when it comes.
 */
static void
change_threshold(struct tui *t, double step)
{
	double from = t->pending ? t->pending_threshold : t->view.threshold;
	double threshold = threshold_step(from, step);

	if (threshold == from) {
		message(t, 1, "threshold already %.2f", threshold);
		return;
	}
	if (threshold == t->view.threshold) {
		/* Back to what is shown: nothing to wait for. */
		t->pending = 0;
		message(t, 0, "threshold %.2f: %zu differences", threshold, t->plan.diff_count);
		want_neighbours(t);
		return;
	}
	t->pending = 1;
	t->pending_threshold = threshold;
	if (take_pending(t))
		return;
	want_neighbours(t);
	message(t, 0, "re-aligning at threshold %.2f%s", threshold,
		t->view.ascii ? "..." : "\u2026");
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
		update_position(t);
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
			update_position(t);
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
		t->match_valid = 0;
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
		set_top(t, (struct place){ 0, 0 });
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

struct timing {
	double total, max, cpu_max;
	size_t count;
};

struct bench {
	long rounds;
	double open_layout, open_draw, open_cpu;
	struct timing keys;	/* the navigation script */
	int key_max_key;
	struct timing after_open;	/* keys pressed before any idle time */
	struct timing fold, resize, after_resize, search_miss, search_again;
	/* + and -: with the alignment ready; before it is (the key, and the
	   time until the alignment is shown) */
	struct timing realign_ready, realign_early, realign_shown;
	struct timing idle;	/* slices of idle work (counting rows) */
	double idle_total;	/* all idle work after one event */
};

static void
timing_add(struct timing *t, double wall, double cpu)
{
	t->total += wall;
	if (wall > t->max)
		t->max = wall;
	if (cpu > t->cpu_max)
		t->cpu_max = cpu;
	t->count++;
}

/* One key as the loop handles it, timed: action and redraw. */
static double
bench_key(struct tui *t, int ch, struct timing *into)
{
	double start = now_ms(), cpu = cpu_ms(), spent;

	key(t, ch);
	redraw(t);
	spent = now_ms() - start;
	timing_add(into, spent, cpu_ms() - cpu);
	return spent;
}

/* What the main loop does when no key is waiting, slice by slice. */
static void
bench_idle(struct tui *t, struct bench *b)
{
	double all = now_ms();
	int more = 1;

	while (more) {
		double start = now_ms(), cpu = cpu_ms();

		more = count_rows(t, IDLE_SLICE_MS);
		timing_add(&b->idle, now_ms() - start, cpu_ms() - cpu);
	}
	redraw(t);
	b->idle_total = now_ms() - all;
}

/* Wait until the background has made every alignment wanted (10 s at most). */
static void
bench_wait_realign(struct tui *t)
{
	struct timespec pause = { 0, 1000000 };
	int i;

	for (i = 0; i < 10000 && realign_busy(t->realign); i++)
		nanosleep(&pause, NULL);
}

/*
 * + and -, each after the background is done (the alignment is ready), or
 * right after another (it may not be): then the key shows a message and the
 * alignment is shown when it comes, as the loop would take it.
 */
static void
bench_threshold(struct tui *t, struct bench *b)
{
	static const int keys[] = { '+', '-', '+', '+', '-', '-', '-', '-', '+', '+' };
	static const int quick[] = { 0, 0, 0, 1, 0, 1, 0, 1, 0, 1 };
	struct timespec pause = { 0, 200000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		double start = now_ms(), cpu = cpu_ms(), spent;

		if (!quick[i]) {
			bench_wait_realign(t);
			start = now_ms();
			cpu = cpu_ms();
		}
		key(t, keys[i]);
		redraw(t);
		spent = now_ms() - start;
		if (!t->pending) {
			timing_add(&b->realign_ready, spent, cpu_ms() - cpu);
			continue;
		}
		timing_add(&b->realign_early, spent, cpu_ms() - cpu);
		while (!take_pending(t))
			nanosleep(&pause, NULL);
		redraw(t);
		timing_add(&b->realign_shown, now_ms() - start, cpu_ms() - cpu);
	}
	bench_wait_realign(t);
	bench_idle(t, b);
}

static void
bench_run(struct tui *t, struct bench *b)
{
	static const int keys[] = {
		'n', 'n', 'j', 'k', ' ', 'b', 'd', 'u', 'n', 'p', '}', '{', 'F', 'n', 'F',
		'F', 'F', 'F', 'F', '\t', KEY_BTAB, 'm', ';', ',', 'G', 'p', 'g', 'h', 'j', 'q',
		'f', 'n', 'G', 'f', 'g',
	};
	static const int first_keys[] = { 'G', 'k', 'g', 'n', 'f', 'f', ' ' };
	long round;
	size_t i;
	double start;

	/* Keys typed ahead, before the loop had any idle time. */
	for (i = 0; i < ARRAY_SIZE(first_keys); i++)
		bench_key(t, first_keys[i], &b->after_open);
	bench_idle(t, b);
	snprintf(t->view.pattern, sizeof(t->view.pattern), "the");
	for (round = 0; round < b->rounds; round++) {
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (bench_key(t, keys[i], &b->keys) >= b->keys.max)
				b->key_max_key = keys[i];
		key(t, 'g');
		bench_key(t, 'f', &b->fold);
		bench_key(t, 'f', &b->fold);

		/* A new width, then keys before the rows are counted again. */
		{
			double cpu = cpu_ms();

			start = now_ms();
			t->view.pane_width = t->view.pane_width > 20 ? 18 : tui_draw_pane_width(COLS);
			relayout(t, 1, 0);
			redraw(t);
			timing_add(&b->resize, now_ms() - start, cpu_ms() - cpu);
		}
		bench_key(t, 'G', &b->after_resize);
		bench_key(t, 'p', &b->after_resize);
		bench_key(t, 'g', &b->after_resize);
		resize(t);
		redraw(t);
		bench_idle(t, b);

		/* A search that finds nothing: the first reads every unit, a
		   repeat only the blocks. */
		snprintf(t->view.pattern, sizeof(t->view.pattern), "no such words %ld", round);
		bench_key(t, ';', &b->search_miss);
		bench_key(t, ';', &b->search_again);
		snprintf(t->view.pattern, sizeof(t->view.pattern), "the");

		if (round == 0)
			bench_threshold(t, b);
	}
}

static void
timing_print(const char *what, const struct timing *t)
{
	if (t->count == 0)
		return;
	fprintf(stderr, "tui: %s: %zu, mean %.2f ms, max %.2f ms (CPU max %.2f ms)\n", what,
		t->count, t->total / (double)t->count, t->max, t->cpu_max);
}

static void
bench_report(struct tui *t, const struct bench *b)
{
	count_rows(t, 1e9);
	fprintf(stderr, "tui: rows %zu, blocks %zu, differences %zu, pane width %u\n",
		t->start[t->plan.block_count], t->plan.block_count, t->plan.diff_count,
		t->view.pane_width);
	fprintf(stderr, "tui: open: plan and first screen %.1f ms, first draw %.1f ms; "
		"CPU from process start to first screen %.0f ms\n", b->open_layout,
		b->open_draw, b->open_cpu);
	timing_print("keys right after open (G k g n f f Space)", &b->after_open);
	if (b->keys.count > 0)
		fprintf(stderr, "tui: slowest key of the script: '%s'\n", keyname(b->key_max_key));
	timing_print("keys (action and redraw)", &b->keys);
	timing_print("fold (f)", &b->fold);
	timing_print("resize (new width)", &b->resize);
	timing_print("keys right after a resize (G p g)", &b->after_resize);
	timing_print("search with no match, first", &b->search_miss);
	timing_print("search with no match, repeated", &b->search_again);
	timing_print("threshold (+/-), alignment ready", &b->realign_ready);
	timing_print("threshold (+/-) before the alignment is ready: the key",
		     &b->realign_early);
	timing_print("threshold (+/-) before the alignment is ready: shown after",
		     &b->realign_shown);
	{
		struct realign_stats stats;

		realign_stats(t->realign, &stats);
		if (stats.computed > 1)
			fprintf(stderr, "tui: alignments made in the background: %zu; the first "
				"(prepares the memo) %.1f ms, then mean %.1f ms\n", stats.computed,
				stats.first_ms, (stats.total_ms - stats.first_ms) /
				(double)(stats.computed - 1));
	}
	timing_print("idle slices (counting rows)", &b->idle);
	fprintf(stderr, "tui: rows counted while idle in %.1f ms (the last time)\n",
		b->idle_total);
	{
		struct rusage usage;

		if (getrusage(RUSAGE_SELF, &usage) == 0)
			fprintf(stderr, "tui: peak resident memory %ld MB\n",
				usage.ru_maxrss / 1024);
	}
}

/* ---- the terminal */

/* Characters measured as curses will draw them (wcwidth), so that a pane
   never runs a cell into the divider. */
static int
terminal_width(uint32_t uc)
{
	return wcwidth((wchar_t)uc);
}

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
	t.partner_entry = TUI_NONE;
	if (!t.view.ascii)
		layout_set_char_width(terminal_width);

	start = now_ms();
	replan(&t);
	relayout(&t, 0, 0);
	bench.open_layout = now_ms() - start;
	start = now_ms();
	redraw(&t);
	bench.open_draw = now_ms() - start;
	bench.open_cpu = cpu_ms();
	/* The neighbouring thresholds, computed while the reader reads. */
	t.realign = realign_new(cmp);
	want_neighbours(&t);

	if (bench_env != NULL) {
		bench.rounds = strtol(bench_env, NULL, 10);
		bench_run(&t, &bench);
	} else {
		int dirty = 0;

		while (!tui_signal) {
			int ch;

			if (take_pending(&t))
				dirty = 1;
			if (dirty)
				redraw(&t);
			dirty = 0;
			if (t.counted < t.plan.block_count) {
				/* No key waiting: count rows for the status line, a
				   slice at a time, so that a key waits little. */
				timeout(0);
				ch = getch();
				timeout(250);
				if (ch == ERR) {
					if (!count_rows(&t, IDLE_SLICE_MS))
						dirty = 1;	/* the line numbers are known */
					continue;
				}
			} else {
				/* An awaited alignment is looked for often. */
				timeout(t.pending ? REALIGN_POLL_MS : 250);
				ch = getch();
				timeout(250);
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
	realign_free(t.realign);
	layout_set_char_width(NULL);
	layout_free(&t.view.layout);
	layout_free(&t.measure);
	layout_plan_free(&t.plan);
	layout_plan_free(&t.open);
	free(t.height);
	free(t.start);
	free(t.win_start);
	for (i = 0; i < 2; i++) {
		free(t.unit_entry[i]);
		free(t.hit[i]);
		free(t.odd[i]);
	}
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
