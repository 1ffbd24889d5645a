/*
 * work: the spare thread of a large batch run (see work.h).
 *
 * The queue is under spare.lock.  Waiting awake is a loop on an atomic
 * flag that yields the CPU each turn, the clock read every
 * WORK_SPIN_CHECK turns; then the waiter sleeps on a condition variable,
 * and whoever changes the flag under the lock wakes it.  sched_yield(),
 * not the CPU's pause hint: the kernel at times starts the spare thread on
 * the main thread's CPU, and a waiter that only paused there kept the
 * main thread off it for milliseconds (the articles' loading took 3 to 13
 * ms instead of 3); yielding, the waiter keeps its CPU awake and lets a
 * thread with work run.  A step's done flag is set
 * under the lock, after which the spare thread no longer touches the
 * step: its joiner may return and free it at once.
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "work.h"

/*
 * How long a waiter stays awake.  4 ms (longer than any pause between the
 * steps of a run) and 0.1, 0.3 and 1 ms came out the same on a quiet
 * machine, the join's take-back and the yielding covering the rest; with
 * another process busy on one core, 4 ms burnt 10 ms more CPU a run and
 * widened the slow quarter of the runs (third quartile 87 ms against 78).
 */
#define WORK_SPIN_NS 300000L
#define WORK_SPIN_CHECK 16

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* the spare thread: a step is queued */
	pthread_cond_t finished;	/* joiners: a step is done */
	struct work *head, *tail;
	size_t pending;			/* steps queued or running */
	int sleeping;			/* the spare thread waits on wake */
	int joiners;			/* threads waiting on finished */
	int queued;			/* steps in the queue (atomic: the spin reads it) */
	int running;			/* the spare thread exists (set before any step) */
	pthread_t thread;
} spare = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
	.finished = PTHREAD_COND_INITIALIZER,
};

static long
work_elapsed_ns(const struct timespec *from)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - from->tv_sec) * 1000000000L + (now.tv_nsec - from->tv_nsec);
}

/* Wait awake, WORK_SPIN_NS at most, for *flag to become nonzero: 1 if it did. */
static int
work_spin(const int *flag)
{
	struct timespec start;
	unsigned turn;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (turn = 1;; turn++) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return 1;
		sched_yield();
		if (turn % WORK_SPIN_CHECK == 0 && work_elapsed_ns(&start) >= WORK_SPIN_NS)
			return 0;
	}
}

/* Take w, which follows prev in the queue (NULL: w is first), out of it. */
static void
work_unlink(struct work *w, struct work *prev)
{
	if (prev != NULL)
		prev->next = w->next;
	else
		spare.head = w->next;
	if (spare.tail == w)
		spare.tail = prev;
	w->taken = 1;
	__atomic_sub_fetch(&spare.queued, 1, __ATOMIC_RELAXED);
}

static void *
work_spare_run(void *arg)
{
	(void)arg;
	util_heap_huge_thread();	/* before the first step allocates */
	for (;;) {
		struct work *w;

		work_spin(&spare.queued);
		pthread_mutex_lock(&spare.lock);
		while (spare.head == NULL) {
			spare.sleeping = 1;
			pthread_cond_wait(&spare.wake, &spare.lock);
			spare.sleeping = 0;
		}
		w = spare.head;
		work_unlink(w, NULL);
		pthread_mutex_unlock(&spare.lock);

		w->fn(w->arg);

		pthread_mutex_lock(&spare.lock);
		spare.pending--;
		/* From here w may be gone: its joiner can return at once. */
		__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
		if (spare.joiners > 0)
			pthread_cond_broadcast(&spare.finished);
		pthread_mutex_unlock(&spare.lock);
	}
	return NULL;
}

int
work_spare_begin(void)
{
	if (spare.running)
		return 1;
	if (pthread_create(&spare.thread, NULL, work_spare_run, NULL) != 0)
		return 0;
	spare.running = 1;
	return 1;
}

int
work_start(struct work *w, void *(*fn)(void *), void *arg, enum work_when when)
{
	memset(w, 0, sizeof(*w));
	w->fn = fn;
	w->arg = arg;
	if (spare.running && !pthread_equal(pthread_self(), spare.thread)) {
		pthread_mutex_lock(&spare.lock);
		if (when == WORK_QUEUED || spare.pending == 0) {
			w->spare = 1;
			if (spare.tail != NULL)
				spare.tail->next = w;
			else
				spare.head = w;
			spare.tail = w;
			spare.pending++;
			__atomic_add_fetch(&spare.queued, 1, __ATOMIC_RELEASE);
			if (spare.sleeping)
				pthread_cond_signal(&spare.wake);
		}
		pthread_mutex_unlock(&spare.lock);
		if (w->spare)
			return 1;
	}
	return pthread_create(&w->thread, NULL, fn, arg) == 0;
}

void
work_join(struct work *w)
{
	struct work *prev = NULL, *q;

	if (!w->spare) {
		pthread_join(w->thread, NULL);
		return;
	}
	/* Not started yet (the spare is busy, or still waking): run it here. */
	pthread_mutex_lock(&spare.lock);
	if (!w->taken) {
		for (q = spare.head; q != w; q = q->next)
			prev = q;
		work_unlink(w, prev);
		spare.pending--;
		pthread_mutex_unlock(&spare.lock);
		w->fn(w->arg);
		return;
	}
	pthread_mutex_unlock(&spare.lock);
	if (work_spin(&w->done))
		return;
	pthread_mutex_lock(&spare.lock);
	while (!__atomic_load_n(&w->done, __ATOMIC_ACQUIRE)) {
		spare.joiners++;
		pthread_cond_wait(&spare.finished, &spare.lock);
		spare.joiners--;
	}
	pthread_mutex_unlock(&spare.lock);
}
