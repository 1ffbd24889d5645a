/*
 * segment: cut a text into sentences, lines or paragraphs.
 *
 * Idea: one pass splits the text into lines (LF, CRLF or CR) and groups
 * non-blank lines into paragraphs (blank lines separate them).  Lines and
 * paragraphs are then units as they stand.  Sentences are found inside each
 * paragraph by two kinds of boundary:
 *
 *   - punctuation: a run of ". ! ? …" (or CJK "。！？", which need no space
 *     after them) followed by closing quotes and brackets, then a blank and
 *     a next word that may start a sentence.  What comes before and after
 *     decides: after "Mr." "Dr." "e.g." never; after "U.S.", "p.m.",
 *     "Inc." or an initial only when a word that usually opens a sentence
 *     follows ("The", "He", "But"...), so "U.S. Senate" and "5 p.m. Friday"
 *     stay whole; never before a lower-case word; never when no blank
 *     follows (2.5, v2.0.1, example.com, U.S.).  This is the heuristic
 *     family of Punkt (Kiss & Strunk 2006) and of the rule lists in
 *     newspaper sentence splitters, with fixed lists instead of training.
 *   - line ends without end punctuation: a line is a unit of its own
 *     (headline, byline, dateline, "Read more | ...") when its author broke
 *     it on purpose: the next line opens a list item (a bullet, or a dash
 *     or number inside a list or after a colon), a byline, or a deeper
 *     indent (a typewriter paragraph); the line holds " | "; it is longer than any hard-wrap width; or, for a line that
 *     starts its unit, it is in title case, or it is short (two thirds of
 *     the paragraph's longest line at most) and the next line's first word
 *     would have fitted on it (the test fmt(1) and email clients use to
 *     tell hard-wrapped prose from short lines; the margin covers wrappers
 *     that balance lines).  A next line that starts in lower case or with
 *     a symbol ("$9.2"), a line that ends with a comma, colon, hyphen or
 *     "and", or one that leaves a quotation open, continues the sentence,
 *     so wrapped prose stays one sentence: re-wrapping the 160 ArgRewrite
 *     drafts with fmt -w 45/60/72 changes the sentences of 2 of 480.
 *
 * Invariants: see segment.h.  Every boundary is a character boundary and a
 * unit runs from its first to its last non-blank character, so units cover
 * all non-blank bytes exactly once.  Blanks are ASCII white space and the
 * Unicode spaces listed in segment_blank().
 *
 * Cost: O(n) time.  Each character is decoded a bounded number of times:
 * the look-back for the word before a full stop stops at the previous blank
 * and happens only when a blank follows the stop (so each word is walked
 * back over at most once), and the look-ahead reads at most a short word.
 * Memory: the unit array plus one array of the current paragraph's lines.
 */
#include "config.h"

#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "segment.h"

/* A non-blank line of the current paragraph. */
struct segment_line {
	size_t begin, end;	/* first non-blank byte, one past the last */
	size_t width;		/* characters in the line, leading blanks included */
	size_t indent;		/* bytes of leading blanks */
};

struct segment_state {
	const char *s;
	size_t length;
	struct unit_list *out;
	uint64_t **hash;	/* segment_text_hashed()'s, or NULL */
	size_t cap;
	size_t paragraph;
	struct segment_line *line;
	size_t line_count, line_cap;
	size_t hash_cap;
};

/* Decode the character at i (i < end); invalid bytes decode as U+FFFD, length 1. */
static inline ucs4_t
segment_char(const char *s, size_t i, size_t end, size_t *len)
{
	ucs4_t c;
	unsigned char b = (unsigned char)s[i];

	if (b < 0x80) {
		*len = 1;
		return b;
	}
	*len = (size_t)u8_mbtouc(&c, (const uint8_t *)s + i, end - i);
	return c;
}

/* The character that ends just before i (i > lo). */
static ucs4_t
segment_char_before(const char *s, size_t i, size_t lo, size_t *start)
{
	size_t j = i - 1, len;
	ucs4_t c;

	if ((unsigned char)s[j] < 0x80) {	/* mostly */
		*start = j;
		return (unsigned char)s[j];
	}
	while (j > lo && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	c = segment_char(s, j, i, &len);
	if (j + len != i) {	/* not a whole character: take the last byte */
		j = i - 1;
		c = 0xfffd;
	}
	*start = j;
	return c;
}

/*
 * libunistring's predicates, asked first whether the character is ASCII,
 * where they are the plain ranges (a test holds them together).
 */
static inline int
segment_is_lower(ucs4_t c)
{
	return c < 0x80 ? c >= 'a' && c <= 'z' : uc_is_lower(c);
}

static inline int
segment_is_upper(ucs4_t c)
{
	return c < 0x80 ? c >= 'A' && c <= 'Z' : uc_is_upper(c);
}

/* Upper case or title case (U+01C5 "Dž"): what capitalises a word. */
static inline int
segment_is_capital(ucs4_t c)
{
	return c < 0x80 ? c >= 'A' && c <= 'Z' : uc_is_upper(c) || uc_is_property_titlecase(c);
}

static inline int
segment_is_digit(ucs4_t c)
{
	return c < 0x80 ? c >= '0' && c <= '9' : uc_is_digit(c);
}

static inline int
segment_is_alpha(ucs4_t c)
{
	return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : uc_is_alpha(c);
}

/* White space, line ends included: what never belongs to a unit's edges. */
static inline int
segment_blank(ucs4_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	switch (c) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case 0x00a0: case 0x1680: case 0x2028: case 0x2029: case 0x202f:
	case 0x205f: case 0x3000: case 0xfeff:
		return 1;
	default:
		return c >= 0x2000 && c <= 0x200b;
	}
}

