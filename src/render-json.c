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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "render.h"
#include "work.h"

/*
 * Output goes through a buffer of our own, written out with fwrite() in
 * large blocks: the JSON is made of many short pieces, and stdio's per-call
 * locking and bookkeeping cost more than the copying.  Writers reserve room
 * first (json_reserve(): one test for a whole unit line or a whole string)
 * and then store through the cursor p without further tests; numbers and
 * fixed strings go straight into the buffer, never through a temporary.
 *
 * A piece rendered before its turn to be written (see json_work()) is
 * rendered straight into mem, a buffer each thread reuses and grows as
 * needed, and written with one fwrite() when its turn comes: no more than a
 * piece or two is ever held, and nothing is copied twice.  A failed write's
 * errno is kept for render_json()'s caller.
 */
#define JSON_BUF 65536

struct json_out {
	FILE *file;		/* NULL: into mem, to be written when its turn comes */
	int error;		/* errno of the first failed write, or 0 */
	char *p, *lim;		/* the cursor and the end of the room */
	char *base;		/* buf, or mem */
	char *mem;
	size_t mem_cap;
	char buf[JSON_BUF];
};

static void
json_emit(struct json_out *out, const void *bytes, size_t n)
{
	if (n > 0 && fwrite(bytes, 1, n, out->file) != n && out->error == 0)
		out->error = errno != 0 ? errno : EIO;
}

/* From here on, straight to file through buf. */
static void
json_direct(struct json_out *out, FILE *file)
{
	out->file = file;
	out->base = out->p = out->buf;
	out->lim = out->buf + sizeof(out->buf);
}

/* From here on, into mem. */
static void
json_ahead(struct json_out *out)
{
	if (out->mem == NULL) {
		out->mem_cap = 4 * JSON_BUF;
		out->mem = xmalloc(out->mem_cap);
	}
	out->file = NULL;
	out->base = out->p = out->mem;
	out->lim = out->mem + out->mem_cap;
}

static void
json_flush(struct json_out *out)
{
	if (out->file != NULL) {
		json_emit(out, out->base, (size_t)(out->p - out->base));
		out->p = out->base;
	}
}

/*
 * Make room for n more bytes: written out, or mem grown.  Straight to a
 * file, n must be at most JSON_BUF (callers with more go through
 * json_write()).
 */
static void __attribute__((noinline))
json_make_room(struct json_out *out, size_t n)
{
	size_t used = (size_t)(out->p - out->base);

	if (out->file != NULL) {
		json_flush(out);
		return;
	}
	out->mem_cap = used + n > out->mem_cap * 2 ? used + n : out->mem_cap * 2;
	out->mem = xrealloc(out->mem, out->mem_cap);
	out->base = out->mem;
	out->p = out->mem + used;
	out->lim = out->mem + out->mem_cap;
}

/* Room for n bytes at the cursor, which it returns. */
static inline __attribute__((always_inline)) char *
json_reserve(struct json_out *out, size_t n)
{
	if ((size_t)(out->lim - out->p) < n)
		json_make_room(out, n);
	return out->p;
}

static void
json_write(struct json_out *out, const void *bytes, size_t n)
{
	if (out->file != NULL && n > sizeof(out->buf)) {
		json_flush(out);
		json_emit(out, bytes, n);
		return;
	}
	memcpy(json_reserve(out, n), bytes, n);
	out->p += n;
}

static inline __attribute__((always_inline)) void
json_putc(struct json_out *out, char c)
{
	*json_reserve(out, 1) = c;
	out->p++;
}

/* A literal: its length is known at compile time, and so is the copy. */
#define JSON_LIT(d, s) (memcpy((d), (s), sizeof(s) - 1), (d) + sizeof(s) - 1)

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
 * every byte of the article text.  The op and flag names, with their
 * lengths, are set up at the same time.
 */
static uint8_t json_plain[256];

struct json_name {
	const char *s;
	size_t n;
	char pad[16];	/* s, when shorter, so that a copy of 16 bytes writes it */
};

