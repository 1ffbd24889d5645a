/*
 * align: pair the units of two articles.
 *
 * Idea, in stages (DESIGN.md "align"):
 *   1. Anchors.  Each unit gets a key (the hash of its token ids; a unit
 *      without tokens, such as "* * *", the hash of its bytes), and an LCS
 *      over the keys (lcs.c: Myers after trimming the common prefix and
 *      suffix and dropping keys the other side lacks) pairs the units that
 *      are kept word for word.  Equal keys are checked token by token.
 *   2. Gaps.  Between two anchors, candidate pairs are scored with the
 *      IDF-weighted Dice of similarity.c: every pair of the gap when the
 *      gap is small ("dense"); in a large gap only the pairs that share a
 *      rare token, found through an inverted index of each unit's rarest
 *      tokens ("sparse"), so no gap ever costs n x m.  Pairs at or above
 *      the threshold are candidates, and so are 1:2, 1:3, 2:1 and 3:1
 *      groups built around them when each part is mostly contained in the
 *      other side (ALIGN_CONTAIN of its weight) and the joined score beats
 *      the best 1:1 score of every unit involved by ALIGN_MERGE_MARGIN:
 *      otherwise a merge would swallow an inserted or deleted sentence
 *      that happens to sit next to a real pair.  Parts paraphrased too much
 *      to be contained still make a group when it reads in order: the
 *      single unit cut into one run per part, each part matching its own
 *      run (align_ordered()), each bringing a good share of the single
 *      unit.  Where the group is a whole paragraph on both sides (a
 *      one-sentence paragraph became a paragraph of two, or the reverse),
 *      the paragraphs vouch for it and a paraphrased split or merge only
 *      has to beat its 1:1 pairs.  A chain of candidates increasing on
 *      both sides with the largest total gain (score times the units
 *      covered, less up to ALIGN_DIAGONAL for a pair far from the gap's
 *      diagonal) is chosen by a sparse dynamic programme: the
 *      candidates sorted by their first left unit, a Fenwick tree of best
 *      chain values over right positions (the weighted form of the
 *      Hunt-Szymanski LCS).  This is Needleman-Wunsch restricted to the
 *      cells worth looking at.
 *   3. Context.  A lone unit on each side between two pairs (or a pair
 *      and the start or end of the articles) is taken as a rewrite of the
 *      other when it scores ALIGN_CONTEXT times the threshold: in a news
 *      rewrite that slot is almost always the same sentence reworded.
 *   4. Moves.  Units still unpaired on both sides are paired, best score
 *      first, with an unpaired partner anywhere in the other article that
 *      passes the threshold (candidates again from the inverted index);
 *      a moved unit that was also split, or two that were also merged,
 *      move as a 1:2 or 2:1 group.
 *   5. Entries, in reading order: between two pairs, the deletes (left
 *      units not moved), then the right units in order as inserts or
 *      moves; then the pair, equal when the token sequences are the same.
 *      Word diffs and flags for changes and moves, then the summary.
 *
 * Again at another threshold (the viewer's + and -): the weights, the
 * indexes, the anchors and the scores of stage 2 do not depend on the
 * threshold, so a struct align_memo keeps them.  Its gaps keep every
 * candidate they could have at any threshold (every 1:1 pair scoring above
 * 0, every group passing the tests other than the threshold), sorted once;
 * a run filters them and only builds the chains.  The memo also keeps each
 * right unit's move candidates (the inverted-index search without the
 * skip set, whose result with a skip set is the same list minus the units
 * skipped) with their scores, and the word diff and flags of every pair it
 * has met, which are pure functions of the pair's units.  At 30k
 * sentences a side a run through a prepared memo costs about 15 ms
 * against 190 ms from scratch.  align_run() uses a memo for one run,
 * which keeps only what that run needs.
 *
 * Invariants (align.h; tests/test-align.c checks them): each unit in
 * exactly one entry; pairs increase on both sides; moves stand at their
 * right position; deterministic (every tie is broken by unit index).
 *
 * Cost: O(T) for keys and indexes (T tokens), the LCS in O((N+M) D') with
 * D' the reordered units only; a dense gap of n x m units costs n m
 * similarity scores and is used only up to ALIGN_DENSE_CELLS cells; a
 * sparse gap costs O(n K log) for K candidates per unit.  Memory O(T + N +
 * M + candidates); a memo adds up to ALIGN_MOVE_KEEP move candidates per
 * right unit and one word diff per pair met.
 */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "align.h"
#include "work.h"
#include "flags.h"
#include "lcs.h"
#include "similarity.h"
#include "summary.h"

/* A gap of at most this many cells (left units x right units) scores every pair. */
#define ALIGN_DENSE_CELLS 40000
/* Sparse candidates: rarest tokens looked up per unit, postings a token may
 * have in the range before it counts as common, candidates kept per unit. */
#define ALIGN_RARE_TOKENS 6
#define ALIGN_RARE_POSTINGS 64
#define ALIGN_CANDIDATES 8
/* Share of a part's weight found on the other side for it to join a group. */
#define ALIGN_CONTAIN 0.6
/* How much a joined group must beat every 1:1 pair of its units. */
#define ALIGN_MERGE_MARGIN 0.1
/* Share of the single unit's weight each part of a group must match alone. */
#define ALIGN_PART_SHARE 0.2
/* The same two, for a group that is a whole paragraph on both sides. */
#define ALIGN_PARAGRAPH_MARGIN 0.0
#define ALIGN_PARAGRAPH_PART_SHARE 0.05
/*
 * A split or merge whose parts are paraphrased too much to be contained
 * (align_ordered()): each part must match its own run of the single unit
 * with this Dice score, the group read in order must beat every 1:1 pair
 * by this margin, and each part must bring this share of the single unit
 * by itself (the two halves of a sentence cut in two; a neighbour that
 * took over a clause brings less, and reads as a sentence of its own).
 */
#define ALIGN_RUN_DICE 0.4
#define ALIGN_ORDER_MARGIN 0.05
#define ALIGN_ORDER_PART_SHARE 0.3
/*
 * In a gap, a pair's gain shrinks by up to this share the further it lies
 * from the gap's diagonal: text between two anchors was mostly rewritten
 * in place, so of two crossing paraphrases of about the same score the one
 * in place is the likelier (a distant one leaves its whole stretch of the
 * gap unpaired).
 */
#define ALIGN_DIAGONAL 0.3
/* A lone pair between two pairs needs only this share of the threshold. */
#define ALIGN_CONTEXT 0.6
#define ALIGN_CONTEXT_RUN 3
/*
 * A move needs more than the threshold: this share of the way from the
 * threshold to 1.  Its partner is far away, where a chance resemblance is
 * likelier than next door, and a false move misleads more than a missed one
 * (which still shows as a delete and an insert).
 */
#define ALIGN_MOVE_SHARE 0.7
/* Move candidates the memo keeps per right unit (at most 255): most of
 * the units a unit shares rare tokens with are paired in order, so the
 * ALIGN_CANDIDATES free ones sit deep in the list. */
#define ALIGN_MOVE_KEEP 128

static const char *const op_names[] = { "equal", "change", "delete", "insert", "move" };
static const char *const flag_names[] = { "number", "quote", "attribution", "negation", "name" };

const char *
align_op_name(enum align_op op)
{
	return op_names[op];
}

const char *
align_flag_name(unsigned flag)
{
	unsigned i;

	for (i = 0; i < ALIGN_FLAG_COUNT; i++)
		if (flag == 1u << i)
			return flag_names[i];
	return "?";
}

/* A group of consecutive units on each side, paired in reading order. */
struct align_pair {
	size_t left_first, left_count;
	size_t right_first, right_count;
	double score;
};

struct align_pairs {
	struct align_pair *pair;
	size_t count, cap;
};

/* The units of one side holding each token id (ascending, once per unit). */
struct align_index {
	size_t *start;		/* vocabulary + 1 offsets into unit */
	uint32_t *unit;		/* unit numbers fit: token offsets are 32 bits too */
};

/* A 1:1 pair that was scored: the overlap and weights serve the merges. */
struct align_probe {
	size_t left, right;
	double shared, left_weight, right_weight;
};

struct align_candidate {
	struct align_pair pair;
	double gain;
	double total;		/* best chain ending here */
	size_t prev;		/* previous candidate in that chain, or SIZE_MAX */
};

struct align_weighted_id {
	uint32_t id;
	double weight;
};

static int
align_by_weight(const void *pa, const void *pb)
{
	const struct align_weighted_id *a = pa, *b = pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

struct align_hit {
	size_t unit;
	double weight;
};

static int
align_by_hit(const void *pa, const void *pb)
{
	const struct align_hit *a = pa, *b = pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}

/*
 * The sorts of align_hits(), run for every unit searched: a sentence's few
 * dozen ids and the units its rare tokens hit.  Both orders are total (ties
 * go to the smaller id or unit), so any sort gives the same result; short
 * arrays are sorted by insertion, inline, where qsort()'s calls through a
 * comparison function cost several times more.
 */
#define ALIGN_INSERTION_SORT 48

static int
align_id_before(const struct align_weighted_id *a, const struct align_weighted_id *b)
{
	return a->weight != b->weight ? a->weight > b->weight : a->id < b->id;
}

static void
align_sort_ids(struct align_weighted_id *ids, size_t n)
{
	size_t k, j;

	if (n > ALIGN_INSERTION_SORT) {
		qsort(ids, n, sizeof(*ids), align_by_weight);
		return;
	}
	for (k = 1; k < n; k++) {
		struct align_weighted_id x = ids[k];

		for (j = k; j > 0 && align_id_before(&x, &ids[j - 1]); j--)
			ids[j] = ids[j - 1];
		ids[j] = x;
	}
}

/*
 * qsort() for the few candidates of a gap: most gaps hold one to four,
 * and a stable insertion sort gives what glibc's stable merge sort gives
 * without its set-up per call.  Elements of at most 64 bytes.
 */
static void
align_sort_small(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *a = base, x[64];
	size_t k, j;

	if (n > ALIGN_INSERTION_SORT || size > sizeof(x)) {
		if (n > 1)
			qsort(base, n, size, cmp);
		return;
	}
	for (k = 1; k < n; k++) {
		if (cmp(a + (k - 1) * size, a + k * size) <= 0)
			continue;
		memcpy(x, a + k * size, size);
		for (j = k; j > 0 && cmp(x, a + (j - 1) * size) < 0; j--)
			memcpy(a + j * size, a + (j - 1) * size, size);
		memcpy(a + j * size, x, size);
	}
}

static int
align_hit_before(const struct align_hit *a, const struct align_hit *b)
{
	return a->weight != b->weight ? a->weight > b->weight : a->unit < b->unit;
}

/* The best want of hit[0, n) first, in order; the others after, in any order. */
static void
align_hits_order(struct align_hit *hit, size_t n, size_t want)
{
	size_t k, j, top = 0;

	if (want > n)
		want = n;
	if (want > ALIGN_INSERTION_SORT / 4 && n > ALIGN_INSERTION_SORT) {
		qsort(hit, n, sizeof(*hit), align_by_hit);
		return;
	}
	/* An insertion sort of a prefix of at most want: a hit that does not
	   beat the prefix's last is left where it is, one that does takes its
	   place in the prefix and the last one its slot. */
	for (k = 0; k < n; k++) {
		struct align_hit x = hit[k];

		if (top < want) {
			j = top++;	/* top == k: everything so far is in the prefix */
		} else {
			if (want == 0 || !align_hit_before(&x, &hit[want - 1]))
				continue;
			hit[k] = hit[want - 1];
			j = want - 1;
		}
		for (; j > 0 && align_hit_before(&x, &hit[j - 1]); j--)
			hit[j] = hit[j - 1];
		hit[j] = x;
	}
}

struct align_memo;

struct align_state {
	struct align_memo *memo;
	const struct comparison *cmp;	/* the memo's view of the sides */
	const struct token_list *tokens[2];
	size_t count[2];
	double threshold;
	struct similarity *sim;
	struct align_index index[2];
	size_t vocabulary;
	double *hits;		/* per unit of the searched side, 0 between uses */
	size_t *touched;
	struct align_weighted_id *ids;	/* scratch: one unit's tokens by weight */
	struct align_hit *hit;		/* scratch: the units touched, by hits */
	double *best[2];	/* best 1:1 score of each unit in the current gap */
	struct align_probe *probe;
	size_t probe_count, probe_cap;
	/* A dense gap's probes are every pair, row by row: the probe of
	   (l, r) is probe[(l - dense_l0) * dense_width + r - dense_r0];
	   dense_width is 0 in a sparse gap. */
	size_t dense_l0, dense_r0, dense_width;
	/* align_ordered()'s scratch: per token id, a part's remaining
	   count (0 between uses); per position of the single unit, the
	   weight before it and the overlaps of its head and tail. */
	uint32_t *part_count[3];
	double *prefix[3];
	double *unit_weight[2];	/* per unit, its tokens' weight once needed (-1 before) */
	struct align_candidate *cand;
	size_t cand_count, cand_cap;
	struct align_pairs pairs;
	/* align_chain()'s scratch, sized for the widest gap */
	struct align_end *order;
	size_t *keep;
	double *fenwick_total;
	size_t *fenwick_cand;
};

/* A gap between two anchors: its candidates are memo->cand[first, first + count). */
struct align_gap_memo {
	size_t l0, l1, r0, r1;
	size_t first, count;
};

/* A left unit found for a right unit's move, and its score (-1: not yet). */
struct align_move_hit {
	size_t unit;
	double score;
};

/* The word diff and flags of one pair, kept for the next threshold. */
struct align_words {
	size_t left_first, left_count, right_first, right_count;
	struct word_list words;
	unsigned flags;
	int used;
};

struct align_memo {
	struct comparison view;	/* the sides, table and dense_cells; no entries */
	struct align_state st;	/* weights, indexes and scratch of the runs */
	int prepared;		/* align_memo_prepare() has run */
	void (*beside)(void *);	/* align_run_keep_beside()'s, until called */
	void *beside_arg;
	int one_shot;		/* align_run(): keep no word diffs */
	struct align_pairs anchors;
	size_t *anchor_right;	/* per left unit: its anchor's right unit, or SIZE_MAX */
	unsigned char *anchor_same;	/* per left unit: the anchor pair reads the same */
	struct align_gap_memo *gap;	/* one per anchor, and one after the last */
	size_t gap_count, gap_cap;
	struct align_pair *cand;	/* every gap's candidates at any threshold */
	size_t *by_end;		/* per gap, its candidates by where they end on the left */
	size_t cand_count, cand_cap;
	size_t widest_gap;	/* most candidates in one gap */
	size_t widest_right;	/* most right units in one gap */
	/* Per right unit, its move candidates (align_move_candidates()):
	   move_hit[move_first[r], + move_count[r]), move_first SIZE_MAX until
	   needed; move_complete: that is all of them. */
	size_t *move_first;
	unsigned char *move_count, *move_complete;
	struct align_move_hit *move_hit;
	size_t move_hit_count, move_hit_cap;
	struct align_words *words;	/* open addressing, by the pair's units */
	size_t words_cap, words_used;
};

static void
align_pairs_push(struct align_pairs *pairs, size_t lf, size_t lc, size_t rf, size_t rc,
		 double score)
{
	struct align_pair *p;

	if (pairs->count == pairs->cap) {
		pairs->cap = pairs->cap ? pairs->cap * 2 : 64;
		pairs->pair = xreallocarray(pairs->pair, pairs->cap, sizeof(*pairs->pair));
	}
	p = &pairs->pair[pairs->count++];
	p->left_first = lf;
	p->left_count = lc;
	p->right_first = rf;
	p->right_count = rc;
	p->score = score;
}

static int
align_tokens_equal(const struct token_list *a, const struct token_list *b)
{
	size_t k;

	if (a->count != b->count)
		return 0;
	for (k = 0; k < a->count; k++)
		if (a->token[k].id != b->token[k].id)
			return 0;
	return 1;
}

/* ---- stage 1: anchors ---- */

static uint64_t
align_key(const struct side *side, size_t u)
{
	const struct unit *unit = &side->units.unit[u];
	uint64_t hash = 0xcbf29ce484222325ull;
	size_t i;

	if (side->tokens[u].count > 0)
		return side->tokens[u].hash;
	/* No tokens: the bytes decide, so "* * *" matches only itself. */
	for (i = 0; i < unit->length; i++)
		hash = (hash ^ (unsigned char)side->text->bytes[unit->offset + i]) *
			0x100000001b3ull;
	return hash ^ 0x5bd1e9955bd1e995ull;
}

static int
align_units_equal(const struct comparison *cmp, size_t l, size_t r)
{
	const struct side *a = &cmp->side[0], *b = &cmp->side[1];
	const struct unit *ua = &a->units.unit[l], *ub = &b->units.unit[r];

	if (a->tokens[l].count == 0 && b->tokens[r].count == 0)
		return ua->length == ub->length &&
			memcmp(a->text->bytes + ua->offset, b->text->bytes + ub->offset,
			       ua->length) == 0;
	/* Equal sequences hash alike: most pairs part here. */
	if (a->tokens[l].hash != b->tokens[r].hash)
		return 0;
	return align_tokens_equal(&a->tokens[l], &b->tokens[r]);
}

/*
 * The next character of s[*at, end) as a reader sees it: typographic
 * quotes, apostrophes and dashes folded to their ASCII forms, white space
 * (Unicode spaces included) skipped; 0 at the end.
 */
static ucs4_t
align_surface_next(const char *s, size_t *at, size_t end)
{
	ucs4_t c;

	while (*at < end) {
		*at += (size_t)u8_mbtouc(&c, (const uint8_t *)s + *at, end - *at);
		if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 || c == 0x1680 ||
		    (c >= 0x2000 && c <= 0x200b) || c == 0x202f || c == 0x205f || c == 0x3000 ||
		    c == 0xfeff)
			continue;
		if (c == 0x2018 || c == 0x2019 || c == 0x201a || c == 0x201b || c == 0x2032)
			return '\'';
		if (c == 0x201c || c == 0x201d || c == 0x201e || c == 0x201f || c == 0x2033 ||
		    c == 0xab || c == 0xbb)
			return '"';
		if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
			return '-';
		return c;
	}
	return 0;
}