/* A character that ends a sentence: ". ! ? …" and their CJK and other forms. */
static inline int
segment_terminator(ucs4_t c)
{
	if (c < 0x80)
		return c == '.' || c == '!' || c == '?';
	switch (c) {
	case '.': case '!': case '?':
	case 0x2026:		/* … */
	case 0x203c: case 0x2047: case 0x2048: case 0x2049:	/* ‼ ⁇ ⁈ ⁉ */
	case 0x061f:		/* Arabic question mark */
	case 0x0964: case 0x0965:	/* Devanagari danda */
	case 0x3002: case 0xff01: case 0xff1f: case 0xff61:	/* 。！？｡ */
		return 1;
	default:
		return 0;
	}
}

/* Terminators after which no space is needed (CJK text has none). */
static int
segment_terminator_cjk(ucs4_t c)
{
	return c == 0x3002 || c == 0xff01 || c == 0xff1f || c == 0xff61;
}

/* What may close a sentence after its end punctuation: quotes and brackets. */
static int
segment_closer(ucs4_t c)
{
	switch (c) {
	case ')': case ']': case '}': case '"': case '\'':
	case 0x2019: case 0x201d:	/* ’ ” */
	case 0x2018: case 0x201c:	/* ‘ “ : German ‚…‘ „…“ close with these */
	case 0x00bb: case 0x00ab: case 0x203a: case 0x2039:	/* » « › ‹ */
	case 0x300d: case 0x300f: case 0xff09: case 0x3011: case 0x3015:
	case 0x3009: case 0x300b: case 0x3017: case 0x3019: case 0x301b:
	case 0xff02: case 0xff07: case 0xff3d: case 0xff5d: case 0x301e: case 0x301f:
		return 1;
	default:
		return 0;
	}
}

/* What may open a sentence before its first word: quotes, brackets, ¿ ¡. */
static int
segment_opener(ucs4_t c)
{
	switch (c) {
	case '(': case '[': case '{': case '"': case '\'': case '*': case '_':
	case 0x2018: case 0x201c: case 0x201a: case 0x201e:	/* ‘ “ ‚ „ */
	case 0x2019: case 0x201d:
	case 0x00ab: case 0x00bb: case 0x2039: case 0x203a:
	case 0x00bf: case 0x00a1:	/* ¿ ¡ */
	case 0x300c: case 0x300e: case 0xff08: case 0x3010: case 0x3014:
	case 0x3008: case 0x300a: case 0x3016: case 0x3018: case 0x301a:
	case 0xff02: case 0xff07: case 0xff3b: case 0xff5b: case 0x301d:
		return 1;
	default:
		return 0;
	}
}

/*
 * A hash of a unit's bytes for segment_text_hashed(), taken while they
 * are still in the cache: 8 bytes a step, a multiply and a shift carrying
 * every bit down to the low ones a hash set reads first.  The last step
 * reads the unit's last 8 bytes, overlapping the step before (a function
 * of the bytes all the same), so no copy of a variable length is made.
 */
static uint64_t
segment_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w = 0;
	size_t i;

	for (i = 0; i + 8 < n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xc6a4a7935bd1e995ull;
		h ^= h >> 29;
	}
	if (n >= 8) {
		memcpy(&w, s + n - 8, 8);
	} else {
		w = 0;
		for (i = 0; i < n; i++)
			w = w << 8 | (unsigned char)s[i];
	}
	h = (h ^ w) * 0xc6a4a7935bd1e995ull;
	return h ^ (h >> 32);
}

static void
segment_emit(struct segment_state *st, size_t begin, size_t end)
{
	struct unit *u;

	if (st->out->count == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->out->unit = xreallocarray(st->out->unit, st->cap, sizeof(*st->out->unit));
	}
	u = &st->out->unit[st->out->count++];
	u->offset = begin;
	u->length = end - begin;
	u->paragraph = st->paragraph;
	if (st->hash != NULL) {
		if (st->hash_cap != st->cap) {
			*st->hash = xreallocarray(*st->hash, st->cap, sizeof(**st->hash));
			st->hash_cap = st->cap;
		}
		(*st->hash)[st->out->count - 1] = segment_hash(st->s + begin, end - begin);
	}
}

/*
 * The word lists are asked about at every full stop and line end, so each
 * gets a hash set, built once: open addressing over SEGMENT_SET_SLOTS
 * slots, more than twice the longest list, each slot with its word's
 * length; a word whose length and first byte no word of the set has
 * (most words asked about) is not looked up at all.
 * Membership is the same as a scan of the list.
 */
#define SEGMENT_SET_SLOTS 256

enum segment_set_name {
	SEGMENT_SET_TITLES,
	SEGMENT_SET_BEFORE_NUMBER,
	SEGMENT_SET_WEAK,
	SEGMENT_SET_OPEN_ENDERS,
	SEGMENT_SET_OPENERS,
	SEGMENT_SET_TITLE_SMALL,
	SEGMENT_SETS
};

struct segment_set {
	size_t longest;
	/* bit n of lengths[c]: a word of n bytes starting with c is in the set */
	uint32_t lengths[256];
	const char *slot[SEGMENT_SET_SLOTS];
	uint8_t length[SEGMENT_SET_SLOTS];
};

static struct segment_set segment_sets[SEGMENT_SETS];

static size_t
segment_set_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h & (SEGMENT_SET_SLOTS - 1);
}

/* The slot of s[0 .. n) in set: the word itself, or an empty slot where it would go. */
static size_t
segment_set_slot(const struct segment_set *set, const char *s, size_t n)
{
	size_t k = segment_set_hash(s, n);

	while (set->slot[k] != NULL &&
	       !(set->length[k] == n && memcmp(set->slot[k], s, n) == 0))
		k = (k + 1) & (SEGMENT_SET_SLOTS - 1);
	return k;
}

