/*
 * test-worddiff: the changed words a reader sees inside a pair.  Each case is
 * written as the highlight a user would read: equal words plain, deleted
 * words as [-...-], inserted words as {+...+}, units of a split or merged
 * pair separated by " | ".  Every result is also checked for the model's
 * invariants: all tokens covered once and in order, no two equal edits in a
 * row, a delete before the insert of the same change, spans on the words.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fixtures.h"
#include "segment.h"
#include "tokens.h"
#include "worddiff.h"

struct side_fixture {
	struct text *text;
	struct unit_list units;
	struct token_list *tokens;
};

static void
side_load(struct side_fixture *side, struct token_table *table, const char *s, int index)
{
	size_t i;

	side->text = fixture_text(index ? "right" : "left", s);
	segment_text(side->text, SEGMENT_LINE, &side->units);
	side->tokens = xcalloc(side->units.count + 1, sizeof(*side->tokens));
	for (i = 0; i < side->units.count; i++)
		tokens_unit(table, side->text, &side->units.unit[i], index, &side->tokens[i]);
}

static void
side_free(struct side_fixture *side)
{
	size_t i;

	for (i = 0; i < side->units.count; i++)
		tokens_list_free(&side->tokens[i]);
	free(side->tokens);
	segment_free(&side->units);
	text_free(side->text);
}

static size_t
total_tokens(const struct token_list *lists, size_t count)
{
	size_t n = 0, i;

	for (i = 0; i < count; i++)
		n += lists[i].count;
	return n;
}

/* The invariants of worddiff.h and worddiff.c, for any result. */
static void
check_invariants(const struct word_list *words, size_t left_tokens, size_t right_tokens)
{
	size_t next[2] = { 0, 0 }, i;
	int s;

	for (i = 0; i < words->count; i++) {
		const struct word_edit *e = &words->edit[i];

		for (s = 0; s < 2; s++) {
			assert_int_equal(e->token_first[s], next[s]);
			next[s] += e->token_count[s];
			if (e->token_count[s] == 0)
				assert_int_equal(e->span[s].length, 0);
			else
				assert_true(e->span[s].length > 0);
		}
		switch (e->op) {
		case WORD_EQUAL:
			assert_int_equal(e->token_count[0], e->token_count[1]);
			assert_true(e->token_count[0] > 0);
			if (i > 0)
				assert_int_not_equal(words->edit[i - 1].op, WORD_EQUAL);
			break;
		case WORD_DELETE:
			assert_true(e->token_count[0] > 0);
			assert_int_equal(e->token_count[1], 0);
			if (i > 0)
				assert_int_not_equal(words->edit[i - 1].op, WORD_INSERT);
			break;
		case WORD_INSERT:
			assert_true(e->token_count[1] > 0);
			assert_int_equal(e->token_count[0], 0);
			break;
		}
	}
	assert_int_equal(next[0], left_tokens);
	assert_int_equal(next[1], right_tokens);
}

static void
append(char *buf, size_t size, const char *s, size_t n)
{
	size_t len = strlen(buf);

	assert_true(len + n < size);
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
}

/* Append a span's text with each line break between units as " | ". */
static void
append_span(char *buf, size_t size, const struct text *text, const struct word_span *span)
{
	size_t i;

	for (i = 0; i < span->length; i++) {
		char c = text->bytes[span->offset + i];

		if (c == '\n')
			append(buf, size, " | ", 3);
		else
			append(buf, size, &c, 1);
	}
}

/*
 * The diff of left against right (lines are units) as the highlight string
 * a reader would see.  with_table: use worddiff_run_table().
 */
static char *
highlight(const char *left, const char *right, int with_table)
{
	struct token_table *table = tokens_table_new();
	struct side_fixture side[2];
	struct word_list words = { NULL, 0 };
	char *buf = xcalloc(4096, 1);
	size_t i;

	side_load(&side[0], table, left, 0);
	side_load(&side[1], table, right, 1);
	if (with_table)
		worddiff_run_table(table, side[0].tokens, side[0].units.count, side[1].tokens,
				   side[1].units.count, &words);
	else
		worddiff_run(side[0].tokens, side[0].units.count, side[1].tokens,
			     side[1].units.count, &words);
	check_invariants(&words, total_tokens(side[0].tokens, side[0].units.count),
			 total_tokens(side[1].tokens, side[1].units.count));
	for (i = 0; i < words.count; i++) {
		const struct word_edit *e = &words.edit[i];
		static const char *const open[] = { "", "[-", "{+" }, *const close[] = { "", "-]", "+}" };
		int s = e->op == WORD_INSERT;

		if (i > 0)
			append(buf, 4096, " ", 1);
		append(buf, 4096, open[e->op], strlen(open[e->op]));
		append_span(buf, 4096, side[s].text, &e->span[s]);
		append(buf, 4096, close[e->op], strlen(close[e->op]));
	}
	worddiff_free(&words);
	side_free(&side[0]);
	side_free(&side[1]);
	tokens_table_free(table);
	return buf;
}

