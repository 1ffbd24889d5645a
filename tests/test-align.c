/*
 * test-align: the alignment engine on small article pairs.
 *
 * Each fixture tests/data/align-NAME/ holds left.txt and right.txt (one
 * unit a line: they run with --unit=line so that segmentation does not
 * matter here), expect (the entries, one a line: "op LEFT RIGHT" with
 * ranges "3" or "1-2" and "-" for none) and, when moves change the result,
 * expect-no-moves.  Every fixture runs through every variant: moves on and
 * off, the dense and the sparse gap stage, several thresholds, and
 * realignment; every result is checked against the align.h invariants.
 * Realignment through a memo and through the background worker
 * (realign.h) must give, at every threshold, the JSON of a fresh run.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fixtures.h"
#include "realign.h"
#include "render.h"
#include "similarity.h"

static const char *const fixture_names[] = {
	"identical", "all-changed", "all-new", "reordered", "split", "merge", "move",
	"duplicates", "empty-left", "empty-right", "one-sentence",
	"one-sentence-unrelated", "rewrite", "paragraph-split",
	/* splits and merges inside longer paragraphs: contained, or read in
	   order (align_ordered()); and neighbours that must stay apart */
	"split-inside", "merge-inside", "split-balanced", "merge-balanced",
	"split-near-miss", "split-near-miss-restated", "split-near-miss-topic",
	"merge-near-miss",
	/* a moved sentence that was also split, two that were also merged */
	"move-split", "move-merge",
};

struct fixture {
	struct text *text[2];
	char expect[2048];		/* one entry a line */
	char expect_no_moves[2048];	/* same as expect when the file is absent */
};

static int
fixture_read(const char *name, const char *file, char *out, size_t size)
{
	const char *top = getenv("top_srcdir");
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/align-%s/%s", top ? top : ".", name, file);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	return 0;
}

static void
fixture_load(const char *name, struct fixture *fx)
{
	const char *top = getenv("top_srcdir");
	const char *file[2] = { "left.txt", "right.txt" };
	struct error err = { 0 };
	char path[512];
	int s;

	for (s = 0; s < 2; s++) {
		snprintf(path, sizeof(path), "%s/tests/data/align-%s/%s", top ? top : ".", name,
			 file[s]);
		fx->text[s] = text_load(path, NULL, &err);
		if (fx->text[s] == NULL)
			fail_msg("%s", err.message);
	}
	assert_int_equal(fixture_read(name, "expect", fx->expect, sizeof(fx->expect)), 0);
	if (fixture_read(name, "expect-no-moves", fx->expect_no_moves,
			 sizeof(fx->expect_no_moves)) != 0)
		memcpy(fx->expect_no_moves, fx->expect, sizeof(fx->expect));
}

static void
fixture_free(struct fixture *fx)
{
	text_free(fx->text[0]);
	text_free(fx->text[1]);
}

static void
format_range(char *out, size_t size, size_t first, size_t count)
{
	if (count == 0)
		snprintf(out, size, "-");
	else if (count == 1)
		snprintf(out, size, "%zu", first);
	else
		snprintf(out, size, "%zu-%zu", first, first + count - 1);
}

/* The entries in the expect format, for comparing and for failure messages. */
static void
format_entries(const struct comparison *cmp, char *out, size_t size)
{
	size_t k, used = 0;

	out[0] = '\0';
	for (k = 0; k < cmp->entry_count && used < size; k++) {
		const struct align_entry *e = &cmp->entry[k];
		char left[48], right[48];

		format_range(left, sizeof(left), e->left_first, e->left_count);
		format_range(right, sizeof(right), e->right_first, e->right_count);
		used += (size_t)snprintf(out + used, size - used, "%s %s %s\n",
					 align_op_name(e->op), left, right);
	}
}