static void
segment_set_build(enum segment_set_name name, const char *const *list)
{
	struct segment_set *set = &segment_sets[name];

	for (; *list != NULL; list++) {
		size_t n = strlen(*list), k = segment_set_slot(set, *list, n);

		set->slot[k] = *list;
		set->length[k] = (uint8_t)n;
		if (n == 0 || n >= 32)
			util_die("segment: listed words need 1 to 31 bytes");
		set->lengths[(unsigned char)(*list)[0]] |= (uint32_t)1 << n;
		if (n > set->longest)
			set->longest = n;
	}
}

/*
 * Every set is built once, before the first text is cut (segment_init()),
 * so that two threads may segment at the same time: from then on the sets
 * are only read.
 */
static pthread_once_t segment_sets_once = PTHREAD_ONCE_INIT;

static void segment_sets_build(void);

void
segment_init(void)
{
	pthread_once(&segment_sets_once, segment_sets_build);
}

/* Is the word s[0 .. n) in the list of the set? */
static int
segment_in_list(const char *s, size_t n, enum segment_set_name name)
{
	const struct segment_set *set = &segment_sets[name];

	/* Most words asked about are in no set: their first byte and length
	 * say so without hashing. */
	if (n == 0 || n > set->longest ||
	    !(set->lengths[(unsigned char)s[0]] & ((uint32_t)1 << n)))
		return 0;
	return set->slot[segment_set_slot(set, s, n)] != NULL;
}

/* Before a name: a full stop after these never ends a sentence. */
static const char *const segment_titles[] = {
	"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Rev", "Hon", "St", "Ste", "Gen",
	"Sen", "Sens", "Gov", "Govs", "Rep", "Reps", "Lt", "Col", "Capt", "Cpt",
	"Sgt", "Cpl", "Pvt", "Maj", "Adm", "Cmdr", "Cdr", "Brig", "Supt", "Insp",
	"Det", "Pres", "Messrs", "Mme", "Mmes", "Mlle", "Msgr", "Fr", "Mt", "Ft",
	"Atty", "Amb", "Rt", "Hr", "Sra", "Srta", "Dra",
	"e.g", "i.e", "E.g", "I.e", "cf", "Cf", "vs", "viz", "approx", "ca",
	"incl", "esp", "v", "z.B", "d.h", "u.a", "bzw", "usw", "vgl", "Nr", "nr",
	NULL
};

/* Before a number: "No. 5", "Jan. 6", "p. 12", "Vol. 3". */
static const char *const segment_before_number[] = {
	"No", "no", "Nos", "nos", "Vol", "vol", "Art", "art", "Fig", "fig", "p",
	"pp", "Ch", "ch", "Sec", "sec", "Para", "para", "Pt", "pt", "Op", "op",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
	"Nov", "Dec", "Ex", "tel", "Tel", "ext", "Ext", "Abs", "Abschn",
	NULL
};

/* May end a sentence, but usually do not: break only before a sentence opener. */
static const char *const segment_weak[] = {
	"Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "al", "Ave",
	"Blvd", "Rd", "Pty", "Plc", "plc", "Esq", "Dept", "Univ", "Assn", "Jan",
	"Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
	"Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun",
	"Calif", "Fla", "Mass", "Wash", "Ariz", "Colo", "Conn", "Ill", "Ind",
	"Md", "Mich", "Minn", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Va",
	"Wis", "Ky", "La", "Miss", "Mo", "Neb", "Kan", "Ga", "Ala", "Ark", "Del",
	NULL
};

/* Words that leave a sentence open at the end of a line. */
static const char *const segment_open_enders[] = {
	"and", "or", "but", "nor", "the", "a", "an", "of", "to", "in", "on", "at",
	"for", "with", "by", "from", "that", "as", "not", "is", "are", "was",
	"were", "be", "than", "And", "Or", "But", "The",
	NULL
};

/* Words that usually open an English sentence (and a few in other languages). */
static const char *const segment_openers[] = {
	"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But",
	"And", "Or", "So", "Yet", "In", "On", "At", "For", "From", "By", "With",
	"To", "Of", "As", "If", "When", "While", "After", "Before", "Since",
	"Although", "Though", "Because", "This", "That", "These", "Those",
	"There", "Here", "His", "Her", "Its", "Their", "Our", "My", "Your",
	"Some", "Many", "Most", "Much", "More", "All", "Both", "Each", "Every",
	"No", "Not", "None", "One", "Two", "Three", "However", "Meanwhile",
	"Also", "Then", "Now", "Still", "Even", "What", "Who", "Why", "How",
	"Where", "Which", "Instead", "Other", "Such", "Last", "Next", "Earlier",
	"Later", "Officials", "Police", "Authorities", "Yes", "Thus", "Hence",
	"Der", "Die", "Das", "Er", "Sie", "Es", "Le", "La", "Les", "Il", "Elle",
	"El", "Los", "Las", "Ella",
	NULL
};

/*
 * The first non-blank position at or after pos in the paragraph, where pos
 * lies on line li; returns (size_t)-1 at the end of the paragraph.
 */
static size_t
segment_next_nonblank(const struct segment_state *st, size_t li, size_t pos)
{
	const struct segment_line *line = &st->line[li];
	size_t len;

	while (pos < line->end) {
		if (!segment_blank(segment_char(st->s, pos, line->end, &len)))
			return pos;
		pos += len;
	}
	if (li + 1 < st->line_count)
		return st->line[li + 1].begin;
	return (size_t)-1;
}

/* The line of the paragraph that holds pos, searching from li on. */
static size_t
segment_line_of(const struct segment_state *st, size_t li, size_t pos)
{
	while (li + 1 < st->line_count && pos >= st->line[li].end)
		li++;
	return li;
}

