/*
 * test-layout: the rows both front ends draw, checked without a terminal.
 *
 * Most tests build a struct comparison by hand (units and entries, word
 * spans found by searching the text), so that they hold whatever the
 * alignment engine decides; the integration tests use comparison_new() and
 * check only properties every alignment must keep.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

#include "fixtures.h"
#include "fixture-cmp.h"
#include "layout.h"
#include "util.h"

#define NONE ((size_t)-1)

/* ---- hand-built comparisons ---- */

/* Every unit of both sides, entries equal 1:1 as far as both go. */
static void
fixture_equal(struct fixture *f, const char *const *units)
{
	size_t i;

	fixture_side(f, 0, units);
	fixture_side(f, 1, units);
	for (i = 0; i < f->cmp.side[0].units.count; i++)
		fixture_entry(f, ALIGN_EQUAL, i, 1, i, 1);
}

static void
build(const struct comparison *cmp, unsigned width, struct layout *out)
{
	struct layout_options options = { 0 };

	options.pane_width = width;
	layout_build(cmp, &options, out);
}

/* ---- reading a layout ---- */

/* The text of one half of a row; the caller frees it. */
static char *
half_text(const struct layout *l, size_t row, int s)
{
	const struct layout_half *h = &l->row[row].half[s];
	size_t length = 0, i;
	char *text;

	for (i = 0; i < h->piece_count; i++)
		length += l->piece[h->first_piece + i].length;
	text = xmalloc(length + 1);
	length = 0;
	for (i = 0; i < h->piece_count; i++) {
		const struct layout_piece *pc = &l->piece[h->first_piece + i];

		memcpy(text + length, l->chars + pc->text, pc->length);
		length += pc->length;
	}
	text[length] = '\0';
	return text;
}

static void
assert_half(const struct layout *l, size_t row, int s, const char *expected)
{
	char *text = half_text(l, row, s);

	assert_string_equal(text, expected);
	free(text);
}

/* The concatenation, without whitespace, of side s over rows not flagged skip. */
static char *
side_letters(const struct layout *l, int s, unsigned skip)
{
	size_t row, cap = 64, length = 0;
	char *out = xmalloc(cap);

	for (row = 0; row < l->row_count; row++) {
		char *text, *p;

		if (l->row[row].flags & skip)
			continue;
		text = half_text(l, row, s);
		for (p = text; *p; p++) {
			if (*p == ' ')
				continue;
			if (length + 2 > cap)
				out = xrealloc(out, cap *= 2);
			out[length++] = *p;
		}
		free(text);
	}
	out[length] = '\0';
	return out;
}

/* side_letters() of the left side, moves shown where they were. */
static char *
left_letters_in_place(const struct comparison *cmp, const struct layout *l)
{
	struct layout copy = *l;
	size_t row;
	char *out;

	copy.row = xreallocarray(NULL, l->row_count + 1, sizeof(*copy.row));
	copy.row_count = 0;
	for (row = 0; row < l->row_count; row++) {
		const struct layout_row *r = &l->row[row];

		if (r->entry != NONE && cmp->entry[r->entry].op == ALIGN_MOVE &&
		    !(r->flags & LAYOUT_ROW_MOVED_AWAY))
			continue;
		copy.row[copy.row_count++] = *r;
	}
	out = side_letters(&copy, 0, 0);
	free(copy.row);
	return out;
}

static char *
without_spaces(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *p = out;

	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			*p++ = *s;
	*p = '\0';
	return out;
}

/* The style of the piece of row (or any row: NONE) holding word on side s. */
static enum layout_style
style_in_row(const struct layout *l, size_t only_row, int s, const char *word)
{
	size_t row, i;

	for (row = 0; row < l->row_count; row++) {
		const struct layout_half *h = &l->row[row].half[s];

		if (only_row != NONE && row != only_row)
			continue;
		for (i = 0; i < h->piece_count; i++) {
			const struct layout_piece *pc = &l->piece[h->first_piece + i];
			char *text = xstrndup(l->chars + pc->text, pc->length);
			int hit = strstr(text, word) != NULL;

			free(text);
			if (hit)
				return pc->style;
		}
	}
	fail_msg("\"%s\" is not inside one piece on side %d", word, s);
	return LAYOUT_STYLE_COUNT;
}

static enum layout_style
style_of(const struct layout *l, int s, const char *word)
{
	return style_in_row(l, NONE, s, word);
}

/* The number of grapheme-free "clusters" check: cells of a half's pieces. */
static void
assert_consistent(const struct layout *l, unsigned width)
{
	size_t row, i;
	int s;

	for (row = 0; row < l->row_count; row++) {
		for (s = 0; s < 2; s++) {
			const struct layout_half *h = &l->row[row].half[s];
			unsigned cells = 0;

			for (i = 0; i < h->piece_count; i++) {
				const struct layout_piece *pc = &l->piece[h->first_piece + i];

				assert_true(pc->text + pc->length <= l->chars_length);
				assert_int_equal(layout_width(l->chars + pc->text, pc->length), pc->cells);
				cells += pc->cells;
			}
			assert_int_equal(cells, h->cells);
			if (h->filler)
				assert_int_equal(h->piece_count, 0);
			if (h->cells > width) {
				/* Only one cluster wider than the pane may overflow: a
				   single wide character with at most zero-width marks. */
				char *text = half_text(l, row, s);

				assert_true(h->cells <= 2);
				assert_int_equal(layout_width(text, strlen(text)), 2);
				free(text);
			}
		}
	}
}

/* ---- tests ---- */

static void
layout_gives_each_equal_sentence_its_own_row(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "One.", "Two words.", NULL });
	build(&f.cmp, 40, &l);
	assert_int_equal(l.row_count, 2);
	assert_half(&l, 0, 0, "One.");
	assert_half(&l, 0, 1, "One.");
	assert_half(&l, 1, 0, "Two words.");
	assert_int_equal(l.row[1].half[1].unit, 1);
	assert_int_equal(l.row[0].flags, LAYOUT_ROW_FIRST);
	assert_int_equal(l.row[0].half[0].marker, LAYOUT_MARK_SAME);
	assert_int_equal(style_of(&l, 0, "Two words."), LAYOUT_SAME);
	assert_int_equal(l.entry_row[1], 1);
	assert_int_equal(l.diff_count, 0);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_wraps_at_word_boundaries(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "The quick brown fox jumps over a well-known dog.", NULL });
	build(&f.cmp, 10, &l);
	assert_int_equal(l.row_count, 5);
	assert_half(&l, 0, 0, "The quick");
	assert_half(&l, 1, 0, "brown fox");
	assert_half(&l, 2, 0, "jumps over");
	assert_half(&l, 3, 0, "a well-");
	assert_half(&l, 4, 0, "known dog.");
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_keeps_closing_punctuation_after_a_space_on_its_row(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	/* French spacing: no break before "!" or ")" nor after "(". */
	fixture_equal(&f, (const char *const[]){ "Quelle surprise ! Il a dit ( vraiment ) oui.", NULL });
	build(&f.cmp, 16, &l);
	assert_half(&l, 0, 0, "Quelle");
	assert_half(&l, 1, 0, "surprise ! Il a");
	assert_half(&l, 2, 0, "dit ( vraiment )");
	assert_half(&l, 3, 0, "oui.");
	layout_free(&l);
	fixture_free(&f);
}

