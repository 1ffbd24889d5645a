/*
 * test-render: the JSON contract (--format=json), read back with a small
 * strict JSON parser of the test's own, so that what a script would see is
 * what gets checked: it parses, every unit index of each side appears in
 * exactly one entry, units carry their bytes, words/score/flags are where the
 * contract puts them, strings are escaped, write errors are reported.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixtures.h"
#include "render.h"

/* ---- a minimal strict JSON parser (RFC 8259), enough for the contract ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	double number;
	char *string;		/* decoded UTF-8, NUL-terminated (JSON_STRING) */
	size_t length;
	struct json **item;	/* array items or object values */
	char **key;		/* object keys */
	size_t count;
};

struct parser {
	const char *p, *end;
	int failed;
};

static struct json *json_value(struct parser *ps, int depth);

static void
json_free(struct json *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->count; i++) {
		json_free(v->item[i]);
		if (v->key)
			free(v->key[i]);
	}
	free(v->item);
	free(v->key);
	free(v->string);
	free(v);
}

static void
skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
hex4(struct parser *ps, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (ps->end - ps->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = *ps->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(char *buf, size_t *n, unsigned uc)
{
	if (uc < 0x80) {
		buf[(*n)++] = (char)uc;
	} else if (uc < 0x800) {
		buf[(*n)++] = (char)(0xc0 | uc >> 6);
		buf[(*n)++] = (char)(0x80 | (uc & 0x3f));
	} else if (uc < 0x10000) {
		buf[(*n)++] = (char)(0xe0 | uc >> 12);
		buf[(*n)++] = (char)(0x80 | ((uc >> 6) & 0x3f));
		buf[(*n)++] = (char)(0x80 | (uc & 0x3f));
	} else {
		buf[(*n)++] = (char)(0xf0 | uc >> 18);
		buf[(*n)++] = (char)(0x80 | ((uc >> 12) & 0x3f));
		buf[(*n)++] = (char)(0x80 | ((uc >> 6) & 0x3f));
		buf[(*n)++] = (char)(0x80 | (uc & 0x3f));
	}
}

/* Parse a string at ps->p (on the opening quote); NULL on a syntax error. */
static char *
json_string(struct parser *ps, size_t *length)
{
	/* Decoded text is never longer than its escaped form. */
	char *buf = malloc((size_t)(ps->end - ps->p) + 1);
	size_t n = 0;

	assert_non_null(buf);
	ps->p++;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p++;
		unsigned uc, lo;

		if (c < 0x20)
			goto bad;	/* raw control characters are not JSON */
		if (c != '\\') {
			buf[n++] = (char)c;
			continue;
		}
		if (ps->p == ps->end)
			goto bad;
		switch (*ps->p++) {
		case '"': buf[n++] = '"'; break;
		case '\\': buf[n++] = '\\'; break;
		case '/': buf[n++] = '/'; break;
		case 'b': buf[n++] = '\b'; break;
		case 'f': buf[n++] = '\f'; break;
		case 'n': buf[n++] = '\n'; break;
		case 'r': buf[n++] = '\r'; break;
		case 't': buf[n++] = '\t'; break;
		case 'u':
			if (hex4(ps, &uc) != 0)
				goto bad;
			if (uc >= 0xd800 && uc < 0xdc00) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u')
					goto bad;
				ps->p += 2;
				if (hex4(ps, &lo) != 0 || lo < 0xdc00 || lo >= 0xe000)
					goto bad;
				uc = 0x10000 + ((uc - 0xd800) << 10) + (lo - 0xdc00);
			} else if (uc >= 0xdc00 && uc < 0xe000) {
				goto bad;
			}
			put_utf8(buf, &n, uc);
			break;
		default:
			goto bad;
		}
	}
	if (ps->p == ps->end)
		goto bad;
	ps->p++;
	buf[n] = '\0';
	*length = n;
	return buf;
bad:
	free(buf);
	ps->failed = 1;
	return NULL;
}

static int
json_number_syntax(struct parser *ps)
{
	const char *p = ps->p;

	if (p < ps->end && *p == '-')
		p++;
	if (p < ps->end && *p == '0')
		p++;
	else if (p < ps->end && *p >= '1' && *p <= '9')
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (p < ps->end && *p == '.') {
		p++;
		if (p == ps->end || *p < '0' || *p > '9')
			return -1;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p == ps->end || *p < '0' || *p > '9')
			return -1;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	return (int)(p - ps->p);
}

static void
push_item(struct json *v, struct json *item, char *key)
{
	v->item = realloc(v->item, (v->count + 1) * sizeof(*v->item));
	assert_non_null(v->item);
	v->item[v->count] = item;
	if (v->type == JSON_OBJECT) {
		v->key = realloc(v->key, (v->count + 1) * sizeof(*v->key));
		assert_non_null(v->key);
		v->key[v->count] = key;
	}
	v->count++;
}

