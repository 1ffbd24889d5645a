/*
 * test-flags: the fact-check flags of change and move pairs, through the
 * real segmenter and tokenizer.  The cases a reader would spot, and the near
 * misses that must not flag, live in tests/data/flags-cases.txt (one cmocka
 * test per case, named by its title); the article pair
 * tests/data/flags-{left,right}.txt checks a whole story paragraph by
 * paragraph.  Entries are built by hand so the tests do not depend on what
 * the aligner pairs.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixtures.h"
#include "flags.h"

struct flag_case {
	char *title;		/* "number: five and 5 are one figure" */
	int line;		/* of the title in the cases file */
	unsigned expected;
	char *left, *right;	/* units separated by blank lines */
};

struct case_file {
	struct flag_case *item;
	size_t count;
};

static struct case_file cases;

static char *
data_path(const char *name)
{
	const char *dir = getenv("top_srcdir");
	size_t n;
	char *path;

	if (dir == NULL || *dir == '\0')
		dir = ".";
	n = strlen(dir) + strlen(name) + 16;
	path = xmalloc(n);
	snprintf(path, n, "%s/tests/data/%s", dir, name);
	return path;
}

static char *
read_data(const char *name)
{
	char *path = data_path(name), *buf;
	FILE *f = fopen(path, "rb");
	long size;

	if (f == NULL) {
		fprintf(stderr, "test-flags: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)size + 1);
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "test-flags: cannot read %s\n", path);
		exit(1);
	}
	buf[size] = '\0';
	fclose(f);
	free(path);
	return buf;
}

static unsigned
flag_bit(const char *name)
{
	unsigned i;

	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		if (strcmp(align_flag_name(1u << i), name) == 0)
			return 1u << i;
	return 0;
}

static void
append_unit(char **side, const char *text)
{
	size_t old = *side ? strlen(*side) : 0, n = strlen(text);

	*side = xrealloc(*side, old + n + 3);
	if (old > 0) {
		memcpy(*side + old, "\n\n", 2);
		old += 2;
	}
	memcpy(*side + old, text, n + 1);
}

/* Parse tests/data/flags-cases.txt; a malformed file fails the whole run. */
static void
load_cases(void)
{
	char *buf = read_data("flags-cases.txt"), *line, *next;
	int number = 0;
	size_t cap = 0;

	for (line = buf; line != NULL && *line != '\0'; line = next) {
		struct flag_case *c = cases.count ? &cases.item[cases.count - 1] : NULL;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		number++;
		if (strncmp(line, "## ", 3) == 0) {
			if (cases.count == cap) {
				cap = cap ? cap * 2 : 64;
				cases.item = xreallocarray(cases.item, cap, sizeof(*cases.item));
			}
			c = &cases.item[cases.count++];
			memset(c, 0, sizeof(*c));
			c->title = xstrdup(line + 3);
			c->line = number;
		} else if (strncmp(line, "= ", 2) == 0 && c != NULL) {
			char *word = strtok(line + 2, " ");

			for (; word != NULL; word = strtok(NULL, " ")) {
				if (strcmp(word, "none") == 0)
					continue;
				if (flag_bit(word) == 0) {
					fprintf(stderr, "flags-cases.txt:%d: unknown flag %s\n",
						number, word);
					exit(1);
				}
				c->expected |= flag_bit(word);
			}
		} else if (strncmp(line, "< ", 2) == 0 && c != NULL) {
			append_unit(&c->left, line + 2);
		} else if (strncmp(line, "> ", 2) == 0 && c != NULL) {
			append_unit(&c->right, line + 2);
		} else if (*line != '\0' && *line != '#') {
			fprintf(stderr, "flags-cases.txt:%d: cannot read this line\n", number);
			exit(1);
		}
	}
	free(buf);
}

static void
free_cases(void)
{
	size_t i;

	for (i = 0; i < cases.count; i++) {
		free(cases.item[i].title);
		free(cases.item[i].left);
		free(cases.item[i].right);
	}
	free(cases.item);
}

static void
flag_names(unsigned flags, char *out, size_t size)
{
	unsigned i;

	snprintf(out, size, "%s", flags ? "" : "none");
	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		if (flags & (1u << i)) {
			size_t n = strlen(out);

			snprintf(out + n, size - n, "%s%s", n ? " " : "", align_flag_name(1u << i));
		}
}

/*
 * Flags of one pair: the left units [lf, lf+lc) against the right units
 * [rf, rf+rc) as an entry of kind op; lc or rc of (size_t)-1 means "all".
 */
