/*
 * tokens: the words of a unit, normalised and interned to integer ids.
 *
 * Idea: split the unit at Unicode word boundaries (UAX #29 through
 * libunistring's u8_wordbreaks), keep the pieces that hold a letter or a
 * digit, and normalise each: NFKC with full case folding (u8_casefold), so
 * that fullwidth forms, ligatures and case variants meet; typographic
 * apostrophes become "'"; letters joined by dots in parts of one or two
 * letters lose the dots ("U.S" -> "us", "Ph.D" -> "phd"), so "U.S." equals
 * "US"; thousands separators go ("1,200" -> "1200").  UAX #29 already keeps
 * numbers whole ("2.5", "1,200") and contractions ("don't"), and splits at
 * hyphens, so "Jong-un" gives "jong" "un" exactly as "Jong Un" does; dashes,
 * quotes, spaces and other punctuation never form a token.  Each token keeps
 * the source byte span of its word for the word diff.
 *
 * Interning: an open-addressing hash table (linear probing, load at most
 * 1/2) maps strings to ids 0, 1, 2...  A string is hashed and compared as
 * 8-byte words, zero-padded past its end (the way a word-at-a-time scanner
 * reads it), and each slot holds 32 bits of its string's hash beside the
 * id, so a probe that misses reads nothing but the slot array.  Strings
 * live, padded that way, in a block arena that never moves, so
 * tokens_table_text() pointers stay valid for the table's life.  Per id
 * one record holds what a hit reads: the string's first 8 bytes, its
 * length, and the document frequency of each side, counted once per unit
 * through a per-unit stamp.  Strings of under 16 bytes without a zero byte
 * (every word of letters and digits of that length) are also indexed by
 * their one or two 8-byte words themselves, which the ASCII scan reads
 * them as: a common word is found with one multiply and one compare.
 *
 * Invariants: equal normalised strings have equal ids; ids are dense and
 * in the order of first use; token spans lie inside their unit, in order,
 * never overlapping.
 *
 * Cost: O(n) per unit of n bytes, plus one u8_casefold() call per non-ASCII
 * word outside Latin-1.  A unit in pure ASCII is classified and folded 16
 * bytes at a time into bit masks, its words found by bit scans and read
 * as folded 8-byte words, and cut by a word break routine of our own that
 * gives libunistring's breaks exactly (a test holds the two together) at a
 * fraction of the cost.
 * Allocation: tokens_unit() gives each unit an array of its own;
 * tokens_unit_stored() puts the tokens of many units in blocks the table
 * owns; scratch buffers and arena blocks are reused, never one malloc per
 * token.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tokens.h"

#define TOKENS_BLOCK_SIZE 65536
/* Tokens per block of the token store (12 bytes each). */
#define TOKENS_STORE_BLOCK 65536

_Static_assert(TEXT_MAX_BYTES <= UINT32_MAX, "struct token spans need 32-bit offsets");

struct tokens_block {
	struct tokens_block *next;
	size_t used, size;
	uint64_t data[];	/* strings start on 8-byte boundaries */
};

struct tokens_store {
	struct tokens_store *next;
	size_t used, size;
	struct token token[];
};

/* What a hit reads about an id, in one place. */
struct tokens_entry {
	uint64_t head;		/* the string's first 8 bytes, zero-padded */
	const char *text;	/* NUL-terminated, zero-padded to 8-byte words */
	uint32_t length;
	uint32_t stamp;		/* serial of the last unit that counted this id */
	uint32_t df[2];
};

/*
 * An index of words by their zero-padded 8-byte words: per slot the key's
 * words (one or two: the stride less one), then the id; a first word of 0
 * when empty.
 */
struct tokens_index {
	uint64_t *slot;
	size_t mask, count;
	unsigned shift;		/* 64 - log2(mask + 1) */
};

struct token_table {
	struct tokens_entry *entry;	/* per id */
	uint64_t *hash;			/* per id: read only to grow the slots */
	size_t count, cap;

	/* Open addressing: the high 32 bits of the hash above id + 1; 0 when empty. */
	uint64_t *slot;
	size_t slot_mask;

	/*
	 * Every string of 1 to 7 bytes, none of them zero, by its zero-padded
	 * 8-byte word (which tells its length), and every one of 8 to 15 by
	 * its two: see tokens_index_add().
	 */
	struct tokens_index word, mid;

	struct tokens_block *block;
	struct tokens_store *store;
	uint32_t serial;	/* one per unit tokenized or copied */

	/* Scratch, reused between units. */
	char *breaks;
	size_t breaks_cap;
	uint8_t *fold;
	size_t fold_cap;
	uint64_t *pad;		/* a word to intern, zero-padded */
	size_t pad_cap;		/* in 8-byte words */
	struct token *scratch;
	size_t scratch_cap;
	uint64_t *map;		/* an ASCII unit's map: tokens_map_build() */
	size_t map_cap;		/* in 8-byte words */
};

#define TOKENS_TAG_MASK 0xffffffff00000000ull

static inline uint64_t
tokens_load8(const void *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/*
 * The hash of a string, read as the 8-byte words of its zero-padded form:
 * n / 8 + 1 of them (so the last is never full), from a start mixed with
 * n.  Words that fill a register are hashed word by word; a multiply and
 * a shift carry every bit of each word into the low bits that pick the
 * slot (and the high ones of the tag), so no finishing step is needed: a
 * word of under 8 bytes costs one multiply.  (n only touches the first
 * byte, but a word of letters or digits has no zero byte, so two words
 * of other lengths still differ in the word where the shorter one ends.)
 */
#define TOKENS_HASH_SEED 0x9ae16a3b2f90404full

static inline uint64_t
tokens_hash_start(size_t n)
{
	return TOKENS_HASH_SEED ^ n;
}

static inline uint64_t
tokens_hash_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xc6a4a7935bd1e995ull;
	return h ^ (h >> 32);
}

/* The hash of a zero-padded string of n bytes (n / 8 + 1 words at w). */
static uint64_t
tokens_hash_padded(const char *w, size_t n)
{
	uint64_t h = tokens_hash_start(n);
	size_t i;

	for (i = 0; i <= n / 8; i++)
		h = tokens_hash_step(h, tokens_load8(w + 8 * i));
	return h;
}

/*
 * Zeroed slots, written rather than calloc()ed: a probe reads a slot
 * before any write, and a page first read is the shared zero page, whose
 * replacement at the first write must flush the other threads' TLBs (an
 * interrupt to every other CPU, for each page of the array).
 */
static uint64_t *
tokens_slots_new(size_t count)
{
	uint64_t *slot = xreallocarray(NULL, count, sizeof(*slot));

	memset(slot, 0, count * sizeof(*slot));
	return slot;
}

struct token_table *
tokens_table_new(void)
{
	struct token_table *table = xcalloc(1, sizeof(*table));

	table->slot_mask = 1023;
	table->slot = tokens_slots_new(table->slot_mask + 1);
	table->word.mask = table->mid.mask = 1023;
	table->word.shift = table->mid.shift = 64 - 10;
	table->word.slot = tokens_slots_new(2 * (table->word.mask + 1));
	table->mid.slot = tokens_slots_new(3 * (table->mid.mask + 1));
	return table;
}