enum segment_case {
	SEGMENT_LOWER,
	SEGMENT_UPPER,
	SEGMENT_DIGIT,
	SEGMENT_OTHER	/* caseless letters (CJK...), symbols, dashes */
};

/* An ASCII letter or digit: never a quote or bracket. */
static inline int
segment_is_ascii_alnum(ucs4_t c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

#ifdef __SSE2__
/* Bit k: s[k] is an ASCII letter (0 <= k < 16). */
static inline unsigned
segment_letters16(const char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i y = _mm_or_si128(v, _mm_set1_epi8(0x20));

	/* y + 0x80 - 'a' is below -128 + 26 exactly for a to z (a byte
	 * beyond ASCII stays at or above -65, or wraps to positive) */
	return (unsigned)_mm_movemask_epi8(
		_mm_cmplt_epi8(_mm_add_epi8(y, _mm_set1_epi8((char)(0x80 - 'a'))),
			       _mm_set1_epi8((char)(-128 + 26))));
}
#endif

/*
 * Look at the word that starts at q (on line li), past opening quotes and
 * brackets: its case, and whether it is a usual sentence opener.
 */
static enum segment_case
segment_next_word(const struct segment_state *st, size_t li, size_t q, int *opener,
		  int *quoted)
{
	size_t end = st->line[li].end, len, w;
	ucs4_t c = 0;

	*opener = 0;
	*quoted = 0;
	while (q < end) {
		c = segment_char(st->s, q, end, &len);
		if (segment_is_ascii_alnum(c) || !segment_opener(c))
			break;
		*quoted = 1;
		q += len;
	}
	if (q >= end)
		return SEGMENT_OTHER;
	w = q;
#ifdef __SSE2__
	if (end - q >= 16) {	/* the letters of 16 bytes at once */
		unsigned letters = segment_letters16(st->s + q);

		w = q + (size_t)__builtin_ctz(~letters);	/* 16 at most */
	} else
#endif
		for (; w < end && w - q < 16 && ((st->s[w] >= 'a' && st->s[w] <= 'z') ||
						 (st->s[w] >= 'A' && st->s[w] <= 'Z')); w++)
			;
	if (w > q && (w == end || !((st->s[w] >= 'a' && st->s[w] <= 'z') ||
				    (st->s[w] >= 'A' && st->s[w] <= 'Z'))))
		*opener = segment_in_list(st->s + q, w - q, SEGMENT_SET_OPENERS);
	if (segment_is_lower(c))
		return SEGMENT_LOWER;
	if (segment_is_capital(c))
		return SEGMENT_UPPER;
	if (segment_is_digit(c))
		return SEGMENT_DIGIT;
	return SEGMENT_OTHER;
}

/* Letters separated by dots, each part 1-3 letters: U.S, a.m, Ph.D. */
static int
segment_dotted_abbreviation(const char *w, size_t n)
{
	size_t i, part = 0, dots = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c == '.') {
			if (part == 0)
				return 0;
			dots++;
			part = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (++part > 3)
				return 0;
		} else {
			return 0;
		}
	}
	return dots > 0 && part > 0;
}

static int
segment_all_digits(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return n > 0;
}

/*
 * The word before end punctuation at i: from the previous blank (or lo, the
 * start of the sentence) past opening quotes and brackets.  Returns its
 * start, or (size_t)-1 when it is longer than any abbreviation (the walk
 * back is capped, which keeps segmentation linear on lines without blanks).
 */
static size_t
segment_word_before(const char *s, size_t lo, size_t i)
{
	size_t ws = i, b, len;
	ucs4_t c;

#ifdef __SSE2__
	/* 16 bytes back at a time to the last blank or byte beyond ASCII:
	 * the loop below from there (at once past an ASCII blank). */
	while (ws - lo >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + ws - 16));
		__m128i blank = _mm_or_si128(
			_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
			_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)),
				      _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
		unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(blank, v));

		if (stop == 0) {
			ws -= 16;
			if (i - ws > 64)
				return (size_t)-1;
			continue;
		}
		ws = ws - 16 + (size_t)(32 - __builtin_clz(stop));
		if (i - ws > 64)
			return (size_t)-1;
		if ((unsigned char)s[ws - 1] < 0x80)
			goto openers;
		break;
	}
#endif
	while (ws > lo) {
		unsigned char last = (unsigned char)s[ws - 1];

		/* ASCII other than a blank (the space and \t to \r): one byte */
		if (last < 0x80 && last != ' ' && (last < '\t' || last > '\r')) {
			ws--;
			if (i - ws > 64)
				return (size_t)-1;
			continue;
		}
		c = segment_char_before(s, ws, lo, &b);
		if (segment_blank(c))
			break;
		ws = b;
		if (i - ws > 64)
			return (size_t)-1;
	}
#ifdef __SSE2__
openers:
#endif
	while (ws < i) {
		c = segment_char(s, ws, i, &len);
		if (segment_is_ascii_alnum(c) || !segment_opener(c))
			break;
		ws += len;
	}
	return ws;
}

/* Abbreviations after which a full stop never ends a sentence. */
static int
segment_never_ends(const char *w, size_t n)
{
	return segment_in_list(w, n, SEGMENT_SET_TITLES) ||
		memchr(w, '.', n) != NULL ||
		(n == 1 && w[0] >= 'A' && w[0] <= 'Z');
}

/* A word that belongs to a URL, a path or an e-mail address. */
static int
segment_url_like(const char *w, size_t n)
{
	return memchr(w, '/', n) != NULL || memchr(w, '@', n) != NULL ||
		memchr(w, ':', n) != NULL || (n >= 3 && memcmp(w, "www", 3) == 0);
}

/*
 * A run of end punctuation starts at i on line li and ends at j; the
 * current sentence started at start.  Decide whether the sentence ends
 * there; if so return the end of the sentence (after closing quotes and
 * brackets), else 0.
 */
