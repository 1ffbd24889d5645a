/*
 * render-json: the comparison as the JSON contract of DESIGN.md
 * (--format=json).  Scripts and our quality tools read it, so the shape only
 * ever grows: new fields are added, none renamed or removed.
 *
 * Layout of the output: one unit and one alignment entry per line, so that
 * grep and diff work on it as well as a JSON parser does.
 *
 * Strings: article text is valid UTF-8 (text.h guarantees it) but labels come
 * from argv and may not be; every string goes through json_string(), which
 * escapes '"' and '\\', writes C0 controls, DEL and C1 controls as \u00XX
 * (the output is often read in a terminal: no raw escape sequence may reach
 * it), writes U+2028/U+2029 escaped (JavaScript readers choke on them raw),
 * and replaces an invalid byte with U+FFFD.
 *
 * Numbers: shares and scores are printed from integers, never through %f, so
 * a comma LC_NUMERIC cannot turn 0.5 into "0,5" and break every reader.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "render.h"

/* Write n bytes of s as a JSON string, quotes included. */
static void
json_string(FILE *out, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	putc('"', out);
	while (p < end) {
		const uint8_t *run = p;
		ucs4_t uc;
		int len;

		/* Plain printable ASCII goes out in runs: the common case. */
		while (p < end && *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), out);
		if (p == end)
			break;
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			p++;
			continue;
		case '\\':
			fputs("\\\\", out);
			p++;
			continue;
		case '\n':
			fputs("\\n", out);
			p++;
			continue;
		case '\t':
			fputs("\\t", out);
			p++;
			continue;
		case '\r':
			fputs("\\r", out);
			p++;
			continue;
		}
		if (*p < 0x80) {	/* other C0 controls and DEL */
			fprintf(out, "\\u%04x", (unsigned)*p);
			p++;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len < 0) {
			/* Invalid or truncated sequence: one U+FFFD per byte, like a lossy decoder. */
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if ((uc >= 0x80 && uc < 0xa0) || uc == 0x2028 || uc == 0x2029)
			fprintf(out, "\\u%04x", (unsigned)uc);
		else
			fwrite(p, 1, (size_t)len, out);
		p += len;
	}
	putc('"', out);
}

/*
 * A number in decimal.  The unit and index lines are most of the output;
 * writing their numbers here instead of through fprintf() halves the
 * writer's time, and the digits are the same as "%zu" gives.
 */