static void
tokens_store_free(struct tokens_store *b)
{
	struct tokens_store *next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
tokens_table_free(struct token_table *table)
{
	struct tokens_block *b, *next;

	if (table == NULL)
		return;
	for (b = table->block; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	tokens_store_free(table->store);
	free(table->entry);
	free(table->hash);
	free(table->slot);
	free(table->word.slot);
	free(table->mid.slot);
	free(table->breaks);
	free(table->fold);
	free(table->pad);
	free(table->scratch);
	free(table->map);
	free(table);
}

size_t
tokens_table_size(const struct token_table *table)
{
	return table->count;
}

const char *
tokens_table_text(const struct token_table *table, uint32_t id)
{
	if (id >= table->count)
		return NULL;
	return table->entry[id].text;
}

/* A copy of the zero-padded string w of n bytes in the arena. */
static const char *
tokens_store_string(struct token_table *table, const char *w, size_t n)
{
	struct tokens_block *b = table->block;
	size_t words = n / 8 + 1;
	char *copy;

	if (b == NULL || b->size - b->used < words) {
		size_t size = words > TOKENS_BLOCK_SIZE / 32 ? words : TOKENS_BLOCK_SIZE / 8;

		b = xmalloc(sizeof(*b) + size * 8);
		b->used = 0;
		b->size = size;
		/* A large string's own block goes behind the current one, which
		 * keeps its free room for the small strings to come. */
		if (size != TOKENS_BLOCK_SIZE / 8 && table->block != NULL) {
			b->next = table->block->next;
			table->block->next = b;
		} else {
			b->next = table->block;
			table->block = b;
		}
	}
	copy = (char *)(b->data + b->used);
	memcpy(copy, w, words * 8);
	b->used += words;
	return copy;
}

static void
tokens_grow_slots(struct token_table *table)
{
	size_t mask = table->slot_mask * 2 + 1, id;
	uint64_t *slot = tokens_slots_new(mask + 1);

	for (id = 0; id < table->count; id++) {
		uint64_t h = table->hash[id];
		size_t k = (size_t)h & mask;

		while (slot[k] != 0)
			k = (k + 1) & mask;
		slot[k] = (h & TOKENS_TAG_MASK) | ((uint64_t)id + 1);
	}
	free(table->slot);
	table->slot = slot;
	table->slot_mask = mask;
}

/*
 * The short words' index.  Nearly every token of real text is a word of
 * under 8 letters and digits, read from the unit as one zero-padded 8-byte
 * word: its own key, with no string hash, tag or entry to compare.  A
 * Fibonacci hash (the top bits of the word times 2^64 / phi) picks the
 * home slot; linear probing, load at most 1/2.  Words of 8 to 15 bytes
 * have an index of their own, keyed by their two words.  Every such
 * string the table interns is added (tokens_intern_padded()), so the
 * indexes are complete: a word they lack is new to the table.
 */
#define TOKENS_WORD_MULT 0x9e3779b97f4a7c15ull
#define TOKENS_WORD_MULT2 0xc2b2ae3d27d4eb4full

/* Is the zero-padded string w of n bytes a key (of either index)? */
static int
tokens_word_key(const char *w, size_t n)
{
	return n > 0 && n < 16 && memchr(w, 0, n) == NULL;
}

/* The home slot of the key (w0, w1) (w1 0 for a short word). */
static inline size_t
tokens_word_home(uint64_t w0, uint64_t w1, unsigned shift)
{
	return (size_t)(((w0 + w1 * TOKENS_WORD_MULT2) * TOKENS_WORD_MULT) >> shift);
}

/* Put (w0, w1) -> id in slots of stride 2 (w0 alone) or 3. */
static void
tokens_index_put(uint64_t *slot, size_t mask, unsigned shift, size_t stride, uint64_t w0,
		 uint64_t w1, uint64_t id)
{
	size_t k = tokens_word_home(w0, w1, shift);

	while (slot[stride * k] != 0)
		k = (k + 1) & mask;
	slot[stride * k] = w0;
	if (stride == 3)
		slot[stride * k + 1] = w1;
	slot[stride * k + stride - 1] = id;
}

static void
tokens_index_add(struct tokens_index *x, size_t stride, uint64_t w0, uint64_t w1, uint32_t id)
{
	if ((x->count + 1) * 2 > x->mask + 1) {
		size_t mask = x->mask * 2 + 1, k;
		uint64_t *slot = tokens_slots_new(stride * (mask + 1)), *o;

		for (k = 0; k <= x->mask; k++) {
			o = x->slot + stride * k;
			if (o[0] != 0)
				tokens_index_put(slot, mask, x->shift - 1, stride, o[0],
						 stride == 3 ? o[1] : 0, o[stride - 1]);
		}
		free(x->slot);
		x->slot = slot;
		x->mask = mask;
		x->shift--;
	}
	tokens_index_put(x->slot, x->mask, x->shift, stride, w0, w1, id);
	x->count++;
}

/*
 * The id of the zero-padded string w of n bytes (n / 8 + 1 words), whose
 * hash is h (tokens_hash_padded()), or UINT32_MAX with *empty the slot
 * where it would go.  A slot's tag turns away nearly every other string
 * without reading its entry.
 */
static inline uint32_t
tokens_probe(const struct token_table *table, const char *w, size_t n, uint64_t h,
	     size_t *empty)
{
	uint64_t tag = h & TOKENS_TAG_MASK, head = tokens_load8(w), s;
	size_t k = (size_t)h & table->slot_mask, i;

	while ((s = table->slot[k]) != 0) {
		if ((s & TOKENS_TAG_MASK) == tag) {
			const struct tokens_entry *e = &table->entry[(uint32_t)s - 1];

			if (e->head == head && e->length == n) {
				for (i = 1; i <= n / 8; i++)
					if (tokens_load8(e->text + 8 * i) != tokens_load8(w + 8 * i))
						break;
				if (i > n / 8)
					return (uint32_t)s - 1;
			}
		}
		k = (k + 1) & table->slot_mask;
	}
	*empty = k;
	return UINT32_MAX;
}

/* tokens_probe()'s string, given a new id if it is new. */
static inline uint32_t
tokens_intern_padded(struct token_table *table, const char *w, size_t n, uint64_t h)
{
	struct tokens_entry *e;
	size_t k = 0;	/* set by tokens_probe() whenever it finds no id */
	uint32_t id = tokens_probe(table, w, n, h, &k);

	if (id != UINT32_MAX)
		return id;
	if (table->count >= UINT32_MAX - 1)
		util_die("too many distinct words");
	if (table->count == table->cap) {
		table->cap = table->cap ? table->cap * 2 : 1024;
		table->entry = xreallocarray(table->entry, table->cap, sizeof(*table->entry));
		table->hash = xreallocarray(table->hash, table->cap, sizeof(*table->hash));
	}
	id = (uint32_t)table->count++;
	e = &table->entry[id];
	e->head = tokens_load8(w);
	e->text = tokens_store_string(table, w, n);
	e->length = (uint32_t)n;
	e->stamp = 0;
	e->df[0] = e->df[1] = 0;
	table->hash[id] = h;
	table->slot[k] = (h & TOKENS_TAG_MASK) | ((uint64_t)id + 1);
	if (table->count * 2 > table->slot_mask + 1)
		tokens_grow_slots(table);
	if (tokens_word_key(w, n)) {
		if (n < 8)
			tokens_index_add(&table->word, 2, e->head, 0, id);
		else
			tokens_index_add(&table->mid, 3, e->head, tokens_load8(w + 8), id);
	}
	return id;
}

/* Room for a zero-padded copy of n bytes in table->pad. */
static void
tokens_pad_reserve(struct token_table *table, size_t n)
{
	if (table->pad_cap < n / 8 + 1) {
		table->pad_cap = n / 8 + 1 > 64 ? n / 8 + 1 : 64;
		free(table->pad);
		table->pad = xreallocarray(NULL, table->pad_cap, sizeof(*table->pad));
	}
}

/* The id of s[0 .. n), any bytes. */
static uint32_t
tokens_intern_bytes(struct token_table *table, const char *s, size_t n)
{
	char *w;

	tokens_pad_reserve(table, n);
	w = (char *)table->pad;
	memcpy(w, s, n);
	memset(w + n, 0, 8 - n % 8);
	return tokens_intern_padded(table, w, n, tokens_hash_padded(w, n));
}

uint32_t
tokens_table_intern(struct token_table *table, const char *s, size_t n)
{
	return tokens_intern_bytes(table, s, n);
}

/* The hash of a unit's id sequence; tokens_unit() computes it as it goes. */
#define TOKENS_LIST_SEED 0x243f6a8885a308d3ull

static inline uint64_t
tokens_list_step(uint64_t h, uint32_t id)
{
	h = (h ^ (id + 1)) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/*
 * from's ids are in the order of their first use, so interning them in
 * that order gives the new ones the ids a direct tokenization would have
 * given them; the stamps are moved past table's serial for the same reason.
 */
void
tokens_table_merge(struct token_table *table, const struct token_table *from,
		   struct token_list *lists, size_t count)
{
	uint32_t *map = xmalloc((from->count ? from->count : 1) * sizeof(*map));
	size_t i, k;

	for (i = 0; i < from->count; i++) {
		const struct tokens_entry *f = &from->entry[i];
		uint32_t id = tokens_intern_padded(table, f->text, f->length, from->hash[i]);
		struct tokens_entry *e = &table->entry[id];

		map[i] = id;
		e->df[0] += f->df[0];
		e->df[1] += f->df[1];
		if (f->stamp != 0)
			e->stamp = table->serial + f->stamp;
	}
	table->serial += from->serial;
	for (i = 0; i < count; i++) {
		struct token_list *list = &lists[i];
		uint64_t h = TOKENS_LIST_SEED;

		for (k = 0; k < list->count; k++) {
			list->token[k].id = map[list->token[k].id];
			h = tokens_list_step(h, list->token[k].id);
		}
		list->hash = h ^ list->count;
	}
	free(map);
}

uint32_t *
tokens_table_merge_find(const struct token_table *table, const struct token_table *from)
{
	uint32_t *map = xmalloc((from->count ? from->count : 1) * sizeof(*map));
	size_t i, slot;	/* table is only read: where a new id would go is not used */

	for (i = 0; i < from->count; i++)
		map[i] = tokens_probe(table, from->entry[i].text, from->entry[i].length,
				      from->hash[i], &slot);
	return map;
}

uint32_t *
tokens_lists_first_use(const struct token_table *from, struct token_list *const *lists,
		       size_t count)
{
	uint32_t *order = xmalloc((from->count ? from->count : 1) * sizeof(*order));
	uint8_t *seen = xcalloc(from->count ? from->count : 1, 1);
	size_t i, k, n = 0;

	for (i = 0; i < count; i++)
		for (k = 0; k < lists[i]->count; k++) {
			uint32_t local = lists[i]->token[k].id;

			if (!seen[local]) {
				seen[local] = 1;
				order[n++] = local;
			}
		}
	for (i = 0; i < from->count; i++)	/* in no list: after, in from's order */
		if (!seen[i])
			order[n++] = (uint32_t)i;
	free(seen);
	return order;
}

void
tokens_table_merge_add(struct token_table *table, const struct token_table *from,
		       const uint32_t *order, uint32_t *map)
{
	size_t i;

	for (i = 0; i < from->count; i++) {
		uint32_t local = order[i];
		const struct tokens_entry *f = &from->entry[local];
		struct tokens_entry *e;

		if (map[local] == UINT32_MAX)
			map[local] = tokens_intern_padded(table, f->text, f->length,
							  from->hash[local]);
		e = &table->entry[map[local]];
		e->df[0] += f->df[0];
		e->df[1] += f->df[1];
		if (f->stamp != 0)
			e->stamp = table->serial + f->stamp;
	}
	table->serial += from->serial;
}

/*
 * Number from's ids in the order they first occur in the lists: the order
 * a direct tokenization of the units, in that order, would have met them
 * in, whatever order from met them in.  An id no list holds comes after,
 * in from's order.  The lists are only read here.
 */
uint32_t *
tokens_table_merge_map(struct token_table *table, const struct token_table *from,
		       struct token_list *const *lists, size_t count)
{
	uint32_t *map = tokens_table_merge_find(table, from);
	uint32_t *order = tokens_lists_first_use(from, lists, count);

	tokens_table_merge_add(table, from, order, map);
	free(order);
	return map;
}

void
tokens_lists_map(const uint32_t *map, struct token_list *const *lists, size_t count)
{
	size_t i, k;

	for (i = 0; i < count; i++) {
		struct token_list *list = lists[i];
		uint64_t h = TOKENS_LIST_SEED;

		for (k = 0; k < list->count; k++) {
			list->token[k].id = map[list->token[k].id];
			h = tokens_list_step(h, list->token[k].id);
		}
		list->hash = h ^ list->count;
	}
}

void
tokens_table_merge_lists(struct token_table *table, const struct token_table *from,
			 struct token_list *const *lists, size_t count)
{
	uint32_t *map = tokens_table_merge_map(table, from, lists, count);

	tokens_lists_map(map, lists, count);
	free(map);
}

void
tokens_table_take_tokens(struct token_table *table, struct token_table *from)
{
	struct tokens_store **tail = &table->store;

	/* Behind table's own blocks: the first stays the one being filled. */
	if (*tail != NULL)
		tail = &(*tail)->next;
	while (from->store != NULL) {
		struct tokens_store *b = from->store;

		from->store = b->next;
		b->next = *tail;
		*tail = b;
	}
}

uint32_t
tokens_table_df(const struct token_table *table, uint32_t id, int side)
{
	if (id >= table->count || side < 0 || side > 1)
		return 0;
	return table->entry[id].df[side];
}

/* Does the word hold a letter or a digit (else it is punctuation or space)? */
static int
tokens_is_word(const uint8_t *s, size_t n, int *ascii)
{
	size_t i = 0;
	int found = 0;

	*ascii = 1;
	while (i < n) {
		ucs4_t c;

		if (s[i] < 0x80) {
			c = s[i];
			if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				found = 1;
			i++;
			continue;
		}
		*ascii = 0;
		i += (size_t)u8_mbtouc(&c, s + i, n - i);
		if (uc_is_general_category(c, UC_CATEGORY_L) ||
		    uc_is_general_category(c, UC_CATEGORY_N))
			found = 1;
	}
	return found;
}

/*
 * UAX #29 word break properties of the ASCII characters.  In ASCII no
 * character is Extend, Format, ZWJ, Katakana, Hebrew_Letter or
 * Regional_Indicator, '\'' (Single_Quote) acts as MidNumLet and '"'
 * (Double_Quote) matters only next to Hebrew letters, so these classes are
 * all the rules below need.
 */
enum tokens_wb {
	TOKENS_WB_OTHER,
	TOKENS_WB_CR,
	TOKENS_WB_LF,
	TOKENS_WB_NEWLINE,	/* VT, FF */
	TOKENS_WB_LETTER,	/* ALetter */
	TOKENS_WB_NUMERIC,
	TOKENS_WB_MIDLETTER,	/* : */
	TOKENS_WB_MIDNUMLET,	/* . ' */
	TOKENS_WB_MIDNUM,	/* , ; */
	TOKENS_WB_EXTENDNUMLET,	/* _ */
	TOKENS_WB_SPACE		/* WSegSpace: the space alone */
};

/* Rows of 16 code points, 0x00 to 0x7f. */
#define O TOKENS_WB_OTHER
#define CR TOKENS_WB_CR
#define LF TOKENS_WB_LF
#define NL TOKENS_WB_NEWLINE
#define L TOKENS_WB_LETTER
#define N TOKENS_WB_NUMERIC
#define ML TOKENS_WB_MIDLETTER
#define MNL TOKENS_WB_MIDNUMLET
#define MN TOKENS_WB_MIDNUM
#define ENL TOKENS_WB_EXTENDNUMLET
#define SP TOKENS_WB_SPACE
static const uint8_t tokens_wb_ascii[128] = {
	O, O, O, O, O, O, O, O, O, O, LF, NL, NL, CR, O, O,	/* 00 */
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,	/* 10 */
	SP, O, O, O, O, O, O, MNL, O, O, O, O, MN, O, MNL, O,	/* 20 */
	N, N, N, N, N, N, N, N, N, N, ML, MN, O, O, O, O,	/* 30 */
	O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,	/* 40 */
	L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, ENL,	/* 50 */
	O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,	/* 60 */
	L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,	/* 70 */
};
#undef O
#undef CR
#undef LF
#undef NL
#undef L
#undef N
#undef ML
#undef MNL
#undef MN
#undef ENL
#undef SP

/*
 * u8_wordbreaks() for ASCII text: the rules of UAX #29 that can apply to
 * ASCII (WB3-WB3d, WB5-WB13b; WB4 skips nothing here) over the classes
 * above, with two characters of context before and one after.  Exact: the
 * result equals libunistring's on every ASCII string (test-tokens holds
 * the two together on random strings), and it is several times faster
 * because it needs no Unicode table lookups.
 *
 * Is there a break before s[i] (0 < i < n)?
 */
static int
tokens_ascii_break(const uint8_t *s, size_t n, size_t i)
{
	uint8_t prev = tokens_wb_ascii[s[i - 1]], cur = tokens_wb_ascii[s[i]];
	uint8_t prev2, next;
	int letter_or_number = prev == TOKENS_WB_LETTER || prev == TOKENS_WB_NUMERIC;

	/* Inside a word first: no rule before WB5 looks at letters or digits,
	 * so testing WB5 and WB8-10 early changes nothing. */
	if (letter_or_number && (cur == TOKENS_WB_LETTER || cur == TOKENS_WB_NUMERIC))
		return 0;					/* WB5, WB8-10 */
	if (prev == TOKENS_WB_CR && cur == TOKENS_WB_LF)
		return 0;					/* WB3 */
	if (prev == TOKENS_WB_CR || prev == TOKENS_WB_LF || prev == TOKENS_WB_NEWLINE ||
	    cur == TOKENS_WB_CR || cur == TOKENS_WB_LF || cur == TOKENS_WB_NEWLINE)
		return 1;					/* WB3a, WB3b */
	if (prev == TOKENS_WB_SPACE && cur == TOKENS_WB_SPACE)
		return 0;					/* WB3d */
	prev2 = i >= 2 ? tokens_wb_ascii[s[i - 2]] : TOKENS_WB_OTHER;
	next = i + 1 < n ? tokens_wb_ascii[s[i + 1]] : TOKENS_WB_OTHER;
	if (prev == TOKENS_WB_LETTER && next == TOKENS_WB_LETTER &&
	    (cur == TOKENS_WB_MIDLETTER || cur == TOKENS_WB_MIDNUMLET))
		return 0;					/* WB6 */
	if (prev2 == TOKENS_WB_LETTER && cur == TOKENS_WB_LETTER &&
	    (prev == TOKENS_WB_MIDLETTER || prev == TOKENS_WB_MIDNUMLET))
		return 0;					/* WB7 */
	if (prev2 == TOKENS_WB_NUMERIC && cur == TOKENS_WB_NUMERIC &&
	    (prev == TOKENS_WB_MIDNUM || prev == TOKENS_WB_MIDNUMLET))
		return 0;					/* WB11 */
	if (prev == TOKENS_WB_NUMERIC && next == TOKENS_WB_NUMERIC &&
	    (cur == TOKENS_WB_MIDNUM || cur == TOKENS_WB_MIDNUMLET))
		return 0;					/* WB12 */
	if ((letter_or_number || prev == TOKENS_WB_EXTENDNUMLET) &&
	    cur == TOKENS_WB_EXTENDNUMLET)
		return 0;					/* WB13a */
	if (prev == TOKENS_WB_EXTENDNUMLET &&
	    (cur == TOKENS_WB_LETTER || cur == TOKENS_WB_NUMERIC))
		return 0;					/* WB13b */
	return 1;
}

#define TOKENS_WB_CLASSES (TOKENS_WB_SPACE + 1)

/*
 * For most pairs of classes the rules decide alone: tokens_wb_pair[prev][cur]
 * is 0 (no break), 1 (a break) or 2 (it depends on the characters around:
 * ask tokens_ascii_break()).  Filled on first use by running
 * tokens_ascii_break() in every context of the pair, so the two agree by
 * construction.
 */
static uint8_t tokens_wb_pair[TOKENS_WB_CLASSES][TOKENS_WB_CLASSES];
static pthread_once_t tokens_wb_pair_once = PTHREAD_ONCE_INIT;
/* Each ASCII letter or digit folded (A -> a), 0 for every other byte. */
static uint8_t tokens_alnum_fold[256];
/* 1 for what may start a piece that holds a token in an ASCII unit: a
 * letter, a digit, or "_" (which joins the letters after it, WB13b). */
static uint8_t tokens_word_start[256];
/*
 * tokens_run_end[digit][c]: is there a break, in every context, between a
 * letter (digit 0) or a digit (1) and the byte c after it?
 */
static uint8_t tokens_run_end[2][256];
/*
 * tokens_run_end_alone[digit][c]: is there a break before c in every
 * context where nothing or neither a letter nor a digit follows c (a full
 * stop ending a sentence, a comma after a number)?
 */
static uint8_t tokens_run_end_alone[2][256];
/*
 * tokens_run_end_any[c]: is there a break between a letter or a digit and
 * the byte c after it in every context (and NUL, read past a unit's end)?
 */
static uint8_t tokens_run_end_any[256];

static void
tokens_wb_pair_build(void)
{
	uint8_t sample[TOKENS_WB_CLASSES], s[4], alone[2][TOKENS_WB_CLASSES];
	int c, prev2, prev, cur, next;

	for (c = 0x7f; c >= 0; c--)	/* one character of each class */
		sample[tokens_wb_ascii[c]] = (uint8_t)c;
	for (prev = 0; prev < TOKENS_WB_CLASSES; prev++)
		for (cur = 0; cur < TOKENS_WB_CLASSES; cur++) {
			int seen[2] = { 0, 0 };

			/* The ends of a unit read as TOKENS_WB_OTHER: covered. */
			for (prev2 = 0; prev2 < TOKENS_WB_CLASSES; prev2++)
				for (next = 0; next < TOKENS_WB_CLASSES; next++) {
					s[0] = sample[prev2];
					s[1] = sample[prev];
					s[2] = sample[cur];
					s[3] = sample[next];
					seen[tokens_ascii_break(s, 4, 2)] = 1;
				}
			tokens_wb_pair[prev][cur] = seen[0] && seen[1] ? 2 : (uint8_t)seen[1];
		}
	for (c = 0; c < 0x80; c++)
		if (tokens_wb_ascii[c] == TOKENS_WB_LETTER || tokens_wb_ascii[c] == TOKENS_WB_NUMERIC)
			tokens_alnum_fold[c] = (uint8_t)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	for (c = 0; c < 0x80; c++)
		tokens_word_start[c] = tokens_alnum_fold[c] != 0 || c == '_';
	for (c = 0; c < 0x80; c++) {
		tokens_run_end[0][c] = tokens_wb_pair[TOKENS_WB_LETTER][tokens_wb_ascii[c]] == 1;
		tokens_run_end[1][c] = tokens_wb_pair[TOKENS_WB_NUMERIC][tokens_wb_ascii[c]] == 1;
	}
	/* Run through tokens_ascii_break() in every such context, so the two
	 * agree; per class of c (it reads nothing but classes), then per byte. */
	for (c = 0; c < TOKENS_WB_CLASSES; c++)
		for (cur = 0; cur < 2; cur++) {
			int all = 1;

			s[1] = cur ? '0' : 'a';
			s[2] = sample[c];
			for (prev2 = 0; prev2 < TOKENS_WB_CLASSES; prev2++) {
				s[0] = sample[prev2];
				if (!tokens_ascii_break(s, 3, 2))
					all = 0;	/* c ends the unit */
				for (next = 0; next < TOKENS_WB_CLASSES; next++) {
					if (next == TOKENS_WB_LETTER || next == TOKENS_WB_NUMERIC)
						continue;
					s[3] = sample[next];
					if (!tokens_ascii_break(s, 4, 2))
						all = 0;
				}
			}
			alone[cur][c] = (uint8_t)all;
		}
	for (c = 0; c < 0x80; c++) {
		tokens_run_end_alone[0][c] = alone[0][tokens_wb_ascii[c]];
		tokens_run_end_alone[1][c] = alone[1][tokens_wb_ascii[c]];
	}
	for (c = 0; c < 0x80; c++)
		tokens_run_end_any[c] = tokens_run_end[0][c] && tokens_run_end[1][c];
	if (!tokens_run_end_any[0])
		util_die("tokens: a word joins NUL");
	/* tokens_unit() reads a run of letters and digits as one piece */
	if (tokens_wb_pair[TOKENS_WB_LETTER][TOKENS_WB_LETTER] != 0 ||
	    tokens_wb_pair[TOKENS_WB_LETTER][TOKENS_WB_NUMERIC] != 0 ||
	    tokens_wb_pair[TOKENS_WB_NUMERIC][TOKENS_WB_LETTER] != 0 ||
	    tokens_wb_pair[TOKENS_WB_NUMERIC][TOKENS_WB_NUMERIC] != 0)
		util_die("tokens: letters and digits break apart");
}

void
tokens_init(void)
{
	pthread_once(&tokens_wb_pair_once, tokens_wb_pair_build);
}

/* The first break after begin in ASCII s[0 .. n), or n. */
static size_t
tokens_ascii_next_break(const uint8_t *s, size_t n, size_t begin)
{
	size_t i;

	for (i = begin + 1; i < n; i++) {
		uint8_t pair = tokens_wb_pair[tokens_wb_ascii[s[i - 1]]][tokens_wb_ascii[s[i]]];

		if (pair == 1 || (pair == 2 && tokens_ascii_break(s, n, i)))
			break;
	}
	return i;
}

static void
tokens_ascii_wordbreaks(const uint8_t *s, size_t n, char *p)
{
	size_t k;

	tokens_init();
	memset(p, 0, n);
	for (k = 0; (k = tokens_ascii_next_break(s, n, k)) < n; )
		p[k] = 1;
}

static int
tokens_is_ascii(const uint8_t *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	/* 32 bytes a step, the last 16 read again: no branch per word. */
	if (n >= 16) {
		__m128i any = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));

		for (; i + 32 <= n; i += 32)
			any = _mm_or_si128(any, _mm_or_si128(
				_mm_loadu_si128((const __m128i *)(const void *)(s + i)),
				_mm_loadu_si128((const __m128i *)(const void *)(s + i + 16))));
		if (i + 16 <= n)
			any = _mm_or_si128(any, _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		return _mm_movemask_epi8(any) == 0;
	}
#endif
	for (; i + 8 <= n; i += 8) {	/* a word at a time */
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			return 0;
	}
	for (; i < n; i++)
		if (s[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * Word breaks of text with non-ASCII characters in it, mostly ASCII in
 * real news (curly quotes, an accented name).  An ASCII space after an
 * ASCII character other than a space has a break before it in every
 * context, and no rule reads across it: rules that look ahead (WB6, WB7b,
 * WB12) need a letter, digit or quote mark where the space is, rules that
 * look back (WB7, WB7c, WB11, WB15-16, WB4's skipping of marks) stop at a
 * space, and WB3d joins only two spaces.  So the text is cut before such
 * spaces into pieces whose breaks do not depend on each other: pieces in
 * ASCII take the ASCII way, the others libunistring's; the random test in
 * test-tokens holds the result to u8_wordbreaks() on the whole text.
 */
static void
tokens_mixed_wordbreaks(const uint8_t *s, size_t n, char *p)
{
	size_t a = 0, x;

	while (a < n) {
		int ascii = s[a] < 0x80;

		for (x = a + 1; x < n; x++) {
			if (s[x] == ' ' && s[x - 1] != ' ' && s[x - 1] < 0x80)
				break;
			if (s[x] >= 0x80)
				ascii = 0;
		}
		if (ascii)
			tokens_ascii_wordbreaks(s + a, x - a, p + a);
		else
			u8_wordbreaks(s + a, x - a, p + a);
		if (a > 0)
			p[a] = 1;
		a = x;
	}
}

void
tokens_wordbreaks(const uint8_t *s, size_t n, char *p)
{
	if (tokens_is_ascii(s, n))
		tokens_ascii_wordbreaks(s, n, p);
	else
		tokens_mixed_wordbreaks(s, n, p);
}

/*
 * u8_casefold(s, n, NULL, UNINORM_NFKC, ...) for the words real text
 * mostly has beside ASCII ones: ASCII with apostrophes and quote marks
 * (U+2018, U+2019, U+02BC) and Latin-1 letters (U+00C0 to U+00FF but the
 * signs U+00D7 and U+00F7 and sharp s U+00DF, which folds to "ss").
 * Each of these is its own NFKC form, folds to itself or, for the capitals
 * U+00C0 to U+00DE, to the letter 0x20 above, and composes with nothing
 * that can follow it here, so the fold is character by character.
 * Returns the folded length in out (room for n bytes; out may be s), or
 * (size_t)-1 when s holds any other character (then u8_casefold() must do
 * it).  A test compares the two on random words.
 */
size_t
tokens_casefold_simple(const uint8_t *s, size_t n, uint8_t *out)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = s[i];

		if (c < 0x80) {
			out[i] = c >= 'A' && c <= 'Z' ? (uint8_t)(c | 0x20) : c;
			i++;
		} else if (c == 0xc3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xbf &&
			   s[i + 1] != 0x97 && s[i + 1] != 0xb7 && s[i + 1] != 0x9f) {
			/* U+00C0 .. U+00FF: C3 80 .. C3 BF; capitals C3 80 .. C3 9E */
			out[i] = c;
			out[i + 1] = s[i + 1] < 0x9f ? (uint8_t)(s[i + 1] + 0x20) : s[i + 1];
			i += 2;
		} else if (c == 0xe2 && i + 2 < n && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0x98 || s[i + 2] == 0x99)) {
			out[i] = c;	/* U+2018, U+2019 */
			out[i + 1] = s[i + 1];
			out[i + 2] = s[i + 2];
			i += 3;
		} else if (c == 0xca && i + 1 < n && s[i + 1] == 0xbc) {
			out[i] = c;	/* U+02BC */
			out[i + 1] = s[i + 1];
			i += 2;
		} else {
			return (size_t)-1;
		}
	}
	return n;
}

static void
tokens_fold_reserve(struct token_table *table, size_t n)
{
	if (table->fold_cap < n) {
		table->fold_cap = n > 256 ? n : 256;
		free(table->fold);
		table->fold = xmalloc(table->fold_cap);
	}
}

/*
 * After folding: typographic apostrophes to "'", dotted abbreviations
 * without dots, thousands separators out.  Works in place; returns the new
 * length.
 */
static size_t
tokens_tidy(uint8_t *w, size_t n)
{
	size_t i, o, part, dots, digits_before;
	int letters_only = 1, number = 1, groups_ok = 1, commas = 0, after_point = 0;

	/* ’ ‘ ʼ -> ' */
	for (i = o = 0; i < n; ) {
		if (i + 2 < n && w[i] == 0xe2 && w[i + 1] == 0x80 &&
		    (w[i + 2] == 0x99 || w[i + 2] == 0x98)) {
			w[o++] = '\'';
			i += 3;
		} else if (i + 1 < n && w[i] == 0xca && w[i + 1] == 0xbc) {
			w[o++] = '\'';
			i += 2;
		} else {
			w[o++] = w[i++];
		}
	}
	n = o;

	/* u.s -> us: letters in parts of one or two, joined by dots. */
	part = dots = 0;
	for (i = 0; i < n && letters_only; i++) {
		if (w[i] == '.') {
			letters_only = part > 0;
			part = 0;
			dots++;
		} else if (w[i] >= 'a' && w[i] <= 'z') {
			letters_only = ++part <= 2;
		} else {
			letters_only = 0;
		}
	}
	if (letters_only && dots > 0 && part > 0) {
		for (i = o = 0; i < n; i++)
			if (w[i] != '.')
				w[o++] = w[i];
		return o;
	}

	/* 1,200,000 -> 1200000 (and 1,200.50 -> 1200.50); 2,5 stays. */
	digits_before = 0;
	for (i = 0; i < n && number; i++) {
		if (w[i] >= '0' && w[i] <= '9') {
			digits_before++;
		} else if (w[i] == ',' && !after_point) {
			if ((commas == 0 && (digits_before == 0 || digits_before > 3)) ||
			    (commas > 0 && digits_before != 3))
				groups_ok = 0;
			commas++;
			digits_before = 0;
		} else if (w[i] == '.' && !after_point) {
			if (commas > 0 && digits_before != 3)
				groups_ok = 0;
			after_point = 1;
			digits_before = 0;
		} else {
			number = 0;
		}
	}
	if (number && commas > 0 && groups_ok && (after_point || digits_before == 3)) {
		for (i = o = 0; i < n; i++)
			if (w[i] != ',')
				w[o++] = w[i];
		return o;
	}
	return n;
}

/* The id of a word of ASCII: folded to lower case and tidied. */
static uint32_t
tokens_ascii_word(struct token_table *table, const uint8_t *word, size_t len)
{
	size_t i, folded_len;
	int tidy = 0;

	tokens_fold_reserve(table, len);
	for (i = 0; i < len; i++) {
		uint8_t c = word[i];

		table->fold[i] = c >= 'A' && c <= 'Z' ? (uint8_t)(c | 0x20) : c;
		tidy |= c == '.' || c == ',';
	}
	/* tokens_tidy() changes an ASCII word only where it drops a dot or a
	 * comma: without them it is the identity. */
	folded_len = tidy ? tokens_tidy(table->fold, len) : len;
	return tokens_intern_bytes(table, (const char *)table->fold, folded_len);
}

/* The id of a word with characters beyond ASCII: NFKC, case folded, tidied. */
static uint32_t
tokens_other_word(struct token_table *table, const uint8_t *word, size_t len)
{
	const uint8_t *folded;
	size_t folded_len;
	uint32_t id;

	tokens_fold_reserve(table, len * 4 + 16);
	folded_len = tokens_casefold_simple(word, len, table->fold);
	if (folded_len != (size_t)-1) {
		folded = table->fold;
	} else {
		folded_len = table->fold_cap;
		folded = u8_casefold(word, len, NULL, UNINORM_NFKC, table->fold, &folded_len);
	}
	if (folded == NULL) {	/* cannot happen on valid UTF-8: keep bytes */
		memcpy(table->fold, word, len);
		folded = table->fold;
		folded_len = len;
	}
	folded_len = tokens_tidy((uint8_t *)folded, folded_len);
	id = tokens_intern_bytes(table, (const char *)folded, folded_len);
	if (folded != table->fold)
		free((void *)folded);
	return id;
}

/* Count id once for the current unit (table->serial) of side. */
static inline void
tokens_count(struct token_table *table, uint32_t id, int side)
{
	struct tokens_entry *e = &table->entry[id];

	if (e->stamp != table->serial) {
		e->stamp = table->serial;
		e->df[side]++;
	}
}

static inline void
tokens_push(struct token_table *table, size_t *count, uint32_t id, size_t offset,
	    size_t length)
{
	if (*count == table->scratch_cap) {
		table->scratch_cap = table->scratch_cap ? table->scratch_cap * 2 : 256;
		table->scratch = xreallocarray(table->scratch, table->scratch_cap,
					       sizeof(*table->scratch));
	}
	table->scratch[*count].id = id;
	table->scratch[*count].offset = (uint32_t)offset;
	table->scratch[*count].length = (uint32_t)length;
	(*count)++;
}

/*
 * The map of an ASCII unit that tokens_scan_ascii() reads, in
 * table->map: for each 64 bytes of the unit two masks, bit b for byte
 * 64 q + b: the bytes where a run of letters, digits and "_" starts (the
 * bytes that may start a piece holding a token, as tokens_scan_ascii()
 * explains), then the letters and digits; no bit past the end of the
 * unit, and always a pair more than full pairs (so every run of letters
 * ends inside the map).  After the masks, the unit's bytes with letters
 * folded to lower case, then 16 zero bytes: a word's folded 8-byte words
 * are read straight from there.
 */
static size_t
tokens_map_pairs(size_t n)
{
	return n / 64 + 1;
}

static uint8_t *
tokens_map_folded(uint64_t *map, size_t n)
{
	return (uint8_t *)(map + 2 * tokens_map_pairs(n));
}

#ifdef __SSE2__
/*
 * Classify 16 bytes of ASCII: letters and digits in *alnum, those and "_"
 * in *word (bit i for v's byte i), v folded to lower case at to.
 */
static inline void
tokens_map16(__m128i v, uint8_t *to, unsigned *alnum, unsigned *word)
{
	/* In ASCII (the caller checks), x + 0x80 - lo is below -128 + (hi -
	 * lo + 1) exactly when lo <= x <= hi. */
	__m128i y = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
				       _mm_set1_epi8((char)(-128 + 10)));
	__m128i letter = _mm_cmplt_epi8(_mm_add_epi8(y, _mm_set1_epi8((char)(0x80 - 'a'))),
					_mm_set1_epi8((char)(-128 + 26)));
	__m128i an = _mm_or_si128(digit, letter);

	*alnum = (unsigned)_mm_movemask_epi8(an);
	*word = (unsigned)_mm_movemask_epi8(_mm_or_si128(an, _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
	_mm_storeu_si128((__m128i *)(void *)to,
			 _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20))));
}
#endif

/*
 * Build the map of s[0 .. n) (n > 0); returns 0, leaving it half built,
 * when s is not all ASCII.  Each byte is read once, 16 at a time with
 * SSE2: a unit's classes cost about one instruction a byte, instead of
 * a 16-byte read for each of its words.
 */
static int
tokens_map_build(struct token_table *table, const uint8_t *s, size_t n)
{
	size_t pairs = tokens_map_pairs(n), words = 2 * pairs + (n + 16 + 7) / 8;
	uint64_t *map, before = 0;	/* the bytes of "word" of the last pair */
	uint8_t *f;

	if (table->map_cap < words) {
		table->map_cap = words > 1024 ? words : 1024;
		free(table->map);
		table->map = xreallocarray(NULL, table->map_cap, sizeof(*table->map));
	}
	map = table->map;
	f = tokens_map_folded(map, n);
#ifdef __SSE2__
	{
		__m128i any = _mm_setzero_si128();
		size_t q;

		for (q = 0; q < pairs; q++) {
			uint64_t word = 0, alnum = 0;
			size_t c = 64 * q;

			if (n - c >= 64) {
				unsigned a[4], w[4];
				int k;

				for (k = 0; k < 4; k++) {
					__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + c + 16 * k));

					any = _mm_or_si128(any, v);
					tokens_map16(v, f + c + 16 * k, &a[k], &w[k]);
				}
				alnum = a[0] | (uint64_t)a[1] << 16 | (uint64_t)a[2] << 32 |
					(uint64_t)a[3] << 48;
				word = w[0] | (uint64_t)w[1] << 16 | (uint64_t)w[2] << 32 |
					(uint64_t)w[3] << 48;
			} else {
				for (; c < n; c += 16) {
					__m128i v;
					unsigned shift = 0, a, w;
					uint8_t *to = f + c;

					if (n - c >= 16) {
						v = _mm_loadu_si128((const __m128i *)(const void *)(s + c));
					} else if (n >= 16) {	/* the last 16 bytes, some again */
						v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
						shift = (unsigned)(c + 16 - n);
						to = f + n - 16;
					} else {
						uint8_t tail[16] = { 0 };

						memcpy(tail, s, n);
						v = _mm_loadu_si128((const __m128i *)(const void *)tail);
					}
					any = _mm_or_si128(any, v);
					tokens_map16(v, to, &a, &w);
					alnum |= (uint64_t)(a >> shift) << (c % 64);
					word |= (uint64_t)(w >> shift) << (c % 64);
				}
			}
			map[2 * q] = word & ~(word << 1 | before >> 63);
			map[2 * q + 1] = alnum;
			before = word;
		}
		_mm_storeu_si128((__m128i *)(void *)(f + n), _mm_setzero_si128());
		return _mm_movemask_epi8(any) == 0;
	}