static size_t
segment_decide(const struct segment_state *st, size_t li, size_t start, size_t i,
	       size_t j)
{
	const struct segment_line *line = &st->line[li];
	const char *s = st->s;
	size_t lo = start > line->begin ? start : line->begin;
	size_t p = j, q, len, ws, dots = 0, k, qli;
	int has_bang = 0, has_ellipsis = 0, cjk = 0, opener, quoted;
	ucs4_t c, prev;
	enum segment_case next;

	for (k = i; k < j; k += len) {
		c = segment_char(s, k, j, &len);
		if (c == '.')
			dots++;
		else if (c == 0x2026)
			has_ellipsis = 1;
		else if (segment_terminator_cjk(c))
			cjk = 1;
		else
			has_bang = 1;
	}
	if (dots >= 2)
		has_ellipsis = 1;
	/*
	 * Closing quotes and brackets stay with the sentence.  “ and ‘ close
	 * German quotes, but after ” or ’ they open the next quotation.
	 */
	prev = 0;
	while (p < line->end) {
		c = segment_char(s, p, line->end, &len);
		if (!segment_closer(c) || ((c == 0x201c || c == 0x2018) &&
					   (prev == 0x201d || prev == 0x2019)))
			break;
		prev = c;
		p += len;
	}
	/* French « … » puts a space before the closing guillemet. */
	if (p < line->end) {
		c = segment_char(s, p, line->end, &len);
		if (c == ' ' || c == 0x00a0 || c == 0x202f) {
			size_t len2;
			ucs4_t c2 = p + len < line->end ?
				segment_char(s, p + len, line->end, &len2) : 0;

			if (c2 == 0x00bb || c2 == 0x203a) {
				p += len + len2;
				while (p < line->end) {
					c = segment_char(s, p, line->end, &len);
					if (!segment_closer(c))
						break;
					p += len;
				}
			}
		}
	}
	if (p < line->end && !segment_blank(c = segment_char(s, p, line->end, &len))) {
		size_t b, len2;
		ucs4_t before, after;

		/*
		 * CJK needs no space; but 「行こう。」と言った and “走吧。”他说
		 * go on after the closing quote.
		 */
		if (cjk)
			return p == j || segment_opener(c) || segment_terminator(c) ? p : 0;
		/*
		 * No blank after: 2.5, U.S., example.com, "?!" in a URL, except
		 * a missing space between two sentences, "positions.The cost":
		 * a lower-case letter or digit, one stop, then a capitalised word.
		 */
		if (p != j || j - i != 1 || i <= lo || !segment_is_upper(c) ||
		    p + len >= line->end)
			return 0;
		after = segment_char(s, p + len, line->end, &len2);
		before = segment_char_before(s, i, lo, &b);
		if (!segment_is_lower(after) || !(segment_is_lower(before) || segment_is_digit(before) ||
					    segment_blank(before)))
			return 0;
		/* A capitalised word before is a name: Auto.Loan, Yahoo.Finance. */
		ws = segment_word_before(s, lo, i);
		if (ws != (size_t)-1 && (segment_never_ends(s + ws, i - ws) ||
					 segment_url_like(s + ws, i - ws) ||
					 segment_is_upper(segment_char(s, ws, i, &len2))))
			return 0;
		/* The capitalised word must end like a word, not like www.Example.com. */
		for (k = p; k < line->end && k - p < 64; k += len2) {
			after = segment_char(s, k, line->end, &len2);
			if (!segment_is_alpha(after))
				break;
		}
		if (k < line->end) {
			after = segment_char(s, k, line->end, &len2);
			if (segment_terminator(after) && k + len2 < line->end)
				after = segment_char(s, k + len2, line->end, &len2);
			if (!segment_blank(after) && !segment_closer(after) && after != ',' &&
			    after != ';' && after != ':' && !segment_terminator(after))
				return 0;
		}
		return p;
	}
	q = segment_next_nonblank(st, li, p);
	if (q == (size_t)-1 || cjk)
		return p;
	/* Punctuation never opens a sentence: "free. ." and "up!' , right?" */
	c = segment_char(s, q, st->length, &len);
	if (c == ',' || c == ';' || c == ':' || segment_terminator(c))
		return 0;
	qli = segment_line_of(st, li, q);
	next = segment_next_word(st, qli, q, &opener, &quoted);
	if (next == SEGMENT_LOWER)
		return 0;
	if (has_bang && dots == 0)
		return p;
	if (has_ellipsis) {
		int attached = 0;

		if (i > line->begin) {
			c = segment_char_before(s, i, line->begin, &ws);
			if (c == ',' || c == ';' || c == ':')
				return 0;	/* "in a car, ... Therefore": a pause */
			attached = !segment_blank(c);
		}
		if (next == SEGMENT_DIGIT)
			return 0;
		return attached || opener || quoted || has_bang ? p : 0;
	}
	/* A single full stop: look at the word before it. */
	ws = segment_word_before(s, lo, i);
	if (ws == (size_t)-1 || ws == i)
		return p;
	len = i - ws;
	if (segment_in_list(s + ws, len, SEGMENT_SET_TITLES))
		return 0;
	if (next == SEGMENT_DIGIT && segment_in_list(s + ws, len, SEGMENT_SET_BEFORE_NUMBER))
		return 0;
	/* "1. First item" at the start of a line: a list number. */
	if (ws == line->begin && ws == start && len <= 3 && segment_all_digits(s + ws, len))
		return 0;
	if ((len == 1 && s[ws] >= 'A' && s[ws] <= 'Z') ||
	    segment_dotted_abbreviation(s + ws, len) ||
	    segment_in_list(s + ws, len, SEGMENT_SET_WEAK))
		return opener ? p : 0;
	return p;
}

