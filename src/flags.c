/*
 * flags: the fact-check signals of a change or move pair.
 *
 * Idea: read both halves of the pair from the source bytes (not from the
 * comparison tokens, whose normalisation may change and which drop the
 * punctuation we need: quote marks, "%", sentence ends), cut them into
 * words with a small lexer that remembers, for each word, whether it is
 * capitalised, sentence-initial, inside a quotation and glued to the word
 * before it; then derive five comparable features per side and compare:
 *
 *   number       multiset of normalised values: "1.3 million" = "1,300,000",
 *                "five" = "5", "2.5%" = "2.5 per cent", "$3bn" = "3 billion";
 *                months and weekdays are values of their own kind, so a
 *                changed date flags too; figures inside Han or kana words
 *                are read out of them (30亿 = 三十亿 = 3000000000);
 *   quote        the words inside quotation marks, in order, case folded:
 *                a change of quote-mark style alone leaves them equal;
 *   attribution  the set of reporting verbs by lemma (said = says) and the
 *                named speakers next to them (a pronoun matches any name);
 *   negation     the count of negators (not, n't, never, no, without, ...,
 *                and a few French, German, Spanish, Italian, Dutch ones);
 *   name         capitalised word runs, minus function words and honorifics;
 *                a run that opens a sentence is only weak evidence (it may
 *                be capitalised for its position alone) unless it is an
 *                acronym, has two names or is a speaker, so it may cover a
 *                name of the other side but is never required by it.  A name
 *                is covered when the other side has a run whose words
 *                contain its words or are contained in them ("Peskov" and
 *                "Dmitry Peskov"), or has all its words somewhere.  "U.S.",
 *                "US", "USA" and "United States" are one name.
 *
 * Sources: the flag list is issue 8; the number-word parser is the usual
 * accumulator (units, tens, "hundred" multiplies, scales flush); the
 * smart-quote rule (a mark after a space opens, before a space closes) is
 * what typographic quote converters use.
 *
 * Speed: a pair whose halves are one text (most moves) is not read.  Most
 * words are ASCII letters and digits between spaces; the lexer reads runs
 * of those in one tight loop (lex_plain_words(), a word's sixteen bytes at
 * once with SSE2, its lexicon slot hashed from its length and first
 * sixteen bytes) and every other word the careful way.  As it goes it
 * notes what each side holds (lexicon
 * classes, quote marks, apostrophes, figures) and lists the words that can
 * open a name or a figure: a kind whose inputs neither side holds is not
 * compared (its features are empty on both sides), and the name and number
 * passes jump from listed word to listed word.  A reference scratch
 * (flags_scratch_new_reference()) turns all of that off for the tests.
 *
 * Invariants: flags_entry() is a pure function of the pair's bytes: of
 * its units and, past a word, the spaces and the character after it; a
 * side compared with an identical copy of itself raises no flag; the
 * reference and the fast path agree.
 *
 * Cost: O(bytes of the pair) for the lexer, plus O(names^2) and
 * O(numbers^2) per pair, both tiny for sentences.  Memory is a word array
 * per side, kept in the scratch from pair to pair.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "flags.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct fword {
	/* 48 bytes, written whole for each word: offsets and lengths in 32
	   bits hold any TEXT_MAX_BYTES text and its folds, classes in 16,
	   the yes/no facts in one integer (FW_*) */
	char *fold;		/* NFKC + case folded, ’ -> ', dots dropped (not in numbers) */
	char *name;		/* name_form() of fold */
	const char *lemma;	/* of a reporting verb (LEX_REPORTING), else NULL */
	uint32_t offset, length;	/* source span in text->bytes */
	uint32_t unit;		/* index of the unit within the pair's side */
	uint32_t fold_length;	/* strlen(fold) */
	uint16_t classes;	/* LEX_* of fold */
	uint16_t name_classes;	/* LEX_* of name (capitalised words) */
	uint16_t bits;		/* FW_*: one integer, put together in a register */
};

/*
 * The facts of struct fword's bits.  FW_CAP, FW_DIGIT and FW_INNERCAP sit
 * where scan_plain_word() finds them (PLAIN_CAPITAL and PLAIN_DIGIT of the
 * first byte, PLAIN_CAPITAL of the others shifted by 8), so that it takes
 * them with one mask (asserted after the PLAIN_*).
 */
enum {
	FW_ALLCAPS = 1u << 0,	/* two letters or more, all upper case: NATO, U.S. */
	FW_INITIAL = 1u << 1,	/* opens a sentence, a quotation or a line label */
	FW_CAP = 1u << 2,	/* first letter upper case */
	FW_QUOTED = 1u << 3,	/* inside quotation marks */
	FW_DIGIT = 1u << 4,	/* starts with a digit */
	FW_GLUED = 1u << 5,	/* only white space since the previous word */
	FW_TITLED = 1u << 6,	/* in a unit written in title case (a headline) */
	FW_HYPHEN = 1u << 7,	/* fold holds a '-' */
	FW_CJK = 1u << 8,	/* fold may hold Han or kana (may_hold_cjk()) */
	FW_INNERCAP = 1u << 10	/* an upper-case letter after the first: McCain */
};

/*
 * The fold and name strings of a side's words live in blocks that are
 * freed together with the side: two strings per word would otherwise be
 * two malloc() and two free() calls per word of every pair.
 */
struct fblock {
	struct fblock *next;
	size_t used, size;
	char data[];
};

#define FBLOCK_SIZE 4096

/*
 * What a side's words hold, gathered as they are read: a flag kind whose
 * inputs no word of either side holds is known equal without its pass
 * (flags_entry_scratch()).
 */
enum {
	SIDE_QUOTE = 1u << 0,		/* a quote mark was read: words may be quoted */
	SIDE_APOSTROPHE = 1u << 1,	/* a fold holds '\'': n't, n'est */
	SIDE_FIGURE = 1u << 2		/* a word starts with a digit, holds a hyphen or may hold CJK */
};

struct fside {
	const char *bytes;
	struct fword *word;
	size_t count, cap;
	struct fblock *block;
	unsigned seen;		/* LEX_* of every word's fold, or-ed */
	unsigned marks;		/* SIDE_* */
	int general;		/* no ASCII fast path: the tests' reference */
	/*
	 * The words a pass starts at, in order, so that it steps over the
	 * others: PICK_NAME name candidates (collect_names()), PICK_NUMBER
	 * words that may open a figure or a date (collect_numbers()),
	 * PICK_CLAUSE reporting verbs, negators and folds with an apostrophe
	 * (collect_attribution(), count_negators()).
	 */
	uint32_t *pick[3];
	size_t pick_count[3], pick_cap[3];
};

enum { PICK_NAME, PICK_NUMBER, PICK_CLAUSE, PICK_LISTS };

static void
side_pick(struct fside *fs, int list, size_t word)
{
	if (fs->pick_count[list] == fs->pick_cap[list]) {
		fs->pick_cap[list] = fs->pick_cap[list] ? fs->pick_cap[list] * 2 : 16;
		fs->pick[list] = xreallocarray(fs->pick[list], fs->pick_cap[list],
					       sizeof(*fs->pick[list]));
	}
	fs->pick[list][fs->pick_count[list]++] = (uint32_t)word;
}

/* Room for n + 1 bytes at the end of the side's current block. */
static struct fblock *
side_room(struct fside *fs, size_t n)
{
	struct fblock *b = fs->block;

	if (b == NULL || b->size - b->used < n + 1) {
		size_t size = n + 1 > FBLOCK_SIZE / 4 ? n + 1 : FBLOCK_SIZE;

		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		/* A long string's own block goes behind the current one, which
		 * keeps its room for the short strings to come. */
		if (size != FBLOCK_SIZE && fs->block != NULL) {
			b->next = fs->block->next;
			fs->block->next = b;
		} else {
			b->next = fs->block;
			fs->block = b;
		}
	}
	return b;
}

/* A NUL-terminated copy of s[0 .. n) that lives as long as the side. */
static char *
side_store(struct fside *fs, const char *s, size_t n)
{
	struct fblock *b = side_room(fs, n);
	char *copy;

	copy = b->data + b->used;
	memcpy(copy, s, n);
	copy[n] = '\0';
	b->used += n + 1;
	return copy;
}

/* ---- tables ---------------------------------------------------------- */

static int
in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Words that are capitalised for their position, not because they name
 * something: function words, sentence adverbs, pronouns, and the bare
 * plural subjects of news sentences ("Officials said").
 */
static const char *const stop_words[] = {
	"a", "an", "the", "and", "or", "but", "nor", "so", "yet", "for", "of",
	"in", "on", "at", "to", "from", "by", "with", "without", "within",
	"into", "onto", "upon", "about", "above", "below", "after", "before",
	"during", "since", "until", "till", "through", "throughout", "across",
	"against", "among", "amid", "around", "behind", "beyond", "despite",
	"except", "inside", "outside", "over", "under", "via", "than", "as",
	"if", "when", "whenever", "where", "wherever", "while", "whereas",
	"because", "although", "though", "unless", "whether", "once", "then",
	"there", "here", "this", "that", "these", "those", "it", "its", "it's",
	"he", "him", "his", "she", "her", "hers", "they", "them", "their",
	"we", "us", "our", "you", "your", "i", "me", "my", "i'm", "i've",
	"i'll", "i'd", "who", "whom", "whose", "which", "what", "why", "how",
	"all", "any", "both", "each", "every", "few", "many", "most", "much",
	"more", "less", "some", "such", "no", "not", "none", "only", "own",
	"same", "other", "another", "also", "too", "very", "just", "still",
	"even", "ever", "never", "now", "today", "yesterday", "tomorrow",
	"tonight", "however", "meanwhile", "moreover", "furthermore",
	"nevertheless", "nonetheless", "therefore", "thus", "hence",
	"instead", "otherwise", "besides", "indeed", "perhaps", "maybe",
	"already", "again", "always", "often", "sometimes", "soon", "later",
	"earlier", "first", "second", "third", "last", "next", "finally",
	"initially", "overall", "recently", "currently", "previously",
	"afterwards", "eventually", "similarly", "likewise", "additionally",
	"consequently", "accordingly", "notably", "importantly", "separately",
	"according", "following", "given", "including", "regarding", "yes",
	"oh", "well", "like", "unlike", "several", "is", "are", "was", "were",
	"be", "been", "have", "has", "had", "do", "does", "did", "will",
	"would", "shall", "should", "can", "could", "may", "might", "must",
	"let", "there's", "here's", "that's", "what's", "read", "photo",
	"photograph", "update", "updated", "note", "editor's", "watch",
	"related", "analysis", "opinion", "exclusive", "breaking", "live",
	"video", "credit", "caption", "image", "file", "correction",
	"disclaimer", "summary", "background", "context", "warning",
	"officials", "analysts", "critics", "experts", "police",
	"residents", "witnesses", "sources", "authorities", "prosecutors",
	"investigators", "scientists", "researchers", "doctors", "lawmakers",
	"leaders", "voters", "protesters", "citizens", "people", "others",
	"students", "teachers", "parents", "workers", "employees", "users",
	"companies", "governments", "countries", "reports", "studies", "data",
	"results", "figures", "prices", "investors", "economists",
};

/* Titles that stand before a name and are not the name. */
static const char *const honorifics[] = {
	"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady",
	"st", "gen", "col", "lt", "capt", "sgt", "sen", "rep", "gov", "rev",
	"jr", "sr", "messrs", "mme", "mlle", "herr", "frau", "sr", "sra",
};

/* Abbreviations whose full stop does not end a sentence (beside honorifics). */
static const char *const dot_words[] = {
	"no", "vs", "v", "etc", "approx", "inc", "corp", "co", "ltd", "jan",
	"feb", "aug", "sept", "sep", "oct", "nov", "dec", "fig", "vol", "ca",
};

/* Reporting verbs: inflected form, then lemma.  "according" is "according to". */
static const char *const reporting_verbs[][2] = {
	{ "say", "say" }, { "says", "say" }, { "said", "say" }, { "saying", "say" },
	{ "tell", "tell" }, { "tells", "tell" }, { "told", "tell" }, { "telling", "tell" },
	{ "claim", "claim" }, { "claims", "claim" }, { "claimed", "claim" },
	{ "claiming", "claim" },
	{ "affirm", "affirm" }, { "affirms", "affirm" }, { "affirmed", "affirm" },
	{ "affirming", "affirm" },
	{ "admit", "admit" }, { "admits", "admit" }, { "admitted", "admit" },
	{ "admitting", "admit" },
	{ "states", "state" }, { "stated", "state" }, { "stating", "state" },
	{ "insist", "insist" }, { "insists", "insist" }, { "insisted", "insist" },
	{ "insisting", "insist" },
	{ "assert", "assert" }, { "asserts", "assert" }, { "asserted", "assert" },
	{ "asserting", "assert" },
	{ "argue", "argue" }, { "argues", "argue" }, { "argued", "argue" },
	{ "arguing", "argue" },
	{ "contend", "contend" }, { "contends", "contend" }, { "contended", "contend" },
	{ "maintains", "maintain" }, { "maintained", "maintain" },
	{ "allege", "allege" }, { "alleges", "allege" }, { "alleged", "allege" },
	{ "acknowledge", "acknowledge" }, { "acknowledges", "acknowledge" },
	{ "acknowledged", "acknowledge" }, { "acknowledging", "acknowledge" },
	{ "concede", "concede" }, { "concedes", "concede" }, { "conceded", "concede" },
	{ "conceding", "concede" },
	{ "confirm", "confirm" }, { "confirms", "confirm" }, { "confirmed", "confirm" },
	{ "confirming", "confirm" },
	{ "deny", "deny" }, { "denies", "deny" }, { "denied", "deny" },
	{ "denying", "deny" },
	{ "declare", "declare" }, { "declares", "declare" }, { "declared", "declare" },
	{ "announce", "announce" }, { "announces", "announce" },
	{ "announced", "announce" },
	{ "explain", "explain" }, { "explains", "explain" }, { "explained", "explain" },
	{ "explaining", "explain" },
	{ "notes", "note" }, { "noted", "note" }, { "noting", "note" },
	{ "adds", "add" }, { "added", "add" }, { "adding", "add" },
	{ "warn", "warn" }, { "warns", "warn" }, { "warned", "warn" },
	{ "stresses", "stress" }, { "stressed", "stress" }, { "stressing", "stress" },
	{ "emphasize", "emphasize" }, { "emphasizes", "emphasize" },
	{ "emphasized", "emphasize" }, { "emphasizing", "emphasize" },
	{ "emphasise", "emphasize" }, { "emphasises", "emphasize" },
	{ "emphasised", "emphasize" }, { "emphasising", "emphasize" },
	{ "reiterate", "reiterate" }, { "reiterates", "reiterate" },
	{ "reiterated", "reiterate" }, { "reiterating", "reiterate" },
	{ "suggest", "suggest" }, { "suggests", "suggest" }, { "suggested", "suggest" },
	{ "remarked", "remark" }, { "commented", "comment" },
	{ "replied", "reply" }, { "replies", "reply" }, { "responded", "respond" },
	{ "wrote", "write" }, { "writes", "write" }, { "reported", "report" },
	{ "accused", "accuse" }, { "accuses", "accuse" },
	{ "asked", "ask" }, { "asks", "ask" }, { "urged", "urge" }, { "urges", "urge" },
	{ "predicted", "predict" }, { "predicts", "predict" },
	{ "observed", "observe" }, { "recalled", "recall" }, { "recalls", "recall" },
	{ "revealed", "reveal" }, { "reveals", "reveal" },
	{ "disclosed", "disclose" }, { "boasted", "boast" },
	{ "complained", "complain" }, { "complains", "complain" },
	{ "tweeted", "tweet" }, { "according", "according" },
};

