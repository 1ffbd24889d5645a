/*
 * fuzz-check: the invariants the fuzz targets hold the engine to, written
 * once and shared by the three targets (header only, static functions).
 *
 * Every check is a promise made in a module header (text.h, segment.h,
 * tokens.h, worddiff.h, align.h, layout.h) or a behaviour a user would see:
 * a unit outside the text, a unit index shown twice or never, a row wider
 * than its pane, a control byte reaching the terminal.  A violated check
 * prints what broke and aborts, which libFuzzer reports as a crash and
 * saves as a reproducer.
 *
 * The input is consumed from the front for options (fuzz_byte) so that the
 * rest stays article text the fuzzer can grow and splice.
 */
#ifndef ARTCMP_FUZZ_CHECK_H
#define ARTCMP_FUZZ_CHECK_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

#include "align.h"
#include "layout.h"
#include "segment.h"
#include "text.h"
#include "tokens.h"
#include "worddiff.h"

#define fuzz_check(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant violated: %s: ",	\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* Inputs beyond this are cut: the targets look for logic bugs, not for
   the cost of big inputs (bench and bad-input.sh measure that). */
#define FUZZ_MAX_INPUT 8192

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static inline unsigned
fuzz_byte(struct fuzz_input *in)
{
	unsigned b;

	if (in->size == 0)
		return 0;
	b = in->data[0];
	in->data++;
	in->size--;
	return b;
}

/*
 * Blank as segment.c defines it (segment_blank): ASCII white space and the
 * Unicode spaces, zero width space and BOM among them, but not NEL (a C1
 * control).  Bytes that do not decode (never in a loaded text) count as
 * non-blank.
 */
static inline int
fuzz_blank_at(const struct text *text, size_t offset, size_t *char_length)
{
	ucs4_t uc;
	int n = u8_mbtouc(&uc, (const uint8_t *)text->bytes + offset, text->length - offset);

	*char_length = n > 0 ? (size_t)n : 1;
	return (uc_is_property_white_space(uc) && uc != 0x85) || uc == 0x200b || uc == 0xfeff;
}

