/*
 * test-tokens: what counts as the same word when two articles are compared,
 * the source spans the word diff highlights, interning and document
 * frequencies.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uniwbrk.h>

#include "fixtures.h"
#include "tokens.h"

/* Tokenize s as one unit (side 0) into a space-joined string of normal forms. */
static void
normalise(struct token_table *table, const char *s, char *out, size_t cap)
{
	struct text *text = fixture_text("unit.txt", s);
	struct unit unit = { 0, strlen(s), 0 };
	struct token_list list;
	size_t i, n = 0;

	tokens_unit(table, text, &unit, 0, &list);
	out[0] = '\0';
	for (i = 0; i < list.count; i++) {
		const char *t = tokens_table_text(table, list.token[i].id);

		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "", t);
		assert_true(n < cap);
	}
	tokens_list_free(&list);
	text_free(text);
}

static void
expect_tokens(const char *s, const char *want)
{
	struct token_table *table = tokens_table_new();
	char got[1024];

	normalise(table, s, got, sizeof(got));
	tokens_table_free(table);
	if (strcmp(got, want) != 0)
		fail_msg("[%s] gave [%s], wanted [%s]", s, got, want);
}

/* The two units tokenize to the same id sequence (and so the same hash). */
static void
expect_same(const char *a, const char *b)
{
	struct token_table *table = tokens_table_new();
	struct text *ta = fixture_text("a.txt", a), *tb = fixture_text("b.txt", b);
	struct unit ua = { 0, strlen(a), 0 }, ub = { 0, strlen(b), 0 };
	struct token_list la, lb;
	size_t i;

	tokens_unit(table, ta, &ua, 0, &la);
	tokens_unit(table, tb, &ub, 1, &lb);
	if (la.count != lb.count)
		fail_msg("[%s] has %zu tokens, [%s] %zu", a, la.count, b, lb.count);
	for (i = 0; i < la.count; i++)
		assert_int_equal(la.token[i].id, lb.token[i].id);
	assert_true(la.hash == lb.hash);
	tokens_list_free(&la);
	tokens_list_free(&lb);
	text_free(ta);
	text_free(tb);
	tokens_table_free(table);
}

static void
tokens_fold_case(void **state)
{
	(void)state;
	expect_same("The Senate VOTED", "the senate voted");
	expect_same("\xc3\x89T\xc3\x89", "\xc3\xa9t\xc3\xa9");	/* ÉTÉ = été */
	expect_same("STRASSE", "stra\xc3\x9f" "e");		/* full case folding */
}

static void
tokens_drop_punctuation(void **state)
{
	(void)state;
	expect_tokens("Hello, world! (Really?) \"Yes\" - no; ok: fine...", "hello world really yes no ok fine");
	expect_same("Hello, world!", "hello world");
}

static void
tokens_treat_us_with_and_without_dots_alike(void **state)
{
	(void)state;
	expect_same("The U.S. and the U.K.", "the US and the UK");
	expect_same("a Ph.D. at 5 p.m.", "a PhD at 5 pm");
	expect_tokens("U.S.", "us");
}

static void
tokens_keep_a_domain_name_whole(void **state)
{
	(void)state;
	expect_tokens("see example.com now", "see example.com now");
}

static void
tokens_split_hyphenated_names_like_spaced_ones(void **state)
{
	(void)state;
	expect_same("Kim Jong-un", "Kim Jong Un");
	expect_same("Kim Jong\xe2\x80\x90un", "Kim Jong Un");	/* U+2010 hyphen */
	expect_tokens("Jong-un", "jong un");
}

static void
tokens_keep_numbers_whole(void **state)
{
	(void)state;
	expect_tokens("1,200 people and 2.5% of 1,234,567.89", "1200 people and 2.5 of 1234567.89");
	expect_same("1,200", "1200");
	expect_tokens("v2.0.1", "v2.0.1");
}

static void
tokens_keep_numbers_that_are_not_thousands_as_written(void **state)
{
	(void)state;
	/* A decimal comma (2,5) or odd grouping is not a thousands separator. */
	expect_tokens("2,5 and 12,34", "2,5 and 12,34");
}

static void
tokens_fold_typographic_apostrophes(void **state)
{
	(void)state;
	expect_same("don\xe2\x80\x99t stop", "don't stop");
	expect_same("Biden\xe2\x80\x99s plan", "Biden's plan");
	expect_tokens("don't", "don't");
}

static void
tokens_fold_typographic_quotes_dashes_and_spaces(void **state)
{
	(void)state;
	expect_same("\xe2\x80\x9cYes\xe2\x80\x9d \xe2\x80\x94 he said\xc2\xa0today",
		    "\"Yes\" - he said today");
	expect_same("a\xe2\x80\x89" "b\xe3\x80\x80" "c", "a b c");	/* thin and ideographic spaces */
}