static struct json *
json_value(struct parser *ps, int depth)
{
	struct json *v;
	int len;

	skip_space(ps);
	if (ps->failed || ps->p == ps->end || depth > 64) {
		ps->failed = 1;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	assert_non_null(v);
	switch (*ps->p) {
	case '{':
	case '[':
		v->type = *ps->p == '{' ? JSON_OBJECT : JSON_ARRAY;
		ps->p++;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == (v->type == JSON_OBJECT ? '}' : ']')) {
			ps->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			size_t key_length;
			struct json *item;

			if (v->type == JSON_OBJECT) {
				skip_space(ps);
				if (ps->p == ps->end || *ps->p != '"')
					goto bad;
				key = json_string(ps, &key_length);
				skip_space(ps);
				if (key == NULL || ps->p == ps->end || *ps->p != ':') {
					free(key);
					goto bad;
				}
				ps->p++;
			}
			item = json_value(ps, depth + 1);
			if (item == NULL) {
				free(key);
				goto bad;
			}
			push_item(v, item, key);
			skip_space(ps);
			if (ps->p == ps->end)
				goto bad;
			if (*ps->p == ',') {
				ps->p++;
				continue;
			}
			if (*ps->p != (v->type == JSON_OBJECT ? '}' : ']'))
				goto bad;
			ps->p++;
			return v;
		}
	case '"':
		v->type = JSON_STRING;
		v->string = json_string(ps, &v->length);
		if (v->string == NULL)
			goto bad;
		return v;
	case 't':
	case 'f':
	case 'n':
		if (ps->end - ps->p >= 4 && memcmp(ps->p, "true", 4) == 0) {
			v->type = JSON_BOOL, v->number = 1, ps->p += 4;
		} else if (ps->end - ps->p >= 5 && memcmp(ps->p, "false", 5) == 0) {
			v->type = JSON_BOOL, ps->p += 5;
		} else if (ps->end - ps->p >= 4 && memcmp(ps->p, "null", 4) == 0) {
			v->type = JSON_NULL, ps->p += 4;
		} else {
			goto bad;
		}
		return v;
	default:
		len = json_number_syntax(ps);
		if (len <= 0)
			goto bad;
		{
			char tmp[64];

			if ((size_t)len >= sizeof(tmp))
				goto bad;
			memcpy(tmp, ps->p, (size_t)len);
			tmp[len] = '\0';
			v->type = JSON_NUMBER;
			v->number = strtod(tmp, NULL);
		}
		ps->p += len;
		return v;
	}
bad:
	ps->failed = 1;
	json_free(v);
	return NULL;
}

/* Parse a whole document; NULL when it is not exactly one JSON value. */
static struct json *
json_parse(const char *s, size_t n)
{
	struct parser ps = { s, s + n, 0 };
	struct json *v = json_value(&ps, 0);

	skip_space(&ps);
	if (v == NULL || ps.failed || ps.p != ps.end) {
		json_free(v);
		return NULL;
	}
	return v;
}

static const struct json *
json_get(const struct json *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->count; i++)
		if (strcmp(obj->key[i], key) == 0)
			return obj->item[i];
	return NULL;
}

static const struct json *
json_expect(const struct json *obj, const char *key, enum json_type type)
{
	const struct json *v = json_get(obj, key);

	if (v == NULL)
		fail_msg("missing key \"%s\"", key);
	assert_int_equal(v->type, type);
	return v;
}

/* ---- helpers ---- */

