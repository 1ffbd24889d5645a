/* worddiff: changed words inside a pair.  (Stub: filled in by the alignment work.) */
#include "config.h"

#include <stdlib.h>

#include "worddiff.h"

void
worddiff_run(const struct token_list *left, size_t left_count,
	     const struct token_list *right, size_t right_count, struct word_list *out)
{
	out->edit = NULL;
	out->count = 0;
}

void
worddiff_free(struct word_list *list)
{
	free(list->edit);
	list->edit = NULL;
	list->count = 0;
}
