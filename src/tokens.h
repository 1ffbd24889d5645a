/*
 * tokens: the comparison tokens of a unit, interned to integer ids.
 *
 * A token is a word after Unicode word breaking, NFKC, case folding,
 * dropping punctuation and folding typographic variants: "U.S." and "US"
 * are one token, "Jong-un" and "Jong Un" compare equal, numbers stay whole
 * ("1,200", "2.5").  Each token keeps the byte span of its source in
 * text->bytes so that word diffs can highlight the original words.
 *
 * A struct token_table interns token strings to ids 0, 1, 2, ... and counts
 * how many units of each side contain each token (document frequency, for
 * similarity weights).  Both sides of a comparison share one table.
 *
 * Ownership: tokens_table_new() / tokens_table_free().  The token array of a
 * list from tokens_unit() is the caller's, freed by tokens_list_free(); that
 * of a list from tokens_unit_stored() or tokens_unit_copy() belongs to the
 * table (many units share one block) and goes with tokens_table_free(), or
 * with the table that tokens_table_take_tokens() hands it to: never pass
 * such a list to tokens_list_free().  Frees of NULL / zeroed values are
 * no-ops.
 */
#ifndef ARTCMP_TOKENS_H
#define ARTCMP_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"
#include "text.h"

struct token {
	uint32_t id;
	uint32_t offset;	/* source span in text->bytes: 32 bits hold any
				   offset of a TEXT_MAX_BYTES text, and the
				   token arrays are the largest in memory */
	uint32_t length;
};

struct token_list {
	struct token *token;
	size_t count;
	uint64_t hash;	/* hash of the id sequence: equal units have equal hashes */
};

struct token_table;

struct token_table *tokens_table_new(void);
void tokens_table_free(struct token_table *table);

/* Number of distinct tokens interned so far. */
size_t tokens_table_size(const struct token_table *table);
/* The normalised form of id, NUL-terminated, owned by the table. */
const char *tokens_table_text(const struct token_table *table, uint32_t id);
/* Intern a normalised string (tests, flags): returns its id. */
uint32_t tokens_table_intern(struct token_table *table, const char *s, size_t n);

/*
 * Tokenize one unit of text into out; side is 0 (left) or 1 (right) and
 * feeds the table's per-side document frequencies.
 */
void tokens_unit(struct token_table *table, const struct text *text,
		 const struct unit *unit, int side, struct token_list *out);

/*
 * As tokens_unit(), with out->token kept in the table's store (see
 * Ownership above): no malloc per unit.
 */
void tokens_unit_stored(struct token_table *table, const struct text *text,
			const struct unit *unit, int side, struct token_list *out);

/*
 * The tokens of a unit whose bytes are those of the unit that from was
 * tokenized from (tokens_unit() reads nothing else): from's tokens with
 * their offsets moved from from_offset to to_offset, counted in the
 * document frequencies of side as tokens_unit() would count them; kept in
 * table's store.  from's ids must be table's.
 */
void tokens_unit_copy(struct token_table *table, const struct token_list *from,
		      size_t from_offset, size_t to_offset, int side,
		      struct token_list *out);

/*
 * tokens_unit_copy() in two halves.  tokens_list_copy() makes the copy in
 * table's store and counts nothing: it touches the store alone, so
 * another thread may merge into table or count in it meanwhile (but not
 * copy into it, nor tokens_table_take_tokens() into it).
 * tokens_table_count() counts a unit that holds list's tokens in the
 * document frequencies of side.
 */
void tokens_list_copy(struct token_table *table, const struct token_list *from,
		      size_t from_offset, size_t to_offset, struct token_list *out);
void tokens_table_count(struct token_table *table, const struct token_list *list, int side);

/*
 * The UAX #29 word boundaries of s[0 .. n) exactly as libunistring's
 * u8_wordbreaks() gives them (p[i] != 0: a break before s[i]), with a
 * fast path for ASCII text.
 */
void tokens_wordbreaks(const uint8_t *s, size_t n, char *p);

/*
 * Move what lists[0 .. count) hold, tokenized into from, into table: ids,
 * document frequencies and list hashes come out exactly as if the units had
 * been tokenized into table directly, after everything table holds.  This
 * lets two threads tokenize the two sides of a comparison into tables of
 * their own.  from is left as it was: free it after.
 */
void tokens_table_merge(struct token_table *table, const struct token_table *from,
			struct token_list *lists, size_t count);

/*
 * As tokens_table_merge(), for lists given by address and tokenized into
 * from in any order: from's new tokens are numbered in the order they
 * first occur in lists[0], lists[1], ..., so ids, frequencies and hashes
 * come out as if those units had been tokenized into table in that order.
 */
void tokens_table_merge_lists(struct token_table *table, const struct token_table *from,
			      struct token_list *const *lists, size_t count);

/*
 * tokens_table_merge_lists() in two steps, so that two threads can share
 * the second: tokens_table_merge_map() does all but rewrite the lists and
 * returns the map from from's ids to table's (free() it);
 * tokens_lists_map() rewrites lists (ids and hashes) by it, touching
 * nothing else, so threads may each take a part of the lists.
 */
uint32_t *tokens_table_merge_map(struct token_table *table, const struct token_table *from,
				 struct token_list *const *lists, size_t count);
void tokens_lists_map(const uint32_t *map, struct token_list *const *lists, size_t count);

/*
 * tokens_table_merge_map() in three steps, the first two for two threads
 * at once: tokens_table_merge_find() maps from's ids to table's where
 * table has them, UINT32_MAX elsewhere (reads both tables only);
 * tokens_lists_first_use() lists from's ids in the order the lists first
 * hold them (reads the lists only); tokens_table_merge_add() adds the
 * missing ones to table in that order and their frequencies.  Both
 * arrays returned are the caller's to free().
 */
uint32_t *tokens_table_merge_find(const struct token_table *table,
				  const struct token_table *from);
uint32_t *tokens_lists_first_use(const struct token_table *from,
				 struct token_list *const *lists, size_t count);
void tokens_table_merge_add(struct token_table *table, const struct token_table *from,
			    const uint32_t *order, uint32_t *map);

/*
 * Hand the token arrays that tokens_unit_stored() and tokens_unit_copy()
 * kept in from over to table, which frees them with itself (after a
 * tokens_table_merge() of from into table, before freeing from).
 */
void tokens_table_take_tokens(struct token_table *table, struct token_table *from);

/*
 * Build the tables tokens_unit() reads.  tokens_unit() calls it itself;
 * call it before starting threads that tokenize (it is safe to call from
 * several threads at once, through pthread_once).
 */
void tokens_init(void);

/*
 * u8_casefold(s, n, NULL, UNINORM_NFKC, ...) into out (room for n bytes;
 * out may be s) for words of ASCII, apostrophes and Latin-1 letters, without
 * libunistring; (size_t)-1 for any other word.
 */
size_t tokens_casefold_simple(const uint8_t *s, size_t n, uint8_t *out);

/* In how many units of side (0 or 1) id occurs at least once. */
uint32_t tokens_table_df(const struct token_table *table, uint32_t id, int side);

void tokens_list_free(struct token_list *list);

#endif