static struct json_name json_op[ALIGN_OP_COUNT];
static struct json_name json_flag[ALIGN_FLAG_COUNT];

static void
json_name_set(struct json_name *name, const char *s)
{
	name->s = s;
	name->n = strlen(s);
	if (name->n < sizeof(name->pad))
		memcpy(name->pad, s, name->n + 1);
}

/* name at d, where there is room for name->n + 16 bytes; returns the end. */
static inline char *
json_name_at(char *d, const struct json_name *name)
{
	if (name->n < sizeof(name->pad))
		memcpy(d, name->pad, sizeof(name->pad));
	else
		memcpy(d, name->s, name->n);
	return d + name->n;
}

/* Built once; pthread_once because renderers may run in any thread. */
static pthread_once_t json_plain_once = PTHREAD_ONCE_INIT;

static void
json_plain_build(void)
{
	unsigned c;

	for (c = 0; c < 256; c++)
		json_plain[c] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
	for (c = 0; c < ALIGN_OP_COUNT; c++)
		json_name_set(&json_op[c], align_op_name((enum align_op)c));
	for (c = 0; c < ALIGN_FLAG_COUNT; c++)
		json_name_set(&json_flag[c], align_flag_name(1u << c));
}

/*
 * Which of p[0 .. 16) are not plain, bit i for p[i]: sixteen bytes tested
 * at once with SSE2 on x86-64 (a byte by the table elsewhere).  Adding 1
 * turns the control bytes 0x00-0x1f into 0x01-0x20 and DEL and every
 * non-ASCII byte into 0x80-0x00, all below 0x21 as signed bytes, so one
 * signed compare finds them all; two more find '"' and '\\'.
 */
static inline unsigned
json_bad_mask(const uint8_t *p)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i low = _mm_cmpgt_epi8(_mm_set1_epi8(0x21), _mm_add_epi8(v, _mm_set1_epi8(1)));
	__m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
	__m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(quote, backslash)));
#else
	unsigned mask = 0, i;

	for (i = 0; i < 16; i++)
		mask |= (unsigned)!json_plain[p[i]] << i;
	return mask;
#endif
}

/*
 * Room for n more bytes at d, inside json_string_body(): tested only when
 * the whole string's room was not reserved up front.
 */
#define JSON_ROOM(n)						\
	do {							\
		if (checked && (size_t)(out->lim - d) < (n)) {	\
			out->p = d;				\
			json_make_room(out, (n));		\
			d = out->p;				\
		}						\
	} while (0)

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
 * Write n bytes of s as a JSON string, quotes included, at out's cursor;
 * s[0 .. readable) may be read (readable >= n), which lets the last bytes
 * of a string be tested 16 at a time too.  Plain bytes are tested and
 * copied 16 at a time; the common two- and three-byte UTF-8 characters that
 * need no escape are copied without decoding (C2 80-9F is C1, E0 and ED
 * have restricted second bytes, E2 80 A8/A9 is U+2028/9: those, the
 * four-byte ones and invalid bytes take the u8_mbtoucr() path).  checked
 * is a constant: 0 when the caller reserved room for the worst case.
 */
