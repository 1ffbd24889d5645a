/*
 * test-lcs: lcs_run() against a brute-force dynamic programme on many
 * random sequences, and on the shapes that stress the reductions (common
 * prefix and suffix, elements present on one side only, empty sides).
 */
#include "config.h"

#include <stdlib.h>

#include "fixtures.h"
#include "lcs.h"

struct pairs {
	size_t a[6000], b[6000];
	size_t count;
};

static void
collect(size_t a_index, size_t b_index, void *data)
{
	struct pairs *pairs = data;

	assert_true(pairs->count < 6000);
	pairs->a[pairs->count] = a_index;
	pairs->b[pairs->count] = b_index;
	pairs->count++;
}

/* The textbook O(NM) table: the length every LCS must have. */
static size_t
brute_lcs(const uint64_t *a, size_t n, const uint64_t *b, size_t m)
{
	size_t *row = calloc((n + 1) * (m + 1), sizeof(*row));
	size_t i, j, result;

	assert_non_null(row);
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			size_t up = row[(i - 1) * (m + 1) + j], left = row[i * (m + 1) + j - 1];

			if (a[i - 1] == b[j - 1])
				row[i * (m + 1) + j] = row[(i - 1) * (m + 1) + j - 1] + 1;
			else
				row[i * (m + 1) + j] = up > left ? up : left;
		}
	result = row[n * (m + 1) + m];
	free(row);
	return result;
}

/* lcs_run's pairs form a common subsequence as long as the brute force's. */
static void
check_lcs(const uint64_t *a, size_t n, const uint64_t *b, size_t m)
{
	struct pairs pairs = { .count = 0 };
	size_t length = lcs_run(a, n, b, m, collect, &pairs), k;

	assert_int_equal(length, pairs.count);
	assert_int_equal(length, brute_lcs(a, n, b, m));
	for (k = 0; k < pairs.count; k++) {
		assert_true(pairs.a[k] < n);
		assert_true(pairs.b[k] < m);
		assert_true(a[pairs.a[k]] == b[pairs.b[k]]);
		if (k > 0) {
			assert_true(pairs.a[k] > pairs.a[k - 1]);
			assert_true(pairs.b[k] > pairs.b[k - 1]);
		}
	}
}

static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void
lcs_matches_brute_force_on_random_sequences(void **state)
{
	uint64_t a[200], b[200], seed = 88172645463325252ull;
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = next_random(&seed) % 60, m = next_random(&seed) % 60, i;
		/* Small alphabets give many crossing matches, large ones few. */
		uint64_t alphabet = 1 + next_random(&seed) % (round % 3 == 0 ? 3 : 40);

		for (i = 0; i < n; i++)
			a[i] = next_random(&seed) % alphabet;
		for (i = 0; i < m; i++)
			b[i] = next_random(&seed) % alphabet;
		check_lcs(a, n, b, m);
	}
}

static void
lcs_matches_brute_force_on_edited_copies(void **state)
{
	uint64_t a[200], b[200], seed = 0x2545f4914f6cdd1dull;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t n = 1 + next_random(&seed) % 150, m = 0, i;

		/* b is a with a few elements dropped, replaced, inserted, as an edit is. */
		for (i = 0; i < n; i++)
			a[i] = next_random(&seed) % 1000;
		for (i = 0; i < n && m < 200; i++) {
			uint64_t dice = next_random(&seed) % 20;

			if (dice == 0)
				continue;
			if (dice == 1)
				b[m++] = 1000 + next_random(&seed) % 50;
			else if (dice == 2 && m + 1 < 200) {
				b[m++] = next_random(&seed) % 1000;
				b[m++] = a[i];
			} else
				b[m++] = a[i];
		}
		check_lcs(a, n, b, m);
	}
}

static void
lcs_handles_empty_and_identical_sides(void **state)
{
	const uint64_t a[] = { 5, 6, 7, 5 };
	const uint64_t dup[] = { 1, 1, 1, 1, 1 };

	(void)state;
	check_lcs(a, 0, a, 0);
	check_lcs(a, 4, a, 0);
	check_lcs(a, 0, a, 4);
	check_lcs(a, 4, a, 4);
	check_lcs(dup, 5, dup, 2);
	check_lcs(dup, 2, dup, 5);
	check_lcs(a, 4, dup, 5);
}

