/* render-text: side-by-side text.  (Stub.) */
#include "config.h"

#include "render.h"

int
render_text(FILE *out, const struct comparison *cmp, const struct render_options *options)
{
	size_t i;

	for (i = 0; i < cmp->entry_count; i++)
		fprintf(out, "%s\n", align_op_name(cmp->entry[i].op));
	return ferror(out) ? -1 : 0;
}
