/*
 * test-options: every option, every bad value, and the --help and
 * --version texts, through options_parse() as main calls it.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fixtures.h"
#include "options.h"

#define ARGV_MAX 16

/*
 * Parse "artcmp" followed by the NULL-terminated arguments.  Whatever
 * --help or --version print goes to /dev/null, so the log stays readable.
 */
static enum options_result
parse_args(struct options *out, struct error *err, ...)
{
	char *argv[ARGV_MAX + 1];
	int argc = 0, saved_stdout;
	enum options_result result;
	va_list ap;
	char *arg;

	argv[argc++] = (char *)"artcmp";
	va_start(ap, err);
	while ((arg = va_arg(ap, char *)) != NULL) {
		assert_true(argc < ARGV_MAX);
		argv[argc++] = arg;
	}
	va_end(ap);
	argv[argc] = NULL;

	memset(err, 0, sizeof(*err));
	fflush(stdout);
	saved_stdout = dup(STDOUT_FILENO);
	assert_true(saved_stdout >= 0);
	assert_true(freopen("/dev/null", "w", stdout) != NULL);
	result = options_parse(argc, argv, out, err);
	fflush(stdout);
	assert_true(dup2(saved_stdout, STDOUT_FILENO) >= 0);
	close(saved_stdout);
	clearerr(stdout);
	return result;
}

/* The parse must fail with exactly this message. */
#define assert_parse_error(expected_, ...) do {					\
	struct options o_;							\
	struct error e_;							\
	assert_int_equal(parse_args(&o_, &e_, __VA_ARGS__, (char *)NULL),	\
			 OPTIONS_ERROR);					\
	assert_string_equal(e_.message, (expected_));				\
} while (0)

/* The parse must succeed; the options are left in *(opts). */
#define assert_parse_ok(opts, ...) do {						\
	struct error e_;							\
	enum options_result r_ = parse_args((opts), &e_, __VA_ARGS__, (char *)NULL); \
	if (r_ != OPTIONS_OK)							\
		fail_msg("parse failed: %s", e_.message);			\
} while (0)

static void
options_defaults_compare_sentences_at_default_threshold(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "a.txt", "b.txt");
	assert_string_equal(o.path[0], "a.txt");
	assert_string_equal(o.path[1], "b.txt");
	assert_null(o.label[0]);
	assert_null(o.label[1]);
	assert_int_equal(o.unit, SEGMENT_SENTENCE);
	assert_true(o.align.threshold == ALIGN_DEFAULT_THRESHOLD);
	assert_int_equal(o.align.moves, 1);
	assert_null(o.encoding);
	assert_int_equal(o.width, 0);
	assert_int_equal(o.color, OPTIONS_COLOR_AUTO);
	assert_int_equal(o.format, OPTIONS_FORMAT_AUTO);
	assert_int_equal(o.stat, 0);
}

static void
options_label_given_twice_names_left_then_right(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "-L", "wire", "--label=site copy", "a", "b");
	assert_string_equal(o.label[0], "wire");
	assert_string_equal(o.label[1], "site copy");
	assert_parse_ok(&o, "--label", "only left", "a", "b");
	assert_string_equal(o.label[0], "only left");
	assert_null(o.label[1]);
	assert_parse_ok(&o, "-Lwire", "a", "b");
	assert_string_equal(o.label[0], "wire");
}

static void
options_label_three_times_is_refused(void **state)
{
	(void)state;
	assert_parse_error("option '--label' given more than twice (once for each article)",
			   "-L", "x", "-L", "y", "-L", "z", "a", "b");
}

static void
options_unit_accepts_each_kind(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--unit=line", "a", "b");
	assert_int_equal(o.unit, SEGMENT_LINE);
	assert_parse_ok(&o, "--unit", "paragraph", "a", "b");
	assert_int_equal(o.unit, SEGMENT_PARAGRAPH);
	assert_parse_ok(&o, "--unit=line", "--unit=sentence", "a", "b");
	assert_int_equal(o.unit, SEGMENT_SENTENCE);
}

static void
options_unit_refuses_unknown_kinds(void **state)
{
	(void)state;
	assert_parse_error("invalid --unit 'word': expected sentence, line or paragraph",
			   "--unit=word", "a", "b");
	assert_parse_error("invalid --unit '': expected sentence, line or paragraph",
			   "--unit=", "a", "b");
	assert_parse_error("invalid --unit 'Sentence': expected sentence, line or paragraph",
			   "--unit=Sentence", "a", "b");
}

