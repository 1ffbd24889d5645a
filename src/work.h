/*
 * work: the second thread of a large batch run, kept for the whole run.
 *
 * The engine and the JSON writer hand steps to a second thread: the right
 * article's loading and preparation, the indexes, the JSON of the sides,
 * a share of the gaps, of the word diffs and of the JSON entries.  A new
 * thread per step waits to be scheduled, and on a virtual machine whose
 * other core has gone idle that took 0.3 to 2.4 ms each time (its vCPU
 * halted), eight times a run.  With work_spare_begin(), one spare thread
 * takes the steps in the order they are handed over and, between them,
 * waits for the next one awake (WORK_SPIN_NS) before it sleeps; joins
 * wait awake as long.  The steps then also no longer compete for the
 * second core (the JSON of the sides ran beside the indexes, slowing the
 * main thread).
 *
 * work_start() is pthread_create() for such a step, work_join() its
 * pthread_join(); a join of a step the spare thread has not started yet
 * takes it back and runs it in the joining thread (every step may run in
 * any thread, and one that waits for it to finish has nothing better to
 * do).  A step queued behind others starts when they are done:
 * one that must run at once beside its caller (the caller waits for it
 * otherwise than by work_join()) passes WORK_NOW and gets a thread of its
 * own unless the spare thread is free.  Without work_spare_begin() (the
 * viewer, small inputs, the tests) every step gets a thread of its own, as
 * before.  A step that the spare thread runs may start others: they get
 * threads of their own.
 */
#ifndef ARTCMP_WORK_H
#define ARTCMP_WORK_H

#include <pthread.h>

enum work_when {
	WORK_QUEUED,	/* after the steps handed over before it */
	WORK_NOW	/* beside the caller from the start */
};

struct work {
	void *(*fn)(void *);
	void *arg;
	pthread_t thread;
	int spare;		/* queued on the spare thread, not a thread of its own */
	int taken;		/* out of the queue, by the spare thread or the joiner */
	int done;		/* the spare thread has run it (atomic) */
	struct work *next;	/* the spare thread's queue */
};

/*
 * Start the spare thread, once, in the main thread before any step is
 * handed over.  Returns 0 when no thread can be had: steps then get
 * threads of their own.
 */
int work_spare_begin(void);

/* Run fn(arg) beside the caller; 0 when no thread can be had (then run it yourself). */
int work_start(struct work *w, void *(*fn)(void *), void *arg, enum work_when when);

/* Wait until the step w started is done. */
void work_join(struct work *w);

#endif