/* The invariants of align.h, whatever the options. */
static void
check_invariants(const struct comparison *cmp)
{
	size_t n = cmp->side[0].units.count, m = cmp->side[1].units.count, k, u;
	unsigned char *seen[2];
	size_t last_left = 0, last_right = 0, next_right = 0;
	int s;

	for (s = 0; s < 2; s++)
		seen[s] = calloc((s ? m : n) + 1, 1);
	for (k = 0; k < cmp->entry_count; k++) {
		const struct align_entry *e = &cmp->entry[k];

		switch (e->op) {
		case ALIGN_EQUAL:
			assert_int_equal(e->left_count, 1);
			assert_int_equal(e->right_count, 1);
			assert_true(e->score == 1.0);
			break;
		case ALIGN_CHANGE:
		case ALIGN_MOVE:
			assert_true(e->left_count >= 1 && e->left_count <= 3);
			assert_true(e->right_count >= 1 && e->right_count <= 3);
			assert_true(e->score > 0 && e->score <= 1);
			assert_true(e->words.count > 0);
			break;
		case ALIGN_DELETE:
			assert_true(e->left_count >= 1);
			assert_int_equal(e->right_count, 0);
			break;
		case ALIGN_INSERT:
			assert_int_equal(e->left_count, 0);
			assert_true(e->right_count >= 1);
			break;
		default:
			fail_msg("bad op %d", (int)e->op);
		}
		assert_true(e->left_first + e->left_count <= n);
		assert_true(e->right_first + e->right_count <= m);
		for (u = e->left_first; u < e->left_first + e->left_count; u++)
			assert_int_equal(seen[0][u]++, 0);
		for (u = e->right_first; u < e->right_first + e->right_count; u++)
			assert_int_equal(seen[1][u]++, 0);
		/* Reading order: moves aside, both sides never go back... */
		if (e->op != ALIGN_MOVE) {
			assert_true(e->left_first >= last_left);
			assert_true(e->right_first >= last_right);
			last_left = e->left_first;
			last_right = e->right_first;
		}
		/* ...and the right article reads straight through, moves included. */
		if (e->right_count > 0) {
			assert_int_equal(e->right_first, next_right);
			next_right = e->right_first + e->right_count;
		}
	}
	for (u = 0; u < n; u++)
		assert_int_equal(seen[0][u], 1);
	for (u = 0; u < m; u++)
		assert_int_equal(seen[1][u], 1);
	free(seen[0]);
	free(seen[1]);
}

static void
check_entries(const struct comparison *cmp, const char *expect, const char *variant,
	       const char *name)
{
	char got[4096];

	format_entries(cmp, got, sizeof(got));
	if (strcmp(got, expect) != 0)
		fail_msg("align-%s (%s): expected\n%sgot\n%s", name, variant, expect, got);
}

static struct comparison *
run(const struct fixture *fx, double threshold, int moves, size_t dense_cells)
{
	struct align_options options = { .threshold = threshold, .moves = moves };
	struct comparison *cmp = comparison_new(fx->text[0], fx->text[1], SEGMENT_LINE, &options);

	if (dense_cells != 0) {
		check_invariants(cmp);
		cmp->dense_cells = dense_cells;
		align_run(cmp);
	}
	check_invariants(cmp);
	return cmp;
}

static void
align_fixtures_give_the_expected_entries_in_every_variant(void **state)
{
	size_t f;

	(void)state;
	for (f = 0; f < ARRAY_SIZE(fixture_names); f++) {
		const char *name = fixture_names[f];
		struct fixture fx;
		struct comparison *cmp;
		size_t dense_cells[2] = { 0, 1 };	/* default, and sparse for every gap */
		int d;

		fixture_load(name, &fx);
		for (d = 0; d < 2; d++) {
			const char *variant = d ? "sparse" : "dense";

			cmp = run(&fx, ALIGN_DEFAULT_THRESHOLD, 1, dense_cells[d]);
			check_entries(cmp, fx.expect, variant, name);
			comparison_free(cmp);
			cmp = run(&fx, ALIGN_DEFAULT_THRESHOLD, 0, dense_cells[d]);
			check_entries(cmp, fx.expect_no_moves, variant, name);
			comparison_free(cmp);
		}
		fixture_free(&fx);
	}
}

/* Whatever the threshold, the invariants hold and word-for-word units stay equal. */
static void
align_thresholds_keep_invariants_and_equal_units(void **state)
{
	const double thresholds[] = { 0.0, 0.1, 0.5, 0.9, 1.0 };
	size_t f, t, k;

	(void)state;
	for (f = 0; f < ARRAY_SIZE(fixture_names); f++) {
		struct fixture fx;
		struct comparison *base;

		fixture_load(fixture_names[f], &fx);
		base = run(&fx, ALIGN_DEFAULT_THRESHOLD, 1, 0);
		for (t = 0; t < ARRAY_SIZE(thresholds); t++) {
			int d;

			for (d = 0; d < 2; d++) {
				struct comparison *cmp = run(&fx, thresholds[t], d, (size_t)d);

				for (k = 0; k < base->entry_count; k++) {
					const struct align_entry *e = &base->entry[k];
					size_t j;
					int found = 0;

					if (e->op != ALIGN_EQUAL)
						continue;
					for (j = 0; j < cmp->entry_count; j++)
						if (cmp->entry[j].op == ALIGN_EQUAL &&
						    cmp->entry[j].left_first == e->left_first &&
						    cmp->entry[j].right_first == e->right_first)
							found = 1;
					assert_true(found);
				}
				comparison_free(cmp);
			}
		}
		comparison_free(base);
		fixture_free(&fx);
	}
}

