/*
 * test-summary: counts, flag counts and reuse shares of a comparison.
 *
 * Most tests replace the aligner's entries with hand-built ones, so the
 * expected shares follow from the fixture alone: each sentence is plain
 * words ending in a full stop, so every tokenizer counts them
 * the same (the tests assert those counts first); sentences start with a
 * capital so every segmenter cuts them.
 */
#include "config.h"

#include <stdlib.h>

#include "fixtures.h"
#include "summary.h"

#define EXACT 1e-12

/* cmocka before 1.1.6 has no assert_double_equal: compare and say both values. */
static void
share_equal(double got, double want, double epsilon, const char *what, int line)
{
	double diff = got - want;

	if (diff > epsilon || diff < -epsilon)
		fail_msg("line %d: %s is %.15g, expected %.15g", line, what, got, want);
}
#undef assert_double_equal
#define assert_double_equal(got, want, epsilon) \
	share_equal((got), (want), (epsilon), #got, __LINE__)

struct fixture {
	struct text *left, *right;
	struct comparison *cmp;
	size_t cap;
};

static void
fixture_open(struct fixture *fx, const char *left, const char *right)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	size_t i;

	fx->left = fixture_text("left", left);
	fx->right = fixture_text("right", right);
	fx->cmp = comparison_new(fx->left, fx->right, SEGMENT_SENTENCE, &options);
	/* forget what the aligner found: the test writes its own entries */
	for (i = 0; i < fx->cmp->entry_count; i++)
		worddiff_free(&fx->cmp->entry[i].words);
	free(fx->cmp->entry);
	fx->cmp->entry = NULL;
	fx->cmp->entry_count = 0;
	fx->cap = 0;
}

static void
fixture_close(struct fixture *fx)
{
	comparison_free(fx->cmp);
	text_free(fx->left);
	text_free(fx->right);
}