static const char *const pronouns[] = {
	"he", "she", "they", "we", "i", "it", "you", "who", "which",
};

/* Negators; words ending in n't are negators too, and French n' + verb. */
static const char *const negators[] = {
	"not", "no", "never", "without", "none", "nobody", "nothing", "neither",
	"nor", "cannot", "nowhere", "noone",
	/* French, German, Spanish/Portuguese, Italian, Dutch */
	"ne", "jamais", "aucun", "aucune", "rien", "nicht", "kein", "keine",
	"keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts",
	"ohne", "nunca", "nadie", "ninguno", "ninguna", "tampoco", "não",
	"nenhum", "non", "senza", "nessuno", "niente", "niet", "geen", "nooit",
};

/* Multi-word names folded to one: the run's words, then the canonical word. */
static const char *const aliases[][3] = {
	{ "united", "states", "us" }, { "united", "kingdom", "uk" },
	{ "great", "britain", "uk" }, { "united", "nations", "un" },
	{ "european", "union", "eu" },
};
static const char *const alias_words[][2] = {
	{ "usa", "us" }, { "america", "us" }, { "american", "us" },
	{ "americans", "us" }, { "britain", "uk" }, { "british", "uk" },
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};
static const struct {
	const char *word;
	int month;
} month_abbrevs[] = {
	{ "jan", 1 }, { "feb", 2 }, { "apr", 4 }, { "aug", 8 }, { "sept", 9 },
	{ "sep", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
};
static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
};

static const char *const small_numbers[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen",
};
static const char *const tens[] = {
	"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
	"ninety",
};

/* Scale words, spelled or abbreviated, standing alone after a number. */
static const struct {
	const char *word;
	double value;
} scales[] = {
	{ "thousand", 1e3 }, { "million", 1e6 }, { "millions", 1e6 },
	{ "mn", 1e6 }, { "billion", 1e9 }, { "billions", 1e9 }, { "bn", 1e9 },
	{ "trillion", 1e12 }, { "tn", 1e12 }, { "lakh", 1e5 },
	{ "lakhs", 1e5 }, { "crore", 1e7 }, { "crores", 1e7 },
};
static const char *const multipliers[] = { "hundred", "dozen" };

static const char *const modals[] = {
	"would", "could", "may", "might", "should", "can", "will", "must",
	"shall",
};

/* Words before a verb form that make it an adjective or a noun: "the stated aim". */
static const char *const not_subjects[] = {
	"the", "a", "an", "all", "these", "those", "this", "that", "its", "their",
	"his", "her", "our", "your", "my", "certain", "several", "many", "some",
	"other", "of", "in", "on", "at", "for", "by", "with", "from", "to",
	"being", "and", "or", "but", "so", "previously", "above", "below",
};

/*
 * The lexicon: every word of the lists above in one hash table, with the
 * classes it belongs to, so that each word of a pair is looked up once
 * (add_word) instead of being compared with hundreds of strings.  Built on
 * first use; artcmp is single-threaded.
 */
enum lexicon_class {
	LEX_STOP = 1u << 0,
	LEX_HONORIFIC = 1u << 1,
	LEX_DOT = 1u << 2,		/* its full stop ends no sentence */
	LEX_PRONOUN = 1u << 3,
	LEX_NEGATOR = 1u << 4,
	LEX_MODAL = 1u << 5,
	LEX_NOT_SUBJECT = 1u << 6,
	LEX_DATE = 1u << 7,		/* month or weekday: a number, not a name */
	LEX_NUMBER = 1u << 8,		/* a spelled number or a scale word */
	LEX_REPORTING = 1u << 9,
	LEX_SCALE = 1u << 10,		/* a scale word, "hundred" or "dozen": "a million" */
	LEX_A = 1u << 11,		/* "a" and "an", which may open one */
	LEX_ALIAS = 1u << 12		/* an alias word: name_form() renames it */
};

struct lexicon_slot {
	uint64_t head[2];		/* lexicon_head() of word; {0, 0} when empty */
	const char *word;
	const char *lemma;		/* of a reporting verb */
	uint32_t length;		/* strlen(word) */
	unsigned classes;
};

#define LEXICON_SLOTS 2048		/* a power of two, over twice the words */

static struct lexicon_slot lexicon[LEXICON_SLOTS];
static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;

/*
 * A word's head: its first 16 bytes, zero padded, as two integers.  No
 * word holds a NUL byte, so the head of a word of up to 16 bytes tells it
 * from any other word, and no word's head is {0, 0}, an empty slot's.
 * The plain-word path takes it from the register it scanned the word in
 * (scan_plain_word16()).
 */
static inline void
lexicon_head(const char *word, size_t length, uint64_t head[2])
{
	char pad[16] = { 0 };

	memcpy(pad, word, length < sizeof(pad) ? length : sizeof(pad));
	memcpy(head, pad, sizeof(pad));
}

/* One multiply mixes the head; the high half is the hash. */
static inline size_t
lexicon_index(const uint64_t head[2])
{
	uint64_t x = (head[0] ^ head[1] * 0x9e3779b97f4a7c15u) * 0xd6e8feb86659fd93u;

	return (size_t)(x >> 32) & (LEXICON_SLOTS - 1);
}

/*
 * The slot of a word of known length and head (lexicon_head()), or the
 * empty slot that ends its probe: the head is the whole compare for a
 * word of up to 16 bytes; a longer one compares its length and the bytes
 * past the head.
 */
static inline __attribute__((always_inline)) struct lexicon_slot *
lexicon_slot_sized(const char *word, size_t length, const uint64_t head[2])
{
	size_t i = lexicon_index(head), k;

	for (;; i = (i + 1) & (LEXICON_SLOTS - 1)) {
		const struct lexicon_slot *slot = &lexicon[i];

		if (slot->head[0] == head[0] && slot->head[1] == head[1]) {
			if (length <= 16)
				break;
			if (slot->length == length) {
				for (k = 16; k < length && slot->word[k] == word[k]; k++)
					;
				if (k >= length)
					break;
			}
		}
		if (slot->head[0] == 0)		/* empty */
			break;
	}
	return &lexicon[i];
}

static struct lexicon_slot *
lexicon_slot_length(const char *word, size_t length)
{
	uint64_t head[2];

	lexicon_head(word, length, head);
	return lexicon_slot_sized(word, length, head);
}

static struct lexicon_slot *
lexicon_slot(const char *word)
{
	return lexicon_slot_length(word, strlen(word));
}

static void
lexicon_put(const char *word, unsigned classes)
{
	struct lexicon_slot *slot = lexicon_slot(word);

	slot->word = word;
	slot->length = (uint32_t)strlen(word);
	lexicon_head(word, slot->length, slot->head);
	slot->classes |= classes;
}

static void
lexicon_add(const char *const *words, size_t n, unsigned classes)
{
	size_t i;

	for (i = 0; i < n; i++)
		lexicon_put(words[i], classes);
}

static void ascii_classes_build(void);

static void
lexicon_build(void)
{
	size_t i;

	lexicon_add(stop_words, ARRAY_SIZE(stop_words), LEX_STOP);
	lexicon_add(honorifics, ARRAY_SIZE(honorifics), LEX_HONORIFIC);
	lexicon_add(dot_words, ARRAY_SIZE(dot_words), LEX_DOT);
	lexicon_add(pronouns, ARRAY_SIZE(pronouns), LEX_PRONOUN);
	lexicon_add(negators, ARRAY_SIZE(negators), LEX_NEGATOR);
	lexicon_add(modals, ARRAY_SIZE(modals), LEX_MODAL);
	lexicon_add(not_subjects, ARRAY_SIZE(not_subjects), LEX_NOT_SUBJECT);
	lexicon_add(months, ARRAY_SIZE(months), LEX_DATE);
	lexicon_add(weekdays, ARRAY_SIZE(weekdays), LEX_DATE);
	lexicon_add(small_numbers, ARRAY_SIZE(small_numbers), LEX_NUMBER);
	lexicon_add(tens, ARRAY_SIZE(tens), LEX_NUMBER);
	for (i = 0; i < ARRAY_SIZE(month_abbrevs); i++)
		lexicon_add(&month_abbrevs[i].word, 1, LEX_DATE);
	for (i = 0; i < ARRAY_SIZE(scales); i++)
		lexicon_add(&scales[i].word, 1, LEX_SCALE);
	lexicon_add(multipliers, ARRAY_SIZE(multipliers), LEX_SCALE);
	lexicon_put("a", LEX_A);
	lexicon_put("an", LEX_A);
	for (i = 0; i < ARRAY_SIZE(alias_words); i++)
		lexicon_put(alias_words[i][0], LEX_ALIAS);
	for (i = 0; i < ARRAY_SIZE(reporting_verbs); i++) {
		lexicon_put(reporting_verbs[i][0], LEX_REPORTING);
		lexicon_slot(reporting_verbs[i][0])->lemma = reporting_verbs[i][1];
	}
	ascii_classes_build();
}

void
flags_init(void)
{
	pthread_once(&lexicon_once, lexicon_build);
}

/* Only after flags_init(). */
static const struct lexicon_slot *
lexicon_find(const char *word)
{
	return lexicon_slot(word);
}

static unsigned
lexicon_classes(const char *word)
{
	return lexicon_find(word)->classes;
}

/* Scale words, spelled or abbreviated, standing alone after a number. */
static double
scale_word(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scales); i++)
		if (scales[i].word[0] == s[0] && strcmp(s, scales[i].word) == 0)
			return scales[i].value;
	return 0;
}

/* ---- lexer ----------------------------------------------------------- */

static ucs4_t
peek(const char *bytes, size_t pos, size_t end, int *len)
{
	ucs4_t c;
	int n;

	if (pos >= end) {
		*len = 0;
		return 0;
	}
	n = u8_mbtouc(&c, (const uint8_t *)bytes + pos, end - pos);
	*len = n > 0 ? n : 1;
	return c;
}

/* The code point ending just before pos (0 at start). */
static ucs4_t
peek_back(const char *bytes, size_t start, size_t pos)
{
	const uint8_t *prev;
	ucs4_t c;

	if (pos <= start)
		return 0;
	prev = u8_prev(&c, (const uint8_t *)bytes + pos, (const uint8_t *)bytes + start);
	return prev != NULL ? c : 0;
}

/*
 * The character classes the lexer asks about every character.  For ASCII
 * they come from a table that ascii_classes_build() fills by calling the
 * very predicates below on each of the 128 code points, so the fast path
 * answers exactly what libunistring would, without a call per byte.
 */
enum {
	CHAR_WORD = 1 << 0,	/* is_word_char */
	CHAR_SPACE = 1 << 1,	/* is_space */
	CHAR_ALPHA = 1 << 2,	/* uc_is_alpha */
	CHAR_ALNUM = 1 << 3,	/* uc_is_alnum */
	CHAR_DIGIT = 1 << 4,	/* uc_is_digit */
	CHAR_UPPER = 1 << 5,	/* uc_is_upper or title case */
	CHAR_PUNCT = 1 << 6	/* uc_is_punct */
};

static uint8_t ascii_class[128];
/* ASCII characters with a part in lex_side() beside glue: quote marks,
 * sentence ends, the label marks "|" and ":". */
static uint8_t ascii_marks[128];
/* By first letter, the lengths (bit n: n bytes) of the alias_words, the
 * only folds name_form() renames: most words are turned away at once. */
static uint32_t alias_lengths[256];

/*
 * For scan_plain_word(), by byte (0 for every byte of 0x80 and over): the
 * classes it needs, each the exact combination of ascii_class[] bits that
 * scan_ascii_word() tests, and the fold of the byte.
 */
enum {
	PLAIN_WORD = 1 << 0,	/* CHAR_WORD */
	PLAIN_LETTER = 1 << 1,	/* CHAR_ALPHA */
	PLAIN_CAPITAL = 1 << 2,	/* CHAR_ALPHA and CHAR_UPPER */
	PLAIN_SMALL = 1 << 3,	/* CHAR_ALPHA, not CHAR_UPPER */
	PLAIN_DIGIT = 1 << 4,	/* CHAR_DIGIT */
	PLAIN_END = 1 << 5	/* ends a word whatever is around: not a word
				   character, not ' - . , */
};
static uint8_t plain_class[256];
static uint8_t plain_fold[256];

/* scan_plain_word() takes these three from its classes as they are */
_Static_assert((unsigned)FW_CAP == PLAIN_CAPITAL && (unsigned)FW_DIGIT == PLAIN_DIGIT &&
	       (unsigned)FW_INNERCAP == (unsigned)PLAIN_CAPITAL << 8,
	       "struct fword bits where PLAIN_* are");

static int
word_char_slow(ucs4_t c)
{
	return c != 0 && (uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M));
}

static int
space_slow(ucs4_t c)
{
	return c == 0 || uc_is_space(c) || c == 0xa0 || c == 0x202f;
}

static int
upper_slow(ucs4_t c)
{
	return uc_is_upper(c) || uc_is_general_category(c, UC_CATEGORY_Lt);
}

static int quote_class_of(ucs4_t c);
static int sentence_end_char(ucs4_t c);

static void
ascii_classes_build(void)
{
	ucs4_t c;
	size_t i;

	for (c = 0; c < 0x80; c++)
		ascii_marks[c] = quote_class_of(c) || sentence_end_char(c) || c == '|' || c == ':';
	for (i = 0; i < ARRAY_SIZE(alias_words); i++)
		alias_lengths[(uint8_t)alias_words[i][0][0]] |= 1u << strlen(alias_words[i][0]);

	for (c = 0; c < 0x80; c++)
		ascii_class[c] = (uint8_t)((word_char_slow(c) ? CHAR_WORD : 0) |
					   (space_slow(c) ? CHAR_SPACE : 0) |
					   (uc_is_alpha(c) ? CHAR_ALPHA : 0) |
					   (uc_is_alnum(c) ? CHAR_ALNUM : 0) |
					   (uc_is_digit(c) ? CHAR_DIGIT : 0) |
					   (upper_slow(c) ? CHAR_UPPER : 0) |
					   (uc_is_punct(c) ? CHAR_PUNCT : 0));
	for (c = 0; c < 0x80; c++) {
		unsigned cls = ascii_class[c];

		plain_class[c] = (uint8_t)(((cls & CHAR_WORD) ? PLAIN_WORD : 0) |
					   ((cls & CHAR_ALPHA) ? PLAIN_LETTER : 0) |
					   ((cls & CHAR_ALPHA) && (cls & CHAR_UPPER) ? PLAIN_CAPITAL : 0) |
					   ((cls & CHAR_ALPHA) && !(cls & CHAR_UPPER) ? PLAIN_SMALL : 0) |
					   ((cls & CHAR_DIGIT) ? PLAIN_DIGIT : 0) |
					   (!(cls & CHAR_WORD) && c != '\'' && c != '-' && c != '.' &&
					    c != ',' ? PLAIN_END : 0));
		plain_fold[c] = (uint8_t)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
}

static int
is_word_char(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_WORD) != 0 : word_char_slow(c);
}

static int
is_space(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_SPACE) != 0 : space_slow(c);
}

static int
is_alpha(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_ALPHA) != 0 : uc_is_alpha(c);
}

static int
is_alnum(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_ALNUM) != 0 : uc_is_alnum(c);
}

