/*
 * fuzz-load-segment: libFuzzer target for loading and segmenting.
 *
 * Input: one byte choosing an encoding (none, that is UTF-8 with BOM
 * detection, or one of a few iconv names, or a bogus one), then the file's
 * bytes.  text_from_memory() must either refuse with one line naming the
 * file, or return a text keeping the promises of text.h; without an
 * encoding, it must accept exactly the NUL-free valid UTF-8 inputs and keep
 * their bytes as read.  segment_text() then runs for every kind and must
 * keep the invariants of segment.h (fuzz-check.h), give the same units
 * twice, and agree with itself across kinds: a sentence or a line never
 * crosses a paragraph, and its paragraph number is that of the paragraph
 * unit holding it.
 *
 * Build and run: make fuzz (see Makefile.am), or by hand:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Isrc \
 *     tests/fuzz/fuzz-load-segment.c src/[a-z]*.c ... -lunistring
 */
#include "config.h"

#include "fuzz-check.h"

static const char *const encodings[] = {
	NULL, "UTF-8", "ISO-8859-1", "WINDOWS-1252", "UTF-16", "UTF-16LE", "UTF-16BE",
	"SHIFT_JIS", "GB18030", "KOI8-R", "no-such-encoding"
};

static void
check_same_units(const struct unit_list *a, const struct unit_list *b)
{
	size_t i;

	fuzz_check(a->count == b->count, "segmenting again gives %zu units, not %zu", b->count,
		   a->count);
	for (i = 0; i < a->count; i++)
		fuzz_check(a->unit[i].offset == b->unit[i].offset &&
			   a->unit[i].length == b->unit[i].length &&
			   a->unit[i].paragraph == b->unit[i].paragraph,
			   "segmenting again changes unit %zu", i);
}

/* Each unit of list lies inside the paragraph unit its number names. */
static void
check_inside_paragraphs(const struct unit_list *list, const struct unit_list *paragraphs,
			const char *kind)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct unit *u = &list->unit[i], *p;

		fuzz_check(u->paragraph < paragraphs->count, "%s %zu in paragraph %zu of %zu", kind,
			   i, u->paragraph, paragraphs->count);
		p = &paragraphs->unit[u->paragraph];
		fuzz_check(u->offset >= p->offset && u->offset + u->length <= p->offset + p->length,
			   "%s %zu [%zu,+%zu) is not inside paragraph %zu [%zu,+%zu)", kind, i,
			   u->offset, u->length, u->paragraph, p->offset, p->length);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	const char *encoding = encodings[fuzz_byte(&in) % ARRAY_SIZE(encodings)];
	struct error err = { 0 };
	struct text *text;
	struct unit_list list[3], again;
	int kind, utf16_bom, acceptable;

	if (in.size > FUZZ_MAX_INPUT)
		in.size = FUZZ_MAX_INPUT;
	text = text_from_memory("fuzz.txt", (const char *)in.data, in.size, encoding, &err);
	utf16_bom = in.size >= 2 && ((in.data[0] == 0xff && in.data[1] == 0xfe) ||
				     (in.data[0] == 0xfe && in.data[1] == 0xff));
	acceptable = memchr(in.data, '\0', in.size) == NULL &&
		u8_check(in.data, in.size) == NULL;
	if (encoding == NULL && !utf16_bom) {
		fuzz_check((text != NULL) == acceptable, "%s NUL-free valid UTF-8 input",
			   text != NULL ? "accepted a non" : "refused a");
		if (text != NULL)
			fuzz_check(text->length == in.size && memcmp(text->bytes, in.data, in.size) == 0,
				   "the bytes were not kept as read");
	}
	if (text == NULL) {
		fuzz_check_error(&err, "fuzz.txt");
		return 0;
	}
	fuzz_check(!err.set, "an error set on success: %s", err.message);
	fuzz_check(strcmp(text->name, "fuzz.txt") == 0, "name %s", text->name);
	fuzz_check_text(text);

	for (kind = SEGMENT_SENTENCE; kind <= SEGMENT_PARAGRAPH; kind++) {
		segment_text(text, (enum segment_kind)kind, &list[kind]);
		fuzz_check_units(text, &list[kind]);
		segment_text(text, (enum segment_kind)kind, &again);
		check_same_units(&list[kind], &again);
		segment_free(&again);
	}
	for (size_t i = 0; i < list[SEGMENT_PARAGRAPH].count; i++)
		fuzz_check(list[SEGMENT_PARAGRAPH].unit[i].paragraph == i,
			   "paragraph unit %zu numbered %zu", i, list[SEGMENT_PARAGRAPH].unit[i].paragraph);
	check_inside_paragraphs(&list[SEGMENT_SENTENCE], &list[SEGMENT_PARAGRAPH], "sentence");
	check_inside_paragraphs(&list[SEGMENT_LINE], &list[SEGMENT_PARAGRAPH], "line");
	for (kind = SEGMENT_SENTENCE; kind <= SEGMENT_PARAGRAPH; kind++)
		segment_free(&list[kind]);
	memset(&again, 0, sizeof(again));
	segment_free(&again);	/* a zeroed list: must be a no-op */
	text_free(text);
	text_free(NULL);
	return 0;
}