static void
tokens_apply_compatibility_normalisation(void **state)
{
	(void)state;
	expect_same("\xef\xbc\xb5\xef\xbc\xb3\xef\xbc\xa1", "USA");	/* fullwidth ＵＳＡ */
	expect_same("\xef\xac\x81ne", "fine");			/* ligature ﬁ */
	expect_same("Cafe\xcc\x81", "Caf\xc3\xa9");		/* combining acute = precomposed */
}

static void
tokens_keep_accents(void **state)
{
	(void)state;
	expect_tokens("r\xc3\xa9sum\xc3\xa9 resume", "r\xc3\xa9sum\xc3\xa9 resume");
}

static void
tokens_drop_symbols_and_emoji(void **state)
{
	(void)state;
	expect_tokens("\xe2\x82\xac 5 \xf0\x9f\x99\x82 & | #", "5");
}

static void
tokens_cut_cjk_text_into_words(void **state)
{
	struct token_table *table = tokens_table_new();
	char got[256];

	(void)state;
	/* 東京は晴れ: ideographs each a token; katakana runs stay together */
	normalise(table, "\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf \xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a", got, sizeof(got));
	assert_string_equal(got, "\xe6\x9d\xb1 \xe4\xba\xac \xe3\x81\xaf \xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a");
	tokens_table_free(table);
}

static void
tokens_keep_the_source_span_of_each_word(void **state)
{
	const char *s = "  \xe2\x80\x9cMr. Kim Jong-un\xe2\x80\x9d paid $1,200.";
	struct text *text = fixture_text("span.txt", s);
	struct unit unit = { 2, strlen(s) - 2, 0 };
	struct token_table *table = tokens_table_new();
	struct token_list list;
	static const char *const want[] = { "Mr", "Kim", "Jong", "un", "paid", "1,200" };
	size_t i;

	(void)state;
	tokens_unit(table, text, &unit, 0, &list);
	assert_int_equal(list.count, ARRAY_SIZE(want));
	for (i = 0; i < list.count; i++) {
		assert_int_equal(list.token[i].length, strlen(want[i]));
		assert_memory_equal(text->bytes + list.token[i].offset, want[i], strlen(want[i]));
		if (i > 0)
			assert_true(list.token[i].offset >= list.token[i - 1].offset + list.token[i - 1].length);
		assert_true(list.token[i].offset >= unit.offset);
		assert_true(list.token[i].offset + list.token[i].length <= unit.offset + unit.length);
	}
	tokens_list_free(&list);
	tokens_table_free(table);
	text_free(text);
}

static void
tokens_give_a_unit_without_words_no_tokens(void **state)
{
	struct text *text = fixture_text("p.txt", "-- \xe2\x80\x94 ... !");
	struct unit unit = { 0, text->length, 0 }, empty = { 0, 0, 0 };
	struct token_table *table = tokens_table_new();
	struct token_list list, list2;

	(void)state;
	tokens_unit(table, text, &unit, 0, &list);
	tokens_unit(table, text, &empty, 1, &list2);
	assert_int_equal(list.count, 0);
	assert_null(list.token);
	assert_int_equal(list2.count, 0);
	assert_true(list.hash == list2.hash);
	tokens_list_free(&list);
	tokens_list_free(&list2);
	tokens_table_free(table);
	text_free(text);
}

static void
tokens_hash_differs_when_the_order_differs(void **state)
{
	struct text *text = fixture_text("o.txt", "dog bites man\nman bites dog\ndog bites man");
	struct unit u[3] = { { 0, 13, 0 }, { 14, 13, 0 }, { 28, 13, 0 } };
	struct token_table *table = tokens_table_new();
	struct token_list l[3];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		tokens_unit(table, text, &u[i], 0, &l[i]);
	assert_true(l[0].hash != l[1].hash);
	assert_true(l[0].hash == l[2].hash);
	for (i = 0; i < 3; i++)
		tokens_list_free(&l[i]);
	tokens_table_free(table);
	text_free(text);
}

static void
tokens_count_document_frequency_once_per_unit_and_side(void **state)
{
	struct text *text = fixture_text("df.txt", "the the the cat\nthe dog\nThe cat");
	struct unit u[3] = { { 0, 15, 0 }, { 16, 7, 0 }, { 24, 7, 0 } };
	struct token_table *table = tokens_table_new();
	struct token_list l[3];
	uint32_t the, cat, dog;
	size_t i;

	(void)state;
	tokens_unit(table, text, &u[0], 0, &l[0]);
	tokens_unit(table, text, &u[1], 0, &l[1]);
	tokens_unit(table, text, &u[2], 1, &l[2]);
	the = tokens_table_intern(table, "the", 3);
	cat = tokens_table_intern(table, "cat", 3);
	dog = tokens_table_intern(table, "dog", 3);
	assert_int_equal(tokens_table_df(table, the, 0), 2);
	assert_int_equal(tokens_table_df(table, the, 1), 1);
	assert_int_equal(tokens_table_df(table, cat, 0), 1);
	assert_int_equal(tokens_table_df(table, cat, 1), 1);
	assert_int_equal(tokens_table_df(table, dog, 0), 1);
	assert_int_equal(tokens_table_df(table, dog, 1), 0);
	assert_int_equal(tokens_table_size(table), 3);
	for (i = 0; i < 3; i++)
		tokens_list_free(&l[i]);
	tokens_table_free(table);
	text_free(text);
}

