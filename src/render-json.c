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

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "render.h"

/*
 * Output goes through a buffer of our own, written out with fwrite() in
 * large blocks: the JSON is made of many short pieces, and stdio's per-call
 * locking and bookkeeping cost more than the copying.  A write error is
 * remembered by the stream and reported by render_json().
 */
struct json_out {
	FILE *file;		/* NULL: into mem (a part rendered by another thread) */
	char *mem;
	size_t mem_used, mem_cap;
	size_t used;
	char buf[65536];
};

static void
json_emit(struct json_out *out, const void *bytes, size_t n)
{
	if (out->file != NULL) {
		fwrite(bytes, 1, n, out->file);
		return;
	}
	if (out->mem_cap - out->mem_used < n) {
		out->mem_cap = out->mem_used + n > out->mem_cap * 2 ? out->mem_used + n :
			       out->mem_cap * 2;
		out->mem = xrealloc(out->mem, out->mem_cap);
	}
	memcpy(out->mem + out->mem_used, bytes, n);
	out->mem_used += n;
}

static void
json_flush(struct json_out *out)
{
	if (out->used > 0)
		json_emit(out, out->buf, out->used);
	out->used = 0;
}

static void
json_write(struct json_out *out, const void *bytes, size_t n)
{
	if (n > sizeof(out->buf) - out->used) {
		json_flush(out);
		if (n > sizeof(out->buf)) {
			json_emit(out, bytes, n);
			return;
		}
	}
	memcpy(out->buf + out->used, bytes, n);
	out->used += n;
}

static void
json_putc(struct json_out *out, char c)
{
	if (out->used == sizeof(out->buf))
		json_flush(out);
	out->buf[out->used++] = c;
}

static void
json_puts(struct json_out *out, const char *s)
{
	json_write(out, s, strlen(s));
}

