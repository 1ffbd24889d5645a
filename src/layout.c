/*
 * layout: a comparison and a pane width -> rows (see layout.h for the
 * model and the choices the front ends rely on).
 *
 * Idea.  Each unit is first turned into "atoms": one per character, holding
 * the text to display (the character itself, a visible stand-in for a
 * control or format character, an ASCII fallback, or a space for a line
 * end), its width in cells (uniwidth), its style, whether it is whitespace,
 * whether a line may break before it (UAX #14 through unilbrk) and whether
 * it starts a grapheme cluster (UAX #29 through unigbrk).  A greedy filler
 * then places words (runs of atoms between break opportunities) on lines of
 * pane_width cells, drops whitespace at the wrap points, and breaks a word
 * wider than the pane between grapheme clusters.  The two sides of an entry
 * are laid out into lines separately and zipped into rows, padding the
 * shorter with filler, so both halves start on the same row.
 *
 * Blocks.  What comes where (entries, moved-away blocks, fold rows) and
 * where the gap rows go is decided first, without a width, into a plan
 * (layout_plan_build()); then each block is laid out on its own
 * (layout_plan_rows()).  Nothing a block's rows hold depends on another
 * block's rows, so a viewer lays out only the blocks it shows, and
 * layout_build() is the plan with every block laid out in order.
 *
 * Source: the greedy fill is the classic first-fit of fmt(1) and of
 * libunistring's own u8_width_linebreaks; break opportunities and widths are
 * libunistring's; stand-ins follow cat -v (^[) and less (<U+202E>).
 *
 * Invariants: every non-whitespace character of every unit is shown exactly
 * once in the rows of its entry (a moved unit also once more where it was);
 * no piece holds a byte below 0x20, DEL, a C1 control or a bidi/format
 * character; a row is at most pane_width cells unless it holds a single
 * character wider than the pane (a wide one in a pane of one cell); a
 * cluster wider than the pane is broken between characters, never before
 * one of no width; diff_row is increasing.
 *
 * Cost: the plan is O(entries) (moves are sorted: O(m log m) for m
 * moves); a block is linear in the bytes of its units; layout_build() is
 * linear in the bytes of both texts plus the number of entries.  Scratch
 * buffers live in the plan and are reused across units and blocks.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "layout.h"
#include "util.h"

#define NONE ((size_t)-1)
#define TAB_STOP 8

enum atom_kind {
	ATOM_TEXT,
	ATOM_SPACE,		/* a space: one cell */
	ATOM_NEWLINE,		/* a line end inside the unit, shown as a space */
	ATOM_TAB		/* expanded when placed */
};

struct atom {
	size_t disp;		/* offset into builder->disp */
	unsigned length;	/* display bytes */
	unsigned cells;
	unsigned char style;
	unsigned char kind;
	unsigned char brk;	/* a line may break before this atom */
	unsigned char cluster;	/* this atom starts a grapheme cluster */
	unsigned char run;	/* printable ASCII, one cluster per byte: may be split */
};

/* One line of one side while an entry is being laid out. */
struct line {
	size_t first_piece, piece_count;
	unsigned cells;
	size_t unit;
};

struct builder {
	const struct comparison *cmp;
	const struct layout_options *options;
	unsigned width;
	struct layout *out;

	/* scratch, reused unit after unit */
	struct atom *atom;
	size_t atom_count, atom_cap;
	char *disp;
	size_t disp_length, disp_cap;
	char *brk;
	size_t brk_cap;
	unsigned char *style;
	size_t style_cap;
	struct line *line[2];
	size_t line_count[2], line_cap[2];
};

/* The builder a plan keeps between calls of layout_plan_rows(). */
struct layout_scratch {
	struct builder b;
};

/* ---- growable arrays ---- */

static void
grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t cap_new;

	if (need <= *cap)
		return;
	cap_new = *cap ? *cap : 16;
	while (cap_new < need)
		cap_new *= 2;
	*array = xreallocarray(*array, cap_new, size);
	*cap = cap_new;
}

static void
chars_append(struct builder *b, const char *s, size_t length)
{
	struct layout *out = b->out;

	grow((void **)&out->chars, &out->chars_cap, out->chars_length + length + 1, 1);
	memcpy(out->chars + out->chars_length, s, length);
	out->chars_length += length;
	out->chars[out->chars_length] = '\0';
}

static void
disp_append(struct builder *b, const char *s, size_t length)
{
	grow((void **)&b->disp, &b->disp_cap, b->disp_length + length, 1);
	memcpy(b->disp + b->disp_length, s, length);
	b->disp_length += length;
}

/* ---- characters -> display text ---- */

/* The terminal's idea of a character's width, when a front end gave one. */
static int (*char_width_hook)(uint32_t uc);

void
layout_set_char_width(int (*width)(uint32_t uc))
{
	char_width_hook = width;
}

static int
char_width(ucs4_t uc)
{
	return char_width_hook != NULL ? char_width_hook(uc) : uc_width(uc, "UTF-8");
}

/*
 * Characters that must never reach a terminal as themselves: C0 and C1
 * controls, DEL, and format characters (bidi embeddings, overrides and
 * isolates, marks, zero-width spaces, BOM...).  ZWJ and ZWNJ stay: they are
 * invisible, harmless, and emoji sequences and several scripts need them.
 */
static int
needs_stand_in(ucs4_t uc)
{
	if (uc < 0x20 || uc == 0x7f || (uc >= 0x80 && uc < 0xa0))
		return 1;
	if (uc < 0xa0)
		return 0;
	if (uc == 0x200c || uc == 0x200d)
		return 0;
	return uc_is_general_category(uc, UC_CATEGORY_Cf) ||
		uc_is_general_category(uc, UC_CATEGORY_Cs) ||
		char_width(uc) < 0;
}

/* Write the stand-in for uc into buf (at least 16 bytes); returns its length. */
static int
stand_in(ucs4_t uc, char *buf)
{
	if (uc < 0x20)
		return snprintf(buf, 16, "^%c", (int)(uc + 0x40));
	if (uc == 0x7f)
		return snprintf(buf, 16, "^?");
	return snprintf(buf, 16, "<U+%04X>", (unsigned)uc);
}

