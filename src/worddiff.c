/*
 * worddiff: the changed words inside a paired entry.
 *
 * Idea: the token ids of the entry's left units, joined, are diffed against
 * the right ones, and the result is cleaned up so that a reader sees phrases
 * changed, not confetti.
 *
 *   1. Match the common prefix and suffix outright.
 *   2. The middle, when its n x m table is small (a sentence or three, the
 *      usual case), gets an exact LCS by dynamic programming: lengths of the
 *      suffix LCS in two rolling rows, one direction byte per cell, then a
 *      forward walk.  A right range of up to 64 tokens keeps each row in
 *      one machine word instead (bit-parallel LCS, diff_bits()) and walks
 *      the same path.  Larger middles (a 10 MB "sentence", a huge paragraph)
 *      are cut at patience anchors: tokens occurring exactly once in each
 *      side, of which the longest increasing run is kept (Bram Cohen's
 *      patience diff, as in git's xpatience.c); the gaps between anchors
 *      recurse.  A gap still too large after WORDDIFF_MAX_DEPTH rounds, or
 *      with no anchor, becomes one replace block.
 *   3. Clean-up, on regions (alternating equal and changed runs, a changed
 *      run being its deleted tokens followed by its inserted tokens; they
 *      are built as steps 1 and 2 find matches, run by run):
 *      - slide: a run that only deletes (or only inserts) is slid along
 *        repeated tokens when that swallows a whole equal neighbour, as GNU
 *        diff compacts its hunks ("the cat and the dog" -> "the dog" reads
 *        "[the cat and] the dog", not "the [cat and the] dog");
 *      - islands: an equal run between two changes joins them when it is
 *        one or two weak tokens (a stop word, a short word, never a number)
 *        or one token between two changes of four tokens or more, where its
 *        match is most likely chance.  Merging repeats leftwards, as a
 *        merged change can make the island before it small in comparison.
 *
 * Invariants: the edits cover every token of both sides exactly once, in
 * order; no two adjacent edits are both equal; within a changed run the
 * delete comes before the insert; the result depends only on the inputs.
 *
 * Cost: O(n + m) for trimming and regions; O(n) words for a middle of up
 * to 64 right tokens, else O(n m) time and n m bytes for the table, bounded
 * by WORDDIFF_MAX_CELLS; patience rounds O((n + m) log(n + m))
 * each.  Memory is linear in the tokens plus the bounded table: one block
 * per pair sized for the worst case up front, the output, and a table on
 * the stack when it is a sentence's (allocation was a third of the cost).
 * The clean-ups take a quick path when they would change nothing (most
 * pairs); worddiff_reference() makes them take their full passes, which
 * the tests hold the quick paths to.
 */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "worddiff.h"

/* Largest LCS table (cells, one byte each): 2048 x 2048 tokens. */
#define WORDDIFF_MAX_CELLS ((size_t)1 << 22)
/* Patience rounds before a gap too large for the table is one replace block. */
#define WORDDIFF_MAX_DEPTH 12
/* Tables up to this size live on the stack (a long sentence's middle). */
#define DIFF_SMALL_ROW 255
#define DIFF_SMALL_CELLS 4096
/* The per-pair block on the stack: about 100 bytes a token, 160 tokens. */
#define WORDDIFF_STACK_BYTES 16384

/*
 * worddiff_reference(): every exact LCS by the byte table, and the
 * clean-ups' full passes that their quick paths must agree with.
 */
static int worddiff_reference_paths;

void
worddiff_reference(int on)
{
	worddiff_reference_paths = on;
}

struct match {
	size_t a, b;
};

struct region {
	int equal;
	size_t a0, a1, b0, b1;	/* [a0, a1) of left tokens, [b0, b1) of right */
};

struct worddiff {
	const struct token_table *table;	/* NULL: weak tokens judged by length */
	/*
	 * The joined tokens of each side: a one-unit side's own array (no
	 * copy: the usual 1:1 pair), else a copy in the block below.
	 */
	const struct token *tok[2];
	size_t count[2];
	/*
	 * Regions share one block sized for the worst case: they are nonempty
	 * and disjoint (region_cap = all tokens + 1), so nothing grows.
	 */
	struct region *region, *spare;	/* spare: slide_regions()' output */
	size_t region_count, region_cap;
	size_t done[2];		/* tokens of each side the regions cover so far */
};

