/*
 * test-work: steps handed to another thread run, in order, beside the
 * caller when they must, and their joins see what they wrote.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "work.h"

/* A log of which steps ran, in the order they ran. */
static struct {
	pthread_mutex_t lock;
	int order[16];
	int count;
} ran = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct step {
	int id;
	int sleep_ms;		/* before it logs itself */
	long result;		/* written by the step, read after the join */
	pthread_t ran_in;	/* the thread it ran in */
	int *release;		/* when set, the step waits until *release != 0 */
	int *started;		/* when set, the step sets it first thing */
};

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait up to 5 s for *flag; 1 if it came. */
static int
wait_flag(const int *flag)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return 1;
		sleep_ms(1);
	}
	return 0;
}

static void *
step_run(void *arg)
{
	struct step *s = arg;
	long sum = 0;
	int i;

	s->ran_in = pthread_self();
	if (s->started != NULL)
		__atomic_store_n(s->started, 1, __ATOMIC_RELEASE);
	if (s->release != NULL && !wait_flag(s->release))
		return NULL;	/* the test fails on the missing result */
	if (s->sleep_ms > 0)
		sleep_ms(s->sleep_ms);
	for (i = 1; i <= 1000; i++)
		sum += (long)i * s->id;
	s->result = sum;
	pthread_mutex_lock(&ran.lock);
	if (ran.count < 16)
		ran.order[ran.count++] = s->id;
	pthread_mutex_unlock(&ran.lock);
	return NULL;
}

/* Wait up to 5 s until n steps have logged themselves; 1 if they did. */
static int
log_wait(int n)
{
	int i, count;

	for (i = 0; i < 5000; i++) {
		pthread_mutex_lock(&ran.lock);
		count = ran.count;
		pthread_mutex_unlock(&ran.lock);
		if (count >= n)
			return 1;
		sleep_ms(1);
	}
	return 0;
}

static void
log_clear(void)
{
	pthread_mutex_lock(&ran.lock);
	ran.count = 0;
	pthread_mutex_unlock(&ran.lock);
}

static long
expected(int id)
{
	return 500500L * id;
}

/* Without the spare thread, as the tests and the viewer run: a thread each. */
static void
work_without_the_spare_runs_and_joins_steps(void **state)
{
	struct step a = { .id = 1, .sleep_ms = 5 }, b = { .id = 2 };
	struct work wa, wb;

	(void)state;
	log_clear();
	assert_int_equal(work_start(&wa, step_run, &a, WORK_QUEUED), 1);
	assert_int_equal(work_start(&wb, step_run, &b, WORK_NOW), 1);
	work_join(&wa);
	work_join(&wb);
	assert_int_equal(a.result, expected(1));
	assert_int_equal(b.result, expected(2));
	assert_int_equal(ran.count, 2);
}

static int
spare_setup(void **state)
{
	(void)state;
	return work_spare_begin() ? 0 : -1;
}

/* Queued steps run one after another in the order they were handed over
   (nobody joins them before they are done: a join would take its own). */
static void
work_spare_runs_steps_in_the_order_handed_over(void **state)
{
	struct step s[5];
	struct work w[5];
	int i;

	(void)state;
	log_clear();
	for (i = 0; i < 5; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].id = i + 1;
		s[i].sleep_ms = i == 0 ? 10 : 0;	/* the first is slow: the rest wait */
		assert_int_equal(work_start(&w[i], step_run, &s[i], WORK_QUEUED), 1);
	}
	assert_true(log_wait(5));
	for (i = 4; i >= 0; i--) {
		work_join(&w[i]);
		assert_int_equal(s[i].result, expected(i + 1));
	}
	assert_int_equal(ran.count, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(ran.order[i], i + 1);
}

/*
 * A step that must run beside its caller is not queued behind a busy
 * spare: here the spare's step waits for the caller, and the caller waits
 * (not by a join) for the second step, which would never start if it were
 * queued.
 */