#else
	{
		unsigned any = 0;
		size_t i;

		memset(map, 0, 2 * pairs * sizeof(*map));
		for (i = 0; i < n; i++) {
			uint8_t c = s[i], a = tokens_alnum_fold[c];

			any |= c;
			f[i] = a ? a : c;
			if (a)
				map[2 * (i / 64) + 1] |= 1ull << (i % 64);
			if ((a || c == '_') && !before)
				map[2 * (i / 64)] |= 1ull << (i % 64);
			before = a || c == '_';
		}
		memset(f + n, 0, 16);
		return any < 0x80;
	}
#endif
}

/*
 * Where the piece that a run of letters and digits s[.. i) starts ends,
 * when the byte after it is not one that ends it in every context ("U.S.",
 * "1,200", "don't", a full stop): i, or further on.
 */
static size_t __attribute__((noinline))
tokens_ascii_run_end(const uint8_t *s, size_t n, size_t i)
{
	if (tokens_run_end[s[i - 1] <= '9'][s[i]])
		return i;
	if (tokens_run_end_alone[s[i - 1] <= '9'][s[i]] &&
	    (i + 1 == n || !tokens_alnum_fold[s[i + 1]]))
		return i;	/* mostly the full stop that ends the unit */
	return tokens_ascii_next_break(s, n, i - 1);
}