static void
options_threshold_accepts_fractions_from_zero_to_one(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--threshold=0", "a", "b");
	assert_true(o.align.threshold == 0.0);
	assert_parse_ok(&o, "--threshold=1", "a", "b");
	assert_true(o.align.threshold == 1.0);
	assert_parse_ok(&o, "--threshold=0.75", "a", "b");
	assert_true(o.align.threshold == 0.75);
	assert_parse_ok(&o, "--threshold", ".5", "a", "b");
	assert_true(o.align.threshold == 0.5);
	assert_parse_ok(&o, "--threshold=1.000", "a", "b");
	assert_true(o.align.threshold == 1.0);
	/* An unambiguous prefix of a long option is that option, as in GNU tools. */
	assert_parse_ok(&o, "--thr=0.25", "a", "b");
	assert_true(o.align.threshold == 0.25);
}

static void
options_threshold_refuses_anything_else(void **state)
{
	static const char *const bad[] = {
		"1.5", "-0.1", "abc", "", ".", "0,5", "1e-1", "nan", "inf",
		" 0.5", "0.5 ", "0x0.8", "0.5x", "1.0000001", "+0.5", "0..5",
	};
	size_t i;

	(void)state;
	assert_parse_error("invalid --threshold '1.5': expected a number from 0 to 1",
			   "--threshold=1.5", "a", "b");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char arg[64], message[128];

		snprintf(arg, sizeof(arg), "--threshold=%s", bad[i]);
		snprintf(message, sizeof(message),
			 "invalid --threshold '%s': expected a number from 0 to 1", bad[i]);
		assert_parse_error(message, arg, "a", "b");
	}
}

/* A comma-decimal locale must not change what --threshold=0.5 means. */
static void
options_threshold_ignores_a_comma_locale(void **state)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR",
	};
	struct options o;
	size_t i;
	int found = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(locales) && !found; i++)
		found = setlocale(LC_NUMERIC, locales[i]) != NULL;
	if (!found)
		skip();
	assert_parse_ok(&o, "--threshold=0.5", "a", "b");
	assert_true(o.align.threshold == 0.5);
	assert_parse_error("invalid --threshold '0,5': expected a number from 0 to 1",
			   "--threshold=0,5", "a", "b");
	setlocale(LC_NUMERIC, "C");
}

static void
options_no_moves_turns_move_detection_off(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--no-moves", "a", "b");
	assert_int_equal(o.align.moves, 0);
	assert_parse_error("option '--no-moves' doesn't allow an argument",
			   "--no-moves=yes", "a", "b");
}

static void
options_encoding_accepts_names_iconv_knows(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--encoding=latin1", "a", "b");
	assert_string_equal(o.encoding, "latin1");
	assert_parse_ok(&o, "--encoding", "WINDOWS-1252", "a", "b");
	assert_string_equal(o.encoding, "WINDOWS-1252");
	assert_parse_ok(&o, "--encoding=UTF-8", "a", "b");
	assert_string_equal(o.encoding, "UTF-8");
}

static void
options_encoding_refuses_unknown_names(void **state)
{
	(void)state;
	assert_parse_error("invalid --encoding 'klingon-8': not an encoding this system "
			   "can convert (see iconv --list)", "--encoding=klingon-8", "a", "b");
	assert_parse_error("invalid --encoding '': not an encoding this system "
			   "can convert (see iconv --list)", "--encoding=", "a", "b");
}

static void
options_width_accepts_columns_within_bounds(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--width=80", "a", "b");
	assert_int_equal(o.width, 80);
	assert_parse_ok(&o, "--width", "20", "a", "b");
	assert_int_equal(o.width, OPTIONS_WIDTH_MIN);
	assert_parse_ok(&o, "--width=10000", "a", "b");
	assert_int_equal(o.width, OPTIONS_WIDTH_MAX);
}

static void
options_width_refuses_other_values(void **state)
{
	static const char *const bad[] = {
		"19", "0", "10001", "-80", "+80", "80x", "", "abc", " 80", "8e1",
		"99999999999999999999999",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char arg[64], message[128];

		snprintf(arg, sizeof(arg), "--width=%s", bad[i]);
		snprintf(message, sizeof(message), "invalid --width '%s': expected a number "
			 "of columns from 20 to 10000", bad[i]);
		assert_parse_error(message, arg, "a", "b");
	}
}

