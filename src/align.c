/* align: pair the units of two articles.  (Minimal first version: position by position.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "flags.h"
#include "summary.h"

static const char *const op_names[] = { "equal", "change", "delete", "insert", "move" };
static const char *const flag_names[] = { "number", "quote", "attribution", "negation", "name" };

const char *
align_op_name(enum align_op op)
{
	return op_names[op];
}

const char *
align_flag_name(unsigned flag)
{
	unsigned i;

	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		if (flag == 1u << i)
			return flag_names[i];
	return "?";
}

static void
push(struct comparison *cmp, size_t *cap, enum align_op op, size_t lf, size_t lc,
     size_t rf, size_t rc, double score)
{
	struct align_entry *e;

	if (cmp->entry_count == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		cmp->entry = xreallocarray(cmp->entry, *cap, sizeof(*cmp->entry));
	}
	e = &cmp->entry[cmp->entry_count++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->left_first = lf;
	e->left_count = lc;
	e->right_first = rf;
	e->right_count = rc;
	e->score = score;
}

static void
free_entries(struct comparison *cmp)
{
	size_t i;

	for (i = 0; i < cmp->entry_count; i++)
		worddiff_free(&cmp->entry[i].words);
	free(cmp->entry);
	cmp->entry = NULL;
	cmp->entry_count = 0;
}

void
align_run(struct comparison *cmp)
{
	size_t n = cmp->side[0].units.count, m = cmp->side[1].units.count, i, cap = 0;

	free_entries(cmp);
	for (i = 0; i < n || i < m; i++) {
		if (i < n && i < m && cmp->side[0].tokens[i].hash == cmp->side[1].tokens[i].hash)
			push(cmp, &cap, ALIGN_EQUAL, i, 1, i, 1, 1.0);
		else {
			if (i < n)
				push(cmp, &cap, ALIGN_DELETE, i, 1, i < m ? i : m, 0, 0);
			if (i < m)
				push(cmp, &cap, ALIGN_INSERT, i < n ? i + 1 : n, 0, i, 1, 0);
		}
	}
	summary_compute(cmp);
}

int
align_identical(const struct comparison *cmp)
{
	size_t i;

	for (i = 0; i < cmp->entry_count; i++)
		if (cmp->entry[i].op != ALIGN_EQUAL)
			return 0;
	return 1;
}

struct comparison *
comparison_new(const struct text *left, const struct text *right,
	       enum segment_kind kind, const struct align_options *options)
{
	struct comparison *cmp = xcalloc(1, sizeof(*cmp));
	const struct text *text[2] = { left, right };
	int s;
	size_t i;

	cmp->table = tokens_table_new();
	for (s = 0; s < 2; s++) {
		struct side *side = &cmp->side[s];

		side->text = text[s];
		segment_text(text[s], kind, &side->units);
		side->tokens = xcalloc(side->units.count ? side->units.count : 1, sizeof(*side->tokens));
		for (i = 0; i < side->units.count; i++)
			tokens_unit(cmp->table, text[s], &side->units.unit[i], s, &side->tokens[i]);
	}
	cmp->options = *options;
	align_run(cmp);
	return cmp;
}

void
comparison_realign(struct comparison *cmp, const struct align_options *options)
{
	cmp->options = *options;
	align_run(cmp);
}

void
comparison_free(struct comparison *cmp)
{
	int s;
	size_t i;

	if (cmp == NULL)
		return;
	free_entries(cmp);
	for (s = 0; s < 2; s++) {
		for (i = 0; i < cmp->side[s].units.count; i++)
			tokens_list_free(&cmp->side[s].tokens[i]);
		free(cmp->side[s].tokens);
		segment_free(&cmp->side[s].units);
	}
	tokens_table_free(cmp->table);
	free(cmp);
}