/* Offset of the first byte of the character that ends just before end. */
static inline size_t
fuzz_char_before(const struct text *text, size_t end)
{
	size_t i = end - 1;

	while (i > 0 && ((unsigned char)text->bytes[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static inline int
fuzz_is_char_boundary(const struct text *text, size_t offset)
{
	return offset >= text->length || ((unsigned char)text->bytes[offset] & 0xc0) != 0x80;
}

/* text.h: NUL-terminated, no NUL inside, valid UTF-8, start 0 or past a BOM. */
static inline void
fuzz_check_text(const struct text *text)
{
	fuzz_check(text->bytes != NULL, "no bytes");
	fuzz_check(text->bytes[text->length] == '\0', "not NUL-terminated");
	fuzz_check(memchr(text->bytes, '\0', text->length) == NULL, "NUL inside the text");
	fuzz_check(u8_check((const uint8_t *)text->bytes, text->length) == NULL,
		   "loaded text is not valid UTF-8");
	fuzz_check(text->start == 0 || (text->start == 3 && text->length >= 3 &&
					memcmp(text->bytes, "\xef\xbb\xbf", 3) == 0),
		   "start %zu", text->start);
	fuzz_check(text->start != 0 || text->length < 3 ||
		   memcmp(text->bytes, "\xef\xbb\xbf", 3) != 0, "BOM not skipped");
}

/* A refusal: one line, naming the file first. */
static inline void
fuzz_check_error(const struct error *err, const char *name)
{
	size_t name_length = strlen(name);

	fuzz_check(err->set, "refused without an error");
	fuzz_check(strncmp(err->message, name, name_length) == 0 &&
		   err->message[name_length] == ':', "message does not name the file: %s",
		   err->message);
	fuzz_check(strchr(err->message, '\n') == NULL, "message is not one line: %s",
		   err->message);
	fuzz_check(strlen(err->message) > name_length + 2, "empty message: %s", err->message);
}

/* segment.h invariants for one list. */
static inline void
fuzz_check_units(const struct text *text, const struct unit_list *list)
{
	size_t i, pos = text->start, n;

	for (i = 0; i < list->count; i++) {
		const struct unit *u = &list->unit[i];
		size_t end = u->offset + u->length;

		fuzz_check(u->length > 0, "unit %zu empty", i);
		fuzz_check(u->offset >= pos && end > u->offset && end <= text->length,
			   "unit %zu [%zu,+%zu) overlaps or leaves [%zu,%zu)", i, u->offset,
			   u->length, pos, text->length);
		fuzz_check(fuzz_is_char_boundary(text, u->offset) && fuzz_is_char_boundary(text, end),
			   "unit %zu cuts a character", i);
		fuzz_check(!fuzz_blank_at(text, u->offset, &n), "unit %zu starts on a blank", i);
		fuzz_check(!fuzz_blank_at(text, fuzz_char_before(text, end), &n),
			   "unit %zu ends on a blank", i);
		/* Every byte between two units is blank. */
		while (pos < u->offset) {
			fuzz_check(fuzz_blank_at(text, pos, &n),
				   "non-blank byte %zu (0x%02x) outside every unit", pos,
				   (unsigned char)text->bytes[pos]);
			pos += n;
		}
		fuzz_check(i == 0 || u->paragraph >= list->unit[i - 1].paragraph,
			   "paragraph decreases at unit %zu", i);
		pos = end;
	}
	while (pos < text->length) {
		fuzz_check(fuzz_blank_at(text, pos, &n), "non-blank byte %zu (0x%02x) after the last unit",
			   pos, (unsigned char)text->bytes[pos]);
		pos += n;
	}
}

/* tokens.h: ids interned, spans inside the unit, equal sequences hash equal. */
static inline void
fuzz_check_tokens(const struct comparison *cmp, int s)
{
	const struct side *side = &cmp->side[s];
	size_t u, t, table_size = tokens_table_size(cmp->table);

	for (u = 0; u < side->units.count; u++) {
		const struct unit *unit = &side->units.unit[u];
		const struct token_list *list = &side->tokens[u];

		for (t = 0; t < list->count; t++) {
			const struct token *tok = &list->token[t];

			fuzz_check(tok->id < table_size, "side %d unit %zu token %zu id %u", s, u, t,
				   (unsigned)tok->id);
			fuzz_check(tok->offset >= unit->offset &&
				   tok->offset + tok->length <= unit->offset + unit->length,
				   "side %d unit %zu token %zu outside its unit", s, u, t);
			fuzz_check(t == 0 || tok->offset >= list->token[t - 1].offset,
				   "side %d unit %zu tokens out of order", s, u);
			fuzz_check(tokens_table_df(cmp->table, tok->id, s) >= 1,
				   "side %d token %u has no document frequency", s, (unsigned)tok->id);
		}
	}
}

static inline int
fuzz_same_ids(const struct token_list *a, const struct token_list *b)
{
	size_t t;

	if (a->count != b->count)
		return 0;
	for (t = 0; t < a->count; t++)
		if (a->token[t].id != b->token[t].id)
			return 0;
	return 1;
}

/* The id of token k of the units [first, first + count) joined. */
static inline uint32_t
fuzz_joined_id(const struct side *side, size_t first, size_t count, size_t k)
{
	size_t u;

	for (u = first; u < first + count; u++) {
		if (k < side->tokens[u].count)
			return side->tokens[u].token[k].id;
		k -= side->tokens[u].count;
	}
	abort();
}

/* worddiff.h: edits cover both joined sequences in order; equal runs are equal. */
static inline void
fuzz_check_words(const struct comparison *cmp, const struct align_entry *e, size_t index)
{
	size_t joined[2] = { 0, 0 }, next[2] = { 0, 0 }, u, k, w;
	size_t first[2] = { e->left_first, e->right_first };
	size_t count[2] = { e->left_count, e->right_count };
	int s;

	for (s = 0; s < 2; s++)
		for (u = first[s]; u < first[s] + count[s]; u++)
			joined[s] += cmp->side[s].tokens[u].count;
	for (w = 0; w < e->words.count; w++) {
		const struct word_edit *edit = &e->words.edit[w];

		fuzz_check(edit->op == WORD_EQUAL || edit->op == WORD_DELETE || edit->op == WORD_INSERT,
			   "entry %zu edit %zu op %d", index, w, (int)edit->op);
		for (s = 0; s < 2; s++) {
			int has = edit->op == WORD_EQUAL || edit->op == (s == 0 ? WORD_DELETE : WORD_INSERT);

			if (!has) {
				fuzz_check(edit->token_count[s] == 0 && edit->span[s].length == 0,
					   "entry %zu edit %zu has side %d", index, w, s);
				continue;
			}
			fuzz_check(edit->token_count[s] > 0, "entry %zu edit %zu empty on side %d",
				   index, w, s);
			fuzz_check(edit->token_first[s] == next[s],
				   "entry %zu edit %zu starts at token %zu of side %d, expected %zu",
				   index, w, edit->token_first[s], s, next[s]);
			fuzz_check(edit->span[s].offset + edit->span[s].length <= cmp->side[s].text->length,
				   "entry %zu edit %zu span outside side %d", index, w, s);
			next[s] += edit->token_count[s];
			fuzz_check(next[s] <= joined[s], "entry %zu edit %zu past the end of side %d",
				   index, w, s);
		}
		if (edit->op == WORD_EQUAL) {
			fuzz_check(edit->token_count[0] == edit->token_count[1],
				   "entry %zu equal edit %zu of unequal lengths", index, w);
			for (k = 0; k < edit->token_count[0]; k++)
				fuzz_check(fuzz_joined_id(&cmp->side[0], e->left_first, e->left_count,
							  edit->token_first[0] + k) ==
					   fuzz_joined_id(&cmp->side[1], e->right_first, e->right_count,
							  edit->token_first[1] + k),
					   "entry %zu equal edit %zu pairs different words", index, w);
		}
	}
	if (e->words.count > 0)
		for (s = 0; s < 2; s++)
			fuzz_check(next[s] == joined[s], "entry %zu words cover %zu of %zu tokens of side %d",
				   index, next[s], joined[s], s);
}

static inline int
fuzz_unit_in_range(double x)
{
	return !isnan(x) && x >= 0.0 && x <= 1.0;
}

/* align.h invariants; same_text: both sides were given the same bytes. */
static inline void
fuzz_check_comparison(const struct comparison *cmp, int same_text)
{
	size_t count[2] = { cmp->side[0].units.count, cmp->side[1].units.count };
	unsigned char *seen[2];
	size_t next_left = 0, next_right = 0, i, u;
	int s, all_equal = 1;

	for (s = 0; s < 2; s++) {
		fuzz_check_units(cmp->side[s].text, &cmp->side[s].units);
		fuzz_check_tokens(cmp, s);
		seen[s] = calloc(count[s] + 1, 1);
		if (seen[s] == NULL)
			abort();
	}
	for (i = 0; i < cmp->entry_count; i++) {
		const struct align_entry *e = &cmp->entry[i];

		fuzz_check(e->op >= ALIGN_EQUAL && e->op < ALIGN_OP_COUNT, "entry %zu op %d", i,
			   (int)e->op);
		fuzz_check(e->left_first + e->left_count <= count[0] &&
			   e->right_first + e->right_count <= count[1],
			   "entry %zu [%zu+%zu | %zu+%zu] outside %zu | %zu units", i, e->left_first,
			   e->left_count, e->right_first, e->right_count, count[0], count[1]);
		fuzz_check(fuzz_unit_in_range(e->score), "entry %zu score %g", i, e->score);
		switch (e->op) {
		case ALIGN_EQUAL:
			fuzz_check(e->left_count == 1 && e->right_count == 1, "entry %zu equal %zu:%zu",
				   i, e->left_count, e->right_count);
			fuzz_check(fuzz_same_ids(&cmp->side[0].tokens[e->left_first],
						 &cmp->side[1].tokens[e->right_first]),
				   "entry %zu equal but the tokens differ", i);
			break;
		case ALIGN_CHANGE:
		case ALIGN_MOVE:
			fuzz_check(e->left_count >= 1 && e->left_count <= 3 &&
				   e->right_count >= 1 && e->right_count <= 3,
				   "entry %zu %s %zu:%zu", i, align_op_name(e->op), e->left_count,
				   e->right_count);
			fuzz_check_words(cmp, e, i);
			break;
		case ALIGN_DELETE:
			fuzz_check(e->left_count >= 1 && e->right_count == 0, "entry %zu delete %zu:%zu",
				   i, e->left_count, e->right_count);
			break;
		case ALIGN_INSERT:
			fuzz_check(e->left_count == 0 && e->right_count >= 1, "entry %zu insert %zu:%zu",
				   i, e->left_count, e->right_count);
			break;
		default:
			break;
		}
		if (e->op != ALIGN_EQUAL)
			all_equal = 0;
		for (u = e->left_first; u < e->left_first + e->left_count; u++) {
			fuzz_check(!seen[0][u], "left unit %zu in two entries (second: %zu)", u, i);
			seen[0][u] = 1;
		}
		for (u = e->right_first; u < e->right_first + e->right_count; u++) {
			fuzz_check(!seen[1][u], "right unit %zu in two entries (second: %zu)", u, i);
			seen[1][u] = 1;
		}
		/* Reading order: the right article in full, the left one leaving out
		   the moves (their left units stand where they were). */
		if (e->right_count > 0) {
			fuzz_check(e->right_first == next_right,
				   "entry %zu starts at right unit %zu, expected %zu", i, e->right_first,
				   next_right);
			next_right = e->right_first + e->right_count;
		}
		if (e->op != ALIGN_MOVE && e->left_count > 0) {
			fuzz_check(e->left_first >= next_left,
				   "entry %zu starts at left unit %zu, after %zu", i, e->left_first,
				   next_left);
			next_left = e->left_first + e->left_count;
		}
	}
	for (s = 0; s < 2; s++) {
		for (u = 0; u < count[s]; u++)
			fuzz_check(seen[s][u], "%s unit %zu in no entry", s == 0 ? "left" : "right", u);
		free(seen[s]);
	}
	fuzz_check(align_identical(cmp) == all_equal, "align_identical says %d",
		   align_identical(cmp));
	if (same_text)
		fuzz_check(all_equal, "the same text against itself has differences");
	fuzz_check(fuzz_unit_in_range(cmp->summary.reused) &&
		   fuzz_unit_in_range(cmp->summary.right_verbatim) &&
		   fuzz_unit_in_range(cmp->summary.right_paraphrased) &&
		   fuzz_unit_in_range(cmp->summary.right_new) &&
		   fuzz_unit_in_range(cmp->summary.left_used) &&
		   fuzz_unit_in_range(cmp->summary.similarity), "a summary share outside [0,1]");
}

/* A copy of the alignment, to prove that aligning again gives the same. */
struct fuzz_snapshot {
	struct align_entry *entry;
	size_t *word_count;
	size_t entry_count;
};

static inline void
fuzz_snapshot_take(const struct comparison *cmp, struct fuzz_snapshot *snap)
{
	size_t i;

	snap->entry_count = cmp->entry_count;
	snap->entry = calloc(cmp->entry_count + 1, sizeof(*snap->entry));
	snap->word_count = calloc(cmp->entry_count + 1, sizeof(*snap->word_count));
	if (snap->entry == NULL || snap->word_count == NULL)
		abort();
	for (i = 0; i < cmp->entry_count; i++) {
		snap->entry[i] = cmp->entry[i];
		snap->entry[i].words.edit = NULL;
		snap->word_count[i] = cmp->entry[i].words.count;
	}
}

static inline void
fuzz_snapshot_check(const struct comparison *cmp, struct fuzz_snapshot *snap)
{
	size_t i;

	fuzz_check(cmp->entry_count == snap->entry_count, "realigning gives %zu entries, not %zu",
		   cmp->entry_count, snap->entry_count);
	for (i = 0; i < cmp->entry_count; i++) {
		const struct align_entry *a = &cmp->entry[i], *b = &snap->entry[i];

		fuzz_check(a->op == b->op && a->left_first == b->left_first &&
			   a->left_count == b->left_count && a->right_first == b->right_first &&
			   a->right_count == b->right_count && a->score == b->score &&
			   a->flags == b->flags && a->words.count == snap->word_count[i],
			   "realigning changes entry %zu", i);
	}
	free(snap->entry);
	free(snap->word_count);
}

/*
 * What a renderer prints from a piece must never be a terminal control:
 * no C0 byte, no DEL, no C1 character (U+0080..U+009F, an 8-bit CSI among
 * them), no bidi override, embedding, isolate or mark.  With ascii, only
 * ASCII.
 */
static inline void
fuzz_check_display_text(const char *s, size_t length, int ascii, size_t piece)
{
	size_t i = 0;

	fuzz_check(u8_check((const uint8_t *)s, length) == NULL, "piece %zu is not valid UTF-8",
		   piece);
	while (i < length) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, (const uint8_t *)s + i, length - i);

		fuzz_check(uc >= 0x20 && uc != 0x7f && !(uc >= 0x80 && uc <= 0x9f),
			   "piece %zu holds control character U+%04X", piece, (unsigned)uc);
		fuzz_check(!(uc >= 0x202a && uc <= 0x202e) && !(uc >= 0x2066 && uc <= 0x2069) &&
			   uc != 0x200e && uc != 0x200f && uc != 0x061c,
			   "piece %zu holds bidi control U+%04X", piece, (unsigned)uc);
		fuzz_check(!ascii || uc < 0x80, "piece %zu holds U+%04X in ASCII mode", piece,
			   (unsigned)uc);
		i += (size_t)n;
	}
}

/*
 * How far a terminal advances over s: the sum of the characters' widths
 * (wcwidth), combining marks and joiners zero, wide characters two.
 */
static inline unsigned
fuzz_terminal_width(const char *s, size_t length)
{
	size_t i = 0;
	unsigned cells = 0;

	while (i < length) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, (const uint8_t *)s + i, length - i);
		int w = uc_width(uc, "UTF-8");

		cells += w > 0 ? (unsigned)w : 0;
		i += n > 0 ? (size_t)n : 1;
	}
	return cells;
}