/*
 * The layout's own line breaking for ASCII must agree with libunistring's
 * wherever the layout reads it: at every byte that is not whitespace and
 * does not follow a tab or a line end (those always end a word).
 */
static void
layout_breaks_ascii_lines_where_libunistring_does(void **state)
{
	static const char alphabet[] = "aZ09 -.,:;!?\"'()[]{}/$+\\%|#&*@_~<=>\t\n\r  ";
	char text[40], ours[40], theirs[40];
	unsigned seed = 12345, round;
	size_t n, i;

	(void)state;
	for (round = 0; round < 50000; round++) {
		n = 1 + (seed >> 16) % 12;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		layout_linebreaks(text, n, ours);
		u8_possible_linebreaks((const uint8_t *)text, n, "UTF-8", theirs);
		for (i = 0; i < n; i++) {
			if (strchr(" \t\n\r", text[i]) != NULL ||
			    (i > 0 && strchr("\t\n\r", text[i - 1]) != NULL))
				continue;
			if ((ours[i] == UC_BREAK_POSSIBLE) != (theirs[i] == UC_BREAK_POSSIBLE))
				fail_msg("\"%.*s\" at %zu: %d, libunistring %d", (int)n, text, i,
					 ours[i], theirs[i]);
		}
	}
}

static void
layout_drops_spaces_only_at_wrap_points(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "two  spaces\ta\ntab", NULL });
	build(&f.cmp, 40, &l);
	assert_int_equal(l.row_count, 1);
	/* The tab reaches the next multiple of 8; the line end is a space. */
	assert_half(&l, 0, 0, "two  spaces     a tab");
	layout_free(&l);
	build(&f.cmp, 11, &l);
	assert_int_equal(l.row_count, 2);
	assert_half(&l, 0, 0, "two  spaces");
	assert_half(&l, 1, 0, "a tab");
	layout_free(&l);
	fixture_free(&f);
}

static const char *const mixed_units[] = {
	"Officials said the bridge, built in 1932, was closed on Monday.",
	"Supercalifragilisticexpialidocious-antidisestablishmentarianism words follow.",
	"\n\xe4\xb8\xad\xe6\x96\x87\xe6\x96\xb0\xe9\x97\xbb\xe6\x8a\xa5\xe9\x81\x93\xe8\xaf\xb4\xe6\x98\x8e\xe4\xba\x86\xe4\xb8\x80\xe5\x88\x87\xe3\x80\x82",
	"Emoji \xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80 and cafe\xcc\x81 e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81 r\xc3\xa9sum\xc3\xa9.",
	"Tabs\tand\tcontrols \x1b[31mred\x1b[0m \xe2\x80\xae" "evil\xe2\x80\xac here.",
	NULL
};

static void
layout_keeps_every_row_within_the_pane_at_every_width(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	unsigned width;

	(void)state;
	fixture_equal(&f, mixed_units);
	for (width = 1; width <= 200; width++) {
		build(&f.cmp, width, &l);
		assert_consistent(&l, width);
		layout_free(&l);
	}
	fixture_free(&f);
}

static void
layout_shows_every_character_once_at_every_width(void **state)
{
	static const char *const units[] = {
		"Officials said the bridge, built in 1932, was closed on Monday.",
		"Supercalifragilisticexpialidocious-antidisestablishmentarianism words follow.",
		"\n\xe4\xb8\xad\xe6\x96\x87\xe6\x96\xb0\xe9\x97\xbb\xe6\x8a\xa5\xe9\x81\x93\xe3\x80\x82",
		"Emoji \xf0\x9f\x98\x80\xf0\x9f\x98\x80 and cafe\xcc\x81 e\xcc\x81" "e\xcc\x81" "e\xcc\x81.",
		NULL
	};
	struct fixture f = { 0 };
	struct layout l;
	unsigned width;
	char *expected;

	(void)state;
	fixture_equal(&f, units);
	expected = without_spaces(f.text[0]->bytes);
	for (width = 1; width <= 200; width++) {
		char *shown[2];

		build(&f.cmp, width, &l);
		shown[0] = side_letters(&l, 0, 0);
		shown[1] = side_letters(&l, 1, 0);
		assert_string_equal(shown[0], expected);
		assert_string_equal(shown[1], expected);
		free(shown[0]);
		free(shown[1]);
		layout_free(&l);
	}
	free(expected);
	fixture_free(&f);
}