static unsigned
pair_flags_range(const char *left, const char *right, enum align_op op,
		 size_t lf, size_t lc, size_t rf, size_t rc)
{
	struct text *l = fixture_text("left", left), *r = fixture_text("right", right);
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct comparison *cmp = comparison_new(l, r, SEGMENT_SENTENCE, &options);
	struct align_entry entry;
	unsigned flags;

	memset(&entry, 0, sizeof(entry));
	entry.op = op;
	entry.left_first = lf;
	entry.left_count = lc == (size_t)-1 ? cmp->side[0].units.count - lf : lc;
	entry.right_first = rf;
	entry.right_count = rc == (size_t)-1 ? cmp->side[1].units.count - rf : rc;
	flags = flags_entry(cmp, &entry);
	comparison_free(cmp);
	text_free(l);
	text_free(r);
	return flags;
}

static unsigned
pair_flags(const char *left, const char *right)
{
	return pair_flags_range(left, right, ALIGN_CHANGE, 0, (size_t)-1, 0, (size_t)-1);
}

static void
flags_case_reads_as_expected(void **state)
{
	const struct flag_case *c = *state;
	unsigned got = pair_flags(c->left, c->right);
	char want_names[128], got_names[128];

	if (got != c->expected) {
		flag_names(c->expected, want_names, sizeof(want_names));
		flag_names(got, got_names, sizeof(got_names));
		fail_msg("flags-cases.txt:%d: %s: expected [%s], got [%s]", c->line, c->title,
			 want_names, got_names);
	}
}

/* A side compared with itself changed nothing, whatever it holds. */
static void
flags_none_when_each_side_meets_itself(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cases.count; i++) {
		unsigned left = pair_flags(cases.item[i].left, cases.item[i].left);
		unsigned right = pair_flags(cases.item[i].right, cases.item[i].right);

		if (left != 0 || right != 0)
			fail_msg("flags-cases.txt:%d: a side against itself raised flags %#x %#x",
				 cases.item[i].line, left, right);
	}
}

/* Which side is the original does not matter: a figure added is a figure removed. */
static void
flags_same_both_ways(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cases.count; i++) {
		unsigned forward = pair_flags(cases.item[i].left, cases.item[i].right);
		unsigned backward = pair_flags(cases.item[i].right, cases.item[i].left);

		if (forward != backward)
			fail_msg("flags-cases.txt:%d: left-right %#x, right-left %#x",
				 cases.item[i].line, forward, backward);
	}
}

static void
flags_only_on_change_and_move_entries(void **state)
{
	const char *left = "Peskov said 3 ships were not seized.";
	const char *right = "Lavrov claimed 4 ships were seized.";

	(void)state;
	assert_int_equal(pair_flags_range(left, right, ALIGN_MOVE, 0, 1, 0, 1),
			 ALIGN_FLAG_NUMBER | ALIGN_FLAG_ATTRIBUTION | ALIGN_FLAG_NEGATION |
			 ALIGN_FLAG_NAME);
	assert_int_equal(pair_flags_range(left, right, ALIGN_EQUAL, 0, 1, 0, 1), 0);
	assert_int_equal(pair_flags_range(left, right, ALIGN_DELETE, 0, 1, 0, 0), 0);
	assert_int_equal(pair_flags_range(left, right, ALIGN_INSERT, 0, 0, 0, 1), 0);
}

/* A 1:2 pair reads both right units: the figure moved to the second one. */
static void
flags_read_every_unit_of_a_split_pair(void **state)
{
	const char *left = "The port reopened on Monday after 12 ships were cleared.";
	const char *right = "The port reopened on Monday. 12 ships were cleared.";

	(void)state;
	assert_int_equal(pair_flags_range(left, right, ALIGN_CHANGE, 0, 1, 0, 2), 0);
	/* the same pair cut short at the first right unit loses the figure */
	assert_int_equal(pair_flags_range(left, right, ALIGN_CHANGE, 0, 1, 0, 1),
			 ALIGN_FLAG_NUMBER);
}

/* Units outside the pair never leak in: only the middle units are compared. */
static void
flags_ignore_units_outside_the_pair(void **state)
{
	const char *left = "In Rome 5 ships sailed. The talks went well. In Paris 7 planes landed.";
	const char *right = "In Oslo 9 ships sailed. The talks went well. In Bern 2 planes landed.";

	(void)state;
	assert_int_equal(pair_flags_range(left, right, ALIGN_CHANGE, 1, 1, 1, 1), 0);
	assert_int_equal(pair_flags_range(left, right, ALIGN_CHANGE, 0, 1, 0, 1),
			 ALIGN_FLAG_NUMBER | ALIGN_FLAG_NAME);
}

