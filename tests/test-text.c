/*
 * test-text: loading an article, and every way loading refuses one, with
 * the one-line message main prints after "artcmp: ".
 *
 * Files are written to a fresh temporary directory per test, so the tests
 * need nothing from the source tree.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"

struct scratch {
	char dir[64];
	char path[128];
};

static int
scratch_setup(void **state)
{
	struct scratch *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		return -1;
	strcpy(sc->dir, "/tmp/artcmp-test-text-XXXXXX");
	if (mkdtemp(sc->dir) == NULL) {
		free(sc);
		return -1;
	}
	*state = sc;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *sc = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sc->dir);
	if (system(cmd) != 0)
		return -1;
	free(sc);
	return 0;
}

/* Write bytes to NAME in the scratch directory; returns the path. */
static const char *
scratch_file(void **state, const char *name, const char *bytes, size_t n)
{
	struct scratch *sc = *state;
	FILE *fp;

	snprintf(sc->path, sizeof(sc->path), "%s/%s", sc->dir, name);
	fp = fopen(sc->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return sc->path;
}

/* A file holding a string literal's bytes, NUL bytes inside included. */
#define SCRATCH(state, name, literal) \
	scratch_file(state, name, literal, sizeof(literal) - 1)

/* Load path, expect refusal, and compare the message after the path. */
static void
expect_refusal(const char *path, const char *encoding, const char *problem)
{
	struct error err = { 0 };
	struct text *text = text_load(path, encoding, &err);
	char want[1024];

	assert_null(text);
	assert_true(err.set);
	snprintf(want, sizeof(want), "%s: %s", path, problem);
	assert_string_equal(err.message, want);
	assert_null(strchr(err.message, '\n'));
}

static struct text *
expect_load(const char *path, const char *encoding)
{
	struct error err = { 0 };
	struct text *text = text_load(path, encoding, &err);

	if (text == NULL)
		fail_msg("refused: %s", err.message);
	assert_false(err.set);
	assert_int_equal(text->bytes[text->length], '\0');
	return text;
}

static void
text_refuses_a_missing_file_naming_it(void **state)
{
	struct scratch *sc = *state;
	char path[256];

	snprintf(path, sizeof(path), "%s/wire.txt", sc->dir);
	expect_refusal(path, NULL, "No such file or directory");
}

static void
text_refuses_a_directory(void **state)
{
	struct scratch *sc = *state;

	expect_refusal(sc->dir, NULL, "is a directory");
}

static void
text_refuses_an_unreadable_file(void **state)
{
	const char *path = SCRATCH(state, "secret.txt", "Hello.");

	if (geteuid() == 0)
		skip();	/* root reads anything: the refusal cannot be provoked */
	assert_int_equal(chmod(path, 0), 0);
	expect_refusal(path, NULL, "Permission denied");
}

static void
text_refuses_a_file_whose_read_fails(void **state)
{
	(void)state;
	/* Reading /proc/self/mem at offset 0 fails with EIO, even for root. */
	if (access("/proc/self/mem", R_OK) != 0)
		skip();
	expect_refusal("/proc/self/mem", NULL, "Input/output error");
}

static void
text_refuses_a_binary_file_giving_the_nul_offset(void **state)
{
	const char *path = SCRATCH(state, "wire.txt", "Hello.\0world");

	expect_refusal(path, NULL, "binary file (NUL byte at offset 6)");
}

static void
text_refuses_invalid_utf8_giving_the_byte_and_suggesting_encoding(void **state)
{
	const char *path = SCRATCH(state, "wire.txt", "Caf\xc3\xa9 au caf\xe9 bar.");

	expect_refusal(path, NULL,
		       "invalid UTF-8 at byte 12; if it is not UTF-8, give its encoding with "
		       "--encoding (for example --encoding=windows-1252)");
}

/*
 * Wherever in a long ASCII text the first invalid byte sits (the check
 * skips the ASCII prefix 32 and 8 bytes at a time), the offset given is its
 * own; and a valid two-byte letter anywhere is accepted.
 */
static void
text_finds_the_invalid_byte_at_every_offset(void **state)
{
	char buf[200], want[64];
	struct error err;
	struct text *t;
	size_t at;

	(void)state;
	for (at = 0; at + 1 < sizeof(buf); at++) {
		memset(buf, 'a', sizeof(buf));
		buf[at] = (char)0xff;
		memset(&err, 0, sizeof(err));
		t = text_from_memory("x.txt", buf, sizeof(buf), NULL, &err);
		assert_null(t);
		snprintf(want, sizeof(want), "x.txt: invalid UTF-8 at byte %zu;", at);
		assert_memory_equal(err.message, want, strlen(want));

		buf[at] = (char)0xc3;
		buf[at + 1] = (char)0xa9;
		memset(&err, 0, sizeof(err));
		t = text_from_memory("x.txt", buf, sizeof(buf), NULL, &err);
		assert_non_null(t);
		assert_int_equal(t->length, sizeof(buf));
		text_free(t);
	}
}

static void
text_refuses_a_truncated_utf8_sequence_at_the_end(void **state)
{
	const char *path = SCRATCH(state, "cut.txt", "Euro \xe2\x82");

	expect_refusal(path, NULL,
		       "invalid UTF-8 at byte 5; if it is not UTF-8, give its encoding with "
		       "--encoding (for example --encoding=windows-1252)");
}

static void
text_refuses_a_file_over_the_size_limit(void **state)
{
	const char *path = SCRATCH(state, "huge.txt", "");
	int fd = open(path, O_WRONLY);
	char want[128];

	/* A sparse file: the size is refused before a byte is read. */
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)TEXT_MAX_BYTES + 1), 0);
	assert_int_equal(close(fd), 0);
	snprintf(want, sizeof(want), "file too large (the limit is %zu MiB)",
		 TEXT_MAX_BYTES / (1024 * 1024));
	expect_refusal(path, NULL, want);
}