/*
 * The ASCII fallback of a printable non-ASCII character, into buf (at least
 * 8 bytes): typographic punctuation by its plain form, letters through their
 * compatibility decomposition without accents ("é" -> "e", "ﬁ" -> "fi"),
 * anything else "?".
 */
static int
ascii_fallback(ucs4_t uc, char *buf)
{
	uint32_t decomposed[UC_DECOMPOSITION_MAX_LENGTH * 2];
	size_t count = ARRAY_SIZE(decomposed), i;
	int length = 0;

	switch (uc) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x2039: case 0x203a:
		buf[0] = '\'';
		return 1;
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0x00ab: case 0x00bb:
		buf[0] = '"';
		return 1;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212: case 0x2e3a: case 0x2e3b: case 0x00ad:
		buf[0] = '-';
		return 1;
	case 0x2026:
		memcpy(buf, "...", 3);
		return 3;
	case 0x2022: case 0x2023: case 0x25cf:
		buf[0] = '*';
		return 1;
	case 0x00b7:
		buf[0] = '.';
		return 1;
	}
	if (uc_is_general_category(uc, UC_CATEGORY_Zs)) {
		buf[0] = ' ';
		return 1;
	}
	if (u32_normalize(UNINORM_NFKD, &uc, 1, decomposed, &count) == decomposed) {
		for (i = 0; i < count && length < 7; i++) {
			if (decomposed[i] >= 0x20 && decomposed[i] < 0x7f)
				buf[length++] = (char)decomposed[i];
			else if (uc_width(decomposed[i], "UTF-8") != 0)
				break;
		}
		if (i == count && length > 0)
			return length;
	}
	buf[0] = '?';
	return 1;
}

static void
atom_push(struct builder *b, const char *s, size_t length, unsigned cells,
	  enum layout_style style, enum atom_kind kind, int brk, int cluster)
{
	struct atom *a;

	grow((void **)&b->atom, &b->atom_cap, b->atom_count + 1, sizeof(*b->atom));
	a = &b->atom[b->atom_count++];
	a->disp = b->disp_length;
	a->length = (unsigned)length;
	a->cells = cells;
	a->style = (unsigned char)style;
	a->kind = (unsigned char)kind;
	a->brk = (unsigned char)brk;
	a->cluster = (unsigned char)cluster;
	a->run = 0;
	disp_append(b, s, length);
}

/*
 * An ASCII stand-in or fallback: one atom per character, each a cluster of
 * its own, so that a narrow pane can break "<U+202E>" rather than overflow
 * (it is our text, not the article's: breaking it cuts nothing).
 */
static void
atom_push_ascii(struct builder *b, const char *s, int length, enum layout_style style,
		int brk, int cluster)
{
	int i;

	for (i = 0; i < length; i++)
		atom_push(b, s + i, 1, 1, style, ATOM_TEXT, i == 0 && brk, i > 0 || cluster);
}

static int
is_word_style(unsigned char style)
{
	return style == LAYOUT_DELETED_WORD || style == LAYOUT_INSERTED_WORD;
}

/*
 * Close a changed-word span ending at byte at, open one starting there:
 * "[-" "-]" around deleted words, "{+" "+}" around inserted ones (wdiff's
 * convention), so that changed words read without colour.  The opening
 * mark takes the break opportunity of the word; *glued gets the index of
 * the atom that must then lose its own.
 */
static void
word_marks(struct builder *b, size_t n, size_t at, const unsigned char *style,
	   const char *brk, size_t *glued)
{
	if (at > 0 && is_word_style(style[at - 1]) && (at == n || style[at] != style[at - 1]))
		atom_push_ascii(b, style[at - 1] == LAYOUT_DELETED_WORD ? "-]" : "+}", 2,
				(enum layout_style)style[at - 1], 0, 1);
	if (at < n && is_word_style(style[at]) && (at == 0 || style[at - 1] != style[at])) {
		atom_push_ascii(b, style[at] == LAYOUT_DELETED_WORD ? "[-" : "{+", 2,
				(enum layout_style)style[at],
				brk != NULL && brk[at] == UC_BREAK_POSSIBLE, 1);
		*glued = b->atom_count;
	}
}

/*
 * Turn s[0 .. n) into atoms.  style[i] is the style of byte i (NULL: all
 * LAYOUT_SAME); brk[i] the unilbrk result (NULL: no break opportunities but
 * whitespace).
 */