static void
options_color_alone_means_always(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--color", "a", "b");
	assert_int_equal(o.color, OPTIONS_COLOR_ALWAYS);
	assert_parse_ok(&o, "--color=always", "a", "b");
	assert_int_equal(o.color, OPTIONS_COLOR_ALWAYS);
	assert_parse_ok(&o, "--color=never", "a", "b");
	assert_int_equal(o.color, OPTIONS_COLOR_NEVER);
	assert_parse_ok(&o, "--color=never", "--color=auto", "a", "b");
	assert_int_equal(o.color, OPTIONS_COLOR_AUTO);
}

static void
options_color_refuses_other_values(void **state)
{
	(void)state;
	assert_parse_error("invalid --color 'sometimes': expected always, auto or never",
			   "--color=sometimes", "a", "b");
	assert_parse_error("invalid --color '': expected always, auto or never",
			   "--color=", "a", "b");
	/* The value of an optional argument must be attached: this is a third operand. */
	assert_parse_error("extra operand 'b'", "--color", "never", "a", "b");
}

static void
options_format_accepts_text_json_and_tui(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--format=text", "a", "b");
	assert_int_equal(o.format, OPTIONS_FORMAT_TEXT);
	assert_parse_ok(&o, "--format", "json", "a", "b");
	assert_int_equal(o.format, OPTIONS_FORMAT_JSON);
	assert_parse_ok(&o, "--format=tui", "a", "b");
	assert_int_equal(o.format, OPTIONS_FORMAT_TUI);
}

static void
options_format_refuses_other_values(void **state)
{
	(void)state;
	assert_parse_error("invalid --format 'xml': expected text, json or tui",
			   "--format=xml", "a", "b");
	assert_parse_error("invalid --format 'JSON': expected text, json or tui",
			   "--format=JSON", "a", "b");
	assert_parse_error("option '--format' requires an argument", "a", "b", "--format");
}

static void
options_stat_works_alone_or_with_text(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "--stat", "a", "b");
	assert_int_equal(o.stat, 1);
	assert_parse_ok(&o, "--stat", "--format=text", "a", "b");
	assert_int_equal(o.stat, 1);
	assert_parse_error("option '--stat' cannot be used with '--format=json'",
			   "--stat", "--format=json", "a", "b");
	assert_parse_error("option '--stat' cannot be used with '--format=tui'",
			   "--format=tui", "--stat", "a", "b");
	assert_parse_error("option '--stat' doesn't allow an argument", "--stat=1", "a", "b");
}

static void
options_help_and_version_stop_before_operands(void **state)
{
	struct options o;
	struct error e;

	(void)state;
	assert_int_equal(parse_args(&o, &e, "--help", (char *)NULL), OPTIONS_EXIT);
	assert_int_equal(parse_args(&o, &e, "-h", "a", "b", (char *)NULL), OPTIONS_EXIT);
	assert_int_equal(parse_args(&o, &e, "--version", (char *)NULL), OPTIONS_EXIT);
	assert_int_equal(parse_args(&o, &e, "a", "-V", (char *)NULL), OPTIONS_EXIT);
	assert_parse_error("option '--help' doesn't allow an argument", "--help=all");
}

static void
options_unknown_options_are_named(void **state)
{
	(void)state;
	assert_parse_error("unrecognized option '--bogus'", "--bogus", "a", "b");
	assert_parse_error("unrecognized option '--bogus=3'", "a", "--bogus=3", "b");
	assert_parse_error("invalid option -- 'x'", "-x", "a", "b");
	assert_parse_error("option requires an argument -- 'L'", "a", "b", "-L");
	assert_parse_error("option '--width' requires an argument", "a", "b", "--width");
}

static void
options_operands_take_dash_for_standard_input(void **state)
{
	struct options o;

	(void)state;
	assert_parse_ok(&o, "-", "b.txt");
	assert_string_equal(o.path[0], "-");
	assert_parse_ok(&o, "a.txt", "-");
	assert_string_equal(o.path[1], "-");
	assert_parse_error("standard input ('-') can be only one of the two articles",
			   "-", "-");
}

