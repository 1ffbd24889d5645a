/* render-stat: the --stat summary block.  (Stub.) */
#include "config.h"

#include "render.h"

int
render_stat(FILE *out, const struct comparison *cmp, const struct render_options *options)
{
	int op;

	for (op = 0; op < ALIGN_OP_COUNT; op++)
		fprintf(out, "%s %zu\n", align_op_name((enum align_op)op), cmp->summary.count[op]);
	return ferror(out) ? -1 : 0;
}