/*
 * The right side tokenized into a table of its own and merged (what a
 * large comparison does in two threads) gives the same ids, frequencies,
 * texts and hashes as tokenizing both sides into one table.
 */
static void
tokens_merge_a_side_as_if_tokenized_in_one_table(void **state)
{
	static const char left[] = "The cat sat.\nA dog ran!\nthe cat";
	static const char right[] = "A bird flew.\nThe dog sat\nCats and birds, 1,200 of them\n";
	struct text *tl = fixture_text("l.txt", left), *tr = fixture_text("r.txt", right);
	struct unit ul[3] = { { 0, 12, 0 }, { 13, 10, 0 }, { 24, 7, 0 } };
	struct unit ur[3] = { { 0, 12, 0 }, { 13, 11, 0 }, { 25, 29, 0 } };
	struct token_table *one = tokens_table_new(), *base = tokens_table_new();
	struct token_table *own = tokens_table_new();
	struct token_list a[3], b[3], c[3], d[3];
	size_t i, k;
	uint32_t id;

	(void)state;
	for (i = 0; i < 3; i++) {
		tokens_unit(one, tl, &ul[i], 0, &a[i]);
		tokens_unit(base, tl, &ul[i], 0, &d[i]);
	}
	for (i = 0; i < 3; i++) {
		tokens_unit(one, tr, &ur[i], 1, &b[i]);
		tokens_unit(own, tr, &ur[i], 1, &c[i]);	/* ids of own until merged */
	}
	/* "bird" is new on the right: its id in own is not its id in one */
	assert_int_not_equal(tokens_table_intern(own, "bird", 4),
			     tokens_table_intern(one, "bird", 4));
	tokens_table_merge(base, own, c, 3);
	assert_int_equal(tokens_table_size(base), tokens_table_size(one));
	for (id = 0; id < tokens_table_size(one); id++) {
		assert_string_equal(tokens_table_text(base, id), tokens_table_text(one, id));
		assert_int_equal(tokens_table_df(base, id, 0), tokens_table_df(one, id, 0));
		assert_int_equal(tokens_table_df(base, id, 1), tokens_table_df(one, id, 1));
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(c[i].count, b[i].count);
		assert_true(c[i].hash == b[i].hash);
		for (k = 0; k < b[i].count; k++) {
			assert_int_equal(c[i].token[k].id, b[i].token[k].id);
			assert_int_equal(c[i].token[k].offset, b[i].token[k].offset);
		}
	}
	/* a later unit counts its frequencies the same way in both */
	tokens_list_free(&a[0]);
	tokens_list_free(&c[0]);
	tokens_unit(one, tl, &ul[0], 1, &a[0]);
	tokens_unit(base, tl, &ul[0], 1, &c[0]);
	for (id = 0; id < tokens_table_size(one); id++)
		assert_int_equal(tokens_table_df(base, id, 1), tokens_table_df(one, id, 1));
	for (i = 0; i < 3; i++) {
		tokens_list_free(&a[i]);
		tokens_list_free(&b[i]);
		tokens_list_free(&c[i]);
		tokens_list_free(&d[i]);
	}
	tokens_table_free(one);
	tokens_table_free(base);
	tokens_table_free(own);
	text_free(tl);
	text_free(tr);
}

static void
tokens_intern_many_words_with_stable_ids_and_texts(void **state)
{
	struct token_table *table = tokens_table_new();
	const char *first;
	char word[32];
	uint32_t i;

	(void)state;
	assert_int_equal(tokens_table_intern(table, "alpha", 5), 0);
	first = tokens_table_text(table, 0);
	for (i = 0; i < 200000; i++) {
		int n = snprintf(word, sizeof(word), "w%u", i);

		assert_int_equal(tokens_table_intern(table, word, (size_t)n), i + 1);
	}
	/* Growth of the table and its arena moves no string. */
	assert_ptr_equal(tokens_table_text(table, 0), first);
	assert_string_equal(first, "alpha");
	for (i = 0; i < 200000; i += 997) {
		int n = snprintf(word, sizeof(word), "w%u", i);

		assert_int_equal(tokens_table_intern(table, word, (size_t)n), i + 1);
		assert_string_equal(tokens_table_text(table, i + 1), word);
	}
	assert_int_equal(tokens_table_size(table), 200001);
	assert_null(tokens_table_text(table, 200001));
	tokens_table_free(table);
}