static void
json_uint(FILE *out, unsigned long long value)
{
	char digits[3 * sizeof(value)], *p = digits + sizeof(digits);

	do {
		*--p = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	fwrite(p, 1, (size_t)(digits + sizeof(digits) - p), out);
}

static void
json_cstring(FILE *out, const char *s)
{
	json_string(out, s ? s : "", s ? strlen(s) : 0);
}

/*
 * A share or score with at most three decimals, trailing zeros dropped but
 * one kept ("1.0", "0.71", "0.333"): integer arithmetic only (see top).
 */
static void
json_number(FILE *out, double x)
{
	unsigned long long milli;
	char frac[4];
	int digits = 3;

	if (x != x)	/* NaN */
		x = 0;
	if (x < 0) {
		putc('-', out);
		x = -x;
	}
	if (x > 1e15)
		x = 1e15;
	milli = (unsigned long long)(x * 1000.0 + 0.5);	/* no libm: x >= 0 here */
	frac[0] = (char)('0' + milli / 100 % 10);
	frac[1] = (char)('0' + milli / 10 % 10);
	frac[2] = (char)('0' + milli % 10);
	while (digits > 1 && frac[digits - 1] == '0')
		digits--;
	json_uint(out, milli / 1000);
	putc('.', out);
	fwrite(frac, 1, (size_t)digits, out);
}

/* A run of bytes of text, clipped to the text should a span overreach. */
static void
json_span(FILE *out, const struct text *text, size_t offset, size_t length)
{
	if (offset > text->length)
		offset = text->length;
	if (length > text->length - offset)
		length = text->length - offset;
	json_string(out, text->bytes + offset, length);
}

static void
json_side(FILE *out, const struct side *side, const char *name, const char *key)
{
	size_t i;

	fprintf(out, "  \"%s\": {\"name\": ", key);
	json_cstring(out, name ? name : side->text->name);
	fputs(", \"units\": [", out);
	for (i = 0; i < side->units.count; i++) {
		const struct unit *unit = &side->units.unit[i];

		fputs(i ? ",\n    {\"offset\": " : "\n    {\"offset\": ", out);
		json_uint(out, unit->offset);
		fputs(", \"length\": ", out);
		json_uint(out, unit->length);
		fputs(", \"text\": ", out);
		json_span(out, side->text, unit->offset, unit->length);
		putc('}', out);
	}
	fputs(side->units.count ? "\n  ]},\n" : "]},\n", out);
}

static void
json_indices(FILE *out, size_t first, size_t count)
{
	size_t i;

	putc('[', out);
	for (i = 0; i < count; i++) {
		if (i > 0)
			fputs(", ", out);
		json_uint(out, first + i);
	}
	putc(']', out);
}

static void
json_words(FILE *out, const struct comparison *cmp, const struct word_list *words)
{
	size_t i;

	fputs(", \"words\": [", out);
	for (i = 0; i < words->count; i++) {
		const struct word_edit *edit = &words->edit[i];
		/* Equal text is shown from the left, as the contract says. */
		int s = edit->op == WORD_INSERT;
		const char *op = edit->op == WORD_EQUAL ? "equal" :
			edit->op == WORD_DELETE ? "delete" : "insert";

		fputs(i ? ", {\"op\": \"" : "{\"op\": \"", out);
		fputs(op, out);
		fputs("\", \"text\": ", out);
		json_span(out, cmp->side[s].text, edit->span[s].offset, edit->span[s].length);
		putc('}', out);
	}
	putc(']', out);
}

static void
json_flags(FILE *out, unsigned flags)
{
	unsigned i;
	int first = 1;

	fputs(", \"flags\": [", out);
	for (i = 0; i < ALIGN_FLAG_COUNT; i++) {
		if (!(flags & (1u << i)))
			continue;
		fputs(first ? "\"" : ", \"", out);
		fputs(align_flag_name(1u << i), out);
		putc('"', out);
		first = 0;
	}
	putc(']', out);
}

static void
json_entry(FILE *out, const struct comparison *cmp, const struct align_entry *entry)
{
	int paired = entry->op == ALIGN_CHANGE || entry->op == ALIGN_MOVE;

	fputs("    {\"op\": \"", out);
	fputs(align_op_name(entry->op), out);
	fputs("\", \"left\": ", out);
	json_indices(out, entry->left_first, entry->left_count);
	fputs(", \"right\": ", out);
	json_indices(out, entry->right_first, entry->right_count);
	/* The contract gives deletes and inserts no score: nothing was compared. */
	if (entry->op != ALIGN_DELETE && entry->op != ALIGN_INSERT) {
		fputs(", \"score\": ", out);
		json_number(out, entry->op == ALIGN_EQUAL ? 1.0 : entry->score);
	}
	if (paired) {
		json_words(out, cmp, &entry->words);
		json_flags(out, entry->flags);
	}
	putc('}', out);
}

static void
json_summary(FILE *out, const struct align_summary *summary)
{
	const struct {
		const char *key;
		double value;
	} shares[] = {
		{ "reused", summary->reused },
		{ "right_verbatim", summary->right_verbatim },
		{ "right_paraphrased", summary->right_paraphrased },
		{ "right_new", summary->right_new },
		{ "left_used", summary->left_used },
		{ "similarity", summary->similarity },
	};
	unsigned i;

	fputs("  \"summary\": {", out);
	for (i = 0; i < ALIGN_OP_COUNT; i++)
		fprintf(out, "%s\"%s\": %zu", i ? ", " : "", align_op_name(i), summary->count[i]);
	for (i = 0; i < ARRAY_SIZE(shares); i++) {
		fprintf(out, "%s\"%s\": ", i ? ", " : ",\n              ", shares[i].key);
		json_number(out, shares[i].value);
	}
	fputs(",\n              \"flags\": {", out);
	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		fprintf(out, "%s\"%s\": %zu", i ? ", " : "", align_flag_name(1u << i),
			summary->flag_count[i]);
	fputs("}}\n", out);
}

int
render_json(FILE *out, const struct comparison *cmp, const struct render_options *options)
{
	size_t i;

	fputs("{\n  \"artcmp\": 1,\n", out);
	json_side(out, &cmp->side[0], options ? options->name[0] : NULL, "left");
	json_side(out, &cmp->side[1], options ? options->name[1] : NULL, "right");
	fputs("  \"alignment\": [", out);
	for (i = 0; i < cmp->entry_count; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_entry(out, cmp, &cmp->entry[i]);
	}
	fputs(cmp->entry_count ? "\n  ],\n" : "],\n", out);
	json_summary(out, &cmp->summary);
	fputs("}\n", out);
	/* Flush here so a full disk or a closed pipe is reported by our caller. */
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
