/*
 * fuzz-align: libFuzzer target for tokenizing and aligning two texts.
 *
 * Input: a byte for the unit kind, a byte for the threshold (0..255 ->
 * 0..1), a byte of switches (moves on or off; right text the same as the
 * left; a second threshold to realign with; amplify), a byte for the
 * amplification, then the left text, a NUL, and the right text (no NUL:
 * the whole rest is the left text and the right one is empty, unless
 * "same" is set).  Amplified, each text is repeated 2 to 16 times, blank
 * line separated: a gap of more than ALIGN_DENSE_CELLS units then takes
 * the aligner's sparse path, which 8 KB of distinct sentences rarely
 * reach.
 *
 * The comparison must keep the invariants of align.h, tokens.h and
 * worddiff.h (fuzz-check.h): every unit index of each side in exactly one
 * entry, entries in reading order, equal entries with equal tokens, word
 * edits covering both sides in order.  A text against itself has no
 * difference.  Realigning with another threshold keeps the invariants, and
 * realigning back gives the same alignment (a pure function: no stale
 * state, no uninitialised memory).
 */
#include "config.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text of data repeated copies times, blank line separated. */
static struct text *
load(const char *name, const uint8_t *data, size_t size, unsigned copies)
{
	struct error err = { 0 };
	struct text *text;
	char *joined;
	size_t length = 0;
	unsigned k;

	if (copies == 1)
		return text_from_memory(name, (const char *)data, size, NULL, &err);
	joined = malloc(copies * (size + 2) + 1);
	if (joined == NULL)
		abort();
	for (k = 0; k < copies; k++) {
		memcpy(joined + length, data, size);
		length += size;
		memcpy(joined + length, "\n\n", 2);
		length += 2;
	}
	text = text_from_memory(name, joined, length, NULL, &err);
	free(joined);
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	enum segment_kind kind = (enum segment_kind)(fuzz_byte(&in) % 3);
	struct align_options options, other;
	struct text *text[2] = { NULL, NULL };
	struct comparison *cmp;
	struct fuzz_snapshot snap;
	const uint8_t *nul;
	size_t left_size, right_offset;
	unsigned switches, copies;
	int same;

	options.threshold = fuzz_byte(&in) / 255.0;
	switches = fuzz_byte(&in);
	options.moves = switches & 1;
	same = (switches & 2) != 0;
	other.threshold = ((switches >> 2) & 0x1f) / 31.0;
	other.moves = !options.moves;
	copies = switches & 0x80 ? 2 + fuzz_byte(&in) % 15 : 1;
	if (in.size > FUZZ_MAX_INPUT)
		in.size = FUZZ_MAX_INPUT;

	nul = memchr(in.data, '\0', in.size);
	left_size = nul != NULL ? (size_t)(nul - in.data) : in.size;
	right_offset = nul != NULL ? left_size + 1 : in.size;
	text[0] = load("left.txt", in.data, left_size, copies);
	if (text[0] == NULL)
		return 0;
	if (same)
		text[1] = load("right.txt", in.data, left_size, copies);
	else
		text[1] = load("right.txt", in.data + right_offset, in.size - right_offset, copies);
	if (text[1] == NULL) {
		text_free(text[0]);
		return 0;
	}

	cmp = comparison_new(text[0], text[1], kind, &options);
	fuzz_check(cmp->side[0].text == text[0] && cmp->side[1].text == text[1], "sides swapped");
	fuzz_check_comparison(cmp, same);
	fuzz_snapshot_take(cmp, &snap);

	comparison_realign(cmp, &other);
	fuzz_check_comparison(cmp, same);
	comparison_realign(cmp, &options);
	fuzz_check_comparison(cmp, same);
	fuzz_snapshot_check(cmp, &snap);

	comparison_free(cmp);
	comparison_free(NULL);
	text_free(text[0]);
	text_free(text[1]);
	return 0;
}