static int
is_digit(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_DIGIT) != 0 : uc_is_digit(c);
}

static int
is_upper(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_UPPER) != 0 : upper_slow(c);
}

static int
is_punct(ucs4_t c)
{
	return c < 0x80 ? (ascii_class[c] & CHAR_PUNCT) != 0 : uc_is_punct(c);
}

static int
is_apostrophe(ucs4_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

static int
is_hyphen(ucs4_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

enum quote_class {
	QUOTE_NONE,
	QUOTE_DOUBLE,
	QUOTE_SINGLE
};

static enum quote_class
quote_class(ucs4_t c)
{
	switch (c) {
	case '"': case 0x201c: case 0x201d: case 0x201e: case 0x201f:
	case 0x00ab: case 0x00bb: case 0x300c: case 0x300d: case 0x300e:
	case 0x300f: case 0xff02:
		return QUOTE_DOUBLE;
	case '\'': case 0x2018: case 0x2019: case 0x201a: case 0x201b:
	case 0x2039: case 0x203a:
		return QUOTE_SINGLE;
	default:
		return QUOTE_NONE;
	}
}

static int
quote_class_of(ucs4_t c)
{
	return quote_class(c) != QUOTE_NONE;
}

static int
sentence_end_char(ucs4_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 ||
	       c == 0xff01 || c == 0xff1f;
}

/* Characters after which a quote mark reads as opening. */
static int
opens_after(ucs4_t c)
{
	return is_space(c) || c == '(' || c == '[' || c == '{' || c == 0x2014 ||
	       c == 0x2013 || c == '-' || c == ':' || quote_class(c) != QUOTE_NONE;
}

/* Characters before which a quote mark reads as closing. */
static int
closes_before(ucs4_t c)
{
	return is_space(c) || is_punct(c) || quote_class(c) != QUOTE_NONE;
}

struct lexer {
	struct fside *side;
	size_t unit;		/* unit index within the pair's side */
	size_t unit_first_word;	/* first word of the current unit */
	enum quote_class stack[8];
	int depth;
	int marks_in_unit;
	int sentence_start;	/* 0 or 1 (lex_plain_words()) */
	int glued;		/* 0 or 1 */
};

static char *
fold_word(struct fside *fs, const char *bytes, size_t length, int numeric)
{
	char small[128];
	char *buf = length < sizeof(small) ? small : xmalloc(length + 1), *out;
	size_t i = 0, n = 0, folded_length;
	int ascii = 1;
	uint8_t *folded;

	while (i < length) {
		ucs4_t c;
		int len;

		c = peek(bytes, i, length, &len);
		if (is_apostrophe(c) || c == 0x2018) {
			buf[n++] = '\'';
		} else if (is_hyphen(c)) {
			buf[n++] = '-';
		} else if (c == '.' && !numeric &&
			   !(n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9' && i + 1 < length &&
			     bytes[i + 1] >= '0' && bytes[i + 1] <= '9')) {
			/* "U.S." and "US" are one name; the point of 预算为2.3亿 stays */
		} else if (c < 0x80) {
			buf[n++] = (char)c;
		} else {
			memcpy(buf + n, bytes + i, (size_t)len);
			n += (size_t)len;
			ascii = 0;
		}
		i += (size_t)len;
	}
	if (ascii) {
		for (i = 0; i < n; i++)
			if (buf[i] >= 'A' && buf[i] <= 'Z')
				buf[i] = (char)(buf[i] - 'A' + 'a');
		out = side_store(fs, buf, n);
	} else if ((folded_length = tokens_casefold_simple((const uint8_t *)buf, n,
							     (uint8_t *)buf)) != (size_t)-1) {
		/* Latin-1 letters and the like: no libunistring call */
		out = side_store(fs, buf, folded_length);
	} else {
		folded = u8_casefold((const uint8_t *)buf, n, NULL, UNINORM_NFKC, NULL,
				     &folded_length);
		if (folded != NULL) {
			out = side_store(fs, (const char *)folded, folded_length);
			free(folded);
		} else {	/* out of memory in libunistring: keep the raw word */
			out = side_store(fs, buf, n);
		}
	}
	if (buf != small)
		free(buf);
	return out;
}

/*
 * Scan one word starting at pos; return its end.  A word is a run of
 * letters, digits and marks, kept whole across an apostrophe or hyphen
 * between letters (don't, Jong-un), a dot or comma between digits (2.5,
 * 1,300) and the dots of an initialism (U.S.).
 */
static size_t
scan_word(const char *bytes, size_t pos, size_t end)
{
	size_t segment = 0;	/* letters since the start or the last dot */
	int initialism = 0;

	while (pos < end) {
		int len, next_len;
		ucs4_t c = peek(bytes, pos, end, &len);
		ucs4_t prev, next;

		if (is_word_char(c)) {
			pos += (size_t)len;
			segment++;
			continue;
		}
		prev = peek_back(bytes, 0, pos);
		next = peek(bytes, pos + (size_t)len, end, &next_len);
		if (is_apostrophe(c) && is_alpha(next) && is_word_char(prev)) {
			pos += (size_t)len;
			segment = 0;
			continue;
		}
		if (is_hyphen(c) && is_alpha(prev) && is_alpha(next)) {
			pos += (size_t)len;
			segment = 0;
			continue;
		}
		if ((c == '.' || c == ',') && is_digit(prev) && is_digit(next)) {
			pos += (size_t)len;
			continue;
		}
		if (c == '.' && is_alpha(prev) && segment == 1 &&
		    (is_alpha(next) || initialism)) {
			/* U.S., e.g.: take the dot; a final one too once inside */
			pos += (size_t)len;
			segment = 0;
			initialism = 1;
			continue;
		}
		break;
	}
	return pos;
}

static char *name_form(struct fside *fs, char *fold, size_t length);
static int may_hold_cjk(const char *w);

/* Room for one more word of the side: the new, last one (not cleared). */
static inline struct fword *
fside_push(struct fside *fs)
{
	if (fs->count == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 32;
		fs->word = xreallocarray(fs->word, fs->cap, sizeof(*fs->word));
	}
	return &fs->word[fs->count++];
}

static struct fword *
new_word(struct lexer *lx, size_t begin, size_t end)
{
	struct fside *fs = lx->side;
	struct fword *w;

	w = fside_push(fs);
	memset(w, 0, sizeof(*w));
	w->offset = begin;
	w->length = end - begin;
	w->unit = lx->unit;
	return w;
}

/* What add_word() and add_ascii_word() do alike once the fold is known. */
static void
finish_word(struct lexer *lx, struct fword *w, size_t fold_length, int apostrophe)
{
	const struct lexicon_slot *slot = lexicon_slot_length(w->fold, fold_length);

	w->fold_length = fold_length;
	w->name = name_form(lx->side, w->fold, fold_length);
	w->classes = slot->classes;
	lx->side->seen |= slot->classes;
	if (w->bits & (FW_DIGIT | FW_HYPHEN | FW_CJK))
		lx->side->marks |= SIDE_FIGURE;
	if ((w->bits & FW_CAP) && !(w->bits & FW_DIGIT))
		side_pick(lx->side, PICK_NAME, (size_t)(w - lx->side->word));
	if ((w->bits & (FW_DIGIT | FW_HYPHEN | FW_CJK)) ||
	    (slot->classes & (LEX_NUMBER | LEX_DATE | LEX_A)))
		side_pick(lx->side, PICK_NUMBER, (size_t)(w - lx->side->word));
	if (slot->classes & LEX_REPORTING)
		w->lemma = slot->lemma;
	if ((slot->classes & (LEX_REPORTING | LEX_NEGATOR)) || apostrophe)
		side_pick(lx->side, PICK_CLAUSE, (size_t)(w - lx->side->word));
	if (w->bits & FW_CAP)
		w->name_classes = w->name == w->fold ? w->classes : lexicon_classes(w->name);
	/* the caller has set initial, quoted and glued from lx */
	lx->sentence_start = 0;
	lx->glued = 1;
}

static void
add_word(struct lexer *lx, size_t begin, size_t end)
{
	struct fside *fs = lx->side;
	struct fword *w = new_word(lx, begin, end);
	size_t pos = begin, letters = 0, uppers = 0;
	int first = 1, len, apostrophe;

	while (pos < end) {
		ucs4_t c = peek(fs->bytes, pos, end, &len);

		if (first && is_digit(c))
			w->bits |= FW_DIGIT;
		if (is_alpha(c)) {
			letters++;
			if (is_upper(c)) {
				uppers++;
				if (first)
					w->bits |= FW_CAP;
				else
					w->bits |= FW_INNERCAP;
			}
		}
		first = 0;
		pos += (size_t)len;
	}
	if (letters >= 2 && uppers == letters)
		w->bits |= FW_ALLCAPS;
	if (lx->sentence_start)
		w->bits |= FW_INITIAL;
	if (lx->depth > 0)
		w->bits |= FW_QUOTED;
	if (lx->glued)
		w->bits |= FW_GLUED;
	w->fold = fold_word(fs, fs->bytes + begin, end - begin, (w->bits & FW_DIGIT) != 0);
	if (strchr(w->fold, '-') != NULL)
		w->bits |= FW_HYPHEN;
	if (may_hold_cjk(w->fold))	/* never in an ASCII word */
		w->bits |= FW_CJK;
	apostrophe = strchr(w->fold, '\'') != NULL;
	if (apostrophe)
		fs->marks |= SIDE_APOSTROPHE;
	finish_word(lx, w, strlen(w->fold), apostrophe);
}

/*
 * A word in ASCII, read once: scan_word(), the letter counts of add_word()
 * and fold_word() together, each rule answering on ASCII exactly what it
 * answers there.  Any byte of the word, or any byte a rule looks at, that
 * is not ASCII (and a word too long for the buffer) makes it give up and
 * return 0 (never the end of a word): the general path then reads the word.
 */
#define ASCII_WORD_MAX 128

struct ascii_word {
	size_t letters, uppers, length;
	unsigned digit : 1, cap : 1, innercap : 1, hyphen : 1, apostrophe : 1;
	/* ASCII_WORD_MAX + 1 bytes at the end of the side's block: the fold
	 * is built in place and kept by add_ascii_word(), not copied */
	char *fold;
};

static size_t
scan_ascii_word(const char *bytes, size_t begin, size_t end, struct ascii_word *aw)
{
	const uint8_t *s = (const uint8_t *)bytes;
	size_t pos = begin, segment = 0, n = 0;
	int initialism = 0;

	aw->letters = aw->uppers = 0;
	aw->digit = (ascii_class[s[begin]] & CHAR_DIGIT) != 0;
	aw->cap = aw->innercap = aw->hyphen = aw->apostrophe = 0;
	while (pos < end) {
		uint8_t c = s[pos], cls, prev, next;
		size_t len = 1;

		if (c >= 0x80) {
			/* ’ (U+2019) in "it’s", "don’t": an apostrophe, as below */
			if (c != 0xe2 || pos + 2 >= end || s[pos + 1] != 0x80 || s[pos + 2] != 0x99)
				return 0;
			c = '\'';
			len = 3;
		}
		cls = ascii_class[c];
		if (cls & CHAR_WORD) {
			if (n == ASCII_WORD_MAX)
				return 0;
			if (cls & CHAR_ALPHA) {
				aw->letters++;
				if (cls & CHAR_UPPER) {
					aw->uppers++;
					if (pos == begin)
						aw->cap = 1;
					else
						aw->innercap = 1;
				}
			}
			aw->fold[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
			pos++;
			segment++;
			continue;
		}
		if (c != '\'' && c != '-' && c != '.' && c != ',')
			break;
		next = pos + len < end ? s[pos + len] : 0;
		prev = s[pos - 1];	/* in the word: ASCII, unless ’ */
		if (next >= 0x80 || prev >= 0x80)
			return 0;
		if (c == '\'' && (ascii_class[next] & CHAR_ALPHA) && (ascii_class[prev] & CHAR_WORD)) {
			segment = 0;
		} else if (c == '-' && (ascii_class[prev] & CHAR_ALPHA) &&
			   (ascii_class[next] & CHAR_ALPHA)) {
			segment = 0;
		} else if ((c == '.' || c == ',') && (ascii_class[prev] & CHAR_DIGIT) &&
			   (ascii_class[next] & CHAR_DIGIT)) {
			;
		} else if (c == '.' && (ascii_class[prev] & CHAR_ALPHA) && segment == 1 &&
			   ((ascii_class[next] & CHAR_ALPHA) || initialism)) {
			segment = 0;
			initialism = 1;
		} else {
			break;
		}
		if (n == ASCII_WORD_MAX)
			return 0;
		if (c != '.' || aw->digit)	/* "U.S." and "US" are one name */
			aw->fold[n++] = (char)c;
		if (c == '-')
			aw->hyphen = 1;
		else if (c == '\'')
			aw->apostrophe = 1;
		pos += len;
	}
	aw->length = n;
	return pos;
}

static void
add_ascii_word(struct lexer *lx, size_t begin, size_t end, const struct ascii_word *aw)
{
	struct fside *fs = lx->side;
	struct fword *w;

	w = fside_push(fs);
	/* One assignment: the bits are put together in a register, not
	 * read, masked and written back one by one after a memset(). */
	*w = (struct fword){
		.offset = begin, .length = end - begin, .fold = aw->fold, .unit = lx->unit,
		.bits = (aw->cap ? FW_CAP : 0) |
			(aw->letters >= 2 && aw->uppers == aw->letters ? FW_ALLCAPS : 0) |
			(aw->innercap ? FW_INNERCAP : 0) | (lx->sentence_start ? FW_INITIAL : 0) |
			(lx->depth > 0 ? FW_QUOTED : 0) | (aw->digit ? FW_DIGIT : 0) |
			(lx->glued ? FW_GLUED : 0) | (aw->hyphen ? FW_HYPHEN : 0),
	};
	w->fold[aw->length] = '\0';
	fs->block->used += aw->length + 1;
	if (aw->apostrophe)
		fs->marks |= SIDE_APOSTROPHE;
	finish_word(lx, w, aw->length, aw->apostrophe);
}

/*
 * Whether a word of ASCII letters and digits [begin, pos) ends at pos for
 * scan_ascii_word() too: at the end of the unit, before a space or most
 * punctuation, before a full stop or comma that joins nothing.  A word
 * character (past ASCII_WORD_MAX), ' - or a lead byte there make it no
 * plain word; so do a full stop or comma that joins digits (2.5, 1,300)
 * or an initial (U.S.), or stands before a lead byte.
 */
static inline int
plain_word_ends(const uint8_t *s, size_t begin, size_t pos, size_t end)
{
	unsigned prev;
	uint8_t c, next;

	if (pos >= end || (plain_class[s[pos]] & PLAIN_END))
		return 1;
	prev = plain_class[s[pos - 1]];
	c = s[pos];
	next = pos + 1 < end ? s[pos + 1] : 0;
	if (c != '.' && c != ',')
		return 0;
	if (next >= 0x80 || ((prev & PLAIN_DIGIT) && (plain_class[next] & PLAIN_DIGIT)))
		return 0;
	return !(c == '.' && pos - begin == 1 && (prev & PLAIN_LETTER) &&
		 (plain_class[next] & PLAIN_LETTER));
}

/*
 * The common word, read at a third of scan_ascii_word()'s cost: ASCII
 * letters and digits only, up to ASCII_WORD_MAX of them, that
 * plain_word_ends().  Folds into fold (ASCII_WORD_MAX + 1 bytes, NUL
 * terminated) and returns the end, or 0 for any other word
 * (scan_ascii_word() reads it then).  *bits: the word's FW_CAP, FW_DIGIT,
 * FW_INNERCAP (PLAIN_CAPITAL and PLAIN_DIGIT of the first byte, PLAIN_CAPITAL
 * of the others) and FW_ALLCAPS (two letters or more, none small).
 */
static size_t
scan_plain_word(const uint8_t *s, size_t begin, size_t end, char *fold, unsigned *bits)
{
	size_t limit = end - begin > ASCII_WORD_MAX ? begin + ASCII_WORD_MAX : end;
	size_t pos = begin + 1, i, letters = 0;
	unsigned first = plain_class[s[begin]], rest = 0;

	/* locals only: a store through fold may alias the tables */
	fold[0] = (char)plain_fold[s[begin]];
	while (pos < limit) {
		uint8_t c = s[pos];
		unsigned cls = plain_class[c];

		if (!(cls & PLAIN_WORD))
			break;
		fold[pos - begin] = (char)plain_fold[c];
		rest |= cls;
		pos++;
	}
	if (!plain_word_ends(s, begin, pos, end))
		return 0;
	fold[pos - begin] = '\0';
	/* the letters are counted only for a word without a small one:
	   allcaps needs two (NATO, not A or 1990s) */
	if (!((first | rest) & PLAIN_SMALL))
		for (i = begin; i < pos; i++)
			letters += (plain_class[s[i]] & PLAIN_LETTER) != 0;
	*bits = ((first | rest << 8) & (FW_CAP | FW_DIGIT | FW_INNERCAP)) |
		(unsigned)(letters >= 2) * FW_ALLCAPS;
	return pos;
}

/* scan_plain_word16(): a word for scan_plain_word() */
#define PLAIN_LONG ((size_t)-1)

#ifdef __SSE2__
/* From plain_first_bytes + 16 - n, 16 bytes keep the first n (n <= 16). */
static const uint8_t plain_first_bytes[32] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/*
 * scan_plain_word() for a word of under 16 bytes, all read at once with
 * SSE2 (every x86-64) from s + begin, which has 16 bytes to read: the
 * classes as masks, the fold zero padded (its NUL included) both stored
 * and kept as the word's head (lexicon_head()).  Returns the end, 0 for
 * a word that is not plain, PLAIN_LONG for one of 16 bytes or more
 * (scan_plain_word() reads it).  *bits: the word's FW_CAP, FW_DIGIT,
 * FW_INNERCAP and FW_ALLCAPS.
 */
static inline size_t
scan_plain_word16(const uint8_t *s, size_t begin, size_t end, char *fold, uint64_t head[2],
		  unsigned *bits)
{
	/* a range test in one signed compare: c - lo + 0x80 below 0x80 + n */
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + begin));
	__m128i y = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
				       _mm_set1_epi8((char)(0x80 + 10)));
	__m128i letter = _mm_cmplt_epi8(_mm_add_epi8(y, _mm_set1_epi8((char)(0x80 - 'a'))),
					_mm_set1_epi8((char)(0x80 + 26)));
	unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit, letter));
	size_t n = (size_t)__builtin_ctz(~word);
	unsigned letters, capital;
	__m128i keep, fold16;

	if (n > end - begin)
		n = end - begin;
	if (n >= 16)
		return PLAIN_LONG;
	/* a space after it, the common end, is one that plain_word_ends() */
	if (s[begin + n] != ' ' && !plain_word_ends(s, begin, begin + n, end))
		return 0;
	/* letters | 0x20, every byte from n on 0 */
	keep = _mm_loadu_si128((const __m128i *)(const void *)(plain_first_bytes + 16 - n));
	fold16 = _mm_and_si128(_mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20))), keep);
	_mm_storeu_si128((__m128i *)(void *)fold, fold16);
	head[0] = (uint64_t)_mm_cvtsi128_si64(fold16);
	head[1] = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(fold16, fold16));
	letters = (unsigned)_mm_movemask_epi8(_mm_and_si128(letter, keep));
	/* bit 5 of each byte (moved to bit 7): clear in a capital letter */
	capital = letters & ~(unsigned)_mm_movemask_epi8(_mm_slli_epi16(v, 2));
	/* the first byte, a letter or a digit */
	*bits = (~letters & 1u) * FW_DIGIT;
	if (capital != 0)	/* most words have none */
		*bits |= (capital & 1u) * FW_CAP | (unsigned)(capital > 1) * FW_INNERCAP |
			 (unsigned)(capital == letters && (letters & (letters - 1)) != 0) * FW_ALLCAPS;
	return begin + n;
}
#endif