static void
atomize(struct builder *b, const char *s, size_t n, const unsigned char *style,
	const char *brk, int ascii, int marks)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	char buf[32];
	size_t glued = (size_t)-1;
	ucs4_t previous = 0;	/* the character before, as displayed */

	b->atom_count = 0;
	b->disp_length = 0;
	for (;;) {
		const uint8_t *cluster_end;
		int first = 1, blank_base = 0, stood_in = 0;

		if (glued < b->atom_count) {
			/* The word after an opening mark stays with it. */
			b->atom[glued].brk = 0;
			glued = (size_t)-1;
		}
		if (marks && style != NULL)
			word_marks(b, n, (size_t)(p - (const uint8_t *)s), style, brk, &glued);
		if (p >= end)
			break;

		/*
		 * Fast path, most of any Latin text: a run of printable ASCII
		 * without spaces, break opportunities or style changes inside,
		 * each byte its own cluster (the next byte is ASCII too, so no
		 * combining mark follows), is one atom.
		 */
		if (*p > 0x20 && *p < 0x7f && (p + 1 == end || p[1] < 0x80)) {
			size_t at = (size_t)(p - (const uint8_t *)s);
			const uint8_t *q = p + 1;
			unsigned char st = style ? style[at] : LAYOUT_SAME;

			while (q < end && *q > 0x20 && *q < 0x7f && (q + 1 == end || q[1] < 0x80) &&
			       (style == NULL || style[q - (const uint8_t *)s] == st) &&
			       (brk == NULL || brk[q - (const uint8_t *)s] != UC_BREAK_POSSIBLE))
				q++;
			atom_push(b, (const char *)p, (size_t)(q - p), (unsigned)(q - p),
				  (enum layout_style)st, ATOM_TEXT,
				  brk != NULL && brk[at] == UC_BREAK_POSSIBLE, 1);
			b->atom[b->atom_count - 1].run = 1;
			previous = q[-1];
			p = q;
			continue;
		}
		if (*p >= 0x20 && *p < 0x7f && (p + 1 == end || p[1] < 0x80))
			cluster_end = p + 1;
		else {
			cluster_end = u8_grapheme_next(p, end);
			if (cluster_end == NULL || cluster_end <= p)
				cluster_end = p + 1;
		}
		while (p < cluster_end) {
			size_t at = (size_t)(p - (const uint8_t *)s);
			enum layout_style st = style ? (enum layout_style)style[at] : LAYOUT_SAME;
			int can_break = brk != NULL && first && brk[at] == UC_BREAK_POSSIBLE;
			ucs4_t uc;
			int length, width;

			if (*p < 0x80) {
				uc = *p;
				length = 1;
			} else {
				length = u8_mbtouc(&uc, p, (size_t)(cluster_end - p));
				if (length <= 0)
					length = 1;
			}
			if (uc == ' ') {
				atom_push(b, " ", 1, 1, st, ATOM_SPACE, can_break, first);
				blank_base = 1;
			} else if (uc == '\t') {
				atom_push(b, "", 0, 0, st, ATOM_TAB, can_break, first);
				blank_base = 1;
			} else if (uc == '\n' || uc == '\r' || uc == 0x2028 || uc == 0x2029) {
				/* A line end inside a unit is a soft wrap of the source. */
				atom_push(b, " ", 1, 1, st, ATOM_NEWLINE, can_break, first);
				blank_base = 1;
			} else if (uc < 0x7f && uc >= 0x20) {
				atom_push(b, (const char *)p, 1, 1, st, ATOM_TEXT, can_break, first);
			} else if (uc == 0xfffd && length == 1 && *p >= 0x80) {
				/* Invalid UTF-8 (text.c refuses it; never trust that here). */
				length = snprintf(buf, sizeof(buf), "<%02X>", *p);
				atom_push_ascii(b, buf, length, LAYOUT_CONTROL, can_break, first);
				length = 1;
			} else if (needs_stand_in(uc) &&
				   !(!first && uc >= 0xe0020 && uc <= 0xe007f)) {
				/* Tag characters inside a cluster spell emoji flags: keep. */
				atom_push_ascii(b, buf, stand_in(uc, buf), LAYOUT_CONTROL, can_break,
						first);
				/* A stand-in is a cluster of its own: what the character
				   held in its cluster (a prepended mark such as U+06DD
				   holds the next letter) starts a new one, so that a
				   narrow pane can break after the stand-in. */
				stood_in = 1;
			} else if (ascii) {
				width = uc_width(uc, "UTF-8");
				if (!first && width == 0)
					;	/* combining marks, joiners: the base stands for them */
				else {
					atom_push_ascii(b, buf, ascii_fallback(uc, buf), st, can_break,
							first);
				}
			} else {
				width = char_width(uc);
				if (width < 0)
					width = 0;
				/* After a dotted circle (ours or the text's) the mark
				   has its base: measuring a piece again must find the
				   same cells. */
				if ((first || blank_base) && width == 0 && uc >= 0x300 &&
				    previous != 0x25cc) {
					/* A mark with no base would combine with whatever the
					   front end drew before it: give it the dotted circle
					   that Unicode uses to show a lone mark.  A blank
					   base is no base: the wrap may drop it, and a line
					   may break before the mark (UAX #14 LB10). */
					if (blank_base)
						can_break = brk != NULL && brk[at] == UC_BREAK_POSSIBLE;
					atom_push(b, "\xe2\x97\x8c", 3, 1, st, ATOM_TEXT, can_break, 1);
					previous = 0x25cc;
					blank_base = 0;
					first = 0;
					can_break = 0;
				} else if (first && width == 0 && uc >= 0x300) {
					/* Keep it with its dotted circle across wraps. */
					first = 0;
					can_break = 0;
				}
				atom_push(b, (const char *)p, (size_t)length, (unsigned)width, st,
					  ATOM_TEXT, can_break, first);
			}
			previous = uc;
			p += length;
			first = stood_in;
			stood_in = 0;
		}
	}
}

/* ---- line-break opportunities ---- */

/*
 * UAX #14 for printable ASCII, tab and line ends: the classes of the bytes
 * and the rules that apply to them (LB4-LB31 without the classes ASCII has
 * not).  Most article text is ASCII and libunistring's general algorithm
 * was 40% of the layout time; tests check this path against it.
 */
enum lb_class {
	LB_AL, LB_NU, LB_SP, LB_BA, LB_HY, LB_IS, LB_EX, LB_QU, LB_OP, LB_CP, LB_CL,
	LB_SY, LB_PR, LB_PO, LB_BK
};

static enum lb_class
lb_class_of(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return LB_NU;
	switch (c) {
	case ' ': return LB_SP;
	case '\t': case '|': return LB_BA;
	case '\n': case '\r': return LB_BK;
	case '-': return LB_HY;
	case ',': case '.': case ':': case ';': return LB_IS;
	case '!': case '?': return LB_EX;
	case '"': case '\'': return LB_QU;
	case '(': case '[': case '{': return LB_OP;
	case ')': case ']': return LB_CP;
	case '}': return LB_CL;
	case '/': return LB_SY;
	case '$': case '+': case '\\': return LB_PR;
	case '%': return LB_PO;
	default: return LB_AL;
	}
}

/* May a line break between a and b (no space between them)? */
static int
lb_direct(enum lb_class a, enum lb_class b)
{
	switch (b) {
	case LB_CL: case LB_CP: case LB_EX: case LB_IS: case LB_SY:	/* LB13 */
	case LB_QU:							/* LB19 */
	case LB_BA: case LB_HY:						/* LB21 */
		return 0;
	default:
		break;
	}
	switch (a) {
	case LB_OP: case LB_QU:						/* LB14, LB19 */
		return 0;
	case LB_AL:	/* LB23, LB24, LB28, LB30 */
		return !(b == LB_NU || b == LB_PR || b == LB_PO || b == LB_AL || b == LB_OP);
	case LB_NU:	/* LB23, LB25, LB30 */
		return !(b == LB_AL || b == LB_PO || b == LB_PR || b == LB_NU || b == LB_OP);
	case LB_PR: case LB_PO:	/* LB24, LB25 */
		return !(b == LB_AL || b == LB_OP || b == LB_NU);
	case LB_CL:	/* LB25 */
		return !(b == LB_PO || b == LB_PR);
	case LB_CP:	/* LB25, LB30 */
		return !(b == LB_PO || b == LB_PR || b == LB_AL || b == LB_NU);
	case LB_HY: case LB_IS: case LB_SY:	/* LB25; libunistring 1.0 has no LB29 */
		return b != LB_NU;
	default:
		return 1;
	}
}