/* A higher threshold pairs fewer paraphrases: all-changed falls apart at 0.9. */
static void
align_high_threshold_turns_paraphrases_into_deletes_and_inserts(void **state)
{
	struct fixture fx;
	struct comparison *cmp;
	size_t k;

	(void)state;
	fixture_load("all-changed", &fx);
	cmp = run(&fx, 0.9, 1, 0);
	for (k = 0; k < cmp->entry_count; k++)
		assert_true(cmp->entry[k].op == ALIGN_DELETE || cmp->entry[k].op == ALIGN_INSERT);
	comparison_free(cmp);
	fixture_free(&fx);
}

static void
align_realign_is_deterministic(void **state)
{
	struct fixture fx;
	struct comparison *cmp;
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct align_options no_moves = { .threshold = 0.7, .moves = 0 };
	char first[4096], again[4096];

	(void)state;
	fixture_load("reordered", &fx);
	cmp = comparison_new(fx.text[0], fx.text[1], SEGMENT_LINE, &options);
	format_entries(cmp, first, sizeof(first));
	comparison_realign(cmp, &no_moves);
	check_invariants(cmp);
	check_entries(cmp, fx.expect_no_moves, "realigned without moves", "reordered");
	comparison_realign(cmp, &options);
	check_invariants(cmp);
	format_entries(cmp, again, sizeof(again));
	assert_string_equal(first, again);
	assert_false(align_identical(cmp));
	comparison_free(cmp);
	fixture_free(&fx);
}

static void
align_identical_reports_no_difference(void **state)
{
	struct fixture fx;
	struct comparison *cmp;

	(void)state;
	fixture_load("identical", &fx);
	cmp = run(&fx, ALIGN_DEFAULT_THRESHOLD, 1, 0);
	assert_true(align_identical(cmp));
	assert_int_equal(cmp->summary.count[ALIGN_EQUAL], 3);
	comparison_free(cmp);
	fixture_free(&fx);
}

/* A changed comma keeps the tokens but is a change a reader sees. */
static void
align_punctuation_change_is_a_change_scoring_one(void **state)
{
	struct text *left = fixture_text("l", "The talks, he said, failed\nSame line here\n");
	struct text *right = fixture_text("r", "The talks he said failed\nSame   line here\n");
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct comparison *cmp = comparison_new(left, right, SEGMENT_LINE, &options);

	check_invariants(cmp);
	assert_int_equal(cmp->entry_count, 2);
	assert_int_equal(cmp->entry[0].op, ALIGN_CHANGE);
	assert_int_equal(cmp->entry[1].op, ALIGN_EQUAL);
	comparison_free(cmp);
	text_free(left);
	text_free(right);
}

/*
 * paragraph-split's middle paragraph became a paragraph of two sentences,
 * one of them mostly new words: the paragraphs vouch for the split.  The
 * same lines with no blank lines between them give a pair and an insert.
 */
static void
align_paragraph_layout_vouches_for_a_split(void **state)
{
	struct fixture fx;
	struct text *flat[2];
	struct comparison *cmp;
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	char buf[2048];
	int s;

	(void)state;
	fixture_load("paragraph-split", &fx);
	for (s = 0; s < 2; s++) {
		size_t i, n = 0;

		for (i = 0; i < fx.text[s]->length && n + 1 < sizeof(buf); i++)
			if (!(fx.text[s]->bytes[i] == '\n' && n > 0 && buf[n - 1] == '\n'))
				buf[n++] = fx.text[s]->bytes[i];
		buf[n] = '\0';
		flat[s] = fixture_text(s ? "r" : "l", buf);
	}
	cmp = comparison_new(flat[0], flat[1], SEGMENT_LINE, &options);
	check_invariants(cmp);
	check_entries(cmp, "equal 0 0\nchange 1 1\ninsert - 2\nequal 2 3\n", "flat",
		      "paragraph-split");
	comparison_free(cmp);
	text_free(flat[0]);
	text_free(flat[1]);
	fixture_free(&fx);
}

/*
 * split-balanced: one sentence became two inside a paragraph, the first
 * half with facts of its own ("despite a wet winter and a shortage of
 * slate"), so it is not contained in the original and the layout says
 * nothing.  Read in order, each half matches its half of the original:
 * one 1:2 entry whose word diff shows the new facts as inserted.  The
 * halves may also come in the other order ("B. A."), as sentence units as
 * well as lines.
 */