static void
expect_highlight(const char *left, const char *right, const char *expected)
{
	char *got = highlight(left, right, 1);

	assert_string_equal(got, expected);
	free(got);
}

static void
worddiff_identical_sentences_are_one_equal_run(void **state)
{
	(void)state;
	expect_highlight("The minister resigned on Monday\n", "The minister resigned on Monday\n",
			 "The minister resigned on Monday");
}

static void
worddiff_one_replaced_word_is_highlighted_alone(void **state)
{
	(void)state;
	expect_highlight("The minister resigned on Monday\n", "The minister quit on Monday\n",
			 "The minister [-resigned-] {+quit+} on Monday");
}

static void
worddiff_changed_number_is_highlighted_alone(void **state)
{
	(void)state;
	expect_highlight("Police said 12 people died in the blast\n",
			 "Police said 14 people died in the blast\n",
			 "Police said [-12-] {+14+} people died in the blast");
}

static void
worddiff_inserted_phrases_are_insertions(void **state)
{
	(void)state;
	expect_highlight("The council approved the budget\n",
			 "The council narrowly approved the new budget on Tuesday\n",
			 "The council {+narrowly+} approved the {+new+} budget {+on Tuesday+}");
	expect_highlight("The council narrowly approved the new budget on Tuesday\n",
			 "The council approved the budget\n",
			 "The council [-narrowly-] approved the [-new-] budget [-on Tuesday-]");
}

static void
worddiff_split_sentence_keeps_both_halves_equal(void **state)
{
	(void)state;
	/* One sentence on the left, two units on the right (a 1:2 pair). */
	expect_highlight("The mayor resigned on Monday and the council met on Tuesday\n",
			 "The mayor resigned on Monday\nLater the council met on Tuesday\n",
			 "The mayor resigned on Monday [-and-] {+Later+} the council met on Tuesday");
	/* And merged back (2:1). */
	expect_highlight("The mayor resigned on Monday\nLater the council met on Tuesday\n",
			 "The mayor resigned on Monday and the council met on Tuesday\n",
			 "The mayor resigned on Monday [-Later-] {+and+} the council met on Tuesday");
}

static void
worddiff_equal_run_may_cross_units_of_a_split(void **state)
{
	struct token_table *table = tokens_table_new();
	struct side_fixture side[2];
	struct word_list words;

	(void)state;
	/* Equal text shows from the left; the right span crosses the unit break. */
	expect_highlight("Snow fell all night in the north\n",
			 "Heavy rain fell all night\nin the north\n",
			 "[-Snow-] {+Heavy rain+} fell all night in the north");
	side_load(&side[0], table, "Snow fell all night in the north\n", 0);
	side_load(&side[1], table, "Heavy rain fell all night\nin the north\n", 1);
	worddiff_run_table(table, side[0].tokens, 1, side[1].tokens, 2, &words);
	assert_int_equal(words.count, 3);
	assert_int_equal(words.edit[2].op, WORD_EQUAL);
	assert_int_equal(words.edit[2].span[1].offset, strlen("Heavy rain "));
	assert_int_equal(words.edit[2].span[1].length, strlen("fell all night\nin the north"));
	worddiff_free(&words);
	side_free(&side[0]);
	side_free(&side[1]);
	tokens_table_free(table);
}

static void
worddiff_everything_changed_is_one_replacement(void **state)
{
	(void)state;
	expect_highlight("Rain fell overnight\n", "Markets rallied strongly today\n",
			 "[-Rain fell overnight-] {+Markets rallied strongly today+}");
}

static void
worddiff_empty_side_is_all_inserted_or_deleted(void **state)
{
	(void)state;
	expect_highlight("", "Added words here\n", "{+Added words here+}");
	expect_highlight("Removed words here\n", "", "[-Removed words here-]");
	expect_highlight("", "", "");
}