/* Render cmp to memory; *length gets the size.  The caller frees. */
static char *
render_to_string(const struct comparison *cmp, const char *left_name, const char *right_name,
		 size_t *length)
{
	struct render_options options = { { left_name, right_name }, 80, 0, 0 };
	char *buf = NULL;
	FILE *out = open_memstream(&buf, length);

	assert_non_null(out);
	assert_int_equal(render_json(out, cmp, &options), 0);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static struct json *
render_and_parse(const struct comparison *cmp, const char *left_name, const char *right_name)
{
	size_t length;
	char *buf = render_to_string(cmp, left_name, right_name, &length);
	struct json *doc = json_parse(buf, length);

	if (doc == NULL)
		fail_msg("render_json wrote invalid JSON:\n%s", buf);
	free(buf);
	return doc;
}

static const char *const op_names[] = { "equal", "change", "delete", "insert", "move" };

/*
 * The contract's promises on one document, checked against the comparison
 * it came from: the header, every unit's offset/length/text, ops and index
 * lists, every index of each side in exactly one entry, score only where
 * the contract has one, words and flags on change and move entries.
 */
static void
check_contract(const struct json *doc, const struct comparison *cmp,
	       const char *left_name, const char *right_name)
{
	static const char *const side_key[2] = { "left", "right" };
	const char *names[2] = { left_name, right_name };
	const struct json *alignment;
	unsigned char *seen[2];
	size_t i, j;
	int s;

	assert_int_equal(doc->type, JSON_OBJECT);
	assert_true(json_expect(doc, "artcmp", JSON_NUMBER)->number == 1);
	for (s = 0; s < 2; s++) {
		const struct json *side = json_expect(doc, side_key[s], JSON_OBJECT);
		const struct json *units = json_expect(side, "units", JSON_ARRAY);
		const struct text *text = cmp->side[s].text;

		assert_string_equal(json_expect(side, "name", JSON_STRING)->string, names[s]);
		assert_int_equal(units->count, cmp->side[s].units.count);
		for (i = 0; i < units->count; i++) {
			const struct json *u = units->item[i];
			double offset = json_expect(u, "offset", JSON_NUMBER)->number;
			double length = json_expect(u, "length", JSON_NUMBER)->number;
			const struct json *t = json_expect(u, "text", JSON_STRING);

			assert_true(offset >= 0 && length >= 1);
			assert_true(offset + length <= (double)text->length);
			/* The text is exactly the bytes the offsets point at. */
			assert_int_equal(t->length, (size_t)length);
			assert_memory_equal(t->string, text->bytes + (size_t)offset, (size_t)length);
		}
		seen[s] = calloc(units->count + 1, 1);
		assert_non_null(seen[s]);
	}

	alignment = json_expect(doc, "alignment", JSON_ARRAY);
	assert_int_equal(alignment->count, cmp->entry_count);
	for (i = 0; i < alignment->count; i++) {
		const struct json *e = alignment->item[i];
		const char *op = json_expect(e, "op", JSON_STRING)->string;
		size_t count[2];
		int known = 0, paired;

		for (j = 0; j < ARRAY_SIZE(op_names); j++)
			known |= strcmp(op, op_names[j]) == 0;
		if (!known)
			fail_msg("unknown op \"%s\"", op);
		assert_string_equal(op, align_op_name(cmp->entry[i].op));
		for (s = 0; s < 2; s++) {
			const struct json *list = json_expect(e, side_key[s], JSON_ARRAY);
			size_t unit_count = cmp->side[s].units.count;

			count[s] = list->count;
			for (j = 0; j < list->count; j++) {
				double index = list->item[j]->number;

				assert_int_equal(list->item[j]->type, JSON_NUMBER);
				assert_true(index >= 0 && index < (double)unit_count);
				if (seen[s][(size_t)index])
					fail_msg("%s unit %zu appears in two entries", side_key[s],
						 (size_t)index);
				seen[s][(size_t)index] = 1;
			}
		}
		if (strcmp(op, "delete") == 0) {
			assert_true(count[0] >= 1 && count[1] == 0);
		} else if (strcmp(op, "insert") == 0) {
			assert_true(count[0] == 0 && count[1] >= 1);
		} else {
			double score = json_expect(e, "score", JSON_NUMBER)->number;

			assert_true(count[0] >= 1 && count[1] >= 1);
			assert_true(score >= 0 && score <= 1);
			if (strcmp(op, "equal") == 0)
				assert_true(score == 1.0);
		}
		paired = strcmp(op, "change") == 0 || strcmp(op, "move") == 0;
		if (paired) {
			const struct json *words = json_expect(e, "words", JSON_ARRAY);
			const struct json *flags = json_expect(e, "flags", JSON_ARRAY);

			for (j = 0; j < words->count; j++) {
				const char *wop = json_expect(words->item[j], "op", JSON_STRING)->string;

				assert_true(strcmp(wop, "equal") == 0 || strcmp(wop, "delete") == 0 ||
					    strcmp(wop, "insert") == 0);
				json_expect(words->item[j], "text", JSON_STRING);
			}
			for (j = 0; j < flags->count; j++)
				assert_int_equal(flags->item[j]->type, JSON_STRING);
		} else {
			assert_null(json_get(e, "words"));
		}
	}
	for (s = 0; s < 2; s++) {
		for (i = 0; i < cmp->side[s].units.count; i++)
			if (!seen[s][i])
				fail_msg("%s unit %zu appears in no entry", side_key[s], i);
		free(seen[s]);
	}

	{
		const struct json *summary = json_expect(doc, "summary", JSON_OBJECT);
		static const char *const shares[] = { "reused", "right_verbatim", "right_paraphrased",
			"right_new", "left_used", "similarity" };

		for (i = 0; i < ARRAY_SIZE(op_names); i++)
			assert_true(json_expect(summary, op_names[i], JSON_NUMBER)->number ==
				    (double)cmp->summary.count[i]);
		for (i = 0; i < ARRAY_SIZE(shares); i++) {
			double share = json_expect(summary, shares[i], JSON_NUMBER)->number;

			assert_true(share >= 0 && share <= 1);
		}
		json_expect(summary, "flags", JSON_OBJECT);
	}
}

struct pair {
	const char *left, *right;
};

static void
check_pair(const char *left, const char *right, enum segment_kind kind)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("wire.txt", left), *b = fixture_text("copy.txt", right);
	struct comparison *cmp = comparison_new(a, b, kind, &options);
	struct json *doc = render_and_parse(cmp, "wire.txt", "copy.txt");

	check_contract(doc, cmp, "wire.txt", "copy.txt");
	json_free(doc);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

/* ---- tests ---- */

static void
json_parses_and_covers_every_unit_once(void **state)
{
	static const struct pair pairs[] = {
		/* identical */
		{ "The minister resigned on Monday. Protests followed.\n",
		  "The minister resigned on Monday. Protests followed.\n" },
		/* paraphrase, added and dropped sentences */
		{ "Officials said 12 people died. Rescue teams arrived at dawn. The road is closed.\n",
		  "At least 12 people were killed, officials said. The road is closed.\n\n"
		  "Also Read | Storm warning issued\n" },
		/* reordered paragraphs */
		{ "First paragraph here.\n\nSecond paragraph here.\n\nThird one.\n",
		  "Third one.\n\nFirst paragraph here.\n\nSecond paragraph here.\n" },
		/* all new */
		{ "Alpha beta gamma.\n", "Completely different words now. And more of them.\n" },
		/* duplicates */
		{ "Same. Same. Same.\n", "Same. Same.\n" },
		/* an empty side, each way, and both */
		{ "", "Only the right side has text.\n" },
		{ "Only the left side has text.\n", "" },
		{ "", "" },
		/* one-sentence sides */
		{ "One sentence.", "One sentence, changed." },
	};
	size_t i;
	int kind;

	(void)state;
	for (kind = SEGMENT_SENTENCE; kind <= SEGMENT_PARAGRAPH; kind++)
		for (i = 0; i < ARRAY_SIZE(pairs); i++)
			check_pair(pairs[i].left, pairs[i].right, (enum segment_kind)kind);
}

static void
json_round_trips_control_characters_escaped(void **state)
{
	/* ESC [ 31 m, a tab, DEL, a C1 CSI (U+009B), a line separator, a bell. */
	static const char left[] = "Red \x1b[31malert\x1b[0m\there \x7f and \xc2\x9b" "2J now.\n";
	static const char right[] = "Quote \"this\" \\ and \xe2\x80\xa8 then \x07 ding. Caf\xc3\xa9 \xe2\x9c\x93.\n";
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("a", left), *b = fixture_text("b", right);
	struct comparison *cmp = comparison_new(a, b, SEGMENT_PARAGRAPH, &options);
	size_t length, i;
	char *buf = render_to_string(cmp, "a", "b", &length);
	struct json *doc = json_parse(buf, length);

	(void)state;
	assert_non_null(doc);
	/* Nothing a terminal would act on leaves raw: only newlines between lines. */
	for (i = 0; i < length; i++) {
		unsigned char c = (unsigned char)buf[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			fail_msg("raw control byte 0x%02x at %zu", c, i);
		if (c == 0xc2 && i + 1 < length && (unsigned char)buf[i + 1] >= 0x80 &&
		    (unsigned char)buf[i + 1] < 0xa0)
			fail_msg("raw C1 control at %zu", i);
		if (c == 0xe2 && i + 2 < length && (unsigned char)buf[i + 1] == 0x80 &&
		    ((unsigned char)buf[i + 2] == 0xa8 || (unsigned char)buf[i + 2] == 0xa9))
			fail_msg("raw line separator at %zu", i);
	}
	/* Valid UTF-8 passes through as itself, not as \u escapes. */
	assert_non_null(strstr(buf, "Caf\xc3\xa9 \xe2\x9c\x93"));
	assert_non_null(strstr(buf, "\\u001b[31m"));
	check_contract(doc, cmp, "a", "b");
	json_free(doc);
	free(buf);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

/*
 * Strings are tested and copied 32 and 16 bytes at a time: every kind of
 * byte that needs care, at every position of two 32-byte steps and the
 * 16-byte blocks after them, in lines whose last ones end the text (where
 * fewer than 16 bytes are left to read), in the units, the words of
 * changed lines and the labels.
 */
static void
json_escapes_at_every_position(void **state)
{
	static const char *const specials[] = { "\"", "\\", "\x01", "\x1f", "\x7f", "\t",
		"\xc2\x85", "\xc2\xa0", "\xc3\xa9", "\xdf\xbf", "\xe0\xa4\x85", "\xe2\x80\xa8",
		"\xe2\x80\xa9", "\xe2\x80\x9c", "\xed\x9f\xbf", "\xe4\xb8\xad", "\xf0\x9f\x98\x80" };
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	size_t k, i;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(specials); k++) {
		char left[80 * 72], right[80 * 72], label[64];
		size_t ln = 0, rn = 0;
		struct text *a, *b;
		struct comparison *cmp;
		struct json *doc;

		for (i = 0; i < 68; i++) {
			/* i plain bytes, the special one, plain bytes to 70 or so */
			ln += (size_t)sprintf(left + ln, "%.*s%s%.*s\n", (int)i,
					      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop"
					      "abcdefghijklmnopqrstuvwxyz", specials[k], (int)(68 - i),
					      "zyxwvutsrqponmlkjihgfedcba zyxwvutsrq"
					      "zyxwvutsrqponmlkjihgfedcba zyxwvut");
			rn += (size_t)sprintf(right + rn, "%.*s%s%.*s new\n", (int)i,
					      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop"
					      "abcdefghijklmnopqrstuvwxyz", specials[k], (int)(68 - i),
					      "zyxwvutsrqponmlkjihgfedcba zyxwvutsrq"
					      "zyxwvutsrqponmlkjihgfedcba zyxwvut");
		}
		/* The last lines end the text: nothing to read past them. */
		ln += (size_t)sprintf(left + ln, "x%s", specials[k]);
		rn += (size_t)sprintf(right + rn, "y%s", specials[k]);
		snprintf(label, sizeof(label), "%.*s%s%.*s", (int)(k % 20), "labellabellabellabel",
			 specials[k], (int)(20 - k % 20), "12345678901234567890");
		a = fixture_text(label, left);
		b = fixture_text("right", right);
		cmp = comparison_new(a, b, SEGMENT_LINE, &options);
		doc = render_and_parse(cmp, label, "right");
		check_contract(doc, cmp, label, "right");
		json_free(doc);
		comparison_free(cmp);
		text_free(a);
		text_free(b);
	}
}

static void
json_escapes_label_quotes_and_invalid_bytes(void **state)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("a", "Text.\n"), *b = fixture_text("b", "Text.\n");
	struct comparison *cmp = comparison_new(a, b, SEGMENT_SENTENCE, &options);
	/* A label from argv may hold anything: a quote, a backslash, a stray byte. */
	struct json *doc = render_and_parse(cmp, "my \"wire\" \\ copy\xff.txt", "\xe6\x97\xa5\xe6\x9c\xac.txt");
	const struct json *left = json_expect(doc, "left", JSON_OBJECT);
	const struct json *right = json_expect(doc, "right", JSON_OBJECT);

	(void)state;
	assert_string_equal(json_expect(left, "name", JSON_STRING)->string,
			    "my \"wire\" \\ copy\xef\xbf\xbd.txt");
	assert_string_equal(json_expect(right, "name", JSON_STRING)->string, "\xe6\x97\xa5\xe6\x9c\xac.txt");
	json_free(doc);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

/* Byte span of the first occurrence of word in text. */
static struct word_span
span_of(const struct text *text, const char *word)
{
	const char *p = strstr(text->bytes, word);
	struct word_span span;

	assert_non_null(p);
	span.offset = (size_t)(p - text->bytes);
	span.length = strlen(word);
	return span;
}

static void
set_entry(struct align_entry *e, enum align_op op, size_t lf, size_t lc, size_t rf, size_t rc,
	  double score)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->left_first = lf;
	e->left_count = lc;
	e->right_first = rf;
	e->right_count = rc;
	e->score = score;
}

/*
 * A hand-made alignment, independent of the engine, so the renderer's own
 * promises are checked: words with their text (equal from the left), score
 * printed to three places, no score on delete and insert, flag names, an
 * empty flags list, summary shares and flag counts.
 */
static void
json_change_and_move_entries_carry_words_score_and_flags(void **state)
{
	static const char left[] = "Police said 12 died.\nMarkets fell.\nSmith spoke later.\nRain came.\n";
	static const char right[] = "Smith spoke later.\nPolice said 14 died.\nExtra line.\n";
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("l", left), *b = fixture_text("r", right);
	struct comparison *cmp = comparison_new(a, b, SEGMENT_LINE, &options);
	struct json *doc;
	const struct json *alignment, *e, *words, *flags, *summary;
	struct word_edit *edit;
	size_t i;

	(void)state;
	assert_int_equal(cmp->side[0].units.count, 4);
	assert_int_equal(cmp->side[1].units.count, 3);
	for (i = 0; i < cmp->entry_count; i++)
		worddiff_free(&cmp->entry[i].words);
	free(cmp->entry);
	cmp->entry = xcalloc(5, sizeof(*cmp->entry));
	cmp->entry_count = 5;
	set_entry(&cmp->entry[0], ALIGN_MOVE, 2, 1, 0, 1, 0.9);
	set_entry(&cmp->entry[1], ALIGN_CHANGE, 0, 1, 1, 1, 0.7142);
	cmp->entry[1].flags = ALIGN_FLAG_NUMBER | ALIGN_FLAG_NAME;
	edit = xcalloc(3, sizeof(*edit));
	edit[0].op = WORD_EQUAL;
	edit[0].span[0] = span_of(a, "Police said");
	edit[0].span[1] = span_of(b, "Police said");
	edit[1].op = WORD_DELETE;
	edit[1].span[0] = span_of(a, "12");
	edit[2].op = WORD_INSERT;
	edit[2].span[1] = span_of(b, "14");
	cmp->entry[1].words.edit = edit;
	cmp->entry[1].words.count = 3;
	set_entry(&cmp->entry[2], ALIGN_DELETE, 1, 1, 2, 0, 0);
	set_entry(&cmp->entry[3], ALIGN_DELETE, 3, 1, 2, 0, 0);
	set_entry(&cmp->entry[4], ALIGN_INSERT, 4, 0, 2, 1, 0);
	cmp->summary.count[ALIGN_CHANGE] = 1;
	cmp->summary.count[ALIGN_MOVE] = 1;
	cmp->summary.count[ALIGN_DELETE] = 2;
	cmp->summary.count[ALIGN_INSERT] = 1;
	cmp->summary.reused = 0.5;
	cmp->summary.similarity = 2.0 / 3.0;
	cmp->summary.flag_count[0] = 1;
	cmp->summary.flag_count[4] = 1;

	doc = render_and_parse(cmp, "l", "r");
	check_contract(doc, cmp, "l", "r");
	alignment = json_expect(doc, "alignment", JSON_ARRAY);

	e = alignment->item[0];
	assert_string_equal(json_expect(e, "op", JSON_STRING)->string, "move");
	assert_true(json_expect(e, "score", JSON_NUMBER)->number == 0.9);
	assert_int_equal(json_expect(e, "words", JSON_ARRAY)->count, 0);
	assert_int_equal(json_expect(e, "flags", JSON_ARRAY)->count, 0);

	e = alignment->item[1];
	assert_true(json_expect(e, "score", JSON_NUMBER)->number == 0.714);
	words = json_expect(e, "words", JSON_ARRAY);
	assert_int_equal(words->count, 3);
	assert_string_equal(json_expect(words->item[0], "op", JSON_STRING)->string, "equal");
	assert_string_equal(json_expect(words->item[0], "text", JSON_STRING)->string, "Police said");
	assert_string_equal(json_expect(words->item[1], "op", JSON_STRING)->string, "delete");
	assert_string_equal(json_expect(words->item[1], "text", JSON_STRING)->string, "12");
	assert_string_equal(json_expect(words->item[2], "op", JSON_STRING)->string, "insert");
	assert_string_equal(json_expect(words->item[2], "text", JSON_STRING)->string, "14");
	flags = json_expect(e, "flags", JSON_ARRAY);
	assert_int_equal(flags->count, 2);
	assert_string_equal(flags->item[0]->string, "number");
	assert_string_equal(flags->item[1]->string, "name");

	/* Deletes and inserts compare nothing: no score, no words. */
	assert_null(json_get(alignment->item[2], "score"));
	assert_null(json_get(alignment->item[4], "score"));
	assert_null(json_get(alignment->item[4], "words"));

	summary = json_expect(doc, "summary", JSON_OBJECT);
	assert_true(json_expect(summary, "reused", JSON_NUMBER)->number == 0.5);
	assert_true(json_expect(summary, "similarity", JSON_NUMBER)->number == 0.667);
	assert_true(json_expect(json_expect(summary, "flags", JSON_OBJECT), "name",
				JSON_NUMBER)->number == 1);

	json_free(doc);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

/* Append s to buf (size bytes) as a JSON string; s is printable ASCII here. */
static void
append_quoted(char *buf, size_t size, const char *s, size_t n)
{
	size_t len = strlen(buf), i;

	assert_true(len + 2 * n + 3 < size);
	buf[len++] = '"';
	for (i = 0; i < n; i++) {
		assert_true(s[i] >= 0x20 && s[i] < 0x7f);
		if (s[i] == '"' || s[i] == '\\')
			buf[len++] = '\\';
		buf[len++] = s[i];
	}
	buf[len++] = '"';
	buf[len] = '\0';
}

static void
append_indices(char *buf, size_t size, size_t first, size_t count)
{
	size_t i;

	snprintf(buf + strlen(buf), size - strlen(buf), "[");
	for (i = 0; i < count; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%zu", i ? ", " : "", first + i);
	snprintf(buf + strlen(buf), size - strlen(buf), "]");
}

/*
 * Unit lines and entries are written with one reservation when short (index
 * lists of up to 4, strings up to ~10.9 KB) and piece by piece otherwise:
 * both come out as printf writes them.  Entries of every op with 0 to 6
 * indices a side (first indices past 2^32 too), scores that round, clamp or
 * are no number, flags none or some, words short and longer than the short
 * path takes; units of either length.
 */
static void
json_lines_match_a_printf_rendering(void **state)
{
	static const struct {
		double score;
		const char *text;
	} scores[] = {
		{ 0.7142, "0.714" }, { 0.5, "0.5" }, { 0.1, "0.1" }, { 0.25, "0.25" }, { 0.0, "0.0" },
		{ 1.0, "1.0" }, { 0.999, "0.999" }, { -0.25, "-0.25" }, { 2.0, "2.0" },
		{ 1e20, "1000000000000000.0" }, { 0.0 / 0.0, "0.0" },
	};
	static const char *const flag_text[] = { "[]", "[\"number\", \"name\"]" };
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	size_t long_length = 11000, i, k, count, size = 64 * 1024;
	char *left = xmalloc(long_length + 64), *right = xmalloc(long_length + 64);
	char *expect = xmalloc(size), *buf, *line;
	struct text *a, *b;
	struct comparison *cmp;
	size_t length;

	(void)state;
	/* A long line with a quote and a backslash in it, between short ones. */
	memset(left, 'x', long_length);
	left[100] = '"';
	left[long_length - 2] = '\\';
	memcpy(left + long_length, "\nPolice said 12 died.\n", sizeof("\nPolice said 12 died.\n"));
	snprintf(right, long_length + 64, "Police said 14 died.\nSmith \"spoke\" later.\n");
	a = fixture_text("l", left);
	b = fixture_text("r", right);
	cmp = comparison_new(a, b, SEGMENT_LINE, &options);
	for (i = 0; i < cmp->entry_count; i++)
		worddiff_free(&cmp->entry[i].words);
	free(cmp->entry);
	count = 5 * 7 * 7;
	cmp->entry = xcalloc(count, sizeof(*cmp->entry));
	cmp->entry_count = count;
	for (k = 0; k < count; k++) {
		struct align_entry *e = &cmp->entry[k];
		size_t lc = k / 7 % 7, rc = k % 7;

		set_entry(e, (enum align_op)(k / 49), k % 3 ? k : (size_t)UINT32_MAX - 2, lc,
			  k * 1000003, rc, scores[k % ARRAY_SIZE(scores)].score);
		e->flags = k % 2 ? ALIGN_FLAG_NUMBER | ALIGN_FLAG_NAME : 0;
		if (e->op == ALIGN_CHANGE || e->op == ALIGN_MOVE) {
			struct word_edit *edit = xcalloc(3, sizeof(*edit));

			edit[0].op = WORD_EQUAL;
			edit[0].span[0].offset = (uint32_t)(k % 5);
			edit[0].span[0].length = (uint32_t)(k % 2 ? long_length - 5 : 1 + k % 150);
			edit[1].op = WORD_DELETE;
			edit[1].span[0] = span_of(a, "12");
			edit[2].op = WORD_INSERT;
			edit[2].span[1] = span_of(b, "\"spoke\" later");
			e->words.edit = edit;
			e->words.count = 3;
		}
	}
	buf = render_to_string(cmp, "l", "r", &length);
	assert_int_equal(strlen(buf), length);

	/* The units: the long one and the short ones. */
	line = buf;
	for (k = 0; k < 2; k++) {
		const struct side *side = &cmp->side[k];

		for (i = 0; i < side->units.count; i++) {
			const struct unit *u = &side->units.unit[i];

			snprintf(expect, size, "    {\"offset\": %zu, \"length\": %zu, \"text\": ",
				 u->offset, u->length);
			append_quoted(expect, size, side->text->bytes + u->offset, u->length);
			strcat(expect, "}");
			line = strstr(line, "\n    {\"offset\"");
			assert_non_null(line);
			line++;
			assert_memory_equal(line, expect, strlen(expect));
		}
	}
	assert_true(cmp->side[0].units.unit[0].length == long_length);

	/* The entries, one a line, in order. */
	for (k = 0; k < count; k++) {
		const struct align_entry *e = &cmp->entry[k];

		snprintf(expect, size, "    {\"op\": \"%s\", \"left\": ", align_op_name(e->op));
		append_indices(expect, size, e->left_first, e->left_count);
		strcat(expect, ", \"right\": ");
		append_indices(expect, size, e->right_first, e->right_count);
		if (e->op != ALIGN_DELETE && e->op != ALIGN_INSERT) {
			strcat(expect, ", \"score\": ");
			strcat(expect, e->op == ALIGN_EQUAL ? "1.0" : scores[k % ARRAY_SIZE(scores)].text);
		}
		if (e->op == ALIGN_CHANGE || e->op == ALIGN_MOVE) {
			static const char *const word_op[] = { "equal", "delete", "insert" };

			strcat(expect, ", \"words\": [");
			for (i = 0; i < e->words.count; i++) {
				const struct word_edit *w = &e->words.edit[i];
				int s = w->op == WORD_INSERT;

				snprintf(expect + strlen(expect), size - strlen(expect),
					 "%s{\"op\": \"%s\", \"text\": ", i ? ", " : "", word_op[w->op]);
				append_quoted(expect, size, cmp->side[s].text->bytes + w->span[s].offset,
					      w->span[s].length);
				strcat(expect, "}");
			}
			strcat(expect, "], \"flags\": ");
			strcat(expect, flag_text[e->flags != 0]);
		}
		strcat(expect, "}");
		line = strstr(line, "\n    {\"op\"");
		assert_non_null(line);
		line++;
		if (strncmp(line, expect, strlen(expect)) != 0 ||
		    (line[strlen(expect)] != ',' && line[strlen(expect)] != '\n'))
			fail_msg("entry %zu:\n%.300s\nexpected\n%.300s", k, line, expect);
	}
	free(buf);
	free(expect);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
	free(left);
	free(right);
}

static void
json_numbers_ignore_a_comma_locale(void **state)
{
	static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
		"fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8", "de_DE" };
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("a", "Kept.\n"), *b = fixture_text("b", "Kept.\n");
	struct comparison *cmp;
	struct json *doc;
	char *buf;
	size_t i, length;
	int found = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(locales) && !found; i++)
		found = setlocale(LC_NUMERIC, locales[i]) != NULL;
	if (!found) {
		text_free(a);
		text_free(b);
		skip();	/* no comma locale installed here */
	}
	cmp = comparison_new(a, b, SEGMENT_SENTENCE, &options);
	cmp->summary.reused = 0.25;
	buf = render_to_string(cmp, "a", "b", &length);
	/* Back to C before parsing: the test's own strtod reads the locale. */
	setlocale(LC_NUMERIC, "C");
	assert_null(strstr(buf, "0,25"));
	doc = json_parse(buf, length);
	assert_non_null(doc);
	free(buf);
	assert_true(json_expect(json_expect(doc, "summary", JSON_OBJECT), "reused",
				JSON_NUMBER)->number == 0.25);
	json_free(doc);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

static void
json_reports_a_failed_write(void **state)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct text *a = fixture_text("a", "One. Two.\n"), *b = fixture_text("b", "One. Three.\n");
	struct comparison *cmp = comparison_new(a, b, SEGMENT_SENTENCE, &options);
	struct render_options render = { { "a", "b" }, 80, 0, 0 };
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	if (full == NULL) {
		comparison_free(cmp);
		text_free(a);
		text_free(b);
		skip();
	}
	errno = 0;
	assert_int_equal(render_json(full, cmp, &render), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(full);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
}

/*
 * A pair large enough to be written in pieces by two threads: sentences
 * that are kept, changed, dropped, added and moved, some with quotes,
 * controls and non-ASCII text to escape, n sentences a side.
 */
static void
large_pair(size_t n, char **left, char **right)
{
	size_t cap = n * 96 + 64, i;
	char *l = malloc(cap), *r = malloc(cap);
	size_t ln = 0, rn = 0;

	assert_non_null(l);
	assert_non_null(r);
	for (i = 0; i < n; i++) {
		ln += (size_t)sprintf(l + ln, "Sentence %zu says \"%s\" of council\tbudget %zu.%s", i,
				      i % 7 ? "plain" : "caf\xc3\xa9", i * 31 % 1000,
				      i % 5 == 4 ? "\n\n" : " ");
		if (i % 11 == 3)
			continue;	/* dropped */
		if (i % 13 == 5)	/* added */
			rn += (size_t)sprintf(r + rn, "A new line %zu\x01 about a harbour. ", i);
		if (i % 17 == 2 && i + 40 < n)	/* moved later: written below */
			continue;
		if (i >= 40 && (i - 40) % 17 == 2)
			rn += (size_t)sprintf(r + rn, "Sentence %zu says \"%s\" of council\tbudget %zu. ",
					      i - 40, (i - 40) % 7 ? "plain" : "caf\xc3\xa9",
					      (i - 40) * 31 % 1000);
		rn += (size_t)sprintf(r + rn, "Sentence %zu says \"%s\" of %s\tbudget %zu.%s", i,
				      i % 7 ? "plain" : "caf\xc3\xa9", i % 3 ? "council" : "the city",
				      i * 31 % 1000, i % 5 == 4 ? "\n\n" : " ");
	}
	assert_true(ln < cap && rn < cap);
	*left = l;
	*right = r;
}

static void
json_sides_start(void *sides)
{
	render_json_sides_start(sides);
}

/*
 * A large document comes out the same whether the sides were begun while
 * aligning or all of it written at the end, and it keeps the contract
 * across the places where the threads hand the writing over.
 */
static void
json_large_is_the_same_written_in_pieces(void **state)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct render_options render = { { "left.txt", "right.txt" }, 80, 0, 0 };
	struct text *a, *b;
	struct comparison *cmp, *early;
	struct render_json_sides *sides;
	struct json *doc;
	char *left, *right, *buf, *buf2 = NULL;
	size_t length, length2;
	FILE *out;
	int started;

	(void)state;
	large_pair(3000, &left, &right);
	a = fixture_text("left.txt", left);
	b = fixture_text("right.txt", right);
	cmp = comparison_new(a, b, SEGMENT_SENTENCE, &options);
	assert_true(cmp->side[0].units.count > 2 * 1024 && cmp->entry_count > 1024);
	buf = render_to_string(cmp, "left.txt", "right.txt", &length);
	doc = json_parse(buf, length);
	if (doc == NULL)
		fail_msg("render_json wrote invalid JSON for a large pair");
	check_contract(doc, cmp, "left.txt", "right.txt");

	/* The sides begun beside the alignment, then never begun. */
	for (started = 1; started >= 0; started--) {
		out = open_memstream(&buf2, &length2);
		assert_non_null(out);
		early = comparison_prepare(a, b, SEGMENT_SENTENCE, &options);
		sides = render_json_begin(out, early, &render);
		assert_non_null(sides);
		if (started)
			align_run_keep_beside(early, json_sides_start, sides);
		else
			align_run(early);
		assert_int_equal(render_json_end(out, early, &render, sides), 0);
		assert_int_equal(fclose(out), 0);
		assert_int_equal(length2, length);
		assert_memory_equal(buf2, buf, length);
		free(buf2);
		buf2 = NULL;
		comparison_free(early);
	}

	json_free(doc);
	free(buf);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
	free(left);
	free(right);
}

/* A large document, written by two threads, to a full disk: -1 and ENOSPC. */
static void
json_large_reports_a_failed_write(void **state)
{
	struct align_options options = { ALIGN_DEFAULT_THRESHOLD, 1 };
	struct render_options render = { { "a", "b" }, 80, 0, 0 };
	FILE *full = fopen("/dev/full", "w");
	struct text *a, *b;
	struct comparison *cmp;
	char *left, *right;

	(void)state;
	if (full == NULL)
		skip();
	large_pair(3000, &left, &right);
	a = fixture_text("a", left);
	b = fixture_text("b", right);
	cmp = comparison_new(a, b, SEGMENT_SENTENCE, &options);
	errno = 0;
	assert_int_equal(render_json(full, cmp, &render), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(full);
	comparison_free(cmp);
	text_free(a);
	text_free(b);
	free(left);
	free(right);
}

static void
json_parser_rejects_what_it_should(void **state)
{
	/* The checks above mean something only if the parser is strict. */
	static const char *const bad[] = { "", "{", "{\"a\":1,}", "[1 2]", "\"a\nb\"", "01",
		"{\"a\":1} x", "\"\\x\"", "1.", "[\"\\ud800\"]", "nul" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct json *v = json_parse(bad[i], strlen(bad[i]));

		if (v != NULL)
			fail_msg("parser accepted %s", bad[i]);
	}
	{
		static const char good[] = "{\"a\": [1, -2.5e3, \"\\u00e9\\ud83d\\ude00\", true, null]}";
		struct json *v = json_parse(good, strlen(good));

		assert_non_null(v);
		assert_true(json_get(v, "a")->item[1]->number == -2500);
		assert_string_equal(json_get(v, "a")->item[2]->string, "\xc3\xa9\xf0\x9f\x98\x80");
		json_free(v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_parser_rejects_what_it_should),
		cmocka_unit_test(json_parses_and_covers_every_unit_once),
		cmocka_unit_test(json_round_trips_control_characters_escaped),
		cmocka_unit_test(json_escapes_label_quotes_and_invalid_bytes),
		cmocka_unit_test(json_escapes_at_every_position),
		cmocka_unit_test(json_change_and_move_entries_carry_words_score_and_flags),
		cmocka_unit_test(json_lines_match_a_printf_rendering),
		cmocka_unit_test(json_numbers_ignore_a_comma_locale),
		cmocka_unit_test(json_reports_a_failed_write),
		cmocka_unit_test(json_large_is_the_same_written_in_pieces),
		cmocka_unit_test(json_large_reports_a_failed_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