/* The story in tests/data/flags-{left,right}.txt, paragraph k against k. */
static void
flags_of_the_flood_barrier_story(void **state)
{
	static const unsigned expected[] = {
		0,	/* headline unchanged */
		0,	/* 1.2 billion euro = €1.2bn, reworded */
		ALIGN_FLAG_NUMBER | ALIGN_FLAG_QUOTE | ALIGN_FLAG_ATTRIBUTION,
		0,	/* unchanged */
		ALIGN_FLAG_NAME,	/* Hamburg dropped; 30 = thirty */
		ALIGN_FLAG_NEGATION,	/* "would not fall" -> "would fall" */
		ALIGN_FLAG_ATTRIBUTION,	/* a statement gained a source */
		0,
	};
	char *left_bytes = read_data("flags-left.txt");
	char *right_bytes = read_data("flags-right.txt");
	struct text *l = fixture_text("flags-left.txt", left_bytes);
	struct text *r = fixture_text("flags-right.txt", right_bytes);
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct comparison *cmp = comparison_new(l, r, SEGMENT_PARAGRAPH, &options);
	size_t k;

	(void)state;
	assert_int_equal(cmp->side[0].units.count, ARRAY_SIZE(expected));
	assert_int_equal(cmp->side[1].units.count, ARRAY_SIZE(expected));
	for (k = 0; k < ARRAY_SIZE(expected); k++) {
		struct align_entry entry;
		unsigned got;

		memset(&entry, 0, sizeof(entry));
		entry.op = ALIGN_CHANGE;
		entry.left_first = entry.right_first = k;
		entry.left_count = entry.right_count = 1;
		got = flags_entry(cmp, &entry);
		if (got != expected[k])
			fail_msg("paragraph %zu: expected %#x, got %#x", k + 1, expected[k], got);
	}
	comparison_free(cmp);
	text_free(l);
	text_free(r);
	free(left_bytes);
	free(right_bytes);
}

/* ---- the quick exits against the reference ------------------------- */

/*
 * Mostly plain words, so that one word that feeds a kind often decides
 * it; then words that feed every flag kind and every rule of the lexer: names and
 * initials, figures in all their spellings, dates, quote marks of several
 * styles, reporting verbs, pronouns, modals, negators, possessives,
 * hyphens, Latin-1 and CJK words, datelines and labels.  Changes drawn
 * from them flag about half the time.
 */
static const char *const plain_words[] = {
	"the", "of", "to", "in", "was", "ships", "port", "talks", "barrier", "costs",
	"rose", "fell", "quickly", "harbour", "river", "plan", "council", "vote",
	"water", "level", "built", "near", "old", "city", "work", "began", "last",
};

static const char *const diff_words[] = {
	"the", "a", "an", "of", "and", "to", "in", "that", "was", "it", "they", "he",
	"she", "who", "which", "would", "could", "will", "being", "this", "its",
	"ships", "port", "talks", "barrier", "costs", "rose", "fell", "quickly",
	"officials", "police", "data", "people", "point", "points", "percentage",
	"Peskov", "Dmitry", "Kremlin", "Russia", "Russian", "Russia's", "U.S.", "US",
	"United", "States", "UK", "Britain", "British", "NATO", "McCain", "Mr.", "Dr.",
	"J.", "Jong-un", "Kim", "Moscow:", "Update:", "Hamburg", "EU", "European", "Union",
	"said", "says", "told", "claimed", "denied", "according", "to", "added", "warned",
	"say,", "stated", "states",
	/* lexicon words of 7, 8 and more bytes beside near misses: the 8-byte
	   head compare of the plain-word path against the reference's strcmp() */
	"claimed", "claimer", "declared", "declarer", "Thursday", "Thursdays",
	"announced", "announcer", "acknowledged", "acknowledgee", "September",
	"Septembers", "thousands", "accordingly", "confirming", "confirmingly",
	"not", "never", "no", "No.", "don't", "isn't", "won’t", "n'est", "nicht", "without",
	"5", "12", "1,300", "2.5", "2,5", "3bn", "1.3m", "10k", "1990s", "21st", "2.5%",
	"%", "per", "cent", "percent", "five", "twenty-five", "twenty-first", "one",
	"hundred", "a million", "two million", "a dozen", "thousand", "bn", "lakh",
	"March", "May", "Monday", "Jan.", "October", "may",
	"\"", "\"", "“", "”", "'", "‘", "’", "«", "»", "„", "「", "」",
	"café", "Müller", "Ærø", "ÉTAT", "straße", "naïve", "İstanbul",
	"30亿", "三十亿", "两亿三千万", "五千億円", "统一", "十分", "二〇二六年",
	",", ",", ".", ".", "?", "!", ":", "|", "(", ")", "—", "-", "…", "students'",
	/* bytes just outside the ranges of letters and digits, glued to
	   words: the range compares of the sixteen-byte scan */
	"x{y", "Kim[1]", "a@b", "`Peskov`", "5:30", "/5/", "said{", "Z^", "~no", "7;",
	/* reporting verbs and negators before a lead byte: read by the
	   general path, where they must be picked for the clause passes too */
	"said—", "told…", "says’", "not—", "never…",
};