/*
 * Equal units read the same: same tokens, and the same text up to white
 * space and typographic variants.  A changed comma, capital or hyphen
 * leaves the tokens alone but is a change a reader of the two texts sees
 * (and annotators of revisions count), so such a pair is a change scoring 1.
 */
static int
align_surface_equal(const struct comparison *cmp, size_t l, size_t r)
{
	const struct side *a = &cmp->side[0], *b = &cmp->side[1];
	const struct unit *ua = &a->units.unit[l], *ub = &b->units.unit[r];
	size_t i = ua->offset, j = ub->offset;
	ucs4_t ca, cb;

	/* Most equal units are byte for byte the same: the same bytes give
	 * the same characters below, so no need to walk them. */
	if (ua->length == ub->length &&
	    memcmp(a->text->bytes + i, b->text->bytes + j, ua->length) == 0)
		return 1;
	do {
		ca = align_surface_next(a->text->bytes, &i, ua->offset + ua->length);
		cb = align_surface_next(b->text->bytes, &j, ub->offset + ub->length);
		if (ca != cb)
			return 0;
	} while (ca != 0);
	return 1;
}

static void
align_anchor(size_t l, size_t r, void *data)
{
	struct align_state *st = data;

	/* A hash collision is no anchor; the gap stage will see the units. */
	if (align_units_equal(st->cmp, l, r))
		align_pairs_push(&st->pairs, l, 1, r, 1, 1.0);
}

/* ---- inverted index and candidate search ---- */

static void
align_index_build(struct align_index *index, const struct token_table *table, int side,
		  const struct token_list *tokens, size_t units, size_t vocabulary, size_t *stamp)
{
	size_t u, k, id, total = 0, *cursor;
	uint32_t *unit;

	/* A token's list holds each unit of the side that has it once: as
	   many as the table counted while tokenizing (its df). */
	index->start = xmalloc((vocabulary + 1) * sizeof(*index->start));
	index->start[0] = 0;
	for (id = 0; id < vocabulary; id++) {
		total += tokens_table_df(table, (uint32_t)id, side);
		index->start[id + 1] = total;
		stamp[id] = SIZE_MAX;
	}
	/*
	 * Fill with start[id] as the cursor, then shift the offsets back.  The
	 * loop counts nothing: the table's df is each list's length, which the
	 * test after it checks.  Each unit adds at most one entry to a list, so
	 * no cursor passes total + units even if a df were short: the array
	 * has that room, and no write can leave it.
	 */
	index->unit = unit = xmalloc((total + units + 1) * sizeof(*index->unit));
	cursor = index->start;
	for (u = 0; u < units; u++) {
		const struct token *token = tokens[u].token;
		size_t count = tokens[u].count;

		for (k = 0; k < count; k++) {
			id = token[k].id;
			if (stamp[id] != u) {
				stamp[id] = u;
				unit[cursor[id]++] = (uint32_t)u;
			}
		}
	}
#ifndef NDEBUG
	/* Each cursor at its list's end: the next list's start, summed again. */
	for (id = 0, total = 0; id < vocabulary; id++) {
		total += tokens_table_df(table, (uint32_t)id, side);
		assert(cursor[id] == total);
	}
#endif
	for (id = vocabulary; id > 0; id--)
		index->start[id] = index->start[id - 1];
	index->start[0] = 0;
}

static void
align_index_free(struct align_index *index)
{
	free(index->start);
	free(index->unit);
}