/*
 * Where the piece that starts with "_" at s[begin] ends, and whether it
 * holds a letter or a digit (*word).
 */
static size_t __attribute__((noinline))
tokens_ascii_underscore(const uint8_t *s, size_t n, size_t begin, int *word)
{
	size_t i, k;

	if (begin + 1 < n &&
	    tokens_wb_pair[tokens_wb_ascii[s[begin]]][tokens_wb_ascii[s[begin + 1]]] == 1)
		k = begin + 1;
	else
		k = tokens_ascii_next_break(s, n, begin);
	for (i = begin; i < k && !tokens_alnum_fold[s[i]]; i++)
		;
	*word = i < k;
	return k;
}

/* The bytes of an 8-byte word below its first n (n < 8). */
static const uint64_t tokens_low_bytes[8] = {
	0, 0xff, 0xffff, 0xffffff, 0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
	0xffffffffffffffull,
};

/* tokens_intern_padded() for a word of under 8 bytes, out of line. */
static uint32_t __attribute__((noinline))
tokens_intern_short(struct token_table *table, uint64_t w, size_t len)
{
	return tokens_intern_padded(table, (const char *)&w, len,
				    tokens_hash_step(tokens_hash_start(len), w));
}

/* The id of a short word (a key of the index) of len bytes, w. */
static inline uint32_t
tokens_word_id(struct token_table *table, uint64_t w, size_t len)
{
	size_t k = tokens_word_home(w, 0, table->word.shift);
	uint64_t key;

	while ((key = table->word.slot[2 * k]) != w) {
		if (key == 0)
			return tokens_intern_short(table, w, len);
		k = (k + 1) & table->word.mask;
	}
	return (uint32_t)table->word.slot[2 * k + 1];
}

