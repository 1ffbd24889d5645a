/*
 * test-render-text: the side-by-side text output (--format=text), read back
 * line by line as a user or a script would see it.
 *
 * Comparisons are built by hand (units and entries), so the tests hold
 * whatever the alignment engine decides.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "fixture-cmp.h"
#include "layout.h"
#include "render.h"
#include "util.h"

/*
 * The article pair most tests use: a kept headline, a reworded sentence
 * split in two, a cut sentence, an added one, and control characters.
 */
static void
fixture_story(struct fixture *f)
{
	struct align_entry *e;

	fixture_side(f, 0, (const char *const[]){ "Storm closes bridge",
			"\nThe council said on Monday that the old bridge would close.",
			"Engineers found \x1b[31mcracks\x1b[0m in the piers.",
			"\nThe mayor thanked crews.", NULL });
	fixture_side(f, 1, (const char *const[]){ "Storm closes bridge",
			"\nThe council announced on Tuesday that the bridge would shut.",
			"It is old.", "\nResidents were angry \xe2\x80\x94 \xe4\xb8\xad\xe6\x96\x87.",
			"\nThe mayor thanked crews.", NULL });
	fixture_entry(f, ALIGN_EQUAL, 0, 1, 0, 1);
	e = fixture_entry(f, ALIGN_CHANGE, 1, 1, 1, 2);
	fixture_word(f, e, WORD_DELETE, 0, "said");
	fixture_word(f, e, WORD_DELETE, 0, "Monday");
	fixture_word(f, e, WORD_DELETE, 0, "old bridge");
	fixture_word(f, e, WORD_DELETE, 0, "would close");
	fixture_word(f, e, WORD_INSERT, 1, "announced");
	fixture_word(f, e, WORD_INSERT, 1, "Tuesday");
	fixture_word(f, e, WORD_INSERT, 1, "shut");
	fixture_word(f, e, WORD_INSERT, 1, "It is old");
	fixture_entry(f, ALIGN_DELETE, 2, 1, 3, 0);
	fixture_entry(f, ALIGN_INSERT, 3, 0, 3, 1);
	fixture_entry(f, ALIGN_EQUAL, 3, 1, 4, 1);
}

/* Render into a string the caller frees. */
static char *
render(const struct comparison *cmp, unsigned width, int color, int ascii, const char *left_name)
{
	struct render_options options = { { left_name, "right.txt" }, width, color, ascii };
	char *buffer = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buffer, &size);

	assert_non_null(out);
	assert_int_equal(render_text(out, cmp, &options), 0);
	assert_int_equal(fclose(out), 0);
	return buffer;
}

/* Line number n (0-based) of text, without its newline, or NULL; caller frees. */
static char *
line_at(const char *text, size_t n)
{
	const char *end;

	while (n-- > 0) {
		text = strchr(text, '\n');
		if (text == NULL)
			return NULL;
		text++;
	}
	if (*text == '\0')
		return NULL;
	end = strchr(text, '\n');
	return xstrndup(text, end ? (size_t)(end - text) : strlen(text));
}

/* The line holding needle (first occurrence), its number in *number. */
static char *
line_with(const char *text, const char *needle, size_t *number)
{
	size_t n;
	char *line;

	for (n = 0; (line = line_at(text, n)) != NULL; n++) {
		if (strstr(line, needle) != NULL) {
			if (number != NULL)
				*number = n;
			return line;
		}
		free(line);
	}
	fail_msg("no line holds \"%s\"", needle);
	return NULL;
}

/* A line without our SGR sequences (the tests check there are no others). */
static char *
strip_sgr(const char *line)
{
	char *out = xmalloc(strlen(line) + 1), *p = out;

	while (*line) {
		if (*line == '\033' && line[1] == '[') {
			line += 2;
			while (*line == ';' || (*line >= '0' && *line <= '9'))
				line++;
			assert_int_equal(*line, 'm');
			line++;
			continue;
		}
		*p++ = *line++;
	}
	*p = '\0';
	return out;
}