static void
lcs_pairs_only_what_is_common_when_sides_are_disjoint(void **state)
{
	const uint64_t a[] = { 1, 2, 3 }, b[] = { 4, 5, 6, 7 };
	struct pairs pairs = { .count = 0 };

	(void)state;
	assert_int_equal(lcs_run(a, 3, b, 4, collect, &pairs), 0);
	assert_int_equal(pairs.count, 0);
}

static void
lcs_keeps_the_longer_run_when_a_block_moves(void **state)
{
	/* The block 1 2 3 moved behind 4 5 6 7: the longer 4 5 6 7 must stay. */
	const uint64_t a[] = { 1, 2, 3, 4, 5, 6, 7 }, b[] = { 4, 5, 6, 7, 1, 2, 3 };
	struct pairs pairs = { .count = 0 };

	(void)state;
	assert_int_equal(lcs_run(a, 7, b, 7, collect, &pairs), 4);
	assert_int_equal(pairs.a[0], 3);
	assert_int_equal(pairs.b[0], 0);
	assert_int_equal(pairs.a[3], 6);
	assert_int_equal(pairs.b[3], 3);
}

/* Shuffle v[0..6000) (Fisher-Yates), leaving v[2000..3500) where it is. */
static void
shuffle_outside_middle(uint64_t *v, uint64_t *seed)
{
	size_t i;

	for (i = 5999; i > 0; i--) {
		size_t j = next_random(seed) % (i + 1);
		uint64_t t;

		if ((i >= 2000 && i < 3500) || (j >= 2000 && j < 3500))
			continue;
		t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/*
 * Two shuffles of the same 6000 elements sharing one run of 1500 in order:
 * the search passes its cost limit and goes heuristic, and must still emit
 * a valid common subsequence that keeps the shared run.
 */
static void
lcs_stays_valid_and_finds_the_long_run_when_sequences_are_shuffled(void **state)
{
	static uint64_t a[6000], b[6000];
	static struct pairs pairs;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t i, length;

	(void)state;
	for (i = 0; i < 6000; i++)
		a[i] = b[i] = i;
	shuffle_outside_middle(b, &seed);
	shuffle_outside_middle(a, &seed);
	pairs.count = 0;
	length = lcs_run(a, 6000, b, 6000, collect, &pairs);
	assert_int_equal(length, pairs.count);
	assert_true(length >= 1500);
	for (i = 0; i < pairs.count; i++) {
		assert_true(a[pairs.a[i]] == b[pairs.b[i]]);
		if (i > 0) {
			assert_true(pairs.a[i] > pairs.a[i - 1]);
			assert_true(pairs.b[i] > pairs.b[i - 1]);
		}
	}
}


/*
 * The reference for lcs_run()'s pairs: the search as it was before its
 * rounds were split into stretches (the overlap test on every diagonal),
 * after the same reductions done the slow way.  lcs_run() must emit the
 * very same pairs: the anchors, and so the output, depend on which LCS.
 */
struct ref_lcs_search {
	const uint64_t *a, *b;		/* kept elements */
	const size_t *a_index, *b_index;	/* their indices in the caller's arrays */
	ptrdiff_t *forward, *backward;	/* furthest x per diagonal, offset by ndiag */
	ptrdiff_t max_cost;
	lcs_emit_fn emit;
	void *data;
	size_t length;
};

static void
ref_lcs_pair(struct ref_lcs_search *search, ptrdiff_t x, ptrdiff_t y)
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
ref_lcs_split_far(const struct ref_lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi,
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

/*
 * Find a point (x, y) on an optimal path through the box [a_lo, a_hi) x
 * [b_lo, b_hi), which must be non-empty on both sides and must not start or
 * end with a match (the caller trims those).  Diagonal d is x - y.
 */
static void
ref_lcs_split(struct ref_lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi, ptrdiff_t b_lo,
	  ptrdiff_t b_hi, ptrdiff_t *split_x, ptrdiff_t *split_y)
{
	const uint64_t *a = search->a, *b = search->b;
	ptrdiff_t *fwd = search->forward, *bwd = search->backward;
	ptrdiff_t dmin = a_lo - b_hi, dmax = a_hi - b_lo;
	ptrdiff_t fmid = a_lo - b_lo, bmid = a_hi - b_hi;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	int odd = (fmid - bmid) & 1;
	ptrdiff_t d, x, y, cost;

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
		for (d = fmax; d >= fmin; d -= 2) {
			if (fwd[d - 1] >= fwd[d + 1])
				x = fwd[d - 1] + 1;
			else
				x = fwd[d + 1];
			y = x - d;
			while (x < a_hi && y < b_hi && a[x] == b[y]) {
				x++;
				y++;
			}
			fwd[d] = x;
			if (odd && bmin <= d && d <= bmax && bwd[d] <= x) {
				*split_x = x;
				*split_y = y;
				return;
			}
		}

		if (bmin > dmin)
			bwd[--bmin - 1] = PTRDIFF_MAX;
		else
			++bmin;
		if (bmax < dmax)
			bwd[++bmax + 1] = PTRDIFF_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			if (bwd[d - 1] < bwd[d + 1])
				x = bwd[d - 1];
			else
				x = bwd[d + 1] - 1;
			y = x - d;
			while (x > a_lo && y > b_lo && a[x - 1] == b[y - 1]) {
				x--;
				y--;
			}
			bwd[d] = x;
			if (!odd && fmin <= d && d <= fmax && x <= fwd[d]) {
				*split_x = x;
				*split_y = y;
				return;
			}
		}
		if (cost >= search->max_cost) {
			ref_lcs_split_far(search, a_lo, a_hi, b_lo, b_hi, fmin, fmax, bmin, bmax,
				      split_x, split_y);
			return;
		}
	}
}

static void
ref_lcs_compare(struct ref_lcs_search *search, ptrdiff_t a_lo, ptrdiff_t a_hi, ptrdiff_t b_lo,
	    ptrdiff_t b_hi)
{
	ptrdiff_t suffix = 0, x, y, k;

	while (a_lo < a_hi && b_lo < b_hi && search->a[a_lo] == search->b[b_lo]) {
		ref_lcs_pair(search, a_lo, b_lo);
		a_lo++;
		b_lo++;
	}
	while (a_lo < a_hi && b_lo < b_hi && search->a[a_hi - 1] == search->b[b_hi - 1]) {
		a_hi--;
		b_hi--;
		suffix++;
	}
	if (a_lo < a_hi && b_lo < b_hi) {
		ref_lcs_split(search, a_lo, a_hi, b_lo, b_hi, &x, &y);
		ref_lcs_compare(search, a_lo, x, b_lo, y);
		ref_lcs_compare(search, x, a_hi, y, b_hi);
	}
	for (k = 0; k < suffix; k++)
		ref_lcs_pair(search, a_hi + k, b_hi + k);
}


static size_t
ref_lcs_run(const uint64_t *a, size_t n, const uint64_t *b, size_t m, lcs_emit_fn emit,
	    void *data)
{
	struct ref_lcs_search search = { 0 };
	size_t prefix = 0, suffix = 0, i, j, a_kept = 0, b_kept = 0, ndiag;
	uint64_t *a_keep = malloc((n + 1) * sizeof(*a_keep));
	uint64_t *b_keep = malloc((m + 1) * sizeof(*b_keep));
	size_t *a_index = malloc((n + 1) * sizeof(*a_index));
	size_t *b_index = malloc((m + 1) * sizeof(*b_index));
	ptrdiff_t *diag;

	assert_true(a_keep && b_keep && a_index && b_index);
	search.emit = emit;
	search.data = data;
	while (prefix < n && prefix < m && a[prefix] == b[prefix]) {
		emit(prefix, prefix, data);
		prefix++;
	}
	while (suffix < n - prefix && suffix < m - prefix &&
	       a[n - 1 - suffix] == b[m - 1 - suffix])
		suffix++;
	if (prefix + suffix < n && prefix + suffix < m) {
		for (i = prefix; i < n - suffix; i++)
			for (j = prefix; j < m - suffix; j++)
				if (a[i] == b[j]) {
					a_keep[a_kept] = a[i];
					a_index[a_kept++] = i;
					break;
				}
		for (j = prefix; j < m - suffix; j++)
			for (i = prefix; i < n - suffix; i++)
				if (a[i] == b[j]) {
					b_keep[b_kept] = b[j];
					b_index[b_kept++] = j;
					break;
				}
		ndiag = a_kept + b_kept + 3;
		diag = malloc(2 * ndiag * sizeof(*diag));
		assert_non_null(diag);
		for (search.max_cost = 1; search.max_cost * search.max_cost < (ptrdiff_t)ndiag;
		     search.max_cost *= 2)
			;
		if (search.max_cost < 256)
			search.max_cost = 256;
		search.a = a_keep;
		search.b = b_keep;
		search.a_index = a_index;
		search.b_index = b_index;
		search.forward = diag + b_kept + 1;
		search.backward = diag + ndiag + b_kept + 1;
		ref_lcs_compare(&search, 0, (ptrdiff_t)a_kept, 0, (ptrdiff_t)b_kept);
		free(diag);
	}
	free(a_keep);
	free(b_keep);
	free(a_index);
	free(b_index);
	for (i = 0; i < suffix; i++)
		emit(n - suffix + i, m - suffix + i, data);
	return prefix + search.length + suffix;
}

/* lcs_run() emits exactly the reference's pairs. */
static void
check_same_pairs(const uint64_t *a, size_t n, const uint64_t *b, size_t m)
{
	static struct pairs got, want;
	size_t k;

	got.count = want.count = 0;
	assert_int_equal(lcs_run(a, n, b, m, collect, &got),
			 ref_lcs_run(a, n, b, m, collect, &want));
	assert_int_equal(got.count, want.count);
	for (k = 0; k < got.count; k++) {
		assert_int_equal(got.a[k], want.a[k]);
		assert_int_equal(got.b[k], want.b[k]);
	}
}

static void
lcs_emits_the_reference_pairs(void **state)
{
	static uint64_t a[6000], b[6000];
	uint64_t seed = 0x853c49e6748fea9bull;
	size_t i;
	int round;

	(void)state;
	/* Random and edited sequences, small alphabets and large. */
	for (round = 0; round < 3000; round++) {
		size_t n = next_random(&seed) % 120, m = 0;
		uint64_t alphabet = 1 + next_random(&seed) % (round % 3 == 0 ? 4 : 300);

		for (i = 0; i < n; i++)
			a[i] = next_random(&seed) % alphabet;
		if (round % 2 == 0) {
			m = next_random(&seed) % 120;
			for (i = 0; i < m; i++)
				b[i] = next_random(&seed) % alphabet;
		} else {
			for (i = 0; i < n; i++) {
				uint64_t dice = next_random(&seed) % 8;

				if (dice == 0)
					continue;
				b[m++] = dice == 1 ? 1000 + next_random(&seed) % 50 : a[i];
				if (dice == 2)
					b[m++] = next_random(&seed) % alphabet;
			}
		}
		check_same_pairs(a, n, b, m);
	}
	/* Past the cost limit: the heuristic split, the same too. */
	for (i = 0; i < 6000; i++)
		a[i] = b[i] = i;
	shuffle_outside_middle(b, &seed);
	shuffle_outside_middle(a, &seed);
	check_same_pairs(a, 3000, b, 3000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lcs_matches_brute_force_on_random_sequences),
		cmocka_unit_test(lcs_matches_brute_force_on_edited_copies),
		cmocka_unit_test(lcs_handles_empty_and_identical_sides),
		cmocka_unit_test(lcs_pairs_only_what_is_common_when_sides_are_disjoint),
		cmocka_unit_test(lcs_keeps_the_longer_run_when_a_block_moves),
		cmocka_unit_test(lcs_stays_valid_and_finds_the_long_run_when_sequences_are_shuffled),
		cmocka_unit_test(lcs_emits_the_reference_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
