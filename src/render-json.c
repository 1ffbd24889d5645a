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

#include <errno.h>
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
 * locking and bookkeeping cost more than the copying.  A piece rendered
 * before its turn to be written (see json_work()) is held in memory, in a
 * buffer each thread reuses, so no more than a piece or two is ever held.
 * A failed write's errno is kept for render_json()'s caller.
 */
struct json_out {
	FILE *file;		/* NULL: into mem, to be written when its turn comes */
	int error;		/* errno of the first failed write, or 0 */
	char *mem;
	size_t mem_used, mem_cap;
	size_t used;
	char buf[65536];
};

static void
json_emit(struct json_out *out, const void *bytes, size_t n)
{
	if (out->file != NULL) {
		if (fwrite(bytes, 1, n, out->file) != n && out->error == 0)
			out->error = errno != 0 ? errno : EIO;
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

/* Inlined: most calls write a literal, whose strlen() then costs nothing. */
static inline __attribute__((always_inline)) void
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

static inline __attribute__((always_inline)) void
json_putc(struct json_out *out, char c)
{
	if (out->used == sizeof(out->buf))
		json_flush(out);
	out->buf[out->used++] = c;
}

static inline __attribute__((always_inline)) void
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
 * How many of p[0 .. 16) are plain, counted from p[0]: sixteen bytes
 * compared at once (GCC's vector extension: SSE2 on x86-64, plain code
 * elsewhere).  As signed chars, the bytes 0x80-0xff are negative, so
 * "below 0x20" also catches every non-ASCII byte.
 */
typedef signed char json_bytes16 __attribute__((vector_size(16)));

static inline unsigned
json_plain_prefix(const uint8_t *p)
{
	json_bytes16 v, bad;
	uint64_t half[2];

	memcpy(&v, p, sizeof(v));
	bad = (v < 0x20) | (v == 0x7f) | (v == '"') | (v == '\\');
	memcpy(half, &bad, sizeof(half));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (half[0] != 0)
		return (unsigned)__builtin_ctzll(half[0]) / 8;
	if (half[1] != 0)
		return 8 + (unsigned)__builtin_ctzll(half[1]) / 8;
#else
	if (half[0] != 0)
		return (unsigned)__builtin_clzll(half[0]) / 8;
	if (half[1] != 0)
		return 8 + (unsigned)__builtin_clzll(half[1]) / 8;
#endif
	return 16;
}

/* Room for n more bytes in out's buffer, at *used; n is at most 16. */
static inline char *
json_room(struct json_out *out, size_t *used, size_t n)
{
	if (sizeof(out->buf) - *used < n) {
		out->used = *used;
		json_flush(out);
		*used = 0;
	}
	return out->buf + *used;
}

/* "\uXXXX" for c < 0x10000, lowercase as "%04x" writes it; 6 bytes at d. */
static void
json_u4(char *d, unsigned c)
{
	static const char hex[] = "0123456789abcdef";

	d[0] = '\\';
	d[1] = 'u';
	d[2] = hex[c >> 12 & 15];
	d[3] = hex[c >> 8 & 15];
	d[4] = hex[c >> 4 & 15];
	d[5] = hex[c & 15];
}

/*
 * Write n bytes of s as a JSON string, quotes included, straight into
 * out's buffer; s[0 .. readable) may be read (readable >= n), which lets
 * the last bytes of a string be tested 16 at a time too.  Plain bytes are
 * tested and copied 16 at a time; the common two- and three-byte UTF-8
 * characters that need no escape are copied without decoding (C2 80-9F is
 * C1, E0 and ED have restricted second bytes, E2 80 A8/A9 is U+2028/9:
 * those, the four-byte ones and invalid bytes take the u8_mbtoucr() path).
 */
static void
json_string(struct json_out *out, const char *s, size_t n, size_t readable)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n, *limit = p + readable;
	size_t used = out->used;
	char *d;

	d = json_room(out, &used, 1);
	*d = '"';
	used++;
	while (p < end) {
		uint8_t c;
		ucs4_t uc;
		int len;

		if (limit - p >= 16) {
			size_t k = json_plain_prefix(p);

			/* All 16 copied, those past the run or the end overwritten later. */
			d = json_room(out, &used, 16);
			memcpy(d, p, 16);
			if (k > (size_t)(end - p))
				k = (size_t)(end - p);
			used += k;
			p += k;
			if (k == 16 || p == end)
				continue;
		} else {
			while (p < end && json_plain[*p]) {
				d = json_room(out, &used, 1);
				*d = (char)*p++;
				used++;
			}
			if (p == end)
				break;
		}
		d = json_room(out, &used, 6);
		c = *p;
		if (c >= 0xc2 && c < 0xe0 && end - p >= 2 && (p[1] & 0xc0) == 0x80 &&
		    (c != 0xc2 || p[1] >= 0xa0)) {
			memcpy(d, p, 2);
			used += 2;
			p += 2;
			continue;
		}
		if (c >= 0xe1 && c < 0xf0 && c != 0xed && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80 && !(c == 0xe2 && p[1] == 0x80 && (p[2] & 0xfe) == 0xa8)) {
			memcpy(d, p, 3);
			used += 3;
			p += 3;
			continue;
		}
		switch (c) {
		case '"':
		case '\\':
			d[0] = '\\';
			d[1] = (char)c;
			used += 2;
			p++;
			continue;
		case '\n':
			memcpy(d, "\\n", 2);
			used += 2;
			p++;
			continue;
		case '\t':
			memcpy(d, "\\t", 2);
			used += 2;
			p++;
			continue;
		case '\r':
			memcpy(d, "\\r", 2);
			used += 2;
			p++;
			continue;
		}
		if (c < 0x80) {	/* other C0 controls and DEL */
			json_u4(d, c);
			used += 6;
			p++;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len < 0) {
			/* Invalid or truncated sequence: one U+FFFD per byte, like a lossy decoder. */
			json_u4(d, 0xfffd);
			used += 6;
			p++;
			continue;
		}
		if ((uc >= 0x80 && uc < 0xa0) || uc == 0x2028 || uc == 0x2029) {
			json_u4(d, (unsigned)uc);
			used += 6;
		} else {
			memcpy(d, p, (size_t)len);	/* len <= 4 */
			used += (size_t)len;
		}
		p += len;
	}
	d = json_room(out, &used, 1);
	*d = '"';
	out->used = used + 1;
}

/*
 * A number in decimal.  The unit and index lines are most of the output;
 * writing their numbers here instead of through fprintf() halves the
 * writer's time, and two digits a step from a table halves it again.  The
 * digits are the same as "%zu" gives.
 */
static const char json_digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static void
json_uint(struct json_out *out, unsigned long long value)
{
	char digits[3 * sizeof(value)], *p = digits + sizeof(digits);

	while (value >= 100) {
		p -= 2;
		memcpy(p, json_digit_pairs + value % 100 * 2, 2);
		value /= 100;
	}
	if (value >= 10) {
		p -= 2;
		memcpy(p, json_digit_pairs + value * 2, 2);
	} else {
		*--p = (char)('0' + value);
	}
	json_write(out, p, (size_t)(digits + sizeof(digits) - p));
}

static void
json_cstring(struct json_out *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	json_string(out, s ? s : "", n, n);
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
	json_string(out, text->bytes + offset, length, text->length - offset);
}

/* The head of a side's object, up to its units. */
static void
json_side_head(struct json_out *out, const struct side *side, const char *name, const char *key)
{
	json_printf(out, "  \"%s\": {\"name\": ", key);
	json_cstring(out, name ? name : side->text->name);
	json_puts(out, ", \"units\": [");
}

/* Units [from, to) of a side. */
static void
json_units(struct json_out *out, const struct side *side, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		const struct unit *unit = &side->units.unit[i];

		json_puts(out, i ? ",\n    {\"offset\": " : "\n    {\"offset\": ");
		json_uint(out, unit->offset);
		json_puts(out, ", \"length\": ");
		json_uint(out, unit->length);
		json_puts(out, ", \"text\": ");
		json_span(out, side->text, unit->offset, unit->length);
		json_putc(out, '}');
	}
}