/*
 * Append a region, merging it into the last one when both are of one kind
 * and contiguous, so regions stay alternating.  Empty regions vanish.
 */
static void
push_region(struct worddiff *wd, int equal, size_t a0, size_t a1, size_t b0, size_t b1)
{
	struct region *last = wd->region_count ? &wd->region[wd->region_count - 1] : NULL;

	if (a0 == a1 && b0 == b1)
		return;
	if (last && last->equal == equal && last->a1 == a0 && last->b1 == b0) {
		last->a1 = a1;
		last->b1 = b1;
		return;
	}
	assert(wd->region_count < wd->region_cap);
	wd->region[wd->region_count++] = (struct region){ equal, a0, a1, b0, b1 };
}

/*
 * Left tokens [a, a + len) match right tokens [b, b + len); runs come in
 * order on both sides.  The regions are built as they come: a changed run
 * where either side skipped tokens since the last run, an equal run for
 * each stretch of runs that follow each other on both sides (a match list
 * rebuilt into regions afterwards cost a tenth of the word diff).
 */
static void
add_run(struct worddiff *wd, size_t a, size_t b, size_t len)
{
	if (len == 0)
		return;
	if (a == wd->done[0] && b == wd->done[1] && wd->region_count > 0) {
		/* The last region is equal: a changed one is always followed by one. */
		struct region *last = &wd->region[wd->region_count - 1];

		last->a1 += len;
		last->b1 += len;
	} else {
		assert(wd->region_count + 2 <= wd->region_cap);
		if (a != wd->done[0] || b != wd->done[1])
			wd->region[wd->region_count++] =
				(struct region){ 0, wd->done[0], a, wd->done[1], b };
		wd->region[wd->region_count++] = (struct region){ 1, a, a + len, b, b + len };
	}
	wd->done[0] = a + len;
	wd->done[1] = b + len;
}

/* Exact LCS of a[alo..ahi) and b[blo..bhi); the caller bounds the table. */
static void
diff_table(struct worddiff *wd, size_t alo, size_t ahi, size_t blo, size_t bhi)
{
	enum { STEP_MATCH, STEP_A, STEP_B };
	const struct token *a = wd->tok[0] + alo, *b = wd->tok[1] + blo;
	size_t n = ahi - alo, m = bhi - blo, i, j;
	/*
	 * A sentence's middle fits on the stack; one block otherwise.  Per
	 * pair, the allocations cost more than the table itself.
	 */
	uint32_t small_rows[2 * (DIFF_SMALL_ROW + 1)];
	unsigned char small_step[DIFF_SMALL_CELLS];
	uint32_t *rows = m <= DIFF_SMALL_ROW ? small_rows :
		xreallocarray(NULL, 2 * (m + 1), sizeof(*rows));
	uint32_t *next = rows, *cur = rows + m + 1;
	unsigned char *step = n * m <= DIFF_SMALL_CELLS ? small_step : xmalloc(n * m);

	memset(next, 0, (m + 1) * sizeof(*next));
	for (i = n; i-- > 0;) {
		uint32_t *swap;

		cur[m] = 0;
		for (j = m; j-- > 0;) {
			if (a[i].id == b[j].id) {
				cur[j] = next[j + 1] + 1;
				step[i * m + j] = STEP_MATCH;
			} else if (next[j] >= cur[j + 1]) {
				cur[j] = next[j];
				step[i * m + j] = STEP_A;
			} else {
				cur[j] = cur[j + 1];
				step[i * m + j] = STEP_B;
			}
		}
		swap = next;
		next = cur;
		cur = swap;
	}
	i = j = 0;
	while (i < n && j < m) {
		switch (step[i * m + j]) {
		case STEP_MATCH:
			add_run(wd, alo + i, blo + j, 1);
			i++;
			j++;
			break;
		case STEP_A:
			i++;
			break;
		default:
			j++;
			break;
		}
	}
	if (step != small_step)
		free(step);
	if (rows != small_rows)
		free(rows);
}

