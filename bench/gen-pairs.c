/*
 * gen-pairs: write a paraphrase-like article pair for the benchmark.
 *
 *     gen-pairs [-s SEED] SENTENCES LEFT RIGHT
 *
 * LEFT gets an "article" of SENTENCES sentences in paragraphs of two to six:
 * words drawn from a Zipf-like vocabulary (a few hundred function words and
 * thousands of made-up content words), with names, numbers ("1,240", "3.5",
 * "2019"), quotations, attributions ("Mr. Okafor said") and commas, so the
 * segmenter and tokenizer do the work they do on news.
 *
 * RIGHT is LEFT rewritten the way a copy desk rewrites a wire story, each
 * sentence in turn: most kept word for word, many paraphrased (words
 * substituted, inserted, deleted, a clause reordered), some dropped, some
 * split in two, some merged with the next, some moved a few paragraphs away,
 * and new sentences added; paragraphs are re-cut.
 *
 * The output depends only on SEED and SENTENCES (a xorshift generator, no
 * locale, no time): the same files on every machine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VOCABULARY 6000
#define NAMES 400
#define WORD_MAX 16

struct rng {
	uint64_t state;
};

static uint64_t
rng_next(struct rng *r)
{
	/* xorshift64* (Vigna 2016): small, fast, good enough for test data. */
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 2685821657736338717ull;
}

static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)((rng_next(r) >> 33) % n);
}

static int
rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 1000) < percent * 10;
}

static const char *const function_words[] = {
	"the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as",
	"by", "at", "from", "his", "her", "it", "an", "were", "are", "which", "this", "be",
	"has", "had", "have", "not", "but", "after", "over", "its", "their", "more", "than",
	"about", "into", "who", "they", "been", "would", "could", "will", "also", "before",
	"under", "while", "some", "most", "against", "between", "during", "since", "new",
	"last", "first", "two", "three", "other", "many", "said", "told", "according",
};

static const char *const syllables[] = {
	"ka", "ro", "ten", "mi", "sar", "lo", "ve", "dan", "ri", "pol", "ta", "ne", "gor",
	"shi", "ber", "la", "mon", "tu", "fel", "din", "ar", "cos", "pe", "vin", "ga", "hol",
	"zu", "ke", "mar", "sto", "bri", "en", "qua", "dre", "lin", "or", "pa", "wes", "ti",
};

struct vocabulary {
	char word[VOCABULARY][WORD_MAX];
	char name[NAMES][WORD_MAX];
};

static void
make_word(struct rng *r, char *out, unsigned parts)
{
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < parts; i++)
		strcat(out, syllables[rng_below(r, sizeof(syllables) / sizeof(syllables[0]))]);
}

static void
vocabulary_init(struct vocabulary *v, struct rng *r)
{
	unsigned i;

	for (i = 0; i < VOCABULARY; i++)
		make_word(r, v->word[i], 1 + rng_below(r, 3));
	for (i = 0; i < NAMES; i++) {
		make_word(r, v->name[i], 2 + rng_below(r, 2));
		v->name[i][0] = (char)(v->name[i][0] - 'a' + 'A');
	}
}

/* A growing string. */
struct buf {
	char *s;
	size_t length, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->length + n + 1 > b->cap) {
		b->cap = (b->length + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL) {
			perror("gen-pairs");
			exit(2);
		}
	}
	memcpy(b->s + b->length, s, n);
	b->length += n;
	b->s[b->length] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A sentence is a list of words; punctuation rides on the words. */
struct sentence {
	char **word;
	size_t count;
};

static void
sentence_push(struct sentence *s, const char *w)
{
	s->word = realloc(s->word, (s->count + 1) * sizeof(*s->word));
	if (s->word == NULL || (s->word[s->count] = strdup(w)) == NULL) {
		perror("gen-pairs");
		exit(2);
	}
	s->count++;
}

/* Append punctuation to word i (words are allocated to their length). */
static void
word_append(struct sentence *s, size_t i, const char *suffix)
{
	size_t n = strlen(s->word[i]);

	s->word[i] = realloc(s->word[i], n + strlen(suffix) + 1);
	if (s->word[i] == NULL) {
		perror("gen-pairs");
		exit(2);
	}
	strcpy(s->word[i] + n, suffix);
}

/* Drop trailing punctuation from word i. */
static void
word_strip(struct sentence *s, size_t i)
{
	size_t n = strlen(s->word[i]);

	while (n > 1 && strchr(".,?", s->word[i][n - 1]) != NULL)
		s->word[i][--n] = '\0';
}

static void
sentence_free(struct sentence *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		free(s->word[i]);
	free(s->word);
	s->word = NULL;
	s->count = 0;
}

static void
sentence_copy(struct sentence *to, const struct sentence *from)
{
	size_t i;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->count; i++)
		sentence_push(to, from->word[i]);
}