/*
 * Does the line open with a list item?  2 for a bullet glyph (•, ▪...) or
 * a dash before a capital;
 * 1 for a mark that wrapped prose may also start a line with (a dash, "*",
 * "3." of "pro number\n3. For"); 0 for none.
 */
static int
segment_list_item(const struct segment_state *st, const struct segment_line *line)
{
	const char *s = st->s;
	size_t pos = line->begin, len, k;
	ucs4_t c = segment_char(s, pos, line->end, &len);
	int followed = pos + len < line->end &&
		segment_blank(segment_char(s, pos + len, line->end, &k));

	switch (c) {
	case 0x2022: case 0x00b7: case 0x25aa: case 0x2023: case 0x25e6:
	case 0x25cf: case 0x25a0:
		return followed ? 2 : 0;
	case '-': case 0x2013: case 0x2014:
		/* "– Reuters", "— AP": a credit line; "– the ..." wrapped prose. */
		if (followed && pos + len + k < line->end &&
		    segment_is_upper(segment_char(s, pos + len + k, line->end, &k)))
			return 2;
		return followed ? 1 : 0;
	case '*': case '+':
		return followed ? 1 : 0;
	default:
		break;
	}
	for (k = pos; k < line->end && k - pos < 3 && s[k] >= '0' && s[k] <= '9'; k++)
		;
	return k > pos && k + 1 < line->end && (s[k] == '.' || s[k] == ')') &&
		(s[k + 1] == ' ' || s[k + 1] == '\t');
}

/*
 * Does the line leave a quotation open (“ or « without its ” or »)?  „ is
 * closed by “ in German, so “ after „ closes.
 */
static int
segment_quote_open(const char *s, const struct segment_line *line)
{
	size_t i, len;
	int open = 0;	/* 0 none, 1 “ or «, 2 „ */

	for (i = line->begin; i < line->end; i += len) {
		ucs4_t c = segment_char(s, i, line->end, &len);

		if (c == 0x201e)
			open = 2;
		else if (c == 0x201c)
			open = open == 2 ? 0 : 1;
		else if (c == 0x201d || c == 0x00bb)
			open = 0;
		else if (c == 0x00ab)
			open = 1;
	}
	return open != 0;
}

/* Small words a title leaves in lower case. */
static const char *const segment_title_small[] = {
	"a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to",
	"for", "with", "by", "from", "as", "vs", "via", "into", "over", "per", "up",
	"off", "out", "about", "after", "than", "de", "la", "le", "von", "van",
	NULL
};

/*
 * Is the line in title case: two or more capitalised words and no
 * lower-case word but the small ones ("Leaders Agree on Climate Fund")?
 * Wrapped prose almost never is.
 */
static int
segment_title_case(const char *s, const struct segment_line *line)
{
	size_t i = line->begin, len, capitals = 0;

	while (i < line->end) {
		size_t w;
		ucs4_t c = segment_char(s, i, line->end, &len);

		if (segment_blank(c) || segment_opener(c)) {
			i += len;
			continue;
		}
		for (w = i; w < line->end && s[w] >= 'a' && s[w] <= 'z'; w++)
			;
		if (segment_is_capital(c))
			capitals++;
		else if (capitals == 0)
			return 0;	/* a title starts with a capital */
		else if (segment_is_lower(c) && !(w > i && (w == line->end || s[w] == ' ') &&
					     segment_in_list(s + i, w - i, SEGMENT_SET_TITLE_SMALL)))
			return 0;
		/* On to the next blank. */
		while (i < line->end) {
			c = segment_char(s, i, line->end, &len);
			if (segment_blank(c))
				break;
			i += len;
		}
	}
	return capitals >= 2;
}

/* Does the line open with a byline, "By Jane Doe"? */
static int
segment_byline(const char *s, const struct segment_line *line)
{
	return line->end - line->begin > 4 && (s[line->begin] == 'B') &&
		(s[line->begin + 1] == 'y' || s[line->begin + 1] == 'Y') &&
		s[line->begin + 2] == ' ' && s[line->begin + 3] >= 'A' && s[line->begin + 3] <= 'Z';
}

/*
 * The sentence runs on past the end of line li without end punctuation:
 * does the line stand alone (headline, byline, dateline) all the same?
 */