static void
align_split_read_in_order_shows_new_material(void **state)
{
	struct fixture fx;
	struct text *swapped;
	struct comparison *cmp;
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	const char *right, *first, *second, *rest;
	char buf[2048];
	size_t k, i;
	int found = 0;

	(void)state;
	fixture_load("split-balanced", &fx);
	cmp = comparison_new(fx.text[0], fx.text[1], SEGMENT_SENTENCE, &options);
	check_invariants(cmp);
	check_entries(cmp, fx.expect, "sentence", "split-balanced");
	right = cmp->side[1].text->bytes;
	for (k = 0; k < cmp->entry_count; k++) {
		const struct align_entry *e = &cmp->entry[k];

		if (e->op != ALIGN_CHANGE)
			continue;
		for (i = 0; i < e->words.count; i++) {
			const struct word_edit *w = &e->words.edit[i];

			if (w->op == WORD_INSERT &&
			    memmem(right + w->span[1].offset, w->span[1].length, "wet winter",
				   strlen("wet winter")) != NULL)
				found = 1;
		}
	}
	assert_true(found);
	comparison_free(cmp);

	/* The two new sentences swapped. */
	first = strstr(fx.text[1]->bytes, "The mayor");
	second = strstr(fx.text[1]->bytes, "Two more");
	rest = strstr(fx.text[1]->bytes, "Opening");
	assert_non_null(first);
	assert_true(first < second && second < rest);
	snprintf(buf, sizeof(buf), "%.*s%.*s%.*s%s", (int)(first - fx.text[1]->bytes),
		 fx.text[1]->bytes, (int)(rest - second), second, (int)(second - first), first,
		 rest);
	swapped = fixture_text("r", buf);
	cmp = comparison_new(fx.text[0], swapped, SEGMENT_LINE, &options);
	check_invariants(cmp);
	check_entries(cmp, fx.expect, "swapped", "split-balanced");
	comparison_free(cmp);
	text_free(swapped);
	fixture_free(&fx);
}

/* A big gap goes through the sparse stage and still pairs what matches. */
static void
align_large_gap_pairs_rewrites_without_full_matrix(void **state)
{
	size_t units = 400, k, size = units * 96, used[2] = { 0, 0 };
	char *buf[2] = { malloc(size), malloc(size) };
	struct text *text[2];
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct comparison *cmp;
	size_t changes = 0;

	(void)state;
	/* Every line differs in one word, so no line anchors: one 400 x 400 gap. */
	for (k = 0; k < units; k++) {
		used[0] += (size_t)snprintf(buf[0] + used[0], size - used[0],
					    "w%zu x%zu y%zu z%zu left\n", k, k * 7, k * 13, k);
		used[1] += (size_t)snprintf(buf[1] + used[1], size - used[1],
					    "w%zu x%zu y%zu z%zu right\n", k, k * 7, k * 13, k);
	}
	text[0] = fixture_text("l", buf[0]);
	text[1] = fixture_text("r", buf[1]);
	cmp = comparison_new(text[0], text[1], SEGMENT_LINE, &options);
	check_invariants(cmp);
	for (k = 0; k < cmp->entry_count; k++)
		if (cmp->entry[k].op == ALIGN_CHANGE) {
			assert_int_equal(cmp->entry[k].left_first, cmp->entry[k].right_first);
			changes++;
		}
	assert_int_equal(changes, units);
	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
	free(buf[0]);
	free(buf[1]);
}

/* ---- the same alignment at a new threshold, reusing the last one ---- */