/*
 * The plain words from pos on (scan_plain_word16(), else
 * scan_plain_word()), as long as one follows the other after one space:
 * add_ascii_word() and finish_word() in one for words that hold no
 * hyphen, apostrophe or CJK, whose name is their fold unless they are an
 * alias word (name_form()).  The loop keeps the side's block, word array
 * and what it has seen in locals, and the facts the lexer's state gives a
 * word in one integer: after the first word, a word is glued and opens
 * nothing.  Returns where it stopped: after the last word and the one
 * space after it (a space keeps the glue), or at the start of a word that
 * is not plain, with *stuck set (scan_ascii_word() reads that one).
 */
static size_t
lex_plain_words(struct lexer *lx, const uint8_t *s, size_t pos, size_t end, size_t text_length,
		int *stuck)
{
	struct fside *fs = lx->side;
	struct fblock *b = fs->block;
	struct fword *w = fs->word + fs->count, *w_end = fs->word + fs->cap;
	unsigned seen = 0, marks = 0, glue = FW_GLUED;
	const unsigned quoted = (unsigned)(lx->depth > 0) * FW_QUOTED;
	unsigned state = (unsigned)lx->sentence_start * FW_INITIAL | quoted |
			 (unsigned)lx->glued * FW_GLUED;
	/* 16 bytes to read at every word start of the unit */
	const int wide = text_length - end >= 16;
	uint32_t unit = (uint32_t)lx->unit;
	char *out, *out_end;

	*stuck = 0;
	if (b == NULL || b->size - b->used < ASCII_WORD_MAX + 1)
		b = side_room(fs, ASCII_WORD_MAX);	/* a block of FBLOCK_SIZE: fs->block */
	out = b->data + b->used;
	out_end = b->data + b->size;
	for (;;) {
		const struct lexicon_slot *slot;
		size_t stop = PLAIN_LONG, length;
		uint64_t head[2];
		unsigned bits, classes, pick;
		char *fold, *name;

		if (out_end - out < ASCII_WORD_MAX + 1) {
			b->used = (size_t)(out - b->data);
			b = side_room(fs, ASCII_WORD_MAX);
			out = b->data + b->used;
			out_end = b->data + b->size;
		}
		fold = out;
#ifdef __SSE2__
		if (wide)
			stop = scan_plain_word16(s, pos, end, fold, head, &bits);
#else
		(void)wide;
#endif
		if (stop == PLAIN_LONG) {
			stop = scan_plain_word(s, pos, end, fold, &bits);
			if (stop != 0)
				lexicon_head(fold, stop - pos, head);
		}
		if (stop == 0) {
			*stuck = 1;
			break;
		}
		length = stop - pos;
		out += length + 1;
		slot = lexicon_slot_sized(fold, length, head);
		classes = slot->classes;
		name = fold;
		if (classes & LEX_ALIAS) {	/* no possessive to cut: the fold is the alias word */
			b->used = (size_t)(out - b->data);
			name = name_form(fs, fold, length);
			b = fs->block;
			out = b->data + b->used;
			out_end = b->data + b->size;
		}
		if (w == w_end) {
			fs->count = (size_t)(w - fs->word);
			fs->cap = fs->cap ? fs->cap * 2 : 32;
			fs->word = xreallocarray(fs->word, fs->cap, sizeof(*fs->word));
			w = fs->word + fs->count;
			w_end = fs->word + fs->cap;
		}
		w->fold = fold;
		w->name = name;
		w->lemma = slot->lemma;		/* NULL but in a reporting verb's slot */
		w->offset = (uint32_t)pos;
		w->length = (uint32_t)length;
		w->unit = unit;
		w->fold_length = (uint32_t)length;
		w->classes = (uint16_t)classes;
		w->name_classes = (uint16_t)(!(bits & FW_CAP) ? 0 : name == fold ? classes :
					     lexicon_classes(name));
		w->bits = (uint16_t)(bits | state);
		seen |= classes;
		pick = (bits & (FW_CAP | FW_DIGIT)) |
		       (classes & (LEX_NUMBER | LEX_DATE | LEX_A | LEX_REPORTING | LEX_NEGATOR));
		if (pick != 0) {
			size_t index = (size_t)(w - fs->word);

			if (bits & FW_DIGIT) {
				marks |= SIDE_FIGURE;
				side_pick(fs, PICK_NUMBER, index);
			} else {
				if (bits & FW_CAP)
					side_pick(fs, PICK_NAME, index);
				if (classes & (LEX_NUMBER | LEX_DATE | LEX_A))
					side_pick(fs, PICK_NUMBER, index);
			}
			/* a plain word holds no apostrophe */
			if (classes & (LEX_REPORTING | LEX_NEGATOR))
				side_pick(fs, PICK_CLAUSE, index);
		}
		w++;
		/* then spaces and the punctuation that plays no part in
		   lex_side() but for the glue (a comma); the next word, if
		   that is what follows, opens nothing */
		if (stop + 1 < end && s[stop] == ' ' && (plain_class[s[stop + 1]] & PLAIN_WORD)) {
			pos = stop + 1;		/* the common case: one space, a word */
			glue = FW_GLUED;
			state = quoted | glue;
			continue;
		}
		glue = FW_GLUED;
		for (pos = stop; pos < end; pos++) {
			uint8_t c = s[pos];

			if (c >= 0x80 || ascii_marks[c] || (ascii_class[c] & CHAR_WORD))
				break;
			if (!(ascii_class[c] & CHAR_SPACE))
				glue = 0;
		}
		if (pos >= end || !(plain_class[s[pos]] & PLAIN_WORD))
			break;
		state = quoted | glue;
	}
	b->used = (size_t)(out - b->data);
	if (w != fs->word + fs->count) {
		fs->count = (size_t)(w - fs->word);
		fs->seen |= seen;
		fs->marks |= marks;
		lx->sentence_start = 0;
		lx->glued = glue != 0;
	}
	return pos;
}

/* A full stop after this word does not end the sentence. */
static int
keeps_sentence(const struct fword *w)
{
	if (w == NULL)
		return 0;
	if (w->classes & (LEX_HONORIFIC | LEX_DOT))
		return 1;
	/* a single initial: John F. Kennedy */
	return (w->bits & FW_CAP) && w->length == 1;
}

static void
quote_push(struct lexer *lx, enum quote_class cls)
{
	if (lx->depth < (int)ARRAY_SIZE(lx->stack))
		lx->stack[lx->depth] = cls;
	lx->depth++;
	lx->sentence_start = 1;
}

/* Close the innermost quotation of class cls; 0 when none is open. */
static int
quote_pop(struct lexer *lx, enum quote_class cls)
{
	int d;

	for (d = lx->depth - 1; d >= 0; d--) {
		if (d >= (int)ARRAY_SIZE(lx->stack) || lx->stack[d] == cls) {
			lx->depth = d;
			return 1;
		}
	}
	return 0;
}

/*
 * A quotation mark at pos.  Straight and ambiguous marks are told apart
 * by context: after a space a mark opens, before a space or punctuation
 * it closes.  A closing mark with nothing open, first in its unit, means
 * the unit continues a quotation from before it: its words up to here
 * were quoted.
 */
static void
quote_mark(struct lexer *lx, ucs4_t c, ucs4_t prev, ucs4_t next)
{
	enum quote_class cls = quote_class(c);
	int open_like = opens_after(prev) && !is_space(next);
	int close_like = closes_before(next) && !is_space(prev);
	int first_mark = lx->marks_in_unit++ == 0;
	size_t i;

	lx->side->marks |= SIDE_QUOTE;
	if ((c == 0x201e || c == 0x201a || c == 0x300c || c == 0x300e) &&
	    !is_space(next) && !is_alnum(prev)) {
		quote_push(lx, cls);
		return;
	}
	if (c == 0x00ab && !(close_like && !open_like && quote_pop(lx, cls))) {
		/* « opens, French spacing or not; it closes only Danish »...« */
		quote_push(lx, cls);
		return;
	}
	if (c == 0x300d || c == 0x300f || c == 0x201d || c == 0x00bb) {
		if (quote_pop(lx, cls))
			return;
		if ((c == 0x201d || c == 0x00bb) && open_like) {	/* Swedish ”...”, Danish »...« */
			quote_push(lx, cls);
			return;
		}
	} else if (close_like && !open_like && quote_pop(lx, cls)) {
		return;
	} else if (open_like) {
		if (cls == QUOTE_SINGLE && !is_alnum(next))
			return;
		quote_push(lx, cls);
		return;
	} else if (quote_pop(lx, cls)) {
		return;
	}
	if (cls == QUOTE_SINGLE || !first_mark || lx->depth > 0)
		return;		/* an apostrophe (students’), or an inch mark */
	for (i = lx->unit_first_word; i < lx->side->count; i++)
		lx->side->word[i].bits |= FW_QUOTED;
}

/* Mark the words of a unit written in title case (a headline, a link line). */
static void
mark_title_case(struct fside *fs, size_t first, const char *bytes, const struct unit *unit)
{
	size_t i, long_words = 0, capped = 0;
	size_t last = unit->offset + unit->length;
	ucs4_t end_char = peek_back(bytes, unit->offset, last);

	if (sentence_end_char(end_char) || quote_class(end_char) != QUOTE_NONE)
		return;
	for (i = first; i < fs->count; i++) {
		if ((fs->word[i].bits & FW_DIGIT) || fs->word[i].length < 4)
			continue;
		long_words++;
		capped += (fs->word[i].bits & FW_CAP) != 0;
	}
	if (long_words < 3 || capped * 4 < long_words * 3)
		return;
	for (i = first; i < fs->count; i++)
		fs->word[i].bits |= FW_TITLED;
}

/* The lexer over bytes [pos, end) of unit: words, quote marks, sentence ends. */
static void
lex_range(struct lexer *lx, const char *bytes, size_t text_length, const struct unit *unit,
	  size_t pos, size_t end)
{
	struct fside *fs = lx->side;
	int general = fs->general;

	while (pos < end) {
		int len, next_len;
		ucs4_t c;

		if (general) {
			;	/* every character the Unicode way, below */
		} else if ((uint8_t)bytes[pos] < 0x80 && (ascii_class[(uint8_t)bytes[pos]] & CHAR_WORD)) {
			struct ascii_word aw;
			struct fblock *room;
			size_t stop;
			int stuck;

			pos = lex_plain_words(lx, (const uint8_t *)bytes, pos, end, text_length, &stuck);
			if (!stuck)
				continue;
			room = fs->block;
			if (room->size - room->used < ASCII_WORD_MAX + 1)
				room = side_room(fs, ASCII_WORD_MAX);
			aw.fold = room->data + room->used;
			stop = scan_ascii_word(bytes, pos, end, &aw);

			if (stop != 0) {
				add_ascii_word(lx, pos, stop, &aw);
				pos = stop;
				continue;
			}
		} else if ((uint8_t)bytes[pos] < 0x80 && !ascii_marks[(uint8_t)bytes[pos]]) {
			/* space or punctuation that plays no part below:
			 * only the glue to the next word can change */
			if (!(ascii_class[(uint8_t)bytes[pos]] & CHAR_SPACE))
				lx->glued = 0;
			pos++;
			continue;
		}
		c = peek(bytes, pos, end, &len);
		if (is_word_char(c)) {
			size_t stop = scan_word(bytes, pos, end);

			add_word(lx, pos, stop);
			pos = stop;
			continue;
		}
		if (quote_class(c) != QUOTE_NONE) {
			ucs4_t prev = peek_back(bytes, unit->offset, pos);
			ucs4_t next = peek(bytes, pos + (size_t)len, end, &next_len);

			quote_mark(lx, c, prev, next);
		} else if (sentence_end_char(c)) {
			if (c != '.' || !keeps_sentence(fs->count > lx->unit_first_word ?
							   &fs->word[fs->count - 1] : NULL))
				lx->sentence_start = 1;
		} else if (c == '|' || c == 0x2022 ||
			   (c == ':' && is_space(peek(bytes, pos + 1, end, &next_len)))) {
			/* "Moscow: Russia said", a link label; not 10:30 */
			lx->sentence_start = 1;
		}
		if (!is_space(c))
			lx->glued = 0;
		pos += (size_t)len;
	}
}

