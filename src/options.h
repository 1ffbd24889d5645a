/*
 * options: argv -> struct options; the --help and --version texts.
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
	unsigned width;		/* 0: COLUMNS, else 160 */
	enum options_color color;
	enum options_format format;
	int stat;
};

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