/*
 * The same LCS and the same walk for a right range of at most 64 tokens,
 * a row of the table in one machine word (Allison and Dix's bit-parallel
 * LCS, in Crochemore et al.'s form (V + U) | (V - U), U = V & match mask).
 * Run on the reversed sequences, row r (r tokens of a taken from the end)
 * holds in its low m - j bits one zero per unit of L(n - r, j), the LCS
 * of a[n - r ..) and b[j ..).  The walk asks what the table's walk asks:
 * from (i, j) with a[i] != b[j], down when L(i + 1, j) >= L(i, j + 1).
 * L(i + 1, j) exceeds L(i + 1, j + 1) by one when the bit of column j in
 * row n - i - 1 is 0, and L(i, j + 1) exceeds it by one when row n - i has
 * more zeros than row n - i - 1 below column j (zeros_grow_below(), which
 * tells without counting them).  Cost O(n + m) words instead of n m
 * bytes; a sentence's middle is three times quicker.
 */
#define DIFF_BITS 64

/*
 * Whether row (V' = (V + U) | (V - U)) has more zeros than prev (V) in
 * its low k bits (k < 64), without counting them.  U is a subset of V, so
 * V - U only clears U's bits; V + U clears, in each run of ones of V that
 * holds a bit of U, the lowest such bit p and carries into the zero just
 * above the run.  Each such run turns one 1 into 0 at p and one 0 into 1
 * above it: the window gains a zero only from the run that holds bit k - 1
 * and has its p below k, whose carry lands outside.  Runs below it change
 * only bits below its start, so that is the case exactly when the highest
 * bit that differs in the window is a one of V.
 */
static int
zeros_grow_below(uint64_t row, uint64_t prev, size_t k)
{
	uint64_t differ = (row ^ prev) & (((uint64_t)1 << k) - 1);

	return differ != 0 && (prev >> (63 - __builtin_clzll(differ)) & 1);
}

static void
diff_bits(struct worddiff *wd, size_t alo, size_t ahi, size_t blo, size_t bhi)
{
	const struct token *a = wd->tok[0] + alo, *b = wd->tok[1] + blo;
	size_t n = ahi - alo, m = bhi - blo, i, j, r, slots = 4, h;
	/* masks by token id of the right range, open addressing, load <= 1/2 */
	uint32_t key[2 * DIFF_BITS];
	uint64_t mask[2 * DIFF_BITS], small_rows[DIFF_SMALL_ROW + 2];
	uint64_t *row = n + 1 <= ARRAY_SIZE(small_rows) ? small_rows :
		xreallocarray(NULL, n + 1, sizeof(*row));

	assert(m <= DIFF_BITS);
	while (slots < 2 * m)
		slots *= 2;
	memset(mask, 0, slots * sizeof(*mask));
	for (j = 0; j < m; j++) {
		uint32_t c = b[j].id;

		for (h = (c * 2654435761u) & (slots - 1); mask[h] != 0 && key[h] != c;
		     h = (h + 1) & (slots - 1))
			;
		key[h] = c;
		mask[h] |= (uint64_t)1 << (m - 1 - j);	/* reversed: b[j] is bit m-1-j */
	}
	row[0] = ~(uint64_t)0;
	for (r = 1; r <= n; r++) {
		uint32_t c = a[n - r].id;
		uint64_t v = row[r - 1], u = 0;

		for (h = (c * 2654435761u) & (slots - 1); mask[h] != 0; h = (h + 1) & (slots - 1))
			if (key[h] == c) {
				u = v & mask[h];
				break;
			}
		row[r] = (v + u) | (v - u);
	}
	i = j = 0;
	while (i < n && j < m) {
		if (a[i].id == b[j].id) {
			/* The walk goes diagonally as long as the tokens match. */
			size_t k = 1;

			while (i + k < n && j + k < m && a[i + k].id == b[j + k].id)
				k++;
			add_run(wd, alo + i, blo + j, k);
			i += k;
			j += k;
		} else if (!(row[n - i - 1] >> (m - 1 - j) & 1) ||
			   !zeros_grow_below(row[n - i], row[n - i - 1], m - 1 - j)) {
			i++;	/* L(i + 1, j) >= L(i, j + 1) */
		} else {
			j++;
		}
	}
	if (row != small_rows)
		free(row);
}

struct occurrence {
	uint32_t id;
	int side;
	size_t pos;
};

