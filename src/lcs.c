/*
 * lcs: longest common subsequence of two integer sequences.
 *
 * Idea: Myers' O(ND) greedy algorithm, run from both ends at once to find
 * a "middle snake" and recursing on the two halves, which keeps memory
 * linear (E. Myers, "An O(ND) Difference Algorithm and Its Variations",
 * Algorithmica 1, 1986, section 4b; the loop follows git's xdiff/xdiffi.c
 * xdl_split() without its cost-cutting heuristics, so the result is a true
 * LCS).
 *
 * Two reductions come first, both as in GNU diff and xdiff:
 *   - the common prefix and suffix are matched without any search;
 *   - elements that do not occur at all in the other sequence are dropped:
 *     they can be in no common subsequence.  For sentence hashes of two
 *     versions of an article this is what makes the search cheap: edited
 *     sentences have hashes of their own, so D counts only the reordered
 *     sentences, not the edited ones.
 *
 * Invariants: emit() sees pairs (a_index, b_index) with a[a_index] ==
 * b[b_index], strictly increasing in both indices; their number is the
 * length of an LCS whenever no split needs more than LCS_MAX_COST_MIN
 * rounds (or the square root of the diagonals); past that, as in git, a
 * long common subsequence rather than the longest.
 *
 * Cost: O(N + M) for the reductions (a hash set), then O((N' + M') D') time
 * where N', M' are the kept lengths and D' their edit distance, D' capped
 * per split as above; O(N + M) memory.  The recursion depth is at most D'.
 */
#include "config.h"

#include <stdlib.h>

#include "lcs.h"
#include "util.h"

/*
 * Past this many rounds of one split (or the square root of the box's
 * diagonals, if larger) the search gives up minimality, as xdiff does: two
 * sequences that differ that much (a shuffled article) have no LCS worth
 * its quadratic price, and any long common subsequence serves the anchors.
 */
#define LCS_MAX_COST_MIN 256

struct lcs_search {
	const uint64_t *a, *b;		/* kept elements */
	const size_t *a_index, *b_index;	/* their indices in the caller's arrays */
	ptrdiff_t *forward, *backward;	/* furthest x per diagonal, offset by ndiag */
	ptrdiff_t max_cost;
	lcs_emit_fn emit;
	void *data;
	size_t length;
};

static void
lcs_pair(struct lcs_search *search, ptrdiff_t x, ptrdiff_t y)
{
	search->emit(search->a_index[x], search->b_index[y], search->data);
	search->length++;
}

/*
 * The search ran too long: split where the forward or the backward paths
 * got furthest (xdiff's xdl_split() heuristic).  Each has moved at least
 * max_cost steps from its corner, so both halves are smaller than the box.
 */
static void
lcs_split_far(const struct lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi,
	      ptrdiff_t b_lo, ptrdiff_t b_hi, ptrdiff_t fmin, ptrdiff_t fmax, ptrdiff_t bmin,
	      ptrdiff_t bmax, ptrdiff_t *split_x, ptrdiff_t *split_y)
{
	ptrdiff_t d, x, y, fbest = -1, fbest_x = 0, bbest = PTRDIFF_MAX, bbest_x = 0;

	for (d = fmax; d >= fmin; d -= 2) {
		x = search->forward[d] < a_hi ? search->forward[d] : a_hi;
		y = x - d;
		if (y > b_hi) {
			x = b_hi + d;
			y = b_hi;
		}
		if (x + y > fbest) {
			fbest = x + y;
			fbest_x = x;
		}
	}
	for (d = bmax; d >= bmin; d -= 2) {
		x = search->backward[d] > a_lo ? search->backward[d] : a_lo;
		y = x - d;
		if (y < b_lo) {
			x = b_lo + d;
			y = b_lo;
		}
		if (x + y < bbest) {
			bbest = x + y;
			bbest_x = x;
		}
	}
	if ((a_hi + b_hi) - bbest < fbest - (a_lo + b_lo)) {
		*split_x = fbest_x;
		*split_y = fbest - fbest_x;
	} else {
		*split_x = bbest_x;
		*split_y = bbest - bbest_x;
	}
}

/* One forward step on diagonal d: the furthest x it reaches, stored. */
static inline ptrdiff_t
lcs_forward(ptrdiff_t *fwd, ptrdiff_t d, const uint64_t *a, const uint64_t *b, ptrdiff_t a_hi,
	    ptrdiff_t b_hi)
{
	ptrdiff_t x = fwd[d - 1] >= fwd[d + 1] ? fwd[d - 1] + 1 : fwd[d + 1], y = x - d;

	while (x < a_hi && y < b_hi && a[x] == b[y]) {
		x++;
		y++;
	}
	return fwd[d] = x;
}