/* The JSON of cmp: words, flags and summary included. */
static char *
json_of(const struct comparison *cmp)
{
	struct render_options options = { .name = { "left", "right" }, .width = 80 };
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	assert_non_null(f);
	assert_int_equal(render_json(f, cmp, &options), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

/*
 * What comparison_new() gives at options, as JSON; aligned again with
 * dense_cells and thread_units where either is not 0 (0: the built-in
 * limits comparison_new() leaves).
 */
static char *
json_fresh(struct text *text[2], enum segment_kind kind, const struct align_options *options,
	   size_t dense_cells, size_t thread_units)
{
	struct comparison *cmp = comparison_new(text[0], text[1], kind, options);
	char *json;

	if (dense_cells != 0 || thread_units != 0) {
		cmp->dense_cells = dense_cells;
		cmp->thread_units = thread_units;
		align_run(cmp);
	}
	json = json_of(cmp);
	comparison_free(cmp);
	return json;
}

/*
 * Through one memo, + then - then + and then far and back, in both gap
 * stages and with and without moves: the JSON at each threshold is the
 * JSON of a fresh run at it.
 */
static void
check_memo_matches_fresh_runs(struct text *text[2], enum segment_kind kind, const char *name)
{
	static const double thresholds[] = { 0.35, 0.3, 0.35, 0.4, 0.45, 0.4, 0.0, 1.0, 0.95,
					     0.05, 0.6, 0.3 };
	size_t t;
	int d, moves;

	for (d = 0; d < 2; d++)
		for (moves = 0; moves < 2; moves++) {
			struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD,
							  .moves = moves };
			struct comparison *cmp = comparison_new(text[0], text[1], kind, &options);
			struct align_memo *memo;

			if (d) {
				cmp->dense_cells = 1;
				align_run(cmp);
			}
			memo = align_memo_new(cmp);
			for (t = 0; t < ARRAY_SIZE(thresholds); t++) {
				struct alignment alignment;
				char *got, *want;

				options.threshold = thresholds[t];
				align_compute(memo, &options, &alignment);
				comparison_swap_alignment(cmp, &alignment);
				alignment_free(&alignment);
				check_invariants(cmp);
				got = json_of(cmp);
				want = json_fresh(text, kind, &options, d ? 1 : 0, 0);
				if (strcmp(got, want) != 0)
					fail_msg("%s (%s, moves %d): threshold %.2f after %zu others "
						 "differs from a fresh run", name,
						 d ? "sparse" : "dense", moves, thresholds[t], t);
				free(got);
				free(want);
			}
			align_memo_free(memo);
			comparison_free(cmp);
		}
}

static void
align_memo_at_new_thresholds_matches_fresh_runs_on_fixtures(void **state)
{
	size_t f;

	(void)state;
	for (f = 0; f < ARRAY_SIZE(fixture_names); f++) {
		struct fixture fx;

		fixture_load(fixture_names[f], &fx);
		check_memo_matches_fresh_runs(fx.text, SEGMENT_LINE, fixture_names[f]);
		fixture_free(&fx);
	}
}

/*
 * A generated rewrite of 400 lines over a vocabulary of 120 words: words
 * changed, lines dropped, added and moved.  Every word is in some 30
 * lines, so a unit shares its rarest words with a hundred others and more:
 * the move candidates the memo keeps per unit run out, and it searches
 * again.
 */
static unsigned
next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void
make_rewrite(struct text *text[2], size_t lines)
{
	size_t size = lines * 128, used[2] = { 0, 0 }, k, w;
	char *buf[2] = { malloc(size), malloc(size) };
	unsigned seed = 12345;

	assert_non_null(buf[0]);
	assert_non_null(buf[1]);
	for (k = 0; k < lines; k++) {
		unsigned words[10], fate = next_random(&seed) % 20;
		char line[2][160];
		size_t n[2] = { 0, 0 };

		for (w = 0; w < 10; w++)
			words[w] = next_random(&seed) % 120;
		for (w = 0; w < 10; w++) {
			n[0] += (size_t)snprintf(line[0] + n[0], sizeof(line[0]) - n[0], "%sw%u",
						 w ? " " : "", words[w]);
			if (next_random(&seed) % 5 == 0)
				words[w] = next_random(&seed) % 120;
			n[1] += (size_t)snprintf(line[1] + n[1], sizeof(line[1]) - n[1], "%sw%u",
						 w ? " " : "", words[w]);
		}
		used[0] += (size_t)snprintf(buf[0] + used[0], size - used[0], "%s\n", line[0]);
		if (fate == 0)		/* dropped */
			continue;
		if (fate == 1) {	/* added */
			unsigned a = next_random(&seed) % 120, b = next_random(&seed) % 120;

			used[1] += (size_t)snprintf(buf[1] + used[1], size - used[1],
						    "w%u w%u new\n", a, b);
		}
		if (fate == 2 && k > 40) {	/* moved up, into an earlier line's place */
			size_t at = used[1] / 2;

			while (at > 0 && buf[1][at - 1] != '\n')
				at--;
			memmove(buf[1] + at + n[1] + 1, buf[1] + at, used[1] - at);
			memcpy(buf[1] + at, line[1], n[1]);
			buf[1][at + n[1]] = '\n';
			used[1] += n[1] + 1;
			continue;
		}
		used[1] += (size_t)snprintf(buf[1] + used[1], size - used[1], "%s\n", line[1]);
	}
	buf[0][used[0]] = '\0';
	buf[1][used[1]] = '\0';
	text[0] = fixture_text("left", buf[0]);
	text[1] = fixture_text("right", buf[1]);
	free(buf[0]);
	free(buf[1]);
}

static void
align_memo_at_new_thresholds_matches_fresh_runs_on_a_long_rewrite(void **state)
{
	struct text *text[2];
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct comparison *cmp;

	(void)state;
	make_rewrite(text, 400);
	/* The pair has what the memo keeps: changes and moves. */
	cmp = comparison_new(text[0], text[1], SEGMENT_LINE, &options);
	assert_true(cmp->summary.count[ALIGN_CHANGE] > 100);
	assert_true(cmp->summary.count[ALIGN_MOVE] > 0);
	comparison_free(cmp);
	check_memo_matches_fresh_runs(text, SEGMENT_LINE, "generated rewrite");
	text_free(text[0]);
	text_free(text[1]);
}

/*
 * The gaps scored by two threads (every comparison split, thread_units 1)
 * give what one thread gives (none split): fresh runs, and a memo made by
 * two threads at new thresholds, dense and sparse, with and without moves.
 */
static void
check_threads_match_one_thread(struct text *text[2], enum segment_kind kind, const char *name)
{
	static const double thresholds[] = { ALIGN_DEFAULT_THRESHOLD, 0.3, 0.6, 0.0, 1.0 };
	size_t t, dense_cells[2] = { 0, 1 };
	int d, moves;

	for (d = 0; d < 2; d++)
		for (moves = 0; moves < 2; moves++) {
			struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD,
							  .moves = moves };
			struct comparison *cmp = comparison_new(text[0], text[1], kind, &options);
			struct align_memo *memo;

			cmp->dense_cells = dense_cells[d];
			cmp->thread_units = 1;
			memo = align_memo_new(cmp);
			for (t = 0; t < ARRAY_SIZE(thresholds); t++) {
				struct alignment alignment;
				char *one, *two, *memo_json;

				options.threshold = thresholds[t];
				one = json_fresh(text, kind, &options, dense_cells[d], SIZE_MAX);
				two = json_fresh(text, kind, &options, dense_cells[d], 1);
				align_compute(memo, &options, &alignment);
				comparison_swap_alignment(cmp, &alignment);
				alignment_free(&alignment);
				memo_json = json_of(cmp);
				if (strcmp(one, two) != 0)
					fail_msg("%s (%s, moves %d, threshold %.2f): two threads "
						 "differ from one", name, d ? "sparse" : "dense",
						 moves, thresholds[t]);
				if (strcmp(one, memo_json) != 0)
					fail_msg("%s (%s, moves %d, threshold %.2f): a memo made "
						 "by two threads differs from one thread", name,
						 d ? "sparse" : "dense", moves, thresholds[t]);
				free(one);
				free(two);
				free(memo_json);
			}
			align_memo_free(memo);
			comparison_free(cmp);
		}
}