static int
occurrence_compare(const void *x, const void *y)
{
	const struct occurrence *p = x, *q = y;

	if (p->id != q->id)
		return p->id < q->id ? -1 : 1;
	if (p->side != q->side)
		return p->side - q->side;
	return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static void diff_range(struct worddiff *wd, size_t alo, size_t ahi, size_t blo, size_t bhi,
		       int depth);

/*
 * Patience: anchors on tokens unique in both ranges, the longest run of them
 * in the same order on both sides, recursion between them.  Returns 0 when
 * there was no anchor (the caller leaves the gap unmatched).
 */
static int
diff_patience(struct worddiff *wd, size_t alo, size_t ahi, size_t blo, size_t bhi, int depth)
{
	size_t n = ahi - alo, m = bhi - blo, total = n + m, i, k, anchor_count = 0;
	struct occurrence *occ = xmalloc(total * sizeof(*occ));
	struct match *anchor;
	size_t *tail, *prev, tail_count = 0, prev_a = alo, prev_b = blo;

	for (i = 0; i < n; i++)
		occ[i] = (struct occurrence){ wd->tok[0][alo + i].id, 0, alo + i };
	for (i = 0; i < m; i++)
		occ[n + i] = (struct occurrence){ wd->tok[1][blo + i].id, 1, blo + i };
	qsort(occ, total, sizeof(*occ), occurrence_compare);

	/* Anchors in left order: ids seen once on each side (sorted: a then b). */
	anchor = xmalloc((total / 2 + 1) * sizeof(*anchor));
	for (i = 0; i < total; i = k) {
		for (k = i + 1; k < total && occ[k].id == occ[i].id; k++)
			;
		if (k - i == 2 && occ[i].side == 0 && occ[i + 1].side == 1)
			anchor[anchor_count++] = (struct match){ occ[i].pos, occ[i + 1].pos };
	}
	free(occ);
	if (anchor_count == 0) {
		free(anchor);
		return 0;
	}
	/* Sort the anchors by their left position (ids sorted them by id). */
	{
		size_t *by_a = xcalloc(n, sizeof(*by_a));
		struct match *ordered = xmalloc(anchor_count * sizeof(*ordered));
		size_t count = 0;

		for (i = 0; i < anchor_count; i++)
			by_a[anchor[i].a - alo] = anchor[i].b - blo + 1;
		for (i = 0; i < n; i++)
			if (by_a[i])
				ordered[count++] = (struct match){ alo + i, blo + by_a[i] - 1 };
		free(by_a);
		free(anchor);
		anchor = ordered;
	}

	/* Longest increasing subsequence of the right positions (patience sort). */
	tail = xmalloc(anchor_count * sizeof(*tail));
	prev = xmalloc(anchor_count * sizeof(*prev));
	for (i = 0; i < anchor_count; i++) {
		size_t lo = 0, hi = tail_count;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (anchor[tail[mid]].b < anchor[i].b)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == tail_count)
			tail_count++;
	}
	/* Walk the chain back into tail[] in increasing order, then recurse. */
	k = tail[tail_count - 1];
	for (i = tail_count; i-- > 0;) {
		tail[i] = k;
		k = prev[k];
	}
	for (i = 0; i < tail_count; i++) {
		const struct match *an = &anchor[tail[i]];

		diff_range(wd, prev_a, an->a, prev_b, an->b, depth + 1);
		add_run(wd, an->a, an->b, 1);
		prev_a = an->a + 1;
		prev_b = an->b + 1;
	}
	diff_range(wd, prev_a, ahi, prev_b, bhi, depth + 1);
	free(tail);
	free(prev);
	free(anchor);
	return 1;
}

static void
diff_range(struct worddiff *wd, size_t alo, size_t ahi, size_t blo, size_t bhi, int depth)
{
	const struct token *a = wd->tok[0], *b = wd->tok[1];
	size_t prefix = 0, suffix = 0, n, m;

	while (alo + prefix < ahi && blo + prefix < bhi && a[alo + prefix].id == b[blo + prefix].id)
		prefix++;
	add_run(wd, alo, blo, prefix);
	alo += prefix;
	blo += prefix;
	while (alo < ahi - suffix && blo < bhi - suffix &&
	       a[ahi - 1 - suffix].id == b[bhi - 1 - suffix].id)
		suffix++;
	ahi -= suffix;
	bhi -= suffix;
	n = ahi - alo;
	m = bhi - blo;
	if (n > 0 && m > 0) {
		if (m <= DIFF_BITS && !worddiff_reference_paths)
			diff_bits(wd, alo, ahi, blo, bhi);
		else if (n <= WORDDIFF_MAX_CELLS / m)
			diff_table(wd, alo, ahi, blo, bhi);
		else if (depth < WORDDIFF_MAX_DEPTH)
			diff_patience(wd, alo, ahi, blo, bhi, depth);
		/* else: one replace block, nothing matched */
	}
	add_run(wd, ahi, bhi, suffix);
}