static void
json_side_tail(struct json_out *out, const struct side *side)
{
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
 * The document is cut into pieces of up to JSON_PIECE units or entries, in
 * the order they are written: the left side's units (the first piece opens
 * the document), the right side's, then the entries (the last piece closes
 * the document with the summary).  Threads take the pieces in turn and
 * render each; the one whose turn it is to write streams its piece straight
 * to the file, the others render theirs into their own buffer and write it
 * when its turn comes.  The bytes are those of one thread writing it all,
 * and at most a piece a thread is ever held in memory: a large document is
 * never built in memory and then copied, which cost a page fault every
 * 4 KB of it.
 *
 * A piece of 512 units is 50 to 100 KB at news-article sentence lengths:
 * few enough pieces that the handing over costs nothing measurable, small
 * enough that the buffers stay in the cache.  Below JSON_THREAD_UNITS
 * units in all a second thread costs more than it saves.
 */
#define JSON_PIECE 512
#define JSON_THREAD_UNITS 4096

struct render_json_sides {
	FILE *file;
	const struct comparison *cmp;
	const char *name[2];
	size_t pieces[3];	/* left units, right units, entries: at least 1 each */
	pthread_mutex_t lock;
	pthread_cond_t turned;	/* turn moved on */
	size_t next;		/* the next piece to render */
	size_t turn;		/* the next piece to write */
	size_t end;		/* pieces [.., end) are rendered now */
	int error;		/* errno of the first failed write, or 0 */
	pthread_t thread;
	int threaded;
};