/*
 * The two halves of a change often open with the same words.  The lexer
 * reads a unit from left to right, and before a space it has looked at
 * nothing past that space; so at a space within the bytes both first
 * units share, the right's lexer would be where the left's was: the same
 * words with the same facts (but the offsets), the same state.  The left
 * keeps that point (struct lex_share), the right copies it and reads on
 * from there.  The bits are kept as they were at the point: a closing
 * quote mark with nothing open (quote_mark()) and a headline
 * (mark_title_case()) change earlier words later.  The words' strings
 * stay in the left's blocks, emptied with the right's after the pair.
 */
struct lex_share {
	size_t point;		/* bytes from the first unit's start, after a space */
	size_t offset;		/* of the left's first unit */
	size_t count;		/* words before it */
	struct lexer lx;
	unsigned seen, marks;
	size_t pick_count[PICK_LISTS];
	uint16_t *bits;		/* of those words, then */
	size_t bits_cap;
	/* the same for the ending both last units share, from the lexer at
	   its first word: the right takes the left's words from there on
	   when its lexer arrives there as the left's did */
	size_t tail;		/* bytes from a word after a space to the end; 0: none */
	size_t tail_offset;	/* where the left's tail starts */
	size_t tail_count;	/* the left's words before it */
	struct lexer tail_lx;	/* the left's lexer there */
	int tail_ok;		/* no quote mark in the left's tail */
};

#define SHARE_MIN 8		/* shorter shared openings are read twice */

/*
 * Where the right may start from the left (struct lex_share): just after
 * the last space among the bytes both first units open with, or 0 when
 * that is SHARE_MIN bytes in or fewer.
 */
static size_t
lex_share_point(const struct comparison *cmp, const struct align_entry *entry)
{
	const struct unit *lu, *ru;
	const char *a, *b;
	size_t n, k = 0, point;

	if (entry->left_count == 0 || entry->right_count == 0 ||
	    entry->left_first >= cmp->side[0].units.count ||
	    entry->right_first >= cmp->side[1].units.count)
		return 0;
	lu = &cmp->side[0].units.unit[entry->left_first];
	ru = &cmp->side[1].units.unit[entry->right_first];
	a = cmp->side[0].text->bytes + lu->offset;
	b = cmp->side[1].text->bytes + ru->offset;
	n = lu->length < ru->length ? lu->length : ru->length;
	for (; k + 8 <= n; k += 8) {
		uint64_t x, y;

		memcpy(&x, a + k, sizeof(x));
		memcpy(&y, b + k, sizeof(y));
		if (x != y)
			break;
	}
	while (k < n && a[k] == b[k])
		k++;
	for (point = k; point > SHARE_MIN && a[point - 1] != ' '; point--)
		;
	return point > SHARE_MIN ? point : 0;
}

/*
 * The shared ending of the two last units (struct lex_share) from its
 * first word after a space on, or 0 when that is SHARE_MIN bytes or fewer
 * or starts before point in a unit that is also first.  A word there (not
 * a full stop) means no full stop in the tail asks about a word before it.
 */
static size_t
lex_share_tail(const struct comparison *cmp, const struct align_entry *entry, size_t point)
{
	const struct unit *lu, *ru;
	const uint8_t *a, *b;
	size_t n, k = 0, tail;

	if (entry->left_count == 0 || entry->right_count == 0 ||
	    entry->left_first + entry->left_count > cmp->side[0].units.count ||
	    entry->right_first + entry->right_count > cmp->side[1].units.count)
		return 0;
	lu = &cmp->side[0].units.unit[entry->left_first + entry->left_count - 1];
	ru = &cmp->side[1].units.unit[entry->right_first + entry->right_count - 1];
	a = (const uint8_t *)cmp->side[0].text->bytes + lu->offset + lu->length;
	b = (const uint8_t *)cmp->side[1].text->bytes + ru->offset + ru->length;
	n = lu->length < ru->length ? lu->length : ru->length;
	for (; k + 8 <= n; k += 8) {
		uint64_t x, y;

		memcpy(&x, a - k - 8, sizeof(x));
		memcpy(&y, b - k - 8, sizeof(y));
		if (x != y)
			break;
	}
	while (k < n && a[-1 - (ptrdiff_t)k] == b[-1 - (ptrdiff_t)k])
		k++;
	for (tail = k - (k > 0); tail > SHARE_MIN; tail--)
		if (a[-1 - (ptrdiff_t)tail] == ' ' && a[-(ptrdiff_t)tail] < 0x80 &&
		    (ascii_class[a[-(ptrdiff_t)tail]] & CHAR_WORD))
			break;
	if (tail <= SHARE_MIN || (entry->left_count == 1 && lu->length - tail < point) ||
	    (entry->right_count == 1 && ru->length - tail < point))
		return 0;
	return tail;
}

/* Whether two lexers read on alike over bytes without quote marks. */
static int
lexers_agree(const struct lexer *a, const struct lexer *b)
{
	int depth = a->depth < (int)ARRAY_SIZE(a->stack) ? a->depth : (int)ARRAY_SIZE(a->stack);

	return a->sentence_start == b->sentence_start && a->glued == b->glued &&
	       a->depth == b->depth && memcmp(a->stack, b->stack, (size_t)depth * sizeof(a->stack[0])) == 0;
}

/*
 * The right's last unit from at on, from the left's tail (from): its
 * words with the right's offsets, unit and no headline bit (the right's
 * mark_title_case() decides), its picks; seen and marks take all of the
 * left's, which can only make a pass run that finds the same.
 */
static void
lex_share_take_tail(const struct lex_share *share, const struct fside *from, struct lexer *lx,
		    size_t at)
{
	struct fside *fs = lx->side;
	size_t n = from->count - share->tail_count, i, k;
	int list;

	if (fs->cap < fs->count + n) {
		fs->cap = (fs->count + n) * 2;
		fs->word = xreallocarray(fs->word, fs->cap, sizeof(*fs->word));
	}
	for (i = 0; i < n; i++) {
		struct fword *w = &fs->word[fs->count + i];

		*w = from->word[share->tail_count + i];
		w->offset = (uint32_t)(w->offset - share->tail_offset + at);
		w->unit = (uint32_t)lx->unit;
		w->bits &= (uint16_t)~FW_TITLED;
	}
	for (list = 0; list < PICK_LISTS; list++) {
		for (k = from->pick_count[list]; k > 0 && from->pick[list][k - 1] >= share->tail_count; k--)
			;
		for (; k < from->pick_count[list]; k++)
			side_pick(fs, list, from->pick[list][k] - share->tail_count + fs->count);
	}
	fs->count += n;
	fs->seen |= from->seen;
	fs->marks |= from->marks;
}

static void
lex_share_keep(struct lex_share *share, const struct lexer *lx, size_t offset)
{
	const struct fside *fs = lx->side;
	size_t i;

	if (share->bits_cap < fs->count) {
		free(share->bits);
		share->bits_cap = fs->count * 2;
		share->bits = xreallocarray(NULL, share->bits_cap, sizeof(*share->bits));
	}
	for (i = 0; i < fs->count; i++)
		share->bits[i] = fs->word[i].bits;
	share->count = fs->count;
	share->offset = offset;
	share->lx = *lx;
	share->seen = fs->seen;
	share->marks = fs->marks;
	memcpy(share->pick_count, fs->pick_count, sizeof(share->pick_count));
}

/* The right's first unit up to the point, from the left's (from). */
static void
lex_share_take(const struct lex_share *share, const struct fside *from, struct lexer *lx,
	       size_t offset)
{
	struct fside *fs = lx->side;
	size_t i;
	int list;

	if (fs->cap < share->count) {
		fs->cap = share->count * 2;
		fs->word = xreallocarray(fs->word, fs->cap, sizeof(*fs->word));
	}
	for (i = 0; i < share->count; i++) {
		fs->word[i] = from->word[i];
		fs->word[i].offset = (uint32_t)(fs->word[i].offset - share->offset + offset);
		fs->word[i].bits = share->bits[i];
	}
	fs->count = share->count;
	fs->seen = share->seen;
	fs->marks = share->marks;
	for (list = 0; list < PICK_LISTS; list++)
		for (i = 0; i < share->pick_count[list]; i++)
			side_pick(fs, list, from->pick[list][i]);
	*lx = share->lx;
	lx->side = fs;
}

/*
 * Lex the units [first, first + count) of side s into fs.  With share,
 * the left (s 0) keeps the lexer at share->point of its first unit, the
 * right (s 1) starts from there, copying from the left's words (from).
 */
static void
lex_side(const struct comparison *cmp, int s, size_t first, size_t count, struct fside *fs,
	 struct lex_share *share, const struct fside *from)
{
	const struct side *side = &cmp->side[s];
	const char *bytes = side->text->bytes;
	size_t text_length = side->text->length;
	struct lexer lx;
	size_t u, want = 8, last;

	/* fs may hold the arrays of an earlier pair (struct flags_scratch):
	 * kept, emptied, grown when short */
	fs->bytes = bytes;
	fs->count = 0;
	fs->seen = fs->marks = 0;
	memset(fs->pick_count, 0, sizeof(fs->pick_count));
	memset(&lx, 0, sizeof(lx));
	lx.side = fs;
	/* a word and its space take about six bytes: one array, seldom grown */
	for (u = first; u < first + count && u < side->units.count; u++)
		want += side->units.unit[u].length / 4;
	if (fs->cap < want) {
		free(fs->word);
		fs->cap = want;
		fs->word = xreallocarray(NULL, fs->cap, sizeof(*fs->word));
	}
	last = (first + count < side->units.count ? first + count : side->units.count) - 1;
	for (u = first; u < first + count && u < side->units.count; u++) {
		const struct unit *unit = &side->units.unit[u];
		size_t pos = unit->offset, end = unit->offset + unit->length;

		lx.unit = u - first;
		lx.unit_first_word = fs->count;
		lx.marks_in_unit = 0;
		lx.sentence_start = 1;
		lx.glued = 0;
		if (share != NULL && share->point != 0 && u == first) {
			if (s == 0) {
				lex_range(&lx, bytes, text_length, unit, pos, pos + share->point);
				lex_share_keep(share, &lx, pos);
			} else {
				lex_share_take(share, from, &lx, pos);
			}
			pos += share->point;
		}
		if (share != NULL && share->tail != 0 && u == last) {
			size_t at = end - share->tail;

			lex_range(&lx, bytes, text_length, unit, pos, at);
			if (s == 0) {
				share->tail_offset = at;
				share->tail_count = fs->count;
				share->tail_lx = lx;
				lex_range(&lx, bytes, text_length, unit, at, end);
				share->tail_ok = lx.marks_in_unit == share->tail_lx.marks_in_unit;
			} else if (share->tail_ok && lexers_agree(&lx, &share->tail_lx)) {
				lex_share_take_tail(share, from, &lx, at);
			} else {
				lex_range(&lx, bytes, text_length, unit, at, end);
			}
		} else {
			lex_range(&lx, bytes, text_length, unit, pos, end);
		}
		mark_title_case(fs, lx.unit_first_word, bytes, unit);
	}
	if (fs->general) {
		/* the reference visits every word, as the passes did before
		   the picks */
		int list;

		for (list = 0; list < PICK_LISTS; list++)
			for (fs->pick_count[list] = 0, u = 0; u < fs->count; u++)
				side_pick(fs, list, u);
	}
}

static void
free_side(struct fside *fs)
{
	struct fblock *b, *next;
	int list;

	for (b = fs->block; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(fs->word);
	for (list = 0; list < PICK_LISTS; list++)
		free(fs->pick[list]);
	memset(fs, 0, sizeof(*fs));
}

/* Ready fs for the next pair: its strings go, one block and the word array stay. */
static void
empty_side(struct fside *fs)
{
	struct fblock *b, *next, *keep = NULL;

	for (b = fs->block; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL && b->size == FBLOCK_SIZE) {
			keep = b;
			keep->used = 0;
			keep->next = NULL;
		} else {
			free(b);
		}
	}
	fs->block = keep;
	fs->count = 0;
}

/* ---- numbers --------------------------------------------------------- */

enum number_kind {
	NUMBER_PLAIN,
	NUMBER_PERCENT,
	NUMBER_POINTS,		/* percentage points */
	NUMBER_MONTH,
	NUMBER_WEEKDAY,
	NUMBER_SOFT_ONE		/* a lone "one": 1, or a pronoun ("one of them") */
};

struct number {
	enum number_kind kind;
	double value;
};

struct numbers {
	struct number *item;
	size_t count, cap;
};

static void
numbers_add(struct numbers *ns, enum number_kind kind, double value)
{
	if (ns->count == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 8;
		ns->item = xreallocarray(ns->item, ns->cap, sizeof(*ns->item));
	}
	/* 2.3 x 10^8 is 229999999.99999997 in binary: compare to a millionth,
	   so that 2.3亿 and 两亿三千万 (or 2.3 billion and 2,300,000,000) agree. */
	if (fabs(value) < 1e15)
		value = floor(value * 1e6 + 0.5) / 1e6;
	ns->item[ns->count].kind = kind;
	ns->item[ns->count].value = value;
	ns->count++;
}

/*
 * The value of the digits s starts with: "1,300,000", "2.5", "2,5" (a
 * decimal comma), "1.300.000"; *end is where they stop.  Parsed by hand:
 * strtod would follow the locale.
 */
static double
digits_run(const char *s, size_t *end)
{
	char clean[64];
	size_t n = 0, i, commas = 0, dots = 0, last_comma = 0, last_dot = 0;
	size_t digits_end, after;
	char decimal = 0;
	double value = 0, scale = 1;
	int fraction = 0;

	for (i = 0; s[i] != '\0' && (s[i] == ',' || s[i] == '.' ||
				      (s[i] >= '0' && s[i] <= '9')); i++) {
		if (s[i] == ',') {
			commas++;
			last_comma = i;
		} else if (s[i] == '.') {
			dots++;
			last_dot = i;
		}
	}
	digits_end = i;
	if (commas && dots)
		decimal = last_comma > last_dot ? ',' : '.';
	else if (dots == 1)
		decimal = '.';
	else if (commas == 1) {
		/* "1,300" groups thousands; "2,5" is a decimal comma */
		after = digits_end - last_comma - 1;
		if (after != 3)
			decimal = ',';
	}
	for (i = 0; i < digits_end && n + 1 < sizeof(clean); i++) {
		if (s[i] >= '0' && s[i] <= '9')
			clean[n++] = s[i];
		else if (s[i] == decimal)
			clean[n++] = '.';
	}
	clean[n] = '\0';
	for (i = 0; i < n; i++) {
		if (clean[i] == '.') {
			fraction = 1;
			continue;
		}
		if (fraction) {
			scale /= 10;
			value += (clean[i] - '0') * scale;
		} else {
			value = value * 10 + (clean[i] - '0');
		}
	}
	*end = digits_end;
	return value;
}

