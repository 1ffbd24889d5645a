/*
 * align: pair the units of two articles.  This header also holds the model
 * every front end reads (struct comparison): both sides with their units and
 * tokens, and the alignment with word diffs, flags and summary.
 *
 * Alignment entries (struct align_entry):
 *   ALIGN_EQUAL   same tokens after normalisation, 1:1, and the same text up
 *                 to white space and typographic variants of quotes, dashes
 *                 and apostrophes (a pair whose tokens are equal but whose
 *                 punctuation or case changed is a change scoring 1)
 *   ALIGN_CHANGE  a paraphrase scoring at or above the threshold, 1:1, 1:2,
 *                 1:3, 2:1, 3:1 (and 2:2 where that is the better match)
 *   ALIGN_DELETE  left units with no partner (left_count >= 1, right 0)
 *   ALIGN_INSERT  right units with no partner
 *   ALIGN_MOVE    a pair out of order: left and right both set
 *
 * Invariants (tests check them):
 *   - every unit index of each side appears in exactly one entry;
 *   - an entry's units on one side are consecutive (first, count);
 *   - entries are in reading order: leaving out the moves, left_first and
 *     right_first never decrease; a delete stands where its left units are,
 *     an insert where its right units are; a move stands at its position in
 *     the right article (the layout shows its left units where they were,
 *     marked as moved away);
 *   - the result is a pure function of the inputs and options.
 *
 * Ownership: the comparison owns everything it points to except the two
 * struct text, which the caller keeps alive and frees after
 * comparison_free().  comparison_free(NULL) is a no-op.
 */
#ifndef ARTCMP_ALIGN_H
#define ARTCMP_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"
#include "text.h"
#include "tokens.h"
#include "worddiff.h"

enum align_op {
	ALIGN_EQUAL,
	ALIGN_CHANGE,
	ALIGN_DELETE,
	ALIGN_INSERT,
	ALIGN_MOVE,
	ALIGN_OP_COUNT
};

/* Fact-check flags on change and move entries (issue: flags.h computes). */
enum align_flag {
	ALIGN_FLAG_NUMBER = 1u << 0,
	ALIGN_FLAG_QUOTE = 1u << 1,
	ALIGN_FLAG_ATTRIBUTION = 1u << 2,
	ALIGN_FLAG_NEGATION = 1u << 3,
	ALIGN_FLAG_NAME = 1u << 4,
	ALIGN_FLAG_COUNT = 5
};

struct align_entry {
	enum align_op op;
	size_t left_first, left_count;
	size_t right_first, right_count;
	double score;		/* similarity in [0,1]; 1 for equal, 0 for delete/insert */
	unsigned flags;		/* ALIGN_FLAG_* bits */
	struct word_list words;	/* word diff for change and move entries */
};

struct align_options {
	double threshold;	/* 0..1; ALIGN_DEFAULT_THRESHOLD unless given */
	int moves;		/* detect moves (default 1; --no-moves sets 0) */
};

#define ALIGN_DEFAULT_THRESHOLD 0.3

struct side {
	const struct text *text;
	struct unit_list units;
	struct token_list *tokens;	/* one per unit */
};

struct align_summary {
	size_t count[ALIGN_OP_COUNT];	/* units per op: equal/change/move count pairs,
					   delete left units, insert right units */
	size_t flag_count[ALIGN_FLAG_COUNT];
	double reused;		/* share of the right article's words taken verbatim from the left */
	double right_verbatim, right_paraphrased, right_new;	/* shares of right words */
	double left_used;	/* share of the left article's words that reach the right */
	double similarity;	/* overall similarity of the two articles, 0..1 */
};

struct comparison {
	struct side side[2];	/* 0 left, 1 right */
	struct token_table *table;
	struct align_entry *entry;
	size_t entry_count;
	struct align_options options;
	struct align_summary summary;
	size_t dense_cells;	/* largest gap (left x right units) align_run() scores
				   pair by pair; 0 (as comparison_new() leaves it) is
				   the built-in limit; tests set 1 and call align_run()
				   again to put every gap through the sparse stage */
	struct align_memo *spent;	/* align_run_keep()'s scratch, or NULL */
	size_t thread_units;	/* added for align's threads: the fewest units (left
				   plus right) the memo's preparation splits over
				   two threads; 0 is the built-in; tests set 1 and
				   SIZE_MAX to compare both ways */
};