static void
worddiff_stop_word_island_joins_the_changes_around_it(void **state)
{
	char *raw;

	(void)state;
	/* A lone "the" between two changes would be confetti: it joins them. */
	expect_highlight("Officials blamed the storm for the damage\n",
			 "Experts linked the flooding to the damage\n",
			 "[-Officials blamed the storm for-] {+Experts linked the flooding to+} the damage");
	/* Without a table, short words are judged weak by their length. */
	raw = highlight("Officials blamed the storm for the damage\n",
			"Experts linked the flooding to the damage\n", 0);
	assert_string_equal(raw, "[-Officials blamed the storm for-] {+Experts linked the flooding to+} the damage");
	free(raw);
}

static void
worddiff_number_and_negation_islands_stay_visible(void **state)
{
	(void)state;
	/* A number kept between two changes is news to a fact-checker. */
	expect_highlight("Police counted 12 injured people\n", "Medics found 12 wounded victims\n",
			 "[-Police counted-] {+Medics found+} 12 [-injured people-] {+wounded victims+}");
	/* So is a kept negation, short as it is. */
	expect_highlight("The minister did not resign yesterday\n",
			 "The official did not quit today\n",
			 "The [-minister-] {+official+} did not [-resign yesterday-] {+quit today+}");
}

static void
worddiff_lone_word_between_long_changes_joins_them(void **state)
{
	(void)state;
	expect_highlight("Emergency crews spent hours searching rubble long after midnight\n",
			 "Volunteers with dogs and torches kept searching through collapsed homes\n",
			 "[-Emergency crews spent hours searching rubble long after midnight-] "
			 "{+Volunteers with dogs and torches kept searching through collapsed homes+}");
	/* Next to short changes the same word stays equal. */
	expect_highlight("Crews kept searching rubble\n", "Volunteers kept searching homes\n",
			 "[-Crews-] {+Volunteers+} kept searching [-rubble-] {+homes+}");
}

static void
worddiff_deletion_slides_to_keep_the_phrase_whole(void **state)
{
	(void)state;
	expect_highlight("the cat and the dog\n", "the dog\n", "[-the cat and-] the dog");
	expect_highlight("the dog\n", "the cat and the dog\n", "{+the cat and+} the dog");
}

/* ---- large and pathological inputs: synthetic token lists, no text ---- */

static struct token_list
synthetic(const uint32_t *ids, size_t count)
{
	struct token_list list = { xcalloc(count + 1, sizeof(struct token)), count, 0 };
	size_t i;

	for (i = 0; i < count; i++) {
		list.token[i].id = ids[i];
		list.token[i].offset = i * 8;
		list.token[i].length = 5;
	}
	return list;
}

static int
same_edits(const struct word_list *x, const struct word_list *y)
{
	size_t k;

	if (x->count != y->count)
		return 0;
	for (k = 0; k < x->count; k++) {
		const struct word_edit *p = &x->edit[k], *q = &y->edit[k];
		int s;

		if (p->op != q->op)
			return 0;
		for (s = 0; s < 2; s++)
			if (p->token_first[s] != q->token_first[s] ||
			    p->token_count[s] != q->token_count[s] ||
			    p->span[s].offset != q->span[s].offset ||
			    p->span[s].length != q->span[s].length)
				return 0;
	}
	return 1;
}

static size_t
equal_tokens(const struct word_list *words)
{
	size_t n = 0, i;

	for (i = 0; i < words->count; i++)
		if (words->edit[i].op == WORD_EQUAL)
			n += words->edit[i].token_count[0];
	return n;
}

static void
worddiff_huge_sentence_with_one_change_is_fast_and_exact(void **state)
{
	enum { N = 1000000 };
	uint32_t *ids = xmalloc(N * sizeof(*ids));
	struct token_list left, right;
	struct word_list words;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++)
		ids[i] = (uint32_t)(i % 5000);
	left = synthetic(ids, N);
	ids[N / 2] = 999999;
	right = synthetic(ids, N);
	worddiff_run(&left, 1, &right, 1, &words);
	check_invariants(&words, N, N);
	assert_int_equal(words.count, 4);
	assert_int_equal(words.edit[1].op, WORD_DELETE);
	assert_int_equal(words.edit[1].token_first[0], N / 2);
	assert_int_equal(words.edit[2].op, WORD_INSERT);
	assert_int_equal(equal_tokens(&words), N - 1);
	worddiff_free(&words);
	tokens_list_free(&left);
	tokens_list_free(&right);
	free(ids);
}

