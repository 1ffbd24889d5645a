/*
 * similarity: how alike two runs of units are.
 *
 * Idea: a Dice coefficient over token multisets where each token counts
 * with its inverse document frequency,
 *
 *     score = 2 * sum_t w(t) * min(a_t, b_t) / (sum_a w + sum_b w),
 *     w(t)  = log(1 + U / df(t)),
 *
 * with U the number of units of both sides and df(t) the number of units
 * holding t.  Function words ("the", "said", or in CJK the commonest
 * characters, which the tokenizer yields one by one) occur in many units
 * and weigh little; names, numbers and rare words weigh much, which is what
 * survives a paraphrase.  The smoothing (log of 1 + U/df rather than of
 * U/df) keeps common words from weighing nothing, so that two sentences
 * made only of common words can still match.  Multisets, not sets: a token
 * repeated on one side only counts once in the intersection.
 *
 * Invariants: scores lie in [0, 1]; 1 exactly when the multisets are
 * equal and not empty; 0 when either side is empty; symmetric.
 *
 * Cost: O(len(left) + len(right)) per score with a per-comparison counter
 * array indexed by token id (zeroed again after each call); O(V) memory for
 * V distinct tokens.  That counter is the only thing a score writes: a
 * second thread scores through similarity_share(), its own counter over
 * the same weights.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "similarity.h"
#include "util.h"

struct similarity {
	double *weight;		/* per token id */
	uint32_t *count;	/* scratch: multiplicity of each id on the left, 0 between calls */
	uint32_t *used;		/* a row's scratch: how many of count one right side took */
	size_t vocabulary;
	int borrowed;		/* weight belongs to another (similarity_share()) */
};

static struct similarity *
similarity_alloc(const struct token_table *table)
{
	struct similarity *sim = xcalloc(1, sizeof(*sim));
	size_t size = tokens_table_size(table);

	sim->vocabulary = size;
	sim->weight = xcalloc(size ? size : 1, sizeof(*sim->weight));
	sim->count = xcalloc(size ? size : 1, sizeof(*sim->count));
	return sim;
}

static double
similarity_idf(size_t units, size_t df)
{
	return log(1.0 + (double)units / (double)(df ? df : 1));
}

struct similarity *
similarity_new(const struct token_table *table, size_t left_units, size_t right_units)
{
	struct similarity *sim = similarity_alloc(table);
	size_t id;

	for (id = 0; id < sim->vocabulary; id++)
		sim->weight[id] = similarity_idf(left_units + right_units,
						 (size_t)tokens_table_df(table, (uint32_t)id, 0) +
						 tokens_table_df(table, (uint32_t)id, 1));
	return sim;
}

/* Count in how many units each id occurs, once per unit (count is the stamp). */
static void
similarity_count(struct similarity *sim, const struct token_list *lists, size_t units,
		 size_t *df, size_t stamp_base)
{
	size_t u, k;

	for (u = 0; u < units; u++)
		for (k = 0; k < lists[u].count; k++) {
			uint32_t id = lists[u].token[k].id;

			if (sim->count[id] != (uint32_t)(stamp_base + u + 1)) {
				sim->count[id] = (uint32_t)(stamp_base + u + 1);
				df[id]++;
			}
		}
}

struct similarity *
similarity_new_lists(const struct token_table *table, const struct token_list *left,
		     size_t left_units, const struct token_list *right, size_t right_units)
{
	struct similarity *sim = similarity_alloc(table);
	size_t *df = xcalloc(sim->vocabulary ? sim->vocabulary : 1, sizeof(*df));
	size_t id;

	/* count doubles as a per-unit stamp here, then goes back to zero. */
	similarity_count(sim, left, left_units, df, 0);
	similarity_count(sim, right, right_units, df, left_units);
	for (id = 0; id < sim->vocabulary; id++) {
		sim->weight[id] = similarity_idf(left_units + right_units, df[id]);
		sim->count[id] = 0;
	}
	free(df);
	return sim;
}