/* First position in sorted units[lo, hi) holding a value >= key. */
static size_t
align_lower_bound(const uint32_t *units, size_t lo, size_t hi, size_t key)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (units[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The units of side other in [lo, hi) that share the rarest tokens of unit
 * u of side side, best first: at most ALIGN_CANDIDATES of them into out.
 * skip (may be NULL) marks units of the other side not to return.
 */
/*
 * The units of side other in [lo, hi) (leaving out those marked in skip,
 * which may be NULL) sharing the rarest tokens of unit u of side side, into
 * st->hit best first (the first want of them; the rest in any order);
 * returns how many.  Leaving units out changes no
 * other unit's weight, so the list with skip is the list without it, minus
 * the units skipped.
 */
static size_t
align_hits(struct align_state *st, int side, size_t u, size_t lo, size_t hi,
	   const unsigned char *skip, size_t want)
{
	const struct token_list *list = &st->tokens[side][u];
	const struct align_index *index = &st->index[!side];
	struct align_weighted_id *ids = st->ids;
	struct align_hit *hit = st->hit;
	size_t k, distinct = 0, touched = 0, looked = 0;

	if (list->count == 0)
		return 0;
	for (k = 0; k < list->count; k++) {
		ids[k].id = list->token[k].id;
		ids[k].weight = similarity_weight(st->sim, ids[k].id);
	}
	align_sort_ids(ids, list->count);
	for (k = 0; k < list->count; k++)
		if (distinct == 0 || ids[distinct - 1].id != ids[k].id)
			ids[distinct++] = ids[k];
	for (k = 0; k < distinct && looked < ALIGN_RARE_TOKENS; k++) {
		size_t first = index->start[ids[k].id], last = index->start[ids[k].id + 1];
		size_t p;

		first = align_lower_bound(index->unit, first, last, lo);
		last = align_lower_bound(index->unit, first, last, hi);
		if (first == last)
			continue;
		looked++;
		if (last - first > ALIGN_RARE_POSTINGS)
			continue;
		for (p = first; p < last; p++) {
			size_t v = index->unit[p];

			if (skip != NULL && skip[v])
				continue;
			if (st->hits[v] == 0)
				st->touched[touched++] = v;
			st->hits[v] += ids[k].weight;
		}
	}
	for (k = 0; k < touched; k++) {
		hit[k].unit = st->touched[k];
		hit[k].weight = st->hits[st->touched[k]];
		st->hits[st->touched[k]] = 0;
	}
	align_hits_order(hit, touched, want);
	return touched;
}

static size_t
align_search(struct align_state *st, int side, size_t u, size_t lo, size_t hi,
	     const unsigned char *skip, size_t *out)
{
	size_t k, found = align_hits(st, side, u, lo, hi, skip, ALIGN_CANDIDATES);

	if (found > ALIGN_CANDIDATES)
		found = ALIGN_CANDIDATES;
	for (k = 0; k < found; k++)
		out[k] = st->hit[k].unit;
	return found;
}

/* ---- stage 2: gaps ---- */

/* Probe (l, r); in a dense gap's row (row_weight >= 0, l's weight) through
   the row's counts. */
static void
align_probe(struct align_state *st, size_t l, size_t r, double row_weight)
{
	struct align_probe *p;
	double score;

	if (st->probe_count == st->probe_cap) {
		st->probe_cap = st->probe_cap ? st->probe_cap * 2 : 256;
		st->probe = xreallocarray(st->probe, st->probe_cap, sizeof(*st->probe));
	}
	p = &st->probe[st->probe_count++];
	p->left = l;
	p->right = r;
	if (row_weight >= 0) {
		p->left_weight = row_weight;
		p->shared = similarity_row_overlap(st->sim, &st->tokens[1][r], &p->right_weight);
	} else {
		p->shared = similarity_overlap(st->sim, &st->tokens[0][l], 1, &st->tokens[1][r],
					       1, &p->left_weight, &p->right_weight);
	}
	score = similarity_combine(p->shared, p->left_weight, p->right_weight);
	if (score > st->best[0][l])
		st->best[0][l] = score;
	if (score > st->best[1][r])
		st->best[1][r] = score;
}

static void
align_candidate(struct align_state *st, size_t lf, size_t lc, size_t rf, size_t rc,
		double score)
{
	struct align_candidate *c;

	if (st->cand_count == st->cand_cap) {
		st->cand_cap = st->cand_cap ? st->cand_cap * 2 : 256;
		st->cand = xreallocarray(st->cand, st->cand_cap, sizeof(*st->cand));
	}
	c = &st->cand[st->cand_count++];
	c->pair.left_first = lf;
	c->pair.left_count = lc;
	c->pair.right_first = rf;
	c->pair.right_count = rc;
	c->pair.score = score;
	c->gain = score * (double)(lc + rc) / 2;
}

/* Overlap of unit single of side one with count units of the other side. */
static double
align_group_overlap(struct align_state *st, int one, size_t single,
		    const struct token_list *parts, size_t count, double *single_weight,
		    double *parts_weight)
{
	if (one == 0)
		return similarity_overlap(st->sim, &st->tokens[0][single], 1, parts, count,
					  single_weight, parts_weight);
	return similarity_overlap(st->sim, parts, count, &st->tokens[1][single], 1,
				  parts_weight, single_weight);
}

/*
 * Each part of a group must bring its own share of the single unit: what the
 * group shares with it minus what the other parts share without this one.
 * A part that only repeats words another part already matched (a clause
 * copied into the next sentence) makes no split.
 */
static int
align_parts_pull_their_weight(struct align_state *st, int one, size_t single, size_t first,
			      size_t parts, double shared, double single_weight, double least)
{
	const struct token_list *run = &st->tokens[!one][first];
	struct token_list others[2];
	size_t p, k, n;

	for (p = 0; p < parts; p++) {
		for (k = n = 0; k < parts; k++)
			if (k != p)
				others[n++] = run[k];
		if (shared - align_group_overlap(st, one, single, others, n, NULL, NULL) <
		    least * single_weight)
			return 0;
	}
	return 1;
}

/*
 * Groups around probe p with the single unit on side one and parts
 * starting at p's unit on the other side, up to hi on that side.
 */
/* Units [first, first + count) of side s are one whole paragraph. */
static int
align_whole_paragraph(const struct align_state *st, int s, size_t first, size_t count)
{
	const struct unit *unit = st->cmp->side[s].units.unit;
	size_t last = first + count - 1;

	if (unit[first].paragraph != unit[last].paragraph)
		return 0;
	if (first > 0 && unit[first - 1].paragraph == unit[first].paragraph)
		return 0;
	return last + 1 == st->count[s] || unit[last + 1].paragraph != unit[last].paragraph;
}

/* Add (sign 1) or take back (sign 0) the tokens of list to count. */
static void
align_count(uint32_t *count, const struct token_list *list, int sign)
{
	size_t k;

	for (k = 0; k < list->count; k++)
		if (sign)
			count[list->token[k].id]++;
		else
			count[list->token[k].id] = 0;
}

/*
 * A split or merge read in order.  The parts of a sentence cut in two
 * follow each other through the single unit: the first part matches its
 * beginning, the next part the rest (two sentences merged the same way,
 * or for two parts the other way round: "B, after A").  A neighbouring
 * sentence that only shares some of its words matches them wherever they
 * are, mostly where the other part matched already.  So the single unit's
 * tokens are cut into one run per part, at the cuts that match the most
 * weight, each run matched against its own part; part[i] gets the weight
 * part i shares with its run and run[i] the run's weight.  Returns the
 * total shared, at most the overlap of the whole group.
 *
 * Cost O(n + parts' tokens) for two parts, O(n^2) for three, n the single
 * unit's tokens (a sentence, and only for groups that pass the cheaper
 * tests first).
 */
static double
align_ordered(struct align_state *st, int one, size_t single, size_t first, size_t parts,
	      double part[3], double run[3])
{
	const struct token_list *s = &st->tokens[one][single];
	const struct token_list *group = &st->tokens[!one][first];
	double *weight = st->prefix[0], *head = st->prefix[1], *tail = st->prefix[2];
	double best = -1;
	size_t n = s->count, c, d, order;

	weight[0] = 0;
	for (c = 0; c < n; c++)
		weight[c + 1] = weight[c] + similarity_weight(st->sim, s->token[c].id);
	for (order = 0; order < (parts == 2 ? 2u : 1u); order++) {
		/* head[c]: the first part (in this order) against s[0, c);
		   tail[c]: the last part against s[c, n). */
		const struct token_list *a = &group[order ? parts - 1 : 0];
		const struct token_list *z = &group[order ? 0 : parts - 1];
		size_t at = order ? parts - 1 : 0, zt = order ? 0 : parts - 1;

		align_count(st->part_count[0], a, 1);
		align_count(st->part_count[2], z, 1);
		head[0] = 0;
		for (c = 0; c < n; c++) {
			uint32_t id = s->token[c].id;

			head[c + 1] = head[c];
			if (st->part_count[0][id] > 0) {
				st->part_count[0][id]--;
				head[c + 1] += similarity_weight(st->sim, id);
			}
		}
		tail[n] = 0;
		for (c = n; c > 0; c--) {
			uint32_t id = s->token[c - 1].id;

			tail[c - 1] = tail[c];
			if (st->part_count[2][id] > 0) {
				st->part_count[2][id]--;
				tail[c - 1] += similarity_weight(st->sim, id);
			}
		}
		align_count(st->part_count[0], a, 0);
		align_count(st->part_count[2], z, 0);
		if (parts == 2) {
			for (c = 0; c <= n; c++)
				if (head[c] + tail[c] > best) {
					best = head[c] + tail[c];
					part[at] = head[c];
					part[zt] = tail[c];
					run[at] = weight[c];
					run[zt] = weight[n] - weight[c];
				}
			continue;
		}
		/* Three parts: the middle one against s[c, d) for every c <= d. */
		for (c = 0; c <= n; c++) {
			double middle = 0;

			align_count(st->part_count[1], &group[1], 1);
			for (d = c;; d++) {
				uint32_t id;

				if (head[c] + middle + tail[d] > best) {
					best = head[c] + middle + tail[d];
					part[0] = head[c];
					part[1] = middle;
					part[2] = tail[d];
					run[0] = weight[c];
					run[1] = weight[d] - weight[c];
					run[2] = weight[n] - weight[d];
				}
				if (d == n)
					break;
				id = s->token[d].id;
				if (st->part_count[1][id] > 0) {
					st->part_count[1][id]--;
					middle += similarity_weight(st->sim, id);
				}
			}
			align_count(st->part_count[1], &group[1], 0);
		}
	}
	return best < 0 ? 0 : best;
}

/*
 * A group read in order passes: every part matches its run of the single
 * unit with ALIGN_RUN_DICE, and the in-order score beats best by
 * ALIGN_ORDER_MARGIN.
 */
static int
align_reads_in_order(struct align_state *st, int one, size_t single, size_t first,
		     size_t parts, double single_weight, double parts_weight, double best)
{
	const struct token_list *group = &st->tokens[!one][first];
	double part[3], run[3], shared;
	size_t q;

	shared = align_ordered(st, one, single, first, parts, part, run);
	if (similarity_combine(shared, single_weight, parts_weight) < best + ALIGN_ORDER_MARGIN)
		return 0;
	for (q = 0; q < parts; q++) {
		double w;

		align_group_overlap(st, one, single, &group[q], 1, NULL, &w);
		if (similarity_combine(part[q], run[q], w) < ALIGN_RUN_DICE)
			return 0;
	}
	return 1;
}

/*
 * Groups around probe p with the single unit on side one and parts
 * starting at p's unit on the other side, up to hi on that side.  A group
 * is a candidate when it beats the best 1:1 pair of each of its units and
 * either every part is mostly contained in the single unit, or the group
 * reads in order (align_reads_in_order()) with parts of a good share each,
 * or it is a whole paragraph on both sides.
 */
static void
align_merges(struct align_state *st, const struct align_probe *p, int one, size_t hi)
{
	size_t single = one == 0 ? p->left : p->right;
	size_t first = one == 0 ? p->right : p->left;
	const struct token_list *run = &st->tokens[!one][first];
	double part_weight = one == 0 ? p->right_weight : p->left_weight;
	double single_weight = one == 0 ? p->left_weight : p->right_weight;
	double best = st->best[one][single];
	double sum_shared = p->shared, sum_weight = part_weight, least_shared = p->shared;
	int contained = part_weight > 0 && p->shared / part_weight >= ALIGN_CONTAIN;
	size_t parts;

	if (st->best[!one][first] > best)
		best = st->best[!one][first];
	for (parts = 2; parts <= 3 && first + parts <= hi; parts++) {
		size_t extra = first + parts - 1;
		double shared, ws, wp, score, bound;
		int paragraph, ok;

		if (st->dense_width > 0) {
			/* The single unit and the new part alone are a probe of
			   this gap already: the same overlap, not scored again. */
			const struct align_probe *q = one == 0 ?
				&st->probe[(single - st->dense_l0) * st->dense_width +
					   extra - st->dense_r0] :
				&st->probe[(extra - st->dense_l0) * st->dense_width +
					   single - st->dense_r0];

			shared = q->shared;
			wp = one == 0 ? q->right_weight : q->left_weight;
		} else {
			shared = align_group_overlap(st, one, single, &run[parts - 1], 1, &ws,
						     &wp);
		}
		contained = contained && wp > 0 && shared / wp >= ALIGN_CONTAIN;
		sum_shared += shared;
		sum_weight += wp;
		if (shared < least_shared)
			least_shared = shared;
		if (st->best[!one][extra] > best)
			best = st->best[!one][extra];
		/*
		 * A paragraph that became one sentence, or a one-sentence
		 * paragraph that became several, is a merge or split the
		 * layout itself vouches for: then the parts need not be
		 * contained and the margin goes.
		 */
		/* The group shares at most what its parts share one by one:
		   most probes part here, before the group is scored (and
		   before the paragraphs are looked at: the smaller margin
		   first). */
		bound = single_weight + sum_weight > 0 ?
			2 * (sum_shared < single_weight ? sum_shared : single_weight) /
			(single_weight + sum_weight) : 0;
		if (bound < st->threshold || bound < best + ALIGN_PARAGRAPH_MARGIN)
			continue;
		paragraph = align_whole_paragraph(st, one, single, 1) &&
			align_whole_paragraph(st, !one, first, parts);
		if (!paragraph && bound < best + ALIGN_ORDER_MARGIN)
			continue;
		/* Nor can a part bring more of the single unit than it shares
		   with it alone: the in-order test's share, checked early. */
		if (!paragraph && !contained && least_shared < ALIGN_ORDER_PART_SHARE * single_weight)
			continue;
		shared = align_group_overlap(st, one, single, run, parts, &ws, &wp);
		score = similarity_combine(shared, ws, wp);
		if (score < st->threshold)
			continue;
		if (paragraph)
			ok = score >= best + ALIGN_PARAGRAPH_MARGIN &&
				align_parts_pull_their_weight(st, one, single, first, parts, shared,
							      ws, ALIGN_PARAGRAPH_PART_SHARE);
		else if (contained && score >= best + ALIGN_MERGE_MARGIN &&
			 align_parts_pull_their_weight(st, one, single, first, parts, shared, ws,
						       ALIGN_PART_SHARE))
			ok = 1;
		else
			ok = score >= best + ALIGN_ORDER_MARGIN &&
				align_parts_pull_their_weight(st, one, single, first, parts, shared,
							      ws, ALIGN_ORDER_PART_SHARE) &&
				align_reads_in_order(st, one, single, first, parts, ws, wp, best);
		if (!ok)
			continue;
		if (one == 0)
			align_candidate(st, single, 1, first, parts, score);
		else
			align_candidate(st, first, parts, single, 1, score);
	}
}

static int
align_by_left_first(const void *pa, const void *pb)
{
	const struct align_candidate *a = pa, *b = pb;

	if (a->pair.left_first != b->pair.left_first)
		return a->pair.left_first < b->pair.left_first ? -1 : 1;
	if (a->pair.right_first != b->pair.right_first)
		return a->pair.right_first < b->pair.right_first ? -1 : 1;
	if (a->pair.left_count != b->pair.left_count)
		return a->pair.left_count < b->pair.left_count ? -1 : 1;
	return a->pair.right_count < b->pair.right_count ? -1 :
		a->pair.right_count > b->pair.right_count;
}

/* Candidates in order of where they end on the left (ties by index). */
struct align_end {
	size_t end, cand;
};

static int
align_by_end(const void *pa, const void *pb)
{
	const struct align_end *a = pa, *b = pb;

	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->cand < b->cand ? -1 : a->cand > b->cand;
}

/* Fenwick tree of (best total, candidate) over right positions 1..size. */
struct align_fenwick {
	double *total;
	size_t *cand;
	size_t size;
};

static int
align_better(double total, size_t cand, double best_total, size_t best_cand)
{
	/* Ties go to the lower candidate index: deterministic, and earlier pairs first. */
	return total > best_total || (total == best_total && cand < best_cand);
}

static void
align_fenwick_update(struct align_fenwick *f, size_t pos, double total, size_t cand)
{
	for (; pos <= f->size; pos += pos & -pos)
		if (align_better(total, cand, f->total[pos], f->cand[pos])) {
			f->total[pos] = total;
			f->cand[pos] = cand;
		}
}

static void
align_fenwick_query(const struct align_fenwick *f, size_t pos, double *total, size_t *cand)
{
	*total = 0;
	*cand = SIZE_MAX;
	for (; pos > 0; pos -= pos & -pos)
		if (align_better(f->total[pos], f->cand[pos], *total, *cand)) {
			*total = f->total[pos];
			*cand = f->cand[pos];
		}
}

/*
 * How far pair p lies from the diagonal of its gap, 0 to 1: the distance
 * between its middle's relative positions on the two sides.
 */
static double
align_off_diagonal(const struct align_gap_memo *gap, const struct align_pair *p)
{
	double x = ((double)(p->left_first - gap->l0) + (double)p->left_count / 2) /
		(double)(gap->l1 - gap->l0);
	double y = ((double)(p->right_first - gap->r0) + (double)p->right_count / 2) /
		(double)(gap->r1 - gap->r0);

	return x > y ? x - y : y - x;
}

/*
 * Choose the best chain among the gap's candidates that pass the threshold
 * and push its pairs.  gap holds every candidate the gap can have at any
 * threshold, sorted by left_first (align_by_left_first: the keys are
 * unique, so the order of any subset is the order it would be sorted into),
 * and the same candidates in order of where they end on the left.
 */
static void
align_chain(struct align_state *st, const struct align_gap_memo *gap)
{
	const struct align_pair *all;
	const size_t *all_by_end;
	struct align_candidate *cand = st->cand;
	struct align_end *order = st->order;
	size_t *keep = st->keep;
	size_t count = 0, i, next = 0, best = SIZE_MAX, r0 = gap->r0;
	struct align_fenwick f;
	double best_total = 0;

	/* No candidate at all: the memo's arrays may be NULL, and NULL + 0 is
	   undefined behaviour (UBSan stops the align fuzzer on it). */
	if (gap->count == 0)
		return;
	all = st->memo->cand + gap->first;
	all_by_end = st->memo->by_end + gap->first;
	for (i = 0; i < gap->count; i++) {
		const struct align_pair *p = &all[i];
		int single = p->left_count == 1 && p->right_count == 1;

		/* The tests of align_gap() and align_merges(), as they were. */
		if (single ? p->score >= st->threshold && p->score > 0 :
		    !(p->score < st->threshold)) {
			cand[count].pair = *p;
			cand[count].gain = p->score * (double)(p->left_count + p->right_count) / 2 *
				(1 - ALIGN_DIAGONAL * align_off_diagonal(gap, p));
			keep[i] = count++;
		} else {
			keep[i] = SIZE_MAX;
		}
	}
	if (count == 0)
		return;
	for (i = next = 0; i < gap->count; i++) {
		size_t c = keep[all_by_end[i]];

		if (c == SIZE_MAX)
			continue;
		order[next].end = cand[c].pair.left_first + cand[c].pair.left_count;
		order[next].cand = c;
		next++;
	}
	next = 0;
	f.size = gap->r1 - r0;
	f.total = st->fenwick_total;
	f.cand = st->fenwick_cand;
	for (i = 0; i <= f.size; i++) {
		f.total[i] = 0;
		f.cand[i] = SIZE_MAX;
	}
	for (i = 0; i < count; i++) {
		struct align_candidate *c = &cand[i];
		size_t prev;
		double total;

		/* Candidates that end before this one starts on the left may precede it. */
		while (next < count) {
			struct align_candidate *d = &cand[order[next].cand];

			if (order[next].end > c->pair.left_first)
				break;
			align_fenwick_update(&f, d->pair.right_first + d->pair.right_count - r0,
					     d->total, order[next].cand);
			next++;
		}
		align_fenwick_query(&f, c->pair.right_first - r0, &total, &prev);
		c->total = total + c->gain;
		c->prev = prev;
		if (align_better(c->total, i, best_total, best)) {
			best_total = c->total;
			best = i;
		}
	}
	/* The chain runs backwards from best: count it, then push it in order. */
	for (i = 0; best != SIZE_MAX; best = cand[best].prev)
		order[i++].cand = best;
	while (i > 0) {
		struct align_pair *p = &cand[order[--i].cand].pair;

		align_pairs_push(&st->pairs, p->left_first, p->left_count, p->right_first,
				 p->right_count, p->score);
	}
}

/*
 * Score the gap [l0, l1) x [r0, r1): every candidate it can have at any
 * threshold (the threshold is -1 here, so only the tests that do not
 * depend on it apply; align_chain() applies the rest) lands in st->cand,
 * sorted by align_by_left_first; returns how many.  Reads the sides, the
 * weights and the indexes and writes only st's scratch, so two states can
 * score two gaps at once.
 */
static size_t
align_gap_score(struct align_state *st, const struct align_gap_memo *gap)
{
	size_t l0 = gap->l0, l1 = gap->l1, r0 = gap->r0, r1 = gap->r1;
	size_t i, j, k, *found, dense_cells;

	if (l0 == l1 || r0 == r1)
		return 0;
	st->probe_count = 0;
	st->cand_count = 0;
	dense_cells = st->cmp->dense_cells ? st->cmp->dense_cells : ALIGN_DENSE_CELLS;
	st->dense_width = 0;
	if ((l1 - l0) <= dense_cells / (r1 - r0)) {
		st->dense_l0 = l0;
		st->dense_r0 = r0;
		st->dense_width = r1 - r0;
		for (i = l0; i < l1; i++) {
			double row_weight;

			similarity_row_begin(st->sim, &st->tokens[0][i], &row_weight);
			for (j = r0; j < r1; j++)
				align_probe(st, i, j, row_weight);
			similarity_row_end(st->sim, &st->tokens[0][i]);
		}
	} else {
		found = xmalloc(ALIGN_CANDIDATES * sizeof(*found));
		for (i = l0; i < l1; i++) {
			size_t count = align_search(st, 0, i, r0, r1, NULL, found);

			for (k = 0; k < count; k++)
				align_probe(st, i, found[k], -1);
		}
		free(found);
	}
	for (k = 0; k < st->probe_count; k++) {
		const struct align_probe *p = &st->probe[k];
		double score = similarity_combine(p->shared, p->left_weight, p->right_weight);

		if (score >= st->threshold && score > 0)
			align_candidate(st, p->left, 1, p->right, 1, score);
	}
	for (k = 0; k < st->probe_count; k++) {
		align_merges(st, &st->probe[k], 0, r1);
		align_merges(st, &st->probe[k], 1, l1);
	}
	for (k = 0; k < st->probe_count; k++) {
		st->best[0][st->probe[k].left] = 0;
		st->best[1][st->probe[k].right] = 0;
	}
	align_sort_small(st->cand, st->cand_count, sizeof(*st->cand), align_by_left_first);
	return st->cand_count;
}

/* st->cand[0, count) into cand, and their order by end (align_by_end) into by_end. */
static void
align_gap_store(const struct align_state *st, size_t count, struct align_pair *cand,
		size_t *by_end)
{
	struct align_end small[ALIGN_INSERTION_SORT];
	struct align_end *order = count <= ALIGN_INSERTION_SORT ? small :
		xmalloc(count * sizeof(*order));
	size_t k;

	for (k = 0; k < count; k++) {
		cand[k] = st->cand[k].pair;
		order[k].end = st->cand[k].pair.left_first + st->cand[k].pair.left_count;
		order[k].cand = k;
	}
	align_sort_small(order, count, sizeof(*order), align_by_end);
	for (k = 0; k < count; k++)
		by_end[k] = order[k].cand;
	if (order != small)
		free(order);
}

/* Room in the memo for count more candidates. */
static void
align_memo_reserve(struct align_memo *memo, size_t count)
{
	if (memo->cand_count + count <= memo->cand_cap)
		return;
	while (memo->cand_count + count > memo->cand_cap)
		memo->cand_cap = memo->cand_cap ? memo->cand_cap * 2 : 256;
	memo->cand = xreallocarray(memo->cand, memo->cand_cap, sizeof(*memo->cand));
	memo->by_end = xreallocarray(memo->by_end, memo->cand_cap, sizeof(*memo->by_end));
}

/* The gap's candidates, count of them, are the memo's next ones. */
static void
align_gap_filed(struct align_memo *memo, struct align_gap_memo *gap, size_t count)
{
	gap->first = memo->cand_count;
	gap->count = count;
	memo->cand_count += count;
	if (count == 0)
		return;
	if (count > memo->widest_gap)
		memo->widest_gap = count;
	if (gap->r1 - gap->r0 > memo->widest_right)
		memo->widest_right = gap->r1 - gap->r0;
}

/*
 * The scratch space of a state that scores gaps: the search's (kept for
 * the moves), the best 1:1 score per unit and align_ordered()'s (freed
 * after the gaps by align_scratch_free()); most is the most tokens of a
 * unit.
 */
static void
align_scratch_new(struct align_state *st, size_t most)
{
	size_t i = (st->count[0] > st->count[1] ? st->count[0] : st->count[1]) + 1;
	int s;

	st->hits = xcalloc(i, sizeof(*st->hits));
	st->touched = xmalloc(i * sizeof(*st->touched));
	st->hit = xmalloc(i * sizeof(*st->hit));
	st->ids = xmalloc(most * sizeof(*st->ids));
	for (s = 0; s < 2; s++)
		st->best[s] = xcalloc(st->count[s] ? st->count[s] : 1, sizeof(*st->best[s]));
	for (s = 0; s < 3; s++) {
		st->part_count[s] = xcalloc(st->vocabulary ? st->vocabulary : 1,
					    sizeof(*st->part_count[s]));
		st->prefix[s] = xmalloc((most + 1) * sizeof(*st->prefix[s]));
	}
}

/* What only the gaps need. */
static void
align_scratch_free(struct align_state *st)
{
	int s;

	free(st->probe);
	st->probe = NULL;
	st->probe_count = st->probe_cap = 0;
	for (s = 0; s < 2; s++) {
		free(st->best[s]);
		st->best[s] = NULL;
	}
	for (s = 0; s < 3; s++) {
		free(st->part_count[s]);
		free(st->prefix[s]);
		st->part_count[s] = NULL;
		st->prefix[s] = NULL;
	}
}

/*
 * Large comparisons score their gaps in two threads: the gaps are
 * independent (each reads the sides, the weights and the indexes, and
 * writes only its state's scratch), so each thread takes the next gap not
 * taken and files its candidates under the gap's number; they are copied
 * into the memo in gap order after, as one thread would have filed them.
 */
#define ALIGN_THREAD_UNITS 4096

static int
align_threaded(const struct align_state *st)
{
	size_t least = st->cmp->thread_units ? st->cmp->thread_units : ALIGN_THREAD_UNITS;

	return st->count[0] + st->count[1] >= least;
}

struct align_gap_found {
	struct align_pair *cand;
	size_t *by_end;
	size_t count;
};

struct align_gap_job {
	struct align_state *st;		/* the memo's */
	struct align_state second;	/* the second thread's: shared parts, own scratch */
	struct align_gap_found *found;	/* per gap */
	size_t next;			/* first gap not yet taken (atomic) */
};

static void
align_gap_work(struct align_gap_job *job, struct align_state *st)
{
	struct align_memo *memo = job->st->memo;
	size_t g, count;

	while ((g = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)) < memo->gap_count) {
		struct align_gap_found *f = &job->found[g];

		count = align_gap_score(st, &memo->gap[g]);
		if (count == 0)
			continue;
		f->cand = xmalloc(count * sizeof(*f->cand));
		f->by_end = xmalloc(count * sizeof(*f->by_end));
		f->count = count;
		align_gap_store(st, count, f->cand, f->by_end);
	}
}

static void *
align_gap_run(void *arg)
{
	struct align_gap_job *job = arg;

	align_gap_work(job, &job->second);
	return NULL;
}

/* The second thread's state, made before it starts: the memo's shared
   parts (sides, weights, indexes), scratch of its own. */
static void
align_second_new(struct align_state *second, const struct align_state *st, size_t most)
{
	*second = *st;
	second->sim = similarity_share(st->sim);
	second->probe = NULL;
	second->probe_count = second->probe_cap = 0;
	second->cand = NULL;
	second->cand_count = second->cand_cap = 0;
	align_scratch_new(second, most);
}

static void
align_second_free(struct align_state *second)
{
	align_scratch_free(second);
	free(second->cand);
	free(second->hits);
	free(second->touched);
	free(second->hit);
	free(second->ids);
	similarity_free(second->sim);
}

/* Stage 2, the part that does not depend on the threshold: each gap. */
static void
align_gaps(struct align_state *st, size_t most)
{
	struct align_memo *memo = st->memo;
	size_t n = st->count[0], m = st->count[1], k, l = 0, r = 0, total = 0;
	struct align_gap_job job;
	struct work thread;
	int threaded;

	for (k = 0; k <= memo->anchors.count; k++) {
		size_t next_l = k < memo->anchors.count ? memo->anchors.pair[k].left_first : n;
		size_t next_r = k < memo->anchors.count ? memo->anchors.pair[k].right_first : m;
		struct align_gap_memo *gap;

		if (memo->gap_count == memo->gap_cap) {
			memo->gap_cap = memo->gap_cap ? memo->gap_cap * 2 : 64;
			memo->gap = xreallocarray(memo->gap, memo->gap_cap, sizeof(*memo->gap));
		}
		gap = &memo->gap[memo->gap_count++];
		gap->l0 = l;
		gap->l1 = next_l;
		gap->r0 = r;
		gap->r1 = next_r;
		gap->first = gap->count = 0;
		l = next_l + 1;
		r = next_r + 1;
	}
	if (align_threaded(st)) {
		job.st = st;
		job.found = xcalloc(memo->gap_count, sizeof(*job.found));
		job.next = 0;
		align_second_new(&job.second, st, most);
		threaded = work_start(&thread, align_gap_run, &job, WORK_QUEUED);
		if (threaded) {
			align_gap_work(&job, st);
			work_join(&thread);
		}
		align_second_free(&job.second);
		if (threaded) {
			for (k = 0; k < memo->gap_count; k++)
				total += job.found[k].count;
			align_memo_reserve(memo, total);
			for (k = 0; k < memo->gap_count; k++) {
				struct align_gap_found *f = &job.found[k];

				if (f->count > 0) {
					memcpy(memo->cand + memo->cand_count, f->cand,
					       f->count * sizeof(*f->cand));
					memcpy(memo->by_end + memo->cand_count, f->by_end,
					       f->count * sizeof(*f->by_end));
					free(f->cand);
					free(f->by_end);
				}
				align_gap_filed(memo, &memo->gap[k], f->count);
			}
			free(job.found);
			return;
		}
		free(job.found);
	}
	for (k = 0; k < memo->gap_count; k++) {
		size_t count = align_gap_score(st, &memo->gap[k]);

		/* No candidate: the memo's arrays may still be NULL, and NULL + 0
		   is undefined behaviour. */
		if (count > 0) {
			align_memo_reserve(memo, count);
			align_gap_store(st, count, memo->cand + memo->cand_count,
					memo->by_end + memo->cand_count);
		}
		align_gap_filed(memo, &memo->gap[k], count);
	}
}

/* ---- stage 3: context ---- */

static void
align_context(struct align_state *st)
{
	struct align_pairs out = { 0 };
	size_t k, l = 0, r = 0;

	for (k = 0; k <= st->pairs.count; k++) {
		size_t next_l = k < st->pairs.count ? st->pairs.pair[k].left_first : st->count[0];
		size_t next_r = k < st->pairs.count ? st->pairs.pair[k].right_first : st->count[1];

		if (next_l - l == next_r - r && next_l - l >= 1 &&
		    next_l - l <= ALIGN_CONTEXT_RUN &&
		    (st->pairs.count > 0 || (st->count[0] == 1 && st->count[1] == 1))) {
			size_t i;

			for (i = 0; i < next_l - l; i++) {
				double score = similarity_score(st->sim, &st->tokens[0][l + i], 1,
								&st->tokens[1][r + i], 1);

				if (score > 0 && score >= st->threshold * ALIGN_CONTEXT)
					align_pairs_push(&out, l + i, 1, r + i, 1, score);
			}
		}
		if (k < st->pairs.count) {
			struct align_pair *p = &st->pairs.pair[k];

			align_pairs_push(&out, p->left_first, p->left_count, p->right_first,
					 p->right_count, p->score);
			l = p->left_first + p->left_count;
			r = p->right_first + p->right_count;
		}
	}
	free(st->pairs.pair);
	st->pairs = out;
}

/* ---- stage 4: moves ---- */

/*
 * The move candidates of right unit r: the left units align_search() would
 * find for it (left units marked in skip left out) with their scores, into
 * found and score; returns how many.  The memo keeps each right unit's
 * list without skip (its first ALIGN_MOVE_KEEP units, and their scores
 * once computed), and the list with skip is that list minus the units
 * skipped; only when the kept part runs out before ALIGN_CANDIDATES units
 * does the search run again.
 */
static size_t
align_move_candidates(struct align_state *st, size_t r, const unsigned char *skip,
		      size_t *found, double *score)
{
	struct align_memo *memo = st->memo;
	struct align_move_hit *kept;
	size_t k, n = 0, count;

	if (memo->one_shot) {
		/* Nothing to keep: search among the free units only, fewer to sort. */
		n = align_search(st, 1, r, 0, st->count[0], skip, found);
		for (k = 0; k < n; k++)
			score[k] = similarity_score(st->sim, &st->tokens[0][found[k]], 1,
						    &st->tokens[1][r], 1);
		return n;
	}
	if (memo->move_first[r] == SIZE_MAX) {
		size_t touched = align_hits(st, 1, r, 0, st->count[0], NULL, ALIGN_MOVE_KEEP);

		count = touched < ALIGN_MOVE_KEEP ? touched : ALIGN_MOVE_KEEP;
		if (memo->move_hit_count + count > memo->move_hit_cap) {
			while (memo->move_hit_count + count > memo->move_hit_cap)
				memo->move_hit_cap = memo->move_hit_cap ?
					memo->move_hit_cap * 2 : 1024;
			memo->move_hit = xreallocarray(memo->move_hit, memo->move_hit_cap,
						       sizeof(*memo->move_hit));
		}
		memo->move_first[r] = memo->move_hit_count;
		memo->move_count[r] = (unsigned char)count;
		memo->move_complete[r] = touched <= ALIGN_MOVE_KEEP;
		for (k = 0; k < count; k++) {
			memo->move_hit[memo->move_hit_count + k].unit = st->hit[k].unit;
			memo->move_hit[memo->move_hit_count + k].score = -1;
		}
		memo->move_hit_count += count;
	}
	count = memo->move_count[r];
	/* No hit kept yet: move_hit is NULL, and NULL + 0 is undefined. */
	kept = count > 0 ? memo->move_hit + memo->move_first[r] : NULL;
	for (k = 0; k < count && n < ALIGN_CANDIDATES; k++) {
		if (skip[kept[k].unit])
			continue;
		if (kept[k].score < 0)
			kept[k].score = similarity_score(st->sim, &st->tokens[0][kept[k].unit], 1,
							 &st->tokens[1][r], 1);
		found[n] = kept[k].unit;
		score[n] = kept[k].score;
		n++;
	}
	if (n < ALIGN_CANDIDATES && !memo->move_complete[r]) {
		n = align_search(st, 1, r, 0, st->count[0], skip, found);
		for (k = 0; k < n; k++)
			score[k] = similarity_score(st->sim, &st->tokens[0][found[k]], 1,
						    &st->tokens[1][r], 1);
	}
	return n;
}

/* Where the units of a move starting at right unit r come from. */
struct align_moved {
	size_t left, left_count, right_count;
	double score;
};

/* A move candidate: 1:1, or a moved unit that was also split or merged. */
struct align_move {
	size_t left, left_count, right, right_count;
	double score;
};

/* Best score first; ties by right unit, left unit, then the smaller group. */
static int
align_by_score(const void *pa, const void *pb)
{
	const struct align_move *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->right != b->right)
		return a->right < b->right ? -1 : 1;
	if (a->left != b->left)
		return a->left < b->left ? -1 : 1;
	if (a->right_count != b->right_count)
		return a->right_count < b->right_count ? -1 : 1;
	return a->left_count < b->left_count ? -1 : a->left_count > b->left_count;
}