static inline __attribute__((always_inline)) void
json_string_body(struct json_out *out, const char *s, size_t n, size_t readable, int checked)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n, *limit = p + readable;
	char *d = out->p;

	JSON_ROOM(1);
	*d++ = '"';
	while (p < end) {
		uint8_t c;
		ucs4_t uc;
		int len;

		/* Whole plain blocks with more to come: the common case, kept tight. */
		while (end - p > 32) {
			unsigned mask = json_bad_mask(p) | json_bad_mask(p + 16);

			JSON_ROOM(32);
			memcpy(d, p, 32);
			if (mask != 0)
				break;
			d += 32;
			p += 32;
		}
		while (end - p > 16) {
			unsigned mask = json_bad_mask(p);

			JSON_ROOM(16);
			memcpy(d, p, 16);
			if (mask != 0)
				break;
			d += 16;
			p += 16;
		}
		if (limit - p >= 16) {
			unsigned mask = json_bad_mask(p);
			size_t k;

			/* All 16 copied, those past the run or the end overwritten later. */
			JSON_ROOM(16);
			memcpy(d, p, 16);
			k = mask != 0 ? (size_t)__builtin_ctz(mask) : 16;
			if (k > (size_t)(end - p))
				k = (size_t)(end - p);
			d += k;
			p += k;
			if (p == end)
				break;
		} else {
			while (p < end && json_plain[*p]) {
				JSON_ROOM(1);
				*d++ = (char)*p++;
			}
			if (p == end)
				break;
		}
		JSON_ROOM(6);
		c = *p;
		if (c >= 0xc2 && c < 0xe0 && end - p >= 2 && (p[1] & 0xc0) == 0x80 &&
		    (c != 0xc2 || p[1] >= 0xa0)) {
			memcpy(d, p, 2);
			d += 2;
			p += 2;
			continue;
		}
		if (c >= 0xe1 && c < 0xf0 && c != 0xed && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80 && !(c == 0xe2 && p[1] == 0x80 && (p[2] & 0xfe) == 0xa8)) {
			memcpy(d, p, 3);
			d += 3;
			p += 3;
			continue;
		}
		switch (c) {
		case '"':
		case '\\':
			d[0] = '\\';
			d[1] = (char)c;
			d += 2;
			p++;
			continue;
		case '\n':
			d = JSON_LIT(d, "\\n");
			p++;
			continue;
		case '\t':
			d = JSON_LIT(d, "\\t");
			p++;
			continue;
		case '\r':
			d = JSON_LIT(d, "\\r");
			p++;
			continue;
		}
		if (c < 0x80) {	/* other C0 controls and DEL */
			json_u4(d, c);
			d += 6;
			p++;
			continue;
		}
		len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len < 0) {
			/* Invalid or truncated sequence: one U+FFFD per byte, like a lossy decoder. */
			json_u4(d, 0xfffd);
			d += 6;
			p++;
			continue;
		}
		if ((uc >= 0x80 && uc < 0xa0) || uc == 0x2028 || uc == 0x2029) {
			json_u4(d, (unsigned)uc);
			d += 6;
		} else {
			memcpy(d, p, (size_t)len);	/* len <= 4 */
			d += len;
		}
		p += len;
	}
	JSON_ROOM(1);
	*d++ = '"';
	out->p = d;
}

/*
 * The most a string of n bytes can take: 6 bytes a byte (\u00XX, or U+FFFD
 * for an invalid byte), the quotes, and the 16 bytes a block copy may write
 * past the last one kept.  A string whose most fits in buf (all but the
 * rarest) has its room reserved once and is written without a test.
 */
#define JSON_STRING_MAX(n) (6 * (n) + 2 + 16)

static void __attribute__((noinline))
json_string_long(struct json_out *out, const char *s, size_t n, size_t readable)
{
	json_string_body(out, s, n, readable, 1);
}

/* Inlined, into the two callers that write most of the output. */
static inline __attribute__((always_inline)) void
json_string(struct json_out *out, const char *s, size_t n, size_t readable)
{
	if (n <= (JSON_BUF - 18) / 6) {
		json_reserve(out, JSON_STRING_MAX(n));
		json_string_body(out, s, n, readable, 0);
	} else {
		json_string_long(out, s, n, readable);
	}
}

/*
 * A number in decimal, at d, where there must be room for 20 bytes;
 * returns the end.  The unit and index lines are most of the output, so
 * the digits go straight to the output, two a step from a table.  The
 * digits are the same as "%zu" gives.
 */
static const char json_digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

#define JSON_UINT_MAX 20