struct similarity *
similarity_share(const struct similarity *sim)
{
	struct similarity *share = xcalloc(1, sizeof(*share));

	share->vocabulary = sim->vocabulary;
	share->weight = sim->weight;
	share->count = xcalloc(sim->vocabulary ? sim->vocabulary : 1, sizeof(*share->count));
	share->borrowed = 1;
	return share;
}

void
similarity_free(struct similarity *sim)
{
	if (sim == NULL)
		return;
	if (!sim->borrowed)
		free(sim->weight);
	free(sim->count);
	free(sim->used);
	free(sim);
}

double
similarity_weight(const struct similarity *sim, uint32_t id)
{
	return id < sim->vocabulary ? sim->weight[id] : 0.0;
}

double
similarity_overlap(struct similarity *sim, const struct token_list *left, size_t left_count,
		   const struct token_list *right, size_t right_count, double *left_weight,
		   double *right_weight)
{
	double shared = 0, wl = 0, wr = 0;
	size_t u, k;

	for (u = 0; u < left_count; u++)
		for (k = 0; k < left[u].count; k++) {
			uint32_t id = left[u].token[k].id;

			sim->count[id]++;
			wl += sim->weight[id];
		}
	for (u = 0; u < right_count; u++)
		for (k = 0; k < right[u].count; k++) {
			uint32_t id = right[u].token[k].id;

			wr += sim->weight[id];
			if (sim->count[id] > 0) {
				sim->count[id]--;
				shared += sim->weight[id];
			}
		}
	for (u = 0; u < left_count; u++)
		for (k = 0; k < left[u].count; k++)
			sim->count[left[u].token[k].id] = 0;
	if (left_weight != NULL)
		*left_weight = wl;
	if (right_weight != NULL)
		*right_weight = wr;
	return shared;
}

void
similarity_row_begin(struct similarity *sim, const struct token_list *left, double *left_weight)
{
	double wl = 0;
	size_t k;

	if (sim->used == NULL)
		sim->used = xcalloc(sim->vocabulary ? sim->vocabulary : 1, sizeof(*sim->used));
	for (k = 0; k < left->count; k++) {
		uint32_t id = left->token[k].id;

		sim->count[id]++;
		wl += sim->weight[id];
	}
	*left_weight = wl;
}

/* The sums run in the order similarity_overlap() runs them: the same doubles. */
double
similarity_row_overlap(struct similarity *sim, const struct token_list *right,
		       double *right_weight)
{
	double shared = 0, wr = 0;
	size_t k;

	for (k = 0; k < right->count; k++) {
		uint32_t id = right->token[k].id;

		wr += sim->weight[id];
		if (sim->used[id] < sim->count[id]) {
			sim->used[id]++;
			shared += sim->weight[id];
		}
	}
	for (k = 0; k < right->count; k++)
		sim->used[right->token[k].id] = 0;
	*right_weight = wr;
	return shared;
}

void
similarity_row_end(struct similarity *sim, const struct token_list *left)
{
	size_t k;

	for (k = 0; k < left->count; k++)
		sim->count[left->token[k].id] = 0;
}

double
similarity_combine(double shared, double left_weight, double right_weight)
{
	if (shared <= 0 || left_weight + right_weight <= 0)
		return 0.0;
	/* Equal multisets score 1 exactly, not 1 minus a rounding error. */
	if (shared >= left_weight && shared >= right_weight)
		return 1.0;
	return 2.0 * shared / (left_weight + right_weight);
}

double
similarity_score(struct similarity *sim, const struct token_list *left, size_t left_count,
		 const struct token_list *right, size_t right_count)
{
	double wl, wr, shared;

	shared = similarity_overlap(sim, left, left_count, right, right_count, &wl, &wr);
	return similarity_combine(shared, wl, wr);
}