/* The weight of unit u of side s, computed the first time it is asked for. */
static double
align_unit_weight(struct align_state *st, int s, size_t u)
{
	double *w = &st->unit_weight[s][u];
	size_t k;

	if (*w < 0)
		for (*w = 0, k = 0; k < st->tokens[s][u].count; k++)
			*w += similarity_weight(st->sim, st->tokens[s][u].token[k].id);
	return *w;
}

/*
 * Whether unit single of side one and units first, first + 1 of the other
 * side make a move: the group scores least, both parts are contained in
 * the single unit and bring their share of it, and the group beats each
 * part's own pair by ALIGN_MERGE_MARGIN (the tests of a contained split
 * or merge in a gap, at the score a move needs).
 */
static int
align_group_move_passes(struct align_state *st, int one, size_t single, size_t first,
			double least, double *score)
{
	const struct token_list *run = &st->tokens[!one][first];
	double ws, w[2], sh[2], shared, wp;
	int q;

	/* Dice can reach least only if the weights are alike: most candidates,
	   a sentence about as long as each part, part here. */
	ws = align_unit_weight(st, one, single);
	wp = align_unit_weight(st, !one, first) + align_unit_weight(st, !one, first + 1);
	if (similarity_combine(ws < wp ? ws : wp, ws, wp) < least)
		return 0;
	for (q = 0; q < 2; q++) {
		sh[q] = align_group_overlap(st, one, single, &run[q], 1, &ws, &w[q]);
		if (w[q] <= 0 || sh[q] / w[q] < ALIGN_CONTAIN)
			return 0;
	}
	shared = align_group_overlap(st, one, single, run, 2, &ws, &wp);
	*score = similarity_combine(shared, ws, wp);
	return *score >= least &&
		*score >= similarity_combine(sh[0], ws, w[0]) + ALIGN_MERGE_MARGIN &&
		*score >= similarity_combine(sh[1], ws, w[1]) + ALIGN_MERGE_MARGIN &&
		align_parts_pull_their_weight(st, one, single, first, 2, shared, ws,
					      ALIGN_PART_SHARE);
}

