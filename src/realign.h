/*
 * realign: alignments of a comparison at other thresholds, computed in a
 * background thread while the viewer waits for keys, so that + and - only
 * swap in an alignment that is already there.
 *
 * The viewer says which thresholds it wants next, most wanted first
 * (realign_want(): after opening and after each + or -, the current
 * threshold plus and minus the step); one worker thread computes them in
 * that order through an align_memo (align.h), which keeps what does not
 * depend on the threshold, and holds them until realign_take() moves one
 * out.  A result is exactly what comparison_new() at that threshold gives.
 *
 * Threads: every function is called from one thread, the viewer's; the
 * worker only reads cmp's sides (units, tokens, texts, table), which must
 * stay unchanged until realign_free(), and, before its first result, cmp's
 * alignment (to reuse its word diffs): so cmp's alignment must not change
 * until realign_take() has returned 1 once.  realign_new() builds the lazy
 * tables the worker uses (the flags lexicon) in the calling thread.
 *
 * Ownership: realign_free() stops the worker (after the alignment it is
 * computing) and frees what it holds; realign_free(NULL) is a no-op.
 */
#ifndef ARTCMP_REALIGN_H
#define ARTCMP_REALIGN_H

#include <stddef.h>

#include "align.h"

struct realign;

/* Figures for the benchmark. */
struct realign_stats {
	size_t computed;	/* alignments the worker finished */
	double total_ms;	/* their wall time in the worker, all together */
	double first_ms;	/* the first one's, which prepares the memo */
	double last_ms;
};

struct realign *realign_new(const struct comparison *cmp);

/*
 * Want alignments with options at each of threshold[0 .. count), most
 * wanted first; replaces the previous wishes.  Held alignments at other
 * thresholds are dropped, beyond the few last wanted.
 */
void realign_want(struct realign *realign, const struct align_options *options,
		  const double *threshold, size_t count);

/*
 * If the alignment with options is ready, move it into *out (the caller
 * frees it, or installs it with comparison_swap_alignment()) and return 1;
 * else 0.
 */
int realign_take(struct realign *realign, const struct align_options *options,
		 struct alignment *out);

/*
 * Hand an alignment back (the one an installed alignment replaced), to be
 * held like a computed one; *alignment is left zeroed.
 */
void realign_give(struct realign *realign, struct alignment *alignment);

/* 1 while the worker has wanted work left (computing or about to). */
int realign_busy(struct realign *realign);

void realign_stats(struct realign *realign, struct realign_stats *stats);

void realign_free(struct realign *realign);

#endif