/* The changed run after the last equal one, if any: the regions are complete. */
static void
finish_regions(struct worddiff *wd)
{
	if (wd->done[0] != wd->count[0] || wd->done[1] != wd->count[1]) {
		assert(wd->region_count < wd->region_cap);
		wd->region[wd->region_count++] = (struct region){ 0, wd->done[0], wd->count[0],
								  wd->done[1], wd->count[1] };
	}
}

/* Tokens [first, first + count) of side s equal tokens [other, other + count)? */
static int
same_tokens(const struct worddiff *wd, int s, size_t first, size_t other, size_t count)
{
	const struct token *tok = wd->tok[s];
	size_t i;

	for (i = 0; i < count; i++)
		if (tok[first + i].id != tok[other + i].id)
			return 0;
	return 1;
}

/*
 * Whether slide_regions() would change anything: the first pure deletion
 * or insertion that it would slide, up or down, is found by the same
 * tests on the regions as they are (up to there its output is its input).
 * Few pairs have one, and the others are spared the rebuilding.
 */
static int
slide_needed(const struct worddiff *wd)
{
	const struct region *in = wd->region;
	size_t count = wd->region_count, i, k;

	for (i = 0; i < count; i++) {
		const struct region *r = &in[i];
		int s = r->a0 == r->a1 ? 1 : 0;
		size_t r0 = s ? r->b0 : r->a0, r1 = s ? r->b1 : r->a1;

		if (r->equal || (r->a0 != r->a1 && r->b0 != r->b1))
			continue;
		if (i > 0 && in[i - 1].equal) {
			k = in[i - 1].a1 - in[i - 1].a0;
			if (same_tokens(wd, s, r0 - k, r1 - k, k))
				return 1;
		}
		if (i + 1 < count && in[i + 1].equal) {
			k = in[i + 1].a1 - in[i + 1].a0;
			if (r1 + k <= wd->count[s] && same_tokens(wd, s, r0, r1, k))
				return 1;
		}
	}
	return 0;
}

/*
 * Slide pure deletions and insertions along repeated tokens when that
 * swallows a whole equal neighbour (see the top).  Rebuilds the region list.
 */
static void
slide_regions(struct worddiff *wd)
{
	struct region *in = wd->region;
	size_t count = wd->region_count, i;

	if (!worddiff_reference_paths && !slide_needed(wd))
		return;
	wd->region = wd->spare;
	wd->spare = in;
	wd->region_count = 0;
	for (i = 0; i < count; i++) {
		struct region r = in[i];
		int s = r.a0 == r.a1 ? 1 : 0;	/* the side that has tokens */
		size_t r0 = s ? r.b0 : r.a0, r1 = s ? r.b1 : r.a1;
		struct region *last = wd->region_count ? &wd->region[wd->region_count - 1] : NULL;
		size_t k;

		if (r.equal || (r.a0 != r.a1 && r.b0 != r.b1)) {
			push_region(wd, r.equal, r.a0, r.a1, r.b0, r.b1);
			continue;
		}
		/* Up: the equal run before is the tail of this run, shifted. */
		if (last && last->equal) {
			k = last->a1 - last->a0;
			if (same_tokens(wd, s, r0 - k, r1 - k, k)) {
				struct region eq = *last;

				wd->region_count--;
				if (s)
					push_region(wd, 0, eq.a0, eq.a0, r.b0 - k, r.b1 - k);
				else
					push_region(wd, 0, r.a0 - k, r.a1 - k, eq.b0, eq.b0);
				/* The swallowed equal tokens now match at this run's end. */
				push_region(wd, 1, s ? eq.a0 : r.a1 - k, s ? eq.a1 : r.a1,
					    s ? r.b1 - k : eq.b0, s ? r.b1 : eq.b1);
				continue;
			}
		}
		/* Down: the equal run after is the head of this run, shifted. */
		if (i + 1 < count && in[i + 1].equal) {
			const struct region *next = &in[i + 1];

			k = next->a1 - next->a0;
			if (r1 + k <= wd->count[s] && same_tokens(wd, s, r0, r1, k)) {
				if (s) {
					push_region(wd, 1, next->a0, next->a1, r.b0, r.b0 + k);
					push_region(wd, 0, next->a1, next->a1, r.b0 + k, r.b1 + k);
				} else {
					push_region(wd, 1, r.a0, r.a0 + k, next->b0, next->b1);
					push_region(wd, 0, r.a0 + k, r.a1 + k, next->b1, next->b1);
				}
				i++;	/* the equal run after is consumed */
				continue;
			}
		}
		push_region(wd, r.equal, r.a0, r.a1, r.b0, r.b1);
	}
}