static void
work_now_step_runs_beside_a_busy_spare(void **state)
{
	int release = 0, started = 0, blocked = 0;
	struct step held = { .id = 3, .release = &release, .started = &blocked };
	struct step now = { .id = 4, .started = &started };
	struct work wh, wn;

	(void)state;
	log_clear();
	assert_int_equal(work_start(&wh, step_run, &held, WORK_QUEUED), 1);
	assert_true(wait_flag(&blocked));	/* the spare is busy now */
	assert_int_equal(work_start(&wn, step_run, &now, WORK_NOW), 1);
	assert_true(wait_flag(&started));
	work_join(&wn);
	assert_int_equal(now.result, expected(4));
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	work_join(&wh);
	assert_int_equal(held.result, expected(3));
}

/* A join of a step the busy spare has not started runs it in the joining thread. */
static void
work_join_takes_back_a_step_not_started(void **state)
{
	int release = 0, blocked = 0;
	struct step held = { .id = 8, .release = &release, .started = &blocked };
	struct step queued = { .id = 9 };
	struct work wh, wq;

	(void)state;
	log_clear();
	assert_int_equal(work_start(&wh, step_run, &held, WORK_QUEUED), 1);
	assert_true(wait_flag(&blocked));
	assert_int_equal(work_start(&wq, step_run, &queued, WORK_QUEUED), 1);
	work_join(&wq);
	assert_int_equal(queued.result, expected(9));
	assert_true(pthread_equal(queued.ran_in, pthread_self()));
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	work_join(&wh);
	assert_int_equal(held.result, expected(8));
	assert_false(pthread_equal(held.ran_in, pthread_self()));
	/* Taken back, the step is not run a second time by the spare. */
	sleep_ms(10);
	assert_int_equal(ran.count, 2);
}

/* A step on the spare thread that starts and joins another does not wait for itself. */
struct nest {
	struct step inner;
	int joined;
};

static void *
nest_run(void *arg)
{
	struct nest *n = arg;
	struct work w;

	if (work_start(&w, step_run, &n->inner, WORK_QUEUED)) {
		work_join(&w);
		n->joined = 1;
	}
	return NULL;
}

static void
work_step_on_the_spare_may_start_and_join_another(void **state)
{
	struct nest n = { .inner = { .id = 5 } };
	struct work w;

	(void)state;
	assert_int_equal(work_start(&w, nest_run, &n, WORK_QUEUED), 1);
	work_join(&w);
	assert_int_equal(n.joined, 1);
	assert_int_equal(n.inner.result, expected(5));
}

/* Past the time it waits awake, the spare sleeps; a step then wakes it,
   and a join past that time sleeps too and still sees the result. */
static void
work_spare_and_join_sleep_and_still_see_results(void **state)
{
	int slow_started = 0;
	struct step slow = { .id = 6, .sleep_ms = 30, .started = &slow_started }, quick = { .id = 7 };
	struct work w;

	(void)state;
	log_clear();
	sleep_ms(30);	/* the spare is asleep by now */
	assert_int_equal(work_start(&w, step_run, &quick, WORK_QUEUED), 1);
	assert_true(log_wait(1));	/* the spare woke and ran it */
	work_join(&w);
	assert_false(pthread_equal(quick.ran_in, pthread_self()));
	assert_int_equal(quick.result, expected(7));
	assert_int_equal(work_start(&w, step_run, &slow, WORK_QUEUED), 1);
	assert_true(wait_flag(&slow_started));	/* the spare has it */
	work_join(&w);	/* longer than the joiner stays awake */
	assert_false(pthread_equal(slow.ran_in, pthread_self()));
	assert_int_equal(slow.result, expected(6));
}

int
main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(work_without_the_spare_runs_and_joins_steps),
	};
	const struct CMUnitTest spare[] = {
		cmocka_unit_test(work_spare_runs_steps_in_the_order_handed_over),
		cmocka_unit_test(work_now_step_runs_beside_a_busy_spare),
		cmocka_unit_test(work_join_takes_back_a_step_not_started),
		cmocka_unit_test(work_step_on_the_spare_may_start_and_join_another),
		cmocka_unit_test(work_spare_and_join_sleep_and_still_see_results),
	};
	int failed = cmocka_run_group_tests_name("without the spare thread", plain, NULL, NULL);

	return failed + cmocka_run_group_tests_name("with the spare thread", spare, spare_setup, NULL);
}
