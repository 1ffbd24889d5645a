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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