#define LB_CLASS_COUNT (LB_BK + 1)
#define LB_NOT_ASCII 0xff

/* The class of each byte (LB_NOT_ASCII: take libunistring's path) and the
   answer of lb_direct() for each pair, computed once. */
static unsigned char lb_class_table[256];
static unsigned char lb_direct_table[LB_CLASS_COUNT][LB_CLASS_COUNT];
static int lb_tables_ready;

static void
lb_tables(void)
{
	unsigned i, j;

	for (i = 0; i < 256; i++)
		lb_class_table[i] = (i >= 0x20 && i < 0x7f) || i == '\t' || i == '\n' || i == '\r' ?
			(unsigned char)lb_class_of((unsigned char)i) : LB_NOT_ASCII;
	for (i = 0; i < LB_CLASS_COUNT; i++)
		for (j = 0; j < LB_CLASS_COUNT; j++)
			lb_direct_table[i][j] = (unsigned char)lb_direct(i, j);
	lb_tables_ready = 1;
}

/*
 * Fill brk[0 .. n) like u8_possible_linebreaks(); returns 0 (brk untouched)
 * when s holds a byte outside the ASCII this path knows.
 */
static int
lb_ascii(const char *s, size_t n, char *brk)
{
	enum lb_class before = LB_BK, c;
	int spaces = 0, line_start = 1;
	size_t i;

	if (!lb_tables_ready)
		lb_tables();
	for (i = 0; i < n; i++)
		if (lb_class_table[(unsigned char)s[i]] == LB_NOT_ASCII)
			return 0;
	for (i = 0; i < n; i++) {
		c = lb_class_table[(unsigned char)s[i]];
		if (line_start || c == LB_SP || c == LB_BK)
			/* No break before the first non-space of a line (LB2 and
			   after a line end), nor before a space (LB6, LB7). */
			brk[i] = UC_BREAK_PROHIBITED;
		else if (spaces)
			/* LB13-LB15 hold across spaces, then LB18 breaks after them. */
			brk[i] = (c == LB_CL || c == LB_CP || c == LB_EX || c == LB_IS ||
				  c == LB_SY || before == LB_OP || (before == LB_QU && c == LB_OP)) ?
				UC_BREAK_PROHIBITED : UC_BREAK_POSSIBLE;
		else
			brk[i] = lb_direct_table[before][c] ? UC_BREAK_POSSIBLE : UC_BREAK_PROHIBITED;
		if (c == LB_BK) {
			brk[i] = UC_BREAK_MANDATORY;
			line_start = 1;
			spaces = 0;
		} else if (c == LB_SP) {
			spaces = 1;
		} else {
			line_start = 0;
			spaces = 0;
			before = c;
		}
	}
	return 1;
}

void
layout_linebreaks(const char *s, size_t n, char *brk)
{
	if (!lb_ascii(s, n, brk))
		u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
}

/* ---- lines ---- */

static struct line *
line_open(struct builder *b, int side, size_t unit)
{
	struct line *ln;

	grow((void **)&b->line[side], &b->line_cap[side], b->line_count[side] + 1,
	     sizeof(*b->line[side]));
	ln = &b->line[side][b->line_count[side]++];
	ln->first_piece = b->out->piece_count;
	ln->piece_count = 0;
	ln->cells = 0;
	ln->unit = unit;
	return ln;
}

static void
put(struct builder *b, struct line *ln, const char *s, size_t length, unsigned cells,
    enum layout_style style)
{
	struct layout *out = b->out;
	struct layout_piece *pc;

	if (length == 0)
		return;
	if (ln->piece_count > 0) {
		pc = &out->piece[out->piece_count - 1];
		if (pc->style == style && pc->text + pc->length == out->chars_length) {
			chars_append(b, s, length);
			pc->length += length;
			pc->cells += cells;
			ln->cells += cells;
			return;
		}
	}
	grow((void **)&out->piece, &out->piece_cap, out->piece_count + 1, sizeof(*out->piece));
	pc = &out->piece[out->piece_count++];
	pc->text = out->chars_length;
	pc->length = length;
	pc->cells = cells;
	pc->style = style;
	chars_append(b, s, length);
	ln->piece_count++;
	ln->cells += cells;
}

static void
put_atom(struct builder *b, struct line *ln, const struct atom *a)
{
	put(b, ln, b->disp + a->disp, a->length, a->cells, (enum layout_style)a->style);
}

static void
put_spaces(struct builder *b, struct line *ln, unsigned count, enum layout_style style)
{
	static const char spaces[] = "        ";

	while (count > 0) {
		unsigned n = count < TAB_STOP ? count : TAB_STOP;

		put(b, ln, spaces, n, n, style);
		count -= n;
	}
}

/* Place an ASCII run atom, breaking it between bytes where the line is full. */
static void
put_run(struct builder *b, int side, size_t unit, struct line **line, const struct atom *a)
{
	size_t done = 0;

	while (done < a->length) {
		struct line *ln = *line;
		size_t room = b->width - (ln->cells < b->width ? ln->cells : b->width), take;

		if (room == 0) {
			*line = line_open(b, side, unit);
			continue;
		}
		take = a->length - done < room ? a->length - done : room;
		put(b, ln, b->disp + a->disp + done, take, (unsigned)take, (enum layout_style)a->style);
		done += take;
	}
}

/* The cells whitespace atoms [first, end) take when placed at column col. */
static unsigned
space_cells(const struct atom *atom, size_t first, size_t end, unsigned col)
{
	unsigned start = col;

	for (; first < end; first++)
		col += atom[first].kind == ATOM_TAB ? TAB_STOP - col % TAB_STOP : atom[first].cells;
	return col - start;
}