/* The id of a run of 8 or more letters and digits, folded at w. */
static uint32_t __attribute__((noinline))
tokens_intern_run(struct token_table *table, const uint8_t *w, size_t len)
{
	uint64_t pad[2];

	if (len >= 16)
		return tokens_intern_bytes(table, (const char *)w, len);
	pad[0] = tokens_load8(w);
	pad[1] = tokens_load8(w + 8) & tokens_low_bytes[len - 8];
	{
		const uint64_t *slot = table->mid.slot;
		size_t k = tokens_word_home(pad[0], pad[1], table->mid.shift);

		for (; slot[3 * k] != 0; k = (k + 1) & table->mid.mask)
			if (slot[3 * k] == pad[0] && slot[3 * k + 1] == pad[1])
				return (uint32_t)slot[3 * k + 2];
	}
	return tokens_intern_padded(table, (const char *)pad, len,
				    tokens_hash_step(tokens_hash_step(tokens_hash_start(len),
								      pad[0]), pad[1]));
}

/*
 * Is the run of len letters and digits at f[begin] (folded, mapped; len
 * may be 0 before "_") a piece alone: does a break follow it?  The
 * questions of tokens_ascii_run_end() that need no more than the bytes
 * around, and no "_" (which joins).
 */
static inline int
tokens_ascii_run_alone(const uint8_t *f, size_t begin, size_t len)
{
	size_t end = begin + len;
	uint8_t c = f[end];
	int digit;

	if (tokens_run_end_any[c])
		return 1;
	if (len == 0)
		return 0;
	digit = f[end - 1] <= '9';
	return tokens_run_end[digit][c] ||
		(tokens_run_end_alone[digit][c] && !tokens_alnum_fold[f[end + 1]]);
}

