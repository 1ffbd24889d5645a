/*
 * fuzz-layout: libFuzzer target for laying a comparison out in panes.
 *
 * Input: a byte for the pane width (1..200), a byte of switches (unit kind,
 * folding, ASCII mode, moves), a byte for the fold context, then the left
 * text, a NUL, and the right text.  Two widths are laid out: the chosen one
 * and a second derived from it, so that narrow and wide panes meet the
 * same text.
 *
 * The layout must keep the promises of layout.h (fuzz-check.h): no half
 * row wider than its pane, piece widths that add up, differences in row
 * order, every unit shown when nothing is folded, and nothing in any piece
 * that a terminal would take as a control: no C0 or C1 character, no DEL,
 * no ESC, no bidi control; only ASCII in ASCII mode.
 */
#include "config.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	unsigned width = 1 + fuzz_byte(&in) % 200;
	unsigned switches = fuzz_byte(&in);
	struct align_options align = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct layout_options options;
	struct error err = { 0 };
	struct text *text[2] = { NULL, NULL };
	struct comparison *cmp;
	struct layout layout;
	const uint8_t *nul;
	size_t left_size, right_offset;
	int pass;

	options.pane_width = width;
	options.fold = (switches & 4) != 0;
	options.ascii = (switches & 8) != 0;
	align.moves = (switches & 16) == 0;
	options.fold_context = fuzz_byte(&in) % 4;
	if (in.size > FUZZ_MAX_INPUT)
		in.size = FUZZ_MAX_INPUT;

	nul = memchr(in.data, '\0', in.size);
	left_size = nul != NULL ? (size_t)(nul - in.data) : in.size;
	right_offset = nul != NULL ? left_size + 1 : in.size;
	text[0] = text_from_memory("left.txt", (const char *)in.data, left_size, NULL, &err);
	if (text[0] == NULL)
		return 0;
	text[1] = text_from_memory("right.txt", (const char *)in.data + right_offset,
				   in.size - right_offset, NULL, &err);
	if (text[1] == NULL) {
		text_free(text[0]);
		return 0;
	}

	cmp = comparison_new(text[0], text[1], (enum segment_kind)(switches % 3), &align);
	for (pass = 0; pass < 2; pass++) {
		layout_build(cmp, &options, &layout);
		fuzz_check_layout(cmp, &options, &layout);
		layout_free(&layout);
		options.pane_width = 1 + (width * 7 + 3) % 200;
		options.fold = !options.fold;
	}
	memset(&layout, 0, sizeof(layout));
	layout_free(&layout);	/* a zeroed layout: must be a no-op */

	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
	return 0;
}