/*
 * Words of under 16 bytes are found by their 8-byte words in indexes of
 * their own, which every interning must feed: a word interned by name
 * must be the word a unit holds, and the other way round, through the
 * indexes' growth, and a string with a zero byte is another string.
 */
static void
tokens_find_a_word_the_same_however_it_was_interned(void **state)
{
	struct token_table *table = tokens_table_new();
	char word[32], *unit = malloc(4000 * 24);
	struct token_list list;
	struct text *text;
	struct unit u;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(tokens_table_intern(table, "ab\0", 3), 0);
	assert_int_equal(tokens_table_intern(table, "abcdefgh\0", 9), 1);
	/* the first half by name, the second by tokenizing, in lower case;
	 * then all of them tokenized in upper case, and all by name */
	for (i = 0; i < 4000; i++) {
		int len = 1 + (int)(i % 19);

		snprintf(word, sizeof(word), "%c%0*zu", 'a' + (int)(i % 26), len - 1, i);
		word[len] = '\0';	/* shorter than the number: a repeat, found */
		if (i < 2000)
			tokens_table_intern(table, word, strlen(word));
		n += (size_t)sprintf(unit + n, "%s ", word);
	}
	text = fixture_text("words.txt", unit);
	u.offset = 0;
	u.length = n - 1;
	u.paragraph = 0;
	tokens_unit(table, text, &u, 0, &list);
	for (i = 0; i < list.count; i++)
		assert_int_equal(tokens_table_intern(table, unit + list.token[i].offset,
						     list.token[i].length),
				 list.token[i].id);
	for (i = 0; i < n; i++)
		if (unit[i] >= 'a' && unit[i] <= 'z')
			unit[i] = (char)(unit[i] - 'a' + 'A');
	text_free(text);
	text = fixture_text("words.txt", unit);
	{
		struct token_list upper;
		size_t size = tokens_table_size(table);

		tokens_unit(table, text, &u, 1, &upper);
		assert_int_equal(upper.count, list.count);
		for (i = 0; i < list.count; i++)
			assert_int_equal(upper.token[i].id, list.token[i].id);
		assert_int_equal(tokens_table_size(table), size);
		tokens_list_free(&upper);
	}
	tokens_list_free(&list);
	text_free(text);
	/* "ab" and "abcdefgh" are new: their zero-byte twins do not match */
	text = fixture_text("twins.txt", "ab abcdefgh");
	u.length = 11;
	tokens_unit(table, text, &u, 0, &list);
	assert_int_equal(list.count, 2);
	assert_true(list.token[0].id > 1 && list.token[1].id > 1);
	assert_int_equal(tokens_table_intern(table, "ab", 2), list.token[0].id);
	assert_int_equal(tokens_table_intern(table, "abcdefgh", 8), list.token[1].id);
	tokens_list_free(&list);
	text_free(text);
	free(unit);
	tokens_table_free(table);
}

static void
tokens_intern_a_string_longer_than_an_arena_block(void **state)
{
	struct token_table *table = tokens_table_new();
	size_t n = 200000;
	char *big = malloc(n);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	assert_int_equal(tokens_table_intern(table, "a", 1), 0);
	assert_int_equal(tokens_table_intern(table, big, n), 1);
	assert_int_equal(tokens_table_intern(table, "b", 1), 2);
	assert_int_equal(strlen(tokens_table_text(table, 1)), n);
	assert_int_equal(tokens_table_intern(table, big, n), 1);
	assert_string_equal(tokens_table_text(table, 2), "b");
	free(big);
	tokens_table_free(table);
}

static void
tokens_handle_a_long_unit_without_spaces(void **state)
{
	size_t n = 1 << 20, i;
	char *s = malloc(n + 1);
	struct text *text;
	struct unit unit = { 0, n, 0 };
	struct token_table *table = tokens_table_new();
	struct token_list list;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < n; i++)
		s[i] = (char)(i % 3 == 2 ? '-' : 'a' + (int)(i % 3));
	s[n] = '\0';
	text = fixture_text("long.txt", s);
	tokens_unit(table, text, &unit, 0, &list);
	assert_int_equal(list.count, (n + 2) / 3);
	assert_int_equal(tokens_table_size(table), 2);	/* "ab" and a final "a" */
	tokens_list_free(&list);
	tokens_table_free(table);
	text_free(text);
	free(s);
}

/*
 * tokens_wordbreaks() takes a fast path for ASCII text, and cuts mixed text
 * at spaces into pieces broken apart on their own: it must cut exactly
 * where libunistring does, on random strings rich in the characters the
 * word break rules look at, ASCII only and mixed with non-ASCII letters,
 * marks, joiners, quotes, Hebrew, Katakana, regional indicators and
 * emoji, spaces and marks next to one another.
 */
