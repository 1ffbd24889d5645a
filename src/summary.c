/* summary: see summary.h.  (Minimal first version: counts only.) */
#include "config.h"

#include <string.h>

#include "summary.h"

void
summary_compute(struct comparison *cmp)
{
	size_t i;

	memset(&cmp->summary, 0, sizeof(cmp->summary));
	for (i = 0; i < cmp->entry_count; i++)
		cmp->summary.count[cmp->entry[i].op]++;
}