static void
align_move_push(struct align_move **move, size_t *count, size_t *cap, size_t left,
		size_t left_count, size_t right, size_t right_count, double score)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*move = xreallocarray(*move, *cap, sizeof(**move));
	}
	(*move)[*count].left = left;
	(*move)[*count].left_count = left_count;
	(*move)[*count].right = right;
	(*move)[*count].right_count = right_count;
	(*move)[*count].score = score;
	(*count)++;
}

/*
 * Pair units that are still free (paired[s][u] == 0) across the article,
 * best score first: they get paired[s][u] = 1 and moved[r] says where the
 * move at right unit r comes from.  Besides 1:1 pairs, a unit that moved
 * and was cut in two, or two that moved and were joined, make a 1:2 or
 * 2:1 move (align_group_move_passes()); its second right unit gets
 * paired 3.  The groups are found around the 1:1 candidates, so they cost
 * about what those cost.
 */
static void
align_moves(struct align_state *st, unsigned char *paired[2], struct align_moved *moved)
{
	struct align_move *move = NULL;
	size_t count = 0, cap = 0, r, k, at, found[ALIGN_CANDIDATES], n;
	double score[ALIGN_CANDIDATES];
	double least = st->threshold + (1 - st->threshold) * ALIGN_MOVE_SHARE;
	/*
	 * A group scoring least has parts weighing together at least
	 * least / (2 - least) of the single unit, so the larger part at least
	 * half that, x; contained at ALIGN_CONTAIN, that part alone scores
	 * 2 ALIGN_CONTAIN x / (1 + x) with the single unit.  Groups are only
	 * looked for around candidates scoring that (less a little for
	 * rounding): the larger part's candidates find them.
	 */
	double x = least / (2 * (2 - least));
	double part_least = 0.9 * 2 * ALIGN_CONTAIN * x / (1 + x);

	for (r = 0; r < st->count[1]; r++) {
		if (paired[1][r])
			continue;
		n = align_move_candidates(st, r, paired[0], found, score);
		for (k = 0; k < n; k++) {
			size_t l = found[k];

			if (score[k] >= least && score[k] > 0)
				align_move_push(&move, &count, &cap, l, 1, r, 1, score[k]);
			if (score[k] < part_least)
				continue;
			/* r as the first or the second part of a split of l (at 0,
			   1), l as the first or the second part of a merge into r */
			for (at = 0; at < 4; at++) {
				int one = at >= 2;
				size_t first = (one ? l : r) - (at & 1);
				double s;

				if (first == SIZE_MAX || first + 1 >= st->count[!one] ||
				    paired[!one][first] || paired[!one][first + 1] ||
				    !align_group_move_passes(st, one, one ? r : l, first, least, &s))
					continue;
				if (one == 0)
					align_move_push(&move, &count, &cap, l, 1, first, 2, s);
				else
					align_move_push(&move, &count, &cap, first, 2, r, 1, s);
			}
		}
	}
	if (count > 0)
		qsort(move, count, sizeof(*move), align_by_score);
	for (k = 0; k < count; k++) {
		const struct align_move *v = &move[k];

		if (paired[0][v->left] || paired[0][v->left + v->left_count - 1] ||
		    paired[1][v->right] || paired[1][v->right + v->right_count - 1])
			continue;
		memset(paired[0] + v->left, 1, v->left_count);
		paired[1][v->right] = 1;
		if (v->right_count > 1)
			paired[1][v->right + 1] = 3;	/* the rest of the move at v->right */
		moved[v->right].left = v->left;
		moved[v->right].left_count = v->left_count;
		moved[v->right].right_count = v->right_count;
		moved[v->right].score = v->score;
	}
	free(move);
}

/* ---- stage 5: entries ---- */

static void
align_push(struct alignment *out, size_t *cap, enum align_op op, size_t lf, size_t lc,
	   size_t rf, size_t rc, double score)
{
	struct align_entry *e;

	if (out->entry_count == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		out->entry = xreallocarray(out->entry, *cap, sizeof(*out->entry));
	}
	e = &out->entry[out->entry_count++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->left_first = lf;
	e->left_count = lc;
	e->right_first = rf;
	e->right_count = rc;
	e->score = score;
}

void
alignment_free(struct alignment *alignment)
{
	size_t i;

	if (alignment == NULL)
		return;
	for (i = 0; i < alignment->entry_count; i++)
		worddiff_free(&alignment->entry[i].words);
	free(alignment->entry);
	memset(alignment, 0, sizeof(*alignment));
}

/* Equal, not a change: the same tokens and the same text as a reader sees it. */
static int
align_pair_is_equal(const struct align_state *st, const struct align_pair *p)
{
	const struct align_memo *memo = st->memo;

	if (p->left_count != 1 || p->right_count != 1)
		return 0;
	/* An anchor's units are equal (align_anchor() checked): its surface
	   test was made once, when the memo was prepared. */
	if (memo->anchor_right[p->left_first] == p->right_first)
		return memo->anchor_same[p->left_first];
	return align_units_equal(st->cmp, p->left_first, p->right_first) &&
		align_surface_equal(st->cmp, p->left_first, p->right_first);
}

static void
align_emit(struct align_state *st, unsigned char *paired[2], const struct align_moved *moved,
	   struct alignment *out)
{
	size_t k, l = 0, r = 0, cap = 0, i;

	for (k = 0; k <= st->pairs.count; k++) {
		const struct align_pair *p = k < st->pairs.count ? &st->pairs.pair[k] : NULL;
		size_t next_l = p ? p->left_first : st->count[0];
		size_t next_r = p ? p->right_first : st->count[1];

		/* Deletes: runs of left units that are neither paired nor moved. */
		for (i = l; i < next_l; i++) {
			size_t run = i;

			if (paired[0][i])
				continue;
			while (i + 1 < next_l && !paired[0][i + 1])
				i++;
			align_push(out, &cap, ALIGN_DELETE, run, i + 1 - run, r, 0, 0);
		}
		/* Right units in order: runs of inserts, and moves where they land. */
		for (i = r; i < next_r; i++) {
			size_t run = i;

			if (paired[1][i] == 3)	/* pushed with the unit before */
				continue;
			if (paired[1][i]) {
				const struct align_moved *v = &moved[i];

				align_push(out, &cap, ALIGN_MOVE, v->left, v->left_count, i,
					   v->right_count, v->score);
				continue;
			}
			while (i + 1 < next_r && !paired[1][i + 1])
				i++;
			align_push(out, &cap, ALIGN_INSERT, next_l, 0, run, i + 1 - run, 0);
		}
		if (p == NULL)
			break;
		if (align_pair_is_equal(st, p))
			align_push(out, &cap, ALIGN_EQUAL, p->left_first, 1, p->right_first, 1, 1.0);
		else
			align_push(out, &cap, ALIGN_CHANGE, p->left_first, p->left_count,
				   p->right_first, p->right_count, p->score);
		l = p->left_first + p->left_count;
		r = p->right_first + p->right_count;
	}
}

/* ---- word diffs and flags, kept per pair ---- */

static size_t
align_words_hash(size_t lf, size_t lc, size_t rf, size_t rc)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;

	h = (h ^ lf) * 0xff51afd7ed558ccdull;
	h = (h ^ rf) * 0xc4ceb9fe1a85ec53ull;
	h = (h ^ (lc << 8 | rc)) * 0xff51afd7ed558ccdull;
	return (size_t)(h ^ (h >> 29));
}