static void
text_from_memory_refuses_a_length_over_the_limit(void **state)
{
	struct error err = { 0 };
	char want[128];

	(void)state;
	/* The length is checked before a byte is touched. */
	assert_null(text_from_memory("big.txt", "", TEXT_MAX_BYTES + 1, NULL, &err));
	snprintf(want, sizeof(want), "big.txt: file too large (the limit is %zu MiB)",
		 TEXT_MAX_BYTES / (1024 * 1024));
	assert_string_equal(err.message, want);
}

static void
text_refuses_an_unknown_encoding(void **state)
{
	const char *path = SCRATCH(state, "wire.txt", "Hello.");

	expect_refusal(path, "klingon-8", "unknown encoding 'klingon-8'");
}

static void
text_refuses_bytes_the_named_encoding_does_not_have(void **state)
{
	/* 0x81 is not a character in windows-1252. */
	const char *path = SCRATCH(state, "wire.txt", "ab\x81" "cd");

	expect_refusal(path, "windows-1252", "not valid windows-1252 at byte 2");
}

static void
text_refuses_a_utf16_file_cut_in_the_middle_of_a_character(void **state)
{
	const char *path = SCRATCH(state, "wire.txt", "\xff\xfeH\x00i");

	expect_refusal(path, NULL, "incomplete UTF-16LE character at the end (byte 4)");
}

static void
text_names_standard_input_in_its_messages(void **state)
{
	const char *path = SCRATCH(state, "bin.txt", "a\0b");
	int saved = dup(STDIN_FILENO), fd = open(path, O_RDONLY);
	struct error err = { 0 };
	struct text *text;

	(void)state;
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	text = text_load("-", NULL, &err);
	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_null(text);
	assert_string_equal(err.message, "standard input: binary file (NUL byte at offset 1)");
}

static void
text_reads_standard_input_whole(void **state)
{
	const char *path = SCRATCH(state, "in.txt", "One. Two.\n");
	int saved = dup(STDIN_FILENO), fd = open(path, O_RDONLY);
	struct error err = { 0 };
	struct text *text;

	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	text = text_load("-", NULL, &err);
	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_non_null(text);
	assert_string_equal(text->name, "-");
	assert_int_equal(text->length, 10);
	assert_string_equal(text->bytes, "One. Two.\n");
	text_free(text);
}

static void
text_keeps_the_bytes_of_a_utf8_file_as_read(void **state)
{
	static const char body[] = "Line one.\r\nLine two\rThree\x07 \x1b[31mred\n";
	const char *path = scratch_file(state, "wire.txt", body, sizeof(body) - 1);
	struct text *text = expect_load(path, NULL);

	assert_string_equal(text->name, path);
	assert_int_equal(text->length, sizeof(body) - 1);
	assert_memory_equal(text->bytes, body, sizeof(body) - 1);
	assert_int_equal(text->start, 0);
	text_free(text);
}

static void
text_skips_a_utf8_bom_but_counts_it_in_offsets(void **state)
{
	const char *path = SCRATCH(state, "bom.txt", "\xef\xbb\xbfHi.");
	struct text *text = expect_load(path, NULL);

	assert_int_equal(text->start, 3);
	assert_int_equal(text->length, 6);
	assert_memory_equal(text->bytes, "\xef\xbb\xbfHi.", 6);
	text_free(text);
}

static void
text_converts_utf16le_with_a_bom(void **state)
{
	/* "Café ”ok”" in UTF-16LE with its BOM */
	static const char le[] = "\xff\xfe" "C\0a\0f\0\xe9\0 \0\x1d\x20o\0k\0";
	const char *path = scratch_file(state, "le.txt", le, sizeof(le) - 1);
	struct text *text = expect_load(path, NULL);

	assert_string_equal(text->bytes, "Caf\xc3\xa9 \xe2\x80\x9dok");
	assert_int_equal(text->start, 0);
	text_free(text);
}

