/*
 * lcs: longest common subsequence over integer sequences, no text inside.
 * Myers' O(ND) greedy algorithm with the linear-space middle-snake
 * refinement (E. Myers, "An O(ND) Difference Algorithm and Its Variations",
 * Algorithmica 1986), after trimming the common prefix and suffix.
 *
 * lcs_run() calls emit() once per matched pair (a_index, b_index) in
 * increasing order of both.  Cost O((N+M) D) time, O(N+M) memory.  When
 * the sequences differ so much that a split would cost more than a few
 * hundred rounds, the search gives up minimality as git's xdiff does: the
 * pairs are then a long common subsequence, not always the longest.
 */
#ifndef ARTCMP_LCS_H
#define ARTCMP_LCS_H

#include <stddef.h>
#include <stdint.h>

typedef void (*lcs_emit_fn)(size_t a_index, size_t b_index, void *data);

/* Returns the number of pairs emitted (the length of the LCS, see above). */
size_t lcs_run(const uint64_t *a, size_t a_count, const uint64_t *b, size_t b_count,
	       lcs_emit_fn emit, void *data);

#endif