static void
worddiff_huge_middle_is_cut_at_unique_anchors(void **state)
{
	/* No common prefix or suffix, a table far over the cap: patience anchors. */
	enum { N = 200000, GAP = 3000 };
	uint32_t *a = xmalloc((N + 2) * sizeof(*a)), *b = xmalloc((N + GAP + 2) * sizeof(*b));
	struct token_list left, right;
	struct word_list words;
	size_t i, k = 0;

	(void)state;
	a[0] = 4000000;
	for (i = 0; i < N; i++)
		a[i + 1] = (uint32_t)i;
	a[N + 1] = 4000001;
	b[k++] = 4000002;
	for (i = 0; i < N; i++) {
		if (i == N / 2) {
			size_t g;

			for (g = 0; g < GAP; g++)
				b[k++] = (uint32_t)(3000000 + g);
		}
		b[k++] = (uint32_t)i;
	}
	b[k++] = 4000003;
	left = synthetic(a, N + 2);
	right = synthetic(b, k);
	worddiff_run(&left, 1, &right, 1, &words);
	check_invariants(&words, N + 2, k);
	assert_int_equal(equal_tokens(&words), N);
	worddiff_free(&words);
	tokens_list_free(&left);
	tokens_list_free(&right);
	free(a);
	free(b);
}

static void
worddiff_huge_unrelated_middle_falls_back_to_one_replacement(void **state)
{
	/* Few distinct words in a different order: no unique anchor, no table. */
	enum { N = 5000 };
	uint32_t *a = xmalloc(N * sizeof(*a)), *b = xmalloc(N * sizeof(*b));
	struct token_list left, right;
	struct word_list words;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		a[i] = (uint32_t)(i % 7);
		b[i] = (uint32_t)(6 - i % 7 + 100 * (i == 0) + 200 * (i == N - 1));
	}
	left = synthetic(a, N);
	right = synthetic(b, N);
	worddiff_run(&left, 1, &right, 1, &words);
	check_invariants(&words, N, N);
	assert_int_equal(words.count, 2);
	worddiff_free(&words);
	tokens_list_free(&left);
	tokens_list_free(&right);
	free(a);
	free(b);
}

/*
 * The word-parallel LCS (right ranges of up to 64 tokens) walks exactly
 * where the byte table walks, ties included: random pairs over alphabets
 * of 2 to 40 tokens (many ties), 1 to 90 tokens a side, give the same
 * edits either way.
 */
static void
worddiff_word_parallel_lcs_agrees_with_the_table(void **state)
{
	uint64_t rng = 0x2545f4914f6cdd1du;
	uint32_t a[90], b[90];
	size_t round, i, differ = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t n, m, alphabet;
		struct token_list left, right;
		struct word_list fast, table;

#define NEXT() (rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17, rng >> 11)
		n = 1 + NEXT() % 90;
		m = 1 + NEXT() % (round % 3 == 0 ? 90 : 64);
		alphabet = 2 + NEXT() % 39;
		for (i = 0; i < n; i++)
			a[i] = (uint32_t)(NEXT() % alphabet);
		for (i = 0; i < m; i++)	/* often a paraphrase of a */
			b[i] = i < n && NEXT() % 3 != 0 ? a[i] : (uint32_t)(NEXT() % alphabet);
#undef NEXT
		left = synthetic(a, n);
		right = synthetic(b, m);
		worddiff_run(&left, 1, &right, 1, &fast);
		worddiff_reference(1);
		worddiff_run(&left, 1, &right, 1, &table);
		worddiff_reference(0);
		check_invariants(&fast, n, m);
		differ += !same_edits(&fast, &table);
		worddiff_free(&fast);
		worddiff_free(&table);
		tokens_list_free(&left);
		tokens_list_free(&right);
	}
	assert_int_equal(differ, 0);
}

/*
 * The clean-ups' quick paths (a slide looked for before the regions are
 * rebuilt, islands joined in place) and the sides of several units read
 * from a copy give what the full passes give on one joined unit a side.
 * Random pairs: short and long tokens (a token of 3 bytes or fewer is weak
 * without a table), small alphabets and runs of repeats (so that changes
 * slide and islands join), the right side an edit of the left; each side
 * cut into one to three units, some empty.
 */