/*
 * An alignment on its own: what depends on the options.  align_compute()
 * fills one from the sides of a comparison without touching the
 * comparison, so it can run in another thread while the viewer reads the
 * comparison's own alignment; comparison_swap_alignment() installs it.
 * Ownership: the alignment owns its entries and their word lists;
 * alignment_free() frees them and leaves it zeroed (zeroed is a no-op).
 */
struct alignment {
	struct align_entry *entry;
	size_t entry_count;
	struct align_options options;
	struct align_summary summary;
};

/*
 * What one alignment of a comparison's sides leaves for the next, at
 * another threshold: the similarity weights, the inverted indexes, the
 * anchors (the LCS of equal units), every scored pair and group of the gaps
 * with its score, and the word diffs and flags of the pairs made so far.
 * None of it depends on the threshold, so align_compute() with a memo
 * returns exactly what a fresh comparison_new() at that threshold would.
 *
 * align_memo_new() copies what it needs of cmp's sides (the units, tokens,
 * texts and table stay cmp's, read only: keep cmp alive and its sides
 * unchanged until align_memo_free()) and the word diffs and flags of cmp's
 * present alignment; it does no alignment work itself, the first
 * align_compute() does.  A memo is used by one thread at a time;
 * different memos (and cmp itself) may be used by different threads at
 * once.  align_memo_free(NULL) is a no-op.
 */
struct align_memo;

struct align_memo *align_memo_new(const struct comparison *cmp);
void align_memo_free(struct align_memo *memo);

/*
 * Align memo's sides with options into out (which need not be zeroed: it is
 * overwritten, not freed).  A pure function of the sides, the options and
 * the comparison's dense_cells when the memo was made.
 */
void align_compute(struct align_memo *memo, const struct align_options *options,
		   struct alignment *out);

/* Exchange cmp's alignment (entries, options, summary) with *alignment. */
void comparison_swap_alignment(struct comparison *cmp, struct alignment *alignment);

void alignment_free(struct alignment *alignment);

/*
 * Segment and tokenize both texts and align them.  The texts must outlive
 * the comparison.
 */
struct comparison *comparison_new(const struct text *left, const struct text *right,
				  enum segment_kind kind, const struct align_options *options);

/*
 * comparison_new() without the alignment: both sides segmented and
 * tokenized, no entries yet; align_run() completes it.  Between the two,
 * other threads may read the sides (to render them while it aligns).
 */
struct comparison *comparison_prepare(const struct text *left, const struct text *right,
				      enum segment_kind kind, const struct align_options *options);

/* Align again with new options (the viewer's + and -), keeping units and tokens. */
void comparison_realign(struct comparison *cmp, const struct align_options *options);

void comparison_free(struct comparison *cmp);

/* Align the two sides of cmp, filling entry/entry_count, words, flags, summary. */
void align_run(struct comparison *cmp);

/*
 * align_run() for a comparison that ends the program: the alignment's
 * scratch (indexes, candidates, tens of MB at 30 000 sentences) is kept
 * with the comparison and freed by comparison_free(), not at once, so a
 * batch run that exits without freeing never spends the ~3 ms.
 */
void align_run_keep(struct comparison *cmp);

/*
 * align_run_keep() that calls beside(arg) once, from this thread, as soon
 * as the alignment has handed its first step to another thread (its
 * indexes, which it waits for first), or before it returns: a step the
 * caller hands over from beside() then comes after it (work.h).
 */
void align_run_keep_beside(struct comparison *cmp, void (*beside)(void *), void *arg);

const char *align_op_name(enum align_op op);	/* "equal", "change", ... */
const char *align_flag_name(unsigned flag);	/* "number", "quote", ... for one bit */

/* 1 when the comparison found no difference (exit status 0). */
int align_identical(const struct comparison *cmp);

#endif