static inline __attribute__((always_inline)) char *
json_uint_at(char *d, unsigned long long value)
{
	/* 10^k, but 0 for k = 0 so that 0 has one digit too. */
	static const unsigned long long powers[20] = {
		0, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
		1000000000, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull,
		10000000000000000ull, 100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
	/* floor(log10) from the bit length (1233/4096 ~ log10(2)), then one test. */
	unsigned t = (unsigned)(64 - __builtin_clzll(value | 1)) * 1233 >> 12;
	size_t len = t + (value >= powers[t]);
	char *p = d + len;
	uint32_t v32;

	while (value > UINT32_MAX) {
		p -= 2;
		memcpy(p, json_digit_pairs + value % 100 * 2, 2);
		value /= 100;
	}
	/* The rest in 32 bits, where dividing by 100 is one short multiply. */
	v32 = (uint32_t)value;
	while (v32 >= 100) {
		p -= 2;
		memcpy(p, json_digit_pairs + v32 % 100 * 2, 2);
		v32 /= 100;
	}
	value = v32;
	if (value >= 10)
		memcpy(p - 2, json_digit_pairs + value * 2, 2);
	else
		p[-1] = (char)('0' + value);
	return d + len;
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
 * At d, where there must be room for JSON_NUMBER_MAX bytes; returns the
 * end.  1.0, the score of every equal entry, is written as it is.
 */
#define JSON_NUMBER_MAX (1 + JSON_UINT_MAX + 4)

static inline char *
json_number_at(char *d, double x)
{
	unsigned long long milli, whole;
	unsigned frac;

	if (x == 1.0)
		return JSON_LIT(d, "1.0");
	if (x != x)	/* NaN */
		x = 0;
	if (x < 0) {
		*d++ = '-';
		x = -x;
	}
	if (x > 1e15)
		x = 1e15;
	milli = (unsigned long long)(x * 1000.0 + 0.5);	/* no libm: x >= 0 here */
	whole = milli / 1000;
	frac = (unsigned)(milli - whole * 1000);
	d = json_uint_at(d, whole);
	d[0] = '.';
	d[1] = (char)('0' + frac / 100);
	memcpy(d + 2, json_digit_pairs + frac % 100 * 2, 2);
	return d + 1 + (frac % 100 == 0 ? 1 : frac % 10 == 0 ? 2 : 3);
}

static void
json_number(struct json_out *out, double x)
{
	out->p = json_number_at(json_reserve(out, JSON_NUMBER_MAX), x);
}

/* A run of bytes of text, clipped to the text should a span overreach. */
static inline __attribute__((always_inline)) void
json_clip(const struct text *text, size_t *offset, size_t *length)
{
	if (*offset > text->length)
		*offset = text->length;
	if (*length > text->length - *offset)
		*length = text->length - *offset;
}

static inline __attribute__((always_inline)) void
json_span(struct json_out *out, const struct text *text, size_t offset, size_t length)
{
	json_clip(text, &offset, &length);
	json_string(out, text->bytes + offset, length, text->length - offset);
}

/*
 * Strings of up to JSON_SHORT bytes have their room reserved together with
 * what comes before and after them in a unit line or a word edit (up to
 * JSON_AROUND bytes): one test for the lot.
 */
#define JSON_AROUND 128
#define JSON_SHORT ((JSON_BUF - 18 - JSON_AROUND) / 6)

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
		const struct text *text = side->text;
		size_t offset = unit->offset, length = unit->length;
		int shorter;
		char *d;

		json_clip(text, &offset, &length);
		shorter = length <= JSON_SHORT;
		/* The line's head, and when short the string and the '}' too. */
		d = json_reserve(out, 16 + JSON_UINT_MAX + 16 + JSON_UINT_MAX + 16 +
				 (shorter ? JSON_STRING_MAX(length) + 1 : 0));
		if (i)
			*d++ = ',';
		d = JSON_LIT(d, "\n    {\"offset\": ");
		d = json_uint_at(d, unit->offset);
		d = JSON_LIT(d, ", \"length\": ");
		d = json_uint_at(d, unit->length);
		out->p = JSON_LIT(d, ", \"text\": ");
		if (shorter) {
			json_string_body(out, text->bytes + offset, length, text->length - offset, 0);
			*out->p++ = '}';
		} else {
			json_string_long(out, text->bytes + offset, length, text->length - offset);
			json_putc(out, '}');
		}
	}
}