static void
json_printf(struct json_out *out, const char *format, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(line, sizeof(line), format, ap);
	va_end(ap);
	if (n > 0)
		json_write(out, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * Bytes that go out as they are: printable ASCII but '"' and '\\'.  A
 * table, filled once from that very test, because json_string() asks it of
 * every byte of the article text.
 */
static uint8_t json_plain[256];

/* Built once; pthread_once because renderers may run in any thread. */
static pthread_once_t json_plain_once = PTHREAD_ONCE_INIT;

static void
json_plain_build(void)
{
	unsigned c;

	for (c = 0; c < 256; c++)
		json_plain[c] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/*
 * Are all of p[0 .. 8) plain?  Word-at-a-time tests for a byte below 0x20,
 * above 0x7e, '"' or '\\' (the "has a zero byte" family of bit tricks):
 * they may answer no for a plain word, when a borrow or carry crosses a
 * byte, never yes for one that is not, so the byte loop after them keeps
 * the output exact.
 */
static int
json_plain8(const uint8_t *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t w, q, b;

	memcpy(&w, p, 8);
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	return (((w - ones * 0x20) & ~w) | ((w + ones) | w) | ((q - ones) & ~q) |
		((b - ones) & ~b)) & high ? 0 : 1;
}

/* Write n bytes of s as a JSON string, quotes included. */
static void
json_string(struct json_out *out, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	json_putc(out, '"');
	while (p < end) {
		const uint8_t *run = p;
		ucs4_t uc;
		int len;

		/* Plain printable ASCII goes out in runs: the common case. */
		while (end - p >= 8 && json_plain8(p))
			p += 8;
		while (p < end && json_plain[*p])
			p++;
		if (p > run)
			json_write(out, run, (size_t)(p - run));
		if (p == end)
			break;
		switch (*p) {
		case '"':
			json_puts(out, "\\\"");
			p++;
			continue;
		case '\\':
			json_puts(out, "\\\\");
			p++;
			continue;
		case '\n':
			json_puts(out, "\\n");
			p++;
			continue;
		case '\t':
			json_puts(out, "\\t");
			p++;
			continue;
		case '\r':
			json_puts(out, "\\r");
			p++;
			continue;
		}
		if (*p < 0x80) {	/* other C0 controls and DEL */
			json_printf(out, "\\u%04x", (unsigned)*p);
			p++;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len < 0) {
			/* Invalid or truncated sequence: one U+FFFD per byte, like a lossy decoder. */
			json_puts(out, "\\ufffd");
			p++;
			continue;
		}
		if ((uc >= 0x80 && uc < 0xa0) || uc == 0x2028 || uc == 0x2029)
			json_printf(out, "\\u%04x", (unsigned)uc);
		else
			json_write(out, p, (size_t)len);
		p += len;
	}
	json_putc(out, '"');
}

/*
 * A number in decimal.  The unit and index lines are most of the output;
 * writing their numbers here instead of through fprintf() halves the
 * writer's time, and the digits are the same as "%zu" gives.
 */
static void
json_uint(struct json_out *out, unsigned long long value)
{
	char digits[3 * sizeof(value)], *p = digits + sizeof(digits);

	do {
		*--p = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	json_write(out, p, (size_t)(digits + sizeof(digits) - p));
}

static void
json_cstring(struct json_out *out, const char *s)
{
	json_string(out, s ? s : "", s ? strlen(s) : 0);
}

/*
 * A share or score with at most three decimals, trailing zeros dropped but
 * one kept ("1.0", "0.71", "0.333"): integer arithmetic only (see top).
 */
static void
json_number(struct json_out *out, double x)
{
	unsigned long long milli;
	char frac[4];
	int digits = 3;

	if (x != x)	/* NaN */
		x = 0;
	if (x < 0) {
		json_putc(out, '-');
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
	json_putc(out, '.');
	json_write(out, frac, (size_t)digits);
}

/* A run of bytes of text, clipped to the text should a span overreach. */
static void
json_span(struct json_out *out, const struct text *text, size_t offset, size_t length)
{
	if (offset > text->length)
		offset = text->length;
	if (length > text->length - offset)
		length = text->length - offset;
	json_string(out, text->bytes + offset, length);
}

static void
json_side(struct json_out *out, const struct side *side, const char *name, const char *key)
{
	size_t i;

	json_printf(out, "  \"%s\": {\"name\": ", key);
	json_cstring(out, name ? name : side->text->name);
	json_puts(out, ", \"units\": [");
	for (i = 0; i < side->units.count; i++) {
		const struct unit *unit = &side->units.unit[i];

		json_puts(out, i ? ",\n    {\"offset\": " : "\n    {\"offset\": ");
		json_uint(out, unit->offset);
		json_puts(out, ", \"length\": ");
		json_uint(out, unit->length);
		json_puts(out, ", \"text\": ");
		json_span(out, side->text, unit->offset, unit->length);
		json_putc(out, '}');
	}
	json_puts(out, side->units.count ? "\n  ]},\n" : "]},\n");
}

static void
json_indices(struct json_out *out, size_t first, size_t count)
{
	size_t i;

	json_putc(out, '[');
	for (i = 0; i < count; i++) {
		if (i > 0)
			json_puts(out, ", ");
		json_uint(out, first + i);
	}
	json_putc(out, ']');
}

static void
json_words(struct json_out *out, const struct comparison *cmp, const struct word_list *words)
{
	size_t i;

	json_puts(out, ", \"words\": [");
	for (i = 0; i < words->count; i++) {
		const struct word_edit *edit = &words->edit[i];
		/* Equal text is shown from the left, as the contract says. */
		int s = edit->op == WORD_INSERT;
		const char *op = edit->op == WORD_EQUAL ? "equal" :
			edit->op == WORD_DELETE ? "delete" : "insert";

		json_puts(out, i ? ", {\"op\": \"" : "{\"op\": \"");
		json_puts(out, op);
		json_puts(out, "\", \"text\": ");
		json_span(out, cmp->side[s].text, edit->span[s].offset, edit->span[s].length);
		json_putc(out, '}');
	}
	json_putc(out, ']');
}

static void
json_flags(struct json_out *out, unsigned flags)
{
	unsigned i;
	int first = 1;

	json_puts(out, ", \"flags\": [");
	for (i = 0; i < ALIGN_FLAG_COUNT; i++) {
		if (!(flags & (1u << i)))
			continue;
		json_puts(out, first ? "\"" : ", \"");
		json_puts(out, align_flag_name(1u << i));
		json_putc(out, '"');
		first = 0;
	}
	json_putc(out, ']');
}

static void
json_entry(struct json_out *out, const struct comparison *cmp, const struct align_entry *entry)
{
	int paired = entry->op == ALIGN_CHANGE || entry->op == ALIGN_MOVE;

	json_puts(out, "    {\"op\": \"");
	json_puts(out, align_op_name(entry->op));
	json_puts(out, "\", \"left\": ");
	json_indices(out, entry->left_first, entry->left_count);
	json_puts(out, ", \"right\": ");
	json_indices(out, entry->right_first, entry->right_count);
	/* The contract gives deletes and inserts no score: nothing was compared. */
	if (entry->op != ALIGN_DELETE && entry->op != ALIGN_INSERT) {
		json_puts(out, ", \"score\": ");
		json_number(out, entry->op == ALIGN_EQUAL ? 1.0 : entry->score);
	}
	if (paired) {
		json_words(out, cmp, &entry->words);
		json_flags(out, entry->flags);
	}
	json_putc(out, '}');
}

static void
json_summary(struct json_out *out, const struct align_summary *summary)
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

	json_puts(out, "  \"summary\": {");
	for (i = 0; i < ALIGN_OP_COUNT; i++)
		json_printf(out, "%s\"%s\": %zu", i ? ", " : "", align_op_name(i), summary->count[i]);
	for (i = 0; i < ARRAY_SIZE(shares); i++) {
		json_printf(out, "%s\"%s\": ", i ? ", " : ",\n              ", shares[i].key);
		json_number(out, shares[i].value);
	}
	json_puts(out, ",\n              \"flags\": {");
	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		json_printf(out, "%s\"%s\": %zu", i ? ", " : "", align_flag_name(1u << i),
			summary->flag_count[i]);
	json_puts(out, "}}\n");
}

static void
json_entries(struct json_out *out, const struct comparison *cmp, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		json_puts(out, i ? ",\n" : "\n");
		json_entry(out, cmp, &cmp->entry[i]);
	}
}

/*
 * A large comparison is written by two threads: a second one renders the
 * right side and the second half of the entries into memory while this
 * one writes the left side and renders the first half; then the parts go
 * out in their order.  The bytes are the same either way.  Below
 * JSON_THREAD_UNITS units a second thread costs more than it saves.
 */
#define JSON_THREAD_UNITS 4096

struct json_job {
	const struct comparison *cmp;
	const char *name;	/* of the right side */
	size_t from, to;	/* entries */
	struct json_out *side, *entries;	/* into memory */
};

static void *
json_job_run(void *arg)
{
	struct json_job *job = arg;

	json_side(job->side, &job->cmp->side[1], job->name, "right");
	json_flush(job->side);
	json_entries(job->entries, job->cmp, job->from, job->to);
	json_flush(job->entries);
	return NULL;
}

/* Entries [from, to) of job into job->entries. */
static void *
json_entries_run(void *arg)
{
	struct json_job *job = arg;

	json_entries(job->entries, job->cmp, job->from, job->to);
	json_flush(job->entries);
	return NULL;
}

/*
 * An output into memory of about size bytes (it grows if need be): sized
 * up front, a part is neither copied while it grows nor left with up to
 * half of it unused.
 */
static struct json_out *
json_memory(size_t size)
{
	struct json_out *out = xcalloc(1, sizeof(*out));

	out->mem_cap = size;
	out->mem = xmalloc(size ? size : 1);
	return out;
}

/* The JSON of a side: its text and about 48 bytes of framing a unit. */
static size_t
json_side_size(const struct side *side)
{
	return side->text->length + side->units.count * 48 + 256;
}

/*
 * The JSON of entries [from, to): about 60 bytes of framing an entry, and
 * the words of changes and moves, about their texts again.
 */
static size_t
json_entries_size(const struct comparison *cmp, size_t from, size_t to)
{
	size_t size = (to - from) * 60 + 256, k, i;

	for (k = from; k < to; k++) {
		const struct align_entry *e = &cmp->entry[k];

		if (e->op != ALIGN_CHANGE && e->op != ALIGN_MOVE)
			continue;
		for (i = 0; i < e->words.count; i++)
			size += e->words.edit[i].span[0].length + e->words.edit[i].span[1].length + 32;
	}
	return size;
}

/* What part holds, written to out. */
static void
json_part(struct json_out *out, const struct json_out *part)
{
	if (part->mem_used > 0)
		json_write(out, part->mem, part->mem_used);
}

static void
json_memory_free(struct json_out *out)
{
	if (out != NULL)
		free(out->mem);
	free(out);
}

/* The end of the alignment, the summary, then out flushed and freed. */
static int
json_finish(struct json_out *out, FILE *file, const struct comparison *cmp)
{
	int failed;

	json_puts(out, cmp->entry_count ? "\n  ],\n" : "],\n");
	json_summary(out, &cmp->summary);
	json_puts(out, "}\n");
	json_flush(out);
	free(out);
	/* Flush here so a full disk or a closed pipe is reported by our caller. */
	failed = fflush(file) != 0 || ferror(file);
	return failed ? -1 : 0;
}

static struct json_out *
json_file(FILE *file)
{
	struct json_out *out = xmalloc(sizeof(*out));

	out->file = file;
	out->used = 0;
	pthread_once(&json_plain_once, json_plain_build);
	return out;
}

int
render_json(FILE *file, const struct comparison *cmp, const struct render_options *options)
{
	struct json_out *out = json_file(file);
	struct json_out *mine = NULL;
	struct json_job job;
	pthread_t thread;
	int threaded = 0;

	json_puts(out, "{\n  \"artcmp\": 1,\n");
	if (cmp->side[0].units.count + cmp->side[1].units.count >= JSON_THREAD_UNITS) {
		job.cmp = cmp;
		job.name = options ? options->name[1] : NULL;
		job.from = cmp->entry_count / 2;
		job.to = cmp->entry_count;
		job.side = json_memory(json_side_size(&cmp->side[1]));
		job.entries = json_memory(json_entries_size(cmp, job.from, job.to));
		threaded = pthread_create(&thread, NULL, json_job_run, &job) == 0;
		if (!threaded) {
			json_memory_free(job.side);
			json_memory_free(job.entries);
		}
	}
	json_side(out, &cmp->side[0], options ? options->name[0] : NULL, "left");
	if (threaded) {
		mine = json_memory(json_entries_size(cmp, 0, job.from));
		json_entries(mine, cmp, 0, job.from);
		json_flush(mine);
		pthread_join(thread, NULL);
		json_part(out, job.side);
		json_puts(out, "  \"alignment\": [");
		json_part(out, mine);
		json_part(out, job.entries);
		json_memory_free(mine);
		json_memory_free(job.side);
		json_memory_free(job.entries);
	} else {
		json_side(out, &cmp->side[1], options ? options->name[1] : NULL, "right");
		json_puts(out, "  \"alignment\": [");
		json_entries(out, cmp, 0, cmp->entry_count);
	}
	return json_finish(out, file, cmp);
}

struct render_json_sides {
	pthread_t thread;
	const struct comparison *cmp;
	const char *name[2];
	struct json_out *side[2];	/* into memory */
};

static void *
json_sides_run(void *arg)
{
	struct render_json_sides *sides = arg;
	int s;

	for (s = 0; s < 2; s++) {
		json_side(sides->side[s], &sides->cmp->side[s], sides->name[s],
			  s ? "right" : "left");
		json_flush(sides->side[s]);
	}
	return NULL;
}

struct render_json_sides *
render_json_begin(const struct comparison *cmp, const struct render_options *options)
{
	struct render_json_sides *sides;
	int s;

	if (cmp->side[0].units.count + cmp->side[1].units.count < JSON_THREAD_UNITS)
		return NULL;
	pthread_once(&json_plain_once, json_plain_build);
	sides = xcalloc(1, sizeof(*sides));
	sides->cmp = cmp;
	for (s = 0; s < 2; s++) {
		sides->name[s] = options ? options->name[s] : NULL;
		sides->side[s] = json_memory(json_side_size(&cmp->side[s]));
	}
	if (pthread_create(&sides->thread, NULL, json_sides_run, sides) != 0) {
		json_memory_free(sides->side[0]);
		json_memory_free(sides->side[1]);
		free(sides);
		return NULL;
	}
	return sides;
}

/*
 * With the sides rendered, the entries are what is left: a second thread
 * renders their second half into memory while this one writes the first.
 */
int
render_json_end(FILE *file, const struct comparison *cmp, const struct render_options *options,
		struct render_json_sides *sides)
{
	struct json_out *out;
	struct json_job job;
	pthread_t thread;

	if (sides == NULL)
		return render_json(file, cmp, options);
	out = json_file(file);
	json_puts(out, "{\n  \"artcmp\": 1,\n");
	pthread_join(sides->thread, NULL);
	json_part(out, sides->side[0]);
	json_part(out, sides->side[1]);
	json_memory_free(sides->side[0]);
	json_memory_free(sides->side[1]);
	free(sides);
	json_puts(out, "  \"alignment\": [");
	job.cmp = cmp;
	job.from = cmp->entry_count / 2;
	job.to = cmp->entry_count;
	job.entries = json_memory(json_entries_size(cmp, job.from, job.to));
	if (pthread_create(&thread, NULL, json_entries_run, &job) == 0) {
		json_entries(out, cmp, 0, job.from);
		pthread_join(thread, NULL);
	} else {
		json_entries(out, cmp, 0, job.from);
		json_entries_run(&job);
	}
	json_part(out, job.entries);
	json_memory_free(job.entries);
	return json_finish(out, file, cmp);
}