struct rng {
	uint64_t state;
};

static unsigned
rng_below(struct rng *r, unsigned n)
{
	r->state ^= r->state << 13;
	r->state ^= r->state >> 7;
	r->state ^= r->state << 17;
	return (unsigned)((r->state >> 11) % n);
}

static void
append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

static const char *
random_word(struct rng *r)
{
	if (rng_below(r, 3) != 0)
		return plain_words[rng_below(r, ARRAY_SIZE(plain_words))];
	return diff_words[rng_below(r, ARRAY_SIZE(diff_words))];
}

/* A unit of random words: a sentence or two, now and then a headline. */
static void
random_unit(struct rng *r, char *words[], size_t *count)
{
	size_t n = 3 + rng_below(r, 14), i;

	*count = 0;
	for (i = 0; i < n; i++)
		words[(*count)++] = (char *)random_word(r);
	if (rng_below(r, 5) != 0)
		words[(*count)++] = (char *)(rng_below(r, 4) ? "." : "?");
}

/* The unit paraphrased: words substituted, inserted, deleted, swapped. */
static void
paraphrase(struct rng *r, char *words[], size_t *count)
{
	size_t i, edits = 1 + rng_below(r, 2) * rng_below(r, 3);

	for (i = 0; i < edits && *count > 0; i++) {
		size_t at = rng_below(r, (unsigned)*count);
		const char *w = diff_words[rng_below(r, ARRAY_SIZE(diff_words))];

		switch (rng_below(r, 4)) {
		case 0:
			words[at] = (char *)w;
			break;
		case 1:
			if (*count < 40) {
				memmove(words + at + 1, words + at, (*count - at) * sizeof(*words));
				words[at] = (char *)w;
				(*count)++;
			}
			break;
		case 2:
			memmove(words + at, words + at + 1, (*count - at - 1) * sizeof(*words));
			(*count)--;
			break;
		default:
			if (at + 1 < *count) {
				char *t = words[at];

				words[at] = words[at + 1];
				words[at + 1] = t;
			}
			break;
		}
	}
}

static void
join_unit(char **buf, size_t *len, size_t *cap, char *words[], size_t count, struct rng *r)
{
	size_t i;

	if (*len > 0)
		append(buf, len, cap, "\n\n");
	for (i = 0; i < count; i++) {
		/* mostly spaced, sometimes glued: "said:", "(U.S.)", "“Peskov" */
		if (i > 0 && rng_below(r, 6) != 0)
			append(buf, len, cap, " ");
		append(buf, len, cap, words[i]);
	}
}

/*
 * The quick exits (a kind skipped when no word of either side holds what
 * it reads) and the ASCII fast path of the lexer change no flag: several
 * thousand random pairs, one to three units a side, flag the same as with
 * the reference scratch, which runs every pass and reads every word the
 * general way.  Each kind must both flag and not flag often, or the
 * comparison would prove nothing.
 */
