/*
 * similarity: how alike two runs of units are, in [0,1], robust to
 * paraphrase: a Dice coefficient of token multisets weighted by inverse
 * document frequency over both texts, so that "the" and "said" weigh little
 * and names and numbers weigh much.
 */
#ifndef ARTCMP_SIMILARITY_H
#define ARTCMP_SIMILARITY_H

#include <stddef.h>

#include "tokens.h"

struct similarity;	/* per-comparison weights and scratch space */

struct similarity *similarity_new(const struct token_table *table, size_t left_units,
				  size_t right_units);
void similarity_free(struct similarity *sim);

/* Weight of one token id (idf). */
double similarity_weight(const struct similarity *sim, uint32_t id);

/* Score left[0..left_count) joined against right[0..right_count) joined. */
double similarity_score(struct similarity *sim, const struct token_list *left,
			size_t left_count, const struct token_list *right,
			size_t right_count);

/*
 * The same weights recounted from the token lists themselves (document
 * frequency over the units given).  align uses similarity_new(): the table
 * counted while tokenizing, and test-align holds the two equal.
 */
struct similarity *similarity_new_lists(const struct token_table *table,
					const struct token_list *left, size_t left_units,
					const struct token_list *right, size_t right_units);

/*
 * The weight left and right share (the weighted size of the intersection of
 * their token multisets); the weights of each side go to *left_weight and
 * *right_weight (either may be NULL).  similarity_combine() makes the score
 * of it; the share shared / left says how much of left is found in right.
 */
double similarity_overlap(struct similarity *sim, const struct token_list *left,
			  size_t left_count, const struct token_list *right,
			  size_t right_count, double *left_weight, double *right_weight);

/*
 * Added for align's threads: the same weights with scratch space of its
 * own, so another thread can score at the same time.  Free it with
 * similarity_free() before sim.
 */
struct similarity *similarity_share(const struct similarity *sim);

/*
 * Added for align's dense gaps: one left unit against many right units.
 * similarity_row_begin() counts left once (its weight to *left_weight);
 * each similarity_row_overlap() then gives what similarity_overlap() of
 * left and right gives (right's weight to *right_weight);
 * similarity_row_end() clears.  No other scoring between begin and end.
 */
void similarity_row_begin(struct similarity *sim, const struct token_list *left,
			  double *left_weight);
double similarity_row_overlap(struct similarity *sim, const struct token_list *right,
			      double *right_weight);
void similarity_row_end(struct similarity *sim, const struct token_list *left);

/* The score of an overlap: what similarity_score() returns for it. */
double similarity_combine(double shared, double left_weight, double right_weight);

#endif