static void
json_side_tail(struct json_out *out, const struct side *side)
{
	json_puts(out, side->units.count ? "\n  ]},\n" : "]},\n");
}

/* An index list at d, where there is room for JSON_INDICES_MAX(count) bytes. */
#define JSON_INDICES_MAX(count) (2 + (count) * (JSON_UINT_MAX + 2))

static inline char *
json_indices_at(char *d, size_t first, size_t count)
{
	size_t i;

	*d++ = '[';
	for (i = 0; i < count; i++) {
		if (i > 0)
			d = JSON_LIT(d, ", ");
		d = json_uint_at(d, first + i);
	}
	*d++ = ']';
	return d;
}

/* The same with room made as it goes, for lists of any length. */
static void __attribute__((noinline))
json_indices(struct json_out *out, size_t first, size_t count)
{
	size_t i;
	char *d = json_reserve(out, 1 + JSON_UINT_MAX + 1);

	*d++ = '[';
	for (i = 0; i < count; i++) {
		if (i > 0) {
			out->p = d;
			d = JSON_LIT(json_reserve(out, 2 + JSON_UINT_MAX + 1), ", ");
		}
		d = json_uint_at(d, first + i);
	}
	*d++ = ']';
	out->p = d;
}

static void
json_words(struct json_out *out, const struct comparison *cmp, const struct word_list *words)
{
	/*
	 * Each edit's opening, by op, after the first: the first drops the
	 * ", ".  Arrays of 32 so that a copy of a fixed 30 bytes (a few moves)
	 * can take any of them; the room for all 32 is reserved.
	 */
	static const char open[3][32] = {
		[WORD_EQUAL] = ", {\"op\": \"equal\", \"text\": ",
		[WORD_DELETE] = ", {\"op\": \"delete\", \"text\": ",
		[WORD_INSERT] = ", {\"op\": \"insert\", \"text\": ",
	};
	static const unsigned char open_n[3] = { [WORD_EQUAL] = 26, [WORD_DELETE] = 27,
						 [WORD_INSERT] = 27 };
	size_t i;
	char *d = json_reserve(out, 16);

	out->p = JSON_LIT(d, ", \"words\": [");
	for (i = 0; i < words->count; i++) {
		const struct word_edit *edit = &words->edit[i];
		/* Equal text is shown from the left, as the contract says. */
		int s = edit->op == WORD_INSERT;
		unsigned k = edit->op == WORD_EQUAL ? WORD_EQUAL :
			     edit->op == WORD_DELETE ? WORD_DELETE : WORD_INSERT;
		size_t skip = i ? 0 : 2;
		const struct text *text = cmp->side[s].text;
		size_t offset = edit->span[s].offset, length = edit->span[s].length;
		int shorter;

		json_clip(text, &offset, &length);
		shorter = length <= JSON_SHORT;
		/* The opening, and when short the string and the '}' too. */
		d = json_reserve(out, 32 + (shorter ? JSON_STRING_MAX(length) + 1 : 0));
		memcpy(d, open[k] + skip, 30);
		out->p = d + open_n[k] - skip;
		if (shorter) {
			json_string_body(out, text->bytes + offset, length, text->length - offset, 0);
			*out->p++ = '}';
		} else {
			json_string_long(out, text->bytes + offset, length, text->length - offset);
			json_putc(out, '}');
		}
	}
	json_putc(out, ']');
}

static void
json_flags(struct json_out *out, unsigned flags)
{
	unsigned i;
	int first = 1;
	char *d;

	if (flags == 0) {	/* most pairs */
		out->p = JSON_LIT(json_reserve(out, 14), ", \"flags\": []");
		return;
	}
	out->p = JSON_LIT(json_reserve(out, 12), ", \"flags\": [");
	for (i = 0; i < ALIGN_FLAG_COUNT; i++) {
		if (!(flags & (1u << i)))
			continue;
		d = json_reserve(out, 3 + json_flag[i].n + 16);
		if (!first)
			d = JSON_LIT(d, ", ");
		*d++ = '"';
		d = json_name_at(d, &json_flag[i]);
		*d++ = '"';
		out->p = d;
		first = 0;
	}
	json_putc(out, ']');
}