/* The value of a word that starts with digits, with its suffix: "3bn",
   "1.3m", "10k", "21st", "1990s". */
static double
digits_value(const char *s)
{
	size_t end;
	double value = digits_run(s, &end);
	const char *suffix = s + end;

	if (strcmp(suffix, "k") == 0)
		value *= 1e3;
	else if (strcmp(suffix, "m") == 0 || strcmp(suffix, "mn") == 0)
		value *= 1e6;
	else if (strcmp(suffix, "b") == 0 || strcmp(suffix, "bn") == 0)
		value *= 1e9;
	else if (strcmp(suffix, "tn") == 0)
		value *= 1e12;
	return value;
}

static int
small_number(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(small_numbers); i++)
		if (small_numbers[i][0] == s[0] && strlen(small_numbers[i]) == n &&
		    memcmp(small_numbers[i], s, n) == 0)
			return (int)i;
	for (i = 0; i < ARRAY_SIZE(tens); i++)
		if (tens[i][0] == s[0] && strlen(tens[i]) == n && memcmp(tens[i], s, n) == 0)
			return (int)(20 + 10 * i);
	return -1;
}

/* first .. ninth -> 1 .. 9, else 0: only after a tens word (twenty-first). */
static int
ordinal_unit(const char *s, size_t n)
{
	static const char *const ordinals[] = {
		"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
		"eighth", "ninth",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ordinals); i++)
		if (strlen(ordinals[i]) == n && memcmp(ordinals[i], s, n) == 0)
			return (int)i + 1;
	return 0;
}

/*
 * Add the value of a word of number parts joined by hyphens ("five",
 * "twenty-five", "twenty-first") to *current; 0 when a part is not a
 * number word (the word is then left alone).
 */
static int
hyphen_number(const char *w, double *current)
{
	const char *p;
	double sum = 0;
	int part = 0;

	for (p = w; *p != '\0'; part++) {
		const char *dash = strchr(p, '-');
		size_t n = dash ? (size_t)(dash - p) : strlen(p);
		int v = small_number(p, n);

		if (v < 0 && part > 0 && dash == NULL && ordinal_unit(p, n) > 0)
			v = ordinal_unit(p, n);
		if (v < 0)
			return 0;
		sum += v;
		p += n + (dash ? 1 : 0);
	}
	if (part == 0)
		return 0;
	*current += sum;
	return 1;
}

static int
is_a_or_an(const char *fold)
{
	return fold[0] == 'a' && (fold[1] == '\0' || (fold[1] == 'n' && fold[2] == '\0'));
}

/*
 * Spelled numbers from word i: "five", "twenty-five", "one hundred and
 * five", "two million", "a million", "a dozen".  Returns the number of words
 * used (0: none) and the value.  A lone "one" is a pronoun as often as a
 * figure ("one of them"): *soft tells, and the comparison lets it match a 1
 * without requiring one.
 */
static size_t
spelled_number(const struct fside *fs, size_t i, double *out, int *soft)
{
	double total = 0, current = 0;
	size_t j = i, parts = 0;
	int seen = 0, lone_one = 0;

	/* the scale words, "hundred" and "dozen" are LEX_SCALE: the class
	   turns every other word away before the string compares */
	if (is_a_or_an(fs->word[i].fold) && i + 1 < fs->count &&
	    (fs->word[i + 1].classes & LEX_SCALE)) {
		const char *next = fs->word[i + 1].fold;

		if (scale_word(next) >= 1e3 || strcmp(next, "hundred") == 0 ||
		    strcmp(next, "dozen") == 0) {
			current = 1;
			seen = 1;
			j++;
		}
	}
	for (; j < fs->count; j++) {
		const char *w = fs->word[j].fold;
		unsigned classes = fs->word[j].classes;
		double scale = (classes & LEX_SCALE) ? scale_word(w) : 0;

		if (seen && strcmp(w, "and") == 0 && j + 1 < fs->count) {
			const char *next = fs->word[j + 1].fold;

			if (small_number(next, strlen(next)) < 0)
				break;
			continue;
		}
		if (seen && current >= 20 && (long)current % 10 == 0 &&
		    ordinal_unit(w, strlen(w)) > 0) {
			current += ordinal_unit(w, strlen(w));
			parts++;
			j++;
			break;
		}
		if ((classes & LEX_SCALE) && strcmp(w, "hundred") == 0) {
			if (!seen)
				break;
			current = (current ? current : 1) * 100;
			parts++;
			continue;
		}
		if ((classes & LEX_SCALE) && strcmp(w, "dozen") == 0) {
			if (!seen)
				break;
			current = (current ? current : 1) * 12;
			parts++;
			continue;
		}
		if (scale >= 1e3 && strcmp(w, "mn") != 0 && strcmp(w, "bn") != 0 &&
		    strcmp(w, "tn") != 0) {
			if (!seen)
				break;
			total += (current ? current : 1) * scale;
			current = 0;
			parts++;
			continue;
		}
		/* twenty-five, twenty-first: every hyphen part a number word;
		   without a hyphen that is a LEX_NUMBER word (small_number()) */
		if (!((classes & LEX_NUMBER) || (fs->word[j].bits & FW_HYPHEN)) ||
		    !hyphen_number(w, &current))
			break;
		if (strchr(w, '-') != NULL &&
		    ordinal_unit(strrchr(w, '-') + 1, strlen(strrchr(w, '-') + 1)) > 0) {
			/* "twenty-first": an ordinal closes the number */
			seen = 1;
			parts++;
			j++;
			break;
		}
		lone_one = !seen && strcmp(w, "one") == 0;
		seen = 1;
		parts++;
	}
	if (!seen)
		return 0;
	*soft = lone_one && parts == 1;
	*out = total + current;
	return j - i;
}

/* Kind of the figure ending before word j: %, per cent, percentage points. */
static enum number_kind
percent_after(const struct fside *fs, size_t j, size_t *used)
{
	const struct fword *last = &fs->word[j - 1];
	size_t pos = last->offset + last->length;
	size_t limit = j < fs->count ? fs->word[j].offset : pos + 8;
	const char *w;

	*used = 0;
	while (pos < limit && fs->bytes[pos] != '\0') {
		int len;
		ucs4_t c = peek(fs->bytes, pos, limit, &len);

		if (c == '%' || c == 0xff05 || c == 0x066a)
			return NUMBER_PERCENT;
		if (!is_space(c))
			break;
		pos += (size_t)len;
	}
	if (j >= fs->count)
		return NUMBER_PLAIN;
	w = fs->word[j].fold;
	if (w[0] != 'p')
		return NUMBER_PLAIN;	/* each word below starts with p */
	if (strcmp(w, "percent") == 0 || strcmp(w, "pct") == 0 ||
	    strcmp(w, "prozent") == 0 || strcmp(w, "pourcent") == 0) {
		*used = 1;
		return NUMBER_PERCENT;
	}
	if (strcmp(w, "per") == 0 && j + 1 < fs->count &&
	    strcmp(fs->word[j + 1].fold, "cent") == 0) {
		*used = 2;
		return NUMBER_PERCENT;
	}
	if (strcmp(w, "percentage") == 0 && j + 1 < fs->count &&
	    strncmp(fs->word[j + 1].fold, "point", 5) == 0) {
		*used = 2;
		return NUMBER_POINTS;
	}
	return NUMBER_PLAIN;
}


/*
 * Chinese and Japanese write numbers inside words, without spaces: 30亿元,
 * 三十亿元, 二〇二六年.  The value of a numeral character: a digit (0-9),
 * a small unit (10, 100, 1000: -1 in *unit) or a large one (10^4, 10^8);
 * -1 if none.  兆 is left out: 10^6 in some places, 10^12 in others.
 */
static int
cjk_numeral(ucs4_t c, double *unit)
{
	static const ucs4_t digit[][2] = {
		{ 0x3007, 0 }, { 0x96f6, 0 }, { 0x4e00, 1 }, { 0x4e8c, 2 }, { 0x4e24, 2 },
		{ 0x5169, 2 }, { 0x4e09, 3 }, { 0x56db, 4 }, { 0x4e94, 5 }, { 0x516d, 6 },
		{ 0x4e03, 7 }, { 0x516b, 8 }, { 0x4e5d, 9 },
	};
	size_t i;

	*unit = 0;
	switch (c) {
	case 0x5341: *unit = 10; return -1;		/* 十 */
	case 0x767e: *unit = 100; return -1;		/* 百 */
	case 0x5343: *unit = 1000; return -1;		/* 千 */
	case 0x4e07: case 0x842c: *unit = 1e4; return -1;	/* 万 萬 */
	case 0x4ebf: case 0x5104: *unit = 1e8; return -1;	/* 亿 億 */
	default:
		break;
	}
	for (i = 0; i < ARRAY_SIZE(digit); i++)
		if (digit[i][0] == c)
			return (int)digit[i][1];
	return -1;
}

static int
is_cjk(ucs4_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) ||	/* kana */
	       (c >= 0x3400 && c <= 0x9fff) ||	/* CJK ideographs */
	       (c >= 0xf900 && c <= 0xfaff) || c == 0x3007;
}

/* A cheap test before cjk_numbers(): Han and kana take a lead byte
   0xe3-0xe9 or 0xef in UTF-8. */
static int
may_hold_cjk(const char *w)
{
	for (; *w != '\0'; w++)
		if ((unsigned char)*w >= 0xe3 && (unsigned char)*w <= 0xef)
			return 1;
	return 0;
}

/* Whether the word holds Han or kana (FW_CJK only says it may). */
static int
holds_cjk(const char *w)
{
	size_t pos = 0, end = strlen(w);
	int len;

	while (pos < end) {
		if (is_cjk(peek(w, pos, end, &len)))
			return 1;
		pos += (size_t)len;
	}
	return 0;
}

/*
 * The numbers inside a word of Han or kana: runs of ASCII digits (read as
 * digits_run() reads them) and of numeral characters, with their units,
 * so that 30亿 and 三十亿 are one figure.  A run needs a digit: 千万 ("by
 * all means") and 百姓 ("the people") hold units only.  A lone 一 is a soft
 * one, as "a" is in English (一些 "some", 统一 "unify").
 */
static void
cjk_numbers(const char *w, struct numbers *ns)
{
	size_t pos = 0, end = strlen(w), used;
	double total = 0, section = 0, number = 0, unit;
	int ones_only = 1, in_run = 0, last_digit = 0, len;

	for (;;) {
		ucs4_t c = 0;
		int d = -1;

		len = 1;
		unit = 0;
		if (pos < end) {
			c = peek(w, pos, end, &len);
			d = cjk_numeral(c, &unit);
		}
		if (c >= '0' && c <= '9') {
			number = digits_run(w + pos, &used);
			pos += used;
			in_run = 1;
			ones_only = 0;
			last_digit = 0;
			continue;
		}
		if (d >= 0) {
			/* 二〇二六: digits in a row are read positionally */
			number = last_digit ? number * 10 + d : d;
			if (d != 1 || last_digit)
				ones_only = 0;
			in_run = last_digit = 1;
			pos += (size_t)len;
			continue;
		}
		if (unit == 10 && !in_run && pos + (size_t)len < end) {
			/* 十五, 十万 open with the unit; 十分 ("very") is no number */
			int next_len;
			double next_unit;
			ucs4_t next = peek(w, pos + (size_t)len, end, &next_len);

			in_run = cjk_numeral(next, &next_unit) >= 0 || next_unit >= 1e4;
		}
		if (unit > 0 && in_run) {
			last_digit = 0;
			ones_only = 0;
			if (unit < 1e4) {
				section += (number != 0 ? number : 1) * unit;
			} else if (unit < 1e8) {
				/* 两亿三千万: a 万 multiplies its own section only */
				total += (section + number != 0 ? section + number : 1) * unit;
				section = 0;
			} else {
				/* 三万亿: a 亿 multiplies all before it */
				total = (total + section + number != 0 ? total + section + number : 1) *
					unit;
				section = 0;
			}
			number = 0;
			pos += (size_t)len;
			continue;
		}
		if (in_run)
			numbers_add(ns, ones_only ? NUMBER_SOFT_ONE : NUMBER_PLAIN,
				    total + section + number);
		total = section = number = 0;
		in_run = last_digit = 0;
		ones_only = 1;
		if (c == 0)
			break;
		pos += (size_t)len;
	}
}

static void
collect_numbers(const struct fside *fs, struct numbers *ns)
{
	size_t i = 0, k, p = 0;

	ns->count = 0;	/* the array stays from pair to pair (struct flags_scratch) */
	for (;;) {
		const struct fword *w;
		double value = 0, scale;
		size_t used = 0, more;
		enum number_kind kind;
		int soft = 0;

		/* the words between picks would only step i on */
		while (p < fs->pick_count[PICK_NUMBER] && fs->pick[PICK_NUMBER][p] < i)
			p++;
		if (p == fs->pick_count[PICK_NUMBER])
			break;
		i = fs->pick[PICK_NUMBER][p];
		w = &fs->word[i];

		if ((w->bits & FW_CJK) && holds_cjk(w->fold)) {
			cjk_numbers(w->fold, ns);
			i++;
			continue;
		}
		if (w->bits & FW_DIGIT) {
			value = digits_value(w->fold);
			used = 1;
			if (i + 1 < fs->count && !(fs->word[i + 1].classes & LEX_SCALE)) {
				;	/* no scale word, no "hundred" */
			} else if (i + 1 < fs->count && (scale = scale_word(fs->word[i + 1].fold)) > 0) {
				value *= scale;
				used = 2;
			} else if (i + 1 < fs->count &&
				   strcmp(fs->word[i + 1].fold, "hundred") == 0) {
				value *= 100;
				used = 2;
			}
		} else if (!((w->classes & LEX_NUMBER) || (w->bits & FW_HYPHEN) ||
			     (is_a_or_an(w->fold) && i + 1 < fs->count &&
			      (fs->word[i + 1].classes & LEX_SCALE))) ||
			   (used = spelled_number(fs, i, &value, &soft)) == 0) {
			if ((w->bits & FW_CAP) && (w->classes & LEX_DATE)) {
				for (k = 0; k < ARRAY_SIZE(months); k++)
					if (strcmp(w->fold, months[k]) == 0 &&
					    !((k == 2 || k == 4) && (w->bits & FW_INITIAL)))	/* March, May */
						numbers_add(ns, NUMBER_MONTH, (double)(k + 1));
				for (k = 0; k < ARRAY_SIZE(month_abbrevs); k++)
					if (strcmp(w->fold, month_abbrevs[k].word) == 0)
						numbers_add(ns, NUMBER_MONTH, month_abbrevs[k].month);
				for (k = 0; k < ARRAY_SIZE(weekdays); k++)
					if (strcmp(w->fold, weekdays[k]) == 0)
						numbers_add(ns, NUMBER_WEEKDAY, (double)(k + 1));
			}
			i++;
			continue;
		}
		kind = percent_after(fs, i + used, &more);
		if (soft && kind == NUMBER_PLAIN)
			kind = NUMBER_SOFT_ONE;
		numbers_add(ns, kind, value);
		i += used + more;
	}
}