static void
tokens_break_words_exactly_as_libunistring(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "0", "7", " ", "  ", ".", ",", ";", ":", "'", "\"",
		"_", "-", "\r", "\n", "\r\n", "\v", "\f", "\t", "!", "?", "(",
		"$", "%", "/",
		/* mixed only, from here */
		"\xc3\xa9", "\xc3\x89", "\xe2\x80\x99", "\xe2\x80\x98", "\xe2\x80\x9c",
		"\xe2\x80\x9d", "\xcc\x81", "\xe2\x80\x8d", "\xe2\x80\x8b", "\xc2\xad",
		"\xe4\xb8\xad", "\xd7\x90", "\xd7\x91", "\xc2\xa0", "\xe3\x82\xab",
		"\xe3\x83\xbc", "\xf0\x9f\x87\xab", "\xf0\x9f\x87\xb7", "\xf0\x9f\x98\x80",
		"\xe2\x80\x83", "\xef\xbc\x8e", "\xd9\xa3", "\xe2\x80\xa4", "\xef\xb8\x8f",
	};
	const size_t ascii_pieces = 27;
	uint32_t seed = 12345;
	char s[512], want[512], got[512];
	int round;

	(void)state;
	for (round = 0; round < 200000; round++) {
		int mixed = round % 2 == 1, parts, i;
		size_t n = 0;

		seed = seed * 1103515245u + 12345u;
		parts = 1 + (int)(seed >> 16) % (mixed ? 40 : 16);
		for (i = 0; i < parts; i++) {
			size_t count = mixed ? ARRAY_SIZE(pieces) : ascii_pieces;
			const char *piece;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 8 == 0) {	/* any ASCII byte, NUL included */
				s[n++] = (char)((seed >> 8) & 0x7f);
				continue;
			}
			piece = pieces[(seed >> 16) % count];
			memcpy(s + n, piece, strlen(piece));
			n += strlen(piece);
		}
		u8_wordbreaks((const uint8_t *)s, n, want);
		tokens_wordbreaks((const uint8_t *)s, n, got);
		if (memcmp(want, got, n) != 0)
			fail_msg("word breaks differ from libunistring on round %d", round);
	}
}

/*
 * tokens_casefold_simple() folds words of ASCII, apostrophes and Latin-1
 * letters by itself: exactly as u8_casefold() with NFKC, and it leaves
 * every other word to it.
 */
static void
tokens_fold_simple_words_exactly_as_libunistring(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "0", "'", ".", ",", "-", "\xc3\xa9", "\xc3\x89", "\xc3\x80",
		"\xc3\x9e", "\xc3\xbf", "\xc3\xbe", "\xc3\xa0", "\xc3\x97", "\xc3\xb7",
		"\xc3\x9f", "\xe2\x80\x99", "\xe2\x80\x98", "\xca\xbc", "\xcc\x81",
		"\xc2\xaa", "\xc2\xb5", "\xef\xac\x81", "\xc4\xb0", "\xce\xa3",
	};
	uint32_t seed = 777;
	uint8_t s[128], got[128], want[512];
	int round, simple = 0;

	(void)state;
	for (round = 0; round < 100000; round++) {
		int parts, i;
		size_t n = 0, got_n, want_n = sizeof(want);
		uint8_t *folded;

		seed = seed * 1103515245u + 12345u;
		parts = 1 + (int)(seed >> 16) % 12;
		for (i = 0; i < parts; i++) {
			/* mostly the simple characters, now and then another */
			size_t count = (seed >> 8) % 4 == 0 ? ARRAY_SIZE(pieces) : 21;
			const char *piece;

			seed = seed * 1103515245u + 12345u;
			piece = pieces[(seed >> 16) % count];
			memcpy(s + n, piece, strlen(piece));
			n += strlen(piece);
		}
		got_n = tokens_casefold_simple(s, n, got);
		folded = u8_casefold(s, n, NULL, UNINORM_NFKC, want, &want_n);
		assert_non_null(folded);
		if (got_n != (size_t)-1) {
			simple++;
			if (got_n != want_n || memcmp(got, folded, want_n) != 0)
				fail_msg("round %d: the simple fold differs from u8_casefold", round);
		}
		if (folded != want)
			free(folded);
	}
	assert_true(simple > 10000);	/* the simple path was tried */
}

/*
 * tokens_unit() reads an ASCII unit its own way (runs of letters and
 * digits in one pass, the word break table between): on random ASCII
 * units it must give the tokens the general path gives.  The general path
 * is taken by adding a space and a non-ASCII word at the end, which leaves
 * the words before it as they were.
 */