/* One backward step on diagonal d: the least x it reaches, stored. */
static inline ptrdiff_t
lcs_backward(ptrdiff_t *bwd, ptrdiff_t d, const uint64_t *a, const uint64_t *b, ptrdiff_t a_lo,
	     ptrdiff_t b_lo)
{
	ptrdiff_t x = bwd[d - 1] < bwd[d + 1] ? bwd[d - 1] : bwd[d + 1] - 1, y = x - d;

	while (x > a_lo && y > b_lo && a[x - 1] == b[y - 1]) {
		x--;
		y--;
	}
	return bwd[d] = x;
}

/*
 * Find a point (x, y) on an optimal path through the box [a_lo, a_hi) x
 * [b_lo, b_hi), which must be non-empty on both sides and must not start or
 * end with a match (the caller trims those).  Diagonal d is x - y.
 */
static void
lcs_split(struct lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi, ptrdiff_t b_lo,
	  ptrdiff_t b_hi, ptrdiff_t *split_x, ptrdiff_t *split_y)
{
	const uint64_t *a = search->a, *b = search->b;
	ptrdiff_t *fwd = search->forward, *bwd = search->backward;
	ptrdiff_t dmin = a_lo - b_hi, dmax = a_hi - b_lo;
	ptrdiff_t fmid = a_lo - b_lo, bmid = a_hi - b_hi;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	int odd = (fmid - bmid) & 1;
	ptrdiff_t d, x, cost, lo, hi;

	fwd[fmid] = a_lo;
	bwd[bmid] = a_hi;
	for (cost = 1;; cost++) {
		if (fmin > dmin)
			fwd[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			fwd[++fmax + 1] = -1;
		else
			--fmax;
		/* Only the diagonals the backward paths reached can overlap:
		   the others run without the test, in the same order. */
		if (odd) {
			lo = fmin > bmin ? fmin : bmin;
			hi = fmax < bmax ? fmax : bmax;
		} else {
			lo = fmin;
			hi = fmin - 1;
		}
		for (d = fmax; d > hi && d >= fmin; d -= 2)
			lcs_forward(fwd, d, a, b, a_hi, b_hi);
		for (; d >= lo; d -= 2) {
			x = lcs_forward(fwd, d, a, b, a_hi, b_hi);
			if (bwd[d] <= x) {
				*split_x = x;
				*split_y = x - d;
				return;
			}
		}
		for (; d >= fmin; d -= 2)
			lcs_forward(fwd, d, a, b, a_hi, b_hi);

		if (bmin > dmin)
			bwd[--bmin - 1] = PTRDIFF_MAX;
		else
			++bmin;
		if (bmax < dmax)
			bwd[++bmax + 1] = PTRDIFF_MAX;
		else
			--bmax;
		if (!odd) {
			lo = fmin > bmin ? fmin : bmin;
			hi = fmax < bmax ? fmax : bmax;
		} else {
			lo = bmin;
			hi = bmin - 1;
		}
		for (d = bmax; d > hi && d >= bmin; d -= 2)
			lcs_backward(bwd, d, a, b, a_lo, b_lo);
		for (; d >= lo; d -= 2) {
			x = lcs_backward(bwd, d, a, b, a_lo, b_lo);
			if (x <= fwd[d]) {
				*split_x = x;
				*split_y = x - d;
				return;
			}
		}
		for (; d >= bmin; d -= 2)
			lcs_backward(bwd, d, a, b, a_lo, b_lo);
		if (cost >= search->max_cost) {
			lcs_split_far(search, a_lo, a_hi, b_lo, b_hi, fmin, fmax, bmin, bmax,
				      split_x, split_y);
			return;
		}
	}
}

static void
lcs_compare(struct lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi, ptrdiff_t b_lo,
	    ptrdiff_t b_hi)
{
	ptrdiff_t suffix = 0, x, y, k;

	while (a_lo < a_hi && b_lo < b_hi && search->a[a_lo] == search->b[b_lo]) {
		lcs_pair(search, a_lo, b_lo);
		a_lo++;
		b_lo++;
	}
	while (a_lo < a_hi && b_lo < b_hi && search->a[a_hi - 1] == search->b[b_hi - 1]) {
		a_hi--;
		b_hi--;
		suffix++;
	}
	if (a_lo < a_hi && b_lo < b_hi) {
		lcs_split(search, a_lo, a_hi, b_lo, b_hi, &x, &y);
		lcs_compare(search, a_lo, x, b_lo, y);
		lcs_compare(search, x, a_hi, y, b_hi);
	}
	for (k = 0; k < suffix; k++)
		lcs_pair(search, a_hi + k, b_hi + k);
}

/* An open-addressing set of values, with a bit per sequence that holds them. */
struct lcs_set {
	uint64_t *value;
	unsigned char *seen;	/* 0 empty slot, else bit 1 a, bit 2 b */
	size_t mask;
};

static size_t
lcs_slot(const struct lcs_set *set, uint64_t value)
{
	/* Fibonacci hashing: the values may be small integers or real hashes. */
	size_t slot = (size_t)((value * 0x9e3779b97f4a7c15ull) >> 17) & set->mask;

	while (set->seen[slot] && set->value[slot] != value)
		slot = (slot + 1) & set->mask;
	return slot;
}

static void
lcs_mark(struct lcs_set *set, const uint64_t *seq, size_t lo, size_t hi, unsigned char bit)
{
	size_t i, slot;

	for (i = lo; i < hi; i++) {
		slot = lcs_slot(set, seq[i]);
		set->value[slot] = seq[i];
		set->seen[slot] |= bit;
	}
}

/* Keep the elements of seq[lo, hi) that both sequences hold. */
static size_t
lcs_keep(const struct lcs_set *set, const uint64_t *seq, size_t lo, size_t hi,
	 uint64_t *kept, size_t *index)
{
	size_t i, count = 0;

	for (i = lo; i < hi; i++)
		if (set->seen[lcs_slot(set, seq[i])] == 3) {
			kept[count] = seq[i];
			index[count++] = i;
		}
	return count;
}

size_t
lcs_run(const uint64_t *a, size_t a_count, const uint64_t *b, size_t b_count,
	lcs_emit_fn emit, void *data)
{
	struct lcs_search search = { 0 };
	struct lcs_set set;
	size_t prefix = 0, suffix = 0, size, i, a_kept, b_kept, ndiag;
	uint64_t *a_keep, *b_keep;
	size_t *a_index, *b_index;
	ptrdiff_t *diag;

	search.emit = emit;
	search.data = data;
	while (prefix < a_count && prefix < b_count && a[prefix] == b[prefix]) {
		emit(prefix, prefix, data);
		prefix++;
	}
	while (suffix < a_count - prefix && suffix < b_count - prefix &&
	       a[a_count - 1 - suffix] == b[b_count - 1 - suffix])
		suffix++;

	if (prefix + suffix < a_count && prefix + suffix < b_count) {
		size_t a_hi = a_count - suffix, b_hi = b_count - suffix;

		for (size = 16; size < 2 * (a_hi - prefix + b_hi - prefix); size *= 2)
			;
		set.value = xmalloc(size * sizeof(*set.value));
		set.seen = xcalloc(size, 1);
		set.mask = size - 1;
		lcs_mark(&set, a, prefix, a_hi, 1);
		lcs_mark(&set, b, prefix, b_hi, 2);
		a_keep = xmalloc((a_hi - prefix) * sizeof(*a_keep));
		b_keep = xmalloc((b_hi - prefix) * sizeof(*b_keep));
		a_index = xmalloc((a_hi - prefix) * sizeof(*a_index));
		b_index = xmalloc((b_hi - prefix) * sizeof(*b_index));
		a_kept = lcs_keep(&set, a, prefix, a_hi, a_keep, a_index);
		b_kept = lcs_keep(&set, b, prefix, b_hi, b_keep, b_index);
		free(set.value);
		free(set.seen);

		/* Diagonals run from -b_kept - 1 to a_kept + 1. */
		ndiag = a_kept + b_kept + 3;
		diag = xmalloc(2 * ndiag * sizeof(*diag));
		for (search.max_cost = 1; search.max_cost * search.max_cost < (ptrdiff_t)ndiag;
		     search.max_cost *= 2)
			;
		if (search.max_cost < LCS_MAX_COST_MIN)
			search.max_cost = LCS_MAX_COST_MIN;
		search.a = a_keep;
		search.b = b_keep;
		search.a_index = a_index;
		search.b_index = b_index;
		search.forward = diag + b_kept + 1;
		search.backward = diag + ndiag + b_kept + 1;
		lcs_compare(&search, 0, (ptrdiff_t)a_kept, 0, (ptrdiff_t)b_kept);
		free(diag);
		free(a_keep);
		free(b_keep);
		free(a_index);
		free(b_index);
	}
	for (i = 0; i < suffix; i++)
		emit(a_count - suffix + i, b_count - suffix + i, data);
	return prefix + search.length + suffix;
}
