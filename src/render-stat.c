/*
 * render-stat: the --stat summary block, for triage of many pairs.
 *
 * One "key: value" line per fact, keys aligned, so that a loop over a
 * hundred pairs can be read by eye or cut by awk ('/^similarity:/ {print
 * $2}').  Kinds use the JSON names (equal, change, move, delete, insert) so
 * scripts see one vocabulary.  Everything comes from cmp->summary; nothing
 * is computed here.  Names are labels or paths, which may hold any byte:
 * control characters are shown as '?', never written raw.
 *
 *   left:        wire.txt
 *   right:       rewrite.txt
 *   units:       30 left, 27 right
 *   equal:       5
 *   change:      9
 *   delete:      7
 *   insert:      3
 *   move:        2
 *   left used:   62.0%
 *   right:       41.2% verbatim, 38.0% paraphrased, 20.8% new
 *   similarity:  0.71
 *   flags:       number 3, quote 1, attribution 0, negation 0, name 2
 */
#include "config.h"

#include <string.h>

#include "render.h"

/* Write name with C0, DEL and C1 control characters replaced by '?'. */
static void
stat_name(FILE *out, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	for (; *s != '\0'; s++) {
		if (*s < 0x20 || *s == 0x7f)
			fputc('?', out);
		else if (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
			fputc('?', out);
			s++;
		} else
			fputc(*s, out);
	}
}

static double
percent(double share)
{
	return share * 100.0;
}

int
render_stat(FILE *out, const struct comparison *cmp, const struct render_options *options)
{
	const struct align_summary *sum = &cmp->summary;
	unsigned flag;
	int side, op;

	for (side = 0; side < 2; side++) {
		fputs(side == 0 ? "left:        " : "right:       ", out);
		stat_name(out, options->name[side]);
		fputc('\n', out);
	}
	fprintf(out, "units:       %zu left, %zu right\n", cmp->side[0].units.count,
		cmp->side[1].units.count);
	for (op = 0; op < ALIGN_OP_COUNT; op++) {
		const char *name = align_op_name((enum align_op)op);

		fprintf(out, "%s:%*s%zu\n", name, (int)(12 - strlen(name)), "",
			sum->count[op]);
	}
	fprintf(out, "left used:   %.1f%%\n", percent(sum->left_used));
	fprintf(out, "right:       %.1f%% verbatim, %.1f%% paraphrased, %.1f%% new\n",
		percent(sum->right_verbatim), percent(sum->right_paraphrased),
		percent(sum->right_new));
	fprintf(out, "similarity:  %.2f\n", sum->similarity);
	fputs("flags:       ", out);
	for (flag = 0; flag < ALIGN_FLAG_COUNT; flag++)
		fprintf(out, "%s%s %zu", flag > 0 ? ", " : "", align_flag_name(1u << flag),
			sum->flag_count[flag]);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