static void
flags_quick_exits_change_nothing(void **state)
{
	enum { UNITS = 1000, PAIRS = 8000 };
	struct rng r = { 0x9e3779b97f4a7c15u };
	char *left = NULL, *right = NULL;
	size_t left_len = 0, left_cap = 0, right_len = 0, right_cap = 0, u, k, i;
	size_t raised[ALIGN_FLAG_COUNT] = { 0 };
	struct flags_scratch *fast = flags_scratch_new(), *reference = flags_scratch_new_reference();
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *l, *rt;
	struct comparison *cmp;

	(void)state;
	for (u = 0; u < UNITS; u++) {
		char *words[48];
		size_t count;

		random_unit(&r, words, &count);
		join_unit(&left, &left_len, &left_cap, words, count, &r);
		if (rng_below(&r, 8) != 0)
			paraphrase(&r, words, &count);
		join_unit(&right, &right_len, &right_cap, words, count, &r);
	}
	l = fixture_text("left", left);
	rt = fixture_text("right", right);
	cmp = comparison_new(l, rt, SEGMENT_PARAGRAPH, &options);
	assert_true(cmp->side[0].units.count > UNITS / 2);
	assert_true(cmp->side[1].units.count > UNITS / 2);
	for (k = 0; k < PAIRS; k++) {
		struct align_entry entry;
		size_t lu = cmp->side[0].units.count, ru = cmp->side[1].units.count;
		unsigned got, want;

		memset(&entry, 0, sizeof(entry));
		entry.op = rng_below(&r, 2) ? ALIGN_CHANGE : ALIGN_MOVE;
		entry.left_count = 1 + rng_below(&r, 3);
		entry.right_count = 1 + rng_below(&r, 3);
		entry.left_first = rng_below(&r, (unsigned)(lu - entry.left_count + 1));
		/* mostly the unit's own paraphrase, sometimes any other */
		entry.right_first = rng_below(&r, 4) ? entry.left_first : rng_below(&r, (unsigned)(ru - entry.right_count + 1));
		if (entry.right_first + entry.right_count > ru)
			entry.right_first = ru - entry.right_count;
		got = flags_entry_scratch(cmp, &entry, fast);
		want = flags_entry_scratch(cmp, &entry, reference);
		if (got != want)
			fail_msg("pair %zu (left %zu+%zu, right %zu+%zu): %#x, reference %#x", k,
				 entry.left_first, entry.left_count, entry.right_first,
				 entry.right_count, got, want);
		for (i = 0; i < ALIGN_FLAG_COUNT; i++)
			raised[i] += (want >> i) & 1;
	}
	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		if (raised[i] < PAIRS / 20 || raised[i] > PAIRS - PAIRS / 20)
			fail_msg("%s flagged on %zu of %d pairs: too seldom or too often to tell",
				 align_flag_name(1u << i), raised[i], PAIRS);
	comparison_free(cmp);
	text_free(l);
	text_free(rt);
	free(left);
	free(right);
	flags_scratch_free(fast);
	flags_scratch_free(reference);
}

/*
 * A pair whose halves are one text is not read (halves_identical()): that
 * must change no flag, with whatever follows the copies.  Left: random
 * units, one a line or one a paragraph; right: the same units but the
 * first, in order, with now and then a unit of its own between them, so
 * that a copy is followed by another unit than its original, and a copy
 * run of two or three units stays whole.  Every copy and copy run is
 * paired with its original, fast against reference; the reference reads
 * the pair and must find no flag when the copies' next bytes say nothing
 * (a unit that ends in a full stop).  Then the pairs where only those next
 * bytes differ: "5" before "%" and before "per" are different figures.
 */