static size_t
column_of_divider(const char *line)
{
	const char *bar = strstr(line, " | ");

	if (bar == NULL)
		bar = strstr(line, " |");
	assert_non_null(bar);
	return layout_width(line, (size_t)(bar - line));
}

static void
render_text_puts_both_names_in_the_header(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 80, 0, 0, "wire.txt");
	line = line_at(out, 0);
	assert_non_null(strstr(line, "wire.txt"));
	assert_non_null(strstr(line, "right.txt"));
	assert_true(strstr(line, "wire.txt") < strstr(line, " | "));
	assert_true(strstr(line, "right.txt") > strstr(line, " | "));
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_never_writes_a_line_wider_than_the_width(void **state)
{
	struct fixture f = { 0 };
	unsigned width;

	(void)state;
	fixture_story(&f);
	for (width = 12; width <= 200; width++) {
		char *out = render(&f.cmp, width, 1, 0, "a-rather-long-directory/wire-story.txt");
		char *line;
		size_t n, divider = 0;

		for (n = 0; (line = line_at(out, n)) != NULL; n++) {
			char *plain = strip_sgr(line);

			assert_true(layout_width(plain, strlen(plain)) <= width);
			/* No trailing blanks, and the divider in one column. */
			assert_true(*plain == '\0' || plain[strlen(plain) - 1] != ' ');
			if (n == 0)
				divider = column_of_divider(plain);
			else if (n > 1)
				assert_int_equal(column_of_divider(plain), divider);
			free(plain);
			free(line);
		}
		free(out);
	}
	fixture_free(&f);
}

static void
render_text_starts_both_halves_of_a_pair_on_the_same_line(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;
	size_t n, m;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 60, 0, 0, "left.txt");
	line = line_with(out, "The council [-said-]", &n);
	assert_non_null(strstr(line, "The council {+announced+}"));
	assert_true(strncmp(line, "~ ", 2) == 0);
	assert_non_null(strstr(line, " | ~ "));
	free(line);
	/* The split half goes on below, the shorter left half padded. */
	line = line_with(out, "It is old+}.", &m);
	assert_true(m > n);
	free(line);
	/* What follows starts after both halves. */
	line = line_with(out, "Engineers", &m);
	assert_true(strncmp(line, "- Engineers", 11) == 0);
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_leaves_blank_filler_opposite_removed_and_added_text(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 100, 0, 0, "left.txt");
	line = line_with(out, "Engineers", NULL);
	assert_true(strncmp(line, "- Engineers", 11) == 0);
	assert_true(strcmp(line + strlen(line) - 2, " |") == 0);
	free(line);
	line = line_with(out, "Residents", NULL);
	assert_non_null(strstr(line, " | + Residents"));
	assert_int_equal(strspn(line, " "), column_of_divider(line) + 1);
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_marks_changed_words_when_there_is_no_colour(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 200, 0, 0, "left.txt");
	line = line_with(out, "The council", NULL);
	assert_non_null(strstr(line, "~ The council [-said-] on [-Monday-] that the [-old bridge-] "
			       "[-would close-]."));
	assert_non_null(strstr(line, "~ The council {+announced+} on {+Tuesday+} that the bridge "
			       "would {+shut+}."));
	free(line);
	/* A span across two units is closed in the first and opened again. */
	line = line_with(out, "It is old", NULL);
	assert_non_null(strstr(line, "~ {+It is old+}."));
	free(line);
	/* Whole removed sentences need no word marks: the marker says it. */
	line = line_with(out, "Engineers", NULL);
	assert_null(strstr(line, "[-"));
	free(line);
	free(out);
	/* With colour the words are coloured instead. */
	out = render(&f.cmp, 200, 1, 0, "left.txt");
	assert_null(strstr(out, "[-"));
	assert_null(strstr(out, "{+"));
	free(out);
	fixture_free(&f);
}