/* A content word, Zipf-like: low indices far more often. */
static const char *
content_word(struct vocabulary *v, struct rng *r)
{
	unsigned x = rng_below(r, VOCABULARY), y = rng_below(r, VOCABULARY);

	return v->word[(size_t)x * y / VOCABULARY];
}

static void
random_word(struct vocabulary *v, struct rng *r, char *out)
{
	unsigned kind = rng_below(r, 100);

	if (kind < 40)
		snprintf(out, WORD_MAX, "%s",
			 function_words[rng_below(r, sizeof(function_words) / sizeof(function_words[0]))]);
	else if (kind < 93)
		snprintf(out, WORD_MAX, "%s", content_word(v, r));
	else if (kind < 97)
		snprintf(out, WORD_MAX, "%s", v->name[rng_below(r, NAMES)]);
	else if (kind < 98)
		snprintf(out, WORD_MAX, "%u,%03u", 1 + rng_below(r, 99), rng_below(r, 1000));
	else if (kind < 99)
		snprintf(out, WORD_MAX, "%u.%u", rng_below(r, 100), rng_below(r, 10));
	else
		snprintf(out, WORD_MAX, "%u", rng_below(r, 2030));
}

static void
capitalize(char *w)
{
	if (w[0] >= 'a' && w[0] <= 'z')
		w[0] = (char)(w[0] - 'a' + 'A');
}

static void
make_sentence(struct vocabulary *v, struct rng *r, struct sentence *s)
{
	unsigned length = 6 + rng_below(r, 12) + rng_below(r, 12), i;
	char w[WORD_MAX + 8];

	memset(s, 0, sizeof(*s));
	for (i = 0; i < length; i++) {
		random_word(v, r, w);
		if (i == 0)
			capitalize(w);
		if (i > 2 && i + 2 < length && rng_chance(r, 6))
			strcat(w, ",");
		sentence_push(s, w);
	}
	if (rng_chance(r, 12)) {
		/* Attribution: "..., Mr. Name said." */
		word_append(s, s->count - 1, ",");
		sentence_push(s, rng_chance(r, 50) ? "Mr." : "Dr.");
		sentence_push(s, v->name[rng_below(r, NAMES)]);
		sentence_push(s, "said.");
	} else {
		word_append(s, s->count - 1, rng_chance(r, 5) ? "?" : ".");
	}
}

/* Paraphrase in place: substitute, insert and delete words. */
static void
paraphrase(struct vocabulary *v, struct rng *r, struct sentence *s)
{
	struct sentence out = { NULL, 0 };
	size_t i;
	unsigned rate = 8 + rng_below(r, 25);	/* percent of words touched */
	char w[WORD_MAX + 8];

	for (i = 0; i < s->count; i++) {
		const char *word = s->word[i];
		size_t n = strlen(word);
		int last = i + 1 == s->count;

		if (!last && rng_chance(r, rate / 3))
			continue;	/* deleted */
		if (rng_chance(r, rate / 3)) {
			random_word(v, r, w);
			sentence_push(&out, w);	/* inserted */
		}
		if (rng_chance(r, rate) && n > 0 && (word[n - 1] >= 'a' && word[n - 1] <= 'z')) {
			random_word(v, r, w);	/* substituted */
			if (i == 0)
				capitalize(w);
			sentence_push(&out, w);
		} else {
			sentence_push(&out, word);
		}
	}
	if (out.count > 0 && out.word[0][0] >= 'a' && out.word[0][0] <= 'z')
		capitalize(out.word[0]);
	sentence_free(s);
	*s = out;
}

static void
emit_sentence(struct buf *b, const struct sentence *s, int *in_paragraph)
{
	size_t i;

	if (*in_paragraph)
		buf_str(b, " ");
	for (i = 0; i < s->count; i++) {
		if (i)
			buf_str(b, " ");
		buf_str(b, s->word[i]);
	}
	*in_paragraph = 1;
}

static void
end_paragraph(struct buf *b, int *in_paragraph)
{
	if (*in_paragraph)
		buf_str(b, "\n\n");
	*in_paragraph = 0;
}

static void
write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(b->s, 1, b->length, f) != b->length || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* A sentence waiting to be emitted later on the right (a move). */
struct pending {
	struct sentence sentence;
	size_t due;	/* emit after this many more right sentences */
};