/* Words that carry little on their own: joined into a change around them. */
static const char *const weak_words[] = {
	"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "into",
	"and", "or", "but", "as", "is", "are", "was", "were", "be", "been", "it", "its",
	"this", "that", "which", "who", "he", "she", "they", "his", "her", "their", "has",
	"have", "had", "also", "than", "then",
};

/* Never weak however short: negations turn a sentence around. */
static const char *const strong_words[] = { "no", "not", "nor", "never", "none" };

static int
token_is_weak(const struct worddiff *wd, const struct token *tok)
{
	const char *text;
	size_t i;

	if (wd->table == NULL)
		return tok->length <= 3;
	text = tokens_table_text(wd->table, tok->id);
	if (strpbrk(text, "0123456789") != NULL)
		return 0;	/* numbers are what fact-checkers look for */
	for (i = 0; i < ARRAY_SIZE(strong_words); i++)
		if (strcmp(text, strong_words[i]) == 0)
			return 0;
	if (strlen(text) <= 3)
		return 1;
	for (i = 0; i < ARRAY_SIZE(weak_words); i++)
		if (strcmp(text, weak_words[i]) == 0)
			return 1;
	return 0;
}

static size_t
change_size(const struct region *r)
{
	size_t a = r->a1 - r->a0, b = r->b1 - r->b0;

	return a > b ? a : b;
}

/* Should the equal run eq, between changes before and after, join them? */
static int
island_joins(const struct worddiff *wd, const struct region *before, const struct region *eq,
	     const struct region *after)
{
	size_t len = eq->a1 - eq->a0, i;
	int weak = 1;

	if (len > 2)
		return 0;	/* neither case below */
	for (i = 0; i < len; i++)
		weak &= token_is_weak(wd, &wd->tok[0][eq->a0 + i]);
	if (len <= 2 && weak)
		return 1;
	if (len == 1 && change_size(before) >= 4 && change_size(after) >= 4) {
		const char *text = wd->table ? tokens_table_text(wd->table, wd->tok[0][eq->a0].id) : "";

		return strpbrk(text, "0123456789") == NULL;
	}
	return 0;
}

/*
 * Join islands, in place: the output never runs ahead of the input.  Until
 * the first join the output is the input, so nothing is copied; after it,
 * each region is pushed down to its place (regions alternate, so a push
 * never merges: push_region() keeps that exact all the same).
 */
static void
merge_islands(struct worddiff *wd)
{
	struct region *in = wd->region;
	size_t count = wd->region_count, i;

	if (worddiff_reference_paths) {
		wd->region = wd->spare;
		wd->spare = in;
	}
	wd->region_count = 0;
	for (i = 0; i < count; i++) {
		if (wd->region_count == i && !worddiff_reference_paths)
			wd->region_count++;	/* already in place */
		else
			push_region(wd, in[i].equal, in[i].a0, in[i].a1, in[i].b0, in[i].b1);
		while (wd->region_count >= 3) {
			struct region *r = wd->region + wd->region_count - 3;

			if (r[2].equal || !island_joins(wd, &r[0], &r[1], &r[2]))
				break;
			r[0].a1 = r[2].a1;
			r[0].b1 = r[2].b1;
			wd->region_count -= 2;
		}
	}
}

/*
 * Byte span of tokens [first, first + count) of side s; count 0 gives an
 * empty span where they would be.
 */
static inline struct word_span
token_span(const struct worddiff *wd, int s, size_t first, size_t count)
{
	const struct token *tok = wd->tok[s];
	struct word_span span = { 0, 0 };

	if (count > 0) {
		span.offset = tok[first].offset;
		span.length = tok[first + count - 1].offset + tok[first + count - 1].length -
			span.offset;
	} else if (first < wd->count[s]) {
		span.offset = tok[first].offset;
	} else if (first > 0) {
		span.offset = tok[first - 1].offset + tok[first - 1].length;
	}
	return span;
}