static void
align_in_two_threads_matches_one_thread(void **state)
{
	struct text *text[2];
	size_t f;

	(void)state;
	for (f = 0; f < ARRAY_SIZE(fixture_names); f++) {
		struct fixture fx;

		fixture_load(fixture_names[f], &fx);
		check_threads_match_one_thread(fx.text, SEGMENT_LINE, fixture_names[f]);
		fixture_free(&fx);
	}
	make_rewrite(text, 400);
	check_threads_match_one_thread(text, SEGMENT_LINE, "generated rewrite");
	text_free(text[0]);
	text_free(text[1]);
}

/*
 * Large enough for every thread align_run() has (gaps, indexes, and the
 * word diffs of the in-order changes begun while the moves are found):
 * the JSON is the JSON of one thread, with and without moves.
 */
static void
align_run_in_threads_matches_one_thread_on_a_large_rewrite(void **state)
{
	struct text *text[2];
	int moves;

	(void)state;
	make_rewrite(text, 3000);
	for (moves = 0; moves < 2; moves++) {
		struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD,
						  .moves = moves };
		char *one = json_fresh(text, SEGMENT_LINE, &options, 0, SIZE_MAX);
		char *two = json_fresh(text, SEGMENT_LINE, &options, 0, 0);

		assert_string_equal(one, two);
		free(one);
		free(two);
	}
	text_free(text[0]);
	text_free(text[1]);
}

/*
 * A batch run keeps the alignment's scratch with the comparison
 * (align_run_keep()): the alignment is align_run()'s, a second run frees
 * the first one's scratch, and comparison_free() the last (the leak
 * checker of the sanitizer build holds it to that).
 */
static void
align_run_keep_gives_what_align_run_gives(void **state)
{
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct text *text[2];
	struct comparison *cmp;
	char *plain, *kept;
	int run;

	(void)state;
	make_rewrite(text, 3000);
	plain = json_fresh(text, SEGMENT_LINE, &options, 0, 0);
	cmp = comparison_prepare(text[0], text[1], SEGMENT_LINE, &options);
	for (run = 0; run < 2; run++) {
		align_run_keep(cmp);
		assert_non_null(cmp->spent);
		kept = json_of(cmp);
		assert_string_equal(plain, kept);
		free(kept);
	}
	align_run(cmp);
	assert_null(cmp->spent);
	align_run_keep(cmp);
	comparison_free(cmp);
	free(plain);
	text_free(text[0]);
	text_free(text[1]);
}

/* The viewer's way: wait for the worker's alignment at threshold, install it. */
static void
take_from_worker(struct realign *realign, struct comparison *cmp, double threshold,
		 double step)
{
	struct align_options options = cmp->options;
	struct alignment alignment;
	struct timespec pause = { 0, 1000000 };
	double next[2];
	int waited;

	options.threshold = threshold;
	for (waited = 0; !realign_take(realign, &options, &alignment); waited++) {
		if (waited > 30000)
			fail_msg("no alignment at %.2f from the worker in 30 s", threshold);
		nanosleep(&pause, NULL);
	}
	comparison_swap_alignment(cmp, &alignment);
	realign_give(realign, &alignment);	/* the old one: a neighbour now */
	/* Rounded as the viewer rounds: thresholds are wanted and taken exactly. */
	next[0] = floor((threshold + step) * 100 + 0.5) / 100;
	next[1] = floor((threshold - step) * 100 + 0.5) / 100;
	realign_want(realign, &options, next, 2);
}