static void
put_space_run(struct builder *b, struct line *ln, size_t first, size_t end)
{
	for (; first < end; first++) {
		const struct atom *a = &b->atom[first];

		if (a->kind == ATOM_TAB)
			put_spaces(b, ln, TAB_STOP - ln->cells % TAB_STOP, (enum layout_style)a->style);
		else
			put_atom(b, ln, a);
	}
}

/*
 * Place the atoms of one unit on lines of side, greedy first fit.  The
 * whitespace before a word waits until the word is placed: if the word
 * goes to the next line, the whitespace is dropped at the wrap.
 */
static void
fill(struct builder *b, int side, size_t unit)
{
	const struct atom *atom = b->atom;
	size_t count = b->atom_count, i = 0, j, k, space_first = 0, space_end = 0;
	unsigned width = b->width;
	struct line *ln = line_open(b, side, unit);

	while (i < count) {
		unsigned word_cells = 0, spaces;

		if (atom[i].kind != ATOM_TEXT) {
			if (space_end != i)
				space_first = i;
			space_end = ++i;
			continue;
		}
		for (j = i; j < count; j++) {
			size_t m;

			if (atom[j].kind == ATOM_TEXT && (j == i || !atom[j].brk)) {
				word_cells += atom[j].cells;
				continue;
			}
			/*
			 * UAX #14 forbids some breaks even after spaces (before
			 * "!", ")", after "(": "word !"): the spaces then belong
			 * to the word.
			 */
			for (m = j; m < count && atom[m].kind == ATOM_SPACE; m++)
				;
			if (m == j || m == count || atom[m].kind != ATOM_TEXT || atom[m].brk)
				break;
			word_cells += (unsigned)(m - j);
			j = m - 1;
		}
		spaces = space_end == i ? space_cells(atom, space_first, space_end, ln->cells) : 0;
		if (ln->cells + spaces + word_cells <= width) {
			if (spaces > 0)
				put_space_run(b, ln, space_first, space_end);
			for (k = i; k < j; k++)
				put_atom(b, ln, &atom[k]);
			i = j;
			continue;
		}
		if (ln->piece_count > 0)
			ln = line_open(b, side, unit);
		if (word_cells <= width) {
			for (k = i; k < j; k++)
				put_atom(b, ln, &atom[k]);
			i = j;
			continue;
		}
		/* A word wider than the pane: break it between grapheme clusters. */
		for (k = i; k < j;) {
			size_t m = k + 1;
			unsigned cells = atom[k].cells;

			if (atom[k].run) {
				put_run(b, side, unit, &ln, &atom[k]);
				k++;
				continue;
			}
			while (m < j && !atom[m].cluster)
				cells += atom[m++].cells;
			if (cells > width) {
				/*
				 * A cluster wider than the pane (59 conjoining jamo
				 * make one, and so do their ASCII fallbacks): break
				 * it between characters, never before one of no
				 * width, which would lose its base.
				 */
				for (; k < m; k++) {
					if (atom[k].cells > 0 && ln->piece_count > 0 &&
					    ln->cells + atom[k].cells > width)
						ln = line_open(b, side, unit);
					put_atom(b, ln, &atom[k]);
				}
				continue;
			}
			if (ln->piece_count > 0 && ln->cells + cells > width)
				ln = line_open(b, side, unit);
			for (; k < m; k++)
				put_atom(b, ln, &atom[k]);
		}
		i = j;
	}
}

/*
 * Lay out unit index unit of side: base is the style of its bytes, words (or
 * NULL) the word diff whose spans of op word_op get word_style.
 */
static void
lay_unit(struct builder *b, int side, size_t unit, enum layout_style base,
	 const struct word_list *words, enum word_op word_op, enum layout_style word_style)
{
	const struct side *sd = &b->cmp->side[side];
	const struct unit *u = &sd->units.unit[unit];
	const char *s = sd->text->bytes + u->offset;
	size_t n = u->length, i;

	grow((void **)&b->style, &b->style_cap, n + 1, 1);
	memset(b->style, base, n);
	if (words != NULL) {
		for (i = 0; i < words->count; i++) {
			const struct word_edit *edit = &words->edit[i];
			const struct word_span *span = &edit->span[side];
			size_t from, to;

			if (edit->op != word_op || span->length == 0)
				continue;
			from = span->offset > u->offset ? span->offset - u->offset : 0;
			to = span->offset + span->length - u->offset;
			if (span->offset + span->length <= u->offset || from >= n)
				continue;
			if (to > n)
				to = n;
			memset(b->style + from, word_style, to - from);
		}
	}
	grow((void **)&b->brk, &b->brk_cap, n + 1, 1);
	layout_linebreaks(s, n, b->brk);
	atomize(b, s, n, b->style, b->brk, b->options->ascii, b->options->word_marks);
	fill(b, side, unit);
}

/* ---- rows ---- */

static struct layout_row *
row_push(struct builder *b, size_t entry, unsigned flags)
{
	struct layout *out = b->out;
	struct layout_row *row;
	int s;

	grow((void **)&out->row, &out->row_cap, out->row_count + 1, sizeof(*out->row));
	row = &out->row[out->row_count++];
	row->entry = entry;
	row->flags = flags;
	for (s = 0; s < 2; s++) {
		row->half[s].first_piece = out->piece_count;
		row->half[s].piece_count = 0;
		row->half[s].cells = 0;
		row->half[s].marker = LAYOUT_MARK_FILLER;
		row->half[s].filler = 1;
		row->half[s].unit = NONE;
	}
	return row;
}