/* An empty piece, or one whose first character takes no cell. */
static inline int
fuzz_starts_zero_width(const struct layout *layout, const struct layout_piece *piece)
{
	ucs4_t uc;

	if (piece->length == 0)
		return 0;
	u8_mbtouc(&uc, (const uint8_t *)layout->chars + piece->text, piece->length);
	return uc_width(uc, "UTF-8") == 0;
}

/* layout.h invariants for one layout of cmp. */
static inline void
fuzz_check_layout(const struct comparison *cmp, const struct layout_options *options,
		  const struct layout *layout)
{
	unsigned char *shown[2];
	size_t r, p, i, differences = 0;
	int s;

	fuzz_check(layout->entry_count == cmp->entry_count, "layout has %zu entries, cmp %zu",
		   layout->entry_count, cmp->entry_count);
	for (s = 0; s < 2; s++) {
		shown[s] = calloc(cmp->side[s].units.count + 1, 1);
		if (shown[s] == NULL)
			abort();
	}
	for (p = 0; p < layout->piece_count; p++) {
		const struct layout_piece *piece = &layout->piece[p];

		fuzz_check(piece->text + piece->length <= layout->chars_length,
			   "piece %zu outside chars", p);
		fuzz_check(piece->style < LAYOUT_STYLE_COUNT, "piece %zu style %d", p,
			   (int)piece->style);
		fuzz_check_display_text(layout->chars + piece->text, piece->length, options->ascii, p);
		fuzz_check(piece->cells == fuzz_terminal_width(layout->chars + piece->text,
							       piece->length),
			   "piece %zu claims %u cells, a terminal advances %u", p, piece->cells,
			   fuzz_terminal_width(layout->chars + piece->text, piece->length));
	}
	for (r = 0; r < layout->row_count; r++) {
		const struct layout_row *row = &layout->row[r];

		fuzz_check(row->entry == (size_t)-1 || row->entry < cmp->entry_count,
			   "row %zu entry %zu", r, row->entry);
		for (s = 0; s < 2; s++) {
			const struct layout_half *half = &row->half[s];
			unsigned cells = 0;

			fuzz_check(half->first_piece + half->piece_count <= layout->piece_count,
				   "row %zu half %d pieces outside the list", r, s);
			for (p = half->first_piece; p < half->first_piece + half->piece_count; p++)
				cells += layout->piece[p].cells;
			if (half->piece_count > 0)
				fuzz_check(!fuzz_starts_zero_width(layout, &layout->piece[half->first_piece]),
					   "row %zu half %d starts with a character of no width, which "
					   "would combine with what is drawn before it", r, s);
			fuzz_check(cells == half->cells, "row %zu half %d claims %u cells, has %u", r, s,
				   half->cells, cells);
			/* The one exception layout.h allows: a wide character
			   (or its ASCII fallback "??") in a pane of one cell. */
			fuzz_check(half->cells <= options->pane_width ||
				   (options->pane_width == 1 && half->cells == 2),
				   "row %zu half %d is %u cells wide in a pane of %u", r, s, half->cells,
				   options->pane_width);
			fuzz_check(half->unit == (size_t)-1 || half->unit < cmp->side[s].units.count,
				   "row %zu half %d unit %zu", r, s, half->unit);
			fuzz_check(!half->filler || half->piece_count == 0 ||
				   (row->flags & (LAYOUT_ROW_FOLD | LAYOUT_ROW_GAP)),
				   "row %zu half %d filler with text", r, s);
			if (half->unit != (size_t)-1)
				shown[s][half->unit] = 1;
		}
	}
	for (i = 0; i < cmp->entry_count; i++)
		if (cmp->entry[i].op != ALIGN_EQUAL)
			differences++;
	fuzz_check(layout->diff_count == differences, "%zu differences laid out, %zu entries differ",
		   layout->diff_count, differences);
	for (i = 0; i < layout->diff_count; i++) {
		fuzz_check(layout->diff_row[i] < layout->row_count, "difference %zu at row %zu of %zu",
			   i, layout->diff_row[i], layout->row_count);
		fuzz_check(i == 0 || layout->diff_row[i] >= layout->diff_row[i - 1],
			   "differences out of row order at %zu", i);
		fuzz_check(layout->diff_entry[i] < cmp->entry_count &&
			   cmp->entry[layout->diff_entry[i]].op != ALIGN_EQUAL,
			   "difference %zu names entry %zu", i, layout->diff_entry[i]);
	}
	for (i = 0; i < layout->entry_count; i++) {
		fuzz_check(layout->row_count == 0 || layout->entry_row[i] < layout->row_count,
			   "entry %zu at row %zu of %zu", i, layout->entry_row[i], layout->row_count);
		fuzz_check(cmp->entry[i].op == ALIGN_MOVE ? layout->moved_away_row[i] < layout->row_count
			   : layout->moved_away_row[i] == (size_t)-1,
			   "entry %zu moved-away row %zu", i, layout->moved_away_row[i]);
	}
	/* Nothing is lost: without folding every unit shows up in some row. */
	if (!options->fold)
		for (s = 0; s < 2; s++)
			for (i = 0; i < cmp->side[s].units.count; i++)
				fuzz_check(shown[s][i], "%s unit %zu is in no row",
					   s == 0 ? "left" : "right", i);
	for (s = 0; s < 2; s++)
		free(shown[s]);
}

#endif
