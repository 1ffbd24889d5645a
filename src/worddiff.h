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
 */
#ifndef ARTCMP_WORDDIFF_H
#define ARTCMP_WORDDIFF_H

#include <stddef.h>

#include "tokens.h"

enum word_op {
	WORD_EQUAL,
	WORD_DELETE,
	WORD_INSERT
};

struct word_span {
	size_t offset;
	size_t length;
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
 * Added for the tests of the word-parallel LCS: nonzero makes every exact
 * LCS go through the byte table it must agree with (one switch for the
 * process, not for threads; 0 by default).
 */
void worddiff_reference(int on);

#endif