/*
 * The piece of a mapped ASCII unit that starts at begin, when it is not a
 * run of under 8 letters and digits that a byte breaking in every context
 * ends (tokens_scan_ascii() takes those): where it ends (a break), and in
 * *id its id, or UINT32_MAX when it holds no token.
 */
static size_t __attribute__((noinline))
tokens_ascii_piece(struct token_table *table, const uint8_t *s, size_t n,
		   const uint64_t *map, const uint8_t *f, size_t begin, uint32_t *id)
{
	const uint64_t *pair = map + 2 * (begin / 64);
	uint64_t a = ~pair[1] >> (begin % 64);
	size_t end, k, len;

	/* The run of letters and digits, maybe across pairs. */
	if (a != 0) {
		end = begin + (size_t)__builtin_ctzll(a);
	} else {
		do
			pair += 2;
		while ((a = ~pair[1]) == 0);
		end = 32 * (size_t)(pair - map) + (size_t)__builtin_ctzll(a);
	}
	if (end == begin) {	/* "_" */
		int word;

		k = tokens_ascii_underscore(s, n, begin, &word);
		*id = word ? tokens_ascii_word(table, s + begin, k - begin) : UINT32_MAX;
		return k;
	}
	k = tokens_ascii_run_alone(f, begin, end - begin) ? end : tokens_ascii_run_end(s, n, end);
	len = k - begin;
	if (k != end)		/* "U.S.", "1,200", "don't" */
		*id = tokens_ascii_word(table, s + begin, len);
	else if (len >= 8)
		*id = tokens_intern_run(table, f + begin, len);
	else
		*id = tokens_word_id(table, tokens_load8(f + begin) & tokens_low_bytes[len], len);
	return k;
}