static void
flags_identical_halves_agree_with_the_reference(void **state)
{
	enum { UNITS = 400 };
	static const char *const trailed[][4] = {
		/* left, right, flag of unit 0 against unit 0, segmentation */
		{ "costs rose 5\n% of it", "costs rose 5\nper cent", "number", "line" },
		{ "costs rose 5\n%", "costs rose 5\n", "number", "line" },
		{ "costs rose 5\n\n% of it", "costs rose 5\n\nof it", "number", "line" },
		{ "costs rose 5.\n% of it", "costs rose 5.\nper cent", "none", "line" },
		{ "costs rose 5\n%", "costs rose 5\n%", "none", "line" },
		{ "costs rose 5\n% of it", "costs rose 5\n%", "none", "line" },
	};
	struct rng r = { 0x2545f4914f6cdd1du };
	struct flags_scratch *fast = flags_scratch_new(), *reference = flags_scratch_new_reference();
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	size_t mode, i, pairs = 0;

	(void)state;
	for (mode = 0; mode < 2; mode++) {
		const char *sep = mode == 0 ? "\n" : "\n\n";
		char *left = NULL, *right = NULL;
		size_t left_len = 0, left_cap = 0, right_len = 0, right_cap = 0, u, k;
		size_t *copy_of = xcalloc(4 * UNITS, sizeof(*copy_of));	/* right unit -> left + 1 */
		struct text *l, *rt;
		struct comparison *cmp;

		for (u = 0; u < UNITS; u++) {
			char *words[48];
			size_t count, before = left_len;

			random_unit(&r, words, &count);
			if (u > 0)
				append(&left, &left_len, &left_cap, sep);
			before = left_len;
			for (k = 0; k < count; k++) {
				if (k > 0 && rng_below(&r, 6) != 0)
					append(&left, &left_len, &left_cap, " ");
				append(&left, &left_len, &left_cap, words[k]);
			}
			if (u == 0)
				continue;
			if (rng_below(&r, 4) == 0) {	/* a unit of the right's own */
				random_unit(&r, words, &count);
				if (right_len > 0)
					append(&right, &right_len, &right_cap, sep);
				for (k = 0; k < count; k++) {
					if (k > 0)
						append(&right, &right_len, &right_cap, " ");
					append(&right, &right_len, &right_cap, words[k]);
				}
			}
			if (right_len > 0)
				append(&right, &right_len, &right_cap, sep);
			append(&right, &right_len, &right_cap, left + before);
		}
		l = fixture_text("left", left);
		rt = fixture_text("right", right);
		cmp = comparison_new(l, rt, mode == 0 ? SEGMENT_LINE : SEGMENT_PARAGRAPH, &options);
		assert_true(cmp->side[1].units.count <= 4 * UNITS);
		/* pair each right unit with the left unit of the same bytes, in order */
		for (k = 0, u = 1; k < cmp->side[1].units.count && u < cmp->side[0].units.count; k++) {
			const struct unit *ru = &cmp->side[1].units.unit[k];
			const struct unit *lu = &cmp->side[0].units.unit[u];

			if (lu->length == ru->length &&
			    memcmp(l->bytes + lu->offset, rt->bytes + ru->offset, lu->length) == 0)
				copy_of[k] = ++u;
		}
		for (k = 0; k < cmp->side[1].units.count; k++) {
			size_t run;

			for (run = 1; run <= 3 && k + run <= cmp->side[1].units.count; run++) {
				struct align_entry entry;
				unsigned got, want;

				if (copy_of[k + run - 1] == 0 ||
				    copy_of[k + run - 1] != copy_of[k] + run - 1)
					break;
				memset(&entry, 0, sizeof(entry));
				entry.op = run == 1 ? ALIGN_MOVE : ALIGN_CHANGE;
				entry.left_first = copy_of[k] - 1;
				entry.right_first = k;
				entry.left_count = entry.right_count = run;
				got = flags_entry_scratch(cmp, &entry, fast);
				want = flags_entry_scratch(cmp, &entry, reference);
				if (got != want)
					fail_msg("%s copy of left %zu+%zu at right %zu: %#x, reference %#x",
						 sep[1] ? "paragraph" : "line", entry.left_first, run, k,
						 got, want);
				u = cmp->side[0].units.unit[entry.left_first + run - 1].offset +
				    cmp->side[0].units.unit[entry.left_first + run - 1].length;
				if (want != 0 && l->bytes[u - 1] == '.')
					fail_msg("copy of left %zu+%zu flagged %#x", entry.left_first, run,
						 want);
				pairs++;
			}
		}
		comparison_free(cmp);
		text_free(l);
		text_free(rt);
		free(left);
		free(right);
		free(copy_of);
	}
	assert_true(pairs > UNITS);
	for (i = 0; i < ARRAY_SIZE(trailed); i++) {
		struct text *l = fixture_text("left", trailed[i][0]);
		struct text *rt = fixture_text("right", trailed[i][1]);
		struct comparison *cmp = comparison_new(l, rt, strcmp(trailed[i][3], "line") == 0 ?
							SEGMENT_LINE : SEGMENT_PARAGRAPH, &options);
		unsigned expected = strcmp(trailed[i][2], "none") == 0 ? 0 : flag_bit(trailed[i][2]);
		struct align_entry entry;
		unsigned got, want;

		memset(&entry, 0, sizeof(entry));
		entry.op = ALIGN_MOVE;
		entry.left_count = entry.right_count = 1;
		got = flags_entry_scratch(cmp, &entry, fast);
		want = flags_entry_scratch(cmp, &entry, reference);
		if (got != want || want != expected)
			fail_msg("\"%s\" / \"%s\": %#x, reference %#x, expected %#x", trailed[i][0],
				 trailed[i][1], got, want, expected);
		comparison_free(cmp);
		text_free(l);
		text_free(rt);
	}
	flags_scratch_free(fast);
	flags_scratch_free(reference);
}

/*
 * The right's first unit starts from the left's words where both open
 * with the same bytes, and its last unit takes the left's words where
 * both end alike (struct lex_share in flags.c): the words taken over must
 * read the right's own bytes, at the right's offsets, and belong to the
 * right's unit.  Here the shared opening ends in "5 %", whose percent
 * sign is read from the bytes after the figure, the left unit stands at
 * another offset, and a 2:1 pair shares the ending "said ..." of its
 * last units, unit 1 on the left and 0 on the right.
 */