static void
text_converts_utf16be_with_a_bom(void **state)
{
	static const char be[] = "\xfe\xff\0H\0i\0.";
	const char *path = scratch_file(state, "be.txt", be, sizeof(be) - 1);
	struct text *text = expect_load(path, NULL);

	assert_string_equal(text->bytes, "Hi.");
	text_free(text);
}

static void
text_converts_windows_1252_with_smart_quotes(void **state)
{
	const char *path = SCRATCH(state, "old.txt", "\x93" "Caf\xe9\x94 \x96 5\x80");
	struct text *text = expect_load(path, "windows-1252");

	assert_string_equal(text->bytes,
			    "\xe2\x80\x9c" "Caf\xc3\xa9\xe2\x80\x9d \xe2\x80\x93 5\xe2\x82\xac");
	text_free(text);
}

static void
text_converts_latin1(void **state)
{
	const char *path = SCRATCH(state, "old.txt", "Stra\xdf" "e \xbd");
	struct text *text = expect_load(path, "latin1");

	assert_string_equal(text->bytes, "Stra\xc3\x9f" "e \xc2\xbd");
	text_free(text);
}

static void
text_treats_an_explicit_utf8_encoding_as_the_default(void **state)
{
	const char *path = SCRATCH(state, "u.txt", "\xef\xbb\xbf" "Caf\xc3\xa9");
	struct text *text = expect_load(path, "UTF-8");

	assert_int_equal(text->start, 3);
	assert_int_equal(text->length, 8);
	text_free(text);
	expect_refusal(SCRATCH(state, "bad.txt", "caf\xe9"), "utf-8",
		       "invalid UTF-8 at byte 3; if it is not UTF-8, give its encoding with "
		       "--encoding (for example --encoding=windows-1252)");
}

static void
text_refuses_a_nul_that_a_conversion_produces(void **state)
{
	static const char le[] = "\xff\xfeH\0\0\0i\0";
	const char *path = scratch_file(state, "le.txt", le, sizeof(le) - 1);

	expect_refusal(path, NULL, "binary file (NUL byte at offset 1)");
}

static void
text_loads_an_empty_file(void **state)
{
	const char *path = SCRATCH(state, "empty.txt", "");
	struct text *text = expect_load(path, NULL);

	assert_int_equal(text->length, 0);
	assert_int_equal(text->start, 0);
	text_free(text);
}

static void
text_loads_from_memory_with_the_same_checks(void **state)
{
	struct error err = { 0 };
	struct text *text;

	(void)state;
	assert_null(text_from_memory("mem.txt", "a\0", 2, NULL, &err));
	assert_string_equal(err.message, "mem.txt: binary file (NUL byte at offset 1)");
	text = text_from_memory("mem.txt", "caf\xe9", 4, "latin1", &err);
	assert_non_null(text);
	assert_string_equal(text->bytes, "caf\xc3\xa9");
	text_free(text);
}

static void
text_frees_null_without_harm(void **state)
{
	(void)state;
	text_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(text_refuses_a_missing_file_naming_it, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_a_directory, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_an_unreadable_file, scratch_setup, scratch_teardown),
		cmocka_unit_test(text_refuses_a_file_whose_read_fails),
		cmocka_unit_test_setup_teardown(text_refuses_a_binary_file_giving_the_nul_offset, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_invalid_utf8_giving_the_byte_and_suggesting_encoding, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_a_truncated_utf8_sequence_at_the_end, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_a_file_over_the_size_limit, scratch_setup, scratch_teardown),
		cmocka_unit_test(text_from_memory_refuses_a_length_over_the_limit),
		cmocka_unit_test_setup_teardown(text_refuses_an_unknown_encoding, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_bytes_the_named_encoding_does_not_have, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_a_utf16_file_cut_in_the_middle_of_a_character, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_names_standard_input_in_its_messages, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_reads_standard_input_whole, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_keeps_the_bytes_of_a_utf8_file_as_read, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_skips_a_utf8_bom_but_counts_it_in_offsets, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_converts_utf16le_with_a_bom, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_converts_utf16be_with_a_bom, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_converts_windows_1252_with_smart_quotes, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_converts_latin1, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_treats_an_explicit_utf8_encoding_as_the_default, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_refuses_a_nul_that_a_conversion_produces, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(text_loads_an_empty_file, scratch_setup, scratch_teardown),
		cmocka_unit_test(text_loads_from_memory_with_the_same_checks),
		cmocka_unit_test(text_finds_the_invalid_byte_at_every_offset),
		cmocka_unit_test(text_frees_null_without_harm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