/*
 * The tokens of a unit in pure ASCII, mapped by tokens_map_build(), into
 * out, which has room for n / 2 + 1 (two tokens have a byte between them:
 * letters, digits and "_" never break apart); returns their count.  What
 * it skips: a piece that starts at a break with a character other than a
 * letter, a digit or "_" holds no token, and the next letter or digit
 * after a run of such characters has a break before it (of the rules that
 * join a character to a letter or digit before it, WB5 and WB8-10 want a
 * letter or digit, WB13b an "_", and WB7 and WB11 a letter or digit two
 * back, whose own rules WB6 and WB12 would then have joined the run's
 * first character to the word before, against the break there).  Letters,
 * digits and "_" never break apart either, so after a break the next
 * piece starts where the next run of those does: the next start bit of
 * the map.  A run of letters and digits never breaks inside (tokens_init()
 * checks); its end is the next clear bit of the map's letters and digits,
 * and it is the piece unless the rules join what follows ("U.S.", "1,200",
 * "don't").  A piece that is such a run of under 8 bytes, nearly every
 * one, is read from the folded copy as one 8-byte word and looked up in
 * the short words' index here; tokens_ascii_piece() takes the others.  The
 * random test in test-tokens holds all this to the general path.
 */
static size_t __attribute__((noinline))
tokens_scan_ascii(struct token_table *table, const uint8_t *s, size_t n, size_t base,
		  int side, uint64_t *list_hash, struct token *out)
{
	const uint64_t *map = table->map;
	const uint8_t *f = tokens_map_folded(table->map, n);
	const uint64_t *stop = map + 2 * (tokens_map_pairs(n) - 1);
	const uint64_t *pair = map;	/* of the bytes from q64 */
	size_t q64 = 0;
	uint64_t m = pair[0];		/* its start bits not passed yet */
	uint64_t other = ~pair[1];	/* its bytes but letters and digits */
	struct token *t = out;
	uint64_t lh = TOKENS_LIST_SEED;
	const uint32_t serial = table->serial;

	for (;;) {
		size_t begin, len, r;
		uint64_t a;
		struct tokens_entry *e;
		uint32_t id;

		while (m == 0) {
			if (pair == stop)
				goto done;
			pair += 2;
			q64 += 64;
			m = pair[0];
			other = ~pair[1];
		}
		r = (size_t)__builtin_ctzll(m);
		m &= m - 1;
		begin = q64 + r;
		a = other >> r;
		/* mostly a space or a comma after: a break there in every
		 * context, and no "_" there, so the next start is the next bit */
		if (a != 0 && tokens_ascii_run_alone(f, begin, len = (size_t)__builtin_ctzll(a))) {
			if (len < 8)	/* its bytes are letters and digits, never 0 */
				id = tokens_word_id(table, tokens_load8(f + begin) &
						    tokens_low_bytes[len], len);
			else
				id = tokens_intern_run(table, f + begin, len);
		} else {
			size_t k = tokens_ascii_piece(table, s, n, map, f, begin, &id);

			/* a break: the next start bit from there */
			pair = map + 2 * (k / 64);
			q64 = k - k % 64;
			m = pair[0] & (~0ull << (k % 64));
			other = ~pair[1];
			if (id == UINT32_MAX)
				continue;
			len = k - begin;
		}
		e = &table->entry[id];
		if (e->stamp != serial) {
			e->stamp = serial;
			e->df[side]++;
		}
		t->id = id;
		t->offset = (uint32_t)(base + begin);
		t->length = (uint32_t)len;
		t++;
		lh = tokens_list_step(lh, id);
	}
done:
	*list_hash = lh ^ (size_t)(t - out);
	return (size_t)(t - out);
}