/* Zip the lines of both sides into rows; returns the first row. */
static size_t
zip(struct builder *b, size_t entry, unsigned flags, const char marker[2])
{
	size_t first = b->out->row_count, count, i;
	int s;

	count = b->line_count[0] > b->line_count[1] ? b->line_count[0] : b->line_count[1];
	for (i = 0; i < count; i++) {
		struct layout_row *row = row_push(b, entry, flags | (i == 0 ? LAYOUT_ROW_FIRST : 0));

		for (s = 0; s < 2; s++) {
			const struct line *ln;

			if (i >= b->line_count[s])
				continue;
			ln = &b->line[s][i];
			row->half[s].first_piece = ln->first_piece;
			row->half[s].piece_count = ln->piece_count;
			row->half[s].cells = ln->cells;
			row->half[s].marker = marker[s];
			row->half[s].filler = 0;
			row->half[s].unit = ln->unit;
		}
	}
	for (s = 0; s < 2; s++)
		b->line_count[s] = 0;
	return first;
}

static const char *
unit_word(enum segment_kind kind, size_t count)
{
	switch (kind) {
	case SEGMENT_LINE:
		return count == 1 ? "line" : "lines";
	case SEGMENT_PARAGRAPH:
		return count == 1 ? "paragraph" : "paragraphs";
	case SEGMENT_SENTENCE:
	default:
		return count == 1 ? "sentence" : "sentences";
	}
}

static void
emit_fold(struct builder *b, const struct layout_block *block)
{
	const struct align_entry *e = &b->cmp->entry[block->entry];
	char text[5][96];
	const char *ell = b->options->ascii ? "..." : "\xe2\x80\xa6";
	const char *word = unit_word(b->options->unit_kind, block->units);
	size_t row;
	int s, c;

	snprintf(text[0], sizeof(text[0]), "%s %zu unchanged %s %s", ell, block->units, word, ell);
	snprintf(text[1], sizeof(text[1]), "%zu unchanged %s", block->units, word);
	snprintf(text[2], sizeof(text[2]), "%s %zu %s", ell, block->units, ell);
	snprintf(text[3], sizeof(text[3]), "%zu", block->units);
	snprintf(text[4], sizeof(text[4]), "%s", b->options->ascii ? "=" : ell);
	for (c = 0; c < 4; c++)
		if (layout_width(text[c], strlen(text[c])) <= b->width)
			break;
	for (s = 0; s < 2; s++) {
		struct line *ln = line_open(b, s, s ? e->right_first : e->left_first);

		put(b, ln, text[c], strlen(text[c]), layout_width(text[c], strlen(text[c])),
		    LAYOUT_FOLD);
	}
	row = zip(b, block->entry, LAYOUT_ROW_FOLD,
		  (const char[2]){ LAYOUT_MARK_SAME, LAYOUT_MARK_SAME });
	b->out->row[row].flags &= ~(unsigned)LAYOUT_ROW_FIRST;
}

static void
emit_moved_away(struct builder *b, size_t index)
{
	const struct align_entry *e = &b->cmp->entry[index];
	size_t i;

	for (i = 0; i < e->left_count; i++)
		lay_unit(b, 0, e->left_first + i, LAYOUT_MOVED, NULL, WORD_DELETE, LAYOUT_MOVED);
	zip(b, index, LAYOUT_ROW_MOVED_AWAY, (const char[2]){ LAYOUT_MARK_MOVE, LAYOUT_MARK_FILLER });
}

static void
emit_entry(struct builder *b, size_t index)
{
	const struct align_entry *e = &b->cmp->entry[index];
	enum layout_style base[2] = { LAYOUT_SAME, LAYOUT_SAME };
	const struct word_list *words = NULL;
	char marker[2] = { LAYOUT_MARK_SAME, LAYOUT_MARK_SAME };
	size_t i;

	switch (e->op) {
	case ALIGN_EQUAL:
		break;
	case ALIGN_CHANGE:
		words = &e->words;
		marker[0] = marker[1] = LAYOUT_MARK_CHANGE;
		break;
	case ALIGN_DELETE:
		base[0] = LAYOUT_REMOVED;
		marker[0] = LAYOUT_MARK_DELETE;
		break;
	case ALIGN_INSERT:
		base[1] = LAYOUT_ADDED;
		marker[1] = LAYOUT_MARK_INSERT;
		break;
	case ALIGN_MOVE:
	default:
		words = &e->words;
		base[0] = base[1] = LAYOUT_MOVED;
		marker[0] = marker[1] = LAYOUT_MARK_MOVE;
		break;
	}
	for (i = 0; i < e->left_count; i++)
		lay_unit(b, 0, e->left_first + i, base[0], words, WORD_DELETE, LAYOUT_DELETED_WORD);
	for (i = 0; i < e->right_count; i++)
		lay_unit(b, 1, e->right_first + i, base[1], words, WORD_INSERT, LAYOUT_INSERTED_WORD);
	zip(b, index, 0, marker);
}

/* ---- the plan: blocks, moves, folds and gaps ---- */

static const struct comparison *sort_cmp;

static int
move_order(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, c = *(const size_t *)y;
	size_t la = sort_cmp->entry[a].left_first, lc = sort_cmp->entry[c].left_first;

	if (la != lc)
		return la < lc ? -1 : 1;
	return a < c ? -1 : a > c;
}

/* A non-move entry with left units: the place moved-away blocks are put before. */
static int
is_left_anchor(const struct align_entry *e)
{
	return e->op != ALIGN_MOVE && e->left_count > 0;
}

/*
 * hidden[i] = 1 for the equal entries a fold row replaces.  boundary[i] is
 * set where a moved-away block stands before entry i (i == count: at the
 * end); such a block breaks a run like a difference does.
 */
static void
fold_plan(const struct comparison *cmp, unsigned context, const unsigned char *boundary,
	  unsigned char *hidden)
{
	size_t count = cmp->entry_count, e = 0, a, z, keep_before, keep_after;

	while (e < count) {
		if (cmp->entry[e].op != ALIGN_EQUAL) {
			e++;
			continue;
		}
		a = e;
		for (z = a + 1; z < count && cmp->entry[z].op == ALIGN_EQUAL && !boundary[z]; z++)
			;
		keep_before = (a > 0 || boundary[a]) ? context : 0;
		keep_after = (z < count || boundary[z]) ? context : 0;
		if (z - a >= 2 && z - a - 2 >= keep_before && z - a - 2 - keep_before >= keep_after) {
			size_t i;

			for (i = a + keep_before; i < z - keep_after; i++)
				hidden[i] = 1;
		}
		e = z;
	}
}