static inline void
emit_edit(const struct worddiff *wd, struct word_edit *e, enum word_op op, size_t a0,
	  size_t a1, size_t b0, size_t b1)
{
	e->op = op;
	e->span[0] = token_span(wd, 0, a0, a1 - a0);
	e->span[1] = token_span(wd, 1, b0, b1 - b0);
	e->token_first[0] = a0;
	e->token_first[1] = b0;
	e->token_count[0] = a1 - a0;
	e->token_count[1] = b1 - b0;
}

static void
emit_edits(const struct worddiff *wd, struct word_list *out)
{
	struct word_edit *e;
	size_t i, count = 0;

	/*
	 * Counted first: the array is allocated once, to size (these arrays
	 * are kept to the exit, a few MB of them at 30k sentences), and not
	 * zeroed.
	 */
	for (i = 0; i < wd->region_count; i++) {
		const struct region *r = &wd->region[i];

		count += r->equal ? 1 : (r->a0 != r->a1) + (r->b0 != r->b1);
	}
	out->count = count;
	out->edit = e = count ? xreallocarray(NULL, count, sizeof(*out->edit)) : NULL;
	for (i = 0; i < wd->region_count; i++) {
		const struct region *r = &wd->region[i];

		if (r->equal) {
			emit_edit(wd, e++, WORD_EQUAL, r->a0, r->a1, r->b0, r->b1);
			continue;
		}
		/* A change: the delete (left tokens only), then the insert. */
		if (r->a0 != r->a1)
			emit_edit(wd, e++, WORD_DELETE, r->a0, r->a1, r->b0, r->b0);
		if (r->b0 != r->b1)
			emit_edit(wd, e++, WORD_INSERT, r->a1, r->a1, r->b0, r->b1);
	}
	assert(e == out->edit + count);
}

void
worddiff_run_table(const struct token_table *table, const struct token_list *left,
		   size_t left_count, const struct token_list *right, size_t right_count,
		   struct word_list *out)
{
	const struct token_list *list[2] = { left, right };
	size_t list_count[2] = { left_count, right_count };
	struct worddiff wd;
	int s;

	/* A pair of sentences' block fits on the stack; malloc() of a few
	 * KB took its slow path and cost as much as the diff. */
	union {
		max_align_t align;
		unsigned char bytes[WORDDIFF_STACK_BYTES];
	} stack;
	size_t copied = 0, size;
	void *block;

	memset(&wd, 0, sizeof(wd));
	wd.table = table;
	for (s = 0; s < 2; s++) {
		size_t u;

		for (u = 0; u < list_count[s]; u++)
			wd.count[s] += list[s][u].count;
		if (list_count[s] > 1)
			copied += wd.count[s];
	}
	wd.region_cap = wd.count[0] + wd.count[1] + 1;
	/* One block: regions, then the copies of sides of two units or more. */
	size = 2 * wd.region_cap * sizeof(*wd.region) + copied * sizeof(struct token);
	block = size <= sizeof(stack.bytes) ? stack.bytes : xmalloc(size);
	wd.region = block;
	wd.spare = wd.region + wd.region_cap;
	copied = 0;
	for (s = 0; s < 2; s++) {
		struct token *tok = (struct token *)(void *)(wd.spare + wd.region_cap) + copied;
		size_t u, n = 0;

		if (list_count[s] <= 1) {
			wd.tok[s] = list_count[s] ? list[s][0].token : NULL;
			continue;
		}
		for (u = 0; u < list_count[s]; u++) {
			if (list[s][u].count > 0)
				memcpy(tok + n, list[s][u].token, list[s][u].count * sizeof(*tok));
			n += list[s][u].count;
		}
		wd.tok[s] = tok;
		copied += n;
	}
	diff_range(&wd, 0, wd.count[0], 0, wd.count[1], 0);
	finish_regions(&wd);
	slide_regions(&wd);
	merge_islands(&wd);
	emit_edits(&wd, out);
	if (block != stack.bytes)
		free(block);
}

void
worddiff_run(const struct token_list *left, size_t left_count,
	     const struct token_list *right, size_t right_count, struct word_list *out)
{
	worddiff_run_table(NULL, left, left_count, right, right_count, out);
}

void
worddiff_free(struct word_list *list)
{
	if (list == NULL)
		return;
	free(list->edit);
	list->edit = NULL;
	list->count = 0;
}