static void
layout_pads_removed_and_added_sentences_with_filler(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "Kept.", "Cut from the wire copy.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "Kept.", "Added by the site.", NULL });
	fixture_entry(&f, ALIGN_EQUAL, 0, 1, 0, 1);
	fixture_entry(&f, ALIGN_DELETE, 1, 1, 1, 0);
	fixture_entry(&f, ALIGN_INSERT, 2, 0, 1, 1);
	build(&f.cmp, 12, &l);
	/* Kept. / Cut from the / wire copy. / Added by the / site. */
	assert_int_equal(l.row_count, 5);
	assert_half(&l, 1, 0, "Cut from the");
	assert_true(l.row[1].half[1].filler);
	assert_true(l.row[2].half[1].filler);
	assert_int_equal(l.row[1].half[0].marker, LAYOUT_MARK_DELETE);
	assert_int_equal(l.row[2].half[0].marker, LAYOUT_MARK_DELETE);
	assert_int_equal(l.row[1].half[1].marker, LAYOUT_MARK_FILLER);
	assert_int_equal(l.row[1].half[1].unit, NONE);
	assert_int_equal(style_of(&l, 0, "wire copy."), LAYOUT_REMOVED);
	assert_half(&l, 3, 1, "Added by the");
	assert_true(l.row[3].half[0].filler);
	assert_true(l.row[4].half[0].filler);
	assert_int_equal(l.row[4].half[1].marker, LAYOUT_MARK_INSERT);
	assert_int_equal(style_of(&l, 1, "site."), LAYOUT_ADDED);
	assert_true(l.row[3].flags & LAYOUT_ROW_FIRST);
	assert_false(l.row[4].flags & LAYOUT_ROW_FIRST);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_starts_both_halves_of_a_pair_on_the_same_row(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	struct align_entry *e;
	size_t row;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "Short.",
			"The council voted to close the old bridge after the storm.", "Next.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "Short.",
			"The council voted to shut the bridge.", "It was damaged in the storm.",
			"Next.", NULL });
	fixture_entry(&f, ALIGN_EQUAL, 0, 1, 0, 1);
	e = fixture_entry(&f, ALIGN_CHANGE, 1, 1, 1, 2);
	fixture_word(&f, e, WORD_DELETE, 0, "close the old");
	fixture_word(&f, e, WORD_INSERT, 1, "shut");
	fixture_entry(&f, ALIGN_EQUAL, 2, 1, 3, 1);
	build(&f.cmp, 20, &l);
	row = l.entry_row[1];
	assert_int_equal(row, 1);
	assert_true(l.row[row].flags & LAYOUT_ROW_FIRST);
	assert_half(&l, row, 0, "The council voted to");
	assert_half(&l, row, 1, "The council voted to");
	assert_int_equal(l.row[row].half[0].marker, LAYOUT_MARK_CHANGE);
	assert_int_equal(l.row[row].half[1].marker, LAYOUT_MARK_CHANGE);
	/* Left: 3 rows; right: 2 rows per unit, the second unit on its own row. */
	assert_half(&l, row + 2, 1, "It was damaged in");
	assert_int_equal(l.row[row + 2].half[1].unit, 2);
	assert_half(&l, row + 2, 0, "after the storm.");
	assert_true(l.row[row + 3].half[0].filler);
	assert_half(&l, row + 3, 1, "the storm.");
	/* The next entry starts after the longer half, both sides together. */
	assert_int_equal(l.entry_row[2], row + 4);
	assert_half(&l, row + 4, 0, "Next.");
	assert_half(&l, row + 4, 1, "Next.");
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_highlights_changed_words_of_a_pair(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	struct align_entry *e;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "The mayor said on Monday that taxes rise.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "The mayor announced on Tuesday that taxes.",
			"Rise is planned.", NULL });
	e = fixture_entry(&f, ALIGN_CHANGE, 0, 1, 0, 2);
	fixture_word(&f, e, WORD_DELETE, 0, "said");
	fixture_word(&f, e, WORD_DELETE, 0, "Monday");
	fixture_word(&f, e, WORD_INSERT, 1, "announced");
	fixture_word(&f, e, WORD_INSERT, 1, "Tuesday");
	/* A span across the gap between two units: each unit gets its part. */
	fixture_word(&f, e, WORD_INSERT, 1, "taxes. Rise is");
	fixture_word(&f, e, WORD_EQUAL, 0, "The mayor");
	build(&f.cmp, 80, &l);
	assert_int_equal(l.row_count, 2);
	assert_int_equal(style_of(&l, 0, "The mayor "), LAYOUT_SAME);
	assert_int_equal(style_of(&l, 0, "said"), LAYOUT_DELETED_WORD);
	assert_int_equal(style_of(&l, 0, " on "), LAYOUT_SAME);
	assert_int_equal(style_of(&l, 0, "Monday"), LAYOUT_DELETED_WORD);
	assert_int_equal(style_of(&l, 0, " that taxes rise."), LAYOUT_SAME);
	assert_int_equal(style_of(&l, 1, "announced"), LAYOUT_INSERTED_WORD);
	assert_int_equal(style_of(&l, 1, "Tuesday"), LAYOUT_INSERTED_WORD);
	assert_int_equal(style_of(&l, 1, " that "), LAYOUT_SAME);
	assert_int_equal(style_of(&l, 1, "taxes."), LAYOUT_INSERTED_WORD);
	assert_int_equal(style_of(&l, 1, "Rise is"), LAYOUT_INSERTED_WORD);
	assert_int_equal(style_of(&l, 1, " planned."), LAYOUT_SAME);
	/* Deleted words never appear on the right, inserted never on the left. */
	assert_half(&l, 0, 0, "The mayor said on Monday that taxes rise.");
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_marks_changed_words_for_output_without_colour(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout l;
	struct align_entry *e;
	size_t row;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "The mayor said on Monday that taxes rise.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "The mayor announced on Tuesday that taxes.",
			"Rise is planned.", NULL });
	e = fixture_entry(&f, ALIGN_CHANGE, 0, 1, 0, 2);
	fixture_word(&f, e, WORD_DELETE, 0, "said");
	fixture_word(&f, e, WORD_DELETE, 0, "Monday");
	fixture_word(&f, e, WORD_INSERT, 1, "announced");
	fixture_word(&f, e, WORD_INSERT, 1, "Tuesday");
	fixture_word(&f, e, WORD_INSERT, 1, "taxes. Rise is");
	options.word_marks = 1;
	options.pane_width = 80;
	layout_build(&f.cmp, &options, &l);
	assert_half(&l, 0, 0, "The mayor [-said-] on [-Monday-] that taxes rise.");
	assert_half(&l, 0, 1, "The mayor {+announced+} on {+Tuesday+} that {+taxes.+}");
	assert_half(&l, 1, 1, "{+Rise is+} planned.");
	assert_int_equal(style_of(&l, 0, "[-said-]"), LAYOUT_DELETED_WORD);
	layout_free(&l);
	/* The marks count in the width and stay with their words. */
	for (options.pane_width = 1; options.pane_width <= 60; options.pane_width++) {
		layout_build(&f.cmp, &options, &l);
		assert_consistent(&l, options.pane_width);
		for (row = 0; options.pane_width >= 10 && row < l.row_count; row++) {
			char *text = half_text(&l, row, 0);
			size_t length = strlen(text);

			assert_false(length >= 2 && strcmp(text + length - 2, "[-") == 0);
			assert_false(strncmp(text, "-]", 2) == 0);
			free(text);
		}
		layout_free(&l);
	}
	fixture_free(&f);
}

