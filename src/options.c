/* options: argv -> struct options.  (Minimal first version.) */
#include "config.h"

#include <string.h>

#include "options.h"

void
options_help(FILE *out)
{
	fputs("Usage: artcmp [OPTION]... LEFT RIGHT\n"
	      "Compare two versions of an article side by side.\n", out);
}

void
options_version(FILE *out)
{
	fputs("artcmp " PACKAGE_VERSION "\n", out);
}

enum options_result
options_parse(int argc, char **argv, struct options *out, struct error *err)
{
	int i, paths = 0;

	memset(out, 0, sizeof(*out));
	out->unit = SEGMENT_SENTENCE;
	out->align.threshold = ALIGN_DEFAULT_THRESHOLD;
	out->align.moves = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			options_help(stdout);
			return OPTIONS_EXIT;
		} else if (strcmp(argv[i], "--version") == 0) {
			options_version(stdout);
			return OPTIONS_EXIT;
		} else if (strcmp(argv[i], "--format=json") == 0) {
			out->format = OPTIONS_FORMAT_JSON;
		} else if (strcmp(argv[i], "--format=text") == 0) {
			out->format = OPTIONS_FORMAT_TEXT;
		} else if (strcmp(argv[i], "--unit=line") == 0) {
			out->unit = SEGMENT_LINE;
		} else if (paths < 2) {
			out->path[paths++] = argv[i];
		} else {
			error_set(err, "extra operand '%s'", argv[i]);
			return OPTIONS_ERROR;
		}
	}
	if (paths < 2) {
		error_set(err, "missing operand");
		return OPTIONS_ERROR;
	}
	return OPTIONS_OK;
}