/*
 * Gap rows, decided in block order without laying anything out: a block
 * gets one when a side it shows text on changes paragraph and that side
 * showed text since the last gap.  Every block puts text on at least one
 * side, so a gap is never first, never follows a gap, never ends.
 */
struct gap_state {
	size_t last_para[2];	/* paragraph of the last unit shown per side */
	int text_since_gap[2];	/* text shown on the side since the last gap row */
	int gap_seen;
};

static void
gap_decide(const struct comparison *cmp, struct gap_state *g, struct layout_block *block)
{
	const struct align_entry *e = &cmp->entry[block->entry];
	const struct unit *unit[2] = { cmp->side[0].units.unit, cmp->side[1].units.unit };
	size_t para[2] = { 0, 0 }, last[2] = { NONE, NONE };
	unsigned mask = 0, text = 0;
	int s;

	switch (block->kind) {
	case LAYOUT_BLOCK_FOLD: {
		const struct align_entry *z = &cmp->entry[block->last];

		mask = text = 3;
		para[0] = unit[0][e->left_first].paragraph;
		para[1] = unit[1][e->right_first].paragraph;
		last[0] = unit[0][z->left_first + z->left_count - 1].paragraph;
		last[1] = unit[1][z->right_first + z->right_count - 1].paragraph;
		break;
	}
	case LAYOUT_BLOCK_MOVED_AWAY:
		mask = text = 1;
		para[0] = unit[0][e->left_first].paragraph;
		last[0] = unit[0][e->left_first + e->left_count - 1].paragraph;
		break;
	case LAYOUT_BLOCK_ENTRY:
	default:
		if (e->left_count > 0) {
			text |= 1;
			if (e->op != ALIGN_MOVE) {
				/* A move's left half is not where the left article is. */
				mask |= 1;
				para[0] = unit[0][e->left_first].paragraph;
				last[0] = unit[0][e->left_first + e->left_count - 1].paragraph;
			}
		}
		if (e->right_count > 0) {
			text |= 2;
			mask |= 2;
			para[1] = unit[1][e->right_first].paragraph;
			last[1] = unit[1][e->right_first + e->right_count - 1].paragraph;
		}
		break;
	}
	block->gap = 0;
	for (s = 0; s < 2; s++)
		if ((mask & (1u << s)) && g->last_para[s] != NONE && para[s] != g->last_para[s] &&
		    (!g->gap_seen || g->text_since_gap[s]))
			block->gap = 1;
	if (block->gap) {
		g->gap_seen = 1;
		g->text_since_gap[0] = g->text_since_gap[1] = 0;
	}
	for (s = 0; s < 2; s++) {
		if (text & (1u << s))
			g->text_since_gap[s] = 1;
		if (last[s] != NONE)
			g->last_para[s] = last[s];
	}
}

static struct layout_block *
block_push(struct layout_plan *plan, size_t *cap, enum layout_block_kind kind, size_t entry)
{
	struct layout_block *block;

	grow((void **)&plan->block, cap, plan->block_count + 1, sizeof(*plan->block));
	block = &plan->block[plan->block_count++];
	block->kind = kind;
	block->gap = 0;
	block->entry = block->last = entry;
	block->units = 0;
	return block;
}

void
layout_plan_build(const struct comparison *cmp, const struct layout_options *options,
		  struct layout_plan *out)
{
	size_t *move = NULL, move_count = 0, next_move = 0, i, cap = 0, count = cmp->entry_count;
	unsigned char *boundary, *hidden;
	struct gap_state gaps;
	struct builder *b;

	memset(out, 0, sizeof(*out));
	out->cmp = cmp;
	out->options = *options;
	out->entry_count = count;
	out->entry_block = xreallocarray(NULL, count + 1, sizeof(*out->entry_block));
	out->moved_away_block = xreallocarray(NULL, count + 1, sizeof(*out->moved_away_block));
	out->diff_block = xreallocarray(NULL, count + 1, sizeof(*out->diff_block));
	out->diff_entry = xreallocarray(NULL, count + 1, sizeof(*out->diff_entry));
	out->scratch = xcalloc(1, sizeof(*out->scratch));
	b = &out->scratch->b;
	b->cmp = cmp;
	b->options = &out->options;
	boundary = xcalloc(count + 1, 1);
	hidden = xcalloc(count + 1, 1);

	for (i = 0; i < count; i++) {
		out->entry_block[i] = NONE;
		out->moved_away_block[i] = NONE;
		if (cmp->entry[i].op == ALIGN_MOVE && cmp->entry[i].left_count > 0) {
			if (move == NULL)
				move = xcalloc(count, sizeof(*move));
			move[move_count++] = i;
		}
	}
	if (move_count > 1) {
		sort_cmp = cmp;
		qsort(move, move_count, sizeof(*move), move_order);
		sort_cmp = NULL;
	}

	/* Where each moved-away block goes, for the fold plan. */
	for (i = 0; i < count; i++) {
		if (!is_left_anchor(&cmp->entry[i]))
			continue;
		while (next_move < move_count &&
		       cmp->entry[move[next_move]].left_first < cmp->entry[i].left_first) {
			boundary[i] = 1;
			next_move++;
		}
	}
	if (next_move < move_count)
		boundary[count] = 1;
	if (options->fold)
		fold_plan(cmp, options->fold_context, boundary, hidden);

	next_move = 0;
	for (i = 0; i <= count; i++) {
		const struct align_entry *e = i < count ? &cmp->entry[i] : NULL;
		struct layout_block *block;

		if (e == NULL || is_left_anchor(e))
			while (next_move < move_count &&
			       (e == NULL || cmp->entry[move[next_move]].left_first < e->left_first)) {
				block_push(out, &cap, LAYOUT_BLOCK_MOVED_AWAY, move[next_move]);
				out->moved_away_block[move[next_move++]] = out->block_count - 1;
			}
		if (e == NULL)
			break;
		if (hidden[i]) {
			block = out->block_count > 0 ? &out->block[out->block_count - 1] : NULL;
			if (block == NULL || block->kind != LAYOUT_BLOCK_FOLD || block->last + 1 != i)
				block = block_push(out, &cap, LAYOUT_BLOCK_FOLD, i);
			block->last = i;
			block->units += e->left_count;
			out->entry_block[i] = out->block_count - 1;
			continue;
		}
		block_push(out, &cap, LAYOUT_BLOCK_ENTRY, i);
		out->entry_block[i] = out->block_count - 1;
		if (e->op != ALIGN_EQUAL) {
			out->diff_block[out->diff_count] = out->block_count - 1;
			out->diff_entry[out->diff_count++] = i;
		}
	}
	memset(&gaps, 0, sizeof(gaps));
	gaps.last_para[0] = gaps.last_para[1] = NONE;
	for (i = 0; i < out->block_count; i++)
		gap_decide(cmp, &gaps, &out->block[i]);