static size_t
json_pieces(size_t count)
{
	return count ? (count + JSON_PIECE - 1) / JSON_PIECE : 1;
}

static void
json_writer_init(struct render_json_sides *w, FILE *file, const struct comparison *cmp,
		 const struct render_options *options)
{
	int s;

	memset(w, 0, sizeof(*w));
	pthread_once(&json_plain_once, json_plain_build);
	w->file = file;
	w->cmp = cmp;
	for (s = 0; s < 2; s++) {
		w->name[s] = options ? options->name[s] : NULL;
		w->pieces[s] = json_pieces(cmp->side[s].units.count);
	}
	w->pieces[2] = json_pieces(cmp->entry_count);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->turned, NULL);
}

static size_t
json_piece_count(const struct render_json_sides *w)
{
	return w->pieces[0] + w->pieces[1] + w->pieces[2];
}

/* Render piece k of the document to out. */
static void
json_piece(struct json_out *out, const struct render_json_sides *w, size_t k)
{
	const struct comparison *cmp = w->cmp;
	size_t from, to;
	int s;

	for (s = 0; s < 2; s++) {
		const struct side *side = &cmp->side[s];

		if (k >= w->pieces[s]) {
			k -= w->pieces[s];
			continue;
		}
		from = k * JSON_PIECE;
		to = side->units.count - from < JSON_PIECE ? side->units.count : from + JSON_PIECE;
		if (k == 0) {
			if (s == 0)
				json_puts(out, "{\n  \"artcmp\": 1,\n");
			json_side_head(out, side, w->name[s], s ? "right" : "left");
		}
		json_units(out, side, from, to);
		if (k == w->pieces[s] - 1)
			json_side_tail(out, side);
		return;
	}
	from = k * JSON_PIECE;
	to = cmp->entry_count - from < JSON_PIECE ? cmp->entry_count : from + JSON_PIECE;
	if (k == 0)
		json_puts(out, "  \"alignment\": [");
	json_entries(out, cmp, from, to);
	if (k == w->pieces[2] - 1) {
		json_puts(out, cmp->entry_count ? "\n  ],\n" : "],\n");
		json_summary(out, &cmp->summary);
		json_puts(out, "}\n");
	}
}