static int
number_cmp(const void *a, const void *b)
{
	const struct number *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return 0;
}

/*
 * A sentence holds a handful of figures: an insertion sort, where qsort()
 * cost ~900 instructions a call.  Items equal under number_cmp() are equal
 * in every field, so any sort gives the same array.
 */
static void
numbers_sort(struct numbers *ns)
{
	size_t i, k;

	for (i = 1; i < ns->count; i++) {
		struct number x = ns->item[i];

		for (k = i; k > 0 && number_cmp(&ns->item[k - 1], &x) > 0; k--)
			ns->item[k] = ns->item[k - 1];
		ns->item[k] = x;
	}
}

static int
same_value(double a, double b)
{
	double scale = (a < 0 ? -a : a) > (b < 0 ? -b : b) ? (a < 0 ? -a : a) : (b < 0 ? -b : b);
	double diff = a - b;

	return (diff < 0 ? -diff : diff) <= 1e-9 * (scale > 1 ? scale : 1);
}

/*
 * The two multisets differ, up to the lone "one"s: a figure 1 left over on
 * one side is matched by a lone "one" of the other ("1 person" = "one
 * person"), and a lone "one" left over is never a difference.
 */
static int
numbers_differ(const struct fside *left, const struct fside *right, struct numbers ns[2])
{
	struct numbers a, b;
	size_t i = 0, k = 0, a_soft = 0, b_soft = 0, a_ones = 0, b_ones = 0;
	int differ = 0;

	collect_numbers(left, &ns[0]);
	collect_numbers(right, &ns[1]);
	a = ns[0];	/* the counts below shrink in the copies only */
	b = ns[1];
	numbers_sort(&a);
	numbers_sort(&b);
	while (a.count > 0 && a.item[a.count - 1].kind == NUMBER_SOFT_ONE) {
		a.count--;
		a_soft++;
	}
	while (b.count > 0 && b.item[b.count - 1].kind == NUMBER_SOFT_ONE) {
		b.count--;
		b_soft++;
	}
	while ((i < a.count || k < b.count) && !differ) {
		const struct number *x = i < a.count ? &a.item[i] : NULL;
		const struct number *y = k < b.count ? &b.item[k] : NULL;
		const struct number *extra;
		int left_extra;

		if (x != NULL && y != NULL && x->kind == y->kind && same_value(x->value, y->value)) {
			i++;
			k++;
			continue;
		}
		left_extra = y == NULL || (x != NULL && number_cmp(x, y) < 0);
		extra = left_extra ? x : y;
		if (left_extra)
			i++;
		else
			k++;
		if (extra->kind != NUMBER_PLAIN || !same_value(extra->value, 1))
			differ = 1;
		else if (left_extra)
			a_ones++;
		else
			b_ones++;
	}
	if (a_ones > b_soft || b_ones > a_soft)
		differ = 1;
	return differ;
}

/* ---- quotations ------------------------------------------------------ */

/* The quoted words of a side, space separated, hyphens as spaces. */
static char *
quoted_text(const struct fside *fs)
{
	size_t i, n = 0, cap = 1;
	char *out, *p;

	for (i = 0; i < fs->count; i++)
		if (fs->word[i].bits & FW_QUOTED)
			cap += strlen(fs->word[i].fold) + 1;
	out = xmalloc(cap);
	for (i = 0; i < fs->count; i++) {
		if (!(fs->word[i].bits & FW_QUOTED))
			continue;
		for (p = fs->word[i].fold; *p != '\0'; p++)
			out[n++] = *p == '-' ? ' ' : *p;
		out[n++] = ' ';
	}
	out[n] = '\0';
	return out;
}

static int
quotes_differ(const struct fside *left, const struct fside *right)
{
	char *a = quoted_text(left), *b = quoted_text(right);
	int differ = strcmp(a, b) != 0;

	free(a);
	free(b);
	return differ;
}

/* ---- negation -------------------------------------------------------- */

static size_t
count_negators(const struct fside *fs)
{
	size_t c, i, count = 0;

	/* the other words are no negators: the picks hold every word that
	   is one in the lexicon or holds an apostrophe */
	for (c = 0; c < fs->pick_count[PICK_CLAUSE]; c++) {
		const char *w;
		size_t n;

		i = fs->pick[PICK_CLAUSE][c];
		w = fs->word[i].fold;
		n = fs->word[i].fold_length;

		if (n == 2 && w[0] == 'n' && w[1] == 'o' && i + 1 < fs->count &&
		    (fs->word[i + 1].bits & FW_DIGIT))
			continue;	/* No. 10, no 3 */
		if ((fs->word[i].classes & LEX_NEGATOR) ||
		    (n > 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && w[n - 1] == 't') ||
		    (n > 2 && w[0] == 'n' && w[1] == '\''))	/* French n'est */
			count++;
	}
	return count;
}

/* ---- names ----------------------------------------------------------- */

/*
 * A word with its possessive cut: Russia's -> russia, students' -> students;
 * stored with the side.
 */
static char *
name_form(struct fside *fs, char *fold, size_t length)
{
	size_t n = length;
	size_t i;

	if (n > 2 && fold[n - 2] == '\'' && fold[n - 1] == 's')
		n -= 2;
	else if (n > 1 && fold[n - 1] == '\'')
		n -= 1;
	for (i = 0; n < 32 && (alias_lengths[(uint8_t)fold[0]] >> n & 1) &&
		    i < ARRAY_SIZE(alias_words); i++)
		if (alias_words[i][0][0] == fold[0] && strlen(alias_words[i][0]) == n &&
		    memcmp(alias_words[i][0], fold, n) == 0)
			return side_store(fs, alias_words[i][1], strlen(alias_words[i][1]));
	/* most words are their own name form: share the string (both are
	 * only read from here on) */
	return n == length ? fold : side_store(fs, fold, n);
}

struct entity {
	size_t first, count;	/* range in names.word */
	int definite;
};

/*
 * The arrays live in struct flags_scratch from pair to pair (emptied, not
 * freed); the pool is built only when a name is looked for in it.
 */
struct names {
	const struct fside *side;
	const char **word;	/* name words, hyphenated names split: the
				   words' own names, aliases or parts in part */
	size_t word_count, word_cap;
	char *part;		/* the parts of hyphenated names but the last */
	size_t part_used, part_cap;
	struct entity *entity;
	size_t entity_count, entity_cap;
	const char **pool;	/* every word of the side, name-formed (not owned) */
	size_t pool_count, pool_cap;
	int pooled;		/* pool built for this pair */
};

/* A NUL-terminated copy of p[0 .. n) in nm->part (sized by collect_names()). */
static const char *
names_part(struct names *nm, const char *p, size_t n)
{
	char *copy = nm->part + nm->part_used;

	memcpy(copy, p, n);
	copy[n] = '\0';
	nm->part_used += n + 1;
	return copy;
}

static void
names_word(struct names *nm, const char *w)
{
	if (nm->word_count == nm->word_cap) {
		nm->word_cap = nm->word_cap ? nm->word_cap * 2 : 16;
		nm->word = xreallocarray(nm->word, nm->word_cap, sizeof(*nm->word));
	}
	nm->word[nm->word_count++] = w;
}

static int
is_reporting_verb(const struct fword *w, const char **lemma)
{
	if (!(w->classes & LEX_REPORTING))
		return 0;
	if (lemma != NULL)
		*lemma = w->lemma;
	return 1;
}

/* A capitalised word that may be part of a name. */
static int
name_candidate(const struct fword *w)
{
	return (w->bits & FW_CAP) && !(w->bits & FW_DIGIT);
}

/* Not part of a name: function words, titles, and dates (numbers compare those). */
static int
name_dropped(const struct fword *w)
{
	if (w->bits & FW_ALLCAPS)
		return 0;
	return (w->name_classes & (LEX_STOP | LEX_HONORIFIC | LEX_DATE)) != 0;
}

/* Fold the aliases of entity words [first, count) in place. */
static void
entity_aliases(struct names *nm, struct entity *e)
{
	size_t i, k;

	for (i = e->first; i + 1 < e->first + e->count; i++) {
		for (k = 0; k < ARRAY_SIZE(aliases); k++) {
			if (strcmp(nm->word[i], aliases[k][0]) != 0 ||
			    strcmp(nm->word[i + 1], aliases[k][1]) != 0)
				continue;
			nm->word[i] = aliases[k][2];
			memmove(nm->word + i + 1, nm->word + i + 2,
				(nm->word_count - i - 2) * sizeof(*nm->word));
			nm->word_count--;
			e->count--;
			break;
		}
	}
}

/*
 * Words i..j open their unit and stand before a colon and a capital: a
 * dateline ("Moscow: Russia said...").  Labels such as "Update:" or
 * "Photograph:" are function words in the lexicon and never get here.
 */
static int
dateline(const struct fside *fs, size_t i, size_t j)
{
	size_t pos = fs->word[j].offset + fs->word[j].length;

	if (i > 0 && fs->word[i - 1].unit == fs->word[i].unit)
		return 0;
	while (fs->bytes[pos] == ' ')
		pos++;
	return fs->bytes[pos] == ':' && j + 1 < fs->count &&
	       fs->word[j + 1].unit == fs->word[j].unit && (fs->word[j + 1].bits & FW_CAP);
}

static void
collect_names(const struct fside *fs, struct names *nm)
{
	size_t i = 0, k, parts = 0, c;

	nm->side = fs;
	nm->word_count = nm->part_used = nm->entity_count = nm->pool_count = 0;
	nm->pooled = 0;
	/* room for the parts of every hyphenated name, allocated once */
	if (fs->marks & SIDE_FIGURE)
		for (c = 0; c < fs->pick_count[PICK_NAME]; c++)
			if (fs->word[fs->pick[PICK_NAME][c]].bits & FW_HYPHEN)
				parts += fs->word[fs->pick[PICK_NAME][c]].fold_length + 1;
	c = 0;
	if (parts > nm->part_cap) {
		free(nm->part);
		nm->part = xmalloc(parts);
		nm->part_cap = parts;
	}
	i = 0;
	for (;;) {
		size_t j;
		struct entity e;
		int strong = 0;
		size_t kept = 0;

		/* the words between candidates would only step i on */
		while (c < fs->pick_count[PICK_NAME] && fs->pick[PICK_NAME][c] < i)
			c++;
		if (c == fs->pick_count[PICK_NAME])
			break;
		i = j = fs->pick[PICK_NAME][c];
		if (!name_candidate(&fs->word[i])) {
			i++;	/* only the reference picks every word */
			continue;
		}
		while (j + 1 < fs->count && name_candidate(&fs->word[j + 1]) &&
		       (fs->word[j + 1].bits & FW_GLUED) && !(fs->word[j + 1].bits & FW_INITIAL) &&
		       fs->word[j + 1].unit == fs->word[i].unit)
			j++;
		e.first = nm->word_count;
		e.count = 0;
		for (k = i; k <= j; k++) {
			const struct fword *w = &fs->word[k];
			const char *p, *dash;

			if (name_dropped(w))
				continue;
			kept++;
			if (!(w->bits & FW_INITIAL) || (w->bits & (FW_ALLCAPS | FW_INNERCAP)))
				strong = 1;
			/* a name holds a hyphen only where its fold does */
			for (p = w->name; (w->bits & FW_HYPHEN) && (dash = strchr(p, '-')) != NULL;
			     p = dash + 1)
				names_word(nm, names_part(nm, p, (size_t)(dash - p)));
			names_word(nm, p);
			e.count = nm->word_count - e.first;
		}
		if (e.count == 0) {
			i = j + 1;
			continue;
		}
		/* two names in a row, or a speaker: "Dmitry Peskov", "Peskov said" */
		if (kept >= 2 || (j + 1 < fs->count &&
				     is_reporting_verb(&fs->word[j + 1], NULL)))
			strong = 1;
		if (dateline(fs, i, j))
			strong = 1;
		e.definite = strong && !(fs->word[i].bits & FW_TITLED);
		entity_aliases(nm, &e);
		if (nm->entity_count == nm->entity_cap) {
			nm->entity_cap = nm->entity_cap ? nm->entity_cap * 2 : 8;
			nm->entity = xreallocarray(nm->entity, nm->entity_cap, sizeof(*nm->entity));
		}
		nm->entity[nm->entity_count++] = e;
		i = j + 1;
	}
}

/* Every word of the side, name-formed, then the name words (aliases, parts). */
static void
names_pool(struct names *nm)
{
	const struct fside *fs = nm->side;
	size_t i, need = fs->count + nm->word_count + 1;

	if (nm->pooled)
		return;
	if (need > nm->pool_cap) {
		free(nm->pool);
		nm->pool = xreallocarray(NULL, need, sizeof(*nm->pool));
		nm->pool_cap = need;
	}
	nm->pool_count = 0;
	for (i = 0; i < fs->count; i++)
		nm->pool[nm->pool_count++] = fs->word[i].name;
	for (i = 0; i < nm->word_count; i++)
		nm->pool[nm->pool_count++] = nm->word[i];
	nm->pooled = 1;
}

static void
names_free(struct names *nm)
{
	free(nm->part);
	free(nm->word);
	free(nm->entity);
	free(nm->pool);
	memset(nm, 0, sizeof(*nm));
}

/*
 * Two name words for one place or people: equal, or a country and its
 * demonym (Russia / Russian, China / Chinese, Britain / British, Israel /
 * Israeli): a shared stem of four letters or more, each rest a known ending.
 * Austria / Australia and Iran / Iraq stay apart.
 */
static int
name_word_match(const char *x, const char *y)
{
	static const char *const endings[] = {
		"", "a", "e", "y", "n", "an", "ian", "ans", "ians", "ns", "ese",
		"ish", "ain", "i", "is", "s",
	};
	size_t stem = 0;

	if (x[0] != y[0])
		return 0;	/* no shared stem: most pairs of names */
	while (x[stem] != '\0' && x[stem] == y[stem])
		stem++;
	if (x[stem] == y[stem])
		return 1;	/* both ended: equal */
	if (stem < 4)
		return 0;
	/* Britain / British: the stem may stop before a shared letter */
	while (stem >= 4) {
		if (in_list(endings, ARRAY_SIZE(endings), x + stem) &&
		    in_list(endings, ARRAY_SIZE(endings), y + stem))
			return 1;
		stem--;
	}
	return 0;
}

/* Every word of entity e (of a) is among the words of entity f (of b). */
static int
entity_within(const struct names *a, const struct entity *e,
	      const struct names *b, const struct entity *f)
{
	size_t i, k;

	for (i = e->first; i < e->first + e->count; i++) {
		for (k = f->first; k < f->first + f->count; k++)
			if (name_word_match(a->word[i], b->word[k]))
				break;
		if (k == f->first + f->count)
			return 0;
	}
	return 1;
}

static int
entity_covered(const struct names *a, const struct entity *e, struct names *b)
{
	size_t i, k;

	for (i = 0; i < b->entity_count; i++)
		if (entity_within(a, e, b, &b->entity[i]) ||
		    entity_within(b, &b->entity[i], a, e))
			return 1;
	names_pool(b);
	for (i = e->first; i < e->first + e->count; i++) {
		for (k = 0; k < b->pool_count; k++)
			if (name_word_match(a->word[i], b->pool[k]))
				break;
		if (k == b->pool_count)
			return 0;
	}
	return 1;
}

