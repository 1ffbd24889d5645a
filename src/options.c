/*
 * options: argv -> struct options, and the --help and --version texts.
 *
 * getopt_long with opterr off: every complaint, getopt's included, becomes
 * one line in struct error naming the option and what was expected, so main
 * prints it the same way as any other trouble and exits 2.  Values are
 * checked here, before any file is read, so a typo never costs a long
 * alignment first.  Numbers are parsed by hand-checked syntax and strtod on a
 * copy that uses the locale's decimal point: "--threshold=0.5" means the
 * same under de_DE as under C, and "0,5" is refused everywhere.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
	OPTIONS_OPT_UNIT = CHAR_MAX + 1,
	OPTIONS_OPT_THRESHOLD,
	OPTIONS_OPT_NO_MOVES,
	OPTIONS_OPT_ENCODING,
	OPTIONS_OPT_WIDTH,
	OPTIONS_OPT_COLOR,
	OPTIONS_OPT_FORMAT,
	OPTIONS_OPT_STAT
};

/* The leading ':' makes getopt tell a missing argument (':') from a bad option ('?'). */
static const char short_options[] = ":L:hV";

static const struct option long_options[] = {
	{ "label",	required_argument,	NULL, 'L' },
	{ "unit",	required_argument,	NULL, OPTIONS_OPT_UNIT },
	{ "threshold",	required_argument,	NULL, OPTIONS_OPT_THRESHOLD },
	{ "no-moves",	no_argument,		NULL, OPTIONS_OPT_NO_MOVES },
	{ "encoding",	required_argument,	NULL, OPTIONS_OPT_ENCODING },
	{ "width",	required_argument,	NULL, OPTIONS_OPT_WIDTH },
	{ "color",	optional_argument,	NULL, OPTIONS_OPT_COLOR },
	{ "format",	required_argument,	NULL, OPTIONS_OPT_FORMAT },
	{ "stat",	no_argument,		NULL, OPTIONS_OPT_STAT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

void
options_help(FILE *out)
{
	fprintf(out,
"Usage: artcmp [OPTION]... LEFT RIGHT\n"
"Compare two versions of an article side by side, sentence by sentence:\n"
"what was kept, paraphrased, added, removed and moved.\n"
"LEFT or RIGHT (not both) may be '-' for standard input.\n"
"\n"
"  -L, --label=NAME     show NAME instead of the file name (once per side)\n"
"      --unit=UNIT      compare by sentence (default), line or paragraph\n"
"      --threshold=X    pair paraphrases scoring X or more, 0..1 (default %.2f)\n"
"      --no-moves       show moved text as removed and added\n"
"      --encoding=NAME  convert both articles from encoding NAME (default UTF-8)\n"
"      --width=N        text output width in columns (default COLUMNS, else 160)\n"
"      --color[=WHEN]   colour text output: always (default WHEN), auto, never\n"
"      --format=FORMAT  tui (the viewer; default on a terminal), text or json\n"
"      --stat           print a summary: counts, reuse, similarity, flags\n"
"  -h, --help           display this help and exit\n"
"  -V, --version        output version information and exit\n"
"\n"
"Without --format, artcmp opens the viewer when standard output is a terminal\n"
"and writes side-by-side text otherwise.  In the viewer, h or F1 lists the keys.\n"
"\n"
"Exit status is 0 if the articles have no differences, 1 if they differ,\n"
"2 if trouble (a message on standard error names the file or option).\n"
"\n"
"Report bugs with the command line and, if you can, both articles.\n"
"Full documentation: man artcmp\n",
		ALIGN_DEFAULT_THRESHOLD);
}

void
options_version(FILE *out)
{
	fputs("artcmp " PACKAGE_VERSION "\n"
	      "Copyright (C) 2026 the artcmp authors.\n"
	      "License ISC: <https://opensource.org/licenses/ISC>.\n"
	      "This is free software: you are free to change and redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n", out);
}

/* Canonical long name of an option value, for messages. */
static const char *
option_name(int val)
{
	size_t i;

	for (i = 0; long_options[i].name != NULL; i++)
		if (long_options[i].val == val)
			return long_options[i].name;
	return "?";
}

/*
 * "0", "1", "0.75", ".5", "1.": digits with at most one dot and at least one
 * digit.  Refuses signs, exponents, hex, "nan", "inf", blanks and commas,
 * which strtod alone would take or read by locale.
 */
static int
parse_fraction(const char *s, double *value)
{
	struct lconv *lc = localeconv();
	const char *point = lc->decimal_point != NULL && *lc->decimal_point != '\0' ?
		lc->decimal_point : ".";
	char buf[64];
	size_t i, used = 0, digits = 0, dots = 0;
	char *end;
	double v;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			if (used + 1 >= sizeof(buf))
				return -1;
			buf[used++] = s[i];
		} else if (s[i] == '.' && dots++ == 0) {
			size_t n = strlen(point);

			if (used + n >= sizeof(buf))
				return -1;
			memcpy(buf + used, point, n);
			used += n;
		} else {
			return -1;
		}
	}
	if (digits == 0)
		return -1;
	buf[used] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (errno != 0 || *end != '\0' || !(v >= 0.0 && v <= 1.0))
		return -1;
	*value = v;
	return 0;
}