static struct align_entry *
add_entry(struct fixture *fx, enum align_op op, size_t lf, size_t lc, size_t rf, size_t rc)
{
	struct align_entry *e;

	if (fx->cmp->entry_count == fx->cap) {
		fx->cap = fx->cap ? fx->cap * 2 : 8;
		fx->cmp->entry = xreallocarray(fx->cmp->entry, fx->cap, sizeof(*fx->cmp->entry));
	}
	e = &fx->cmp->entry[fx->cmp->entry_count++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->left_first = lf;
	e->left_count = lc;
	e->right_first = rf;
	e->right_count = rc;
	e->score = op == ALIGN_EQUAL ? 1.0 : op == ALIGN_CHANGE || op == ALIGN_MOVE ? 0.7 : 0;
	return e;
}

/* Append a word run of lc left tokens from lt and rc right tokens from rt. */
static void
add_run(struct align_entry *e, enum word_op op, size_t lt, size_t lc, size_t rt, size_t rc)
{
	struct word_edit *w;

	e->words.edit = xreallocarray(e->words.edit, e->words.count + 1, sizeof(*e->words.edit));
	w = &e->words.edit[e->words.count++];
	memset(w, 0, sizeof(*w));
	w->op = op;
	w->token_first[0] = lt;
	w->token_count[0] = lc;
	w->token_first[1] = rt;
	w->token_count[1] = rc;
}

static void
assert_tokens(const struct comparison *cmp, int side, size_t unit, size_t count)
{
	assert_true(unit < cmp->side[side].units.count);
	assert_int_equal(cmp->side[side].tokens[unit].count, count);
}

/*
 * Right: 10 words; 4 in an equal sentence, 3 in a changed pair of which 2
 * are kept, 3 in an added sentence.  Left: 10 words, 3 of them deleted.
 */
static void
summary_shares_of_a_hand_built_alignment(void **state)
{
	struct fixture fx;
	struct align_entry *e;
	const struct align_summary *s;

	(void)state;
	fixture_open(&fx, "Ships left the port. Two ships sank. The storm passed.",
		     "Ships left the port. Two boats sank. Rescuers found nobody.");
	assert_tokens(fx.cmp, 0, 0, 4);
	assert_tokens(fx.cmp, 0, 1, 3);
	assert_tokens(fx.cmp, 0, 2, 3);
	assert_tokens(fx.cmp, 1, 0, 4);
	assert_tokens(fx.cmp, 1, 1, 3);
	assert_tokens(fx.cmp, 1, 2, 3);

	add_entry(&fx, ALIGN_EQUAL, 0, 1, 0, 1);
	e = add_entry(&fx, ALIGN_CHANGE, 1, 1, 1, 1);
	add_run(e, WORD_EQUAL, 0, 1, 0, 1);	/* two */
	add_run(e, WORD_DELETE, 1, 1, 1, 0);	/* ships */
	add_run(e, WORD_INSERT, 2, 0, 1, 1);	/* boats */
	add_run(e, WORD_EQUAL, 2, 1, 2, 1);	/* sank */
	e->flags = ALIGN_FLAG_NAME | ALIGN_FLAG_NUMBER;
	add_entry(&fx, ALIGN_DELETE, 2, 1, 2, 0);
	add_entry(&fx, ALIGN_INSERT, 3, 0, 2, 1);
	summary_compute(fx.cmp);
	s = &fx.cmp->summary;

	assert_int_equal(s->count[ALIGN_EQUAL], 1);
	assert_int_equal(s->count[ALIGN_CHANGE], 1);
	assert_int_equal(s->count[ALIGN_DELETE], 1);
	assert_int_equal(s->count[ALIGN_INSERT], 1);
	assert_int_equal(s->count[ALIGN_MOVE], 0);
	assert_int_equal(s->flag_count[0], 1);	/* number */
	assert_int_equal(s->flag_count[1], 0);
	assert_int_equal(s->flag_count[2], 0);
	assert_int_equal(s->flag_count[3], 0);
	assert_int_equal(s->flag_count[4], 1);	/* name */
	assert_double_equal(s->right_verbatim, 0.6, EXACT);
	assert_double_equal(s->right_paraphrased, 0.1, EXACT);
	assert_double_equal(s->right_new, 0.3, EXACT);
	assert_double_equal(s->reused, 0.6, EXACT);
	assert_double_equal(s->left_used, 0.6, EXACT);
	assert_double_equal(s->similarity, 0.6, EXACT);
	fixture_close(&fx);
}

/* Unit counts, not entry counts, for deletes and inserts; pairs count once. */
static void
summary_counts_units_of_deletes_and_inserts_and_pairs_once(void **state)
{
	struct fixture fx;
	const struct align_summary *s;

	(void)state;
	fixture_open(&fx, "One ship left. Two ships left. Three ships left. Four ships left.",
		     "One ship left and two ships left. Five boats came. Six boats came.");
	add_entry(&fx, ALIGN_CHANGE, 0, 2, 0, 1);	/* 2:1 merge */
	add_entry(&fx, ALIGN_DELETE, 2, 2, 1, 0);
	add_entry(&fx, ALIGN_INSERT, 4, 0, 1, 2);
	summary_compute(fx.cmp);
	s = &fx.cmp->summary;
	assert_int_equal(s->count[ALIGN_CHANGE], 1);
	assert_int_equal(s->count[ALIGN_DELETE], 2);
	assert_int_equal(s->count[ALIGN_INSERT], 2);
	/* the merged pair has no word diff: all its 7 right words are paraphrased */
	assert_tokens(fx.cmp, 1, 0, 7);
	assert_double_equal(s->right_paraphrased, 7.0 / 13.0, EXACT);
	assert_double_equal(s->right_new, 6.0 / 13.0, EXACT);
	assert_double_equal(s->right_verbatim, 0.0, EXACT);
	assert_double_equal(s->left_used, 0.0, EXACT);
	fixture_close(&fx);
}

/* A moved pair: its equal runs are verbatim, its flags are counted. */
static void
summary_counts_moves_like_pairs(void **state)
{
	struct fixture fx;
	struct align_entry *e;
	const struct align_summary *s;

	(void)state;
	fixture_open(&fx, "The mayor resigned. The port closed.",
		     "The port closed. The mayor quit.");
	add_entry(&fx, ALIGN_EQUAL, 1, 1, 0, 1);
	e = add_entry(&fx, ALIGN_MOVE, 0, 1, 1, 1);
	add_run(e, WORD_EQUAL, 0, 2, 0, 2);
	add_run(e, WORD_DELETE, 2, 1, 2, 0);
	add_run(e, WORD_INSERT, 3, 0, 2, 1);
	e->flags = ALIGN_FLAG_ATTRIBUTION | ALIGN_FLAG_QUOTE;
	summary_compute(fx.cmp);
	s = &fx.cmp->summary;
	assert_int_equal(s->count[ALIGN_MOVE], 1);
	assert_int_equal(s->count[ALIGN_EQUAL], 1);
	assert_int_equal(s->flag_count[1], 1);	/* quote */
	assert_int_equal(s->flag_count[2], 1);	/* attribution */
	assert_double_equal(s->right_verbatim, 5.0 / 6.0, EXACT);
	assert_double_equal(s->right_paraphrased, 1.0 / 6.0, EXACT);
	assert_double_equal(s->right_new, 0.0, EXACT);
	assert_double_equal(s->left_used, 5.0 / 6.0, EXACT);
	fixture_close(&fx);
}

/* A word diff longer than its pair (stale) never pushes a share past 1. */
static void
summary_clips_equal_runs_to_the_pair(void **state)
{
	struct fixture fx;
	struct align_entry *e;

	(void)state;
	fixture_open(&fx, "The port closed.", "The port shut.");
	e = add_entry(&fx, ALIGN_CHANGE, 0, 1, 0, 1);
	add_run(e, WORD_EQUAL, 0, 9, 0, 9);
	summary_compute(fx.cmp);
	assert_double_equal(fx.cmp->summary.right_verbatim, 1.0, EXACT);
	assert_double_equal(fx.cmp->summary.right_paraphrased, 0.0, EXACT);
	assert_double_equal(fx.cmp->summary.left_used, 1.0, EXACT);
	fixture_close(&fx);
}

/* Through the whole pipeline: identical articles are all verbatim. */
static void
summary_of_identical_articles_is_all_verbatim(void **state)
{
	struct text *l = fixture_text("l", "Ships left the port. Two ships sank.\n");
	struct text *r = fixture_text("r", "Ships left the port. Two ships sank.\n");
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct comparison *cmp = comparison_new(l, r, SEGMENT_SENTENCE, &options);

	(void)state;
	assert_int_equal(cmp->summary.count[ALIGN_EQUAL], 2);
	assert_double_equal(cmp->summary.right_verbatim, 1.0, EXACT);
	assert_double_equal(cmp->summary.right_new, 0.0, EXACT);
	assert_double_equal(cmp->summary.left_used, 1.0, EXACT);
	assert_double_equal(cmp->summary.similarity, 1.0, EXACT);
	comparison_free(cmp);
	text_free(l);
	text_free(r);
}

/* Through the whole pipeline: an added sentence is new words. */
static void
summary_of_an_added_sentence_counts_it_new(void **state)
{
	struct text *l = fixture_text("l", "Ships left the port.\n");
	struct text *r = fixture_text("r", "Ships left the port.\n\nRescuers found nobody there.\n");
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct comparison *cmp = comparison_new(l, r, SEGMENT_SENTENCE, &options);

	(void)state;
	assert_int_equal(cmp->summary.count[ALIGN_EQUAL], 1);
	assert_int_equal(cmp->summary.count[ALIGN_INSERT], 1);
	assert_double_equal(cmp->summary.right_verbatim, 0.5, EXACT);
	assert_double_equal(cmp->summary.right_new, 0.5, EXACT);
	assert_double_equal(cmp->summary.left_used, 1.0, EXACT);
	assert_double_equal(cmp->summary.similarity, 8.0 / 12.0, EXACT);
	comparison_free(cmp);
	text_free(l);
	text_free(r);
}

/* No words at all: nothing is shared, and two empty articles are alike. */
static void
summary_of_empty_articles(void **state)
{
	struct fixture fx;

	(void)state;
	fixture_open(&fx, "", "");
	summary_compute(fx.cmp);
	assert_double_equal(fx.cmp->summary.right_verbatim, 0.0, EXACT);
	assert_double_equal(fx.cmp->summary.right_new, 0.0, EXACT);
	assert_double_equal(fx.cmp->summary.left_used, 0.0, EXACT);
	assert_double_equal(fx.cmp->summary.similarity, 1.0, EXACT);
	fixture_close(&fx);

	fixture_open(&fx, "The port closed.", "");
	add_entry(&fx, ALIGN_DELETE, 0, 1, 0, 0);
	summary_compute(fx.cmp);
	assert_int_equal(fx.cmp->summary.count[ALIGN_DELETE], 1);
	assert_double_equal(fx.cmp->summary.left_used, 0.0, EXACT);
	assert_double_equal(fx.cmp->summary.similarity, 0.0, EXACT);
	fixture_close(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summary_shares_of_a_hand_built_alignment),
		cmocka_unit_test(summary_counts_units_of_deletes_and_inserts_and_pairs_once),
		cmocka_unit_test(summary_counts_moves_like_pairs),
		cmocka_unit_test(summary_clips_equal_runs_to_the_pair),
		cmocka_unit_test(summary_of_identical_articles_is_all_verbatim),
		cmocka_unit_test(summary_of_an_added_sentence_counts_it_new),
		cmocka_unit_test(summary_of_empty_articles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
