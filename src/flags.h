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
 * Build the lexicon flags_entry() reads.  flags_entry() calls it itself;
 * call it before starting threads that compute flags (it is safe to call
 * from several threads at once, through pthread_once).
 */
void flags_init(void);

#endif