static void
tokens_read_ascii_units_as_the_general_path_does(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "Us", "0", "7", "12", " ", "  ", ".", ",", ";", ":", "'",
		"\"", "_", "-", "\r", "\n", "\t", "!", "(", "$", "%", "/", "U.S.", "1,200",
		"2.5", "don't", "e.g.", "Reconstruction", "ABCDEFGH", "abcdefg", "x9Y8z7W6v5",
		"internationalisation", "12345678", "Mid_Term", "_x",
		/* 15, 16, 17 and 71 bytes: two 8-byte words, more, and across a
		 * 64-byte block of the map */
		"Counterproposal", "Counterproposals", "Misunderstandings",
		"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2G3h4I5j",
		"__", "a_", "1_2", "x.y", "U.S.A.",
	};
	uint32_t seed = 54321;
	char s[8192];	/* 96 pieces of at most 71 bytes, and 8 */
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct token_table *fast = tokens_table_new(), *slow = tokens_table_new();
		struct text *ta, *tb;
		struct unit ua, ub;
		struct token_list la, lb;
		int parts, i;
		size_t n = 0, k;

		seed = seed * 1103515245u + 12345u;
		/* one unit in four long, for runs across 64-byte blocks */
		parts = 1 + (int)(seed >> 16) % (round % 4 == 0 ? 96 : 24);
		for (i = 0; i < parts; i++) {
			const char *piece;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 8 == 0) {	/* any ASCII byte but NUL */
				s[n++] = (char)(1 + ((seed >> 8) % 0x7f));
				continue;
			}
			piece = pieces[(seed >> 16) % ARRAY_SIZE(pieces)];
			memcpy(s + n, piece, strlen(piece));
			n += strlen(piece);
		}
		s[n] = '\0';
		ta = fixture_text("a.txt", s);
		memcpy(s + n, " \xc3\xa9t\xc3\xa9", 7);
		s[n + 7] = '\0';
		tb = fixture_text("b.txt", s);
		ua.offset = ub.offset = 0;
		ua.length = n;
		ub.length = n + 7;
		ua.paragraph = ub.paragraph = 0;
		tokens_unit(fast, ta, &ua, 0, &la);
		tokens_unit(slow, tb, &ub, 0, &lb);
		if (lb.count != la.count + 1)
			fail_msg("round %d: %zu tokens, the general path %zu", round, la.count,
				 lb.count - 1);
		for (k = 0; k < la.count; k++)
			if (la.token[k].offset != lb.token[k].offset ||
			    la.token[k].length != lb.token[k].length ||
			    strcmp(tokens_table_text(fast, la.token[k].id),
				   tokens_table_text(slow, lb.token[k].id)) != 0)
				fail_msg("round %d: token %zu differs from the general path", round, k);
		tokens_list_free(&la);
		tokens_list_free(&lb);
		tokens_table_free(fast);
		tokens_table_free(slow);
		text_free(ta);
		text_free(tb);
	}
}

static void
tokens_free_null_and_zeroed_values_without_harm(void **state)
{
	struct token_list list = { 0 };

	(void)state;
	tokens_table_free(NULL);
	tokens_list_free(&list);
	tokens_list_free(&list);
}

/*
 * A large comparison keeps its tokens in the table's store and copies the
 * tokens of a unit whose bytes another unit already has: both must give
 * exactly what tokens_unit() gives, ids, spans, hash and frequencies, and
 * the store must move with a merge (ASan checks the frees).
 */
static void
tokens_store_and_copy_units_as_tokens_unit_does(void **state)
{
	static const char left[] = "The cat sat on the mat. It was U.S. news, 1,200 times.";
	static const char right[] = "A new line. The cat sat on the mat. Caf\xc3\xa9 au lait.";
	struct text *tl = fixture_text("l.txt", left), *tr = fixture_text("r.txt", right);
	struct unit ul[2] = { { 0, 23, 0 }, { 24, 30, 0 } };
	struct unit ur[3] = { { 0, 11, 0 }, { 12, 23, 0 }, { 36, 14, 0 } };
	struct token_table *one = tokens_table_new(), *base = tokens_table_new();
	struct token_table *own = tokens_table_new();
	struct token_list a[5], b[5], o[2];
	size_t i, k;
	uint32_t id;

	(void)state;
	assert_memory_equal(right + 12, left, 23);
	for (i = 0; i < 2; i++) {
		tokens_unit(one, tl, &ul[i], 0, &a[i]);
		tokens_unit_stored(base, tl, &ul[i], 0, &b[i]);
	}
	for (i = 0; i < 3; i++)
		tokens_unit(one, tr, &ur[i], 1, &a[2 + i]);
	/* the right side in a table of its own, its second unit a copy of the
	 * left's first made after the merge */
	tokens_unit_stored(own, tr, &ur[0], 1, &o[0]);
	tokens_unit_stored(own, tr, &ur[2], 1, &o[1]);
	tokens_table_merge(base, own, o, 2);
	b[2] = o[0];
	b[4] = o[1];
	tokens_table_take_tokens(base, own);
	tokens_table_free(own);
	/* a copy made apart from its counting, as two threads do */
	tokens_list_copy(base, &b[0], ul[0].offset, ur[1].offset, &b[3]);
	tokens_table_count(base, &b[0], 1);
	assert_int_equal(tokens_table_size(base), tokens_table_size(one));
	for (id = 0; id < tokens_table_size(one); id++) {
		assert_string_equal(tokens_table_text(base, id), tokens_table_text(one, id));
		assert_int_equal(tokens_table_df(base, id, 0), tokens_table_df(one, id, 0));
		assert_int_equal(tokens_table_df(base, id, 1), tokens_table_df(one, id, 1));
	}
	for (i = 0; i < 5; i++) {
		assert_int_equal(b[i].count, a[i].count);
		assert_true(b[i].hash == a[i].hash);
		for (k = 0; k < a[i].count; k++) {
			assert_int_equal(b[i].token[k].id, a[i].token[k].id);
			assert_int_equal(b[i].token[k].offset, a[i].token[k].offset);
			assert_int_equal(b[i].token[k].length, a[i].token[k].length);
		}
		tokens_list_free(&a[i]);
	}
	tokens_table_free(one);
	tokens_table_free(base);
	text_free(tl);
	text_free(tr);
}