static void
render_text_writes_no_escape_without_colour(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 100, 0, 0, "left\x1b]0;title\x07.txt");
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\007'));
	/* The article's escape is shown, not sent. */
	line = line_with(out, "Engineers", NULL);
	assert_non_null(strstr(line, "^[[31mcracks^[[0m"));
	free(line);
	line = line_at(out, 0);
	assert_non_null(strstr(line, "left^[]0;title^G.txt"));
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_colours_changed_words_and_resets_every_span(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;
	size_t n;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 160, 1, 0, "left.txt");
	line = line_with(out, "The council", NULL);
	assert_non_null(strstr(line, "\033[1;31msaid\033[0m"));
	assert_non_null(strstr(line, "\033[1;32mannounced\033[0m"));
	assert_non_null(strstr(line, " on "));
	free(line);
	line = line_with(out, "Engineers", NULL);
	assert_non_null(strstr(line, "\033[31mEngineers found \033[0m"));
	/* The stand-in for the article's escape, in reverse video. */
	assert_non_null(strstr(line, "\033[7m^[\033[0m"));
	free(line);
	/* Every line ends with no attribute left on. */
	for (n = 0; (line = line_at(out, n)) != NULL; n++) {
		const char *last = NULL, *p;
		char *plain = strip_sgr(line);	/* asserts every escape is SGR */

		for (p = line; (p = strchr(p, '\033')) != NULL; p++)
			last = p;
		if (last != NULL)
			assert_true(strncmp(last, "\033[0m", 4) == 0);
		free(plain);
		free(line);
	}
	free(out);
	fixture_free(&f);
}

static void
render_text_writes_only_ascii_when_asked(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;
	size_t i;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 100, 0, 1, "l\xc3\xa9" "ft.txt");
	for (i = 0; out[i] != '\0'; i++)
		assert_true((unsigned char)out[i] < 0x80);
	line = line_with(out, "Residents", NULL);
	assert_non_null(strstr(line, "angry - ??."));
	free(line);
	line = line_at(out, 0);
	assert_non_null(strstr(line, "left.txt"));
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_keeps_the_end_of_a_long_name(void **state)
{
	struct fixture f = { 0 };
	char *out, *line;

	(void)state;
	fixture_story(&f);
	out = render(&f.cmp, 40, 0, 0, "/home/desk/archive/2026/november/wire-story-final.txt");
	line = line_at(out, 0);
	assert_non_null(strstr(line, "\xe2\x80\xa6"));
	assert_non_null(strstr(line, "final.txt | "));
	assert_true(layout_width(line, strlen(line)) <= 40);
	free(line);
	free(out);
	fixture_free(&f);
}

static void
render_text_reports_a_write_error(void **state)
{
	struct fixture f = { 0 };
	struct render_options options = { { "left.txt", "right.txt" }, 80, 0, 0 };
	FILE *out = fopen("/dev/full", "w");

	(void)state;
	if (out == NULL)
		skip();
	fixture_story(&f);
	setvbuf(out, NULL, _IONBF, 0);
	assert_int_equal(render_text(out, &f.cmp, &options), -1);
	fclose(out);
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_text_puts_both_names_in_the_header),
		cmocka_unit_test(render_text_never_writes_a_line_wider_than_the_width),
		cmocka_unit_test(render_text_starts_both_halves_of_a_pair_on_the_same_line),
		cmocka_unit_test(render_text_leaves_blank_filler_opposite_removed_and_added_text),
		cmocka_unit_test(render_text_marks_changed_words_when_there_is_no_colour),
		cmocka_unit_test(render_text_writes_no_escape_without_colour),
		cmocka_unit_test(render_text_colours_changed_words_and_resets_every_span),
		cmocka_unit_test(render_text_writes_only_ascii_when_asked),
		cmocka_unit_test(render_text_keeps_the_end_of_a_long_name),
		cmocka_unit_test(render_text_reports_a_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
