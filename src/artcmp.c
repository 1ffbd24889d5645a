/*
 * artcmp: compare two versions of an article side by side.
 *
 * main: options in, exit status out; nothing else.  Exit status as diff:
 * 0 no differences, 1 differences, 2 trouble.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "align.h"
#include "options.h"
#include "render.h"
#include "text.h"
#include "tui.h"
#include "util.h"

/* Report a failed write on standard output; a closed pipe ends quietly. */
static int
finish_output(void)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);

	if (!failed)
		return 0;
	if (errno == EPIPE)
		exit(2);
	fprintf(stderr, "artcmp: write error on standard output: %s\n", strerror(errno));
	return -1;
}

static int
locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static unsigned
batch_width(const struct options *options)
{
	const char *columns = getenv("COLUMNS");
	long value;
	char *end;

	if (options->width > 0)
		return options->width;
	if (columns != NULL && *columns != '\0') {
		errno = 0;
		value = strtol(columns, &end, 10);
		if (errno == 0 && *end == '\0' && value >= 20 && value <= 10000)
			return (unsigned)value;
	}
	return 160;
}

int
main(int argc, char **argv)
{
	struct options options;
	struct error err = { 0 };
	struct text *text[2] = { NULL, NULL };
	struct comparison *cmp;
	struct render_options render;
	enum options_format format;
	int status, i;

	setlocale(LC_ALL, "");
	/* A closed pipe must end us quietly, not with a write error. */
	signal(SIGPIPE, SIG_DFL);

	switch (options_parse(argc, argv, &options, &err)) {
	case OPTIONS_EXIT:
		return finish_output() == 0 ? 0 : 2;
	case OPTIONS_ERROR:
		fprintf(stderr, "artcmp: %s\n", err.message);
		fprintf(stderr, "Try 'artcmp --help' for more information.\n");
		return 2;
	case OPTIONS_OK:
		break;
	}

	if (strcmp(options.path[0], "-") == 0 && strcmp(options.path[1], "-") == 0) {
		fprintf(stderr, "artcmp: standard input can be only one of the two articles\n");
		return 2;
	}
	for (i = 0; i < 2; i++) {
		text[i] = text_load(options.path[i], options.encoding, &err);
		if (text[i] == NULL) {
			fprintf(stderr, "artcmp: %s\n", err.message);
			text_free(text[0]);
			return 2;
		}
	}

	cmp = comparison_new(text[0], text[1], options.unit, &options.align);
	status = align_identical(cmp) ? 0 : 1;

	format = options.format;
	if (format == OPTIONS_FORMAT_AUTO)
		format = !options.stat && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) ?
			OPTIONS_FORMAT_TUI : OPTIONS_FORMAT_TEXT;

	render.name[0] = options.label[0] ? options.label[0] : options.path[0];
	render.name[1] = options.label[1] ? options.label[1] : options.path[1];
	render.width = batch_width(&options);
	render.ascii = !locale_is_utf8();
	render.color = options.color == OPTIONS_COLOR_ALWAYS ||
		(options.color == OPTIONS_COLOR_AUTO && isatty(STDOUT_FILENO) &&
		 getenv("NO_COLOR") == NULL);

	if (options.stat) {
		if (render_stat(stdout, cmp, &render) != 0)
			status = 2;
	} else if (format == OPTIONS_FORMAT_TUI) {
		if (tui_run(cmp, &options, &err) != 0) {
			fprintf(stderr, "artcmp: %s\n", err.message);
			status = 2;
		}
	} else if (format == OPTIONS_FORMAT_JSON) {
		if (render_json(stdout, cmp, &render) != 0)
			status = 2;
	} else {
		if (render_text(stdout, cmp, &render) != 0)
			status = 2;
	}
	if (finish_output() != 0)
		status = 2;

	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
	return status;
}