static void
layout_counts_cjk_and_emoji_as_two_cells(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	/* 中文新闻 and two emoji: 8 + 1 + 4 cells. */
	fixture_equal(&f, (const char *const[]){
			"\xe4\xb8\xad\xe6\x96\x87\xe6\x96\xb0\xe9\x97\xbb \xf0\x9f\x98\x80\xf0\x9f\x8e\x89", NULL });
	build(&f.cmp, 80, &l);
	assert_int_equal(l.row[0].half[0].cells, 13);
	layout_free(&l);
	/* CJK breaks between ideographs; 5 cells hold two of them. */
	build(&f.cmp, 5, &l);
	assert_int_equal(l.row_count, 3);
	assert_half(&l, 0, 0, "\xe4\xb8\xad\xe6\x96\x87");
	assert_int_equal(l.row[0].half[0].cells, 4);
	assert_half(&l, 1, 0, "\xe6\x96\xb0\xe9\x97\xbb");
	assert_half(&l, 2, 0, "\xf0\x9f\x98\x80\xf0\x9f\x8e\x89");
	layout_free(&l);
	/* One cell: each wide character takes a row of its own and nothing loops. */
	build(&f.cmp, 1, &l);
	assert_int_equal(l.row_count, 6);
	assert_half(&l, 0, 0, "\xe4\xb8\xad");
	assert_int_equal(l.row[0].half[0].cells, 2);
	assert_half(&l, 5, 0, "\xf0\x9f\x8e\x89");
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_keeps_combining_marks_with_their_base(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	size_t row;

	(void)state;
	/* "éééé" with combining acute accents: four clusters, four cells. */
	fixture_equal(&f, (const char *const[]){ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", NULL });
	build(&f.cmp, 80, &l);
	assert_int_equal(l.row[0].half[0].cells, 4);
	layout_free(&l);
	build(&f.cmp, 3, &l);
	assert_int_equal(l.row_count, 2);
	assert_half(&l, 0, 0, "e\xcc\x81" "e\xcc\x81" "e\xcc\x81");
	assert_half(&l, 1, 0, "e\xcc\x81");
	layout_free(&l);
	build(&f.cmp, 1, &l);
	assert_int_equal(l.row_count, 4);
	for (row = 0; row < 4; row++)
		assert_half(&l, row, 0, "e\xcc\x81");
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_gives_a_lone_combining_mark_a_visible_base(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "\xcc\x81x", NULL });
	build(&f.cmp, 80, &l);
	/* A dotted circle, as Unicode charts show a mark with no base. */
	assert_half(&l, 0, 0, "\xe2\x97\x8c\xcc\x81x");
	assert_int_equal(l.row[0].half[0].cells, 2);
	layout_free(&l);
	fixture_free(&f);
}

/*
 * Found by fuzz-layout (issue 7): a mark on a space ("to \u0301schools")
 * lost its base when the line wrapped at the space, and then combined with
 * the divider or the gutter drawn before it; the row's cells disagreed with
 * layout_width() of its own text.  A blank base counts as no base.
 */
static void
layout_gives_a_mark_on_a_space_a_visible_base_at_a_wrap(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	size_t p;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "to \xcc\x81schools", NULL });
	build(&f.cmp, 8, &l);
	assert_int_equal(l.row_count, 2);
	assert_half(&l, 0, 0, "to");
	assert_half(&l, 1, 0, "\xe2\x97\x8c\xcc\x81schools");
	assert_int_equal(l.row[1].half[0].cells, 8);
	for (p = 0; p < l.piece_count; p++)
		assert_int_equal(l.piece[p].cells,
				 layout_width(l.chars + l.piece[p].text, l.piece[p].length));
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_measures_a_dotted_circle_base_the_same_way_twice(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	unsigned width;

	(void)state;
	/* A Hangul vowel jamo with no leading consonant is a zero-width cluster
	   of its own: it gets a dotted circle, and measuring the piece again
	   (circle then jamo) must not add a second one. */
	fixture_equal(&f, (const char *const[]){ "mini\xe1\x85\xa1 next \xe2\x97\x8c\xe1\x85\xa1.", NULL });
	build(&f.cmp, 80, &l);
	assert_half(&l, 0, 0, "mini\xe2\x97\x8c\xe1\x85\xa1 next \xe2\x97\x8c\xe1\x85\xa1.");
	assert_int_equal(l.row[0].half[0].cells, 13);
	layout_free(&l);
	for (width = 1; width <= 16; width++) {
		build(&f.cmp, width, &l);
		assert_consistent(&l, width);
		layout_free(&l);
	}
	fixture_free(&f);
}

/*
 * Found by fuzz-layout (issue 7): U+06DD, a prepended mark, shares a
 * grapheme cluster with the letter after it; once shown as the stand-in
 * "<U+06DD>" the cluster still glued its ">" to that letter, and a pane of
 * one cell got a row of two.  A stand-in is a cluster of its own.
 */
static void
layout_breaks_after_the_stand_in_of_a_prepended_mark(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	size_t row;

	(void)state;
	fixture_equal(&f, (const char *const[]){ "not\xdb\x9d" "ack", NULL });
	build(&f.cmp, 80, &l);
	assert_half(&l, 0, 0, "not<U+06DD>ack");
	layout_free(&l);
	build(&f.cmp, 1, &l);
	assert_int_equal(l.row_count, 14);
	for (row = 0; row < l.row_count; row++)
		assert_true(l.row[row].half[0].cells <= 1);
	layout_free(&l);
	fixture_free(&f);
}

/*
 * Found by fuzz-layout (issue 7): 59 leading jamo and a syllable are one
 * grapheme cluster of 120 cells (59 ASCII fallbacks in ASCII mode), which
 * overflowed a pane of 33 on a single row.  A cluster wider than the pane
 * is broken between its characters.
 */
static void
layout_breaks_a_cluster_wider_than_the_pane(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout l;
	char text[59 * 3 + 4];
	size_t i, row;

	(void)state;
	for (i = 0; i < 59; i++)
		memcpy(text + 3 * i, "\xe1\x84\x91", 3);	/* U+1111 */
	memcpy(text + 3 * 59, "\xed\x8c\x8c", 4);	/* U+D30C and the NUL */
	fixture_equal(&f, (const char *const[]){ text, NULL });
	build(&f.cmp, 33, &l);
	assert_int_equal(l.row_count, 4);	/* 120 cells, 16 jamo to a row */
	for (row = 0; row < l.row_count; row++)
		assert_true(l.row[row].half[0].cells <= 33);
	layout_free(&l);
	options.pane_width = 33;
	options.ascii = 1;
	layout_build(&f.cmp, &options, &l);
	assert_int_equal(l.row_count, 2);
	for (row = 0; row < l.row_count; row++)
		assert_true(l.row[row].half[0].cells <= 33);
	layout_free(&l);
	fixture_free(&f);
}

/* No byte that a terminal could take as a control, nor a bidi control. */
static void
assert_printable(const struct layout *l)
{
	size_t i;

	for (i = 0; i < l->chars_length; i++) {
		unsigned char c = (unsigned char)l->chars[i];

		assert_true(c >= 0x20 && c != 0x7f);
		if (c == 0xc2)	/* C1 controls are U+0080..U+009F: c2 80..c2 9f */
			assert_true((unsigned char)l->chars[i + 1] >= 0xa0);
		if (c == 0xe2 && (unsigned char)l->chars[i + 1] == 0x80) {
			unsigned char d = (unsigned char)l->chars[i + 2];

			assert_false(d >= 0xaa && d <= 0xae);	/* U+202A..U+202E */
			assert_false(d == 0x8e || d == 0x8f || d == 0x8b);	/* LRM, RLM, ZWSP */
		}
		if (c == 0xe2 && (unsigned char)l->chars[i + 1] == 0x81) {
			unsigned char d = (unsigned char)l->chars[i + 2];

			assert_false(d >= 0xa6 && d <= 0xa9);	/* U+2066..U+2069 */
		}
	}
}

static void
layout_makes_control_characters_visible(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_equal(&f, (const char *const[]){
			"A\x1b[2Jb \x01z \x7f \xc2\x9b" "c \xe2\x80\xae" "evil\xe2\x80\xac "
			"\xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8fy \xd8\x9cz zero\xe2\x80\x8bwidth \xef\xbb\xbf" "bom",
			NULL });
	build(&f.cmp, 200, &l);
	assert_half(&l, 0, 0,
		    "A^[[2Jb ^Az ^? <U+009B>c <U+202E>evil<U+202C> <U+2066>x<U+2069> "
		    "<U+200F>y <U+061C>z zero<U+200B>width <U+FEFF>bom");
	assert_int_equal(style_of(&l, 0, "^["), LAYOUT_CONTROL);
	assert_int_equal(style_of(&l, 0, "<U+202E>"), LAYOUT_CONTROL);
	assert_int_equal(style_of(&l, 0, "evil"), LAYOUT_SAME);
	assert_printable(&l);
	assert_consistent(&l, 200);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_keeps_control_stand_ins_printable_at_every_width(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	unsigned width;

	(void)state;
	fixture_equal(&f, mixed_units);
	for (width = 1; width <= 40; width++) {
		build(&f.cmp, width, &l);
		assert_printable(&l);
		layout_free(&l);
	}
	fixture_free(&f);
}

static void
layout_shows_ascii_fallbacks_when_asked(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout l;
	size_t i;

	(void)state;
	fixture_equal(&f, (const char *const[]){
			"\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x94 it\xe2\x80\x99s caf\xc3\xa9 "
			"cafe\xcc\x81\xe2\x80\xa6 \xe4\xb8\xad \xf0\x9f\x98\x80 \xe2\x80\xae.", NULL });
	options.pane_width = 80;
	options.ascii = 1;
	layout_build(&f.cmp, &options, &l);
	assert_half(&l, 0, 0, "\"Quoted\" - it's cafe cafe... ? ? <U+202E>.");
	for (i = 0; i < l.chars_length; i++)
		assert_true((unsigned char)l.chars[i] >= 0x20 && (unsigned char)l.chars[i] < 0x7f);
	assert_int_equal(l.row[0].half[0].cells, strlen("\"Quoted\" - it's cafe cafe... ? ? <U+202E>."));
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_folds_runs_of_unchanged_sentences(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout l;
	size_t i;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "S0.", "S1.", "S2.", "S3.", "S4.", "Old.",
			"S6.", "S7.", "S8.", "S9.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "S0.", "S1.", "S2.", "S3.", "S4.", "New.",
			"S6.", "S7.", "S8.", "S9.", NULL });
	for (i = 0; i < 5; i++)
		fixture_entry(&f, ALIGN_EQUAL, i, 1, i, 1);
	fixture_entry(&f, ALIGN_CHANGE, 5, 1, 5, 1);
	for (i = 6; i < 10; i++)
		fixture_entry(&f, ALIGN_EQUAL, i, 1, i, 1);
	options.pane_width = 40;
	options.fold = 1;
	options.fold_context = 1;
	layout_build(&f.cmp, &options, &l);
	/* fold(S0..S3), S4, change, S6, fold(S7..S9) */
	assert_int_equal(l.row_count, 5);
	assert_true(l.row[0].flags & LAYOUT_ROW_FOLD);
	assert_half(&l, 0, 0, "\xe2\x80\xa6 4 unchanged sentences \xe2\x80\xa6");
	assert_half(&l, 0, 1, "\xe2\x80\xa6 4 unchanged sentences \xe2\x80\xa6");
	assert_int_equal(style_of(&l, 0, "unchanged"), LAYOUT_FOLD);
	assert_int_equal(l.entry_row[0], 0);
	assert_int_equal(l.entry_row[3], 0);
	assert_int_equal(l.entry_row[4], 1);
	assert_half(&l, 1, 0, "S4.");
	assert_int_equal(l.diff_count, 1);
	assert_int_equal(l.diff_row[0], 2);
	assert_half(&l, 3, 1, "S6.");
	assert_half(&l, 4, 0, "\xe2\x80\xa6 3 unchanged sentences \xe2\x80\xa6");
	assert_int_equal(l.entry_row[9], 4);
	layout_free(&l);

	/* Narrow panes get a shorter fold text, never a wider row. */
	options.unit_kind = SEGMENT_PARAGRAPH;
	options.pane_width = 14;
	layout_build(&f.cmp, &options, &l);
	assert_half(&l, 0, 0, "\xe2\x80\xa6 4 \xe2\x80\xa6");
	layout_free(&l);
	options.pane_width = 30;
	layout_build(&f.cmp, &options, &l);
	assert_half(&l, 0, 0, "\xe2\x80\xa6 4 unchanged paragraphs \xe2\x80\xa6");
	layout_free(&l);
	for (options.pane_width = 1; options.pane_width <= 40; options.pane_width++) {
		layout_build(&f.cmp, &options, &l);
		assert_consistent(&l, options.pane_width);
		layout_free(&l);
	}
	fixture_free(&f);
}

static void
layout_does_not_fold_when_the_context_covers_the_run(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout l;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "Cut.", "S1.", "S2.", "S3.", "S4.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "S1.", "S2.", "S3.", "S4.", "Added.", NULL });
	fixture_entry(&f, ALIGN_DELETE, 0, 1, 0, 0);
	fixture_entry(&f, ALIGN_EQUAL, 1, 1, 0, 1);
	fixture_entry(&f, ALIGN_EQUAL, 2, 1, 1, 1);
	fixture_entry(&f, ALIGN_EQUAL, 3, 1, 2, 1);
	fixture_entry(&f, ALIGN_EQUAL, 4, 1, 3, 1);
	fixture_entry(&f, ALIGN_INSERT, 5, 0, 4, 1);
	options.pane_width = 40;
	options.fold = 1;
	options.fold_context = 2;
	layout_build(&f.cmp, &options, &l);
	/* Four equal entries between two differences, two kept on each side. */
	assert_int_equal(l.row_count, 6);
	layout_free(&l);
	options.fold_context = 1;
	layout_build(&f.cmp, &options, &l);
	assert_int_equal(l.row_count, 5);
	assert_half(&l, 2, 0, "\xe2\x80\xa6 2 unchanged sentences \xe2\x80\xa6");
	assert_int_equal(l.diff_count, 2);
	assert_int_equal(l.diff_row[1], 4);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_shows_a_moved_sentence_at_both_places(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	struct align_entry *e;
	size_t away;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "Police arrived at noon.", "A.", "B.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "A.", "B.", "Police arrived at 1 pm.", NULL });
	fixture_entry(&f, ALIGN_EQUAL, 1, 1, 0, 1);
	fixture_entry(&f, ALIGN_EQUAL, 2, 1, 1, 1);
	e = fixture_entry(&f, ALIGN_MOVE, 0, 1, 2, 1);
	fixture_word(&f, e, WORD_DELETE, 0, "noon");
	fixture_word(&f, e, WORD_INSERT, 1, "1 pm");
	build(&f.cmp, 40, &l);
	assert_int_equal(l.row_count, 4);
	/* Where it was on the left: flagged, filler opposite. */
	away = l.moved_away_row[2];
	assert_int_equal(away, 0);
	assert_true(l.row[away].flags & LAYOUT_ROW_MOVED_AWAY);
	assert_int_equal(l.row[away].entry, 2);
	assert_half(&l, away, 0, "Police arrived at noon.");
	assert_int_equal(l.row[away].half[0].marker, LAYOUT_MARK_MOVE);
	assert_true(l.row[away].half[1].filler);
	assert_int_equal(style_in_row(&l, away, 0, "noon"), LAYOUT_MOVED);
	/* At its place in the right article: both halves, like a pair. */
	assert_int_equal(l.entry_row[2], 3);
	assert_true(l.row[3].flags & LAYOUT_ROW_FIRST);
	assert_false(l.row[3].flags & LAYOUT_ROW_MOVED_AWAY);
	assert_half(&l, 3, 0, "Police arrived at noon.");
	assert_half(&l, 3, 1, "Police arrived at 1 pm.");
	assert_int_equal(l.row[3].half[0].marker, LAYOUT_MARK_MOVE);
	assert_int_equal(l.row[3].half[1].marker, LAYOUT_MARK_MOVE);
	assert_int_equal(style_in_row(&l, 3, 0, "Police arrived at "), LAYOUT_MOVED);
	assert_int_equal(style_in_row(&l, 3, 0, "noon"), LAYOUT_DELETED_WORD);
	assert_int_equal(style_in_row(&l, 3, 1, "1 pm"), LAYOUT_INSERTED_WORD);
	/* One difference, at the right position. */
	assert_int_equal(l.diff_count, 1);
	assert_int_equal(l.diff_row[0], 3);
	assert_int_equal(l.diff_entry[0], 2);
	assert_int_equal(l.moved_away_row[0], NONE);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_puts_a_gap_row_between_paragraphs(void **state)
{
	struct fixture f = { 0 };
	struct layout l;

	(void)state;
	fixture_side(&f, 0, (const char *const[]){ "One.", "Two.", "\nThree.", "\nGone.", "\nFour.", NULL });
	fixture_side(&f, 1, (const char *const[]){ "One.", "Two.", "\nThree.", "\nNew.", "\nFour.", NULL });
	fixture_entry(&f, ALIGN_EQUAL, 0, 1, 0, 1);
	fixture_entry(&f, ALIGN_EQUAL, 1, 1, 1, 1);
	fixture_entry(&f, ALIGN_EQUAL, 2, 1, 2, 1);
	fixture_entry(&f, ALIGN_DELETE, 3, 1, 3, 0);
	fixture_entry(&f, ALIGN_INSERT, 4, 0, 3, 1);
	fixture_entry(&f, ALIGN_EQUAL, 4, 1, 4, 1);
	build(&f.cmp, 40, &l);
	/* One, Two, gap, Three, gap, Gone, New (no second gap), gap, Four */
	assert_int_equal(l.row_count, 9);
	assert_true(l.row[2].flags & LAYOUT_ROW_GAP);
	assert_int_equal(l.row[2].entry, NONE);
	assert_true(l.row[2].half[0].filler && l.row[2].half[1].filler);
	assert_half(&l, 3, 0, "Three.");
	assert_true(l.row[4].flags & LAYOUT_ROW_GAP);
	assert_half(&l, 5, 0, "Gone.");
	assert_half(&l, 6, 1, "New.");
	assert_true(l.row[7].flags & LAYOUT_ROW_GAP);
	assert_half(&l, 8, 1, "Four.");
	assert_int_equal(l.diff_count, 2);
	assert_int_equal(l.diff_row[0], 5);
	assert_int_equal(l.diff_row[1], 6);
	layout_free(&l);
	fixture_free(&f);
}

/* Properties every alignment must give, whatever the engine decides. */
static void
layout_indexes_every_difference_of_a_real_comparison(void **state)
{
	static const char left[] =
		"Storm closes bridge\n\nThe council closed the old bridge on Monday. "
		"Engineers found cracks.\nRepairs will take a year.\n\n"
		"The mayor said traffic would be diverted.\n";
	static const char right[] =
		"Storm closes bridge\n\nThe council shut the bridge on Tuesday.\n"
		"Repairs will take a year.\n\nResidents were angry.\n"
		"The mayor said traffic would be diverted.\n";
	struct text *text[2];
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct comparison *cmp;
	struct layout l;
	unsigned width;
	size_t i, d;

	(void)state;
	text[0] = fixture_text("left", left);
	text[1] = fixture_text("right", right);
	cmp = comparison_new(text[0], text[1], SEGMENT_SENTENCE, &options);
	for (width = 1; width <= 120; width += 7) {
		char *shown, *expected;

		build(cmp, width, &l);
		assert_consistent(&l, width);
		assert_int_equal(l.entry_count, cmp->entry_count);
		for (i = 0, d = 0; i < cmp->entry_count; i++) {
			size_t row = l.entry_row[i];

			assert_true(row < l.row_count);
			assert_int_equal(l.row[row].entry, i);
			assert_true(l.row[row].flags & LAYOUT_ROW_FIRST);
			if (cmp->entry[i].op == ALIGN_EQUAL)
				continue;
			assert_true(d < l.diff_count);
			assert_int_equal(l.diff_entry[d], i);
			assert_int_equal(l.diff_row[d], row);
			if (d > 0)
				assert_true(l.diff_row[d] > l.diff_row[d - 1]);
			d++;
		}
		assert_int_equal(d, l.diff_count);
		assert_true(d > 0);
		/* The right pane reads as the right article. */
		shown = side_letters(&l, 1, 0);
		expected = without_spaces(right);
		assert_string_equal(shown, expected);
		free(shown);
		free(expected);
		/* The left pane, with moved units where they were, reads as the left. */
		shown = left_letters_in_place(cmp, &l);
		expected = without_spaces(left);
		assert_string_equal(shown, expected);
		free(shown);
		free(expected);
		layout_free(&l);
	}
	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
}

/* ---- the incremental layout ---- */

/* Row ra of a and row rb of b show the same thing. */
static void
assert_same_row(const struct layout *a, size_t ra, const struct layout *b, size_t rb)
{
	const struct layout_row *x = &a->row[ra], *y = &b->row[rb];
	size_t i;
	int s;

	assert_int_equal(x->entry, y->entry);
	assert_int_equal(x->flags, y->flags);
	for (s = 0; s < 2; s++) {
		const struct layout_half *h = &x->half[s], *k = &y->half[s];

		assert_int_equal(h->marker, k->marker);
		assert_int_equal(h->filler, k->filler);
		assert_int_equal(h->unit, k->unit);
		assert_int_equal(h->cells, k->cells);
		assert_int_equal(h->piece_count, k->piece_count);
		for (i = 0; i < h->piece_count; i++) {
			const struct layout_piece *p = &a->piece[h->first_piece + i];
			const struct layout_piece *q = &b->piece[k->first_piece + i];

			assert_int_equal(p->style, q->style);
			assert_int_equal(p->cells, q->cells);
			assert_int_equal(p->length, q->length);
			assert_memory_equal(a->chars + p->text, b->chars + q->text, p->length);
		}
	}
}

/*
 * Paragraphs, a fold-worthy run, a move, CJK and emoji: every kind of block
 * and a gap row.  Entries: move (left 0 -> right 9), equal 1-7 / 0-6,
 * change 8 / 7, delete 9, insert / 8, equal 10-11 / 10-11.
 */
static void
fixture_blocks(struct fixture *f)
{
	struct align_entry *e;
	size_t i;

	fixture_side(f, 0, (const char *const[]){ "Police arrived at noon, \xe4\xb8\xad\xe6\x96\x87.",
			"S1.", "S2.", "S3 \xf0\x9f\x98\x80.", "S4.", "\nS5.", "S6.", "S7.",
			"The council closed the old bridge.", "Cut entirely.",
			"\nS10 \xe6\x96\xb0\xe9\x97\xbb.", "S11.", NULL });
	fixture_side(f, 1, (const char *const[]){ "S1.", "S2.", "S3 \xf0\x9f\x98\x80.", "S4.",
			"\nS5.", "S6.", "S7.", "The council shut the bridge.", "Added here.",
			"Police arrived at 1 pm, \xe4\xb8\xad\xe6\x96\x87.", "\nS10 \xe6\x96\xb0\xe9\x97\xbb.",
			"S11.", NULL });
	for (i = 1; i < 8; i++)
		fixture_entry(f, ALIGN_EQUAL, i, 1, i - 1, 1);
	e = fixture_entry(f, ALIGN_CHANGE, 8, 1, 7, 1);
	fixture_word(f, e, WORD_DELETE, 0, "closed the old");
	fixture_word(f, e, WORD_INSERT, 1, "shut the");
	fixture_entry(f, ALIGN_DELETE, 9, 1, 8, 0);
	fixture_entry(f, ALIGN_INSERT, 10, 0, 8, 1);
	e = fixture_entry(f, ALIGN_MOVE, 0, 1, 9, 1);
	fixture_word(f, e, WORD_DELETE, 0, "noon");
	fixture_word(f, e, WORD_INSERT, 1, "1 pm");
	fixture_entry(f, ALIGN_EQUAL, 10, 1, 10, 1);
	fixture_entry(f, ALIGN_EQUAL, 11, 1, 11, 1);
}

static void
layout_lays_out_each_block_alone_as_in_the_whole(void **state)
{
	struct fixture f = { 0 };
	struct layout_options options = { 0 };
	struct layout whole, alone, mixed;
	struct layout_plan plan;
	unsigned width;
	size_t k, kinds[3], gaps, row, *start;

	(void)state;
	fixture_blocks(&f);
	for (options.fold = 0; options.fold <= 1; options.fold++) {
		options.fold_context = 1;
		layout_plan_build(&f.cmp, &options, &plan);
		assert_int_equal(plan.entry_count, f.cmp.entry_count);
		memset(kinds, 0, sizeof(kinds));
		gaps = 0;
		for (k = 0; k < plan.block_count; k++) {
			kinds[plan.block[k].kind]++;
			gaps += plan.block[k].gap != 0;
		}
		/* The fixture holds what it should test. */
		assert_int_equal(kinds[LAYOUT_BLOCK_MOVED_AWAY], 1);
		assert_int_equal(kinds[LAYOUT_BLOCK_FOLD], options.fold ? 1 : 0);
		assert_true(gaps >= (options.fold ? 1u : 2u));
		start = xcalloc(plan.block_count + 1, sizeof(*start));
		for (width = 1; width <= 200; width++) {
			options.pane_width = width;
			layout_build(&f.cmp, &options, &whole);
			memset(&alone, 0, sizeof(alone));
			memset(&mixed, 0, sizeof(mixed));
			/* Each block alone, in order: the rows of the whole. */
			for (k = 0, row = 0; k < plan.block_count; k++) {
				size_t count, i;

				layout_clear(&alone);
				count = layout_plan_rows(&plan, k, width, &alone);
				assert_int_equal(count, alone.row_count);
				assert_true(count >= 1);
				assert_consistent(&alone, width);
				start[k] = row;
				for (i = 0; i < count; i++)
					assert_same_row(&alone, i, &whole, row + i);
				row += count;
			}
			assert_int_equal(row, whole.row_count);
			/* The plan's indexes point where the whole layout's do. */
			for (k = 0; k < plan.diff_count; k++) {
				size_t b = plan.diff_block[k];

				assert_int_equal(plan.diff_entry[k], whole.diff_entry[k]);
				assert_int_equal(start[b] + (plan.block[b].gap ? 1 : 0), whole.diff_row[k]);
			}
			assert_int_equal(plan.diff_count, whole.diff_count);
			for (k = 0; k < plan.entry_count; k++) {
				size_t b = plan.entry_block[k], away = plan.moved_away_block[k];

				assert_int_equal(start[b] + (plan.block[b].gap ? 1 : 0), whole.entry_row[k]);
				if (away == NONE)
					assert_int_equal(whole.moved_away_row[k], NONE);
				else
					assert_int_equal(start[away] + (plan.block[away].gap ? 1 : 0),
							 whole.moved_away_row[k]);
			}
			/* Backwards into one layout: nothing carries over from one
			   block to the next. */
			for (k = plan.block_count; k-- > 0;) {
				size_t first = mixed.row_count, count, i;

				count = layout_plan_rows(&plan, k, width, &mixed);
				for (i = 0; i < count; i++)
					assert_same_row(&mixed, first + i, &whole, start[k] + i);
			}
			assert_int_equal(mixed.row_count, whole.row_count);
			layout_free(&alone);
			layout_free(&mixed);
			layout_free(&whole);
		}
		free(start);
		layout_plan_free(&plan);
	}
	layout_plan_free(&plan);	/* a no-op on a freed plan */
	fixture_free(&f);
}

/* A terminal that sees U+00E9 as two cells and knows nothing of U+1F600. */
static int
odd_width(uint32_t uc)
{
	if (uc == 0xe9)
		return 2;
	if (uc == 0x1f600)
		return -1;
	return uc >= 0x4e00 && uc <= 0x9fff ? 2 : 1;
}

static int
default_width(void **state)
{
	(void)state;
	layout_set_char_width(NULL);
	return 0;
}

static void
layout_measures_characters_as_the_front_end_asks(void **state)
{
	struct fixture f = { 0 };
	struct layout l;
	unsigned width;

	(void)state;
	/* "café 中 😀": 5 + 1 + 2 + 1 + 2 cells by libunistring. */
	fixture_equal(&f, (const char *const[]){ "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", NULL });
	build(&f.cmp, 80, &l);
	assert_int_equal(l.row[0].half[0].cells, 10);
	layout_free(&l);
	layout_set_char_width(odd_width);
	build(&f.cmp, 80, &l);
	/* é takes two cells; the emoji the terminal cannot measure is a
	   stand-in, never a character of unknown width. */
	assert_half(&l, 0, 0, "caf\xc3\xa9 \xe4\xb8\xad <U+1F600>");
	assert_int_equal(l.row[0].half[0].cells, 5 + 1 + 2 + 1 + 9);
	assert_int_equal(layout_width("caf\xc3\xa9", 5), 5);
	layout_free(&l);
	for (width = 1; width <= 30; width++) {
		size_t row;

		build(&f.cmp, width, &l);
		for (row = 0; row < l.row_count; row++)
			assert_true(l.row[row].half[0].cells <= (width < 2 ? 2 : width));
		layout_free(&l);
	}
	layout_set_char_width(NULL);
	build(&f.cmp, 80, &l);
	assert_int_equal(l.row[0].half[0].cells, 10);
	layout_free(&l);
	fixture_free(&f);
}

static void
layout_measures_and_sanitizes_labels(void **state)
{
	unsigned cells;
	char *label;

	(void)state;
	assert_int_equal(layout_width("abc", 3), 3);
	assert_int_equal(layout_width("\xe4\xb8\xad", 3), 2);
	assert_int_equal(layout_width("e\xcc\x81", 3), 1);
	assert_int_equal(layout_width("\x1b", 1), 2);
	label = layout_sanitize("wire\x1b]0;pwned\x07\t.txt", strlen("wire\x1b]0;pwned\x07\t.txt"), 0, &cells);
	assert_string_equal(label, "wire^[]0;pwned^G .txt");
	assert_int_equal(cells, strlen(label));
	free(label);
	label = layout_sanitize("caf\xc3\xa9\xe2\x80\x94.txt", 12, 1, &cells);
	assert_string_equal(label, "cafe-.txt");
	free(label);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_gives_each_equal_sentence_its_own_row),
		cmocka_unit_test(layout_lays_out_each_block_alone_as_in_the_whole),
		cmocka_unit_test_teardown(layout_measures_characters_as_the_front_end_asks,
					  default_width),
		cmocka_unit_test(layout_wraps_at_word_boundaries),
		cmocka_unit_test(layout_keeps_closing_punctuation_after_a_space_on_its_row),
		cmocka_unit_test(layout_breaks_ascii_lines_where_libunistring_does),
		cmocka_unit_test(layout_drops_spaces_only_at_wrap_points),
		cmocka_unit_test(layout_keeps_every_row_within_the_pane_at_every_width),
		cmocka_unit_test(layout_shows_every_character_once_at_every_width),
		cmocka_unit_test(layout_pads_removed_and_added_sentences_with_filler),
		cmocka_unit_test(layout_starts_both_halves_of_a_pair_on_the_same_row),
		cmocka_unit_test(layout_highlights_changed_words_of_a_pair),
		cmocka_unit_test(layout_marks_changed_words_for_output_without_colour),
		cmocka_unit_test(layout_counts_cjk_and_emoji_as_two_cells),
		cmocka_unit_test(layout_keeps_combining_marks_with_their_base),
		cmocka_unit_test(layout_gives_a_lone_combining_mark_a_visible_base),
		cmocka_unit_test(layout_gives_a_mark_on_a_space_a_visible_base_at_a_wrap),
		cmocka_unit_test(layout_breaks_after_the_stand_in_of_a_prepended_mark),
		cmocka_unit_test(layout_breaks_a_cluster_wider_than_the_pane),
		cmocka_unit_test(layout_measures_a_dotted_circle_base_the_same_way_twice),
		cmocka_unit_test(layout_makes_control_characters_visible),
		cmocka_unit_test(layout_keeps_control_stand_ins_printable_at_every_width),
		cmocka_unit_test(layout_shows_ascii_fallbacks_when_asked),
		cmocka_unit_test(layout_folds_runs_of_unchanged_sentences),
		cmocka_unit_test(layout_does_not_fold_when_the_context_covers_the_run),
		cmocka_unit_test(layout_shows_a_moved_sentence_at_both_places),
		cmocka_unit_test(layout_puts_a_gap_row_between_paragraphs),
		cmocka_unit_test(layout_indexes_every_difference_of_a_real_comparison),
		cmocka_unit_test(layout_measures_and_sanitizes_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