/* The slot of the pair (found, or free for it). */
static struct align_words *
align_words_slot(struct align_memo *memo, const struct align_entry *e)
{
	size_t mask = memo->words_cap - 1;
	size_t i = align_words_hash(e->left_first, e->left_count, e->right_first,
				    e->right_count) & mask;

	for (;; i = (i + 1) & mask) {
		struct align_words *w = &memo->words[i];

		if (!w->used || (w->left_first == e->left_first && w->left_count == e->left_count &&
				 w->right_first == e->right_first &&
				 w->right_count == e->right_count))
			return w;
	}
}

static void
align_words_copy(struct word_list *to, const struct word_list *from)
{
	to->count = from->count;
	to->edit = NULL;
	if (from->count > 0) {
		to->edit = xreallocarray(NULL, from->count, sizeof(*to->edit));
		memcpy(to->edit, from->edit, from->count * sizeof(*to->edit));
	}
}

/* Keep a copy of e's word diff and flags (a pure function of its units). */
static void
align_words_keep(struct align_memo *memo, const struct align_entry *e)
{
	struct align_words *w;

	if (2 * (memo->words_used + 1) > memo->words_cap) {
		struct align_words *old = memo->words;
		size_t i, old_cap = memo->words_cap;

		memo->words_cap = old_cap ? old_cap * 2 : 1024;
		memo->words = xcalloc(memo->words_cap, sizeof(*memo->words));
		for (i = 0; i < old_cap; i++)
			if (old[i].used) {
				struct align_entry probe;

				memset(&probe, 0, sizeof(probe));
				probe.left_first = old[i].left_first;
				probe.left_count = old[i].left_count;
				probe.right_first = old[i].right_first;
				probe.right_count = old[i].right_count;
				*align_words_slot(memo, &probe) = old[i];
			}
		free(old);
	}
	w = align_words_slot(memo, e);
	if (w->used)
		return;
	w->used = 1;
	w->left_first = e->left_first;
	w->left_count = e->left_count;
	w->right_first = e->right_first;
	w->right_count = e->right_count;
	w->flags = e->flags;
	align_words_copy(&w->words, &e->words);
	memo->words_used++;
}

/*
 * Word diffs and flags of the entries listed in todo (changes and moves).
 * Each entry is done on its own, reading only the sides and writing only
 * itself, so a large list is shared by two threads, each taking the next
 * chunk of ALIGN_FINISH_CHUNK entries until none is left (the costs of
 * entries vary too much for fixed halves to finish together): the result
 * is the same entry for entry whoever computes it.  A small list (a news
 * article) stays in this thread: starting a thread costs more than it
 * saves there.
 */
#define ALIGN_THREAD_TOKENS 20000
#define ALIGN_FINISH_CHUNK 16

struct align_finish {
	const struct comparison *cmp;	/* the sides */
	struct align_entry *entry;
	const size_t *todo;
	size_t count;		/* in todo */
	size_t next;		/* first entry of todo not yet taken (atomic) */
};

static void *
align_finish_run(void *arg)
{
	struct align_finish *job = arg;
	const struct comparison *cmp = job->cmp;
	struct flags_scratch *scratch = flags_scratch_new();
	size_t from, to, k;

	while ((from = __atomic_fetch_add(&job->next, ALIGN_FINISH_CHUNK,
					  __ATOMIC_RELAXED)) < job->count) {
		to = job->count - from > ALIGN_FINISH_CHUNK ? from + ALIGN_FINISH_CHUNK : job->count;
		for (k = from; k < to; k++) {
			struct align_entry *e = &job->entry[job->todo[k]];

			worddiff_run(&cmp->side[0].tokens[e->left_first], e->left_count,
				     &cmp->side[1].tokens[e->right_first], e->right_count,
				     &e->words);
			e->flags = flags_entry_scratch(cmp, e, scratch);
		}
	}
	flags_scratch_free(scratch);
	return NULL;
}

/* Tokens of one entry: its cost. */
static size_t
align_finish_tokens(const struct comparison *cmp, const struct align_entry *e)
{
	size_t i, total = 0;

	for (i = 0; i < e->left_count; i++)
		total += cmp->side[0].tokens[e->left_first + i].count;
	for (i = 0; i < e->right_count; i++)
		total += cmp->side[1].tokens[e->right_first + i].count;
	return total;
}

static void
align_words_and_flags(const struct comparison *cmp, struct align_entry *entry,
		      const size_t *todo, size_t count)
{
	struct align_finish job;
	size_t total = 0, k;
	struct work thread;

	job.cmp = cmp;
	job.entry = entry;
	job.todo = todo;
	job.count = count;
	job.next = 0;
	for (k = 0; k < count && total < ALIGN_THREAD_TOKENS; k++)
		total += align_finish_tokens(cmp, &entry[todo[k]]);
	if (total >= ALIGN_THREAD_TOKENS) {
		flags_init();
		if (work_start(&thread, align_finish_run, &job, WORK_QUEUED)) {
			align_finish_run(&job);
			work_join(&thread);
			return;
		}
	}
	align_finish_run(&job);	/* small, or no thread to be had */
}

/*
 * The in-order pairs are known once the context stage is done, and their
 * word diffs and flags depend on nothing else: for a large one-run
 * alignment a second thread starts on the changes among them while this
 * one finds the moves and writes the entries, then helps it finish
 * (align_words()).  The entries take the results in order.
 */
struct align_early {
	struct align_finish job;
	struct align_entry *entry;	/* the in-order changes, in order */
	size_t *todo;
	size_t count;
	struct work thread;
	int running;
};

static int align_threaded(const struct align_state *st);

static void
align_early_start(struct align_memo *memo, struct align_early *early)
{
	struct align_state *st = &memo->st;
	size_t k, total = 0;

	memset(early, 0, sizeof(*early));
	if (!memo->one_shot || !align_threaded(st) || st->pairs.count == 0)
		return;
	early->entry = xcalloc(st->pairs.count, sizeof(*early->entry));
	for (k = 0; k < st->pairs.count; k++) {
		const struct align_pair *p = &st->pairs.pair[k];
		struct align_entry *e = &early->entry[early->count];

		if (align_pair_is_equal(st, p))
			continue;
		e->op = ALIGN_CHANGE;
		e->left_first = p->left_first;
		e->left_count = p->left_count;
		e->right_first = p->right_first;
		e->right_count = p->right_count;
		e->score = p->score;
		if (total < ALIGN_THREAD_TOKENS)
			total += align_finish_tokens(&memo->view, e);
		early->count++;
	}
	if (total >= ALIGN_THREAD_TOKENS) {
		early->todo = xmalloc(early->count * sizeof(*early->todo));
		for (k = 0; k < early->count; k++)
			early->todo[k] = k;
		early->job.cmp = &memo->view;
		early->job.entry = early->entry;
		early->job.todo = early->todo;
		early->job.count = early->count;
		early->job.next = 0;
		flags_init();
		early->running = work_start(&early->thread, align_finish_run, &early->job,
					    WORK_QUEUED);
	}
	if (!early->running) {
		free(early->entry);
		free(early->todo);
		memset(early, 0, sizeof(*early));
	}
}

/* Help the second thread finish; then the change entry e takes its
   results when they are for e's units (they always are: the same pairs
   in the same order). */
static int
align_early_take(struct align_early *early, size_t *next, struct align_entry *e)
{
	struct align_entry *x;

	if (!early->running || e->op != ALIGN_CHANGE || *next == early->count)
		return 0;
	x = &early->entry[*next];
	if (x->left_first != e->left_first || x->left_count != e->left_count ||
	    x->right_first != e->right_first || x->right_count != e->right_count)
		return 0;
	e->words = x->words;
	e->flags = x->flags;
	memset(&x->words, 0, sizeof(x->words));
	++*next;
	return 1;
}

static void
align_early_free(struct align_early *early)
{
	size_t k;

	for (k = 0; k < early->count; k++)
		worddiff_free(&early->entry[k].words);
	free(early->entry);
	free(early->todo);
}

/*
 * The word diff and flags of every change and move: from the memo for the
 * pairs it has seen, from the early start for the in-order changes of a
 * large one-run alignment, computed for the others (and then kept, unless
 * the memo serves this one run).
 */
static void
align_words(struct align_memo *memo, struct alignment *out, struct align_early *early)
{
	size_t k, *todo, todo_count = 0, next = 0;

	if (early->running) {
		align_finish_run(&early->job);
		work_join(&early->thread);
	}
	todo = xmalloc((out->entry_count ? out->entry_count : 1) * sizeof(*todo));
	for (k = 0; k < out->entry_count; k++) {
		struct align_entry *e = &out->entry[k];
		const struct align_words *w;

		if (e->op != ALIGN_CHANGE && e->op != ALIGN_MOVE)
			continue;
		if (align_early_take(early, &next, e))
			continue;
		w = memo->words_cap > 0 ? align_words_slot(memo, e) : NULL;
		if (w != NULL && w->used) {
			align_words_copy(&e->words, &w->words);
			e->flags = w->flags;
		} else {
			todo[todo_count++] = k;
		}
	}
	align_words_and_flags(&memo->view, out->entry, todo, todo_count);
	if (!memo->one_shot)
		for (k = 0; k < todo_count; k++)
			align_words_keep(memo, &out->entry[todo[k]]);
	free(todo);
}

/* ---- the memo: what does not depend on the threshold ---- */

/* The caller's step beside the alignment (align_run_keep_beside()), once. */
static void
align_memo_beside(struct align_memo *memo)
{
	void (*beside)(void *) = memo->beside;

	memo->beside = NULL;
	if (beside != NULL)
		beside(memo->beside_arg);
}

static struct align_memo *
align_memo_create(const struct comparison *cmp, int one_shot)
{
	struct align_memo *memo = xcalloc(1, sizeof(*memo));

	memo->view.side[0] = cmp->side[0];
	memo->view.side[1] = cmp->side[1];
	memo->view.table = cmp->table;
	memo->view.dense_cells = cmp->dense_cells;
	memo->view.thread_units = cmp->thread_units;
	memo->one_shot = one_shot;
	return memo;
}

struct align_memo *
align_memo_new(const struct comparison *cmp)
{
	struct align_memo *memo = align_memo_create(cmp, 0);
	size_t k;

	/* The pairs of the alignment at hand recur at the next threshold. */
	for (k = 0; k < cmp->entry_count; k++)
		if (cmp->entry[k].op == ALIGN_CHANGE || cmp->entry[k].op == ALIGN_MOVE)
			align_words_keep(memo, &cmp->entry[k]);
	return memo;
}

/* The inverted index of each side. */
static void *
align_indexes_run(void *arg)
{
	struct align_state *st = arg;
	size_t *stamp = xmalloc((st->vocabulary ? st->vocabulary : 1) * sizeof(*stamp));
	int s;

	for (s = 0; s < 2; s++)
		align_index_build(&st->index[s], st->cmp->table, s, st->tokens[s], st->count[s],
				  st->vocabulary, stamp);
	free(stamp);
	return NULL;
}