static void
options_operands_must_be_exactly_two(void **state)
{
	struct options o;

	(void)state;
	assert_parse_error("missing operands: LEFT and RIGHT articles", "--stat");
	assert_parse_error("missing operand after 'a'", "a");
	assert_parse_error("extra operand 'c'", "a", "b", "c");
	/* Options may follow the operands; "--" ends options. */
	assert_parse_ok(&o, "a", "b", "--stat");
	assert_int_equal(o.stat, 1);
	assert_parse_ok(&o, "--", "-x", "--stat");
	assert_string_equal(o.path[0], "-x");
	assert_string_equal(o.path[1], "--stat");
	assert_int_equal(o.stat, 0);
}

/* Read what fn writes into a NUL-terminated buffer the caller frees. */
static char *
capture(void (*fn)(FILE *))
{
	FILE *f = tmpfile();
	char *buf;
	long size;

	assert_non_null(f);
	fn(f);
	size = ftell(f);
	assert_true(size > 0);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	return buf;
}

static void
options_help_lists_every_option_and_the_exit_status(void **state)
{
	static const char *const listed[] = {
		"-L, --label=NAME", "--unit=UNIT", "--threshold=X", "--no-moves",
		"--encoding=NAME", "--width=N", "--color[=WHEN]", "--format=FORMAT",
		"--stat", "-h, --help", "-V, --version",
	};
	char *help = capture(options_help);
	char *line;
	size_t i;

	(void)state;
	assert_true(strncmp(help, "Usage: artcmp [OPTION]... LEFT RIGHT\n", 37) == 0);
	for (i = 0; i < ARRAY_SIZE(listed); i++)
		if (strstr(help, listed[i]) == NULL)
			fail_msg("--help does not list %s", listed[i]);
	assert_non_null(strstr(help, "Exit status is 0 if"));
	assert_non_null(strstr(help, "man artcmp"));
	/* One line each, within 80 columns. */
	for (line = strtok(help, "\n"); line != NULL; line = strtok(NULL, "\n"))
		if (strlen(line) > 79)
			fail_msg("--help line too long: %s", line);
	free(help);
}

static void
options_version_is_gnu_style(void **state)
{
	char *version = capture(options_version);

	(void)state;
	assert_true(strncmp(version, "artcmp " PACKAGE_VERSION "\n",
			    strlen("artcmp " PACKAGE_VERSION "\n")) == 0);
	assert_non_null(strstr(version, "\nCopyright (C) "));
	assert_non_null(strstr(version, "\nLicense "));
	assert_non_null(strstr(version, "NO WARRANTY"));
	free(version);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_defaults_compare_sentences_at_default_threshold),
		cmocka_unit_test(options_label_given_twice_names_left_then_right),
		cmocka_unit_test(options_label_three_times_is_refused),
		cmocka_unit_test(options_unit_accepts_each_kind),
		cmocka_unit_test(options_unit_refuses_unknown_kinds),
		cmocka_unit_test(options_threshold_accepts_fractions_from_zero_to_one),
		cmocka_unit_test(options_threshold_refuses_anything_else),
		cmocka_unit_test(options_threshold_ignores_a_comma_locale),
		cmocka_unit_test(options_no_moves_turns_move_detection_off),
		cmocka_unit_test(options_encoding_accepts_names_iconv_knows),
		cmocka_unit_test(options_encoding_refuses_unknown_names),
		cmocka_unit_test(options_width_accepts_columns_within_bounds),
		cmocka_unit_test(options_width_refuses_other_values),
		cmocka_unit_test(options_color_alone_means_always),
		cmocka_unit_test(options_color_refuses_other_values),
		cmocka_unit_test(options_format_accepts_text_json_and_tui),
		cmocka_unit_test(options_format_refuses_other_values),
		cmocka_unit_test(options_stat_works_alone_or_with_text),
		cmocka_unit_test(options_help_and_version_stop_before_operands),
		cmocka_unit_test(options_unknown_options_are_named),
		cmocka_unit_test(options_operands_take_dash_for_standard_input),
		cmocka_unit_test(options_operands_must_be_exactly_two),
		cmocka_unit_test(options_help_lists_every_option_and_the_exit_status),
		cmocka_unit_test(options_version_is_gnu_style),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