/* The tokens of any other unit, cut by the break array, into table->scratch. */
static size_t
tokens_scan_other(struct token_table *table, const uint8_t *s, size_t n, size_t base,
		  int side, uint64_t *list_hash)
{
	size_t begin, k, count = 0;
	uint64_t lh = TOKENS_LIST_SEED;

	if (table->breaks_cap < n) {
		table->breaks_cap = n > 4096 ? n : 4096;
		free(table->breaks);
		table->breaks = xmalloc(table->breaks_cap);
	}
	tokens_mixed_wordbreaks(s, n, table->breaks);
	for (begin = 0; begin < n; begin = k) {
		size_t len;
		int ascii;
		uint32_t id;

		for (k = begin + 1; k < n && !table->breaks[k]; k++)
			;
		len = k - begin;
		if (!tokens_is_word(s + begin, len, &ascii))
			continue;
		if (ascii)
			id = tokens_ascii_word(table, s + begin, len);
		else
			id = tokens_other_word(table, s + begin, len);
		tokens_count(table, id, side);
		tokens_push(table, &count, id, base + begin, len);
		lh = tokens_list_step(lh, id);
	}
	*list_hash = lh ^ count;
	return count;
}

/* A token store block with room for count more tokens (count at most a
 * quarter of a block): the first. */
static struct tokens_store *
tokens_store_room(struct token_table *table, size_t count)
{
	struct tokens_store *b = table->store;

	if (b == NULL || b->size - b->used < count) {
		b = xmalloc(sizeof(*b) + TOKENS_STORE_BLOCK * sizeof(b->token[0]));
		b->used = 0;
		b->size = TOKENS_STORE_BLOCK;
		b->next = table->store;
		table->store = b;
	}
	return b;
}

/*
 * The tokens of a unit, counted for side, into *where: table->scratch, or
 * (stored, a unit in ASCII) straight into the table's token store, then
 * already its own; returns their count.
 */
static size_t
tokens_scan(struct token_table *table, const struct text *text, const struct unit *unit,
	    int side, uint64_t *list_hash, int stored, struct token **where)
{
	const uint8_t *s = (const uint8_t *)text->bytes + unit->offset;
	size_t n = unit->length, count, room = n / 2 + 1;

	tokens_init();
	table->serial++;
	side = side ? 1 : 0;
	*where = NULL;
	if (n == 0) {
		*list_hash = TOKENS_LIST_SEED;
		return 0;
	}
	if (tokens_map_build(table, s, n)) {
		struct tokens_store *b = NULL;
		struct token *out;

		if (stored && room <= TOKENS_STORE_BLOCK / 4) {
			b = tokens_store_room(table, room);
			out = b->token + b->used;
		} else {
			if (table->scratch_cap < room) {
				table->scratch_cap = room > 256 ? room : 256;
				free(table->scratch);
				table->scratch = xreallocarray(NULL, table->scratch_cap,
							       sizeof(*table->scratch));
			}
			out = table->scratch;
		}
		count = tokens_scan_ascii(table, s, n, unit->offset, side, list_hash, out);
		if (b != NULL)
			b->used += count;
		*where = out;
		return count;
	}
	count = tokens_scan_other(table, s, n, unit->offset, side, list_hash);
	*where = table->scratch;
	return count;
}

void
tokens_unit(struct token_table *table, const struct text *text,
	    const struct unit *unit, int side, struct token_list *out)
{
	struct token *where;
	size_t count = tokens_scan(table, text, unit, side, &out->hash, 0, &where);

	out->token = NULL;
	out->count = count;
	if (count > 0) {
		out->token = xreallocarray(NULL, count, sizeof(*out->token));
		memcpy(out->token, table->scratch, count * sizeof(*out->token));
	}
}

/* Room for count tokens in the table's store (count > 0). */
static struct token *
tokens_store_alloc(struct token_table *table, size_t count)
{
	struct tokens_store *b = table->store;
	struct token *t;

	if (b == NULL || b->size - b->used < count) {
		size_t size = count > TOKENS_STORE_BLOCK / 4 ? count : TOKENS_STORE_BLOCK;

		b = xmalloc(sizeof(*b) + size * sizeof(b->token[0]));
		b->used = 0;
		b->size = size;
		/* As for strings: a large unit's block goes behind the current one. */
		if (size != TOKENS_STORE_BLOCK && table->store != NULL) {
			b->next = table->store->next;
			table->store->next = b;
		} else {
			b->next = table->store;
			table->store = b;
		}
	}
	t = b->token + b->used;
	b->used += count;
	return t;
}

void
tokens_unit_stored(struct token_table *table, const struct text *text,
		   const struct unit *unit, int side, struct token_list *out)
{
	struct token *where;
	size_t count = tokens_scan(table, text, unit, side, &out->hash, 1, &where);

	out->token = NULL;
	out->count = count;
	if (count == 0)
		return;
	if (where != table->scratch) {
		out->token = where;	/* already in the store */
		return;
	}
	out->token = tokens_store_alloc(table, count);
	memcpy(out->token, table->scratch, count * sizeof(*out->token));
}

void
tokens_list_copy(struct token_table *table, const struct token_list *from,
		 size_t from_offset, size_t to_offset, struct token_list *out)
{
	size_t k;

	out->token = NULL;
	out->count = from->count;
	out->hash = from->hash;
	if (from->count == 0)
		return;
	out->token = tokens_store_alloc(table, from->count);
	for (k = 0; k < from->count; k++) {
		out->token[k].id = from->token[k].id;
		out->token[k].offset = (uint32_t)(from->token[k].offset - from_offset + to_offset);
		out->token[k].length = from->token[k].length;
	}
}

void
tokens_table_count(struct token_table *table, const struct token_list *list, int side)
{
	size_t k;

	table->serial++;
	side = side ? 1 : 0;
	for (k = 0; k < list->count; k++)
		tokens_count(table, list->token[k].id, side);
}

void
tokens_unit_copy(struct token_table *table, const struct token_list *from,
		 size_t from_offset, size_t to_offset, int side, struct token_list *out)
{
	tokens_list_copy(table, from, from_offset, to_offset, out);
	tokens_table_count(table, from, side);
}

void
tokens_list_free(struct token_list *list)
{
	if (list == NULL)
		return;
	free(list->token);
	list->token = NULL;
	list->count = 0;
}
