/*
 * worddiff: the changed words inside a paired entry.
 *
 * The left token sequence (the entry's left units concatenated) is diffed
 * against the right one with an LCS over token ids, then cleaned up so that
 * highlights read as phrases: a short equal island (a stop word or one token)
 * between two changes joins the change on both sides.
 *
 * Each op covers a run of tokens; its spans are byte ranges in the left and
 * right texts from the first token's start to the last token's end (a span
 * may cross the gap between two units of a 1:2 pair; readers clip it to each
 * unit).  WORD_EQUAL has both spans, WORD_DELETE only left, WORD_INSERT only
 * right (the other span has length 0).
 *
 * Ownership: word_list arrays are freed with worddiff_free(); zeroed is a no-op.
 * A list of no edits has edit NULL.
 */
#ifndef ARTCMP_WORDDIFF_H
#define ARTCMP_WORDDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "tokens.h"

enum word_op {
	WORD_EQUAL,
	WORD_DELETE,
	WORD_INSERT
};

/*
 * 32 bits hold any span of a TEXT_MAX_BYTES text (as in struct token):
 * the edit lists are kept to the exit, and a smaller edit is fewer pages
 * touched (56 bytes an edit instead of 72).
 */
struct word_span {
	uint32_t offset;
	uint32_t length;
};

struct word_edit {
	enum word_op op;
	struct word_span span[2];	/* 0 left, 1 right */
	size_t token_first[2], token_count[2];	/* token ranges in the joined sequences */
};

struct word_list {
	struct word_edit *edit;
	size_t count;
};

/*
 * Diff left[0..left_count) joined against right[0..right_count) joined
 * (token lists of consecutive units).
 */
void worddiff_run(const struct token_list *left, size_t left_count,
		  const struct token_list *right, size_t right_count,
		  struct word_list *out);

/*
 * The same with the comparison's token table, which lets the clean-up tell
 * stop words and numbers apart (added for the clean-up; worddiff_run() is
 * this with a NULL table and judges weak tokens by their length alone).
 */
void worddiff_run_table(const struct token_table *table,
			const struct token_list *left, size_t left_count,
			const struct token_list *right, size_t right_count,
			struct word_list *out);

void worddiff_free(struct word_list *list);

/*
 * Added for the differential tests: nonzero makes every exact LCS go
 * through the byte table that the word-parallel LCS must agree with, and
 * the clean-ups make their full passes where they would take a quick path
 * (one switch for the process, not for threads; 0 by default).
 */
void worddiff_reference(int on);

#endif