static int
segment_line_stands_alone(const struct segment_state *st, size_t li, size_t start,
			  size_t max_width)
{
	const struct segment_line *line = &st->line[li], *next = &st->line[li + 1];
	const char *s = st->s;
	size_t e = line->end, b, len, w;
	ucs4_t c;
	int opener, quoted;

	/* A list item: certain after a bullet glyph, else inside a list or after "...:". */
	switch (segment_list_item(st, next)) {
	case 2:
		return 1;
	case 1:
		if (segment_list_item(st, line) ||
		    segment_char_before(s, line->end, line->begin, &b) == ':')
			return 1;
		break;
	default:
		break;
	}
	/* Inside an open quotation the sentence goes on. */
	if (segment_quote_open(s, line))
		return 0;
	/* Past closing brackets and quotes, what ends the line? */
	c = segment_char_before(s, e, line->begin, &b);
	while (segment_closer(c) && b > line->begin) {
		e = b;
		c = segment_char_before(s, e, line->begin, &b);
	}
	if (segment_terminator(c))
		return 0;	/* segment_decide() has judged that one */
	c = segment_char_before(s, line->end, line->begin, &b);
	if (c == ',' || c == ';' || c == ':' || c == '-' || c == 0x2010 || c == '(' ||
	    c == '[' || c == '&' || c == '/' || c == 0x201c || c == 0x201e || c == 0x00ab)
		return 0;
	/* A line ending in "and", "the", "not"... leaves its sentence open. */
	for (b = line->end; b > line->begin && b + 8 > line->end &&
	     ((s[b - 1] >= 'a' && s[b - 1] <= 'z') || (s[b - 1] >= 'A' && s[b - 1] <= 'Z')); b--)
		;
	if ((b == line->begin || segment_blank(segment_char_before(s, b, line->begin, &w))) &&
	    segment_in_list(s + b, line->end - b, SEGMENT_SET_OPEN_ENDERS))
		return 0;
	if (segment_next_word(st, li + 1, next->begin, &opener, &quoted) == SEGMENT_LOWER)
		return 0;
	/* A new unit opens with a letter or a digit, not "$9.2" or "%". */
	for (b = next->begin, w = 0; b < next->end && w < 16; b += len, w++) {
		c = segment_char(s, b, next->end, &len);
		if (!segment_opener(c))
			break;
	}
	if (b >= next->end || !(segment_is_alpha(c) || segment_is_digit(c)))
		return 0;
	/* A lone "Now" or "The" is a sentence broken by the wrapper. */
	for (b = line->begin; b < line->end; b += len) {
		c = segment_char(s, b, line->end, &len);
		if (segment_blank(c))
			break;
	}
	if (b >= line->end && segment_in_list(s + line->begin, line->end - line->begin,
					      SEGMENT_SET_OPENERS))
		return 0;
	/*
	 * A title-case line (a headline, not a quoted one), or a byline next.
	 * A headline is a unit from its first character (a sentence that
	 * began on an earlier line, or earlier on this one, is prose) and is
	 * short beside the paragraph's lines ("WOODSIDE, Calif. (AP) —
	 * President Joe Biden and Chinese President" is a wrapped lede).
	 */
	c = segment_char(s, line->begin, line->end, &len);
	if (start == line->begin && line->width * 3 <= max_width * 2 &&
	    !segment_opener(c) && segment_title_case(s, line))
		return 1;
	if (segment_byline(s, next))
		return 1;
	/* The next line is indented deeper: a new paragraph, typewriter style. */
	if (next->indent > line->indent)
		return 1;
	/* Longer than any hard-wrap width: the author ended the line. */
	if (line->width > 120)
		return 1;
	/* "Read more | ...", "Also Read | ...": prose has no " | ". */
	for (b = line->begin; b + 3 <= line->end; b++)
		if (s[b] == ' ' && s[b + 1] == '|' && s[b + 2] == ' ')
			return 1;
	/*
	 * A short line (two thirds of the paragraph's longest at most) that
	 * the next line's first word would have fitted on.  The margin is for
	 * wrappers that balance lines instead of filling them (fmt's optimum
	 * fit leaves lines short by a word or two).
	 */
	if (start != line->begin || line->width * 3 > max_width * 2)
		return 0;
	for (w = 0, b = next->begin; b < next->end && w <= max_width; b += len, w++) {
		c = segment_char(s, b, next->end, &len);
		if (segment_blank(c))
			break;
	}
	return line->width + 1 + w <= max_width;
}

/*
 * Word-at-a-time tests on s[0 .. 8) (the "has a zero byte" bit tricks):
 * they may say yes where the answer is no, when a borrow crosses bytes,
 * never the reverse, and the byte loops after them decide exactly.
 */
#define SEGMENT_ONES 0x0101010101010101ull
#define SEGMENT_HIGH 0x8080808080808080ull

static uint64_t
segment_word8(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static int
segment_has_byte8(uint64_t w, uint8_t c)
{
	uint64_t x = w ^ (SEGMENT_ONES * c);

	return ((x - SEGMENT_ONES) & ~x & SEGMENT_HIGH) != 0;
}

/* Eight bytes from ' ' to 0x7f: no control character, nothing beyond ASCII. */
static int
segment_printable8(const char *s)
{
	uint64_t w = segment_word8(s);

	return (((w - SEGMENT_ONES * 0x20) & ~w) | w) & SEGMENT_HIGH ? 0 : 1;
}

/* Some of the eight bytes may end a sentence: . ! ? or a byte beyond ASCII. */
static int
segment_stop8(const char *s)
{
	uint64_t w = segment_word8(s);

	return (w & SEGMENT_HIGH) || segment_has_byte8(w, '.') || segment_has_byte8(w, '!') ||
	       segment_has_byte8(w, '?');
}

/*
 * Where the next byte at or after i (before end) that may end a sentence
 * is: . ! ? or a byte beyond ASCII; or a place before it from which the
 * byte loops go on.  Sixteen bytes at a time with SSE2 (every x86-64),
 * else eight with the bit tricks above.
 */
static size_t
segment_skip_to_stop(const char *s, size_t i, size_t end)
{
#ifdef __SSE2__
	const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!');
	const __m128i ask = _mm_set1_epi8('?');

	while (end - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot),
							_mm_cmpeq_epi8(v, bang)),
					   _mm_cmpeq_epi8(v, ask));
		int mask = _mm_movemask_epi8(_mm_or_si128(hit, v));	/* sign: beyond ASCII */

		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
		i += 16;
	}
#endif
	while (end - i >= 8 && !segment_stop8(s + i))
		i += 8;
	return i;
}

/*
 * The end of the run of printable ASCII (the space to 0x7f: one byte,
 * one character, only the space blank) that starts at i, or a place
 * before it from which the byte loop goes on.
 */
static size_t
segment_skip_printable(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i below = _mm_set1_epi8(' ');

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed: bytes beyond ASCII are negative, so below ' ' too */
		int mask = _mm_movemask_epi8(_mm_cmpgt_epi8(below, v));

		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
		i += 16;
	}
#endif
	while (n - i >= 8 && segment_printable8(s + i))
		i += 8;
	return i;
}