/*
 * + then - then + through the background worker, as the viewer does it:
 * each alignment installed is the one a fresh run at that threshold gives.
 */
static void
realign_worker_gives_what_fresh_runs_give(void **state)
{
	struct text *text[2];
	struct align_options options = { .threshold = 0.5, .moves = 1 };
	const double step = 0.05, keys[] = { +1, -1, +1, +1, -1 };
	double threshold = 0.5, next[2] = { 0.55, 0.45 };
	struct comparison *cmp;
	struct realign *realign;
	struct realign_stats stats;
	size_t k;

	(void)state;
	make_rewrite(text, 400);
	cmp = comparison_new(text[0], text[1], SEGMENT_LINE, &options);
	realign = realign_new(cmp);
	realign_want(realign, &options, next, 2);
	for (k = 0; k < ARRAY_SIZE(keys); k++) {
		char *got, *want;

		threshold = floor((threshold + keys[k] * step) * 100 + 0.5) / 100;
		take_from_worker(realign, cmp, threshold, step);
		options.threshold = threshold;
		got = json_of(cmp);
		want = json_fresh(text, SEGMENT_LINE, &options, 0, 0);
		if (strcmp(got, want) != 0)
			fail_msg("key %zu: the worker's alignment at %.2f differs from a fresh run",
				 k, threshold);
		assert_true(cmp->options.threshold == threshold);
		free(got);
		free(want);
	}
	realign_stats(realign, &stats);
	assert_true(stats.computed >= 3);
	realign_free(realign);
	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
}

/* Freed while it works, or before it ever ran: no leak, no hang. */
static void
realign_free_stops_a_busy_worker(void **state)
{
	struct text *text[2];
	struct align_options options = { .threshold = 0.3, .moves = 1 };
	const double many[] = { 0.0, 0.1, 0.2, 0.4 };
	struct comparison *cmp;

	(void)state;
	make_rewrite(text, 400);
	cmp = comparison_new(text[0], text[1], SEGMENT_LINE, &options);
	realign_free(realign_new(cmp));
	realign_free(NULL);
	{
		struct realign *realign = realign_new(cmp);

		realign_want(realign, &options, many, ARRAY_SIZE(many));
		realign_free(realign);
	}
	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
}

/* ---- similarity ---- */