/*
 * The second thread of a large comparison takes its units from the back:
 * merged by the order of the units, not of the tokenization, its side
 * must still come out as if tokenized in one table, front to back.
 */
static void
check_merge_lists(int split)
{
	static const char left[] = "The cat sat.\nA dog ran!";
	static const char right[] = "Zebras graze.\nYaks eat, 1,200 of them.\nXylophones ring; yaks eat";
	struct text *tl = fixture_text("l.txt", left), *tr = fixture_text("r.txt", right);
	struct unit ul[2] = { { 0, 12, 0 }, { 13, 10, 0 } };
	struct unit ur[3] = { { 0, 13, 0 }, { 14, 24, 0 }, { 39, 25, 0 } };
	struct token_table *one = tokens_table_new(), *base = tokens_table_new();
	struct token_table *own = tokens_table_new();
	struct token_list a[3], b[3], c[3], *lists[3];
	size_t i, k;
	uint32_t id;

	for (i = 0; i < 2; i++) {
		tokens_unit(one, tl, &ul[i], 0, &a[i]);
		tokens_unit(base, tl, &ul[i], 0, &b[i]);
		tokens_list_free(&a[i]);
		tokens_list_free(&b[i]);
	}
	for (i = 0; i < 3; i++)
		tokens_unit(one, tr, &ur[i], 1, &a[i]);
	for (i = 3; i-- > 0;) {	/* back to front */
		tokens_unit_stored(own, tr, &ur[i], 1, &c[i]);
		lists[i] = &c[i];
	}
	/* "xylophones" came first to own, last to one */
	assert_int_equal(tokens_table_intern(own, "xylophones", 10), 0);
	if (split) {	/* as two threads do: the map, then the lists in parts */
		uint32_t *map = tokens_table_merge_map(base, own, lists, 3);

		tokens_lists_map(map, lists + 1, 2);
		tokens_lists_map(map, lists, 1);
		free(map);
	} else {
		tokens_table_merge_lists(base, own, lists, 3);
	}
	tokens_table_take_tokens(base, own);
	tokens_table_free(own);
	assert_int_equal(tokens_table_size(base), tokens_table_size(one));
	for (id = 0; id < tokens_table_size(one); id++) {
		assert_string_equal(tokens_table_text(base, id), tokens_table_text(one, id));
		assert_int_equal(tokens_table_df(base, id, 0), tokens_table_df(one, id, 0));
		assert_int_equal(tokens_table_df(base, id, 1), tokens_table_df(one, id, 1));
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(c[i].count, a[i].count);
		assert_true(c[i].hash == a[i].hash);
		for (k = 0; k < a[i].count; k++) {
			assert_int_equal(c[i].token[k].id, a[i].token[k].id);
			assert_int_equal(c[i].token[k].offset, a[i].token[k].offset);
		}
		tokens_list_free(&a[i]);
	}
	tokens_table_free(one);
	tokens_table_free(base);
	text_free(tl);
	text_free(tr);
}

static void
tokens_merge_lists_numbered_in_unit_order(void **state)
{
	(void)state;
	check_merge_lists(0);
	check_merge_lists(1);
}