static void
segment_sentences(struct segment_state *st)
{
	const char *s = st->s;
	size_t li, max_width = 0, start = 0;
	int pending = 0;

	for (li = 0; li < st->line_count; li++)
		if (st->line[li].width > max_width)
			max_width = st->line[li].width;
	for (li = 0; li < st->line_count; li++) {
		const struct segment_line *line = &st->line[li];
		size_t i = line->begin, len;

		while (i < line->end) {
			ucs4_t c;
			size_t j, p, len2;

			/* Inside a sentence only a terminator matters, and no ASCII
			 * byte but . ! ? is one: the loop below would step over the
			 * others one by one, doing nothing else. */
			if (pending) {
				i = segment_skip_to_stop(s, i, line->end);
				while (i < line->end && (unsigned char)s[i] < 0x80 &&
				       s[i] != '.' && s[i] != '!' && s[i] != '?')
					i++;
				if (i == line->end)
					break;
			}
			c = segment_char(s, i, line->end, &len);

			if (segment_blank(c)) {
				i += len;
				continue;
			}
			if (!pending) {
				start = i;
				pending = 1;
			}
			if (!segment_terminator(c)) {
				i += len;
				continue;
			}
			for (j = i + len; j < line->end; j += len2)
				if (!segment_terminator(segment_char(s, j, line->end, &len2)))
					break;
			p = segment_decide(st, li, start, i, j);
			if (p != 0) {
				segment_emit(st, start, p);
				pending = 0;
				i = p;
			} else {
				i = j;
			}
		}
		if (pending && li + 1 < st->line_count &&
		    segment_line_stands_alone(st, li, start, max_width)) {
			segment_emit(st, start, line->end);
			pending = 0;
		}
	}
	if (pending)
		segment_emit(st, start, st->line[st->line_count - 1].end);
}

static void
segment_paragraph(struct segment_state *st, enum segment_kind kind)
{
	size_t li;

	if (st->line_count == 0)
		return;
	switch (kind) {
	case SEGMENT_LINE:
		for (li = 0; li < st->line_count; li++)
			segment_emit(st, st->line[li].begin, st->line[li].end);
		break;
	case SEGMENT_PARAGRAPH:
		segment_emit(st, st->line[0].begin, st->line[st->line_count - 1].end);
		break;
	case SEGMENT_SENTENCE:
	default:
		segment_sentences(st);
		break;
	}
	st->paragraph++;
	st->line_count = 0;
}

static void
segment_sets_build(void)
{
	segment_set_build(SEGMENT_SET_TITLES, segment_titles);
	segment_set_build(SEGMENT_SET_BEFORE_NUMBER, segment_before_number);
	segment_set_build(SEGMENT_SET_WEAK, segment_weak);
	segment_set_build(SEGMENT_SET_OPEN_ENDERS, segment_open_enders);
	segment_set_build(SEGMENT_SET_OPENERS, segment_openers);
	segment_set_build(SEGMENT_SET_TITLE_SMALL, segment_title_small);
}

void
segment_text(const struct text *text, enum segment_kind kind, struct unit_list *out)
{
	segment_text_hashed(text, kind, out, NULL);
}

void
segment_text_hashed(const struct text *text, enum segment_kind kind, struct unit_list *out,
		    uint64_t **hash)
{
	struct segment_state st;
	const char *s = text->bytes;
	size_t i = text->start, n = text->length;

	segment_init();
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.length = n;
	st.out = out;
	st.hash = hash;
	out->unit = NULL;
	out->count = 0;
	if (hash != NULL)
		*hash = NULL;
	while (i < n) {
		size_t begin = (size_t)-1, end = 0, width = 0, len, line_start = i;

		/* One line: find its non-blank extent and its width in characters. */
		while (i < n && s[i] != '\n' && s[i] != '\r') {
			size_t run = i;
			ucs4_t c;

			/* Printable ASCII and the space: one byte, one character,
			 * and only the space is blank.  Find the run's end first,
			 * then its first and last non-blank bytes. */
			run = segment_skip_printable(s, run, n);
			while (run < n && (unsigned char)s[run] >= ' ' && (unsigned char)s[run] < 0x80)
				run++;
			if (run > i) {
				size_t k;

				if (begin == (size_t)-1)
					for (k = i; k < run; k++)
						if (s[k] != ' ') {
							begin = k;
							break;
						}
				for (k = run; k > i; k--)
					if (s[k - 1] != ' ') {
						end = k;
						break;
					}
				width += run - i;
				i = run;
				continue;
			}
			c = segment_char(s, i, n, &len);

			if (!segment_blank(c)) {
				if (begin == (size_t)-1)
					begin = i;
				end = i + len;
			}
			if (((unsigned char)s[i] & 0xc0) != 0x80)
				width++;
			i += len;
		}
		if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i += 2;
		else if (i < n)
			i++;
		if (begin == (size_t)-1) {
			segment_paragraph(&st, kind);
			continue;
		}
		if (st.line_count == st.line_cap) {
			st.line_cap = st.line_cap ? st.line_cap * 2 : 64;
			st.line = xreallocarray(st.line, st.line_cap, sizeof(*st.line));
		}
		st.line[st.line_count].begin = begin;
		st.line[st.line_count].end = end;
		st.line[st.line_count].width = width;
		st.line[st.line_count].indent = begin - line_start;
		st.line_count++;
	}
	segment_paragraph(&st, kind);
	free(st.line);
}

void
segment_free(struct unit_list *list)
{
	if (list == NULL)
		return;
	free(list->unit);
	list->unit = NULL;
	list->count = 0;
}

static const char *const kind_names[] = { "sentence", "line", "paragraph" };

int
segment_kind_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kind_names); i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
segment_kind_name(enum segment_kind kind)
{
	if ((unsigned)kind >= ARRAY_SIZE(kind_names))
		return "?";
	return kind_names[kind];
}
