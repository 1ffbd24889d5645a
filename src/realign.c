/*
 * realign: alignments at other thresholds, computed in a background thread.
 * See realign.h.
 *
 * Idea: a producer-consumer pair around one mutex.  The viewer writes the
 * wish list (thresholds, most wanted first) and takes finished alignments;
 * the worker sleeps on a condition variable until some wanted alignment is
 * neither held nor being computed, computes it outside the lock (through
 * its align_memo, which no other thread touches), and files it.  Nothing
 * interrupts a computation: a wish dropped meanwhile only wastes one run
 * (about 10-20 ms at 30k sentences a side once the memo is prepared).
 *
 * Invariants: the worker reads the comparison's sides and never writes the
 * comparison; every field below the mutex is touched only with it held;
 * held alignments have distinct options; at most REALIGN_HELD are held.
 *
 * If no thread can be started, realign_take() computes the wanted
 * alignment itself: slow, but + and - still work.
 *
 * Cost: the memo's (align.h); memory, the memo and up to REALIGN_HELD
 * alignments.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flags.h"
#include "realign.h"
#include "util.h"

#define REALIGN_WANT 4
#define REALIGN_HELD 6

struct realign {
	const struct comparison *cmp;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int started;		/* the worker runs */
	int inline_only;	/* no thread could be started */
	/* Under lock: */
	int quit;
	struct align_options want[REALIGN_WANT];
	size_t want_count;
	struct alignment held[REALIGN_HELD];	/* oldest first */
	size_t held_count;
	/* Alignments dropped: the worker frees them (30k entries and their
	   word lists take milliseconds that a key should not wait). */
	struct alignment *trash;
	size_t trash_count, trash_cap;
	int computing;
	struct align_options current;	/* what the worker computes */
	struct realign_stats stats;
	/* The worker's alone (or the caller's, inline_only): */
	struct align_memo *memo;
};

static double
realign_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
realign_same(const struct align_options *a, const struct align_options *b)
{
	return a->threshold == b->threshold && !a->moves == !b->moves;
}

static int
realign_wanted(const struct realign *realign, const struct align_options *options)
{
	size_t i;

	for (i = 0; i < realign->want_count; i++)
		if (realign_same(&realign->want[i], options))
			return 1;
	return 0;
}

static size_t
realign_find(const struct realign *realign, const struct align_options *options)
{
	size_t i;

	for (i = 0; i < realign->held_count; i++)
		if (realign_same(&realign->held[i].options, options))
			return i;
	return SIZE_MAX;
}

/* Remove held[i]: into *out. */
static void
realign_remove(struct realign *realign, size_t i, struct alignment *out)
{
	*out = realign->held[i];
	memmove(&realign->held[i], &realign->held[i + 1],
		(realign->held_count - i - 1) * sizeof(realign->held[0]));
	realign->held_count--;
}

/*
 * File *alignment (zeroed after); what has to go to make room (or a copy of
 * one already held) goes to *drop for the caller to free outside the lock.
 */
static void
realign_hold(struct realign *realign, struct alignment *alignment, struct alignment *drop)
{
	size_t i;

	memset(drop, 0, sizeof(*drop));
	if (realign_find(realign, &alignment->options) != SIZE_MAX) {
		*drop = *alignment;
		memset(alignment, 0, sizeof(*alignment));
		return;
	}
	if (realign->held_count == REALIGN_HELD) {
		/* The oldest that is not wanted, else the oldest. */
		for (i = 0; i < realign->held_count; i++)
			if (!realign_wanted(realign, &realign->held[i].options))
				break;
		realign_remove(realign, i < realign->held_count ? i : 0, drop);
	}
	realign->held[realign->held_count++] = *alignment;
	memset(alignment, 0, sizeof(*alignment));
}

/* Put *alignment in the trash for the worker to free, under lock. */
static void
realign_trash(struct realign *realign, struct alignment *alignment)
{
	if (alignment->entry == NULL)
		return;
	if (realign->trash_count == realign->trash_cap) {
		realign->trash_cap = realign->trash_cap ? realign->trash_cap * 2 : 8;
		realign->trash = xreallocarray(realign->trash, realign->trash_cap,
					       sizeof(*realign->trash));
	}
	realign->trash[realign->trash_count++] = *alignment;
	memset(alignment, 0, sizeof(*alignment));
}

/* Free the trash, outside the lock (taken and given back). */
static void
realign_empty_trash(struct realign *realign)
{
	struct alignment *trash = realign->trash;
	size_t i, count = realign->trash_count;

	if (count == 0)
		return;
	realign->trash = NULL;
	realign->trash_count = realign->trash_cap = 0;
	pthread_mutex_unlock(&realign->lock);
	for (i = 0; i < count; i++)
		alignment_free(&trash[i]);
	free(trash);
	pthread_mutex_lock(&realign->lock);
}

/* With no worker, the caller frees the trash. */
static void
realign_empty_trash_now(struct realign *realign)
{
	pthread_mutex_lock(&realign->lock);
	realign_empty_trash(realign);
	pthread_mutex_unlock(&realign->lock);
}

/* The most wanted alignment that is neither held nor being computed. */
static int
realign_next(const struct realign *realign, struct align_options *job)
{
	size_t i;

	for (i = 0; i < realign->want_count; i++) {
		if (realign_find(realign, &realign->want[i]) != SIZE_MAX)
			continue;
		if (realign->computing && realign_same(&realign->current, &realign->want[i]))
			continue;
		*job = realign->want[i];
		return 1;
	}
	return 0;
}

