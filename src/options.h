/*
 * options: argv -> struct options; the --help and --version texts.
 *
 * options_parse() checks every value before any file is read.  The strings
 * in struct options (paths, labels, encoding) point into argv.  --help and
 * --version print to stdout and return OPTIONS_EXIT; main flushes and exits
 * 0 (or 2 on a write error).  On OPTIONS_ERROR err names the option and what
 * was expected; main prints it and exits 2.
 */
#ifndef ARTCMP_OPTIONS_H
#define ARTCMP_OPTIONS_H

#include <stdio.h>

#include "align.h"
#include "segment.h"
#include "util.h"

enum options_format {
	OPTIONS_FORMAT_AUTO,	/* the viewer on a terminal, else text */
	OPTIONS_FORMAT_TUI,
	OPTIONS_FORMAT_TEXT,
	OPTIONS_FORMAT_JSON
};

enum options_color {
	OPTIONS_COLOR_AUTO,
	OPTIONS_COLOR_ALWAYS,
	OPTIONS_COLOR_NEVER
};

struct options {
	const char *path[2];
	const char *label[2];	/* NULL: show the path */
	enum segment_kind unit;
	struct align_options align;
	const char *encoding;	/* NULL: UTF-8 */
	unsigned width;		/* 0: COLUMNS, else the terminal's, else 160 */
	enum options_color color;
	enum options_format format;
	int stat;
};

/* --width bounds: narrower leaves no room for text beside the markers. */
#define OPTIONS_WIDTH_MIN 20
#define OPTIONS_WIDTH_MAX 10000

enum options_result {
	OPTIONS_OK,		/* run the comparison */
	OPTIONS_EXIT,		/* --help or --version printed: exit 0 */
	OPTIONS_ERROR		/* err set: exit 2 */
};

enum options_result options_parse(int argc, char **argv, struct options *out,
				  struct error *err);
void options_help(FILE *out);
void options_version(FILE *out);

#endif