static void
flags_shared_opening_reads_its_own_bytes(void **state)
{
	static const char *const pairs[][4] = {
		/* left, right, expected, left units paired: second only or both */
		{ "Talks.\n\nthe port costs rose 5 % today.", "the port costs rose 5 % now.",
		  "none", "1" },
		{ "Talks.\n\nthe port costs rose 5 % today.", "the port costs rose 5 per now.",
		  "number", "1" },
		{ "Talks went on.\n\nMoscow: the port costs rose in May.",
		  "Moscow: the port costs rose in June.", "number", "1" },
		{ "Talks went on.\n\nPeskov said the plan was new.",
		  "Peskov said the plan was new.", "none", "0" },
		{ "Talks went on.\n\nthe envoy met Kim Jong-un there, police said.",
		  "a leader met Kim Jong-un there, police said.", "none", "1" },
	};
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		struct flags_scratch *fast = flags_scratch_new();
		struct flags_scratch *reference = flags_scratch_new_reference();
		struct text *l = fixture_text("left", pairs[i][0]);
		struct text *rt = fixture_text("right", pairs[i][1]);
		struct comparison *cmp = comparison_new(l, rt, SEGMENT_PARAGRAPH, &options);
		unsigned expected = strcmp(pairs[i][2], "none") == 0 ? 0 : flag_bit(pairs[i][2]);
		struct align_entry entry;
		unsigned got, want;

		memset(&entry, 0, sizeof(entry));
		entry.op = ALIGN_CHANGE;
		entry.left_first = pairs[i][3][0] == '1';
		entry.left_count = 2 - entry.left_first;
		entry.right_count = 1;
		got = flags_entry_scratch(cmp, &entry, fast);
		want = flags_entry_scratch(cmp, &entry, reference);
		if (got != want || want != expected)
			fail_msg("\"%s\" / \"%s\": %#x, reference %#x, expected %#x", pairs[i][0],
				 pairs[i][1], got, want, expected);
		comparison_free(cmp);
		text_free(l);
		text_free(rt);
		flags_scratch_free(fast);
		flags_scratch_free(reference);
	}
}

/* Flags of the whole of a and b with fresh scratches, fast and reference. */
static void
fast_and_reference(const char *a, const char *b, unsigned *fast_flags, unsigned *reference_flags)
{
	struct flags_scratch *fast = flags_scratch_new(), *reference = flags_scratch_new_reference();
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *l = fixture_text("left", a), *rt = fixture_text("right", b);
	struct comparison *cmp = comparison_new(l, rt, SEGMENT_SENTENCE, &options);
	struct align_entry entry;

	memset(&entry, 0, sizeof(entry));
	entry.op = ALIGN_CHANGE;
	entry.left_count = cmp->side[0].units.count;
	entry.right_count = cmp->side[1].units.count;
	*fast_flags = flags_entry_scratch(cmp, &entry, fast);
	*reference_flags = flags_entry_scratch(cmp, &entry, reference);
	comparison_free(cmp);
	text_free(l);
	text_free(rt);
	flags_scratch_free(fast);
	flags_scratch_free(reference);
}

/*
 * The hand-made cases, each side against itself, and pairs where one word
 * the quick exits or the fast path must notice decides a kind, agree with
 * the reference too (fresh scratches: arrays kept from an earlier pair
 * could hide a missing allocation).
 */
static void
flags_cases_agree_with_the_reference(void **state)
{
	static const char *const decided[][3] = {
		{ "twenty-five ships sailed.", "twenty-six ships sailed.", "number" },
		{ "they saw a million birds.", "they saw a thousand birds.", "number" },
		{ "the vote was on Monday.", "the vote was on Tuesday.", "number" },
		{ "costs rose 5 per cent.", "costs rose 5 percent.", "none" },
		{ "three ships sailed.", "five ships sailed.", "number" },
		{ "the port costs rose.", "the port costs rose 三十亿.", "number" },
		{ "the envoy met Kim Jong-un there.", "the envoy met the leader there.", "name" },
		/* Jong-un glued to Kim after a comma, then a space: one name */
		{ "the envoy, Kim Jong-un, met us.", "the envoy, Jong-un, met us.", "none" },
		{ "officials met Russia's envoy.", "officials met the envoy.", "name" },
		/* the same name words in other entities (names_alike()) */
		{ "the envoy met Kim Jong there.", "the envoy met Kim, Jong there.", "none" },
		{ "the envoy met Kim Jong there.", "the envoy met Jong, Kim there.", "none" },
		{ "we waited near the café Müller.", "we waited near the café.", "name" },
		{ "we met the U.S. envoy.", "we met the envoy.", "name" },
		{ "the plan isn't new.", "the plan is new.", "negation" },
		{ "the plan was not new.", "the plan was new.", "negation" },
		{ "the plan won’t work.", "the plan will work.", "negation" },
		{ "it was called “a disaster” here.", "it was called “a failure” here.", "quote" },
		{ "it was \"a disaster\" here.", "it was a disaster here.", "quote" },
		{ "the plan was new, police said.", "the plan was new.", "attribution" },
		{ "the plan was new, according to police.", "the plan was new.", "attribution" },
		/* a verb or negator before a lead byte is no plain word */
		{ "the plan was new, police said—and left.", "the plan was new, and police left.",
		  "attribution" },
		{ "the plan was not—yet—new.", "the plan was yet—new.", "negation" },
	};
	unsigned got, want;
	size_t i, pass;

	(void)state;
	for (i = 0; i < cases.count; i++) {
		for (pass = 0; pass < 3; pass++) {
			fast_and_reference(pass == 2 ? cases.item[i].right : cases.item[i].left,
					   pass == 1 ? cases.item[i].left : cases.item[i].right, &got,
					   &want);
			if (got != want)
				fail_msg("flags-cases.txt:%d (pass %zu): %#x, reference %#x",
					 cases.item[i].line, pass, got, want);
		}
	}
	for (i = 0; i < ARRAY_SIZE(decided); i++) {
		unsigned expected = strcmp(decided[i][2], "none") == 0 ? 0 : flag_bit(decided[i][2]);

		for (pass = 0; pass < 2; pass++) {
			fast_and_reference(decided[i][pass], decided[i][1 - pass], &got, &want);
			if (got != want || want != expected)
				fail_msg("\"%s\" / \"%s\": %#x, reference %#x, expected %#x",
					 decided[i][pass], decided[i][1 - pass], got, want, expected);
		}
	}
}

