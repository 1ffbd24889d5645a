/* similarity: see similarity.h.  (Stub.) */
#include "config.h"

#include <stdlib.h>

#include "similarity.h"

struct similarity {
	const struct token_table *table;
};

struct similarity *
similarity_new(const struct token_table *table, size_t left_units, size_t right_units)
{
	struct similarity *sim = xcalloc(1, sizeof(*sim));

	sim->table = table;
	return sim;
}

void
similarity_free(struct similarity *sim)
{
	free(sim);
}

double
similarity_weight(const struct similarity *sim, uint32_t id)
{
	return 1.0;
}

double
similarity_score(struct similarity *sim, const struct token_list *left, size_t left_count,
		 const struct token_list *right, size_t right_count)
{
	return 0.0;
}