static int
names_uncovered(const struct names *a, struct names *b)
{
	size_t i;

	for (i = 0; i < a->entity_count; i++)
		if (a->entity[i].definite && !entity_covered(a, &a->entity[i], b))
			return 1;
	return 0;
}

/*
 * The two sides collected the same name words in the same order: every
 * word of an entity is then among the other side's name words, which its
 * pool holds, and a word matches itself in name_word_match(), so every
 * entity is covered (entity_covered()) however the words fall into
 * entities.  Most change pairs keep their names.
 */
static int
names_alike(const struct names *a, const struct names *b)
{
	size_t i;

	if (a->word_count != b->word_count)
		return 0;
	for (i = 0; i < a->word_count; i++)
		if (a->word[i] != b->word[i] && strcmp(a->word[i], b->word[i]) != 0)
			return 0;
	return 1;
}

static int
names_differ(const struct fside *left, const struct fside *right, struct names nm[2],
	     int all)
{
	collect_names(left, &nm[0]);
	collect_names(right, &nm[1]);
	if (!all && names_alike(&nm[0], &nm[1]))
		return 0;
	return names_uncovered(&nm[0], &nm[1]) || names_uncovered(&nm[1], &nm[0]);
}

/* ---- attribution ----------------------------------------------------- */

struct attribution {
	const char *lemma[16];	/* distinct reporting verbs, table strings */
	size_t lemma_count;
	const char *speaker[16];	/* distinct named speakers: a word's name or
					   a table string, not owned */
	size_t speaker_count;
	int anonymous;		/* a verb whose speaker is a pronoun or unnamed */
};

/*
 * Two strings of the lexicon or the word tables: often the same pointer
 * (a lemma, an alias), else compared.
 */
static inline int
same_string(const char *a, const char *b)
{
	return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

/*
 * The last word of the name run through word k, name-formed: the word's
 * own name string or an alias of the table, either of which lives as long
 * as the pair's sides.
 */
static const char *
speaker_at(const struct fside *fs, size_t k)
{
	const char *w;
	size_t i;

	while (k + 1 < fs->count && name_candidate(&fs->word[k + 1]) &&
	       (fs->word[k + 1].bits & FW_GLUED) && !(fs->word[k + 1].bits & FW_INITIAL))
		k++;
	w = fs->word[k].name;
	if (k > 0)
		for (i = 0; i < ARRAY_SIZE(aliases); i++)
			if (same_string(fs->word[k - 1].fold, aliases[i][0]) &&
			    same_string(w, aliases[i][1]))
				return aliases[i][2];
	return w;
}

/*
 * Who speaks through the verb at word v: the nearest capitalised name
 * before it in the clause ("Dmitry Peskov said", "the Kremlin said"),
 * else after it ("said Peskov", "according to the U.S.").  NULL when the
 * speaker is a pronoun (*pronoun set) or is not named.
 */
static const char *
find_speaker(const struct fside *fs, size_t v, int forward_only, int *pronoun)
{
	const struct fword *verb = &fs->word[v];
	size_t k;

	*pronoun = 1;

	if (!forward_only) {
		for (k = v; k > 0 && v - k < 4; k--) {
			const struct fword *w = &fs->word[k - 1];

			if (w->unit != verb->unit || (w->bits & FW_QUOTED) != (verb->bits & FW_QUOTED))
				break;
			if (w->classes & LEX_PRONOUN)
				return NULL;
			if (name_candidate(w) && !name_dropped(w))
				return speaker_at(fs, k - 1);
			if (w->bits & FW_INITIAL)
				break;
		}
	}
	for (k = v + 1; k < fs->count && k - v <= 4; k++) {
		const struct fword *w = &fs->word[k];

		if (w->unit != verb->unit || (w->bits & FW_QUOTED) != (verb->bits & FW_QUOTED) ||
		    (w->bits & FW_INITIAL))
			break;
		if (w->classes & LEX_PRONOUN)
			return NULL;
		if (name_candidate(w) && !name_dropped(w))
			return speaker_at(fs, k);
	}
	*pronoun = 0;
	return NULL;
}

static int
is_modal(const struct fword *w)
{
	size_t n = strlen(w->fold);

	return (w->classes & LEX_MODAL) ||
	       (n > 3 && (strcmp(w->fold + n - 3, "'ll") == 0 || strcmp(w->fold + n - 2, "'d") == 0));
}

/*
 * Whether the verb at word v reports speech: it has a named or pronoun
 * speaker, or introduces a clause ("argue that", "said:"), or stands in a
 * sentence with a quotation, or follows a word that can be its subject.
 * This keeps out "the stated aim", "that being said", "in certain states",
 * "the United States" and an imperative "Say there is...".
 */
static int
reports_speech(const struct fside *fs, size_t v, int has_speaker)
{
	const struct fword *verb = &fs->word[v];
	const struct fword *prev = v > 0 && fs->word[v - 1].unit == verb->unit ?
				   &fs->word[v - 1] : NULL;
	size_t k, end = verb->offset + verb->length;

	if ((verb->bits & FW_CAP) && !(verb->bits & FW_INITIAL))
		return 0;
	/* "that being said"; "to claim that" is an argument, not a statement */
	if (prev != NULL && (same_string(prev->fold, "being") || same_string(prev->fold, "to")))
		return 0;
	if (has_speaker)
		return 1;
	if (v + 1 < fs->count && same_string(fs->word[v + 1].fold, "that"))
		return 1;
	if (prev != NULL && is_modal(prev))
		return 0;	/* "they'll acknowledge the possibility" */
	while (fs->bytes[end] == ' ')
		end++;
	if (fs->bytes[end] == ':')
		return 1;
	if ((fs->marks & SIDE_QUOTE) || fs->general)	/* else no word is quoted */
		for (k = 0; k < fs->count; k++)
			if (fs->word[k].unit == verb->unit && (fs->word[k].bits & FW_QUOTED))
				return 1;
	if ((verb->bits & FW_INITIAL) || prev == NULL || !(verb->bits & FW_GLUED))
		return 0;	/* "say" after a comma: "data, say, health data" */
	return !(prev->classes & LEX_NOT_SUBJECT);
}

static void
collect_attribution(const struct fside *fs, struct attribution *at)
{
	size_t c, i, k;

	at->lemma_count = at->speaker_count = 0;	/* the arrays are read up to them */
	at->anonymous = 0;
	if (!(fs->seen & LEX_REPORTING) && !fs->general)
		return;		/* no reporting verb on this side */
	for (c = 0; c < fs->pick_count[PICK_CLAUSE]; c++) {
		const char *lemma, *speaker;
		int according, pronoun;

		i = fs->pick[PICK_CLAUSE][c];	/* the reporting verbs among them */
		if (!is_reporting_verb(&fs->word[i], &lemma) || (fs->word[i].bits & FW_QUOTED))
			continue;
		according = same_string(lemma, "according");
		if (according && (i + 1 >= fs->count || !same_string(fs->word[i + 1].fold, "to")))
			continue;
		speaker = find_speaker(fs, according ? i + 1 : i, according, &pronoun);
		if (!according && !reports_speech(fs, i, speaker != NULL || pronoun))
			continue;
		for (k = 0; k < at->lemma_count; k++)
			if (same_string(at->lemma[k], lemma))
				break;
		if (k == at->lemma_count && k < ARRAY_SIZE(at->lemma))
			at->lemma[at->lemma_count++] = lemma;
		if (speaker == NULL) {
			at->anonymous = 1;
			continue;
		}
		for (k = 0; k < at->speaker_count; k++)
			if (same_string(at->speaker[k], speaker))
				break;
		if (k == at->speaker_count && k < ARRAY_SIZE(at->speaker))
			at->speaker[at->speaker_count++] = speaker;
	}
}

/* Some speaker of a is named nowhere among b's speakers. */
static int
speakers_missing(const struct attribution *a, const struct attribution *b)
{
	size_t i, k;

	for (i = 0; i < a->speaker_count; i++) {
		for (k = 0; k < b->speaker_count; k++)
			if (same_string(a->speaker[i], b->speaker[k]))
				break;
		if (k == b->speaker_count)
			return 1;
	}
	return 0;
}

static int
lemmas_missing(const struct attribution *a, const struct attribution *b)
{
	size_t i, k;

	for (i = 0; i < a->lemma_count; i++) {
		for (k = 0; k < b->lemma_count; k++)
			if (same_string(a->lemma[i], b->lemma[k]))
				break;
		if (k == b->lemma_count)
			return 1;
	}
	return 0;
}

static int
attribution_differs(const struct fside *left, const struct fside *right)
{
	struct attribution a, b;
	int differ;

	collect_attribution(left, &a);
	collect_attribution(right, &b);
	differ = lemmas_missing(&a, &b) || lemmas_missing(&b, &a) ||
		 (speakers_missing(&a, &b) && !b.anonymous) ||
		 (speakers_missing(&b, &a) && !a.anonymous);
	return differ;
}

/* ---- entry point ----------------------------------------------------- */

/*
 * The lexed words and the name arrays of the two halves of a pair, kept
 * between pairs so that a run of pairs reuses their arrays instead of
 * allocating them anew.
 */
struct flags_scratch {
	struct fside side[2];
	struct lex_share share;
	struct names names[2];
	struct numbers numbers[2];
	int reference;		/* every pass on every pair (flags_scratch_new_reference()) */
};

struct flags_scratch *
flags_scratch_new(void)
{
	return xcalloc(1, sizeof(struct flags_scratch));
}

struct flags_scratch *
flags_scratch_new_reference(void)
{
	struct flags_scratch *scratch = flags_scratch_new();

	scratch->reference = 1;
	return scratch;
}

static void
scratch_release(struct flags_scratch *scratch)
{
	free_side(&scratch->side[0]);
	free_side(&scratch->side[1]);
	names_free(&scratch->names[0]);
	names_free(&scratch->names[1]);
	free(scratch->numbers[0].item);
	free(scratch->numbers[1].item);
	memset(scratch->numbers, 0, sizeof(scratch->numbers));
	free(scratch->share.bits);
	memset(&scratch->share, 0, sizeof(scratch->share));
}

void
flags_scratch_free(struct flags_scratch *scratch)
{
	if (scratch == NULL)
		return;
	scratch_release(scratch);
	free(scratch);
}

/*
 * Whether the passes read the same bytes after a pair's last unit, which
 * ends at a and at b (NUL-terminated, a_left and b_left bytes to the NUL).
 * Past a unit they read only the spaces after a word and the character
 * after them (percent_after(), reports_speech(), dateline()), so nothing
 * when the unit ends in an ASCII character that is neither a space nor a
 * word character (a full stop); else the bytes are compared up to an ASCII
 * one that is not a space, which covers any space and character.
 */
static int
same_trailer(const char *a, size_t a_left, const char *b, size_t b_left)
{
	uint8_t last = (uint8_t)a[-1];
	size_t i;

	if (last < 0x80 && !(ascii_class[last] & (CHAR_SPACE | CHAR_WORD)))
		return 1;
	for (i = 0;; i++) {
		uint8_t ca = i < a_left ? (uint8_t)a[i] : 0, cb = i < b_left ? (uint8_t)b[i] : 0;

		if (ca != cb)
			return 0;
		if (ca == 0 || (ca < 0x80 && !(ascii_class[ca] & CHAR_SPACE)))
			return 1;
	}
}

/*
 * Whether the two halves of entry are one text: as many units, of the
 * same lengths at the same distances, the same bytes from the first unit
 * through the last and the same bytes after it as far as any pass reads
 * (same_trailer()).  The lexer then reads the same words with the same
 * facts on both sides, every feature is the same, and a side compared with
 * a copy of itself raises no flag (tested).  Most moves are such pairs.
 */
static int
halves_identical(const struct comparison *cmp, const struct align_entry *entry)
{
	const struct side *a = &cmp->side[0], *b = &cmp->side[1];
	const struct unit *ua, *ub;
	size_t n = entry->left_count, i, a_base, b_base, span;

	if (n == 0 || n != entry->right_count || entry->left_first + n > a->units.count ||
	    entry->right_first + n > b->units.count)
		return 0;
	ua = &a->units.unit[entry->left_first];
	ub = &b->units.unit[entry->right_first];
	a_base = ua[0].offset;
	b_base = ub[0].offset;
	for (i = 0; i < n; i++)
		if (ua[i].length != ub[i].length || ua[i].offset - a_base != ub[i].offset - b_base)
			return 0;
	span = ua[n - 1].offset + ua[n - 1].length - a_base;
	return span > 0 && memcmp(a->text->bytes + a_base, b->text->bytes + b_base, span) == 0 &&
	       same_trailer(a->text->bytes + a_base + span, a->text->length - a_base - span,
			    b->text->bytes + b_base + span, b->text->length - b_base - span);
}

/*
 * A pair whose halves are one text (halves_identical()) raises no flag
 * without being read.  A kind is compared only when some word of either
 * side holds what it reads (struct fside's seen and marks): else both
 * sides' features are empty, hence equal, and the kind cannot flag.  A
 * reference scratch reads every pair and runs every pass, which the
 * tests compare against.
 */
unsigned
flags_entry_scratch(const struct comparison *cmp, const struct align_entry *entry,
		    struct flags_scratch *scratch)
{
	struct fside *left = &scratch->side[0], *right = &scratch->side[1];
	struct lex_share *share;
	unsigned flags = 0, seen, marks;
	int all = scratch->reference;

	if (entry->op != ALIGN_CHANGE && entry->op != ALIGN_MOVE)
		return 0;
	flags_init();	/* the lexer's character classes too */
	if (!all && halves_identical(cmp, entry))
		return 0;
	left->general = right->general = all;
	share = all ? NULL : &scratch->share;
	if (share != NULL) {
		share->point = lex_share_point(cmp, entry);
		share->tail = lex_share_tail(cmp, entry, share->point);
		if (share->point == 0 && share->tail == 0)
			share = NULL;
	}
	lex_side(cmp, 0, entry->left_first, entry->left_count, left, share, NULL);
	lex_side(cmp, 1, entry->right_first, entry->right_count, right, share, left);
	seen = left->seen | right->seen;
	marks = left->marks | right->marks;
	/* a number needs a digit, a hyphen, CJK, a number word, a scale
	   word after "a" or a month or weekday (collect_numbers()) */
	if ((all || (marks & SIDE_FIGURE) || (seen & (LEX_NUMBER | LEX_SCALE | LEX_DATE))) &&
	    numbers_differ(left, right, scratch->numbers))
		flags |= ALIGN_FLAG_NUMBER;
	if ((all || (marks & SIDE_QUOTE)) && quotes_differ(left, right))
		flags |= ALIGN_FLAG_QUOTE;
	if ((all || (seen & LEX_REPORTING)) && attribution_differs(left, right))
		flags |= ALIGN_FLAG_ATTRIBUTION;
	if ((all || (marks & SIDE_APOSTROPHE) || (seen & LEX_NEGATOR)) &&
	    count_negators(left) != count_negators(right))
		flags |= ALIGN_FLAG_NEGATION;
	if (names_differ(left, right, scratch->names, all))
		flags |= ALIGN_FLAG_NAME;
	empty_side(left);
	empty_side(right);
	return flags;
}

unsigned
flags_entry(const struct comparison *cmp, const struct align_entry *entry)
{
	struct flags_scratch scratch;
	unsigned flags;

	memset(&scratch, 0, sizeof(scratch));
	flags = flags_entry_scratch(cmp, entry, &scratch);
	scratch_release(&scratch);
	return flags;
}
