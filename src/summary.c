/*
 * summary: the counts, flag counts and reuse shares of a comparison.
 *
 * Idea: one pass over the entries.  Each right-article token lands in exactly
 * one of three bins (the alignment invariant says every unit is in exactly
 * one entry):
 *   verbatim     in an equal entry, or in a WORD_EQUAL run of a change or
 *                move pair;
 *   paraphrased  in a change or move pair, outside its equal runs (a pair
 *                whose word diff is empty counts whole as paraphrased);
 *   new          in an inserted unit.
 * The three shares are counts over the right token total, so they add up to
 * one (up to rounding) whenever the right article has a token.  left_used
 * counts left tokens the same way as verbatim (equal entries and equal runs):
 * the share of the wire copy that survives word for word.
 *
 * similarity is the share of all tokens, both sides, that are matched
 * verbatim: (left verbatim + right verbatim) / (left total + right total),
 * the ratio difflib reports for sequences.  Two empty articles are identical
 * (1.0); an empty side against a non-empty one scores 0.
 *
 * Invariants: counts never exceed totals (equal runs are clipped to their
 * entry's tokens, in case a word diff is stale); every share is in [0,1].
 * Cost: O(entries + word edits); no allocation.
 */
#include "config.h"

#include <string.h>

#include "summary.h"

/* Tokens in units first .. first+count-1 of side s. */
static size_t
side_tokens(const struct comparison *cmp, int s, size_t first, size_t count)
{
	const struct side *side = &cmp->side[s];
	size_t total = 0, u;

	for (u = first; u < first + count && u < side->units.count; u++)
		total += side->tokens[u].count;
	return total;
}

/* Tokens of side s inside the equal runs of a pair, at most limit. */
static size_t
equal_run_tokens(const struct align_entry *entry, int s, size_t limit)
{
	size_t total = 0, i;

	for (i = 0; i < entry->words.count; i++)
		if (entry->words.edit[i].op == WORD_EQUAL)
			total += entry->words.edit[i].token_count[s];
	return total < limit ? total : limit;
}

static double
share(size_t part, size_t whole)
{
	return whole == 0 ? 0.0 : (double)part / (double)whole;
}

void
summary_compute(struct comparison *cmp)
{
	struct align_summary *sum = &cmp->summary;
	size_t left_total = 0, right_total = 0;
	size_t left_verbatim = 0, right_verbatim = 0, right_paraphrased = 0, right_new = 0;
	size_t i;
	unsigned f;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < cmp->side[0].units.count; i++)
		left_total += cmp->side[0].tokens[i].count;
	for (i = 0; i < cmp->side[1].units.count; i++)
		right_total += cmp->side[1].tokens[i].count;

	for (i = 0; i < cmp->entry_count; i++) {
		const struct align_entry *e = &cmp->entry[i];
		size_t left = side_tokens(cmp, 0, e->left_first, e->left_count);
		size_t right = side_tokens(cmp, 1, e->right_first, e->right_count);
		size_t same;

		switch (e->op) {
		case ALIGN_EQUAL:
			sum->count[e->op]++;
			left_verbatim += left;
			right_verbatim += right;
			break;
		case ALIGN_CHANGE:
		case ALIGN_MOVE:
			sum->count[e->op]++;
			left_verbatim += equal_run_tokens(e, 0, left);
			same = equal_run_tokens(e, 1, right);
			right_verbatim += same;
			right_paraphrased += right - same;
			for (f = 0; f < ALIGN_FLAG_COUNT; f++)
				if (e->flags & (1u << f))
					sum->flag_count[f]++;
			break;
		case ALIGN_DELETE:
			sum->count[e->op] += e->left_count;
			break;
		case ALIGN_INSERT:
			sum->count[e->op] += e->right_count;
			right_new += right;
			break;
		case ALIGN_OP_COUNT:
			break;
		}
	}

	sum->right_verbatim = share(right_verbatim, right_total);
	sum->right_paraphrased = share(right_paraphrased, right_total);
	sum->right_new = share(right_new, right_total);
	sum->reused = sum->right_verbatim;
	sum->left_used = share(left_verbatim, left_total);
	if (left_total + right_total == 0)
		sum->similarity = 1.0;
	else
		sum->similarity = share(left_verbatim + right_verbatim, left_total + right_total);
}