static void
worddiff_quick_clean_ups_agree_with_the_full_passes(void **state)
{
	uint64_t rng = 0x9e3779b97f4a7c15u;
	struct token tok[2][64];
	size_t round, differ = 0, changed = 0;

	(void)state;
	for (round = 0; round < 30000; round++) {
		struct token_list joined[2], units[2][3];
		struct word_list quick, cut, full;
		size_t count[2], unit_count[2], alphabet, i, s;

#define NEXT() (rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17, rng >> 11)
		alphabet = 2 + NEXT() % 10;
		count[0] = NEXT() % 40;
		for (i = 0; i < count[0]; i++)
			tok[0][i].id = (uint32_t)(NEXT() % 4 == 0 && i > 0 ? tok[0][i - 1].id :
						  NEXT() % alphabet);
		count[1] = 0;
		for (i = 0; i <= count[0] && count[1] < 60; i++) {
			uint64_t r = NEXT() % 10;

			if (r < 2)	/* insert a few */
				while (count[1] < 60 && NEXT() % 2)
					tok[1][count[1]++].id = (uint32_t)(NEXT() % alphabet);
			if (i == count[0] || r == 2)	/* drop this one */
				continue;
			tok[1][count[1]++].id = r == 3 ? (uint32_t)(NEXT() % alphabet) : tok[0][i].id;
		}
		for (s = 0; s < 2; s++) {
			uint32_t offset = (uint32_t)(NEXT() % 3);

			for (i = 0; i < count[s]; i++) {
				tok[s][i].offset = offset;
				tok[s][i].length = 1 + tok[s][i].id % 6;
				offset += tok[s][i].length + (uint32_t)(NEXT() % 3);
			}
			joined[s] = (struct token_list){ tok[s], count[s], 0 };
			unit_count[s] = 1 + NEXT() % 3;
			for (i = 0; i < unit_count[s]; i++) {
				size_t from = i ? (size_t)(units[s][i - 1].token - tok[s]) +
						  units[s][i - 1].count : 0;
				size_t n = i + 1 == unit_count[s] ? count[s] - from :
					   (size_t)(NEXT() % (count[s] - from + 1));

				units[s][i] = (struct token_list){ tok[s] + from, n, 0 };
			}
		}
#undef NEXT
		worddiff_run(&joined[0], 1, &joined[1], 1, &quick);
		worddiff_run(units[0], unit_count[0], units[1], unit_count[1], &cut);
		worddiff_reference(1);
		worddiff_run(&joined[0], 1, &joined[1], 1, &full);
		worddiff_reference(0);
		check_invariants(&quick, count[0], count[1]);
		differ += !same_edits(&quick, &full) + !same_edits(&cut, &full);
		changed += quick.count > 1;
		worddiff_free(&quick);
		worddiff_free(&cut);
		worddiff_free(&full);
	}
	assert_int_equal(differ, 0);
	assert_true(changed > 20000);
}

static void
worddiff_free_of_zeroed_list_is_a_no_op(void **state)
{
	struct word_list words = { NULL, 0 };

	(void)state;
	worddiff_free(&words);
	worddiff_free(NULL);
	assert_null(words.edit);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worddiff_identical_sentences_are_one_equal_run),
		cmocka_unit_test(worddiff_one_replaced_word_is_highlighted_alone),
		cmocka_unit_test(worddiff_changed_number_is_highlighted_alone),
		cmocka_unit_test(worddiff_inserted_phrases_are_insertions),
		cmocka_unit_test(worddiff_split_sentence_keeps_both_halves_equal),
		cmocka_unit_test(worddiff_equal_run_may_cross_units_of_a_split),
		cmocka_unit_test(worddiff_everything_changed_is_one_replacement),
		cmocka_unit_test(worddiff_empty_side_is_all_inserted_or_deleted),
		cmocka_unit_test(worddiff_stop_word_island_joins_the_changes_around_it),
		cmocka_unit_test(worddiff_number_and_negation_islands_stay_visible),
		cmocka_unit_test(worddiff_lone_word_between_long_changes_joins_them),
		cmocka_unit_test(worddiff_deletion_slides_to_keep_the_phrase_whole),
		cmocka_unit_test(worddiff_huge_sentence_with_one_change_is_fast_and_exact),
		cmocka_unit_test(worddiff_huge_middle_is_cut_at_unique_anchors),
		cmocka_unit_test(worddiff_huge_unrelated_middle_falls_back_to_one_replacement),
		cmocka_unit_test(worddiff_word_parallel_lcs_agrees_with_the_table),
		cmocka_unit_test(worddiff_quick_clean_ups_agree_with_the_full_passes),
		cmocka_unit_test(worddiff_free_of_zeroed_list_is_a_no_op),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