/* Take pieces and render and write them, in turn with the other threads, until none is left. */
static void
json_work(struct render_json_sides *w)
{
	struct json_out *out = xmalloc(sizeof(*out));

	out->error = 0;
	out->mem = NULL;
	out->mem_cap = 0;
	for (;;) {
		size_t k;
		int direct;

		pthread_mutex_lock(&w->lock);
		k = w->next;
		if (k < w->end)
			w->next++;
		direct = k == w->turn;
		pthread_mutex_unlock(&w->lock);
		if (k >= w->end)
			break;
		/* Our turn already: nobody else writes until we pass it on. */
		out->file = direct ? w->file : NULL;
		out->used = 0;
		out->mem_used = 0;
		json_piece(out, w, k);
		if (!direct) {
			pthread_mutex_lock(&w->lock);
			while (w->turn != k)
				pthread_cond_wait(&w->turned, &w->lock);
			pthread_mutex_unlock(&w->lock);
			out->file = w->file;
			if (out->mem_used > 0)
				json_emit(out, out->mem, out->mem_used);
		}
		json_flush(out);
		pthread_mutex_lock(&w->lock);
		w->turn = k + 1;
		if (w->error == 0)
			w->error = out->error;
		pthread_cond_broadcast(&w->turned);
		pthread_mutex_unlock(&w->lock);
	}
	free(out->mem);
	free(out);
}

static void *
json_work_run(void *arg)
{
	json_work(arg);
	return NULL;
}

/* Pieces up to end, by this thread and, when large, a second one. */
static void
json_render_to(struct render_json_sides *w, size_t end)
{
	pthread_t thread;
	int threaded = 0;

	w->end = end;
	if (end - w->next > 1 &&
	    w->cmp->side[0].units.count + w->cmp->side[1].units.count >= JSON_THREAD_UNITS)
		threaded = pthread_create(&thread, NULL, json_work_run, w) == 0;
	json_work(w);
	if (threaded)
		pthread_join(thread, NULL);
}

/* Flush the file and free w; 0, or -1 with errno set when a write failed. */
static int
json_writer_finish(struct render_json_sides *w)
{
	/* Flush here so a full disk or a closed pipe is reported by our caller. */
	int failed = fflush(w->file) != 0 || ferror(w->file) || w->error != 0;

	if (failed && w->error != 0)
		errno = w->error;	/* it may have failed in another thread */
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->turned);
	free(w);
	return failed ? -1 : 0;
}

int
render_json(FILE *file, const struct comparison *cmp, const struct render_options *options)
{
	struct render_json_sides *w = xmalloc(sizeof(*w));

	json_writer_init(w, file, cmp, options);
	json_render_to(w, json_piece_count(w));
	return json_writer_finish(w);
}

static void *
json_sides_run(void *arg)
{
	struct render_json_sides *w = arg;

	json_work(w);
	return NULL;
}

struct render_json_sides *
render_json_begin(FILE *file, const struct comparison *cmp, const struct render_options *options)
{
	struct render_json_sides *w;

	if (cmp->side[0].units.count + cmp->side[1].units.count < JSON_THREAD_UNITS)
		return NULL;
	w = xmalloc(sizeof(*w));
	json_writer_init(w, file, cmp, options);
	w->end = w->pieces[0] + w->pieces[1];
	w->threaded = pthread_create(&w->thread, NULL, json_sides_run, w) == 0;
	if (!w->threaded)
		w->end = 0;	/* all of it written by render_json_end() */
	return w;
}

int
render_json_end(FILE *file, const struct comparison *cmp, const struct render_options *options,
		struct render_json_sides *sides)
{
	if (sides == NULL)
		return render_json(file, cmp, options);
	if (sides->threaded)
		pthread_join(sides->thread, NULL);
	/* The entries were not known when the pieces were counted. */
	sides->pieces[2] = json_pieces(cmp->entry_count);
	json_render_to(sides, json_piece_count(sides));
	return json_writer_finish(sides);
}