/* Weights, indexes, anchors and the candidates of every gap. */
static void
align_memo_prepare(struct align_memo *memo, double threshold)
{
	struct align_state *st = &memo->st;
	const struct comparison *cmp = &memo->view;
	size_t n = cmp->side[0].units.count, m = cmp->side[1].units.count;
	size_t i, k, most = 1;
	uint64_t *key[2];
	struct work thread;
	int s, indexing;

	memset(st, 0, sizeof(*st));
	st->memo = memo;
	st->cmp = cmp;
	/* Every candidate, for any threshold (align_chain() applies it), unless
	   the memo serves one run: then the gaps keep only what it needs. */
	st->threshold = memo->one_shot ? threshold : -1;
	for (s = 0; s < 2; s++) {
		st->tokens[s] = cmp->side[s].tokens;
		st->count[s] = cmp->side[s].units.count;
		for (i = 0; i < st->count[s]; i++)
			if (st->tokens[s][i].count > most)
				most = st->tokens[s][i].count;
	}
	st->vocabulary = tokens_table_size(cmp->table);
	/* The indexes in a second thread while this one weighs the tokens
	   and finds the anchors: neither reads what the other writes. */
	indexing = align_threaded(st) &&
		work_start(&thread, align_indexes_run, st, WORK_QUEUED);
	align_memo_beside(memo);
	if (!indexing)
		align_indexes_run(st);
	/* The table counted each token's units while tokenizing: no second
	   walk over every token of both sides. */
	st->sim = similarity_new(cmp->table, st->count[0], st->count[1]);
	align_scratch_new(st, most);
	for (s = 0; s < 2; s++) {
		st->unit_weight[s] = xmalloc((st->count[s] ? st->count[s] : 1) *
					     sizeof(*st->unit_weight[s]));
		for (i = 0; i < st->count[s]; i++)
			st->unit_weight[s][i] = -1;
	}

	/* Stage 1: anchors. */
	for (s = 0; s < 2; s++) {
		key[s] = xmalloc((st->count[s] ? st->count[s] : 1) * sizeof(*key[s]));
		for (i = 0; i < st->count[s]; i++)
			key[s][i] = align_key(&cmp->side[s], i);
	}
	lcs_run(key[0], n, key[1], m, align_anchor, st);
	free(key[0]);
	free(key[1]);
	memo->anchors = st->pairs;
	memset(&st->pairs, 0, sizeof(st->pairs));
	memo->anchor_right = xmalloc((n ? n : 1) * sizeof(*memo->anchor_right));
	memo->anchor_same = xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++)
		memo->anchor_right[i] = SIZE_MAX;
	for (k = 0; k < memo->anchors.count; k++) {
		const struct align_pair *p = &memo->anchors.pair[k];

		memo->anchor_right[p->left_first] = p->right_first;
		memo->anchor_same[p->left_first] =
			(unsigned char)align_surface_equal(cmp, p->left_first, p->right_first);
	}

	if (indexing)
		work_join(&thread);
	align_gaps(st, most);
	align_scratch_free(st);

	memo->move_first = xmalloc((m ? m : 1) * sizeof(*memo->move_first));
	for (i = 0; i < m; i++)
		memo->move_first[i] = SIZE_MAX;
	memo->move_count = xcalloc(m ? m : 1, 1);
	memo->move_complete = xcalloc(m ? m : 1, 1);

	/* Scratch space for align_chain(), sized for the largest gap. */
	i = memo->widest_gap ? memo->widest_gap : 1;
	if (st->cand_cap < i) {
		st->cand_cap = i;
		st->cand = xreallocarray(st->cand, st->cand_cap, sizeof(*st->cand));
	}
	st->order = xmalloc(i * sizeof(*st->order));
	st->keep = xmalloc(i * sizeof(*st->keep));
	st->fenwick_total = xmalloc((memo->widest_right + 1) * sizeof(*st->fenwick_total));
	st->fenwick_cand = xmalloc((memo->widest_right + 1) * sizeof(*st->fenwick_cand));
	memo->prepared = 1;
}

void
align_memo_free(struct align_memo *memo)
{
	struct align_state *st;
	size_t i;
	int s;

	if (memo == NULL)
		return;
	st = &memo->st;
	free(st->pairs.pair);
	free(st->probe);
	free(st->cand);
	free(st->order);
	free(st->keep);
	free(st->fenwick_total);
	free(st->fenwick_cand);
	free(st->hits);
	free(st->touched);
	free(st->hit);
	free(st->ids);
	for (s = 0; s < 3; s++) {
		free(st->part_count[s]);
		free(st->prefix[s]);
	}
	free(st->unit_weight[0]);
	free(st->unit_weight[1]);
	if (memo->prepared)
		for (s = 0; s < 2; s++)
			align_index_free(&st->index[s]);
	for (s = 0; s < 2; s++)
		free(st->best[s]);
	similarity_free(st->sim);
	free(memo->anchors.pair);
	free(memo->anchor_right);
	free(memo->anchor_same);
	free(memo->gap);
	free(memo->cand);
	free(memo->by_end);
	free(memo->move_first);
	free(memo->move_count);
	free(memo->move_complete);
	free(memo->move_hit);
	for (i = 0; i < memo->words_cap; i++)
		if (memo->words[i].used)
			worddiff_free(&memo->words[i].words);
	free(memo->words);
	free(memo);
}

void
align_compute(struct align_memo *memo, const struct align_options *options,
	      struct alignment *out)
{
	struct align_state *st = &memo->st;
	size_t m = memo->view.side[1].units.count, i, k;
	unsigned char *paired[2];
	struct align_moved *moved;
	struct align_early early;
	int s;

	/* A one-run memo (align_run()) is prepared for its threshold only. */
	if (!memo->prepared)
		align_memo_prepare(memo, options->threshold);
	memset(out, 0, sizeof(*out));
	out->options = *options;
	st->threshold = options->threshold;
	st->pairs.count = 0;

	/* Stage 2: the chain of each gap, then the anchor after it. */
	for (k = 0; k < memo->gap_count; k++) {
		align_chain(st, &memo->gap[k]);
		if (k < memo->anchors.count) {
			const struct align_pair *a = &memo->anchors.pair[k];

			align_pairs_push(&st->pairs, a->left_first, 1, a->right_first, 1, 1.0);
		}
	}

	align_context(st);
	align_early_start(memo, &early);

	/* Stage 4: moves among what is left (paired: 2 in order, 1 moved). */
	for (s = 0; s < 2; s++)
		paired[s] = xcalloc(st->count[s] ? st->count[s] : 1, 1);
	moved = xmalloc((m ? m : 1) * sizeof(*moved));
	for (k = 0; k < st->pairs.count; k++) {
		const struct align_pair *p = &st->pairs.pair[k];

		memset(paired[0] + p->left_first, 2, p->left_count);
		memset(paired[1] + p->right_first, 2, p->right_count);
	}
	if (options->moves)
		align_moves(st, paired, moved);
	/* From here paired[s][u] marks moved units only; in-order pairs are in st->pairs. */
	for (s = 0; s < 2; s++)
		for (i = 0; i < st->count[s]; i++)
			if (paired[s][i] == 2)
				paired[s][i] = 0;
	align_emit(st, paired, moved, out);
	free(moved);
	free(paired[0]);
	free(paired[1]);

	align_words(memo, out, &early);
	align_early_free(&early);
	/* summary_compute() reads the entries through a comparison: the memo's
	   own view of the sides, never the caller's comparison. */
	memo->view.entry = out->entry;
	memo->view.entry_count = out->entry_count;
	summary_compute(&memo->view);
	out->summary = memo->view.summary;
	memo->view.entry = NULL;
	memo->view.entry_count = 0;
}

void
comparison_swap_alignment(struct comparison *cmp, struct alignment *alignment)
{
	struct alignment held;

	held.entry = cmp->entry;
	held.entry_count = cmp->entry_count;
	held.options = cmp->options;
	held.summary = cmp->summary;
	cmp->entry = alignment->entry;
	cmp->entry_count = alignment->entry_count;
	cmp->options = alignment->options;
	cmp->summary = alignment->summary;
	*alignment = held;
}

static void
align_run_memo(struct comparison *cmp, int keep, void (*beside)(void *), void *arg)
{
	struct align_memo *memo = align_memo_create(cmp, 1);
	struct alignment alignment;

	memo->beside = beside;
	memo->beside_arg = arg;
	align_compute(memo, &cmp->options, &alignment);
	align_memo_beside(memo);	/* when nothing called it */
	align_memo_free(cmp->spent);
	cmp->spent = NULL;
	if (keep)
		cmp->spent = memo;
	else
		align_memo_free(memo);
	comparison_swap_alignment(cmp, &alignment);
	alignment_free(&alignment);
}

void
align_run(struct comparison *cmp)
{
	align_run_memo(cmp, 0, NULL, NULL);
}

void
align_run_keep(struct comparison *cmp)
{
	align_run_memo(cmp, 1, NULL, NULL);
}

void
align_run_keep_beside(struct comparison *cmp, void (*beside)(void *), void *arg)
{
	align_run_memo(cmp, 1, beside, arg);
}

int
align_identical(const struct comparison *cmp)
{
	size_t i;

	for (i = 0; i < cmp->entry_count; i++)
		if (cmp->entry[i].op != ALIGN_EQUAL)
			return 0;
	return 1;
}

/*
 * Segment and tokenize both sides.  The two sides are segmented at once
 * (the right in a second thread), each unit's bytes hashed as it is cut.
 * A right unit whose bytes an earlier unit has (in a rewrite about half
 * the right side's units are kept word for word) is not tokenized:
 * tokens_unit() reads nothing but a unit's bytes, so a copy of the earlier
 * unit's tokens serves.  Finding them (a set of the hashes, left then
 * right, checked byte for byte) is the second thread's, while this one
 * starts on the left side's tokens at once.  The units to tokenize, left
 * then right, are shared out as they go: this thread takes runs of them
 * from the front into the comparison's table, the second thread runs from
 * the back into a table of its own, until they meet, so both finish
 * together whatever the units cost.  Then this thread copies for the
 * units it tokenized while the second copies for its own, merges its
 * table with tokens_table_merge_lists() (which numbers the new tokens in
 * the order of the units, not the order the thread met them in) and
 * counts the frequencies of this thread's copies: a copy's memory and its
 * counting touch different parts of the table.  Copies add no token, so
 * ids, document frequencies and list hashes are exactly those of
 * tokenizing the left side then the right unit by unit, however the work
 * was shared.
 *
 * Units are numbered in one sequence g, left then right: unit g is
 * side[g >= left count], index g or g - left count.
 */
#define ALIGN_THREAD_BYTES 65536
/* Units taken at a time from either end. */
#define ALIGN_PREP_RUN 48

/*
 * The units seen so far by the hash of their bytes: per slot the high 32
 * bits of the hash above g + 1, so that a probe reads a unit only when
 * the hashes are likely equal; 0 when empty.
 */
struct align_unit_set {
	uint64_t *slot;
	size_t mask, count;
};

#define ALIGN_TAG_MASK 0xffffffff00000000ull

/* g + 1 fits in 32 bits: a unit holds at least one byte of its side. */
_Static_assert(2 * (uint64_t)TEXT_MAX_BYTES < UINT32_MAX, "unit numbers need 32 bits");

struct align_prep {
	struct comparison *cmp;
	enum segment_kind kind;
	uint64_t *hash[2];	/* of each unit's bytes */
	uint32_t *first;	/* per right unit: the g of the first unit with its bytes */
	/* The copies of unit f: copy[copy_start[f] .. copy_start[f + 1]). */
	uint32_t *copy_start, *copy;
	struct align_unit_set set;
	struct token_table *table;	/* the second thread's */

	/* Shared, under lock: */
	pthread_mutex_t lock;
	pthread_cond_t ready;
	int left_known;		/* the left side segmented */
	int right_known;	/* the right side segmented, first[] filled */
	int front_done;		/* this thread has tokenized its last unit */
	int back_done;		/* the second thread has tokenized its last unit */
	/* The merge: the second table's lists and the order of first use of
	 * its ids (the second thread's), the map of its ids (this thread's). */
	struct token_list **merge_list;
	size_t merge_count;
	uint32_t *order, *map;
	int map_done;
	size_t front, back;		/* the units not taken yet: [front, back) */
};

static int
align_prep_side(const struct align_prep *prep, size_t g, size_t *index)
{
	size_t left = prep->cmp->side[0].units.count;
	int s = g >= left;

	*index = s ? g - left : g;
	return s;
}

static uint32_t
align_prep_first_of(const struct align_prep *prep, size_t g)
{
	size_t left = prep->cmp->side[0].units.count;

	return g < left ? (uint32_t)g : prep->first[g - left];
}

/* Segment side s, each unit's bytes hashed as it is cut (in the cache). */
static void
align_prep_segment(struct align_prep *prep, int s, const struct text *text)
{
	struct side *side = &prep->cmp->side[s];
	size_t count;

	side->text = text;
	segment_text_hashed(text, prep->kind, &side->units, &prep->hash[s]);
	count = side->units.count;
	side->tokens = xcalloc(count ? count : 1, sizeof(*side->tokens));
}

/* Room for count units at load 3/4 at most (a probe reads a run of 8-byte slots). */
static void
align_unit_set_reserve(struct align_prep *prep, size_t count)
{
	struct align_unit_set *set = &prep->set;
	size_t mask = set->mask ? set->mask : 1023, k, j;
	uint64_t *slot;

	while (count * 4 > (mask + 1) * 3)
		mask = mask * 2 + 1;
	if (mask == set->mask)
		return;
	/* written, not calloc()ed: see tokens_slots_new() in tokens.c */
	slot = xreallocarray(NULL, mask + 1, sizeof(*slot));
	memset(slot, 0, (mask + 1) * sizeof(*slot));
	for (j = 0; j <= set->mask && set->slot != NULL; j++) {
		size_t i;
		int s;

		if (set->slot[j] == 0)
			continue;
		s = align_prep_side(prep, (uint32_t)set->slot[j] - 1, &i);
		for (k = (size_t)prep->hash[s][i] & mask; slot[k] != 0; k = (k + 1) & mask)
			;
		slot[k] = set->slot[j];
	}
	free(set->slot);
	set->slot = slot;
	set->mask = mask;
}

/*
 * The units of side s into the set (the left side's before the right's),
 * and for the right side first[]: the first unit with the same bytes,
 * checked byte for byte.
 * The set is sized for the left side and half as many right units (in a
 * rewrite about half the right side's units are new), grown if more come,
 * and each unit's slot is fetched a few units ahead: the probes miss the
 * caches.
 */