/*
 * Speakers are compared as strings that are not copied (a word's name or
 * an alias of the table): two speakers that share their first letters
 * stay apart, an aliased speaker meets its short form, a lemma meets
 * itself whichever form of the verb it came from.
 */
static void
flags_speakers_read_as_expected(void **state)
{
	static const char *const pairs[][3] = {
		{ "Peskov said the plan was new.", "Petrov said the plan was new.",
		  "attribution,name" },
		{ "Peskov said the plan was new.", "Peskov says the plan was new.", "" },
		{ "the United Kingdom said the plan was new.", "the UK said the plan was new.", "" },
		{ "the United Kingdom said the plan was new.", "Britain said the plan was new.", "" },
		{ "the plan was new, according to Peskov.", "the plan was new, according to Petrov.",
		  "attribution,name" },
	};
	size_t i, pass;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		unsigned expected = 0;
		char names[128];

		if (strstr(pairs[i][2], "attribution") != NULL)
			expected |= flag_bit("attribution");
		if (strstr(pairs[i][2], "name") != NULL)
			expected |= flag_bit("name");
		for (pass = 0; pass < 2; pass++) {
			unsigned got = pair_flags(pairs[i][pass], pairs[i][1 - pass]);

			if (got != expected) {
				flag_names(got, names, sizeof(names));
				fail_msg("\"%s\" / \"%s\": got [%s], expected [%s]",
					 pairs[i][pass], pairs[i][1 - pass], names, pairs[i][2]);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(flags_none_when_each_side_meets_itself),
		cmocka_unit_test(flags_same_both_ways),
		cmocka_unit_test(flags_only_on_change_and_move_entries),
		cmocka_unit_test(flags_read_every_unit_of_a_split_pair),
		cmocka_unit_test(flags_ignore_units_outside_the_pair),
		cmocka_unit_test(flags_of_the_flood_barrier_story),
		cmocka_unit_test(flags_quick_exits_change_nothing),
		cmocka_unit_test(flags_identical_halves_agree_with_the_reference),
		cmocka_unit_test(flags_shared_opening_reads_its_own_bytes),
		cmocka_unit_test(flags_cases_agree_with_the_reference),
		cmocka_unit_test(flags_speakers_read_as_expected),
	};
	struct CMUnitTest *tests;
	size_t i, n;
	int failed;

	load_cases();
	if (cases.count == 0) {
		fprintf(stderr, "test-flags: no case in flags-cases.txt\n");
		return 1;
	}
	n = ARRAY_SIZE(fixed) + cases.count;
	tests = xcalloc(n, sizeof(*tests));
	memcpy(tests, fixed, sizeof(fixed));
	for (i = 0; i < cases.count; i++) {
		struct CMUnitTest *t = &tests[ARRAY_SIZE(fixed) + i];

		t->name = cases.item[i].title;
		t->test_func = flags_case_reads_as_expected;
		t->initial_state = &cases.item[i];
	}
	failed = _cmocka_run_group_tests("flags", tests, n, NULL, NULL);
	free(tests);
	free_cases();
	return failed;
}