static void
make_list(struct token_table *table, const char *words, struct token_list *out)
{
	const char *p = words;

	out->count = 0;
	out->token = calloc(64, sizeof(*out->token));
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		out->token[out->count++].id = tokens_table_intern(table, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void
similarity_weighs_rare_tokens_above_common_ones(void **state)
{
	struct token_table *table = tokens_table_new();
	struct token_list unit[4];
	struct similarity *sim;
	double same, rare, common, empty;

	(void)state;
	make_list(table, "the mayor of Leeds said", &unit[0]);
	make_list(table, "the mayor said the", &unit[1]);
	make_list(table, "Leeds won the cup", &unit[2]);
	make_list(table, "the of said", &unit[3]);
	sim = similarity_new_lists(table, unit, 2, unit + 2, 2);
	same = similarity_score(sim, &unit[0], 1, &unit[0], 1);
	assert_true(same == 1.0);
	/* Symmetric. */
	assert_true(similarity_score(sim, &unit[0], 1, &unit[2], 1) ==
		    similarity_score(sim, &unit[2], 1, &unit[0], 1));
	/* "Leeds" (two units) counts for more than "the" (all four). */
	assert_true(similarity_weight(sim, tokens_table_intern(table, "Leeds", 5)) >
		    similarity_weight(sim, tokens_table_intern(table, "the", 3)));
	rare = similarity_score(sim, &unit[0], 1, &unit[2], 1);
	common = similarity_score(sim, &unit[0], 1, &unit[3], 1);
	assert_true(rare > 0 && common > 0);
	/* Multisets: "the" twice on one side is matched once. */
	assert_true(similarity_score(sim, &unit[1], 1, &unit[3], 1) < 1.0);
	empty = similarity_score(sim, &unit[0], 0, &unit[1], 1);
	assert_true(empty == 0.0);
	similarity_free(sim);
	similarity_free(NULL);
	for (size_t k = 0; k < 4; k++)
		tokens_list_free(&unit[k]);
	tokens_table_free(table);
}

/*
 * The aligner takes its weights from the document frequencies the token
 * table counted while tokenizing (similarity_new()); they must be the ones
 * a recount over the units' token lists gives, for a small comparison and
 * for one large enough to be tokenized in two threads and merged.
 */
static void
similarity_table_counts_equal_a_recount(void **state)
{
	struct align_options options = { .threshold = ALIGN_DEFAULT_THRESHOLD, .moves = 1 };
	struct text *small[2], *large[2];
	struct text **text;
	int t;

	(void)state;
	small[0] = fixture_text("left", "The mayor said the port will grow. Prices rose.\n\n"
				"The mayor said the port will grow. It rained.\n");
	small[1] = fixture_text("right", "Prices rose. The port will grow, the mayor said.\n\n"
				"It rained. It rained again.\n");
	make_rewrite(large, 3000);
	for (t = 0; t < 2; t++) {
		struct comparison *cmp;
		struct similarity *counted, *recounted;
		size_t id, vocabulary;

		text = t ? large : small;
		cmp = comparison_prepare(text[0], text[1], t ? SEGMENT_LINE : SEGMENT_SENTENCE,
					 &options);
		vocabulary = tokens_table_size(cmp->table);
		assert_true(vocabulary > (t ? 100u : 5u));
		counted = similarity_new(cmp->table, cmp->side[0].units.count,
					 cmp->side[1].units.count);
		recounted = similarity_new_lists(cmp->table, cmp->side[0].tokens,
						 cmp->side[0].units.count, cmp->side[1].tokens,
						 cmp->side[1].units.count);
		for (id = 0; id < vocabulary; id++)
			if (similarity_weight(counted, (uint32_t)id) !=
			    similarity_weight(recounted, (uint32_t)id))
				fail_msg("%s comparison: token %zu (%s) weighs %g counted, %g "
					 "recounted", t ? "large" : "small", id,
					 tokens_table_text(cmp->table, (uint32_t)id),
					 similarity_weight(counted, (uint32_t)id),
					 similarity_weight(recounted, (uint32_t)id));
		similarity_free(counted);
		similarity_free(recounted);
		comparison_free(cmp);
	}
	for (t = 0; t < 2; t++) {
		text_free(small[t]);
		text_free(large[t]);
	}
}

/* CJK: one token a character, many shared by chance; a rewrite still wins. */
static void
similarity_copes_with_single_character_tokens(void **state)
{
	struct token_table *table = tokens_table_new();
	struct token_list unit[4];
	struct similarity *sim;
	double rewrite, other;

	(void)state;
	make_list(table, "政 府 周 二 宣 布 新 的 港 口 预 算", &unit[0]);
	make_list(table, "天 气 预 报 说 周 末 的 山 区 有 雪", &unit[1]);
	make_list(table, "周 二 政 府 公 布 了 新 港 口 预 算", &unit[2]);
	make_list(table, "山 区 周 末 有 大 雪 的 预 报", &unit[3]);
	sim = similarity_new_lists(table, unit, 2, unit + 2, 2);
	rewrite = similarity_score(sim, &unit[0], 1, &unit[2], 1);
	other = similarity_score(sim, &unit[0], 1, &unit[3], 1);
	assert_true(rewrite >= 0.6);
	assert_true(other <= 0.3);
	assert_true(similarity_score(sim, &unit[1], 1, &unit[3], 1) >= 0.6);
	similarity_free(sim);
	for (size_t k = 0; k < 4; k++)
		tokens_list_free(&unit[k]);
	tokens_table_free(table);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(align_fixtures_give_the_expected_entries_in_every_variant),
		cmocka_unit_test(align_thresholds_keep_invariants_and_equal_units),
		cmocka_unit_test(align_high_threshold_turns_paraphrases_into_deletes_and_inserts),
		cmocka_unit_test(align_realign_is_deterministic),
		cmocka_unit_test(align_identical_reports_no_difference),
		cmocka_unit_test(align_punctuation_change_is_a_change_scoring_one),
		cmocka_unit_test(align_paragraph_layout_vouches_for_a_split),
		cmocka_unit_test(align_split_read_in_order_shows_new_material),
		cmocka_unit_test(align_large_gap_pairs_rewrites_without_full_matrix),
		cmocka_unit_test(align_memo_at_new_thresholds_matches_fresh_runs_on_fixtures),
		cmocka_unit_test(align_memo_at_new_thresholds_matches_fresh_runs_on_a_long_rewrite),
		cmocka_unit_test(align_in_two_threads_matches_one_thread),
		cmocka_unit_test(align_run_in_threads_matches_one_thread_on_a_large_rewrite),
		cmocka_unit_test(align_run_keep_gives_what_align_run_gives),
		cmocka_unit_test(realign_worker_gives_what_fresh_runs_give),
		cmocka_unit_test(realign_free_stops_a_busy_worker),
		cmocka_unit_test(similarity_weighs_rare_tokens_above_common_ones),
		cmocka_unit_test(similarity_copes_with_single_character_tokens),
		cmocka_unit_test(similarity_table_counts_equal_a_recount),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