/* A unit copied counts and spans exactly as the same unit tokenized. */
static void
tokens_copy_a_unit_as_if_tokenized(void **state)
{
	static const char s[] = "the cat and the hat\nthe cat and the hat";
	struct text *text = fixture_text("copy.txt", s);
	struct unit u[2] = { { 0, 19, 0 }, { 20, 19, 0 } };
	struct token_table *one = tokens_table_new(), *two = tokens_table_new();
	struct token_list a[2], b[2];
	size_t k;
	uint32_t id;

	(void)state;
	tokens_unit(one, text, &u[0], 0, &a[0]);
	tokens_unit(one, text, &u[1], 1, &a[1]);
	tokens_unit_stored(two, text, &u[0], 0, &b[0]);
	tokens_unit_copy(two, &b[0], u[0].offset, u[1].offset, 1, &b[1]);
	assert_int_equal(b[1].count, a[1].count);
	assert_true(b[1].hash == a[1].hash);
	for (k = 0; k < a[1].count; k++) {
		assert_int_equal(b[1].token[k].id, a[1].token[k].id);
		assert_int_equal(b[1].token[k].offset, a[1].token[k].offset);
		assert_int_equal(b[1].token[k].length, a[1].token[k].length);
	}
	for (id = 0; id < tokens_table_size(one); id++) {
		assert_int_equal(tokens_table_df(two, id, 0), tokens_table_df(one, id, 0));
		assert_int_equal(tokens_table_df(two, id, 1), tokens_table_df(one, id, 1));
	}
	assert_int_equal(tokens_table_df(two, tokens_table_intern(two, "the", 3), 1), 1);
	tokens_list_free(&a[0]);
	tokens_list_free(&a[1]);
	tokens_table_free(one);
	tokens_table_free(two);
	text_free(text);
}

/*
 * A unit with one letter beyond ASCII anywhere in it, at any length, is
 * not read as ASCII: "caf\xc3\xa9" stays one word, wherever it sits.
 */
static void
tokens_keep_an_accented_word_whole_at_any_place(void **state)
{
	char s[160], want[200];
	size_t len, at, i;

	(void)state;
	for (len = 1; len <= 70; len++)
		for (at = 0; at + 5 <= len + 4; at++) {
			size_t n = 0, w = 0;

			/* len bytes of "x " words, "caf\xc3\xa9" at byte at */
			for (i = 0; i < at; i++)
				s[n++] = i % 2 ? ' ' : 'x';
			if (at % 2 == 1)
				s[n - 1] = ' ';
			memcpy(s + n, "caf\xc3\xa9", 5);
			n += 5;
			for (i = 0; n < len + 5; i++)
				s[n++] = i % 2 ? 'y' : ' ';
			s[n] = '\0';
			for (i = 0; i < at; i += 2)
				if (s[i] == 'x')
					w += (size_t)snprintf(want + w, sizeof(want) - w, "x ");
			w += (size_t)snprintf(want + w, sizeof(want) - w, "caf\xc3\xa9");
			for (i = at + 5; i < n; i++)
				if (s[i] == 'y')
					w += (size_t)snprintf(want + w, sizeof(want) - w, " y");
			expect_tokens(s, want);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_fold_case),
		cmocka_unit_test(tokens_drop_punctuation),
		cmocka_unit_test(tokens_treat_us_with_and_without_dots_alike),
		cmocka_unit_test(tokens_keep_a_domain_name_whole),
		cmocka_unit_test(tokens_split_hyphenated_names_like_spaced_ones),
		cmocka_unit_test(tokens_keep_numbers_whole),
		cmocka_unit_test(tokens_keep_numbers_that_are_not_thousands_as_written),
		cmocka_unit_test(tokens_fold_typographic_apostrophes),
		cmocka_unit_test(tokens_fold_typographic_quotes_dashes_and_spaces),
		cmocka_unit_test(tokens_apply_compatibility_normalisation),
		cmocka_unit_test(tokens_keep_accents),
		cmocka_unit_test(tokens_drop_symbols_and_emoji),
		cmocka_unit_test(tokens_cut_cjk_text_into_words),
		cmocka_unit_test(tokens_keep_the_source_span_of_each_word),
		cmocka_unit_test(tokens_give_a_unit_without_words_no_tokens),
		cmocka_unit_test(tokens_hash_differs_when_the_order_differs),
		cmocka_unit_test(tokens_count_document_frequency_once_per_unit_and_side),
		cmocka_unit_test(tokens_merge_a_side_as_if_tokenized_in_one_table),
		cmocka_unit_test(tokens_store_and_copy_units_as_tokens_unit_does),
		cmocka_unit_test(tokens_merge_lists_numbered_in_unit_order),
		cmocka_unit_test(tokens_copy_a_unit_as_if_tokenized),
		cmocka_unit_test(tokens_intern_many_words_with_stable_ids_and_texts),
		cmocka_unit_test(tokens_find_a_word_the_same_however_it_was_interned),
		cmocka_unit_test(tokens_intern_a_string_longer_than_an_arena_block),
		cmocka_unit_test(tokens_handle_a_long_unit_without_spaces),
		cmocka_unit_test(tokens_break_words_exactly_as_libunistring),
		cmocka_unit_test(tokens_fold_simple_words_exactly_as_libunistring),
		cmocka_unit_test(tokens_read_ascii_units_as_the_general_path_does),
		cmocka_unit_test(tokens_keep_an_accented_word_whole_at_any_place),
		cmocka_unit_test(tokens_free_null_and_zeroed_values_without_harm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