	free(move);
	free(boundary);
	free(hidden);
}

void
layout_plan_free(struct layout_plan *plan)
{
	struct builder *b;

	if (plan == NULL)
		return;
	if (plan->scratch != NULL) {
		b = &plan->scratch->b;
		free(b->atom);
		free(b->disp);
		free(b->brk);
		free(b->style);
		free(b->line[0]);
		free(b->line[1]);
		free(plan->scratch);
	}
	free(plan->block);
	free(plan->entry_block);
	free(plan->moved_away_block);
	free(plan->diff_block);
	free(plan->diff_entry);
	memset(plan, 0, sizeof(*plan));
}

size_t
layout_plan_rows(struct layout_plan *plan, size_t index, unsigned width, struct layout *out)
{
	const struct layout_block *block = &plan->block[index];
	struct builder *b = &plan->scratch->b;
	size_t first = out->row_count;

	b->out = out;
	b->width = width > 0 ? width : 1;
	if (out->chars == NULL)
		chars_append(b, "", 0);
	if (block->gap)
		row_push(b, NONE, LAYOUT_ROW_GAP);
	switch (block->kind) {
	case LAYOUT_BLOCK_FOLD:
		emit_fold(b, block);
		break;
	case LAYOUT_BLOCK_MOVED_AWAY:
		emit_moved_away(b, block->entry);
		break;
	case LAYOUT_BLOCK_ENTRY:
	default:
		emit_entry(b, block->entry);
		break;
	}
	b->out = NULL;
	return out->row_count - first;
}

void
layout_clear(struct layout *layout)
{
	layout->row_count = 0;
	layout->piece_count = 0;
	layout->chars_length = 0;
	if (layout->chars != NULL)
		layout->chars[0] = '\0';
}

void
layout_build(const struct comparison *cmp, const struct layout_options *options,
	     struct layout *out)
{
	struct layout_plan plan;
	size_t i, k;

	layout_plan_build(cmp, options, &plan);
	memset(out, 0, sizeof(*out));
	out->entry_count = cmp->entry_count;
	out->entry_row = xreallocarray(NULL, cmp->entry_count + 1, sizeof(*out->entry_row));
	out->moved_away_row = xreallocarray(NULL, cmp->entry_count + 1, sizeof(*out->moved_away_row));
	out->diff_row = xreallocarray(NULL, cmp->entry_count + 1, sizeof(*out->diff_row));
	out->diff_entry = xreallocarray(NULL, cmp->entry_count + 1, sizeof(*out->diff_entry));
	for (i = 0; i < cmp->entry_count; i++)
		out->entry_row[i] = out->moved_away_row[i] = NONE;
	for (k = 0; k < plan.block_count; k++) {
		const struct layout_block *block = &plan.block[k];
		size_t head = out->row_count + (block->gap ? 1 : 0);

		layout_plan_rows(&plan, k, options->pane_width, out);
		if (block->kind == LAYOUT_BLOCK_MOVED_AWAY)
			out->moved_away_row[block->entry] = head;
		else
			for (i = block->entry; i <= block->last; i++)
				out->entry_row[i] = head;
	}
	if (out->chars == NULL) {
		/* No block at all: still a string to point into. */
		out->chars = xmalloc(1);
		out->chars[0] = '\0';
		out->chars_cap = 1;
	}
	for (k = 0; k < plan.diff_count; k++) {
		out->diff_entry[k] = plan.diff_entry[k];
		out->diff_row[k] = out->entry_row[plan.diff_entry[k]];
	}
	out->diff_count = plan.diff_count;
	layout_plan_free(&plan);
}

void
layout_free(struct layout *layout)
{
	if (layout == NULL)
		return;
	free(layout->row);
	free(layout->piece);
	free(layout->chars);
	free(layout->diff_row);
	free(layout->diff_entry);
	free(layout->entry_row);
	free(layout->moved_away_row);
	memset(layout, 0, sizeof(*layout));
}

/* Sanitize s into atoms without line breaking, for labels and measuring. */
static void
atomize_plain(struct builder *b, const char *s, size_t length, int ascii)
{
	atomize(b, s, length, NULL, NULL, ascii, 0);
}

unsigned
layout_width(const char *s, size_t length)
{
	struct builder b;
	unsigned cells = 0;
	size_t i;

	memset(&b, 0, sizeof(b));
	atomize_plain(&b, s, length, 0);
	for (i = 0; i < b.atom_count; i++)
		cells += b.atom[i].kind == ATOM_TAB ? TAB_STOP - cells % TAB_STOP : b.atom[i].cells;
	free(b.atom);
	free(b.disp);
	return cells;
}

char *
layout_sanitize(const char *s, size_t length, int ascii, unsigned *cells)
{
	struct builder b;
	char *result, *p;
	size_t i, size = 1;
	unsigned total = 0;

	memset(&b, 0, sizeof(b));
	atomize_plain(&b, s, length, ascii);
	for (i = 0; i < b.atom_count; i++)
		size += b.atom[i].kind == ATOM_TAB ? 1 : b.atom[i].length;
	p = result = xmalloc(size);
	for (i = 0; i < b.atom_count; i++) {
		if (b.atom[i].kind == ATOM_TAB) {
			*p++ = ' ';
			total++;
			continue;
		}
		memcpy(p, b.disp + b.atom[i].disp, b.atom[i].length);
		p += b.atom[i].length;
		total += b.atom[i].cells;
	}
	*p = '\0';
	free(b.atom);
	free(b.disp);
	if (cells != NULL)
		*cells = total;
	return result;
}
