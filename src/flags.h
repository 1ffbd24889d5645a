/*
 * flags: the fact-check signals of a paired entry (ALIGN_FLAG_* in align.h):
 * a number, a quotation, an attribution, a negation or a name that differs
 * between the two halves of a change or move.
 */
#ifndef ARTCMP_FLAGS_H
#define ARTCMP_FLAGS_H

#include "align.h"

/* The ALIGN_FLAG_* bits of entry, which must be a change or a move of cmp. */
unsigned flags_entry(const struct comparison *cmp, const struct align_entry *entry);

/*
 * The same, with the word arrays of scratch reused from pair to pair (a
 * loop over many pairs; one scratch per thread).  flags_scratch_free(NULL)
 * is a no-op.
 */
struct flags_scratch;

struct flags_scratch *flags_scratch_new(void);
void flags_scratch_free(struct flags_scratch *scratch);
unsigned flags_entry_scratch(const struct comparison *cmp, const struct align_entry *entry,
			     struct flags_scratch *scratch);

/*
 * Added for the tests of the quick exits: a scratch with which
 * flags_entry_scratch() runs every pass of every flag kind on every pair
 * and reads every word the general (Unicode) way; its flags must equal
 * those of flags_scratch_new()'s.
 */
struct flags_scratch *flags_scratch_new_reference(void);

/*
 * Build the lexicon flags_entry() reads.  flags_entry() calls it itself;
 * call it before starting threads that compute flags (it is safe to call
 * from several threads at once, through pthread_once).
 */
void flags_init(void);

#endif