/* A decimal number of columns within the bounds, nothing else. */
static int
parse_width(const char *s, unsigned *value)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < OPTIONS_WIDTH_MIN || v > OPTIONS_WIDTH_MAX)
		return -1;
	*value = (unsigned)v;
	return 0;
}

/* Whether iconv can convert from name to UTF-8, as text_load() will ask. */
static int
encoding_known(const char *name)
{
	iconv_t cd;

	if (*name == '\0')
		return 0;
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Whether "--NAME=value" names a long option that takes no value. */
static int
takes_no_argument(const char *arg, size_t name_length)
{
	size_t i;

	if (name_length == 0)
		return 0;
	for (i = 0; long_options[i].name != NULL; i++)
		if (long_options[i].has_arg == no_argument &&
		    strncmp(long_options[i].name, arg, name_length) == 0)
			return 1;
	return 0;
}

/* Turn getopt's '?' or ':' into one line naming the option, as GNU tools word it. */
static void
getopt_error(int c, char **argv, struct error *err)
{
	const char *arg = argv[optind - 1];

	if (strncmp(arg, "--", 2) == 0) {
		const char *eq = strchr(arg, '=');

		if (c == ':')
			error_set(err, "option '%s' requires an argument", arg);
		else if (eq != NULL && takes_no_argument(arg + 2, (size_t)(eq - arg - 2)))
			error_set(err, "option '%.*s' doesn't allow an argument",
				  (int)(eq - arg), arg);
		else
			error_set(err, "unrecognized option '%s'", arg);
	} else if (c == ':') {
		error_set(err, "option requires an argument -- '%c'", optopt);
	} else if (optopt > ' ' && optopt < 0x7f) {
		error_set(err, "invalid option -- '%c'", optopt);
	} else {
		error_set(err, "invalid option -- '\\x%02x'", (unsigned)(unsigned char)optopt);
	}
}

static int
parse_value(int c, const char *value, struct options *out, struct error *err)
{
	int kind;

	switch (c) {
	case OPTIONS_OPT_UNIT:
		kind = segment_kind_from_name(value);
		if (kind < 0) {
			error_set(err, "invalid --unit '%s': expected sentence, line or paragraph",
				  value);
			return -1;
		}
		out->unit = (enum segment_kind)kind;
		return 0;
	case OPTIONS_OPT_THRESHOLD:
		if (parse_fraction(value, &out->align.threshold) != 0) {
			error_set(err, "invalid --threshold '%s': expected a number from 0 to 1",
				  value);
			return -1;
		}
		return 0;
	case OPTIONS_OPT_ENCODING:
		if (!encoding_known(value)) {
			error_set(err, "invalid --encoding '%s': not an encoding this system "
				  "can convert (see iconv --list)", value);
			return -1;
		}
		out->encoding = value;
		return 0;
	case OPTIONS_OPT_WIDTH:
		if (parse_width(value, &out->width) != 0) {
			error_set(err, "invalid --width '%s': expected a number of columns "
				  "from %d to %d", value, OPTIONS_WIDTH_MIN, OPTIONS_WIDTH_MAX);
			return -1;
		}
		return 0;
	case OPTIONS_OPT_COLOR:
		/* --color alone means always, as in GNU ls and grep. */
		if (value == NULL || strcmp(value, "always") == 0)
			out->color = OPTIONS_COLOR_ALWAYS;
		else if (strcmp(value, "auto") == 0)
			out->color = OPTIONS_COLOR_AUTO;
		else if (strcmp(value, "never") == 0)
			out->color = OPTIONS_COLOR_NEVER;
		else {
			error_set(err, "invalid --color '%s': expected always, auto or never",
				  value);
			return -1;
		}
		return 0;
	case OPTIONS_OPT_FORMAT:
		if (strcmp(value, "text") == 0)
			out->format = OPTIONS_FORMAT_TEXT;
		else if (strcmp(value, "json") == 0)
			out->format = OPTIONS_FORMAT_JSON;
		else if (strcmp(value, "tui") == 0)
			out->format = OPTIONS_FORMAT_TUI;
		else {
			error_set(err, "invalid --format '%s': expected text, json or tui", value);
			return -1;
		}
		return 0;
	}
	error_set(err, "internal error: option --%s has no parser", option_name(c));
	return -1;
}

enum options_result
options_parse(int argc, char **argv, struct options *out, struct error *err)
{
	int c, labels = 0;

	memset(out, 0, sizeof(*out));
	out->unit = SEGMENT_SENTENCE;
	out->align.threshold = ALIGN_DEFAULT_THRESHOLD;
	out->align.moves = 1;
	out->color = OPTIONS_COLOR_AUTO;
	out->format = OPTIONS_FORMAT_AUTO;

	/* optind 0 restarts getopt from scratch (glibc, musl): tests parse many argvs. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 'L':
			if (labels == 2) {
				error_set(err, "option '--label' given more than twice "
					  "(once for each article)");
				return OPTIONS_ERROR;
			}
			out->label[labels++] = optarg;
			break;
		case OPTIONS_OPT_NO_MOVES:
			out->align.moves = 0;
			break;
		case OPTIONS_OPT_STAT:
			out->stat = 1;
			break;
		case 'h':
			options_help(stdout);
			return OPTIONS_EXIT;
		case 'V':
			options_version(stdout);
			return OPTIONS_EXIT;
		case ':':
		case '?':
			getopt_error(c, argv, err);
			return OPTIONS_ERROR;
		default:
			if (parse_value(c, optarg, out, err) != 0)
				return OPTIONS_ERROR;
			break;
		}
	}

	if (out->stat && (out->format == OPTIONS_FORMAT_JSON ||
			  out->format == OPTIONS_FORMAT_TUI)) {
		error_set(err, "option '--stat' cannot be used with '--format=%s'",
			  out->format == OPTIONS_FORMAT_JSON ? "json" : "tui");
		return OPTIONS_ERROR;
	}
	if (argc - optind < 2) {
		if (argc - optind == 1)
			error_set(err, "missing operand after '%s'", argv[optind]);
		else
			error_set(err, "missing operands: LEFT and RIGHT articles");
		return OPTIONS_ERROR;
	}
	if (argc - optind > 2) {
		error_set(err, "extra operand '%s'", argv[optind + 2]);
		return OPTIONS_ERROR;
	}
	out->path[0] = argv[optind];
	out->path[1] = argv[optind + 1];
	if (strcmp(out->path[0], "-") == 0 && strcmp(out->path[1], "-") == 0) {
		error_set(err, "standard input ('-') can be only one of the two articles");
		return OPTIONS_ERROR;
	}
	return OPTIONS_OK;
}