int
main(int argc, char **argv)
{
	struct vocabulary *v = calloc(1, sizeof(*v));
	struct rng r = { 0x9e3779b97f4a7c15ull };
	struct buf left = { NULL, 0, 0 }, right = { NULL, 0, 0 };
	struct sentence *article;
	struct pending *pending;
	size_t count, i, pending_count = 0;
	int in_left = 0, in_right = 0, arg = 1;
	unsigned left_para = 0, right_para = 0;
	unsigned long long seed = 1;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		seed = strtoull(argv[2], NULL, 10);
		arg = 3;
	}
	if (argc - arg != 3 || v == NULL) {
		fprintf(stderr, "usage: gen-pairs [-s SEED] SENTENCES LEFT RIGHT\n");
		return 2;
	}
	count = strtoul(argv[arg], NULL, 10);
	r.state ^= seed * 0xbf58476d1ce4e5b9ull;
	if (r.state == 0)
		r.state = 1;
	vocabulary_init(v, &r);

	article = calloc(count + 1, sizeof(*article));
	pending = calloc(count + 1, sizeof(*pending));
	if (article == NULL || pending == NULL) {
		perror("gen-pairs");
		return 2;
	}
	for (i = 0; i < count; i++)
		make_sentence(v, &r, &article[i]);

	/* The left article: paragraphs of two to six sentences. */
	for (i = 0; i < count; i++) {
		if (left_para == 0) {
			end_paragraph(&left, &in_left);
			left_para = 2 + rng_below(&r, 5);
		}
		emit_sentence(&left, &article[i], &in_left);
		left_para--;
	}
	end_paragraph(&left, &in_left);

	/* The right article: the rewrite. */
	for (i = 0; i < count; i++) {
		struct sentence s;
		unsigned fate = rng_below(&r, 1000);
		size_t k;

		sentence_copy(&s, &article[i]);
		if (fate < 50) {			/* 5%: dropped */
			sentence_free(&s);
		} else if (fate < 90) {			/* 4%: moved 3 to 60 sentences on */
			pending[pending_count].sentence = s;
			pending[pending_count].due = 3 + rng_below(&r, 58);
			pending_count++;
			continue;
		} else if (fate < 120 && s.count >= 8) {	/* 3%: split in two */
			struct sentence second = { NULL, 0 };
			size_t cut = s.count / 2;

			for (k = cut; k < s.count; k++)
				sentence_push(&second, s.word[k]);
			while (s.count > cut)
				free(s.word[--s.count]);
			word_strip(&s, s.count - 1);
			word_append(&s, s.count - 1, ".");
			capitalize(second.word[0]);
			if (rng_chance(&r, 50))
				paraphrase(v, &r, &second);
			if (right_para == 0) {
				end_paragraph(&right, &in_right);
				right_para = 2 + rng_below(&r, 5);
			}
			emit_sentence(&right, &s, &in_right);
			sentence_free(&s);
			s = second;
		} else if (fate < 150 && i + 1 < count) {	/* 3%: merged with the next */
			const struct sentence *next = &article[i + 1];
			size_t first = s.count + 1;

			word_strip(&s, s.count - 1);
			word_append(&s, s.count - 1, ",");
			sentence_push(&s, "and");
			for (k = 0; k < next->count; k++)
				sentence_push(&s, next->word[k]);
			/* "..., and The" reads wrong: lower a capitalised function word. */
			for (k = 0; k < sizeof(function_words) / sizeof(function_words[0]); k++)
				if (strcasecmp(s.word[first], function_words[k]) == 0)
					s.word[first][0] = function_words[k][0];
			i++;
		} else if (fate < 450) {		/* 30%: paraphrased */
			paraphrase(v, &r, &s);
		}					/* the rest: verbatim */

		for (;;) {
			if (s.count > 0) {
				if (right_para == 0) {
					end_paragraph(&right, &in_right);
					right_para = 2 + rng_below(&r, 5);
				}
				emit_sentence(&right, &s, &in_right);
				right_para--;
				sentence_free(&s);
				if (rng_chance(&r, 5)) {	/* 5%: a new sentence after it */
					make_sentence(v, &r, &s);
					continue;
				}
			}
			break;
		}
		/* Moved sentences fall due as the right article advances. */
		for (k = 0; k < pending_count;) {
			if (pending[k].due-- == 0) {
				if (right_para == 0) {
					end_paragraph(&right, &in_right);
					right_para = 2 + rng_below(&r, 5);
				}
				emit_sentence(&right, &pending[k].sentence, &in_right);
				right_para--;
				sentence_free(&pending[k].sentence);
				pending[k] = pending[--pending_count];
			} else {
				k++;
			}
		}
	}
	for (i = 0; i < pending_count; i++) {
		emit_sentence(&right, &pending[i].sentence, &in_right);
		sentence_free(&pending[i].sentence);
	}
	end_paragraph(&right, &in_right);

	write_file(argv[arg + 1], &left);
	write_file(argv[arg + 2], &right);
	for (i = 0; i < count; i++)
		sentence_free(&article[i]);
	free(article);
	free(pending);
	free(left.s);
	free(right.s);
	free(v);
	return 0;
}