/* Index lists of up to this many are written without a test each. */
#define JSON_ENTRY_INDICES 4

static void
json_entry(struct json_out *out, const struct comparison *cmp, const struct align_entry *entry)
{
	int paired = entry->op == ALIGN_CHANGE || entry->op == ALIGN_MOVE;
	/* The contract gives deletes and inserts no score: nothing was compared. */
	int scored = entry->op != ALIGN_DELETE && entry->op != ALIGN_INSERT;
	double score = entry->op == ALIGN_EQUAL ? 1.0 : entry->score;
	const struct json_name *op = &json_op[entry->op];
	char *d;

	if (entry->left_count <= JSON_ENTRY_INDICES && entry->right_count <= JSON_ENTRY_INDICES) {
		/* All but a few: the head up to the score in one reservation. */
		d = json_reserve(out, 12 + op->n + 16 + 11 + JSON_INDICES_MAX(JSON_ENTRY_INDICES) +
				 11 + JSON_INDICES_MAX(JSON_ENTRY_INDICES) + 11 + JSON_NUMBER_MAX);
		d = JSON_LIT(d, "    {\"op\": \"");
		d = json_name_at(d, op);
		d = JSON_LIT(d, "\", \"left\": ");
		d = json_indices_at(d, entry->left_first, entry->left_count);
		d = JSON_LIT(d, ", \"right\": ");
		d = json_indices_at(d, entry->right_first, entry->right_count);
		if (scored) {
			d = JSON_LIT(d, ", \"score\": ");
			d = json_number_at(d, score);
		}
		out->p = d;
	} else {
		d = json_reserve(out, 12 + op->n + 16 + 11);
		d = JSON_LIT(d, "    {\"op\": \"");
		d = json_name_at(d, op);
		out->p = JSON_LIT(d, "\", \"left\": ");
		json_indices(out, entry->left_first, entry->left_count);
		out->p = JSON_LIT(json_reserve(out, 11), ", \"right\": ");
		json_indices(out, entry->right_first, entry->right_count);
		if (scored) {
			out->p = JSON_LIT(json_reserve(out, 11), ", \"score\": ");
			json_number(out, score);
		}
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
		char *d = json_reserve(out, 2);

		if (i)
			*d++ = ',';
		*d++ = '\n';
		out->p = d;
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
	struct work thread;
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
		if (direct)
			json_direct(out, w->file);
		else
			json_ahead(out);
		json_piece(out, w, k);
		if (!direct) {
			pthread_mutex_lock(&w->lock);
			while (w->turn != k)
				pthread_cond_wait(&w->turned, &w->lock);
			pthread_mutex_unlock(&w->lock);
			out->file = w->file;
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
	struct work thread;
	int threaded = 0;

	w->end = end;
	if (end - w->next > 1 &&
	    w->cmp->side[0].units.count + w->cmp->side[1].units.count >= JSON_THREAD_UNITS)
		threaded = work_start(&thread, json_work_run, w, WORK_QUEUED);
	json_work(w);
	if (threaded)
		work_join(&thread);
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
	w->end = 0;	/* until started, all of it written by render_json_end() */
	w->threaded = 0;
	return w;
}

void
render_json_sides_start(struct render_json_sides *w)
{
	if (w == NULL || w->threaded)
		return;
	w->end = w->pieces[0] + w->pieces[1];
	w->threaded = work_start(&w->thread, json_sides_run, w, WORK_QUEUED);
	if (!w->threaded)
		w->end = 0;
}

int
render_json_end(FILE *file, const struct comparison *cmp, const struct render_options *options,
		struct render_json_sides *sides)
{
	if (sides == NULL)
		return render_json(file, cmp, options);
	if (sides->threaded)
		work_join(&sides->thread);
	/* The entries were not known when the pieces were counted. */
	sides->pieces[2] = json_pieces(cmp->entry_count);
	json_render_to(sides, json_piece_count(sides));
	return json_writer_finish(sides);
}