/* Compute one alignment with the memo (made on first use). */
static void
realign_compute(struct realign *realign, const struct align_options *job,
		struct alignment *out, double *spent)
{
	double start = realign_now_ms();

	if (realign->memo == NULL)
		realign->memo = align_memo_new(realign->cmp);
	align_compute(realign->memo, job, out);
	*spent = realign_now_ms() - start;
}

static void
realign_count(struct realign *realign, double spent)
{
	if (realign->stats.computed == 0)
		realign->stats.first_ms = spent;
	realign->stats.computed++;
	realign->stats.total_ms += spent;
	realign->stats.last_ms = spent;
}

static void *
realign_worker(void *data)
{
	struct realign *realign = data;
	struct align_options job;
	struct alignment done, drop;
	double spent;

	pthread_mutex_lock(&realign->lock);
	while (!realign->quit) {
		if (realign->trash_count > 0) {
			realign_empty_trash(realign);
			continue;
		}
		if (!realign_next(realign, &job)) {
			pthread_cond_wait(&realign->wake, &realign->lock);
			continue;
		}
		realign->computing = 1;
		realign->current = job;
		pthread_mutex_unlock(&realign->lock);

		realign_compute(realign, &job, &done, &spent);

		pthread_mutex_lock(&realign->lock);
		realign->computing = 0;
		realign_count(realign, spent);
		realign_hold(realign, &done, &drop);
		realign_trash(realign, &drop);
	}
	pthread_mutex_unlock(&realign->lock);
	return NULL;
}

struct realign *
realign_new(const struct comparison *cmp)
{
	struct realign *realign = xcalloc(1, sizeof(*realign));

	realign->cmp = cmp;
	pthread_mutex_init(&realign->lock, NULL);
	pthread_cond_init(&realign->wake, NULL);
	/* The lexicon the worker's flags read: built here, before any worker
	   exists (flags_init() is also safe from threads, through pthread_once). */
	flags_init();
	return realign;
}

/* Start the worker, with every signal blocked: they are the viewer's. */
static void
realign_start(struct realign *realign)
{
	sigset_t all, saved;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &saved);
	if (pthread_create(&realign->thread, NULL, realign_worker, realign) == 0)
		realign->started = 1;
	else
		realign->inline_only = 1;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

void
realign_want(struct realign *realign, const struct align_options *options,
	     const double *threshold, size_t count)
{
	struct alignment drop;
	size_t i;

	if (count > REALIGN_WANT)
		count = REALIGN_WANT;
	pthread_mutex_lock(&realign->lock);
	realign->want_count = count;
	for (i = 0; i < count; i++) {
		realign->want[i] = *options;
		realign->want[i].threshold = threshold[i];
	}
	for (i = realign->held_count; i > 0; i--)
		if (!realign_wanted(realign, &realign->held[i - 1].options)) {
			realign_remove(realign, i - 1, &drop);
			realign_trash(realign, &drop);
		}
	pthread_cond_signal(&realign->wake);
	pthread_mutex_unlock(&realign->lock);
	if (!realign->started && !realign->inline_only)
		realign_start(realign);
	if (realign->inline_only)
		realign_empty_trash_now(realign);
}

int
realign_take(struct realign *realign, const struct align_options *options,
	     struct alignment *out)
{
	size_t i;
	double spent;

	pthread_mutex_lock(&realign->lock);
	i = realign_find(realign, options);
	if (i != SIZE_MAX)
		realign_remove(realign, i, out);
	pthread_mutex_unlock(&realign->lock);
	if (i != SIZE_MAX)
		return 1;
	if (!realign->inline_only)
		return 0;
	/* No worker: do its job now. */
	realign_compute(realign, options, out, &spent);
	realign_count(realign, spent);
	return 1;
}

void
realign_give(struct realign *realign, struct alignment *alignment)
{
	struct alignment drop;

	pthread_mutex_lock(&realign->lock);
	realign_hold(realign, alignment, &drop);
	realign_trash(realign, &drop);
	pthread_cond_signal(&realign->wake);
	pthread_mutex_unlock(&realign->lock);
	if (realign->inline_only)
		realign_empty_trash_now(realign);
}

int
realign_busy(struct realign *realign)
{
	struct align_options job;
	int busy;

	pthread_mutex_lock(&realign->lock);
	busy = realign->computing || (realign->started && realign_next(realign, &job));
	pthread_mutex_unlock(&realign->lock);
	return busy;
}

void
realign_stats(struct realign *realign, struct realign_stats *stats)
{
	pthread_mutex_lock(&realign->lock);
	*stats = realign->stats;
	pthread_mutex_unlock(&realign->lock);
}

void
realign_free(struct realign *realign)
{
	size_t i;

	if (realign == NULL)
		return;
	if (realign->started) {
		pthread_mutex_lock(&realign->lock);
		realign->quit = 1;
		pthread_cond_signal(&realign->wake);
		pthread_mutex_unlock(&realign->lock);
		pthread_join(realign->thread, NULL);
	}
	for (i = 0; i < realign->held_count; i++)
		alignment_free(&realign->held[i]);
	for (i = 0; i < realign->trash_count; i++)
		alignment_free(&realign->trash[i]);
	free(realign->trash);
	align_memo_free(realign->memo);
	pthread_cond_destroy(&realign->wake);
	pthread_mutex_destroy(&realign->lock);
	free(realign);
}