#define ALIGN_PREP_AHEAD 8

static void
align_prep_first(struct align_prep *prep, int s)
{
	struct side *side = &prep->cmp->side[s];
	size_t i, k, count = side->units.count, base = s ? prep->cmp->side[0].units.count : 0;
	struct align_unit_set *set = &prep->set;

	if (s)
		prep->first = xmalloc((count ? count : 1) * sizeof(*prep->first));
	align_unit_set_reserve(prep, s ? base + count / 2 : count + count / 2);
	for (i = 0; i < count; i++) {
		const struct unit *u = &side->units.unit[i];
		const char *bytes = side->text->bytes + u->offset;
		uint64_t h = prep->hash[s][i], tag = h & ALIGN_TAG_MASK, slot;

		if (i + ALIGN_PREP_AHEAD < count)
			__builtin_prefetch(&set->slot[(size_t)prep->hash[s][i + ALIGN_PREP_AHEAD] &
						      set->mask]);
		uint32_t first = (uint32_t)(base + i);

		for (k = (size_t)h & set->mask; (slot = set->slot[k]) != 0; k = (k + 1) & set->mask) {
			size_t j, o = (uint32_t)slot - 1;
			int t;
			const struct unit *v;

			if ((slot & ALIGN_TAG_MASK) != tag)
				continue;
			t = align_prep_side(prep, o, &j);
			v = &prep->cmp->side[t].units.unit[j];
			if (prep->hash[t][j] == h && v->length == u->length &&
			    memcmp(prep->cmp->side[t].text->bytes + v->offset, bytes, u->length) == 0) {
				first = (uint32_t)o;
				break;
			}
		}
		if (slot == 0) {
			set->slot[k] = tag | (base + i + 1);
			if (++set->count * 4 > (set->mask + 1) * 3)
				align_unit_set_reserve(prep, set->count * 2);
		}
		if (s)
			prep->first[i] = first;
	}
}

/* copy_start[] and copy[]: each unit's copies, found from first[]. */
static void
align_prep_index_copies(struct align_prep *prep)
{
	size_t left = prep->cmp->side[0].units.count, right = prep->cmp->side[1].units.count;
	size_t total = left + right, f, i, n = 0;

	prep->copy_start = xcalloc(total + 2, sizeof(*prep->copy_start));
	for (i = 0; i < right; i++)
		if (prep->first[i] != left + i) {
			prep->copy_start[prep->first[i] + 2]++;
			n++;
		}
	for (f = 2; f < total + 2; f++)
		prep->copy_start[f] += prep->copy_start[f - 1];
	prep->copy = xmalloc((n ? n : 1) * sizeof(*prep->copy));
	for (i = 0; i < right; i++)
		if (prep->first[i] != left + i)
			prep->copy[prep->copy_start[prep->first[i] + 1]++] = (uint32_t)(left + i);
}

/* Make the copies of the units [lo, hi) into table (which tokenized them). */
static void
align_prep_copy(struct align_prep *prep, struct token_table *table, size_t lo, size_t hi)
{
	struct comparison *cmp = prep->cmp;
	size_t f, k, i, j;
	int s, t;

	for (f = lo; f < hi; f++)
		for (k = prep->copy_start[f]; k < prep->copy_start[f + 1]; k++) {
			t = align_prep_side(prep, f, &j);
			s = align_prep_side(prep, prep->copy[k], &i);
			tokens_unit_copy(table, &cmp->side[t].tokens[j], cmp->side[t].units.unit[j].offset,
					 cmp->side[s].units.unit[i].offset, s, &cmp->side[s].tokens[i]);
		}
}

/*
 * Take the next run of units from the front (this thread) or the back
 * (the second): [*from, *to), or 0 when none is left.  The front waits
 * at the end of the left side until the right side's first[] is known.
 */
static int
align_prep_take(struct align_prep *prep, int back, size_t *from, size_t *to, int *known)
{
	size_t left = prep->cmp->side[0].units.count;
	int got = 0;

	pthread_mutex_lock(&prep->lock);
	if (back) {
		if (prep->front < prep->back) {
			*to = prep->back;
			*from = *to - prep->front > ALIGN_PREP_RUN ? *to - ALIGN_PREP_RUN : prep->front;
			prep->back = *from;
			got = 1;
		}
	} else {
		size_t end;

		while (!prep->right_known && prep->front >= left)
			pthread_cond_wait(&prep->ready, &prep->lock);
		end = prep->right_known ? prep->back : left;
		if (prep->front < end) {
			*from = prep->front;
			*to = end - *from > ALIGN_PREP_RUN ? *from + ALIGN_PREP_RUN : end;
			prep->front = *to;
			got = 1;
		}
	}
	*known = prep->right_known;
	pthread_mutex_unlock(&prep->lock);
	return got;
}

/*
 * Tokenize the units that are not copies from one end into table, each
 * run's copies made as soon as it is tokenized (while its tokens are in
 * the cache) once the copies are known; this thread makes the copies of
 * the runs it took before then when they are.
 */
static void
align_prep_tokenize(struct align_prep *prep, int back, struct token_table *table)
{
	struct comparison *cmp = prep->cmp;
	size_t from, to, g, i, copied = 0;
	int s, known;

	while (align_prep_take(prep, back, &from, &to, &known)) {
		if (known && copied < from && !back) {
			align_prep_copy(prep, table, copied, from);
			copied = from;
		}
		for (g = from; g < to; g++) {
			s = align_prep_side(prep, g, &i);
			if (align_prep_first_of(prep, g) == g)
				tokens_unit_stored(table, cmp->side[s].text, &cmp->side[s].units.unit[i],
						   s, &cmp->side[s].tokens[i]);
		}
		if (known) {
			align_prep_copy(prep, table, from, to);
			copied = to;
		}
	}
	if (!back) {
		pthread_mutex_lock(&prep->lock);
		to = prep->front;	/* the front is done: no unit is left */
		pthread_mutex_unlock(&prep->lock);
		align_prep_copy(prep, table, copied, to);
		pthread_mutex_lock(&prep->lock);
		prep->front_done = 1;
		pthread_cond_broadcast(&prep->ready);
		pthread_mutex_unlock(&prep->lock);
	}
}

/*
 * The second thread's table into the comparison's, in steps shared by the
 * two threads: the second walks its lists for the order in which they
 * first hold its tokens while this one looks its tokens up in the
 * comparison's table (which is in this thread's cache); this one then
 * adds the new ones in that order, and each rewrites half the lists.
 */
static void
align_prep_merge(struct align_prep *prep)
{
	struct comparison *cmp = prep->cmp;
	size_t total = cmp->side[0].units.count + cmp->side[1].units.count;
	size_t cut, g, i, n = 0, copies = 0, room;
	struct token_list **lists;
	uint32_t *order;
	int s;

	pthread_mutex_lock(&prep->lock);
	prep->back_done = 1;
	pthread_cond_broadcast(&prep->ready);
	while (!prep->front_done)
		pthread_cond_wait(&prep->ready, &prep->lock);
	cut = prep->front;
	pthread_mutex_unlock(&prep->lock);
	/*
	 * The second table's lists: its units in the order of the units,
	 * then their copies (filled from the end of the array).  A copy
	 * holds the tokens of an earlier unit of the same table, so it adds
	 * nothing to the order of first use, and the walk for that order
	 * need not read it (at 30k about a fifth of this thread's lists).
	 */
	room = total - cut + 1;
	lists = xmalloc(room * sizeof(*lists));
	for (g = cut; g < total; g++) {
		uint32_t f = align_prep_first_of(prep, g);

		if (f < cut)
			continue;
		s = align_prep_side(prep, g, &i);
		if (f == g)
			lists[n++] = &cmp->side[s].tokens[i];
		else
			lists[room - ++copies] = &cmp->side[s].tokens[i];
	}
	order = tokens_lists_first_use(prep->table, lists, n);
	memmove(lists + n, lists + room - copies, copies * sizeof(*lists));
	n += copies;
	pthread_mutex_lock(&prep->lock);
	prep->merge_list = lists;
	prep->merge_count = n;
	prep->order = order;
	pthread_cond_broadcast(&prep->ready);
	while (!prep->map_done)
		pthread_cond_wait(&prep->ready, &prep->lock);
	pthread_mutex_unlock(&prep->lock);
	tokens_lists_map(prep->map, lists + n / 2, n - n / 2);
}

/* This thread's steps of the merge. */
static void
align_prep_merge_front(struct align_prep *prep)
{
	uint32_t *map;

	pthread_mutex_lock(&prep->lock);
	while (!prep->back_done)
		pthread_cond_wait(&prep->ready, &prep->lock);
	pthread_mutex_unlock(&prep->lock);
	map = tokens_table_merge_find(prep->cmp->table, prep->table);
	pthread_mutex_lock(&prep->lock);
	while (prep->order == NULL)
		pthread_cond_wait(&prep->ready, &prep->lock);
	pthread_mutex_unlock(&prep->lock);
	tokens_table_merge_add(prep->cmp->table, prep->table, prep->order, map);
	pthread_mutex_lock(&prep->lock);
	prep->map = map;
	prep->map_done = 1;
	pthread_cond_broadcast(&prep->ready);
	pthread_mutex_unlock(&prep->lock);
	tokens_lists_map(map, prep->merge_list, prep->merge_count / 2);
}

/* The second thread: the right side, then units from the back. */
static void *
align_prep_second(void *arg)
{
	struct align_prep *prep = arg;
	size_t total;

	align_prep_segment(prep, 1, prep->cmp->side[1].text);
	pthread_mutex_lock(&prep->lock);
	while (!prep->left_known)
		pthread_cond_wait(&prep->ready, &prep->lock);
	pthread_mutex_unlock(&prep->lock);
	align_prep_first(prep, 0);
	align_prep_first(prep, 1);
	align_prep_index_copies(prep);
	total = prep->cmp->side[0].units.count + prep->cmp->side[1].units.count;
	pthread_mutex_lock(&prep->lock);
	prep->right_known = 1;
	prep->back = total;
	pthread_cond_broadcast(&prep->ready);
	pthread_mutex_unlock(&prep->lock);
	align_prep_tokenize(prep, 1, prep->table);
	align_prep_merge(prep);
	return NULL;
}

struct comparison *
comparison_new(const struct text *left, const struct text *right,
	       enum segment_kind kind, const struct align_options *options)
{
	struct comparison *cmp = comparison_prepare(left, right, kind, options);

	align_run(cmp);
	return cmp;
}

struct comparison *
comparison_prepare(const struct text *left, const struct text *right,
		   enum segment_kind kind, const struct align_options *options)
{
	struct comparison *cmp = xcalloc(1, sizeof(*cmp));
	struct align_prep prep;
	struct work thread;
	int s, threaded = 0;

	cmp->table = tokens_table_new();
	memset(&prep, 0, sizeof(prep));
	prep.cmp = cmp;
	prep.kind = kind;
	pthread_mutex_init(&prep.lock, NULL);
	pthread_cond_init(&prep.ready, NULL);
	cmp->side[1].text = right;
	if (left->length + right->length >= ALIGN_THREAD_BYTES) {
		tokens_init();
		segment_init();
		prep.table = tokens_table_new();
		threaded = work_start(&thread, align_prep_second, &prep, WORK_NOW);
		if (!threaded) {
			tokens_table_free(prep.table);
			prep.table = NULL;
		}
	}
	align_prep_segment(&prep, 0, left);
	pthread_mutex_lock(&prep.lock);
	prep.left_known = 1;
	pthread_cond_broadcast(&prep.ready);
	pthread_mutex_unlock(&prep.lock);
	if (!threaded) {
		align_prep_segment(&prep, 1, right);
		for (s = 0; s < 2; s++)
			align_prep_first(&prep, s);
		align_prep_index_copies(&prep);
		prep.right_known = 1;
		prep.back = cmp->side[0].units.count + cmp->side[1].units.count;
	}
	align_prep_tokenize(&prep, 0, cmp->table);
	if (threaded) {
		align_prep_merge_front(&prep);
		work_join(&thread);
		tokens_table_take_tokens(cmp->table, prep.table);
		tokens_table_free(prep.table);
		free(prep.merge_list);
		free(prep.order);
		free(prep.map);
	}
	for (s = 0; s < 2; s++)
		free(prep.hash[s]);
	free(prep.first);
	free(prep.copy_start);
	free(prep.copy);
	free(prep.set.slot);
	pthread_mutex_destroy(&prep.lock);
	pthread_cond_destroy(&prep.ready);
	cmp->options = *options;
	return cmp;
}

void
comparison_realign(struct comparison *cmp, const struct align_options *options)
{
	struct align_memo *memo = align_memo_new(cmp);
	struct alignment alignment;

	align_compute(memo, options, &alignment);
	align_memo_free(memo);
	comparison_swap_alignment(cmp, &alignment);
	alignment_free(&alignment);
}

void
comparison_free(struct comparison *cmp)
{
	struct alignment held;
	int s;

	if (cmp == NULL)
		return;
	memset(&held, 0, sizeof(held));
	comparison_swap_alignment(cmp, &held);
	alignment_free(&held);
	align_memo_free(cmp->spent);
	/* The token arrays live in cmp->table's store. */
	for (s = 0; s < 2; s++) {
		free(cmp->side[s].tokens);
		segment_free(&cmp->side[s].units);
	}
	tokens_table_free(cmp->table);
	free(cmp);
}
