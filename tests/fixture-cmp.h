/*
 * fixture-cmp: hand-built comparisons for the tests of the stages after the
 * aligner (layout, render-text), so that they check layout and rendering
 * against entries they chose, not against the aligner's current tuning.
 * Header only; include after fixtures.h.
 */
#ifndef ARTCMP_TEST_FIXTURE_CMP_H
#define ARTCMP_TEST_FIXTURE_CMP_H

#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "segment.h"
#include "text.h"
#include "util.h"

struct fixture {
	struct text *text[2];
	struct comparison cmp;
	size_t entry_cap;
};

/*
 * Side s of f from units: joined with a space, or with a blank line when a
 * unit string starts with '\n' (a new paragraph; the '\n' is dropped).
 */
static inline void
fixture_side(struct fixture *f, int s, const char *const *units)
{
	size_t count, i, length = 0, paragraph = 0;
	char *bytes;
	struct side *side = &f->cmp.side[s];

	for (count = 0; units[count] != NULL; count++)
		length += strlen(units[count]) + 2;
	bytes = xcalloc(length + 1, 1);
	side->units.unit = xcalloc(count + 1, sizeof(*side->units.unit));
	side->units.count = count;
	length = 0;
	for (i = 0; i < count; i++) {
		const char *u = units[i];

		if (*u == '\n') {
			u++;
			if (i > 0) {
				memcpy(bytes + length, "\n\n", 2);
				length += 2;
				paragraph++;
			}
		} else if (i > 0) {
			bytes[length++] = ' ';
		}
		side->units.unit[i].offset = length;
		side->units.unit[i].length = strlen(u);
		side->units.unit[i].paragraph = paragraph;
		memcpy(bytes + length, u, strlen(u));
		length += strlen(u);
	}
	f->text[s] = fixture_text(s ? "right" : "left", bytes);
	side->text = f->text[s];
	free(bytes);
}

static inline struct align_entry *
fixture_entry(struct fixture *f, enum align_op op, size_t left_first, size_t left_count,
	      size_t right_first, size_t right_count)
{
	struct align_entry *e;

	if (f->cmp.entry_count == f->entry_cap) {
		f->entry_cap = f->entry_cap ? 2 * f->entry_cap : 8;
		f->cmp.entry = xreallocarray(f->cmp.entry, f->entry_cap, sizeof(*e));
	}
	e = &f->cmp.entry[f->cmp.entry_count++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->left_first = left_first;
	e->left_count = left_count;
	e->right_first = right_first;
	e->right_count = right_count;
	return e;
}

/* A word edit of entry e over the first occurrence of word on side s. */
static inline void
fixture_word(struct fixture *f, struct align_entry *e, enum word_op op, int s, const char *word)
{
	const char *found = strstr(f->text[s]->bytes, word);
	struct word_edit *edit;

	assert_non_null(found);
	e->words.edit = xreallocarray(e->words.edit, e->words.count + 1, sizeof(*edit));
	edit = &e->words.edit[e->words.count++];
	memset(edit, 0, sizeof(*edit));
	edit->op = op;
	edit->span[s].offset = (size_t)(found - f->text[s]->bytes);
	edit->span[s].length = strlen(word);
}

static inline void
fixture_free(struct fixture *f)
{
	size_t i;
	int s;

	for (i = 0; i < f->cmp.entry_count; i++)
		free(f->cmp.entry[i].words.edit);
	free(f->cmp.entry);
	for (s = 0; s < 2; s++) {
		segment_free(&f->cmp.side[s].units);
		text_free(f->text[s]);
	}
	memset(f, 0, sizeof(*f));
}

#endif
